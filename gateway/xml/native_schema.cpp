#include "xml/native_schema.h"

#include <charconv>
#include <unordered_map>
#include <xercesc/framework/XMLGrammarPool.hpp>
#include <xercesc/framework/psvi/XSAttributeDeclaration.hpp>
#include <xercesc/framework/psvi/XSAttributeUse.hpp>
#include <xercesc/framework/psvi/XSComplexTypeDefinition.hpp>
#include <xercesc/framework/psvi/XSElementDeclaration.hpp>
#include <xercesc/framework/psvi/XSModel.hpp>
#include <xercesc/framework/psvi/XSModelGroup.hpp>
#include <xercesc/framework/psvi/XSNamedMap.hpp>
#include <xercesc/framework/psvi/XSParticle.hpp>
#include <xercesc/framework/psvi/XSSimpleTypeDefinition.hpp>

#include "xml/schema_set.h"
#include "xml/xml_text.h"

namespace gw::xml {

using namespace xercesc;

namespace {

constexpr std::u16string_view kXsdNamespace = u"http://www.w3.org/2001/XMLSchema";

std::u16string_view view(const XMLCh* s) { return s == nullptr ? u"" : std::u16string_view(s); }

std::optional<std::size_t> count_of(const XMLCh* text) {
  const std::string s = to_utf8(text);
  std::size_t n = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (error != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

bool is_zero(const XMLCh* text) {
  const std::string s = to_utf8(text);
  return !s.empty() && s.find_first_not_of("0.") == std::string::npos && s.front() != '.';
}

}  // namespace

// One schema's types, followed from its global elements.
class NativeSchemaWalk {
 public:
  using Type = NativeSchema::Type;

  NativeSchemaWalk(std::u16string_view target_namespace, NativeSchema& out)
      : namespace_(target_namespace), out_(out) {}

  bool ok() const { return ok_; }

  const Type* element(XSElementDeclaration* e) {
    if (e->getAbstract() || e->getSubstitutionGroupAffiliation() != nullptr ||
        view(e->getNamespace()) != namespace_ ||
        e->getConstraintType() != XSConstants::VALUE_CONSTRAINT_NONE ||
        (e->getIdentityConstraints() != nullptr && e->getIdentityConstraints()->getLength() > 0)) {
      ok_ = false;
      return nullptr;
    }
    return type(e->getTypeDefinition());
  }

 private:
  const Type* type(XSTypeDefinition* t) {
    if (auto found = memo_.find(t); found != memo_.end()) return found->second;
    Type& node = out_.types_.emplace_back();
    memo_.emplace(t, &node);  // before the children: content models may be recursive
    if (t->getTypeCategory() == XSTypeDefinition::SIMPLE_TYPE) {
      node.value = value(static_cast<XSSimpleTypeDefinition*>(t));
      node.content = node.value != nullptr ? Type::Content::kSimple : Type::Content::kNotNative;
      return &node;
    }
    auto* complex = static_cast<XSComplexTypeDefinition*>(t);
    // An element of an abstract type is valid only with xsi:type, which the scanner gives up on.
    bool native = !complex->getAbstract() && attributes(complex, node);
    switch (complex->getContentType()) {
      case XSComplexTypeDefinition::CONTENTTYPE_EMPTY:
        node.content = Type::Content::kEmpty;
        break;
      case XSComplexTypeDefinition::CONTENTTYPE_SIMPLE:
        node.value = value(complex->getSimpleType());
        native = native && node.value != nullptr;
        node.content = Type::Content::kSimple;
        break;
      case XSComplexTypeDefinition::CONTENTTYPE_ELEMENT: {
        node.content = Type::Content::kElements;
        ContentParticle model;
        if (complex->getParticle() == nullptr) {
          model.kind = ContentParticle::Kind::kSequence;  // no children at all
        } else if (!particle(complex->getParticle(), node, model)) {
          native = false;
          break;
        }
        node.model = ContentAutomaton::compile(model, node.children.size());
        native = native && node.model.has_value();
        break;
      }
      case XSComplexTypeDefinition::CONTENTTYPE_MIXED:
        native = false;
        break;
    }
    if (!native) node.content = Type::Content::kNotNative;
    return &node;
  }

  // `in_repeated_group`: a group around this particle may come more than once.
  bool particle(XSParticle* p, Type& parent, ContentParticle& out, bool in_repeated_group = false) {
    out.min_occurs = p->getMinOccurs();
    out.max_occurs = p->getMaxOccurs();
    out.unbounded = p->getMaxOccursUnbounded();
    switch (p->getTermType()) {
      case XSParticle::TERM_ELEMENT: {
        XSElementDeclaration* e = p->getElementTerm();
        const Type* child = element(e);
        const std::string name = to_utf8(e->getName());
        out.kind = ContentParticle::Kind::kElement;
        out.symbol = parent.symbol(name);
        const std::size_t most =
            in_repeated_group || out.unbounded || out.max_occurs < 2 ? 0 : out.max_occurs;
        if (out.symbol == parent.children.size()) {
          parent.children.push_back({name, child, most});
        } else if (parent.children[out.symbol].type != child) {
          return false;  // one name, two types
        } else {
          parent.children[out.symbol].most = 0;  // in two places: no one count
        }
        return true;
      }
      case XSParticle::TERM_MODELGROUP: {
        XSModelGroup* group = p->getModelGroupTerm();
        if (group->getCompositor() == XSModelGroup::COMPOSITOR_SEQUENCE) {
          out.kind = ContentParticle::Kind::kSequence;
        } else if (group->getCompositor() == XSModelGroup::COMPOSITOR_CHOICE) {
          out.kind = ContentParticle::Kind::kChoice;
        } else {
          return false;  // all
        }
        const bool repeated = in_repeated_group || out.unbounded || out.max_occurs > 1;
        XSParticleList* parts = group->getParticles();
        for (XMLSize_t i = 0; parts != nullptr && i < parts->size(); ++i) {
          if (!particle(parts->elementAt(i), parent, out.parts.emplace_back(), repeated)) {
            return false;
          }
        }
        return true;
      }
      default:  // wildcards, something newer
        return false;
    }
  }

  bool attributes(XSComplexTypeDefinition* t, Type& node) {
    if (t->getAttributeWildcard() != nullptr) return false;
    XSAttributeUseList* uses = t->getAttributeUses();
    for (XMLSize_t i = 0; uses != nullptr && i < uses->size(); ++i) {
      XSAttributeUse* use = uses->elementAt(i);
      XSAttributeDeclaration* decl = use->getAttrDeclaration();
      if (!view(decl->getNamespace()).empty()) {
        ok_ = false;
        return false;
      }
      if (use->getConstraintType() != XSConstants::VALUE_CONSTRAINT_NONE ||
          decl->getConstraintType() != XSConstants::VALUE_CONSTRAINT_NONE) {
        return false;
      }
      const SimpleValue* checked = value(decl->getTypeDefinition());
      if (checked == nullptr) return false;
      node.attributes.push_back({to_utf8(decl->getName()), checked, use->getRequired()});
    }
    return true;
  }

  // The simple type's check; null when simple_value.h cannot check it exactly.
  const SimpleValue* value(XSSimpleTypeDefinition* t) {
    if (auto found = values_.find(t); found != values_.end()) return found->second;
    const SimpleValue* made = make_value(t);
    values_.emplace(t, made);
    return made;
  }

  const SimpleValue* make_value(XSSimpleTypeDefinition* t) {
    constexpr int kTaken =
        XSSimpleTypeDefinition::FACET_LENGTH | XSSimpleTypeDefinition::FACET_MINLENGTH |
        XSSimpleTypeDefinition::FACET_MAXLENGTH | XSSimpleTypeDefinition::FACET_PATTERN |
        XSSimpleTypeDefinition::FACET_WHITESPACE | XSSimpleTypeDefinition::FACET_ENUMERATION |
        XSSimpleTypeDefinition::FACET_TOTALDIGITS | XSSimpleTypeDefinition::FACET_FRACTIONDIGITS |
        XSSimpleTypeDefinition::FACET_MININCLUSIVE | XSSimpleTypeDefinition::FACET_MINEXCLUSIVE;
    SimpleValue v;
    bool whitespace_preserved = true;
    bool has_length = false;
    bool has_digits = false;
    bool has_bound = false;
    XSTypeDefinition* at = t;
    for (; at != nullptr && view(at->getNamespace()) != kXsdNamespace; at = at->getBaseType()) {
      if (at->getTypeCategory() != XSTypeDefinition::SIMPLE_TYPE) return nullptr;
      auto* simple = static_cast<XSSimpleTypeDefinition*>(at);
      if (simple->getVariety() != XSSimpleTypeDefinition::VARIETY_ATOMIC) return nullptr;
      const int facets = simple->getDefinedFacets();
      if ((facets & ~kTaken) != 0) return nullptr;
      const auto facet = [&](XSSimpleTypeDefinition::FACET f) {
        return simple->getLexicalFacetValue(f);
      };
      if ((facets & XSSimpleTypeDefinition::FACET_WHITESPACE) != 0 &&
          view(facet(XSSimpleTypeDefinition::FACET_WHITESPACE)) != u"preserve") {
        whitespace_preserved = false;
      }
      if ((facets & XSSimpleTypeDefinition::FACET_LENGTH) != 0) {
        const auto n = count_of(facet(XSSimpleTypeDefinition::FACET_LENGTH));
        if (!n) return nullptr;
        v.min_length = std::max(v.min_length, *n);
        v.max_length = std::min(v.max_length.value_or(*n), *n);
        has_length = true;
      }
      if ((facets & XSSimpleTypeDefinition::FACET_MINLENGTH) != 0) {
        const auto n = count_of(facet(XSSimpleTypeDefinition::FACET_MINLENGTH));
        if (!n) return nullptr;
        v.min_length = std::max(v.min_length, *n);
        has_length = true;
      }
      if ((facets & XSSimpleTypeDefinition::FACET_MAXLENGTH) != 0) {
        const auto n = count_of(facet(XSSimpleTypeDefinition::FACET_MAXLENGTH));
        if (!n) return nullptr;
        v.max_length = std::min(v.max_length.value_or(*n), *n);
        has_length = true;
      }
      if ((facets & XSSimpleTypeDefinition::FACET_TOTALDIGITS) != 0) {
        const auto n = count_of(facet(XSSimpleTypeDefinition::FACET_TOTALDIGITS));
        if (!n) return nullptr;
        v.total_digits = std::min(v.total_digits.value_or(*n), *n);
        has_digits = true;
      }
      if ((facets & XSSimpleTypeDefinition::FACET_FRACTIONDIGITS) != 0) {
        const auto n = count_of(facet(XSSimpleTypeDefinition::FACET_FRACTIONDIGITS));
        if (!n) return nullptr;
        v.fraction_digits = std::min(v.fraction_digits.value_or(*n), *n);
        has_digits = true;
      }
      if ((facets & XSSimpleTypeDefinition::FACET_MININCLUSIVE) != 0) {
        if (!is_zero(facet(XSSimpleTypeDefinition::FACET_MININCLUSIVE))) return nullptr;
        has_bound = true;  // no value taken has a sign: each is >= 0
      }
      if ((facets & XSSimpleTypeDefinition::FACET_MINEXCLUSIVE) != 0) {
        if (!is_zero(facet(XSSimpleTypeDefinition::FACET_MINEXCLUSIVE))) return nullptr;
        v.above_zero = true;
        has_bound = true;
      }
      // The facet bits include what a type inherits; the lists are its own
      // (null when it has none: its base's level brings them).
      StringList* values = simple->getLexicalEnumeration();
      if ((facets & XSSimpleTypeDefinition::FACET_ENUMERATION) != 0 && values != nullptr) {
        auto& allowed = v.enumerations.emplace_back();
        for (XMLSize_t i = 0; i < values->size(); ++i)
          allowed.push_back(to_utf8(values->elementAt(i)));
      }
      StringList* own = simple->getLexicalPattern();
      if ((facets & XSSimpleTypeDefinition::FACET_PATTERN) != 0 && own != nullptr) {
        // Several patterns of one derivation step are alternatives: not taken.
        if (own->size() != 1) return nullptr;
        const XsdPattern* p = pattern(own->elementAt(0));
        if (p == nullptr) return nullptr;
        v.patterns.push_back(p);
      }
    }
    if (at == nullptr) return nullptr;
    const std::u16string_view builtin = view(at->getName());
    if (builtin == u"string") {
      if (!whitespace_preserved || has_digits || has_bound) return nullptr;
      v.builtin = SimpleValue::Builtin::kString;
    } else if (builtin == u"decimal") {
      v.builtin = SimpleValue::Builtin::kDecimal;
    } else if (builtin == u"date") {
      v.builtin = SimpleValue::Builtin::kDate;
    } else if (builtin == u"dateTime") {
      v.builtin = SimpleValue::Builtin::kDateTime;
    } else if (builtin == u"boolean") {
      v.builtin = SimpleValue::Builtin::kBoolean;
    } else {
      return nullptr;
    }
    if (v.builtin != SimpleValue::Builtin::kString && (has_length || !v.patterns.empty())) {
      return nullptr;  // patterns of other types are matched against their canonical form
    }
    if (v.builtin != SimpleValue::Builtin::kDecimal && (has_digits || has_bound)) return nullptr;
    return &out_.values_.emplace_back(std::move(v));
  }

  const XsdPattern* pattern(const XMLCh* text) {
    const std::u16string_view source = view(text);
    auto found = patterns_.find(std::u16string(source));
    if (found == patterns_.end()) {
      auto compiled = XsdPattern::compile(source);
      const XsdPattern* p = compiled ? &out_.patterns_.emplace_back(std::move(*compiled)) : nullptr;
      found = patterns_.emplace(std::u16string(source), p).first;
    }
    return found->second;
  }

  std::u16string_view namespace_;
  NativeSchema& out_;
  std::unordered_map<const XSTypeDefinition*, const Type*> memo_;
  std::unordered_map<const XSSimpleTypeDefinition*, const SimpleValue*> values_;
  std::map<std::u16string, const XsdPattern*> patterns_;
  bool ok_ = true;
};

NativeSchema NativeSchema::build(XMLGrammarPool& pool, std::span<const BuiltinSchema> schemas) {
  NativeSchema out;
  bool changed = false;
  XSModel* model = pool.getXSModel(changed);
  for (const BuiltinSchema& schema : schemas) {
    const std::u16string ns(schema.target_namespace.begin(), schema.target_namespace.end());
    XSNamedMap<XSObject>* globals =
        model == nullptr
            ? nullptr
            : model->getComponentsByNamespace(XSConstants::ELEMENT_DECLARATION, ns.c_str());
    if (globals == nullptr) continue;
    NativeSchemaWalk walk(ns, out);
    std::vector<std::pair<std::string, const Type*>> roots;
    for (XMLSize_t i = 0; i < globals->getLength(); ++i) {
      auto* e = static_cast<XSElementDeclaration*>(globals->item(i));
      roots.emplace_back(to_utf8(e->getName()), walk.element(e));
    }
    if (!walk.ok()) continue;  // its types stay unreachable
    for (auto& [name, type] : roots) {
      out.roots_.emplace(std::pair(std::string(schema.target_namespace), std::move(name)), type);
    }
  }
  return out;
}

const NativeSchema::Type* NativeSchema::root(std::string_view target_namespace,
                                             std::string_view local_name) const {
  auto found = roots_.find(std::pair(std::string(target_namespace), std::string(local_name)));
  return found == roots_.end() ? nullptr : found->second;
}

const NativeSchema::Type* NativeSchema::type_at(std::string_view target_namespace,
                                                std::span<const std::string> path) const {
  if (path.empty()) return nullptr;
  const Type* at = root(target_namespace, path.front());
  for (std::size_t i = 1; at != nullptr && i < path.size(); ++i) {
    const std::size_t symbol = at->symbol(path[i]);
    at = symbol < at->children.size() ? at->children[symbol].type : nullptr;
  }
  return at;
}

std::size_t NativeSchema::most_of(std::string_view target_namespace,
                                  std::span<const std::string> path,
                                  std::string_view element) const {
  const Type* parent = type_at(target_namespace, path);
  if (parent == nullptr) return 0;
  const std::size_t symbol = parent->symbol(element);
  return symbol < parent->children.size() ? parent->children[symbol].most : 0;
}

}  // namespace gw::xml
