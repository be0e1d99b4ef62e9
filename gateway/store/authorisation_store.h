// The store side of authorising payment files (docs/authorisation.md): files
// accepted but held for their signers, the signatures given, and the one
// transaction in which a signature is recorded and, when it is the last one,
// the file's blocks enter the ledger queue (or, refused or expired, its
// payments are rejected and the daily-limit usage given back). Thread-safe.
//
// What every implementation must keep:
//  - decide() runs in one write transaction serialised with acceptance and
//    the ledger: the file it shows the callback is the file as committed, and
//    a file leaves "waiting" exactly once (released, rejected or expired).
//  - Release queues the file's accepted blocks in block order; nothing of a
//    file that is not released ever reaches the ledger queue.
//  - One person signs a file once (a second row for the same personal code
//    fails the transaction).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/language.h"
#include "core/result.h"

namespace gw::store {

struct FileSignature {
  std::string personal_code;
  std::string signer_name;
  int level = 1;
  std::string decision;  // approve | reject
  std::string certificate_serial;
  std::string certificate_issuer;
  std::string signed_at;
  std::string method = "cms";  // cms (a detached CMS via the API) | portal (signed in, mTLS)
  // Our CA's certificate it was given with has been revoked since: a stolen
  // key's approvals no longer count towards a release.
  bool certificate_revoked = false;
};

struct HeldBlock {
  std::int64_t id = 0;
  std::string pmt_inf_id;
  std::string debtor_iban;
  std::string requested_execution_date;
  std::string status;  // ACTC or PART at acceptance; RJCT blocks are not listed
  std::int64_t payments = 0;
  std::string service_level;   // may be empty
  std::string execution_date;  // as planned at upload (the requested date unless moved)
  // EUR equivalents (for the limits) of its payments still ACTC: their sum
  // and the largest one.
  std::int64_t remaining_eur_minor = 0;
  std::int64_t largest_eur_minor = 0;
};

struct CurrencyTotal {
  std::string currency;
  std::int64_t payments = 0;
  std::int64_t amount_minor = 0;
};

// A one-day change of an account's limits (whole euros), as set in the
// console, and what was accepted from the account that day so far.
struct DayLimits {
  std::string iban;
  std::int64_t single_limit_eur = 0;
  std::int64_t daily_limit_eur = 0;
  std::int64_t used_eur_minor = 0;
};

struct HeldFile {
  std::int64_t message_id = 0;
  std::int64_t user_number = 0;
  std::string message_type;
  std::string msg_id;
  std::string content_sha256;
  std::string received_at;
  std::int64_t transactions = 0;  // in the file
  std::int64_t accepted = 0;      // accepted at upload: what the signers release (also later)
  std::int64_t remaining = 0;     // of those, still ACTC (not cancelled, rejected or booked)
  std::string accepted_status;    // ACTC or PART, the upload's decision
  int signatures_required = 1;
  std::string state;  // waiting | released | rejected | expired
  std::string usage_date;
  std::string expires_at;
  int deadline_moves = 0;  // times expires_at moved to a next business day
  std::string created_at;
  std::string closed_at;  // empty while waiting
  std::string reason;     // ISO code when rejected or expired
  std::vector<HeldBlock> blocks;
  std::vector<CurrencyTotal> totals;  // of the accepted payments
  std::vector<FileSignature> signatures;
  Language language = Language::kEnglish;  // of the uploader's application: the pain.002's texts
  // The store's credential version (IdentityStore::credential_version), read
  // in decide()'s transaction only.
  std::int64_t credential_version = 0;
  // The operator's one-day limit changes of the uploader for decide()'s
  // limit day, by account (read in decide()'s transaction only).
  std::vector<DayLimits> day_limits;

