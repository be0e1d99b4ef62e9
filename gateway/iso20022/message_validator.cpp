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
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLUni.hpp>

#include "iso20022/finding_list.h"
#include "rules/camt060_rules.h"
#include "rules/pain001_rules.h"
#include "xml/xml_text.h"

namespace gw::iso20022 {
namespace {

using namespace xercesc;
// The guideline rules for a message type; none for types only the schema checks.
std::unique_ptr<rules::MessageRules> make_rules(std::string_view message_type,
                                                const rules::Pain001RuleSettings& settings,
                                                FindingList& findings,
                                                rules::PaymentSink* payments) {
  if (message_type.rfind("pain.001.", 0) == 0) {
    return std::make_unique<rules::Pain001Rules>(settings, findings, payments);
  }
  if (message_type.rfind("camt.060.", 0) == 0)
    return std::make_unique<rules::Camt060Rules>(findings);
  return nullptr;
}

// Thrown from a SAX callback to stop the parse at once (hostile or hopeless
// input); caught in validate_file, never crosses the module boundary.
struct StopParse {};

// The declared encoding must be UTF-8 (or absent, which means UTF-8), and the
// file must not start with a UTF-16/32 byte order mark.
std::optional<std::string> encoding_problem(const std::string& head) {
  const auto starts = [&](std::string_view prefix) { return head.rfind(prefix, 0) == 0; };
  if (starts("\xFE\xFF") || starts("\xFF\xFE") || starts(std::string_view("\0\0\xFE\xFF", 4))) {
    return "the file is UTF-16 or UTF-32; only UTF-8 is accepted";
  }
  const std::size_t body = starts("\xEF\xBB\xBF") ? 3 : 0;
  if (head.compare(body, 5, "<?xml") != 0) return std::nullopt;
  const auto end = head.find("?>");
  const auto enc = head.find("encoding", body);
  if (enc == std::string::npos || (end != std::string::npos && enc > end)) return std::nullopt;
  const auto quote = head.find_first_of("\"'", enc);
  if (quote == std::string::npos) return std::nullopt;
  const auto close = head.find(head[quote], quote + 1);
  std::string name = head.substr(quote + 1, close - quote - 1);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (name == "UTF-8" || name == "UTF8") return std::nullopt;
  return fmt::format("the file declares encoding {}; only UTF-8 is accepted", name);
}

class ValidatingHandler : public DefaultHandler {
 public:
  ValidatingHandler(const xml::SchemaSet& schemas, const ValidationLimits& limits,
                    ValidationReport& report, const rules::Pain001RuleSettings& settings,
                    rules::PaymentSink* payments)
      : schemas_(schemas),
        limits_(limits),
        report_(report),
        settings_(settings),
        payments_(payments),
        findings_(report, limits.max_findings) {}

  void setDocumentLocator(const Locator* locator) override { locator_ = locator; }

  void startDTD(const XMLCh*, const XMLCh*, const XMLCh*) override {
    add_finding("FF01", "a DOCTYPE is not allowed in payment messages");
    throw StopParse{};
  }

  void startElement(const XMLCh* uri, const XMLCh* localname, const XMLCh*,
                    const Attributes& attributes) override {
    if (++elements_ > limits_.max_elements) {
      add_finding("FF01", fmt::format("more than {} elements", limits_.max_elements));
      throw StopParse{};
    }
    if (path_.size() >= limits_.max_depth) {
      add_finding("FF01", fmt::format("elements nest deeper than {} levels", limits_.max_depth));
      throw StopParse{};
    }
    path_.emplace_back();
    xml::ascii_name(localname, path_.back());
    if (path_.size() == 1) start_root(uri);
    if (!rules_) return;
    std::string currency;
    if (const XMLCh* ccy = attributes.getValue(u"Ccy")) currency = xml::to_utf8(ccy);
    capturing_ = rules_->open(path_, currency, here());
    if (capturing_) {
      field_at_ = here();
      text_.clear();
    }
  }

