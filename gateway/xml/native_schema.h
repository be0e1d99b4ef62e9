// A schema read out of Xerces' model of it into plain structures: for each
// element type its content (empty, a simple value, or child elements with
// their automaton) and its attributes, so that the chunks of a large file
// can be validated without Xerces (iso20022/native_chunk_validation.h).
//
// The fast path must never pass what Xerces would refuse. So a whole schema
// is left out (root() finds nothing) when it uses what this does not model at
// the level of declarations: elements of another namespace or with default
// or fixed values, substitution groups, abstract elements, identity
// constraints, qualified attributes. Single types are marked not native
// (the validation gives up where one occurs) for mixed content, `all`
// groups, wildcards, default or fixed attributes, and simple types other
// than those simple_value.h takes.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "xml/content_automaton.h"
#include "xml/simple_value.h"
#include "xml/xsd_pattern.h"

namespace xercesc_3_2 {
class XMLGrammarPool;
}

namespace gw::xml {

struct BuiltinSchema;

class NativeSchema {
 public:
  struct Type;
  struct Child {
    std::string name;  // local name, in the schema's namespace
    const Type* type = nullptr;
    // How many times it may come, when the schema bounds it by a number
    // above one (ISO's 2, our XSDs' lowered counts: 8 Othr, 7 AdrLine) and
    // nothing else repeats it; 0 otherwise. For findings: Xerces' content
    // model text writes such a count as '*'.
    std::size_t most = 0;
  };
  struct Attribute {
    std::string name;  // unqualified
    const SimpleValue* value = nullptr;
    bool required = false;
  };
  struct Type {
    enum class Content { kNotNative, kEmpty, kSimple, kElements };
    Content content = Content::kNotNative;
    const SimpleValue* value = nullptr;  // kSimple
    std::vector<Attribute> attributes;
    std::vector<Child> children;            // kElements; a child's symbol is its index
    std::optional<ContentAutomaton> model;  // kElements

    // The symbol of child `name`, or children.size() when there is none.
    // Names are unique among the children; the search starts at `from`
    // (the last child found: documents follow their sequences, so the next
    // is usually that one or the one after) and wraps around.
    std::size_t symbol(std::string_view name, std::size_t from = 0) const {
      const std::size_t n = children.size();
      if (from >= n) from = 0;
      for (std::size_t i = from; i < n; ++i) {
        if (children[i].name == name) return i;
      }
      for (std::size_t i = 0; i < from; ++i) {
        if (children[i].name == name) return i;
      }
      return n;
    }
  };

  // Reads the XSModel of `pool`, compiled from `schemas`.
  static NativeSchema build(xercesc_3_2::XMLGrammarPool& pool,
                            std::span<const BuiltinSchema> schemas);

  // The type of a global element; null when its schema is left out.
  const Type* root(std::string_view target_namespace, std::string_view local_name) const;
  // The type of the element at `path` (local names from the root), each
  // step a child of the one before; null when a step is not there.
  const Type* type_at(std::string_view target_namespace, std::span<const std::string> path) const;
  // Child::most of `element` in the element at `path`; 0 when either is not there.
  std::size_t most_of(std::string_view target_namespace, std::span<const std::string> path,
                      std::string_view element) const;

 private:
  friend class NativeSchemaWalk;
  std::deque<Type> types_;
  std::deque<SimpleValue> values_;
  std::deque<XsdPattern> patterns_;
  std::map<std::pair<std::string, std::string>, const Type*, std::less<>> roots_;
};

}  // namespace gw::xml
