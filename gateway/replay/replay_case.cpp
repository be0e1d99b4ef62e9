#include "replay/replay_case.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "calendar/riga_time.h"
#include "xml/xml_escape.h"

namespace gw::replay {
namespace {

std::vector<std::string> split_codes(const std::string& text) {
  std::vector<std::string> out;
  if (text == "-" || text.empty()) return out;
  std::istringstream in(text);
  std::string code;
  while (std::getline(in, code, ',')) out.push_back(code);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// "B1=PART;E2=RJCT:AM02"
std::map<std::string, std::string> split_details(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ';')) {
    const auto eq = item.find('=');
    if (eq != std::string::npos) out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

// "approve:berzina=waiting;reject:ozols=rejected"
Result<std::vector<SigningStep>> split_steps(const std::string& text) {
  std::vector<SigningStep> out;
  if (text.empty() || text == "-") return out;
  static const std::regex kStep("(approve|reject):([A-Za-z0-9_-]+)=([a-z_:]+)");
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ';')) {
    std::smatch m;
    if (!std::regex_match(item, m, kStep)) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("signing step '{}' is not approve|reject:<signer>=<outcome>", item));
    }
    out.push_back(SigningStep{m[1].str(), m[2].str(), m[3].str()});
  }
  return out;
}

void observe_details(const std::string& xml, std::map<std::string, std::string>& out) {
  static const std::regex kBlock(
      "<OrgnlPmtInfId>([^<]*)</OrgnlPmtInfId>\\s*<PmtInfSts>([A-Z]{4})</PmtInfSts>"
      "(?:\\s*<StsRsnInf>\\s*<Rsn>\\s*<Cd>([A-Z0-9]{4})</Cd>)?");
  static const std::regex kTransaction(
      "<OrgnlEndToEndId>([^<]*)</OrgnlEndToEndId>\\s*<TxSts>([A-Z]{4})</TxSts>"
      "(?:\\s*<StsRsnInf>\\s*<Rsn>\\s*<Cd>([A-Z0-9]{4})</Cd>)?");
  for (const auto* pattern : {&kBlock, &kTransaction}) {
    for (std::sregex_iterator it(xml.begin(), xml.end(), *pattern), end; it != end; ++it) {
      const auto& m = *it;
      out[m[1].str()] = m[3].matched ? m[2].str() + ":" + m[3].str() : m[2].str();
    }
  }
}

}  // namespace

bool ReplayResult::passed() const {
  if (!skipped.empty()) return false;
  if (observed_steps.size() != expected.signing.size()) return false;
  for (std::size_t i = 0; i < observed_steps.size(); ++i) {
    if (observed_steps[i] != expected.signing[i].expected) return false;
  }
  if (!error.empty() || observed.outcome != expected.outcome ||
      observed.reason_codes != expected.reason_codes) {
    return false;
  }
  for (const auto& [id, status] : expected.details) {
    const auto found = observed.details.find(id);
    if (found == observed.details.end() || found->second != status) return false;
  }
  return true;
}

std::string join_details(const std::map<std::string, std::string>& details) {
  std::string out;
  for (const auto& [id, status] : details) out += (out.empty() ? "" : ";") + id + "=" + status;
  return out;
}

std::string join_steps(const std::vector<SigningStep>& steps) {
  std::string out;
  for (const auto& s : steps) {
    out += fmt::format("{}{}:{}={}", out.empty() ? "" : ";", s.decision, s.signer, s.expected);
  }
  return out;
}

std::string join_codes(const std::vector<std::string>& codes) {
  if (codes.empty()) return "-";
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ",") + c;
  return out;
}

Result<std::vector<ReplayCase>> read_replay_manifest(const std::filesystem::path& manifest) {
  std::ifstream in(manifest);
  if (!in) return fail(ErrorCode::kNotFound, "cannot read " + manifest.string());
  std::vector<ReplayCase> cases;
  std::string line;
  int number = 0;
  bool header = true;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    if (header) {  // file outcome reason_codes note
      header = false;
      continue;
    }
    std::vector<std::string> columns;
    std::istringstream fields(line);
    std::string column;
    while (std::getline(fields, column, '\t')) columns.push_back(column);
    if (columns.size() < 3) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}:{}: expected file, outcome, reason_codes[, note]",
                              manifest.string(), number));
    }
    auto steps = split_steps(columns.size() > 5 ? columns[5] : std::string());
    if (!steps) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}:{}: {}", manifest.string(), number, steps.error().message));
    }
    cases.push_back(
        ReplayCase{columns[0], columns[1], split_codes(columns[2]),
                   columns.size() > 4 ? split_details(columns[4]) : decltype(ReplayCase::details){},
                   columns.size() > 3 ? columns[3] : std::string(), std::move(*steps)});
  }
  return cases;
}

