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
#include "rules/pain001_checker.h"
#include "xml/xml_text.h"

namespace gw::iso20022 {
namespace {

using namespace xercesc;
using rules::Pain001Field;

constexpr std::string_view kPain001v03 = "pain.001.001.03";

// Thrown from a SAX callback to stop the parse at once (hostile or hopeless
// input); caught in validate_file, never crosses the module boundary.
struct StopParse {};

// The declared encoding must be UTF-8 (or absent, which means UTF-8), and the
// file must not start with a UTF-16/32 byte order mark.
std::optional<std::string> encoding_problem(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string head(512, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
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
                    ValidationReport& report, const rules::Pain001RuleSettings& settings)
      : schemas_(schemas),
        limits_(limits),
        report_(report),
        findings_(report, limits.max_findings),
        checker_(settings, findings_) {}

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
    if (!pain001_) return;

    const auto field = classify();
    if (field) {
      field_ = field;
      field_at_ = here();
      text_.clear();
      currency_.clear();
      if (*field == Pain001Field::kInstructedAmount) {
        currency_ = xml::to_utf8(attributes.getValue(u"Ccy"));
      }
    } else if (is("PmtInf", "CstmrCdtTrfInitn")) {
      checker_.open_block();
    } else if (is("CdtTrfTxInf", "PmtInf")) {
      checker_.open_transaction();
    }
  }

  void characters(const XMLCh* chars, const XMLSize_t length) override {
    if (field_) text_.append(chars, length);
  }

  void endElement(const XMLCh*, const XMLCh*, const XMLCh*) override {
    if (pain001_) {
      if (field_) {
        const std::string value = xml::to_utf8(text_.data(), text_.size());
        checker_.field(*field_, value, currency_, field_at_);
        field_.reset();
      } else if (is("PmtInf", "CstmrCdtTrfInitn")) {
        checker_.close_block(here());
      } else if (is("CdtTrfTxInf", "PmtInf")) {
        checker_.close_transaction();
      } else if (path_.size() == 1) {
        checker_.finish(here());
      }
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
    report.payment_blocks = checker_.blocks();
    report.transactions = checker_.transactions();
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
    pain001_ = (type == kPain001v03);
    root_seen_ = true;
    flush_pending();
  }

  // The field a pain.001 leaf element carries, if the rules need it.
  std::optional<Pain001Field> classify() const {
    const std::string& name = path_.back();
    const std::string& parent = path_.size() > 1 ? path_[path_.size() - 2] : kNone;
    if (parent == "GrpHdr") {
      if (name == "MsgId") return Pain001Field::kMsgId;
      if (name == "NbOfTxs") return Pain001Field::kGroupNbOfTxs;
      if (name == "CtrlSum") return Pain001Field::kGroupCtrlSum;
    } else if (parent == "PmtInf") {
      if (name == "PmtInfId") return Pain001Field::kPmtInfId;
      if (name == "NbOfTxs") return Pain001Field::kBlockNbOfTxs;
      if (name == "CtrlSum") return Pain001Field::kBlockCtrlSum;
      if (name == "ReqdExctnDt") return Pain001Field::kRequestedExecutionDate;
    } else if (parent == "PmtId") {
      if (name == "InstrId") return Pain001Field::kInstrId;
      if (name == "EndToEndId") return Pain001Field::kEndToEndId;
    } else if (name == "IBAN" && path_.size() > 3) {
      const std::string& account = path_[path_.size() - 3];
      if (account == "DbtrAcct") return Pain001Field::kDebtorIban;
      if (account == "CdtrAcct") return Pain001Field::kCreditorIban;
    } else if (name == "BIC" && parent == "FinInstnId") {
      return Pain001Field::kAgentBic;
    } else if (name == "InstdAmt" && parent == "Amt") {
      return Pain001Field::kInstructedAmount;
    }
    return std::nullopt;
  }

  bool is(std::string_view name, std::string_view parent) const {
    return path_.size() >= 2 && path_.back() == name && path_[path_.size() - 2] == parent;
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

  inline static const std::string kNone;
  const xml::SchemaSet& schemas_;
  const ValidationLimits& limits_;
  ValidationReport& report_;
  FindingList findings_;
  rules::Pain001Checker checker_;
  const Locator* locator_ = nullptr;
  std::vector<std::string> path_;
  std::vector<Finding> pending_;
  std::uint64_t elements_ = 0;
  bool root_seen_ = false;
  bool pain001_ = false;
  std::optional<Pain001Field> field_;
  rules::Position field_at_;
  std::u16string text_;
  std::string currency_;
};

std::unique_ptr<SAX2XMLReader> make_reader(XMLGrammarPool* pool, SecurityManager& security) {
  std::unique_ptr<SAX2XMLReader> reader(
      XMLReaderFactory::createXMLReader(XMLPlatformUtils::fgMemoryManager, pool));
  reader->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  reader->setFeature(XMLUni::fgSAX2CoreValidation, true);
  reader->setFeature(XMLUni::fgXercesDynamic, false);
  reader->setFeature(XMLUni::fgXercesSchema, true);
  reader->setFeature(XMLUni::fgXercesSchemaFullChecking, false);
  reader->setFeature(XMLUni::fgXercesIdentityConstraintChecking, true);
  // Only the locked, pre-parsed grammars: nothing named by the document is loaded.
  reader->setFeature(XMLUni::fgXercesUseCachedGrammarInParse, true);
  reader->setFeature(XMLUni::fgXercesCacheGrammarFromParse, false);
  reader->setFeature(XMLUni::fgXercesLoadSchema, false);
  reader->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  reader->setFeature(XMLUni::fgXercesSkipDTDValidation, true);
  reader->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  reader->setFeature(XMLUni::fgXercesContinueAfterFatalError, false);
  reader->setProperty(XMLUni::fgXercesSecurityManager, &security);
  return reader;
}

}  // namespace

ValidationReport MessageValidator::validate_file(const std::filesystem::path& file,
                                                 CivilDate today) const {
  ValidationReport report;
  FindingList findings(report, limits_.max_findings);
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    findings.add(Finding{"FF01", 0, 0, {}, {}, {}, {}, {}, "the file cannot be read"});
    return report;
  }
  if (size > limits_.max_bytes) {
    findings.add(
        Finding{"FF01",
                0,
                0,
                {},
                {},
                {},
                {},
                {},
                fmt::format("the file has {} bytes; the limit is {}", size, limits_.max_bytes)});
    return report;
  }
  if (auto problem = encoding_problem(file)) {
    findings.add(Finding{"FF01", 1, 1, {}, {}, {}, {}, {}, *problem});
    return report;
  }

  SecurityManager security;
  security.setEntityExpansionLimit(16);  // no DTD is allowed, so no entity should expand
  auto reader = make_reader(schemas_.pool(), security);
  ValidatingHandler handler(schemas_, limits_, report, {today, limits_.execution_horizon_days});
  reader->setContentHandler(&handler);
  reader->setErrorHandler(&handler);
  reader->setLexicalHandler(&handler);
  const std::string name = file.string();
  try {
    TranscodeFromStr wide(reinterpret_cast<const XMLByte*>(name.data()), name.size(), "UTF-8");
    LocalFileInputSource source(wide.str());
    reader->parse(source);
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
