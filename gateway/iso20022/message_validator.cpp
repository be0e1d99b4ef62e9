#include "iso20022/message_validator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <xercesc/framework/LocalFileInputSource.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/SAXException.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLException.hpp>

#include "iso20022/chunked_validation.h"
#include "iso20022/schema_finding_text.h"
#include "iso20022/size_estimate.h"
#include "iso20022/validating_handler.h"
#include "rules/finding_list.h"
#include "xml/hardened_reader.h"
#include "xml/start_tag_reader.h"
#include "xml/xml_text.h"

namespace gw::iso20022 {
namespace {

using namespace xercesc;

// Where the root tag must be for a file's type to be read from before a byte
// that is not UTF-8 (as chunked validation wants it there: kRootLimit).
constexpr std::size_t kRootWithin = std::size_t{1} << 16;
// How much of a file of unknown size is read to estimate it: about 1,500
// transactions of a salary run.
constexpr std::size_t kEstimateFrom = std::size_t{1} << 20;

// The first bytes of a file: by default where its XML declaration and encoding are.
std::string head_of(const std::filesystem::path& file, std::size_t bytes = 512) {
  std::ifstream in(file, std::ios::binary);
  std::string head(bytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

// The declared encoding must be UTF-8 (or absent, which means UTF-8), and the
// file must not be UTF-16/32 (a byte order mark, or NUL bytes in its first four).
std::optional<Sentence> encoding_problem(const std::string& head) {
  const auto starts = [&](std::string_view prefix) { return head.rfind(prefix, 0) == 0; };
  // UTF-16 or UTF-32 without a byte order mark: a NUL byte within the first '<'.
  const bool nul_first = head.substr(0, 4).find('\0') != std::string::npos;
  if (starts("\xFE\xFF") || starts("\xFF\xFE") || starts(std::string_view("\0\0\xFE\xFF", 4)) ||
      nul_first) {
    return Sentence{"the file is UTF-16 or UTF-32; only UTF-8 is accepted",
                    "fails ir UTF-16 vai UTF-32; pieņem tikai UTF-8"};
  }
  const std::size_t body = starts("\xEF\xBB\xBF") ? 3 : 0;
  if (head.compare(body, 5, "<?xml") != 0) return std::nullopt;
  const auto end = head.find("?>");
  // XML 1.1 lets character references name control characters (&#x1E;),
  // which stored texts use as separators (core/element_tree.h).
  const auto version = head.find("version", body);
  if (version != std::string::npos && (end == std::string::npos || version < end)) {
    const auto q = head.find_first_of("\"'", version);
    const bool one_zero = q != std::string::npos && head.compare(q + 1, 3, "1.0") == 0 &&
                          q + 4 < head.size() && head[q + 4] == head[q];
    if (q != std::string::npos && !one_zero) {
      return Sentence{"the file declares an XML version other than 1.0; only XML 1.0 is accepted",
                      "fails norāda XML versiju, kas nav 1.0; pieņem tikai XML 1.0"};
    }
  }
  const auto enc = head.find("encoding", body);
  if (enc == std::string::npos || (end != std::string::npos && enc > end)) return std::nullopt;
  const auto quote = head.find_first_of("\"'", enc);
  if (quote == std::string::npos) return std::nullopt;
  const auto close = head.find(head[quote], quote + 1);
  std::string name = head.substr(quote + 1, close - quote - 1);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (name == "UTF-8" || name == "UTF8") return std::nullopt;
  return Sentence{fmt::format("the file declares encoding {}; only UTF-8 is accepted", name),
                  fmt::format("fails norāda kodējumu {}; pieņem tikai UTF-8", name)};
}

}  // namespace

// Where the bytes come from: a file (streamed by Xerces) or memory.
struct MessageValidator::Source {
  const std::filesystem::path* file = nullptr;
  std::string_view bytes;
};

namespace {

// The first byte of `source` that is not UTF-8 (read again: a rejected file only).
// `file`, or `bytes` when there is none.
std::optional<Utf8Locator::Fault> first_non_utf8(const std::filesystem::path* file,
                                                 std::string_view bytes) {
  Utf8Locator locator;
  if (file == nullptr) {
    locator.feed(bytes);
    return locator.finish();
  }
  std::ifstream in(*file, std::ios::binary);
  std::string piece(std::size_t{1} << 16, '\0');
  while (in.read(piece.data(), static_cast<std::streamsize>(piece.size())) || in.gcount() > 0) {
    if (!locator.feed(std::string_view(piece.data(), static_cast<std::size_t>(in.gcount())))) break;
  }
  return locator.finish();
}

// Xerces' findings that the file is not UTF-8 become one of ours, at the
// first such byte; its offset, when there is one. Only the one pass has
// findings: chunks that find anything leave the verdict to it.
std::optional<std::uint64_t> place_not_utf8(const std::filesystem::path* file,
                                            std::string_view bytes,
                                            rules::ValidationReport& report) {
  auto& findings = report.findings;
  const auto decoding = [](const rules::Finding& f) { return says_not_utf8(f.text); };
  const auto first = std::find_if(findings.begin(), findings.end(), decoding);
  if (first == findings.end()) return std::nullopt;
  const auto fault = first_non_utf8(file, bytes);
  Sentence text = not_utf8_text(fault);
  rules::Finding& finding = *first;
  finding = rules::Finding{};
  finding.reason_code = "FF01";
  finding.line = fault ? fault->line : 0;
  finding.column = fault ? fault->column : 0;
  finding.text = std::move(text.en);
  finding.text_lv = std::move(text.lv);
  findings.erase(std::remove_if(std::next(first), findings.end(), decoding), findings.end());
  if (!fault) return std::nullopt;
  return fault->offset;
}

}  // namespace

rules::ValidationReport MessageValidator::validate_file(const std::filesystem::path& file,
                                                        CivilDate today,
                                                        rules::PaymentSink* payments) const {
  return validate(Source{&file, {}}, today, payments);
}

rules::ValidationReport MessageValidator::validate_bytes(std::string_view bytes,
                                                         CivilDate today) const {
  return validate(Source{nullptr, bytes}, today, nullptr);
}

namespace {

Status outgoing_verdict(const rules::ValidationReport& check, std::string_view expected_type,
                        std::string_view what) {
  if (check.accepted() && check.message_type == expected_type) return ok();
  return fail(
      ErrorCode::kInternal,
      fmt::format("{} fails our {} schema: {}", what, expected_type,
                  check.findings.empty() ? "not that message type" : check.findings.front().text));
}

}  // namespace

Status MessageValidator::check_outgoing(std::string_view xml, std::string_view expected_type,
                                        std::string_view what) const {
  return outgoing_verdict(validate_bytes(xml, {}), expected_type, what);
}

Status MessageValidator::check_outgoing_file(const std::filesystem::path& file,
                                             std::string_view expected_type,
                                             std::string_view what) const {
  return outgoing_verdict(validate_file(file, {}), expected_type, what);
}

std::string MessageValidator::message_type_of_file(const std::filesystem::path& file) const {
  // What validate() refuses before reading the XML is no message of any type.
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size > limits_.max_bytes || encoding_problem(head_of(file))) return {};
  auto root = xml::read_root_tag(file);
  if (!root) {
    // Xerces refuses the whole block it decodes when a byte in it is not
    // UTF-8 (a Windows-1257 'š' in InitgPty/Nm), the root tag before it too.
    std::string head = head_of(file, kRootWithin);
    Utf8Locator locator;
    if (locator.feed(head)) return {};  // no bad byte (a character cut by the end is none)
    head.resize(locator.finish()->offset);
    root = xml::read_root_tag_from_bytes(head);
    if (!root) return {};
  }
  return std::string(schemas_.message_type_of(root->namespace_uri()));
}

bool MessageValidator::cuts_files() const { return chunk_count(limits_) >= 2; }

bool MessageValidator::validates_in_chunks(std::uint64_t size) const {
  return cuts_files() && size >= limits_.chunked_min_bytes && size <= limits_.max_bytes;
}

std::optional<std::uint64_t> MessageValidator::estimated_size(
    const std::filesystem::path& file) const {
  const auto estimate = estimate_pain001_size(head_of(file, kEstimateFrom));
  if (!estimate) return std::nullopt;
  // The session may have spooled several MiB by now, not only the first.
  std::error_code ec;
  const auto on_disk = std::filesystem::file_size(file, ec);
  return ec ? *estimate : std::max<std::uint64_t>(*estimate, on_disk);
}

std::optional<rules::ValidationReport> MessageValidator::validate_arriving(
    const std::filesystem::path& file, std::uint64_t size, CivilDate today,
    rules::PaymentSink* payments, const xml::FileArrival& arrival) const {
  if (!validates_in_chunks(size) || !arrival(std::min<std::uint64_t>(size, 512))) {
    return std::nullopt;
  }
  if (encoding_problem(head_of(file))) return std::nullopt;
  return validate_in_chunks(schemas_, limits_, file, size, today, payments, &arrival);
}

Status MessageValidator::warm_up() const {
  // Every pain.001 is tried natively first, cut or whole, and findings name
  // the counts of its model: it is built once, now.
  static_cast<void>(schemas_.native_schema());
  const unsigned chunks = chunk_count(limits_);
  if (chunks < 2) return ok();
  std::vector<xml::SchemaSet::Lease> held;  // all at once, so each is a pool of its own
  for (unsigned i = 0; i < chunks; ++i) {
    auto lease = schemas_.lease(xml::SchemaSet::Grammars::kForChunks);
    if (!lease) return tl::unexpected(lease.error());
    held.push_back(std::move(*lease));
  }
  return ok();  // the pools go back to the free list
}

rules::ValidationReport MessageValidator::validate(const Source& source, CivilDate today,
                                                   rules::PaymentSink* payments) const {
  rules::ValidationReport report;
  rules::FindingList findings(report, limits_.max_findings);
  const auto refuse = [&](std::uint64_t line, Sentence text) {
    findings.add(rules::Finding{"FF01",
                                line,
                                std::uint64_t{line == 0 ? 0u : 1u},
                                {},
                                {},
                                {},
                                {},
                                {},
                                std::move(text.en),
                                std::move(text.lv)});
    return report;
  };
  std::uint64_t size = source.bytes.size();
  std::string head(source.bytes.substr(0, 512));
  if (source.file != nullptr) {
    std::error_code ec;
    size = std::filesystem::file_size(*source.file, ec);
    if (ec) return refuse(0, {"the file cannot be read", "failu nevar nolasīt"});
    head = head_of(*source.file);
  }
  if (size > limits_.max_bytes) {
    return refuse(0,
                  {fmt::format("the file has {} bytes; the limit is {}", size, limits_.max_bytes),
                   fmt::format("failā ir {} baiti; robeža ir {}", size, limits_.max_bytes)});
  }
  if (auto problem = encoding_problem(head)) return refuse(1, std::move(*problem));
  if (source.file != nullptr) {
    if (auto chunked = validate_in_chunks(schemas_, limits_, *source.file, size, today, payments)) {
      return std::move(*chunked);
    }
  }

  {  // The grammars go back to the pool before the beginning may be validated again below.
    const auto grammars = schemas_.lease();  // outlives the reader below
    if (!grammars) return refuse(0, {"internal error: " + grammars.error().message, {}});
    ValidatingHandler handler(schemas_, limits_, report, {today, limits_.execution_horizon_days},
                              payments);
    xml::HardenedReader reader(grammars->pool(), handler);
    try {
      if (source.file != nullptr) {
        const std::string name = source.file->string();
        TranscodeFromStr wide(reinterpret_cast<const XMLByte*>(name.data()), name.size(), "UTF-8");
        LocalFileInputSource input(wide.str());
        reader.parse(input);
      } else {
        MemBufInputSource input(reinterpret_cast<const XMLByte*>(source.bytes.data()),
                                source.bytes.size(), "message");
        reader.parse(input);
      }
    } catch (const StopParse&) {
      // the finding that stopped the parse is recorded
    } catch (const XMLException& e) {
      // Its getSrcLine() is a line of Xerces' own source, not of the file.
      findings.add(rules::Finding{"FF01", 0, 0, {}, {}, {}, {}, {}, xml::to_utf8(e.getMessage())});
    } catch (const SAXException& e) {
      findings.add(rules::Finding{"FF01", 0, 0, {}, {}, {}, {}, {}, xml::to_utf8(e.getMessage())});
    }
    handler.flush_pending();
    handler.count_into(report);
  }
  const auto fault_offset = place_not_utf8(source.file, source.bytes, report);
  if (fault_offset && report.message_type.empty() && *fault_offset < kRootWithin) {
    // Xerces refused the block it decodes whole, root tag and all. What comes
    // before the byte says which message, and which MsgId, the file is, so
    // that its answer is the one for that message (a pain.002 RJCT).
    const std::string before_fault = source.file != nullptr
                                         ? head_of(*source.file, *fault_offset)
                                         : std::string(source.bytes.substr(0, *fault_offset));
    const auto before = validate(Source{nullptr, before_fault}, today, nullptr);
    report.message_type = before.message_type;
    report.msg_id = before.msg_id;
  }
  if (report.message_type.empty() && report.findings.empty()) {
    findings.add(rules::Finding{"FF01",
                                0,
                                0,
                                {},
                                {},
                                {},
                                {},
                                {},
                                "no message was found in the file",
                                "failā nav atrasts ziņojums"});
  }
  return report;
}

}  // namespace gw::iso20022