  void characters(const XMLCh* chars, const XMLSize_t length) override {
    if (capturing_) text_.append(chars, length);
  }

  void endElement(const XMLCh*, const XMLCh*, const XMLCh*) override {
    if (rules_) {
      if (capturing_) {
        rules_->text(path_, xml::to_utf8(text_.data(), text_.size()), field_at_);
        capturing_ = false;
      }
      rules_->close(path_, here());
    }
    path_.pop_back();
  }

  void warning(const SAXParseException&) override {}
  void error(const SAXParseException& e) override { schema_finding(e); }
  void fatalError(const SAXParseException& e) override { schema_finding(e); }

  // Errors reported before the root element was seen (e.g. not XML at all).
  void flush_pending() {
    for (auto& f : pending_) findings_.add(std::move(f));
    pending_.clear();
  }

  void count_into(ValidationReport& report) const {
    if (rules_) rules_->count_into(report);
  }

 private:
  void start_root(const XMLCh* uri) {
    const std::string ns = xml::to_utf8(uri);
    const auto type = schemas_.message_type_of(ns);
    if (type.empty()) {
      pending_.clear();  // "no declaration found" and the like say less than this
      add_finding("FF01", fmt::format("unsupported message: root element {} in namespace '{}'; "
                                      "supported: {}",
                                      path_.front(), ns, schemas_.supported()));
      throw StopParse{};
    }
    report_.message_type = std::string(type);
    rules_ = make_rules(type, settings_, findings_, payments_);
    root_seen_ = true;
    flush_pending();
  }

  rules::Position here() const {
    return {locator_ != nullptr ? locator_->getLineNumber() : 0,
            locator_ != nullptr ? locator_->getColumnNumber() : 0, &path_};
  }

  void add_finding(std::string_view code, std::string text) {
    findings_.add(Finding{std::string(code),
                          here().line,
                          here().column,
                          here().path(),
                          {},
                          {},
                          {},
                          {},
                          std::move(text)});
  }

  void schema_finding(const SAXParseException& e) {
    Finding f{"FF01", e.getLineNumber(),           e.getColumnNumber(), here().path(), {}, {}, {},
              {},     xml::to_utf8(e.getMessage())};
    if (root_seen_) {
      findings_.add(std::move(f));
    } else {
      pending_.push_back(std::move(f));
    }
  }

