// Short stand-ins for our schemas' target namespaces, used by the grammars
// the chunks of a large file are parsed against (chunked_validation.h).
//
// Why: for every element of a complex type, Xerces splits the namespace off
// the type's name into a fresh buffer and hashes it twice to find the grammar
// (IGXMLScanner::scanStartTagNS, GrammarResolver::getGrammar). With a
// 47-character ISO 20022 namespace that was a tenth of a 100k-payment
// upload's CPU; with a two-character alias it is next to nothing. The
// document's root start tag is presented to the chunk parsers with its
// namespace declarations renamed to the alias; the rest of the document is
// read as it is.
//
// A document could itself declare an alias; the handler then cannot vouch
// for the chunk (validating_handler.h) and the one pass decides.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace gw::xml {

// The alias of a namespace; empty when it has none.
using AliasOf = std::function<std::string_view(std::string_view target_namespace)>;

// `text` with every quoted occurrence of `from` ("from" or 'from') made `to`:
// an XSD's targetNamespace and its declarations of it.
std::string with_namespace_renamed(std::string_view text, std::string_view from,
                                   std::string_view to);

struct AliasedRoot {
  std::string text;         // the document up to the end of its root start tag, renamed
  std::uint64_t end = 0;    // where that start tag ends in the document (one past its '>')
  std::size_t renamed = 0;  // namespace declarations renamed
};

// The first bytes of a document, up to the end of its root start tag, with
// each namespace declaration (xmlns or xmlns:prefix) of a namespace that has
// an alias renamed to it. Nothing when `head` does not hold the whole start
// tag, its markup is not plain (only an XML declaration may come before it),
// or it declares no namespace that has an alias.
std::optional<AliasedRoot> alias_root_namespaces(std::string_view head, const AliasOf& alias_of);

}  // namespace gw::xml
