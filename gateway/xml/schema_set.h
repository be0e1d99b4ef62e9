// The guideline XSDs from xsd/, compiled into the binary, parsed once into a
// Xerces grammar pool that is then locked. A locked pool is read-only and may
// be shared by any number of parsers on any threads (Xerces documents this).
// REQUIRES: a live XercesRuntime for the whole life of a SchemaSet.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace xercesc_3_2 {
class XMLGrammarPool;
}

namespace gw::xml {

struct BuiltinSchema {
  std::string_view message_type;  // pain.001.001.03
  std::string_view target_namespace;
  std::string_view text;
};

// The XSDs under xsd/, in file-name order.
std::span<const BuiltinSchema> builtin_schemas();

class SchemaSet {
 public:
  static Result<std::unique_ptr<SchemaSet>> load(std::span<const BuiltinSchema> schemas);
  ~SchemaSet();

  xercesc_3_2::XMLGrammarPool* pool() const { return pool_.get(); }
  // The message type (e.g. pain.001.001.03) for a root namespace; empty when unsupported.
  std::string_view message_type_of(std::string_view target_namespace) const;
  // Comma-separated supported message types, for error messages.
  std::string supported() const;

 private:
  SchemaSet() = default;
  std::unique_ptr<xercesc_3_2::XMLGrammarPool> pool_;
  std::vector<BuiltinSchema> schemas_;
};

}  // namespace gw::xml