  const xml::SchemaSet& schemas_;
  const ValidationLimits& limits_;
  ValidationReport& report_;
  rules::Pain001RuleSettings settings_;
  rules::PaymentSink* payments_;
  FindingList findings_;
  std::unique_ptr<rules::MessageRules> rules_;
  const Locator* locator_ = nullptr;
  std::vector<std::string> path_;
  std::vector<Finding> pending_;
  std::uint64_t elements_ = 0;
  bool root_seen_ = false;
  bool capturing_ = false;
  rules::Position field_at_;
  std::u16string text_;
};

std::unique_ptr<SAX2XMLReader> make_reader(XMLGrammarPool* pool, SecurityManager& security) {
  std::unique_ptr<SAX2XMLReader> reader(
      XMLReaderFactory::createXMLReader(XMLPlatformUtils::fgMemoryManager, pool));
  reader->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  reader->setFeature(XMLUni::fgSAX2CoreValidation, true);
  reader->setFeature(XMLUni::fgXercesDynamic, false);
  reader->setFeature(XMLUni::fgXercesSchema, true);
  reader->setFeature(XMLUni::fgXercesSchemaFullChecking, false);
  // Our schemas declare no identity constraints; skipping the machinery saves time per element.
  reader->setFeature(XMLUni::fgXercesIdentityConstraintChecking, false);
  // Only the locked, pre-parsed grammars: nothing named by the document is loaded.
  reader->setFeature(XMLUni::fgXercesUseCachedGrammarInParse, true);
  reader->setFeature(XMLUni::fgXercesCacheGrammarFromParse, false);
  reader->setFeature(XMLUni::fgXercesLoadSchema, false);
  reader->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  reader->setFeature(XMLUni::fgXercesSkipDTDValidation, true);
  reader->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  reader->setFeature(XMLUni::fgXercesContinueAfterFatalError, false);
  reader->setProperty(XMLUni::fgXercesSecurityManager, &security);
  reader->setInputBufferSize(256 * 1024);  // fewer reads on large files
  return reader;
}

}  // namespace

// Where the bytes come from: a file (streamed by Xerces) or memory.
struct MessageValidator::Source {
  const std::filesystem::path* file = nullptr;
  std::string_view bytes;
};

ValidationReport MessageValidator::validate_file(const std::filesystem::path& file, CivilDate today,
                                                 rules::PaymentSink* payments) const {
  return validate(Source{&file, {}}, today, payments);
}

ValidationReport MessageValidator::validate_bytes(std::string_view bytes, CivilDate today) const {
  return validate(Source{nullptr, bytes}, today, nullptr);
}

namespace {

Status outgoing_verdict(const ValidationReport& check, std::string_view expected_type,
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

ValidationReport MessageValidator::validate(const Source& source, CivilDate today,
                                            rules::PaymentSink* payments) const {
  ValidationReport report;
  FindingList findings(report, limits_.max_findings);
  const auto refuse = [&](std::uint64_t line, std::string text) {
    findings.add(Finding{
        "FF01", line, std::uint64_t{line == 0 ? 0u : 1u}, {}, {}, {}, {}, {}, std::move(text)});
    return report;
  };
  std::uint64_t size = source.bytes.size();
  std::string head(source.bytes.substr(0, 512));
  if (source.file != nullptr) {
    std::error_code ec;
    size = std::filesystem::file_size(*source.file, ec);
    if (ec) return refuse(0, "the file cannot be read");
    std::ifstream in(*source.file, std::ios::binary);
    head.assign(512, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
  }
  if (size > limits_.max_bytes) {
    return refuse(0,
                  fmt::format("the file has {} bytes; the limit is {}", size, limits_.max_bytes));
  }
  if (auto problem = encoding_problem(head)) return refuse(1, *problem);

  SecurityManager security;
  security.setEntityExpansionLimit(16);  // no DTD is allowed, so no entity should expand
  auto reader = make_reader(schemas_.pool(), security);
  ValidatingHandler handler(schemas_, limits_, report, {today, limits_.execution_horizon_days},
                            payments);
  reader->setContentHandler(&handler);
  reader->setErrorHandler(&handler);
  reader->setLexicalHandler(&handler);
  try {
    if (source.file != nullptr) {
      const std::string name = source.file->string();
      TranscodeFromStr wide(reinterpret_cast<const XMLByte*>(name.data()), name.size(), "UTF-8");
      LocalFileInputSource input(wide.str());
      reader->parse(input);
    } else {
      MemBufInputSource input(reinterpret_cast<const XMLByte*>(source.bytes.data()),
                              source.bytes.size(), "message");
      reader->parse(input);
    }
  } catch (const StopParse&) {
    // the finding that stopped the parse is recorded
  } catch (const XMLException& e) {
    findings.add(
        Finding{"FF01", e.getSrcLine(), 0, {}, {}, {}, {}, {}, xml::to_utf8(e.getMessage())});
  } catch (const SAXException& e) {
    findings.add(Finding{"FF01", 0, 0, {}, {}, {}, {}, {}, xml::to_utf8(e.getMessage())});
  }
  handler.flush_pending();
  handler.count_into(report);
  if (report.message_type.empty() && report.findings.empty()) {
    findings.add(Finding{"FF01", 0, 0, {}, {}, {}, {}, {}, "no message was found in the file"});
  }
  return report;
}

}  // namespace gw::iso20022
