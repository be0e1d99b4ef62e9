// A mailbox item as an answer (the API's GET /v1/mailbox/{id} and
// GET /v1/messages/{id}/pain002): a small one from memory; a large one
// exported to the spool and streamed from there. A large one holds a place
// in the download gate (per user and in all) until it is written: each is a
// full copy on the spool disk, and a slow reader keeps it for as long as it
// reads, so no user may have more than a few at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "api/request_gate.h"
#include "http/exchange.h"
#include "store/mailbox_store.h"

namespace gw::api {

class MailboxDownload {
 public:
  // Items above this many bytes are streamed from a spool file.
  static constexpr std::int64_t kStreamAbove = std::int64_t{1} << 20;

  // All must outlive this object. Thread-safe.
  MailboxDownload(store::MailboxStore& mailbox, RequestGate& gate, std::filesystem::path spool_dir)
      : mailbox_(mailbox), gate_(gate), spool_dir_(std::move(spool_dir)) {}

  // `entry` (the user's) with `headers`; 429/503 when the gate is full.
  http::Response answer(std::int64_t user_number, const store::MailboxEntry& entry,
                        const std::string& request_id, http::HeaderList headers) const;

 private:
  store::MailboxStore& mailbox_;
  RequestGate& gate_;
  std::filesystem::path spool_dir_;
};

}  // namespace gw::api
