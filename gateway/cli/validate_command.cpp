// gatewayctl validate FILE...: the intake validation (schema and guideline
// rules) for testers and operators. Exit 0 when every file is acceptable,
// 1 when any is rejected or accepted only in part, 2 on usage errors.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "calendar/riga_time.h"
#include "cli/ctl_context.h"
#include "iso20022/finding_json.h"
#include "iso20022/message_validator.h"
#include "rules/finding_scope.h"
#include "xml/xerces_runtime.h"

namespace gw::cli {
namespace {

struct ValidateArgs {
  std::vector<std::string> files;
  bool json = false;
  std::string today;  // YYYY-MM-DD; default: today in Riga
  std::size_t max_findings = 1000;
  unsigned threads = 0;        // for one large pain.001; 0: one per hardware thread
  bool xerces_chunks = false;  // its chunks by Xerces only (native_chunk_validation.h)
  std::string lang = "en";     // of the findings' sentences
};

// What the gateway would do with the file, before the account checks: accept
// it, accept it without the payments whose own content is wrong
// (rules/finding_scope.h; unless the institution chose all or nothing), or
// reject it.
std::string_view verdict(const rules::ValidationReport& r) {
  if (r.accepted()) return "accepted";
  const bool per_payment =
      !r.findings_truncated && r.transactions > 0 &&
      std::all_of(r.findings.begin(), r.findings.end(), rules::rejects_transaction_only);
  if (!per_payment) return "rejected";
  std::set<std::string> rejected;
  for (const auto& f : r.findings) rejected.insert(f.end_to_end_id);
  return rejected.size() < r.transactions ? "accepted_in_part" : "rejected";
}

nlohmann::ordered_json to_json(const std::string& file, const rules::ValidationReport& r,
                               Language language) {
  nlohmann::ordered_json out;
  out["file"] = file;
  out["message_type"] = r.message_type;
  out["accepted"] = r.accepted();
  out["verdict"] = verdict(r);
  out["payment_blocks"] = r.payment_blocks;
  out["transactions"] = r.transactions;
  out["reporting_requests"] = r.reporting_requests;
  out["findings_truncated"] = r.findings_truncated;
  out["findings"] = iso20022::findings_json(r.findings, language);
  return out;
}

void print_text(const std::string& file, const rules::ValidationReport& r, Language language) {
  std::string counts = "schema only";
  if (r.message_type.rfind("pain.001.", 0) == 0) {
    counts = fmt::format("{} payment blocks, {} transactions", r.payment_blocks, r.transactions);
  } else if (r.message_type.rfind("camt.060.", 0) == 0) {
    counts = fmt::format("{} reporting requests", r.reporting_requests);
  }
  const auto v = verdict(r);
  fmt::print("{}: {} ({}; {})\n", file,
             v == "accepted"           ? "ACCEPTED"
             : v == "accepted_in_part" ? "ACCEPTED IN PART (the payments below are rejected alone, "
                                         "unless the application says all or nothing)"
                                       : "REJECTED",
             r.message_type.empty() ? "unrecognised" : r.message_type, counts);
  for (const auto& f : r.findings) {
    std::string ids;
    for (const auto& [label, value] : {std::pair{"MsgId", &f.msg_id},
                                       {"PmtInfId", &f.pmt_inf_id},
                                       {"InstrId", &f.instr_id},
                                       {"EndToEndId", &f.end_to_end_id}}) {
      if (!value->empty()) ids += fmt::format(" {}={}", label, *value);
    }
    fmt::print("  {} line {} col {} {}{}\n    {}\n", f.reason_code, f.line, f.column, f.path, ids,
               f.text_in(language));
  }
  if (r.findings_truncated) fmt::print("  ... more findings were left out (cap reached)\n");
}

int validate(const ValidateArgs& args) {
  CivilDate today = riga_date(std::chrono::system_clock::now());
  if (!args.today.empty()) {
    auto parsed = parse_iso_date(args.today);
    if (!parsed) {
      fmt::print(stderr, "gatewayctl: --today must be YYYY-MM-DD\n");
      return kExitUsage;
    }
    today = *parsed;
  }
  const auto language = parse_language(args.lang);
  if (!language) {
    fmt::print(stderr, "gatewayctl: --lang must be lv or en\n");
    return kExitUsage;
  }
  xml::XercesRuntime xerces;
  auto schemas = xml::SchemaSet::load(xml::builtin_schemas());
  if (!schemas) return report(schemas.error());
  iso20022::ValidationLimits limits;
  limits.max_findings = args.max_findings;
  limits.chunks = args.threads;
  limits.native_chunks = !args.xerces_chunks;
  const iso20022::MessageValidator validator(**schemas, limits);
  bool all_accepted = true;
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  for (const auto& file : args.files) {
    const auto result = validator.validate_file(file, today);
    all_accepted = all_accepted && result.accepted();
    if (args.json) {
      json.push_back(to_json(file, result, *language));
    } else {
      print_text(file, result, *language);
    }
  }
  if (args.json) fmt::print("{}\n", json.dump(2));
  return all_accepted ? kExitOk : kExitFailed;
}

}  // namespace

void add_validate_command(CLI::App& app, CtlContext& ctx) {
  auto* cmd = app.add_subcommand(
      "validate", "Check files against the guideline XSDs and rules; exit 1 if any is rejected");
  auto args = std::make_shared<ValidateArgs>();
  cmd->add_option("files", args->files, "XML files")->required()->check(CLI::ExistingFile);
  cmd->add_flag("--json", args->json, "Print the findings as JSON");
  cmd->add_option("--lang", args->lang, "Language of the findings' sentences: en (default) or lv");
  cmd->add_option("--today", args->today, "Business date for the date rules (default: Riga today)");
  cmd->add_option("--max-findings", args->max_findings, "Cap on findings per file")
      ->capture_default_str();
  cmd->add_option(
         "--threads", args->threads,
         "Threads for one large pain.001 (0: one per hardware thread, 1: the whole file on one)")
      ->capture_default_str();
  cmd->add_flag(
      "--xerces-chunks", args->xerces_chunks,
      "Validate a pain.001 (its chunks, or the whole) with Xerces only, not first without it");
  cmd->callback([&ctx, args] { ctx.command = [args] { return validate(*args); }; });
}

}  // namespace gw::cli
