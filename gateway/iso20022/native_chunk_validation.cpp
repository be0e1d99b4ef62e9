#include "iso20022/native_chunk_validation.h"

#include <string>
#include <vector>

#include "rules/finding_list.h"
#include "rules/pain001_rules.h"
#include "xml/native_schema.h"

namespace gw::iso20022 {
namespace {

using Event = xml::PlainXmlScanner::Event;
using Type = xml::NativeSchema::Type;
using Verdict = NativeChunkOutcome::Verdict;

// How often (in elements) a chunk looks whether another one has failed.
constexpr std::uint64_t kAbandonCheckInterval = 4096;

struct GaveUp {
  std::string_view why;
};

class NativeChunk {
 public:
  NativeChunk(const xml::SchemaSet& schemas, const ValidationLimits& limits,
              std::size_t renamed_declarations, CivilDate today, rules::ValidationReport& report,
              rules::PaymentSink* payments, const std::atomic<bool>& abandoned)
      : schemas_(schemas),
        limits_(limits),
        aliases_left_(renamed_declarations),
        report_(report),
        findings_(report, limits.max_findings),
        settings_{today, limits.execution_horizon_days, true},
        payments_(payments),
        abandoned_(abandoned) {}

  NativeChunkOutcome run(xml::PlainXmlScanner& scanner) {
    NativeChunkOutcome out;
    try {
      while (true) {
        const Event event = scanner.next();
        if (event == Event::kDone) break;
        if (event == Event::kGiveUp) throw GaveUp{scanner.reason()};
        if (event == Event::kStart) start(scanner);
        if (event == Event::kText) text(scanner);
        if (event == Event::kEnd) end();
        if (!report_.findings.empty()) {
          out.verdict = Verdict::kFinding;
          return out;
        }
      }
    } catch (const GaveUp& e) {
      out.gave_up_on = e.why;
      out.gave_up_at = path_.empty() ? std::string() : rules::Position{0, 0, &path_}.path();
      return out;
    }
    if (!rules_ || !report_.findings.empty()) return out;
    rules_->count_into(report_);
    out.tally = rules_->take_tally();
    out.elements = elements_;
    out.verdict = Verdict::kPassed;
    return out;
  }

 private:
  struct Frame {
    const Type* type;
    std::int32_t state;        // in the type's content model (kElements)
    std::uint32_t last_child;  // the symbol of the child seen last, where the next search starts
    bool text_seen;
  };

  void start(const xml::PlainXmlScanner& scanner) {
    if (++elements_ > limits_.max_elements || frames_.size() >= limits_.max_depth) {
      throw GaveUp{"a limit"};
    }
    if (elements_ % kAbandonCheckInterval == 0 && abandoned_.load(std::memory_order_relaxed)) {
      throw GaveUp{"another chunk failed"};
    }
    declarations(scanner);
    const Type* type = nullptr;
    if (frames_.empty()) {
      type = root(scanner);
    } else {
      if (scanner.uri() != root_uri_ || scanner.schema_location()) {
        throw GaveUp{"an element of another namespace"};
      }
      Frame& parent = frames_.back();
      if (parent.type->content != Type::Content::kElements) throw GaveUp{"a child element"};
      const std::size_t symbol = parent.type->symbol(scanner.local_name(), parent.last_child);
      if (symbol == parent.type->children.size()) throw GaveUp{"an undeclared element"};
      parent.last_child = static_cast<std::uint32_t>(symbol);
      parent.state = parent.type->model->step(parent.state, symbol);
      if (parent.state == xml::ContentAutomaton::kRefused) throw GaveUp{"an element out of place"};
      type = parent.type->children[symbol].type;
    }
    if (type == nullptr || type->content == Type::Content::kNotNative) {
      throw GaveUp{"a type not modelled"};
    }
    const std::string_view currency = attributes(*type, scanner);
    frames_.push_back({type, type->model ? type->model->start() : 0, 0, false});
    path_.emplace_back(scanner.local_name());
    capturing_ = rules_->open(path_, currency, here());
    value_.clear();
  }

