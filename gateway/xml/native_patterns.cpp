#include "xml/native_patterns.h"

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
#include <xercesc/framework/psvi/XSWildcard.hpp>

#include "xml/schema_set.h"
#include "xml/xml_text.h"

namespace gw::xml {
namespace {

using namespace xercesc;

constexpr std::u16string_view kXsdNamespace = u"http://www.w3.org/2001/XMLSchema";

std::u16string_view view(const XMLCh* s) { return s == nullptr ? u"" : std::u16string_view(s); }

std::u16string from_ascii(std::string_view s) { return {s.begin(), s.end()}; }

// The schema text without its pattern facets; nothing when a facet is not
// written in the one form this removes.
std::optional<std::string> without_patterns(std::string_view text) {
  static constexpr std::string_view kOpen = "<xs:pattern value=\"";
  static constexpr std::string_view kClose = "\"/>";
  std::string out;
  std::size_t at = 0;
  for (std::size_t found; (found = text.find(kOpen, at)) != std::string_view::npos;) {
    const std::size_t value_end = text.find('"', found + kOpen.size());
    if (value_end == std::string_view::npos || text.substr(value_end, kClose.size()) != kClose) {
      return std::nullopt;
    }
    out.append(text.substr(at, found - at));
    at = value_end + kClose.size();
  }
  out.append(text.substr(at));
  if (out.find("pattern") != std::string::npos) return std::nullopt;  // another spelling
  return out;
}

// One schema's element types, followed from its global elements.
class SchemaWalk {
 public:
  using ElementType = NativePatterns::ElementType;

  SchemaWalk(std::u16string_view target_namespace, std::deque<ElementType>& types,
             std::deque<XsdPattern>& patterns,
             std::map<std::u16string, const XsdPattern*, std::less<>>& compiled)
      : namespace_(target_namespace), types_(types), patterns_(patterns), compiled_(compiled) {}

  bool ok() const { return ok_; }

  const ElementType* element(XSElementDeclaration* e) {
    if (e->getAbstract() || e->getSubstitutionGroupAffiliation() != nullptr ||
        view(e->getNamespace()) != namespace_) {
      ok_ = false;
      return nullptr;
    }
    return type(e->getTypeDefinition());
  }

 private:
  const ElementType* type(XSTypeDefinition* t) {
    if (auto found = memo_.find(t); found != memo_.end()) return found->second;
    ElementType& node = types_.emplace_back();
    memo_.emplace(t, &node);  // before the children: content models may be recursive
    if (t->getTypeCategory() == XSTypeDefinition::SIMPLE_TYPE) {
      add_patterns(static_cast<XSSimpleTypeDefinition*>(t), node);
      return &node;
    }
    auto* complex = static_cast<XSComplexTypeDefinition*>(t);
    check_attributes(complex);
    switch (complex->getContentType()) {
      case XSComplexTypeDefinition::CONTENTTYPE_SIMPLE:
        add_patterns(complex->getSimpleType(), node);
        break;
      case XSComplexTypeDefinition::CONTENTTYPE_ELEMENT:
      case XSComplexTypeDefinition::CONTENTTYPE_MIXED:
        if (complex->getParticle() != nullptr) particle(complex->getParticle(), node);
        break;
      case XSComplexTypeDefinition::CONTENTTYPE_EMPTY:
        break;
    }
    return &node;
  }

  void particle(XSParticle* p, ElementType& parent) {
    switch (p->getTermType()) {
      case XSParticle::TERM_ELEMENT: {
        XSElementDeclaration* e = p->getElementTerm();
        const ElementType* child = element(e);
        const std::string name = to_utf8(e->getName());
        if (const auto* known = parent.child(name)) {
          if (known->second != child) ok_ = false;  // one name, two types
        } else {
          parent.children.emplace_back(name, child);
        }
        break;
      }
      case XSParticle::TERM_MODELGROUP: {
        XSParticleList* parts = p->getModelGroupTerm()->getParticles();
        for (XMLSize_t i = 0; parts != nullptr && i < parts->size(); ++i) {
          particle(parts->elementAt(i), parent);
        }
        break;
      }
      case XSParticle::TERM_WILDCARD:
        // processContents="skip": whatever comes is not validated, by Xerces
        // either; other wildcards would need its lookup of declarations.
        if (p->getWildcardTerm()->getProcessContents() == XSWildcard::PC_SKIP) {
          parent.skip_content = true;
        } else {
          ok_ = false;
        }
        break;
      default:  // something newer
        ok_ = false;
    }
  }

  void check_attributes(XSComplexTypeDefinition* t) {
    if (t->getAttributeWildcard() != nullptr) ok_ = false;
    XSAttributeUseList* uses = t->getAttributeUses();
    for (XMLSize_t i = 0; uses != nullptr && i < uses->size(); ++i) {
      ElementType scratch;
      add_patterns(uses->elementAt(i)->getAttrDeclaration()->getTypeDefinition(), scratch);
      if (!scratch.patterns.empty()) ok_ = false;  // only element text is checked natively
    }
  }