Observation observe(const client::HttpAnswer& answer) {
  Observation o;
  std::set<std::string> codes;
  const std::string type = answer.header("Content-Type");
  if (type.find("json") != std::string::npos) {
    const auto json = nlohmann::json::parse(answer.body, nullptr, false);
    o.outcome = fmt::format("error:{}", json.is_object() && json.contains("error")
                                            ? json["error"].get<std::string>()
                                            : std::to_string(answer.status));
    if (json.is_object() && json.contains("findings") && json["findings"].is_array()) {  // errors
      for (const auto& f : json["findings"]) {
        if (f.contains("reason_code")) codes.insert(f["reason_code"].get<std::string>());
      }
    }
    if (json.is_object() && json.contains("reports")) o.outcome = "report:list";
  } else {
    static const std::regex kNamespace("xmlns=\"urn:iso:std:iso:20022:tech:xsd:([a-z0-9.]+)\"");
    static const std::regex kGroup("<GrpSts>([A-Z]{4})</GrpSts>");
    static const std::regex kReason("<Rsn>\\s*<Cd>([A-Z0-9]{4})</Cd>");
    std::smatch m;
    const std::string ns =
        std::regex_search(answer.body, m, kNamespace) ? m[1].str() : std::string("unknown");
    if (ns.rfind("pain.002.", 0) == 0 && std::regex_search(answer.body, m, kGroup)) {
      o.outcome = m[1].str();
    } else {
      o.outcome = "report:" + ns;
    }
    for (std::sregex_iterator it(answer.body.begin(), answer.body.end(), kReason), end; it != end;
         ++it) {
      codes.insert((*it)[1].str());
    }
    observe_details(answer.body, o.details);
  }
  o.reason_codes.assign(codes.begin(), codes.end());
  return o;
}

std::string observe_signing(const client::HttpAnswer& answer) {
  const auto json = nlohmann::json::parse(answer.body, nullptr, false);
  if (!json.is_object()) return fmt::format("error:{}", answer.status);
  if (answer.status == 200 && json.contains("state") && json["state"].is_string()) {
    return json["state"].get<std::string>();
  }
  for (const char* key : {"refusal", "error"}) {
    if (json.contains(key) && json[key].is_string()) {
      return fmt::format("error:{}", json[key].get<std::string>());
    }
  }
  return fmt::format("error:{}", answer.status);
}

std::string make_ids_unique(const std::string& xml, const std::string& suffix) {
  constexpr std::size_t kMax35 = 35;
  static const std::regex kId("(<(MsgId|PmtInfId)>)([^<]*)(</\\2>)");
  std::string out;
  auto last = xml.cbegin();
  for (std::sregex_iterator it(xml.begin(), xml.end(), kId), end; it != end; ++it) {
    const auto& m = *it;
    out.append(last, m[0].first);
    const std::string id = m[3].str();
    // Max35Text counts characters; cutting by bytes keeps it, if never inside one.
    std::size_t keep = std::min(id.size(), suffix.size() >= kMax35 ? 0 : kMax35 - suffix.size());
    while (keep > 0 && keep < id.size() && (static_cast<unsigned char>(id[keep]) & 0xc0) == 0x80) {
      --keep;
    }
    out += m[1].str() + id.substr(0, keep) + suffix + m[4].str();
    last = m[0].second;
  }
  out.append(last, xml.cend());
  return out;
}

std::string shift_dates(const std::string& xml, int days) {
  if (days == 0) return xml;
  static const std::regex kDate(
      "(<ReqdExctnDt>(?:<Dt>)?|<FrDt>|<ToDt>)([0-9]{4}-[0-9]{2}-[0-9]{2})");
  std::string out;
  auto last = xml.cbegin();
  for (std::sregex_iterator it(xml.begin(), xml.end(), kDate), end; it != end; ++it) {
    const auto& m = *it;
    out.append(last, m[0].first);
    out += m[1].str();
    const auto date = parse_iso_date(m[2].str());
    out += date ? format_iso_date(CivilDate{std::chrono::sys_days{*date} + std::chrono::days{days}})
                : m[2].str();
    last = m[0].second;
  }
  out.append(last, xml.cend());
  return out;
}

std::string junit_xml(const std::vector<ReplayResult>& results) {
  std::size_t failures = 0;
  std::size_t skipped = 0;
  for (const auto& r : results) {
    skipped += r.skipped.empty() ? 0u : 1u;
    failures += r.passed() || !r.skipped.empty() ? 0u : 1u;
  }
  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuite name=\"gatewayctl replay\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n",
      results.size(), failures, skipped);
  for (const auto& r : results) {
    out += fmt::format("  <testcase classname=\"replay\" name=\"{}\" time=\"{:.3f}\"",
                       xml::xml_text(r.expected.file), r.seconds);
    if (!r.skipped.empty()) {
      out += fmt::format(">\n    <skipped message=\"{}\"/>\n  </testcase>\n",
                         xml::xml_text(r.skipped));
      continue;
    }
    if (r.passed()) {
      out += "/>\n";
      continue;
    }
    std::string message = r.error;
    if (message.empty()) {
      message = fmt::format("expected {} {}, got {} {}", r.expected.outcome,
                            join_codes(r.expected.reason_codes), r.observed.outcome,
                            join_codes(r.observed.reason_codes));
      if (!r.expected.details.empty()) {
        message += fmt::format(" (details expected {}, got {})", join_details(r.expected.details),
                               join_details(r.observed.details));
      }
      if (!r.expected.signing.empty()) {
        std::string got;
        for (const auto& step : r.observed_steps) got += (got.empty() ? "" : ";") + step;
        message += fmt::format(" (signing expected {}, got {})", join_steps(r.expected.signing),
                               got.empty() ? "-" : got);
      }
    }
    out += fmt::format(">\n    <failure message=\"{}\"/>\n  </testcase>\n", xml::xml_text(message));
  }
  out += "</testsuite>\n";
  return out;
}

}  // namespace gw::replay