  // Approvals not given with a certificate revoked since: what the counts
  // shown to people say (the release also drops signers no longer named).
  std::size_t standing_approvals() const {
    return static_cast<std::size_t>(std::count_if(
        signatures.begin(), signatures.end(),
        [](const FileSignature& s) { return s.decision == "approve" && !s.certificate_revoked; }));
  }
};

struct NewFileSignature {
  FileSignature signature;
  std::string statement;  // what was signed (or, in the portal, approved)
  std::string cms;        // DER; empty for the portal
  std::string certificate_pem;
};

// Why a decision records nothing: a stable code, the ISO 20022 status
// reason that fits (may be empty) and a sentence.
struct DecisionRefusal {
  std::string code;
  std::string reason;
  std::string text;
};

// What the caller decides, seeing the file as committed.
struct FileDecision {
  enum class Effect { kNone, kRelease, kReject };
  std::optional<DecisionRefusal> refusal;  // set: nothing is recorded
  std::optional<NewFileSignature> signature;
  Effect effect = Effect::kNone;
  std::string closed_state;  // kReject: rejected | expired
  std::string reason;        // kReject: the ISO code the payments get (DS02, DS24)
  std::string at;            // UTC, as stored
  // kRelease: the day each block executes on (block id, YYYY-MM-DD).
  std::vector<std::pair<std::int64_t, std::string>> execution_dates;
  // kRelease: EUR minor units added to the usage of `usage_day` per account
  // (a file accepted on another day, released under an operator's limit for
  // that day: later releases and uploads that day count it).
  std::string usage_day;
  std::vector<std::pair<std::string, std::int64_t>> usage_added;
  // kNone: set, the file waits until then (its deadline moved).
  std::string new_expires_at;
  // kRelease and kReject: the pain.002 delivered to the uploader.
  std::string pain002_type;
  std::string pain002;
};

struct DecidedFile {
  std::optional<DecisionRefusal> refusal;  // as the decision said
  HeldFile file;                           // after the decision
};

struct DueFile {
  std::int64_t user_number = 0;
  std::int64_t message_id = 0;
};

// A waiting file as a list of them is ordered and filtered: no payment read.
struct WaitingFile {
  std::int64_t message_id = 0;
  std::int64_t user_number = 0;
  std::string expires_at;
  std::int64_t transactions = 0;          // in the file: what reading it in full costs
  std::vector<std::string> debtor_ibans;  // of its blocks not rejected, in block order
};

// A page of held files, and whether older ones follow.
struct HeldFilePage {
  std::vector<HeldFile> files;
  bool more = false;
};

class AuthorisationStore {
 public:
  virtual ~AuthorisationStore() = default;

  // The payments one page of files reads at most for their blocks and
  // totals (its first file is read whatever its size): a page of a hundred
  // 100k-payment files would read ten million rows for one request. The
  // page is shorter then.
  static constexpr std::int64_t kPaymentsPerPage = 200'000;

  // The user's held files, newest first, after `before_id` (0: from the
  // newest); `waiting_only`: those still waiting. Up to `limit` of them, and
  // fewer past kPaymentsPerPage; blocks, totals and signatures are filled.
  virtual Result<HeldFilePage> files(std::int64_t user_number, bool waiting_only,
                                     std::int64_t before_id, int limit) = 0;
  virtual Result<std::optional<HeldFile>> file(std::int64_t user_number,
                                               std::int64_t message_id) = 0;
  // Every waiting file of the user, the nearest deadline first (then the
  // oldest), read from the files' and blocks' rows alone: to order and filter
  // them before reading those shown in full.
  virtual Result<std::vector<WaitingFile>> waiting(std::int64_t user_number) = 0;
  // One-off closing days declared by the operator (YYYY-MM-DD), as the ledger keeps them.
  virtual Result<std::vector<std::string>> closed_days() = 0;
  // Waiting files whose expires_at is at or before `now`, oldest first.
  virtual Result<std::vector<DueFile>> due(const std::string& now, int limit) = 0;

  using Decide = std::function<FileDecision(const HeldFile&)>;
  // In one write transaction: reads the file (not found: kNotFound) with
  // the day limits of `limit_day` (YYYY-MM-DD), asks `decide`, records what
  // it says, commits.
  virtual Result<DecidedFile> decide(std::int64_t user_number, std::int64_t message_id,
                                     const std::string& limit_day, const Decide& decide) = 0;

 protected:
  AuthorisationStore() = default;
  AuthorisationStore(const AuthorisationStore&) = default;
  AuthorisationStore& operator=(const AuthorisationStore&) = default;
};

}  // namespace gw::store
