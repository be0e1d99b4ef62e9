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

// A signer's decision on a file the upload left waiting for signatures (PDNG),
// and what it should lead to: the file's state after it (waiting, released,
// rejected) or "error:<refusal>" (already_signed, signer_level, ...).
struct SigningStep {
  std::string decision;  // approve or reject
  std::string signer;    // <signer>.pem and <signer>.key in the signers' directory
  std::string expected;
};

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
  // Optional: "approve:berzina=waiting;approve:ozols=released", in order. A
  // case with steps is uploaded for real (a file in test mode cannot be
  // signed), with its MsgId and PmtInfIds made unique to the run.
  std::vector<SigningStep> signing;
};

Result<std::vector<ReplayCase>> read_replay_manifest(const std::filesystem::path& manifest);

struct Observation {
  std::string outcome;
  std::vector<std::string> reason_codes;
  std::map<std::string, std::string> details;  // every block and listed transaction
};

Observation observe(const client::HttpAnswer& answer);

// What a signing answer says: the file's state (200), or "error:<refusal>".
std::string observe_signing(const client::HttpAnswer& answer);

// Appends `suffix` to every MsgId and PmtInfId (cutting the original so the
// result keeps within Max35Text), so the file can be recorded again.
std::string make_ids_unique(const std::string& xml, const std::string& suffix);

// Moves every requested execution date and reporting period date by `days`.
std::string shift_dates(const std::string& xml, int days);

struct ReplayResult {
  ReplayCase expected;
  Observation observed;
  std::string error;  // transport failure, if any
  double seconds = 0;
  std::vector<std::string> observed_steps;  // one per signing step taken
  std::string skipped;                      // why the case was not run, if it was not

  bool passed() const;  // a skipped case neither passes nor fails
};

std::string junit_xml(const std::vector<ReplayResult>& results);

std::string join_codes(const std::vector<std::string>& codes);  // "-" when empty
std::string join_details(const std::map<std::string, std::string>& details);
std::string join_steps(const std::vector<SigningStep>& steps);  // as in the manifest

}  // namespace gw::replay
