#include "xml/schema_set.h"

#include <fmt/format.h>

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/sax/ErrorHandler.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/validators/common/Grammar.hpp>

#include "xml/namespace_alias.h"
#include "xml/xml_text.h"

namespace gw::xml {
namespace {

using namespace xercesc;

// Collects problems in our own XSDs: a broken schema must stop start-up.
class SchemaErrors : public ErrorHandler {
 public:
  void warning(const SAXParseException&) override {}
  void error(const SAXParseException& e) override { record(e); }
  void fatalError(const SAXParseException& e) override { record(e); }
  void resetErrors() override {}
  std::string text;

 private:
  void record(const SAXParseException& e) {
    text +=
        fmt::format("{}:{}: {}; ", e.getLineNumber(), e.getColumnNumber(), to_utf8(e.getMessage()));
  }
};

}  // namespace

SchemaSet::~SchemaSet() = default;

Result<std::unique_ptr<SchemaSet>> SchemaSet::load(std::span<const BuiltinSchema> schemas) {
  std::unique_ptr<SchemaSet> set(new SchemaSet());
  auto first = compile(schemas);
  if (!first) return tl::unexpected(first.error());
  set->schemas_.assign(schemas.begin(), schemas.end());
  for (std::size_t i = 0; i < schemas.size(); ++i) set->aliases_.push_back(fmt::format("c{}", i));
  set->free(Grammars::kFull).push_back(std::move(*first));
  return set;
}

const NativePatterns& SchemaSet::native_patterns() const {
  // On first use: a small file never needs it (gatewayctl validate on one pays nothing).
  std::call_once(native_once_, [this] {
    // Read from a pool of its own: the schema model it builds stays with the pool.
    auto analysed = compile(schemas_);
    native_ = analysed ? NativePatterns::build(**analysed, schemas_)
                       : NativePatterns::none(schemas_);  // cannot fail: load() compiled them
    if (analysed) native_schema_ = NativeSchema::build(**analysed, schemas_);
    chunk_texts_.reserve(schemas_.size());  // chunk_schemas_ point into them
    for (std::size_t i = 0; i < schemas_.size(); ++i) {
      chunk_texts_.push_back(
          with_namespace_renamed(native_.chunk_text(i), schemas_[i].target_namespace, aliases_[i]));
      chunk_schemas_.push_back({schemas_[i].message_type, aliases_[i], chunk_texts_.back()});
    }
  });
  return native_;
}

const NativeSchema& SchemaSet::native_schema() const {
  native_patterns();  // built with them
  return native_schema_;
}

Result<std::unique_ptr<XMLGrammarPool>> SchemaSet::compile(std::span<const BuiltinSchema> schemas) {
  auto pool = std::make_unique<XMLGrammarPoolImpl>(XMLPlatformUtils::fgMemoryManager);
  std::unique_ptr<SAX2XMLReader> loader(
      XMLReaderFactory::createXMLReader(XMLPlatformUtils::fgMemoryManager, pool.get()));
  SchemaErrors errors;
  loader->setErrorHandler(&errors);
  loader->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  loader->setFeature(XMLUni::fgXercesSchema, true);
  loader->setFeature(XMLUni::fgXercesSchemaFullChecking, true);
  loader->setFeature(XMLUni::fgXercesCacheGrammarFromParse, true);
  loader->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  for (const BuiltinSchema& schema : schemas) {
    const std::string id(schema.message_type);
    MemBufInputSource source(reinterpret_cast<const XMLByte*>(schema.text.data()),
                             schema.text.size(), id.c_str());
    Grammar* grammar = nullptr;
    try {
      grammar = loader->loadGrammar(source, Grammar::SchemaGrammarType, true);
    } catch (const XMLException& e) {
      return fail(ErrorCode::kConfig,
                  fmt::format("schema {}: {}", schema.message_type, to_utf8(e.getMessage())));
    }
    if (grammar == nullptr || !errors.text.empty()) {
      return fail(ErrorCode::kConfig,
                  fmt::format("schema {} is invalid: {}", schema.message_type, errors.text));
    }
  }
  loader.reset();  // the loader uses the pool; it goes first
  pool->lockPool();
  return std::unique_ptr<XMLGrammarPool>(std::move(pool));
}

Result<SchemaSet::Lease> SchemaSet::lease(Grammars which) const {
  {
    const std::lock_guard lock(mutex_);
    Pools& free = this->free(which);
    if (!free.empty()) {
      auto pool = std::move(free.back());
      free.pop_back();
      return Lease(*this, which, std::move(pool));
    }
  }
  // Outside the lock: other parses go on meanwhile.
  if (which == Grammars::kForChunks) native_patterns();
  auto pool = compile(which == Grammars::kFull ? schemas_ : chunk_schemas_);
  if (!pool) return tl::unexpected(pool.error());
  return Lease(*this, which, std::move(*pool));
}

std::size_t SchemaSet::free_pools(Grammars which) const {
  const std::lock_guard lock(mutex_);
  return free(which).size();
}

void SchemaSet::give_back(Grammars which, std::unique_ptr<XMLGrammarPool> pool) const {
  // A locked pool's reader keeps each namespace URI a document declares in
  // the pool's own string pool, which Xerces flushes only when the pool is
  // unlocked: each upload's xmlns declarations (60 KB each, as many as it
  // likes) would stay until restart. Flushed here: the lease was exclusive,
  // and the grammars' URIs are in the constant pool under it (every pool is
  // locked by compile(); unlocked, this would be that constant pool).
  pool->getURIStringPool()->flushAll();
  const std::lock_guard lock(mutex_);
  free(which).push_back(std::move(pool));
}

SchemaSet::Lease::Lease(const SchemaSet& owner, Grammars which,
                        std::unique_ptr<XMLGrammarPool> pool)
    : owner_(&owner), which_(which), pool_(std::move(pool)) {}

SchemaSet::Lease::Lease(Lease&& other) noexcept
    : owner_(other.owner_), which_(other.which_), pool_(std::move(other.pool_)) {}

SchemaSet::Lease::~Lease() {
  if (pool_) owner_->give_back(which_, std::move(pool_));
}

std::string_view SchemaSet::message_type_of(std::string_view target_namespace) const {
  for (const auto& s : schemas_) {
    if (s.target_namespace == target_namespace) return s.message_type;
  }
  return {};
}

std::string_view SchemaSet::chunk_alias(std::string_view target_namespace) const {
  for (std::size_t i = 0; i < schemas_.size(); ++i) {
    if (schemas_[i].target_namespace == target_namespace) return aliases_[i];
  }
  return {};
}

std::string_view SchemaSet::unalias(std::string_view name) const {
  for (std::size_t i = 0; i < schemas_.size(); ++i) {
    if (aliases_[i] == name) return schemas_[i].target_namespace;
  }
  return {};
}

std::string SchemaSet::supported() const {
  std::string out;
  for (const auto& s : schemas_) {
    if (!out.empty()) out += ", ";
    out += s.message_type;
  }
  return out;
}

}  // namespace gw::xml
