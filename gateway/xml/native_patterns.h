// Pattern facets checked by our code instead of Xerces, for the chunks of a
// large file (chunked_validation.h): Xerces' regular expressions were a tenth
// of a 100k-payment upload's CPU. For each schema that qualifies, this holds
// the schema's text without its pattern facets (the chunks are parsed against
// grammars compiled from it) and, per element type, the compiled patterns its
// text must match and its child elements' types, so the handler can follow
// the document and check each value.
//
// A schema qualifies only when that is exact: every pattern compiles
// (xsd_pattern.h) and belongs to an atomic type derived from xs:string with
// whitespace preserved; no pattern is on an attribute; the content models
// have no wildcards but processContents="skip" ones, no substitution groups
// or abstract elements, and children are in the schema's own namespace. Other schemas keep their
// patterns in the grammar. A chunk that cannot follow its document (xsi:type, an element its parent
// does not declare) or finds a value that does not match is not vouched for, and the file is then
// validated in one pass against the full grammars, which finds and words every problem exactly as
// before.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "xml/xsd_pattern.h"

namespace xercesc_3_2 {
class XMLGrammarPool;
}

namespace gw::xml {

struct BuiltinSchema;

class NativePatterns {
 public:
  struct ElementType {
    std::vector<const XsdPattern*> patterns;  // the element's text must match each
    // Child elements by local name: a handful each, so a list beats hashing.
    std::vector<std::pair<std::string, const ElementType*>> children;
    // A skip wildcard: any other child is allowed, and nothing below it checked.
    bool skip_content = false;
    // The type of child `name`; nullptr when it has none.
    const std::pair<std::string, const ElementType*>* child(std::string_view name) const {
      for (const auto& c : children) {
        if (c.first == name) return &c;
      }
      return nullptr;
    }
  };

  // Reads the XSModel of `pool`, compiled from `schemas` (same order).
  static NativePatterns build(xercesc_3_2::XMLGrammarPool& pool,
                              std::span<const BuiltinSchema> schemas);
  // Nothing checked natively: every schema keeps its patterns.
  static NativePatterns none(std::span<const BuiltinSchema> schemas);

  // The type of a root element; null when its schema keeps its patterns.
  const ElementType* root(std::string_view target_namespace, std::string_view local_name) const;
  // Schema i's text for the chunk grammars: without its pattern facets when
  // it qualifies, else as it is.
  std::string_view chunk_text(std::size_t i) const { return chunk_texts_.at(i); }
  std::size_t qualified() const { return qualified_; }

 private:
  std::deque<XsdPattern> patterns_;
  std::deque<ElementType> types_;
  std::map<std::pair<std::string, std::string>, const ElementType*, std::less<>> roots_;
  std::vector<std::string> chunk_texts_;
  std::size_t qualified_ = 0;
};

}  // namespace gw::xml
