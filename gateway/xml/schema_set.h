// The guideline XSDs from xsd/, compiled into the binary and parsed into
// Xerces grammar pools that are then locked.
//
// A compiled pool is never used by two parses at once, although Xerces calls a
// locked pool shareable: some grammar parts are completed lazily on first use
// (a regular expression's character-class map, guarded by an assert that
// aborts the process when two threads race there; seen with helgrind and as a
// crash under chunked validation). So each parse leases a pool of its own;
// pools are compiled on demand (about 20 ms and 2 MiB each) and reused.
//
// Two kinds of pools: the full grammars, and for the chunks of a large file
// the grammars without the pattern facets the handler checks natively
// (native_patterns.h), each under a short alias of its target namespace
// (namespace_alias.h).
// REQUIRES: a live XercesRuntime for the whole life of a SchemaSet.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "xml/native_patterns.h"
#include "xml/native_schema.h"

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

  enum class Grammars { kFull = 0, kForChunks = 1 };  // also an index into free_

  // Exclusive use of one compiled pool until the lease ends. The lease must
  // end before the SchemaSet does, and a reader given its pool must be gone
  // before the lease ends (declare the lease first): giving it back empties
  // the pool's string pool of what parses added, ids such a reader keeps.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    xercesc_3_2::XMLGrammarPool* pool() const { return pool_.get(); }

   private:
    friend class SchemaSet;
    Lease(const SchemaSet& owner, Grammars which,
          std::unique_ptr<xercesc_3_2::XMLGrammarPool> pool);
    const SchemaSet* owner_;
    Grammars which_;
    std::unique_ptr<xercesc_3_2::XMLGrammarPool> pool_;
  };
  // A free pool, or a newly compiled one. Thread-safe.
  Result<Lease> lease(Grammars which = Grammars::kFull) const;

  // What the kForChunks grammars leave to the handler.
  const NativePatterns& native_patterns() const;
  // The schemas for validating chunks without Xerces (native_schema.h).
  const NativeSchema& native_schema() const;
  // Compiled pools of a kind not leased now.
  std::size_t free_pools(Grammars which) const;

  // The message type (e.g. pain.001.001.03) for a root namespace; empty when unsupported.
  std::string_view message_type_of(std::string_view target_namespace) const;
  // The kForChunks grammars' name for a target namespace; empty when unsupported.
  std::string_view chunk_alias(std::string_view target_namespace) const;
  // The target namespace a chunk alias stands for; empty when `name` is no alias.
  std::string_view unalias(std::string_view name) const;
  // Comma-separated supported message types, for error messages.
  std::string supported() const;

 private:
  SchemaSet() = default;
  static Result<std::unique_ptr<xercesc_3_2::XMLGrammarPool>> compile(
      std::span<const BuiltinSchema> schemas);
  void give_back(Grammars which, std::unique_ptr<xercesc_3_2::XMLGrammarPool> pool) const;

  using Pools = std::vector<std::unique_ptr<xercesc_3_2::XMLGrammarPool>>;
  std::vector<BuiltinSchema> schemas_;
  std::vector<std::string> aliases_;  // by schema
  // Worked out on first use, once.
  mutable std::once_flag native_once_;
  mutable NativePatterns native_;
  mutable NativeSchema native_schema_;
  mutable std::vector<std::string> chunk_texts_;      // native_'s, under the aliases
  mutable std::vector<BuiltinSchema> chunk_schemas_;  // of chunk_texts_
  mutable std::mutex mutex_;                          // guards the free pools
  mutable std::array<Pools, 2> free_;                 // by Grammars
  Pools& free(Grammars which) const { return free_[static_cast<std::size_t>(which)]; }
};

}  // namespace gw::xml
