#include "iso20022/validating_handler.h"

#include <fmt/format.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>

#include "iso20022/schema_finding_text.h"
#include "rules/camt060_rules.h"
#include "rules/pain001_rules.h"
#include "xml/native_schema.h"
#include "xml/xml_text.h"

namespace gw::iso20022 {
namespace {

using namespace xercesc;

// How often (in elements) a chunk looks whether another one has failed.
constexpr std::uint64_t kAbandonCheckInterval = 4096;

// The guideline rules for a message type; none for types only the schema checks.
std::unique_ptr<rules::MessageRules> make_rules(std::string_view message_type,
                                                const rules::Pain001RuleSettings& settings,
                                                rules::FindingList& findings,
                                                rules::PaymentSink* payments) {
  if (message_type.rfind("pain.001.", 0) == 0) {
    return std::make_unique<rules::Pain001Rules>(settings, findings, payments);
  }
  if (message_type.rfind("camt.060.", 0) == 0)
    return std::make_unique<rules::Camt060Rules>(findings);
  return nullptr;
}

}  // namespace

ValidatingHandler::ValidatingHandler(const xml::SchemaSet& schemas, const ValidationLimits& limits,
                                     rules::ValidationReport& report,
                                     const rules::Pain001RuleSettings& settings,
                                     rules::PaymentSink* payments,
                                     const std::atomic<bool>* abandoned, const ChunkGrammars* chunk)
    : schemas_(schemas),
      limits_(limits),
      report_(report),
      settings_(settings),
      payments_(payments),
      abandoned_(abandoned),
      findings_(report, limits.max_findings),
      aliases_left_(chunk != nullptr ? chunk->renamed_declarations : 0),
      native_(chunk != nullptr ? &chunk->native : nullptr) {
  settings_.chunk = abandoned != nullptr;
}

void ValidatingHandler::startDTD(const XMLCh*, const XMLCh*, const XMLCh*) {
  add_finding("FF01", {"a DOCTYPE is not allowed in payment messages",
                       "maksājumu ziņojumos DOCTYPE nav atļauts"});
  throw StopParse{};
}

void ValidatingHandler::startPrefixMapping(const XMLCh*, const XMLCh* uri) {
  if (native_ == nullptr || schemas_.unalias(xml::to_utf8(uri)).empty()) return;
  // Only the declarations renamed on the root may name an alias: any other
  // would put elements of a namespace we do not know under one of our
  // grammars, where the one pass finds no grammar for them.
  if (!path_.empty() || aliases_left_ == 0) cannot_vouch();
  --aliases_left_;
}

void ValidatingHandler::startElement(const XMLCh* uri, const XMLCh* localname, const XMLCh*,
                                     const Attributes& attributes) {
  if (++elements_ > limits_.max_elements) {
    add_finding("FF01", {fmt::format("more than {} elements", limits_.max_elements),
                         fmt::format("vairāk nekā {} elementi", limits_.max_elements)});
    throw StopParse{};
  }
  if (path_.size() >= limits_.max_depth) {
    add_finding("FF01",
                {fmt::format("elements nest deeper than {} levels", limits_.max_depth),
                 fmt::format("elementi ir ligzdoti dziļāk par {} līmeņiem", limits_.max_depth)});
    throw StopParse{};
  }
  // Past the findings cap nothing more can be said, and Xerces would go on
  // keeping a declaration for each new undeclared name (~36 times its bytes:
  // gigabytes for a large file of <a1/><a2/>... read in the one pass).
  if (report_.findings_truncated) throw StopParse{};
  // A chunk stops at its first finding (the whole file is then checked in
  // one pass anyway) or soon after another chunk has stopped.
  if (abandoned_ != nullptr &&
      (!report_.findings.empty() ||
       (elements_ % kAbandonCheckInterval == 0 && abandoned_->load(std::memory_order_relaxed)))) {
    throw StopParse{};
  }
  path_.emplace_back();
  xml::ascii_name(localname, path_.back());
  count_in_envelope(uri, localname);
  if (path_.size() == 1) start_root(uri);
  if (native_ != nullptr) follow_type(attributes);
  if (!rules_) return;
  std::string currency;
  if (const XMLCh* ccy = attributes.getValue(u"Ccy")) currency = xml::to_utf8(ccy);
  capturing_ = rules_->open(path_, currency, here());
  if (capturing_) {
    field_at_ = here();
    text_.clear();
  }
}

void ValidatingHandler::characters(const XMLCh* chars, const XMLSize_t length) {
  if (capturing_) text_.append(chars, length);
  if (checked_ != nullptr) value_.append(chars, length);
}

void ValidatingHandler::endElement(const XMLCh*, const XMLCh*, const XMLCh*) {
  if (native_ != nullptr) {
    if (checked_ != nullptr) check_value();
    types_.pop_back();
  }
  if (rules_) {
    if (capturing_) {
      rules_->text(path_, xml::to_utf8(text_.data(), text_.size()), field_at_);
      capturing_ = false;
    }
    rules_->close(path_, here());
  }
  if (path_.size() == envelope_depth_) envelope_depth_ = 0;
  path_.pop_back();
}

// pain.001.001.09's SplmtryData/Envlp takes any element, unvalidated; Xerces
// still keeps a declaration for each new name in it (~36 times its bytes:
// <a1/><a2/>...), and makes no finding that would end the parse at the
// findings cap. An ERP's data uses a few names, again and again: the new
// names in a file's envelopes are bounded, in number and in bytes.
void ValidatingHandler::count_in_envelope(const XMLCh* uri, const XMLCh* localname) {
  if (envelope_depth_ != 0) {
    // As Xerces keeps them: by namespace and name, UTF-16 (not path_'s ASCII form).
    const std::u16string_view name(localname);
    const std::u16string_view space(uri != nullptr ? uri : u"");
    const std::size_t key =
        std::hash<std::u16string_view>{}(name)*31 + std::hash<std::u16string_view>{}(space);
    if (!envelope_names_.insert(key).second) return;
    envelope_name_bytes_ += 2 * (name.size() + space.size());
    if (envelope_names_.size() <= kMaxEnvelopeNames &&
        envelope_name_bytes_ <= kMaxEnvelopeNameBytes) {
      return;
    }
    add_finding("FF01",
                {fmt::format("the supplementary data (SplmtryData/Envlp) of this file uses more "
                             "than {} different element names (or names of more than {} bytes "
                             "together)",
                             kMaxEnvelopeNames, kMaxEnvelopeNameBytes),
                 fmt::format("šī faila papildu datos (SplmtryData/Envlp) ir vairāk nekā {} "
                             "dažādu elementu nosaukumu (vai nosaukumi kopā pārsniedz {} baitus)",
                             kMaxEnvelopeNames, kMaxEnvelopeNameBytes)});
    throw StopParse{};
  }
  if (path_.size() >= 2 && path_.back() == "Envlp" && path_[path_.size() - 2] == "SplmtryData") {
    envelope_depth_ = path_.size();
  }
}

void ValidatingHandler::comment(const XMLCh*, XMLSize_t) { irregular_markup(); }
void ValidatingHandler::startCDATA() { irregular_markup(); }
void ValidatingHandler::processingInstruction(const XMLCh*, const XMLCh*) { irregular_markup(); }

void ValidatingHandler::follow_type(const Attributes& attributes) {
  using ElementType = xml::NativePatterns::ElementType;
  const ElementType* type = nullptr;
  if (types_.empty()) {
    type = native_->root(root_namespace_, path_.back());  // null: Xerces checks everything
  } else if (const ElementType* parent = types_.back()) {
    const auto* child = parent->child(path_.back());
    if (child != nullptr) {
      type = child->second;
    } else if (!parent->skip_content) {
      cannot_vouch();  // not declared there: the one pass says why
    }                  // else: under a skip wildcard, nothing is checked (type stays null)
  }
  // xsi:type would make the element's type other than the one followed here.
  if (type != nullptr &&
      attributes.getValue(u"http://www.w3.org/2001/XMLSchema-instance", u"type") != nullptr) {
    cannot_vouch();
  }
  types_.push_back(type);
  checked_ = type != nullptr && !type->patterns.empty() ? type : nullptr;
  value_.clear();
}

void ValidatingHandler::check_value() {
  for (const xml::XsdPattern* pattern : checked_->patterns) {
    if (!pattern->matches(value_)) cannot_vouch();  // the one pass reports it in Xerces' words
  }
  checked_ = nullptr;
}

void ValidatingHandler::cannot_vouch() {
  irregular_ = true;
  throw StopParse{};
}

void ValidatingHandler::irregular_markup() {
  if (abandoned_ == nullptr) return;  // legal XML; only a chunk cannot vouch for its boundary
  irregular_ = true;
  throw StopParse{};
}

void ValidatingHandler::flush_pending() {
  for (auto& f : pending_) findings_.add(std::move(f));
  pending_.clear();
}

void ValidatingHandler::count_into(rules::ValidationReport& report) const {
  if (rules_) rules_->count_into(report);
}

void ValidatingHandler::start_root(const XMLCh* uri) {
  std::string ns = xml::to_utf8(uri);
  if (native_ != nullptr) {  // a chunk: its grammars know our namespaces by aliases
    ns = schemas_.unalias(ns);
    if (ns.empty()) cannot_vouch();  // not a namespace of ours: the one pass says so
  }
  root_namespace_ = ns;
  const auto type = schemas_.message_type_of(ns);
  if (type.empty()) {
    pending_.clear();  // "no declaration found" and the like say less than this
    add_finding("FF01", {fmt::format("unsupported message: root element {} in namespace '{}'; "
                                     "supported: {}",
                                     path_.front(), ns, schemas_.supported()),
                         fmt::format("neatbalstīts ziņojums: saknes elements {} vārdtelpā '{}'; "
                                     "atbalstīti: {}",
                                     path_.front(), ns, schemas_.supported())});
    throw StopParse{};
  }
  report_.message_type = std::string(type);
  rules_ = make_rules(type, settings_, findings_, payments_);
  root_seen_ = true;
  flush_pending();
}

rules::Position ValidatingHandler::here() const {
  return {locator_ != nullptr ? locator_->getLineNumber() : 0,
          locator_ != nullptr ? locator_->getColumnNumber() : 0, &path_};
}

void ValidatingHandler::add_finding(std::string_view code, Sentence text) {
  findings_.add(rules::Finding{std::string(code),
                               here().line,
                               here().column,
                               here().path(),
                               {},
                               {},
                               {},
                               {},
                               std::move(text.en),
                               std::move(text.lv)});
}

void ValidatingHandler::schema_finding(const SAXParseException& e) {
  const std::string message = xml::to_utf8(e.getMessage());
  if (const auto* type = schemas_.native_schema().type_at(root_namespace_, path_);
      type != nullptr && type->value != nullptr && type->value->max_length &&
      length_overcounted(message, *type->value->max_length)) {
    return;
  }
  const std::string path = here().path();
  // Asked only for an element past a count Xerces writes as '*'. The counts
  // come from the schema itself (the one read for chunks, built once).
  const RepeatBound bound = [this](std::string_view element) -> std::optional<std::size_t> {
    const std::size_t most = schemas_.native_schema().most_of(root_namespace_, path_, element);
    return most > 0 ? std::optional(most) : std::nullopt;
  };
  Sentence text = readable_schema_text(message, path, bound);
  rules::Finding f{"FF01", e.getLineNumber(),  e.getColumnNumber(), path, {}, {}, {},
                   {},     std::move(text.en), std::move(text.lv)};
  if (root_seen_) {
    findings_.add(std::move(f));
  } else {
    pending_.push_back(std::move(f));
  }
}

}  // namespace gw::iso20022
