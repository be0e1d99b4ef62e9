// What `gatewayctl replay` needs besides a client: the corpus manifest with
// each file's expected outcome, the outcome observed in an answer (ignoring
// timestamps and generated ids), moving a sample's dates to today, and the
// JUnit report. Pure functions; the CLI does the I/O.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "client/https_client.h"
#include "core/result.h"

namespace gw::replay {

// One line of samples/REPLAY.tsv. `outcome` is a pain.002 group status (ACTC,
// PART, RJCT), "error:<code>" for a JSON refusal, or "report:<message type>".
struct ReplayCase {
  std::string file;  // relative to the manifest's directory
  std::string outcome;
  std::vector<std::string> reason_codes;  // sorted, unique; every Rsn/Cd in the answer
  // Optional, per payment-information block (PmtInfId) and transaction
  // (EndToEndId): "PART", "RJCT:AM02". Ids not named are not checked.
  std::map<std::string, std::string> details;
  std::string note;
};

Result<std::vector<ReplayCase>> read_replay_manifest(const std::filesystem::path& manifest);

struct Observation {
  std::string outcome;
  std::vector<std::string> reason_codes;
  std::map<std::string, std::string> details;  // every block and listed transaction
};

Observation observe(const client::HttpAnswer& answer);

// Moves every requested execution date and reporting period date by `days`.
std::string shift_dates(const std::string& xml, int days);

struct ReplayResult {
  ReplayCase expected;
  Observation observed;
  std::string error;  // transport failure, if any
  double seconds = 0;

  bool passed() const;
};

std::string junit_xml(const std::vector<ReplayResult>& results);

std::string join_codes(const std::vector<std::string>& codes);  // "-" when empty
std::string join_details(const std::map<std::string, std::string>& details);

}  // namespace gw::replay
