#include "xml/plain_xml_scanner.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

using gw::xml::PlainXmlScanner;
using Event = PlainXmlScanner::Event;

namespace {

// Every event as a line; the document handed over `piece` bytes at a time,
// into a buffer of `buffer` bytes.
std::vector<std::string> events(const std::string& xml, std::size_t piece = 1 << 20,
                                std::size_t buffer = 256 << 10) {
  std::size_t at = 0;
  PlainXmlScanner scanner(
      [&](char* into, std::size_t max) {
        const std::size_t n = std::min({max, piece, xml.size() - at});
        std::memcpy(into, xml.data() + at, n);
        at += n;
        return n;
      },
      buffer);
  std::vector<std::string> out;
  while (true) {
    switch (scanner.next()) {
      case Event::kStart: {
        std::string line =
            "start {" + std::string(scanner.uri()) + "}" + std::string(scanner.local_name());
        for (const auto& a : scanner.attributes()) {
          line += " " + std::string(a.local_name) + "=" + std::string(a.value);
        }
        for (const auto& d : scanner.declarations()) {
          line += " ns:" + std::string(d.prefix) + "=" + std::string(d.uri);
        }
        if (scanner.schema_location()) line += " schemaLocation";
        out.push_back(line);
        break;
      }
      case Event::kEnd:
        out.push_back("end");
        break;
      case Event::kText:
        out.push_back("text [" + std::string(scanner.text()) + "]");
        break;
      case Event::kDone:
        out.push_back("done");
        return out;
      case Event::kGiveUp:
        out.push_back("give up: " + std::string(scanner.reason()));
        return out;
    }
  }
}

std::string last(const std::vector<std::string>& lines) {
  return lines.empty() ? "" : lines.back();
}

// A scanner over a whole document, handed over as much as it asks for.
struct WholeDocument {
  explicit WholeDocument(std::string text)
      : xml(std::move(text)), scanner([this](char* into, std::size_t max) {
          const std::size_t n = std::min(max, xml.size() - at);
          std::memcpy(into, xml.data() + at, n);
          at += n;
          return n;
        }) {}
  std::string xml;
  std::size_t at = 0;
  PlainXmlScanner scanner;
};

}  // namespace

TEST_CASE("elements, attributes, namespaces and text, in any pieces") {
  const std::string xml =
      "\xEF\xBB\xBF<?xml version='1.0' encoding=\"utf-8\" standalone=\"yes\"?>\n"
      "<p:Doc xmlns:p=\"urn:a\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"urn:a a.xsd\">\n"
      "  <p:Amt Ccy='EUR' >1.50</p:Amt ><p:Nm>R&#x113;&#311;ins &amp; &lt;c&gt; "
      "&quot;x&apos;</p:Nm>"
      "<p:E/><Q xmlns=\"urn:b\">ā</Q></p:Doc>\n";
  const std::vector<std::string> expected{
      "start {urn:a}Doc ns:p=urn:a ns:xsi=http://www.w3.org/2001/XMLSchema-instance schemaLocation",
      "text [\n  ]",
      "start {urn:a}Amt Ccy=EUR",
      "text [1.50]",
      "end",
      "start {urn:a}Nm",
      "text [Rēķins & <c> \"x']",
      "end",
      "start {urn:a}E",
      "end",
      "start {urn:b}Q ns:=urn:b",
      "text [ā]",
      "end",
      "end",
      "done"};
  CHECK(events(xml) == expected);
  for (const std::size_t piece : {1u, 2u, 3u, 7u, 64u}) {
    CAPTURE(piece);
    CHECK(events(xml, piece) == expected);
    CHECK(events(xml, piece, 200) == expected);  // tokens cross the buffer's refills
  }
}

TEST_CASE("what is not well-formed, or not plain, is given up") {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"<a>", "the document ends early"},
      {"<a></b>", "an end tag that does not match its start tag"},
      // Against the innermost open element's name, not a prefix or an
      // extension of it, nor an outer one's.
      {"<ab><a></ab></ab>", "an end tag that does not match its start tag"},
      {"<a><ab></a></a>", "an end tag that does not match its start tag"},
      {"<a><b><c/></b></c></a>", "an end tag that does not match its start tag"},
      {"<p:a xmlns:p='urn:p'><b></p:a>", "an end tag that does not match its start tag"},
      {"<p:a xmlns:p='urn:p'><a></p:a>", "an end tag that does not match its start tag"},
      {"<a><!-- c --></a>", "markup other than elements and text"},
      {"<a><![CDATA[x]]></a>", "markup other than elements and text"},
      {"<a><?pi?></a>", "markup other than elements and text"},
      {"<!DOCTYPE a><a/>", "before the root element"},
      {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", "an XML declaration"},
      {"<?xml version=\"1.1\"?><a/>", "an XML declaration"},
      {"<a>&nbsp;</a>", "an entity reference"},
      {"<a>&#0;</a>", "an entity reference"},
      {"<a>&#xD800;</a>", "an entity reference"},
      {"<a>\x01</a>", "a control character"},
      {"<a>\xC0\xAF</a>", "a character that is not XML"},
      {"<a>\xED\xA0\x80</a>", "a character that is not XML"},
      {"<a>\xEF\xBF\xBE</a>", "a character that is not XML"},
      {"<a>x]]>y</a>", "]]> in text"},
      {"<a b='1' b='2'/>", "a repeated attribute"},
      {"<a b='1'c='2'/>", "attributes without space between them"},
      {"<a b=1/>", "an unquoted attribute value"},
      {"<a b='<'/>", "an attribute value XML would change or refuse"},
      {"<a b='x&amp;y'/>", "an attribute value XML would change or refuse"},
      {"<a b='x\ty'/>", "an attribute value XML would change or refuse"},
      {"<p:a/>", "an undeclared prefix"},
      {"<a p:b='1' xmlns:p='urn:p'/>", "a prefixed attribute"},
      {"<a xmlns:p=''/>", "a reserved or empty namespace declaration"},
      {"<a xmlns:p='urn:x' xmlns:p='urn:y'/>", "a repeated attribute"},
      {"<a/><b/>", "after the root element"},
      {"<a/>x", "after the root element"},
      {"<\xC3\xA4/>", "before the root element"},
      {"<a><\xC3\xA4/></a>", "markup other than elements and text"},
      {"<a:b:c/>", "an element name"},
      {"<a xmlns:x='http://www.w3.org/2001/XMLSchema-instance' "
       "xmlns:y='http://www.w3.org/2001/XMLSchema-instance' x:schemaLocation='a b' "
       "y:schemaLocation='a b'/>",
       "a prefixed attribute"},
      {"<a xmlns:x='http://www.w3.org/2001/XMLSchema-instance' x:schemaLocation='a'/>",
       "a prefixed attribute"},
      {"<a xmlns:x='http://www.w3.org/2001/XMLSchema-instance' x:type='t'/>",
       "a prefixed attribute"},
  };
  for (const auto& c : cases) {
    const std::string& xml = c.first;
    CAPTURE(xml);
    CHECK(last(events(xml)) == "give up: " + c.second);
    CHECK(last(events(xml, 1)) == "give up: " + c.second);
  }
}

