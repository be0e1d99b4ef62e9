// The root tag of an upload, read without reading the rest: how an upload is
// dispatched by message type before any validation.
#include "xml/start_tag_reader.h"

#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "iso20022/message_validator.h"
#include "support/temp_dir.h"
#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"

using namespace gw;

namespace {

std::filesystem::path write(const TempDir& dir, const std::string& name, const std::string& text) {
  const auto path = dir.path() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

constexpr const char* kCamt060 = "urn:iso:std:iso:20022:tech:xsd:camt.060.001.03";

}  // namespace

TEST_CASE("the root tag is read with its namespace, and nothing after it") {
  xml::XercesRuntime xerces;
  TempDir dir;
  // Everything after the root's start tag is broken: a reader that went on would fail.
  const std::string text = std::string(
                               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- from ERP -->\n"
                               "<Document xmlns=\"") +
                           kCamt060 + "\" a=\"1\"><AcctRptgReq><</Document>";
  auto root = xml::read_root_tag_from_bytes(text);
  REQUIRE_MESSAGE(root.has_value(), root.error().message);
  CHECK(root->namespace_uri() == kCamt060);
  CHECK(root->local_name() == "Document");
  CHECK(root->attribute("a") == "1");
  const auto file = write(dir, "request.xml", text);
  const auto from_file = xml::read_root_tag(file);
  REQUIRE_MESSAGE(from_file.has_value(), from_file.error().message);
  CHECK(from_file->namespace_uri() == kCamt060);
  CHECK(from_file->attribute("a") == "1");
  // The whole file is not well-formed: reading every tag says so.
  CHECK_FALSE(xml::read_start_tags(file, [](const xml::StartTag&) { return ok(); }).has_value());
  // The bytes may end anywhere after the root tag.
  const auto cut = xml::read_root_tag_from_bytes(text.substr(0, text.find("<AcctRptgReq>") + 3));
  REQUIRE_MESSAGE(cut.has_value(), cut.error().message);
  CHECK(cut->namespace_uri() == kCamt060);
}

TEST_CASE("a root tag cannot be read from a DOCTYPE, from what is not XML, or from nothing") {
  xml::XercesRuntime xerces;
  const auto doctype =
      xml::read_root_tag_from_bytes("<!DOCTYPE d [<!ENTITY e \"x\">]><Document xmlns=\"urn:x\"/>");
  REQUIRE_FALSE(doctype.has_value());
  CHECK(doctype.error().code == ErrorCode::kInvalidArgument);
  CHECK_FALSE(xml::read_root_tag_from_bytes("MsgId;Amount\n1;2\n").has_value());
  CHECK_FALSE(xml::read_root_tag_from_bytes("").has_value());
  // Cut inside the root tag: no tag.
  CHECK_FALSE(xml::read_root_tag_from_bytes("<Document xmlns=\"urn:x\" a=\"1").has_value());
  // The same from files, and no file at all.
  TempDir dir;
  const auto from_file =
      xml::read_root_tag(write(dir, "doctype.xml", "<!DOCTYPE d []><Document xmlns=\"urn:x\"/>"));
  REQUIRE_FALSE(from_file.has_value());
  CHECK(from_file.error().code == ErrorCode::kInvalidArgument);
  CHECK_FALSE(xml::read_root_tag(write(dir, "empty.xml", "")).has_value());
  const auto missing = xml::read_root_tag(dir.path() / "missing.xml");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE("the message type of a file comes from its root namespace, empty when unsupported") {
  xml::XercesRuntime xerces;
  TempDir dir;
  const auto schemas = xml::SchemaSet::load(xml::builtin_schemas()).value();
  const iso20022::MessageValidator validator(*schemas, {});
  const auto document = [](const std::string& ns) {
    return "<Document xmlns=\"" + ns + "\"><Anything/></Document>";
  };
  CHECK(validator.message_type_of_file(write(dir, "a.xml", document(kCamt060))) ==
        "camt.060.001.03");
  CHECK(validator.message_type_of_file(
            write(dir, "b.xml", document("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"))) ==
        "pain.001.001.03");
  CHECK(validator
            .message_type_of_file(
                write(dir, "c.xml", document("urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08")))
            .empty());
  CHECK(validator.message_type_of_file(write(dir, "d.xml", "<Document><x/></Document>")).empty());
  CHECK(validator.message_type_of_file(write(dir, "e.xml", "not xml")).empty());
}

TEST_CASE(
    "the message type of a file saved in Windows-1257 is read from before its first such byte") {
  xml::XercesRuntime xerces;
  TempDir dir;
  const auto schemas = xml::SchemaSet::load(xml::builtin_schemas()).value();
  const iso20022::MessageValidator validator(*schemas, {});
  const std::string declaration = "<?xml version=\"1.0\"?>\n";
  const std::string root =
      std::string("<Document xmlns=\"") + kCamt060 + "\">\n  <AcctRptgReq>\n    <Nm>";
  // 'š' and 'ī' in Windows-1257: Xerces refuses the block they are in, root tag and all.
  const std::string windows_1257_name =
      "Parauga pa\xF0vald\xEE"
      "ba</Nm>\n  </AcctRptgReq>\n</Document>\n";
  CHECK(validator.message_type_of_file(
            write(dir, "a.xml", declaration + root + windows_1257_name)) == "camt.060.001.03");
  // The byte in the root tag itself: no type can be read.
  CHECK(validator
            .message_type_of_file(write(dir, "b.xml",
                                        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.060."
                                        "001.03\" n=\"\xF0\"><x/></Document>"))
            .empty());
  // Read from before such a byte, the root tag must be within the first 64 KiB;
  // read from the file, it may be anywhere (a valid file behind long comments;
  // each at most 64 KiB, the bound on one piece of markup: bounded_markup.h).
  std::string comment = declaration;
  for (int i = 0; i < 70; ++i) comment += "<!--" + std::string(1024, 'c') + "-->\n";
  CHECK(validator.message_type_of_file(write(dir, "c.xml", comment + root + windows_1257_name))
            .empty());
  CHECK(validator.message_type_of_file(write(dir, "d.xml",
                                             comment + root +
                                                 "x</Nm>\n  "
                                                 "</AcctRptgReq>\n"
                                                 "</Document>\n")) == "camt.060.001.03");
  // A byte beyond the parser's first block: the root tag is read from the file.
  CHECK(validator.message_type_of_file(write(
            dir, "e.xml", declaration + root + std::string(70 * 1024, ' ') + windows_1257_name)) ==
        "camt.060.001.03");
}
