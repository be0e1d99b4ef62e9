// A mailbox item as an answer (the API's GET /v1/mailbox/{id} and
// GET /v1/messages/{id}/pain002): a small one from memory; a large one
// exported to the spool and streamed from there. A large one holds a place
// in the download gate (per user and in all) until it is written: each is a
// full copy on the spool disk, and a slow reader keeps it for as long as it
// reads, so no user may have more than a few at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "api/request_gate.h"
#include "core/result.h"
#include "core/scratch_file.h"
#include "http/exchange.h"
#include "store/mailbox_store.h"

namespace gw::api {

// A download's place in its gate and its copy in the spool, kept together
// until the answer is written (http::Response::held_until_sent); the copy
// goes with it, and at once when its export fails.
struct HeldDownload {
  HeldDownload(RequestGate::Pass gate_pass, ScratchFile spool_copy)
      : pass(std::move(gate_pass)), copy(std::move(spool_copy)) {}
  RequestGate::Pass pass;
  ScratchFile copy;
};

// Item `id` of the user's mailbox exported to a file of its own in
// `spool_dir` (named `prefix` and a unique part: two downloads of one item
// never share one), held with `pass`.
Result<std::shared_ptr<HeldDownload>> export_for_download(store::MailboxStore& mailbox,
                                                          const std::filesystem::path& spool_dir,
                                                          std::string_view prefix,
                                                          std::int64_t user_number, std::int64_t id,
                                                          RequestGate::Pass pass);

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
