// Uploads sent as accounting systems send them while something fails: a few
// clients at once, each sending its files one after another, and sending a
// file again (the same bytes) after a broken connection or a 5xx until it
// gets an answer. What a failure may not do: lose an acknowledged file, or
// store one twice.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/gateway_fixture.h"
#include "support/process.h"

namespace gw::test {

struct StreamPlan {
  std::string prefix;  // MsgIds are <prefix>-<client>-<file>
  int clients = 1;
  int files_per_client = 1;
  int payments_per_file = 1;  // 1.00 EUR each, from the demo user's managed account
  std::string execution_date;
  std::string rate;  // curl --limit-rate ("200k"): a far-away client; empty: full speed
};

class UploadStream {
 public:
  // Writes the files and the clients' script; sends to https://127.0.0.1:<port>.
  UploadStream(const GatewayFixture& gw, int port, StreamPlan plan);

  void start();
  // Waits for the clients (at most 100 s); each file's last HTTP status by MsgId.
  std::map<std::string, std::string> finish();
  // curl's words on each attempt that failed ("curl: (52) Empty reply ...")
  // and was then tried again.
  std::string log() const { return read_file(log_); }

  // Every file acknowledged (201, or 200: the stored answer for a first
  // attempt whose reply was lost) and stored once, its payments queued once
  // and counted once against the daily limit.
  void check_each_stored_once(const std::map<std::string, std::string>& codes) const;

 private:
  const GatewayFixture& gw_;
  StreamPlan plan_;
  std::filesystem::path codes_;
  std::filesystem::path script_;
  std::filesystem::path log_;
  std::vector<std::string> msg_ids_;
  std::optional<Process> clients_;
};

}  // namespace gw::test