  // The patterns of `t` and of the types it derives from (each must match).
  void add_patterns(XSSimpleTypeDefinition* t, ElementType& node) {
    bool whitespace_preserved = true;
    XSTypeDefinition* at = t;
    for (; at != nullptr && view(at->getNamespace()) != kXsdNamespace; at = at->getBaseType()) {
      if (at->getTypeCategory() != XSTypeDefinition::SIMPLE_TYPE) {
        ok_ = false;
        return;
      }
      auto* simple = static_cast<XSSimpleTypeDefinition*>(at);
      if (simple->isDefinedFacet(XSSimpleTypeDefinition::FACET_WHITESPACE) &&
          view(simple->getLexicalFacetValue(XSSimpleTypeDefinition::FACET_WHITESPACE)) !=
              u"preserve") {
        whitespace_preserved = false;
      }
      StringList* own = simple->getLexicalPattern();
      for (XMLSize_t i = 0; own != nullptr && i < own->size(); ++i) {
        if (simple->getVariety() != XSSimpleTypeDefinition::VARIETY_ATOMIC) ok_ = false;
        add_pattern(own->elementAt(i), node);
      }
    }
    // The builtin the chain ends in: the value is checked as written only for xs:string.
    if (!node.patterns.empty() &&
        (at == nullptr || view(at->getName()) != u"string" || !whitespace_preserved)) {
      ok_ = false;
    }
  }

  void add_pattern(const XMLCh* text, ElementType& node) {
    const std::u16string_view pattern = view(text);
    auto found = compiled_.find(pattern);
    if (found == compiled_.end()) {
      auto compiled = XsdPattern::compile(pattern);
      const XsdPattern* p = nullptr;
      if (compiled) {
        p = &patterns_.emplace_back(std::move(*compiled));
      }
      found = compiled_.emplace(std::u16string(pattern), p).first;
    }
    if (found->second == nullptr) {
      ok_ = false;
      return;
    }
    for (const XsdPattern* p : node.patterns) {
      if (p == found->second) return;
    }
    node.patterns.push_back(found->second);
  }

  std::u16string_view namespace_;
  std::deque<ElementType>& types_;
  std::deque<XsdPattern>& patterns_;
  std::map<std::u16string, const XsdPattern*, std::less<>>& compiled_;
  std::unordered_map<const XSTypeDefinition*, const ElementType*> memo_;
  bool ok_ = true;
};

}  // namespace

NativePatterns NativePatterns::build(XMLGrammarPool& pool, std::span<const BuiltinSchema> schemas) {
  NativePatterns out;
  bool changed = false;
  XSModel* model = pool.getXSModel(changed);
  std::map<std::u16string, const XsdPattern*, std::less<>> compiled;
  for (const BuiltinSchema& schema : schemas) {
    out.chunk_texts_.emplace_back(schema.text);
    const std::u16string ns = from_ascii(schema.target_namespace);
    XSNamedMap<XSObject>* globals =
        model == nullptr
            ? nullptr
            : model->getComponentsByNamespace(XSConstants::ELEMENT_DECLARATION, ns.c_str());
    auto stripped = without_patterns(schema.text);
    if (globals == nullptr || !stripped) continue;

    const std::size_t types_before = out.types_.size();
    SchemaWalk walk(ns, out.types_, out.patterns_, compiled);
    std::vector<std::pair<std::string, const ElementType*>> roots;
    for (XMLSize_t i = 0; i < globals->getLength(); ++i) {
      auto* e = static_cast<XSElementDeclaration*>(globals->item(i));
      roots.emplace_back(to_utf8(e->getName()), walk.element(e));
    }
    if (!walk.ok()) {
      out.types_.resize(types_before);  // nothing of this schema is used
      continue;
    }
    for (auto& [name, type] : roots) {
      out.roots_.emplace(std::pair(std::string(schema.target_namespace), std::move(name)), type);
    }
    out.chunk_texts_.back() = std::move(*stripped);
    ++out.qualified_;
  }
  return out;
}

NativePatterns NativePatterns::none(std::span<const BuiltinSchema> schemas) {
  NativePatterns out;
  for (const BuiltinSchema& schema : schemas) out.chunk_texts_.emplace_back(schema.text);
  return out;
}

const NativePatterns::ElementType* NativePatterns::root(std::string_view target_namespace,
                                                        std::string_view local_name) const {
  auto found = roots_.find(std::pair(std::string(target_namespace), std::string(local_name)));
  return found == roots_.end() ? nullptr : found->second;
}

}  // namespace gw::xml
