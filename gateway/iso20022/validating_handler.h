// The SAX2 callbacks of one validation pass: turns Xerces' schema errors into
// findings, enforces the depth and element limits, picks the guideline rules
// by the root element's namespace and feeds them the elements they ask for.
//
// A handler for one chunk of a larger file (see chunked_validation.h) differs
// in four ways: its rules only tally totals; any comment, CDATA section or
// processing instruction stops it (a chunk boundary is trusted only in plain
// markup); it stops early once another chunk has failed; and, given native
// patterns, it checks the pattern facets its grammars were compiled without
// (native_patterns.h), and stops when a value does not match or it cannot
// tell an element's type.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>
#include <xercesc/sax2/DefaultHandler.hpp>

#include "iso20022/validation_limits.h"
#include "rules/finding_list.h"
#include "rules/message_rules.h"
#include "rules/pain001_checker.h"
#include "rules/payment_sink.h"
#include "xml/schema_set.h"

namespace gw::iso20022 {

// Thrown from a callback to end the parse at once (hostile or hopeless input,
// or an abandoned chunk); the caller catches it, it never leaves the module.
struct StopParse {};

// What a chunk parsed against the kForChunks grammars brings along.
struct ChunkGrammars {
  const xml::NativePatterns& native;     // the pattern facets left to the handler
  std::size_t renamed_declarations = 0;  // on its root (xml::AliasedRoot::renamed)
};

class ValidatingHandler : public xercesc::DefaultHandler {
 public:
  // `abandoned` is given only for a chunk: set when another chunk has failed;
  // `chunk` only for a chunk parsed with the kForChunks grammars.
  ValidatingHandler(const xml::SchemaSet& schemas, const ValidationLimits& limits,
                    rules::ValidationReport& report, const rules::Pain001RuleSettings& settings,
                    rules::PaymentSink* payments, const std::atomic<bool>* abandoned = nullptr,
                    const ChunkGrammars* chunk = nullptr);

  void setDocumentLocator(const xercesc::Locator* locator) override { locator_ = locator; }
  void startDTD(const XMLCh*, const XMLCh*, const XMLCh*) override;
  void startPrefixMapping(const XMLCh* prefix, const XMLCh* uri) override;
  void startElement(const XMLCh* uri, const XMLCh* localname, const XMLCh* qname,
                    const xercesc::Attributes& attributes) override;
  void characters(const XMLCh* chars, XMLSize_t length) override;
  void endElement(const XMLCh* uri, const XMLCh* localname, const XMLCh* qname) override;
  void comment(const XMLCh* chars, XMLSize_t length) override;
  void startCDATA() override;
  void processingInstruction(const XMLCh* target, const XMLCh* data) override;

  void warning(const xercesc::SAXParseException&) override {}
  void error(const xercesc::SAXParseException& e) override { schema_finding(e); }
  void fatalError(const xercesc::SAXParseException& e) override { schema_finding(e); }

  // Errors reported before the root element was seen (e.g. not XML at all).
  void flush_pending();
  void count_into(rules::ValidationReport& report) const;

  // For a chunk: whether it met anything it cannot vouch for (markup other
  // than elements and text, a value its native patterns reject), the
  // elements it saw, and its rules (to take their tally).
  bool irregular() const { return irregular_; }
  std::uint64_t elements() const { return elements_; }
  rules::MessageRules* rules() { return rules_.get(); }

 private:
  void start_root(const XMLCh* uri);
  rules::Position here() const;
  void add_finding(std::string_view code, Sentence text);
  // Notes a new name inside a SplmtryData/Envlp (a bounded number of them
  // in a file), or that an envelope starts.
  void count_in_envelope(const XMLCh* uri, const XMLCh* localname);
  void schema_finding(const xercesc::SAXParseException& e);
  void irregular_markup();
  [[noreturn]] void cannot_vouch();
  void follow_type(const xercesc::Attributes& attributes);
  void check_value();

  const xml::SchemaSet& schemas_;
  const ValidationLimits& limits_;
  rules::ValidationReport& report_;
  rules::Pain001RuleSettings settings_;
  rules::PaymentSink* payments_;
  const std::atomic<bool>* abandoned_;
  rules::FindingList findings_;
  std::unique_ptr<rules::MessageRules> rules_;
  const xercesc::Locator* locator_ = nullptr;
  static constexpr std::size_t kMaxEnvelopeNames = 1000;
  static constexpr std::size_t kMaxEnvelopeNameBytes = 64 * 1024;
  std::size_t envelope_depth_ = 0;                  // of the SplmtryData/Envlp open now; 0: none
  std::unordered_set<std::size_t> envelope_names_;  // hashes of the names met in envelopes
  std::size_t envelope_name_bytes_ = 0;
  std::vector<std::string> path_;
  std::vector<rules::Finding> pending_;
  std::uint64_t elements_ = 0;
  bool root_seen_ = false;
  bool capturing_ = false;
  bool irregular_ = false;
  rules::Position field_at_;
  std::u16string text_;
  // Chunks only: the namespace aliases still to be declared on the root.
  std::size_t aliases_left_;
  std::string root_namespace_;
  // Native pattern checks: set exactly for a chunk parsed with the
  // kForChunks grammars. The type of each open element, and the text of the
  // one being checked.
  const xml::NativePatterns* native_;
  std::vector<const xml::NativePatterns::ElementType*> types_;
  const xml::NativePatterns::ElementType* checked_ = nullptr;
  std::u16string value_;
};

}  // namespace gw::iso20022