TEST_CASE("end tags close their own elements, at any depth and after empty ones") {
  const std::string xml = "<Doc><Tx><A><AA/></A><AA>1</AA><A/></Tx><T><A></A></T></Doc>";
  const std::vector<std::string> expected{
      "start {}Doc", "start {}Tx", "start {}A", "start {}AA", "end", "end",
      "start {}AA",  "text [1]",   "end",       "start {}A",  "end", "end",
      "start {}T",   "start {}A",  "end",       "end",        "end", "done"};
  CHECK(events(xml) == expected);
  CHECK(events(xml, 1) == expected);
}

TEST_CASE("a start tag with very many attributes is given up") {
  std::string many = "<a";
  for (int i = 0; i < 33; ++i) many += " a" + std::to_string(i) + "=''";
  CHECK(last(events(many + "/>")) == "give up: too many attributes");
  many.erase(many.rfind(" a32"));
  CHECK(last(events(many + "/>")) == "done");
}

TEST_CASE("a token longer than the buffer is given up, not cut") {
  const std::string xml = "<a>" + std::string(200, 'x') + "</a>";
  CHECK(last(events(xml, 1 << 20, 256)) == "done");
  CHECK(last(events(xml, 1 << 20, 128)) == "give up: a token longer than the buffer");
}

TEST_CASE("the flags of a text") {
  WholeDocument document("<a> \r\n\t<b>x&#32;</b></a>");
  PlainXmlScanner& scanner = document.scanner;
  REQUIRE(scanner.next() == Event::kStart);
  REQUIRE(scanner.next() == Event::kText);
  CHECK(scanner.text_is_whitespace());
  CHECK(scanner.text_had_carriage_return());
  CHECK_FALSE(scanner.text_had_reference());
  REQUIRE(scanner.next() == Event::kStart);
  REQUIRE(scanner.next() == Event::kText);
  CHECK(scanner.text() == "x ");
  CHECK_FALSE(scanner.text_is_whitespace());
  CHECK(scanner.text_had_reference());
  CHECK(scanner.depth() == 2);
}

// Plain text is passed over sixteen bytes at a time: whatever stops it must be
// found at every place in a run of sixteen, after runs longer than one.
TEST_CASE("a long run of plain text, and what follows it at every place") {
  const std::string plain = "Elizabetes iela 88, Riga LV-1010 ~ (DEL:\x7F) ";
  for (std::size_t before = 0; before < 40; ++before) {
    const std::string run = plain.substr(0, before % plain.size()) + std::string(before, 'x');
    CAPTURE(before);
    CHECK(events("<a>" + run + "]]>y</a>").back() == "give up: ]]> in text");
    CHECK(events("<a>" + run + "\x01</a>").back() == "give up: a control character");
    CHECK(events("<a>" + run + "\xC0\xAF</a>").back() == "give up: a character that is not XML");
    CHECK(events("<a>" + run + "&amp;z</a>")[1] == "text [" + run + "&z]");
    CHECK(events("<a>" + run + "]z</a>")[1] == "text [" + run + "]z]");
    CHECK(events("<a>" + run + "\xC4\x81\t\n</a>")[1] == "text [" + run + "\xC4\x81\t\n]");
    if (!run.empty()) CHECK(events("<a>" + run + "</a>", 7)[1] == "text [" + run + "]");
  }
}

TEST_CASE("a text of spaces is whitespace, however long, until one byte is not") {
  const auto flags = [](const std::string& text) {
    WholeDocument document("<a>" + text + "<b/></a>");
    PlainXmlScanner& scanner = document.scanner;
    REQUIRE(scanner.next() == Event::kStart);
    REQUIRE(scanner.next() == Event::kText);
    return std::pair(scanner.text_is_whitespace(), scanner.text_had_carriage_return());
  };
  CHECK(flags(std::string(40, ' ')) == std::pair(true, false));
  CHECK(flags(std::string(20, ' ') + "\r\n" + std::string(20, ' ')) == std::pair(true, true));
  for (std::size_t at = 0; at < 34; ++at) {
    std::string text(34, ' ');
    text[at] = 'x';
    CAPTURE(at);
    CHECK(flags(text) == std::pair(false, false));
  }
}