  // The root: its namespace one of our aliases for a pain.001 schema.
  const Type* root(const xml::PlainXmlScanner& scanner) {
    root_uri_ = scanner.uri();
    const std::string_view ns = schemas_.unalias(root_uri_);
    if (ns.empty()) throw GaveUp{"a root namespace"};
    const std::string_view message_type = schemas_.message_type_of(ns);
    if (message_type.rfind("pain.001.", 0) != 0) throw GaveUp{"not a pain.001"};
    report_.message_type = std::string(message_type);
    rules_ = std::make_unique<rules::Pain001Rules>(settings_, findings_, payments_);
    return schemas_.native_schema().root(ns, scanner.local_name());
  }

  // Only the declarations renamed on the root may name an alias: any other
  // would put elements of a namespace we do not know under one of ours.
  void declarations(const xml::PlainXmlScanner& scanner) {
    for (const auto& d : scanner.declarations()) {
      if (schemas_.unalias(d.uri).empty()) continue;
      if (!frames_.empty() || aliases_left_ == 0) throw GaveUp{"an alias declared"};
      --aliases_left_;
    }
  }

  // Checks the attributes against the type's; the Ccy attribute's value.
  std::string_view attributes(const Type& type, const xml::PlainXmlScanner& scanner) {
    std::string_view currency;
    std::size_t required_seen = 0;
    for (const auto& a : scanner.attributes()) {
      const xml::NativeSchema::Attribute* declared = nullptr;
      for (const auto& d : type.attributes) {
        if (d.name == a.local_name) declared = &d;
      }
      if (declared == nullptr || !declared->value->accepts(a.value)) {
        throw GaveUp{"an attribute"};
      }
      if (declared->required) ++required_seen;
      if (a.local_name == "Ccy") currency = a.value;
    }
    std::size_t required = 0;
    for (const auto& d : type.attributes) required += d.required ? 1 : 0;
    if (required_seen != required) throw GaveUp{"a required attribute missing"};
    return currency;  // a view into the scanner's buffer, used before its next event
  }

  void text(const xml::PlainXmlScanner& scanner) {
    if (frames_.empty()) throw GaveUp{"text outside the root"};
    Frame& frame = frames_.back();
    frame.text_seen = true;
    switch (frame.type->content) {
      case Type::Content::kSimple:
        if (scanner.text_had_carriage_return())
          throw GaveUp{"a carriage return"};  // XML changes it
        value_.assign(scanner.text());
        break;
      case Type::Content::kElements:
        if (!scanner.text_is_whitespace() || scanner.text_had_reference()) {
          throw GaveUp{"text between child elements"};
        }
        break;
      default:
        throw GaveUp{"text in an empty element"};
    }
  }

  void end() {
    const Frame frame = frames_.back();
    switch (frame.type->content) {
      case Type::Content::kSimple:
        if (!frame.type->value->accepts(value_)) throw GaveUp{"a value"};
        break;
      case Type::Content::kElements:
        if (!frame.type->model->accepts(frame.state)) throw GaveUp{"content ends early"};
        value_.clear();  // whitespace between children is no text of the element
        break;
      default:
        if (frame.text_seen) throw GaveUp{"text in an empty element"};
    }
    if (capturing_) {
      rules_->text(path_, value_, here());
      capturing_ = false;
    }
    rules_->close(path_, here());
    frames_.pop_back();
    path_.pop_back();
  }

  rules::Position here() const { return {0, 0, &path_}; }

  const xml::SchemaSet& schemas_;
  const ValidationLimits& limits_;
  std::size_t aliases_left_;
  rules::ValidationReport& report_;
  rules::FindingList findings_;
  rules::Pain001RuleSettings settings_;
  rules::PaymentSink* payments_;
  const std::atomic<bool>& abandoned_;
  std::unique_ptr<rules::Pain001Rules> rules_;
  std::string root_uri_;
  std::vector<Frame> frames_;
  std::vector<std::string> path_;
  bool capturing_ = false;
  std::string value_;
  std::uint64_t elements_ = 0;
};

}  // namespace

NativeChunkOutcome validate_chunk_natively(
    const xml::SchemaSet& schemas, const ValidationLimits& limits, xml::PlainXmlScanner::Read read,
    std::size_t renamed_declarations, CivilDate today, rules::ValidationReport& report,
    rules::PaymentSink* payments, const std::atomic<bool>& abandoned) {
  xml::PlainXmlScanner scanner(std::move(read));
  NativeChunk chunk(schemas, limits, renamed_declarations, today, report, payments, abandoned);
  return chunk.run(scanner);
}

}  // namespace gw::iso20022
