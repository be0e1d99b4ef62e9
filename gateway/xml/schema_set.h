// The guideline XSDs from xsd/, compiled into the binary and parsed into
// Xerces grammar pools that are then locked.
//
// A compiled pool is never used by two parses at once, although Xerces calls a
// locked pool shareable: some grammar parts are completed lazily on first use
// (a regular expression's character-class map, guarded by an assert that
// aborts the process when two threads race there; seen with helgrind and as a
// crash under chunked validation). So each parse leases a pool of its own;
// pools are compiled on demand (about 20 ms and 2 MiB each) and reused.
// REQUIRES: a live XercesRuntime for the whole life of a SchemaSet.
#pragma once

#include <memory>
#include <mutex>
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
  // Compiles the first pool: an invalid XSD stops start-up here.
  static Result<std::unique_ptr<SchemaSet>> load(std::span<const BuiltinSchema> schemas);
  ~SchemaSet();

  // Exclusive use of one compiled pool until the lease ends. The lease must
  // end before the SchemaSet does.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    xercesc_3_2::XMLGrammarPool* pool() const { return pool_.get(); }

   private:
    friend class SchemaSet;
    Lease(const SchemaSet& owner, std::unique_ptr<xercesc_3_2::XMLGrammarPool> pool);
    const SchemaSet* owner_;
    std::unique_ptr<xercesc_3_2::XMLGrammarPool> pool_;
  };
  // A free pool, or a newly compiled one. Thread-safe.
  Result<Lease> lease() const;

  // The message type (e.g. pain.001.001.03) for a root namespace; empty when unsupported.
  std::string_view message_type_of(std::string_view target_namespace) const;
  // Comma-separated supported message types, for error messages.
  std::string supported() const;

 private:
  SchemaSet() = default;
  static Result<std::unique_ptr<xercesc_3_2::XMLGrammarPool>> compile(
      std::span<const BuiltinSchema> schemas);
  void give_back(std::unique_ptr<xercesc_3_2::XMLGrammarPool> pool) const;

  std::vector<BuiltinSchema> schemas_;
  mutable std::mutex mutex_;  // guards free_
  mutable std::vector<std::unique_ptr<xercesc_3_2::XMLGrammarPool>> free_;
};

}  // namespace gw::xml
