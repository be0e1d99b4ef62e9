// How many requests of one costly kind run at once, each holding a request
// handler thread. Reports: a request of a few bytes can ask for a year of
// statements (camt.053 per business day, each written, validated and
// stored). Activation: anyone can ask, no certificate needed, and each
// attempt is written to the store. Searches in the institution portal: a
// few words can ask for every payment of years. The gate lets each user (or
// whoever asks: one key) have `per_user` such requests at a time and the whole
// gateway `max_running`, so that they never take every handler thread from
// uploads and decisions. A refused request is answered at once (429 for the
// user's own, 503 for the gateway's) and costs nothing.
// Turns are taken: a user refused because the gateway was full is owed a
// place, in the order of their first refusal; a free place goes to the
// longest owed, and anyone else asking is refused (and owed, after them).
// So a client asking again the moment its request ends cannot keep everyone
// else out. A freed place waits for its owed user to come back: one owed
// one of the next places is told so (kNextInLine, Retry-After 1 s rather
// than the usual 5), so that a place stands idle about a second per turn,
// not five. A debt lapses when its user has not asked for kTurnHeld (twice
// the usual Retry-After): one who does not come back holds a place free
// that long at most.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tl/expected.hpp>

#include "http/exchange.h"

namespace gw::api {

class RequestGate {
 public:
  enum class Refusal {
    kUserBusy,     // `per_user` report requests of this user are being answered
    kGatewayBusy,  // `max_running` requests are
    kNextInLine,   // they are, and this user is owed one of the next places
  };
  // The Retry-After (seconds) for a refusal: 1 for one next in line, else `otherwise`.
  static const char* retry_after(Refusal refusal, const char* otherwise) {
    return refusal == Refusal::kNextInLine ? "1" : otherwise;
  }

  // Held while a request produces reports; the slot is free again when it goes.
  class Pass {
   public:
    Pass(Pass&& other) noexcept : gate_(other.gate_), key_(std::move(other.key_)) {
      other.gate_ = nullptr;
    }
    Pass& operator=(Pass&&) = delete;
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    ~Pass();

   private:
    friend class RequestGate;
    Pass(RequestGate* gate, std::string key) : gate_(gate), key_(std::move(key)) {}
    RequestGate* gate_;
    std::string key_;
  };

  // Both >= 1. Thread-safe; must outlive its passes.
  RequestGate(int max_running, int per_user) : max_running_(max_running), per_user_(per_user) {}

  static constexpr std::chrono::seconds kTurnHeld{10};

  // For an institution's user (its API requests, the portal's downloads of its files).
  tl::expected<Pass, Refusal> enter(std::int64_t user_number);
  // For a person signed in to the portal, by personal code: their own
  // places, apart from every user's, in the same `max_running`.
  tl::expected<Pass, Refusal> enter_person(const std::string& personal_code);
  // For whoever holds a client certificate (a portal page, before the person
  // behind it is looked up), by its SHA-256 fingerprint.
  tl::expected<Pass, Refusal> enter_certificate(const std::string& fingerprint);
  // At `now` (tests).
  tl::expected<Pass, Refusal> enter(std::int64_t user_number,
                                    std::chrono::steady_clock::time_point now);
  // Places held now, in all (a gauge for the metrics).
  int running() const;

 private:
  tl::expected<Pass, Refusal> enter_key(std::string key, std::chrono::steady_clock::time_point now);
  void leave(const std::string& key);

  const int max_running_;
  const int per_user_;
  mutable std::mutex mutex_;
  int running_ = 0;
  // Keys: "user <number>", "person <code>", "certificate <fingerprint>".
  std::map<std::string, int> by_user_;  // who has a request being answered: how many
  // Users refused because the gateway was full: owed a turn.
  struct Debt {
    std::uint64_t order = 0;  // of the first refusal: the turns' order
    std::chrono::steady_clock::time_point last_asked;
  };
  std::map<std::string, Debt> owed_;
  std::uint64_t refusals_ = 0;
};

// Holds `pass` until the route's handler has answered: given back when its
// continuation returns or throws, not with the continuation (a session keeps
// that until the connection's next request is admitted); a request whose
// handler never runs gives it back with its session.
void hold_until_answered(RequestGate::Pass pass, http::Admission& admitted);

}  // namespace gw::api
