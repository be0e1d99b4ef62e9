// What the schema read out of Xerces' model (native_schema.h) takes, and
// what it leaves to Xerces: on small schemas of our own making.
#include "xml/native_schema.h"

#include <doctest/doctest.h>

#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"

using namespace gw;
using Type = xml::NativeSchema::Type;

namespace {

constexpr std::string_view kKinds = R"(<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:test:kinds"
           targetNamespace="urn:test:kinds" elementFormDefault="qualified">
  <xs:element name="Doc">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Plain" type="Max5" minOccurs="0"/>
        <xs:element name="Amount" type="Amount" minOccurs="0" maxOccurs="3"/>
        <xs:element name="Abstract" type="AbstractType" minOccurs="0"/>
        <xs:element name="Mixed" type="MixedType" minOccurs="0"/>
        <xs:element name="All" type="AllType" minOccurs="0"/>
        <xs:element name="Any" type="AnyType" minOccurs="0"/>
        <xs:element name="Defaulted" type="DefaultedAttribute" minOccurs="0"/>
        <xs:element name="Union" type="UnionType" minOccurs="0"/>
        <xs:element name="Time" type="xs:time" minOccurs="0"/>
        <xs:element name="Bounded" type="Below100" minOccurs="0"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:simpleType name="Max5">
    <xs:restriction base="xs:string"><xs:maxLength value="5"/></xs:restriction>
  </xs:simpleType>
  <xs:complexType name="Amount">
    <xs:simpleContent>
      <xs:extension base="xs:decimal">
        <xs:attribute name="Ccy" type="xs:string" use="required"/>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>
  <xs:complexType name="AbstractType" abstract="true"><xs:sequence/></xs:complexType>
  <xs:complexType name="MixedType" mixed="true">
    <xs:sequence><xs:element name="B" type="xs:string"/></xs:sequence>
  </xs:complexType>
  <xs:complexType name="AllType"><xs:all><xs:element name="X" type="xs:string"/></xs:all></xs:complexType>
  <xs:complexType name="AnyType">
    <xs:sequence><xs:any namespace="##any" processContents="skip"/></xs:sequence>
  </xs:complexType>
  <xs:complexType name="DefaultedAttribute">
    <xs:simpleContent>
      <xs:extension base="xs:string"><xs:attribute name="a" type="xs:string" default="x"/></xs:extension>
    </xs:simpleContent>
  </xs:complexType>
  <xs:simpleType name="UnionType"><xs:union memberTypes="xs:date xs:string"/></xs:simpleType>
  <xs:simpleType name="Below100">
    <xs:restriction base="xs:decimal"><xs:maxExclusive value="100"/></xs:restriction>
  </xs:simpleType>
</xs:schema>
)";

constexpr std::string_view kDefaultedElement = R"(<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:defaulted"
           elementFormDefault="qualified">
  <xs:element name="Doc">
    <xs:complexType>
      <xs:sequence><xs:element name="D" type="xs:string" default="x"/></xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
)";

constexpr std::string_view kCounts = R"(<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:test:counts"
           targetNamespace="urn:test:counts" elementFormDefault="qualified">
  <xs:element name="Doc">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Few" type="Lines" maxOccurs="3"/>
        <xs:element name="Many" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
        <xs:sequence minOccurs="0" maxOccurs="2">
          <xs:element name="Grouped" type="xs:string" maxOccurs="4"/>
        </xs:sequence>
        <xs:element name="One" type="xs:string"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:complexType name="Lines">
    <xs:sequence><xs:element name="Line" type="xs:string" maxOccurs="7"/></xs:sequence>
  </xs:complexType>
</xs:schema>
)";

const Type* child(const Type& parent, std::string_view name) {
  const std::size_t symbol = parent.symbol(name);
  REQUIRE(symbol < parent.children.size());
  return parent.children[symbol].type;
}

}  // namespace

TEST_CASE("the native schema takes what it can check exactly and marks the rest") {
  xml::XercesRuntime xerces;
  const std::vector<xml::BuiltinSchema> schemas{
      {"test.kinds", "urn:test:kinds", kKinds},
      {"test.defaulted", "urn:test:defaulted", kDefaultedElement}};
  auto set = xml::SchemaSet::load(schemas);
  REQUIRE(set.has_value());
  const xml::NativeSchema& native = (*set)->native_schema();

  const Type* doc = native.root("urn:test:kinds", "Doc");
  REQUIRE(doc != nullptr);
  REQUIRE(doc->content == Type::Content::kElements);
  const Type* plain = child(*doc, "Plain");
  CHECK(plain->content == Type::Content::kSimple);
  CHECK(plain->value->max_length == 5u);
  const Type* amount = child(*doc, "Amount");
  CHECK(amount->content == Type::Content::kSimple);
  CHECK(amount->value->builtin == xml::SimpleValue::Builtin::kDecimal);
  REQUIRE(amount->attributes.size() == 1);
  CHECK(amount->attributes[0].name == "Ccy");
  CHECK(amount->attributes[0].required);
  for (const char* left :
       {"Abstract", "Mixed", "All", "Any", "Defaulted", "Union", "Time", "Bounded"}) {
    CAPTURE(left);
    CHECK(child(*doc, left)->content == Type::Content::kNotNative);
  }
  // Doc's model: Plain?, Amount{0,3}, ... in that order.
  const auto& model = *doc->model;
  auto state = model.start();
  for (const char* name : {"Plain", "Amount", "Amount", "Amount"})
    state = model.step(state, doc->symbol(name));
  CHECK(state != xml::ContentAutomaton::kRefused);
  CHECK(model.accepts(state));
  CHECK(model.step(state, doc->symbol("Amount")) == xml::ContentAutomaton::kRefused);
  CHECK(model.step(model.step(model.start(), doc->symbol("Amount")), doc->symbol("Plain")) ==
        xml::ContentAutomaton::kRefused);

  // A default value would be text Xerces adds to the document: the schema is left out.
  CHECK(native.root("urn:test:defaulted", "Doc") == nullptr);
}

TEST_CASE("the native schema knows the counts its content models bound, for findings") {
  xml::XercesRuntime xerces;
  const std::vector<xml::BuiltinSchema> schemas{{"test.counts", "urn:test:counts", kCounts}};
  auto set = xml::SchemaSet::load(schemas);
  REQUIRE(set.has_value());
  const xml::NativeSchema& native = (*set)->native_schema();
  const std::vector<std::string> doc{"Doc"};
  const std::vector<std::string> few{"Doc", "Few"};
  CHECK(native.type_at("urn:test:counts", few) ==
        child(*native.root("urn:test:counts", "Doc"), "Few"));
  CHECK(native.most_of("urn:test:counts", doc, "Few") == 3);
  CHECK(native.most_of("urn:test:counts", few, "Line") == 7);
  // Unbounded, once, or in a group that repeats itself: no one count.
  CHECK(native.most_of("urn:test:counts", doc, "Many") == 0);
  CHECK(native.most_of("urn:test:counts", doc, "One") == 0);
  CHECK(native.most_of("urn:test:counts", doc, "Grouped") == 0);
  // Not there.
  CHECK(native.most_of("urn:test:counts", doc, "Line") == 0);
  CHECK(native.most_of("urn:test:counts", std::vector<std::string>{"Doc", "Nope"}, "Line") == 0);
  CHECK(native.most_of("urn:test:other", few, "Line") == 0);
  CHECK(native.type_at("urn:test:counts", std::vector<std::string>{}) == nullptr);
}
