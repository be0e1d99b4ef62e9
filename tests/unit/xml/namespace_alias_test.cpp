// The chunk grammars know our schemas' namespaces by short aliases; a chunk's
// root start tag is renamed to them. Only namespace declarations of known
// namespaces may change, and nothing else of the document.
#include "xml/namespace_alias.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"

using namespace gw;

namespace {

constexpr std::string_view kPain = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

std::string_view alias_of(std::string_view ns) { return ns == kPain ? "c5" : ""; }

// The renamed root, or "-" when there is none.
std::string renamed(std::string_view head) {
  const auto root = xml::alias_root_namespaces(head, alias_of);
  return root ? root->text : "-";
}

}  // namespace

TEST_CASE("an XSD's target namespace is renamed where it is quoted, nowhere else") {
  const std::string xsd = std::string("<xs:schema xmlns=\"") + std::string(kPain) +
                          "\" targetNamespace='" + std::string(kPain) + "'>" + "<!-- see " +
                          std::string(kPain) + " --><xs:element name=\"" + std::string(kPain) +
                          ".x\"/></xs:schema>";
  CHECK(xml::with_namespace_renamed(xsd, kPain, "c5") ==
        "<xs:schema xmlns=\"c5\" targetNamespace='c5'><!-- see " + std::string(kPain) +
            " --><xs:element name=\"" + std::string(kPain) + ".x\"/></xs:schema>");
  CHECK(xml::with_namespace_renamed("no namespace here", kPain, "c5") == "no namespace here");
}

TEST_CASE("the root start tag gets the alias in its declarations of a known namespace") {
  const std::string ns(kPain);
  SUBCASE("default namespace, with declaration and what follows the tag") {
    const std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"" + ns +
                             "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                             "  <CstmrCdtTrfInitn>";
    const auto root = xml::alias_root_namespaces(head, alias_of);
    REQUIRE(root.has_value());
    CHECK(root->text ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"c5\" "
          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
    CHECK(root->end == head.find("\n  <Cstmr"));
    CHECK(root->renamed == 1);
  }
  SUBCASE("a prefix, single quotes, spaces around '=', a byte order mark") {
    CHECK(renamed("\xEF\xBB\xBF<p:Document  xmlns:p = '" + ns + "'\n>") ==
          "\xEF\xBB\xBF<p:Document  xmlns:p = 'c5'\n>");
  }
  SUBCASE("other attributes keep the namespace as they have it") {
    CHECK(renamed("<Document xsi:schemaLocation=\"" + ns + " pain.xsd\" id=\"" + ns +
                  "\" xmlns=\"" + ns + "\">") ==
          "<Document xsi:schemaLocation=\"" + ns + " pain.xsd\" id=\"" + ns + "\" xmlns=\"c5\">");
  }
  SUBCASE("two declarations of it are both renamed") {
    const auto root = xml::alias_root_namespaces(
        "<Document xmlns=\"" + ns + "\" xmlns:p=\"" + ns + "\">", alias_of);
    REQUIRE(root.has_value());
    CHECK(root->renamed == 2);
  }
}

TEST_CASE("no renamed root when the tag is cut short, not plain, or declares nothing known") {
  const std::string ns(kPain);
  CHECK(renamed("<Document xmlns=\"" + ns) == "-");           // the value goes on
  CHECK(renamed("<Document xmlns=\"" + ns + "\"") == "-");    // the tag goes on
  CHECK(renamed("<Document xmlns=\"" + ns + "\"/>") == "-");  // an empty document
  CHECK(renamed("<Document xmlns=\"urn:other\">") == "-");    // not ours
  CHECK(renamed("<Document xmlns=" + ns + ">") == "-");       // an unquoted value
  CHECK(renamed("<!-- c --><Document xmlns=\"" + ns + "\">") == "-");
  CHECK(renamed("<?xml version=\"1.0\"<Document xmlns=\"" + ns + "\">") == "-");
  CHECK(renamed("<Document xmlns=\"" + ns + "&#x20;\">") == "-");  // a reference: not exactly it
  CHECK(renamed("<Document xmlnsx=\"" + ns + "\">") == "-");       // not a declaration
}

TEST_CASE("every schema has an alias of its own, and aliases map back") {
  xml::XercesRuntime xerces;
  const auto schemas = xml::SchemaSet::load(xml::builtin_schemas()).value();
  std::set<std::string> aliases;
  for (const auto& schema : xml::builtin_schemas()) {
    const auto alias = schemas->chunk_alias(schema.target_namespace);
    CHECK_FALSE(alias.empty());
    CHECK(alias.size() < 4);  // the point of an alias
    CHECK(schemas->unalias(alias) == schema.target_namespace);
    aliases.emplace(alias);
  }
  CHECK(aliases.size() == xml::builtin_schemas().size());
  CHECK(schemas->chunk_alias("urn:other").empty());
  CHECK(schemas->unalias(kPain).empty());
}
