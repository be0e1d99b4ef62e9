// The bound on a tag and on a text run a parse holds whole (bounded_markup.h),
// through the hardened reader that every XML parse uses.
#include "xml/bounded_markup.h"

#include <doctest/doctest.h>

#include <string>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>

#include "xml/hardened_reader.h"
#include "xml/xerces_runtime.h"
#include "xml/xml_text.h"

using namespace gw;

namespace {

struct Outcome {
  std::string fatal;  // the first fatal error's message; empty: well-formed to its end
  std::uint64_t line = 0;
  std::uint64_t column = 0;
};

class Recorder : public xercesc::DefaultHandler {
 public:
  Outcome outcome;
  void fatalError(const xercesc::SAXParseException& e) override {
    if (!outcome.fatal.empty()) return;
    outcome.fatal = xml::to_utf8(e.getMessage());
    outcome.line = e.getLineNumber();
    outcome.column = e.getColumnNumber();
  }
};

Outcome parse(const std::string& document, xml::MarkupBounds bounds = {}) {
  Recorder recorder;
  xml::HardenedReader reader(nullptr, recorder);
  const xercesc::MemBufInputSource input(reinterpret_cast<const XMLByte*>(document.data()),
                                         document.size(), "test");
  reader.parse(input, bounds);
  return recorder.outcome;
}

std::string attributes(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += " a" + std::to_string(i) + "=\"x\"";
  return out;
}

}  // namespace

TEST_CASE("a tag or a text past its bound ends the parse with a fatal error at its start") {
  xml::XercesRuntime xerces;
  const xml::MarkupBounds small{256, 1024};
  // Up to the bound: read.
  CHECK(parse("<a" + std::string(250, ' ') + "/>", small).fatal.empty());
  // One byte more: refused where the tag starts (line 2, column 3).
  const auto tag = parse("<r>\n  <a" + attributes(40) + "/></r>", small);
  CHECK(tag.fatal == std::string(xml::kMarkupTooLong) + " 256 bytes");
  CHECK(tag.line == 2);
  CHECK(tag.column == 3);
  // A long value is the tag's too.
  CHECK(parse("<a b=\"" + std::string(300, 'x') + "\"/>", small)
            .fatal.starts_with(xml::kMarkupTooLong));
  // Text: up to the bound, and past it.
  CHECK(parse("<a>" + std::string(1024, 'x') + "</a>", small).fatal.empty());
  const auto text = parse("<a>" + std::string(1025, 'x') + "</a>", small);
  CHECK(text.fatal == std::string(xml::kTextTooLong) + " 1024 bytes");
  CHECK(text.column == 4);
}

TEST_CASE("quotes, comments, CDATA and processing instructions are followed, not miscounted") {
  xml::XercesRuntime xerces;
  const xml::MarkupBounds small{256, 1024};
  // '>' and '<'-free quotes inside a value, a comment with quotes and '>',
  // a CDATA section with ']]' and '>', a processing instruction with '>':
  // each ends where XML says, so the long text after them is counted as text.
  const std::string tail = "<z>" + std::string(1000, 'y') + "</z>";
  CHECK(parse("<r a='x>y' b=\"it's\"><!-- it's \"odd\" > ok -->" + tail + "</r>", small)
            .fatal.empty());
  CHECK(parse("<r><![CDATA[ ]] > ]]]>" + tail + "</r>", small).fatal.empty());
  CHECK(parse("<?pi a > b?><r>" + tail + "</r>", small).fatal.empty());
  // A comment's opening dashes are not its end: "<!--->" is still open (it
  // slipped past as text before, while Xerces held the comment whole).
  CHECK(parse("<r><!--->" + std::string(300, 'x') + "<a>--></r>", small)
            .fatal.starts_with(xml::kMarkupTooLong));
  CHECK(parse("<r><!---->" + tail + "</r>", small).fatal.empty());
  // A comment is markup: past the bound, refused.
  CHECK(parse("<r><!--" + std::string(300, '-' + 1) + "--></r>", small)
            .fatal.starts_with(xml::kMarkupTooLong));
  // The defaults: 64 KiB of markup, 1 MiB of text.
  CHECK(parse("<a" + attributes(6000) + "/>").fatal.empty());  // about 60 KB
  CHECK(parse("<a" + attributes(7000) + "/>").fatal.starts_with(xml::kMarkupTooLong));
}

TEST_CASE("the bound is told once, also after a whole document and inside a character") {
  xml::XercesRuntime xerces;
  const xml::MarkupBounds small{256, 1024};
  // A complete document, then more text than the bound: Xerces finds no
  // error in what it was given, so the reader tells the bound after the parse.
  const auto trailing = parse("<a/>" + std::string(2000, ' '), small);
  CHECK(trailing.fatal == std::string(xml::kTextTooLong) + " 1024 bytes");
  CHECK(trailing.column == 5);
  // The cut falls inside a two-byte character: the input ends before the
  // character, so Xerces sees no broken UTF-8, and the bound is what is told.
  std::string text = "<a>x";
  for (int i = 0; i < 600; ++i) text += "\xc4\x81";  // U+0101, 1200 bytes
  CHECK(parse(text + "</a>", small).fatal == std::string(xml::kTextTooLong) + " 1024 bytes");
}

TEST_CASE("what Xerces reads whole is followed as it reads it: declarations, element text") {
  xml::XercesRuntime xerces;
  const xml::MarkupBounds small{256, 1024};
  const std::string filler(300, 'x');
  // The XML declaration's quoted values are read up to their closing quote,
  // "?>" and '<' inside included (a review found such a value held whole).
  CHECK(parse("<?xml version=\"1.0\" standalone=\"?><a>" + filler + "\"?><r/>", small)
            .fatal.starts_with(xml::kMarkupTooLong));
  // A bare name in it is read up to a space or '=', "?>" included.
  std::string bare = "<?xml a?>";
  for (int i = 0; i < 3; ++i) bare += "<x>" + std::string(100, 'a');
  CHECK(parse(bare, small).fatal.starts_with(xml::kMarkupTooLong));
  // A quote in a bare name is part of it, not a value (a review found "a\"\"?>" ended it).
  std::string quoted_name = "<?xml a\"\"?>";
  for (int i = 0; i < 3; ++i) quoted_name += "<x>" + std::string(100, 'a');
  CHECK(parse(quoted_name, small).fatal.starts_with(xml::kMarkupTooLong));
  CHECK(parse("<?xml version = \"1.0\" encoding='UTF-8' standalone=\"yes\"?><r/>", small)
            .fatal.empty());
  CHECK(parse("\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<r/>", small).fatal.empty());
  CHECK(parse("<?xml version='1.0' ?><r/>", small).fatal.empty());
  CHECK(parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<r/>", small).fatal.empty());
  // A DOCTYPE's literal likewise, '>' inside it included.
  CHECK(parse("<!DOCTYPE r SYSTEM \">" + filler + "\"><r/>", small)
            .fatal.starts_with(xml::kMarkupTooLong));
  // Another first processing instruction ends at "?>", an apostrophe or not.
  CHECK(parse("<?pi it's?><r>" + std::string(1000, 'y') + "</r>", small).fatal.empty());
  // An element's text goes on across comments and CDATA sections (Xerces
  // keeps it whole until the next tag): counted as one.
  std::string across = "<r>";
  for (int i = 0; i < 3; ++i) across += std::string(400, 'y') + "<!---->";
  CHECK(parse(across + "</r>", small).fatal == std::string(xml::kTextTooLong) + " 1024 bytes");
  std::string cdata = "<r>";
  for (int i = 0; i < 6; ++i) cdata += "<![CDATA[" + std::string(200, 'y') + "]]>";
  const auto cut = parse(cdata + "</r>", small);
  CHECK(cut.fatal == std::string(xml::kTextTooLong) + " 1024 bytes");
  CHECK(cut.column == 4);  // where the element's text starts
  // Tags in between start the count again.
  std::string tagged = "<r>";
  for (int i = 0; i < 6; ++i) tagged += "<v>" + std::string(400, 'y') + "</v>";
  CHECK(parse(tagged + "</r>", small).fatal.empty());
}

TEST_CASE("a document is read as UTF-8, so UTF-16 without a byte order mark cannot hide markup") {
  xml::XercesRuntime xerces;
  // "<r a=\"...\"/>" in UTF-16LE, its value full of characters whose bytes are
  // '"' and '>' to a byte reader: read as UTF-8 it is refused at once.
  std::string utf16;
  for (const char c : std::string("<r a=\"")) utf16 += std::string{c, '\0'};
  for (int i = 0; i < 100; ++i) utf16 += "A\"A>";  // U+2241, U+3E41
  for (const char c : std::string("\"/>")) utf16 += std::string{c, '\0'};
  CHECK_FALSE(parse(utf16, {256, 1024}).fatal.empty());
}

namespace {

struct Stopped {};

// Stops the parse from its error callback, as the validating handler does.
class Stopper : public xercesc::DefaultHandler {
 public:
  int fatal_errors = 0;
  void fatalError(const xercesc::SAXParseException&) override {
    ++fatal_errors;
    throw Stopped{};
  }
};

}  // namespace

TEST_CASE("a handler that stops the parse at the bound's error gets only that error") {
  xml::XercesRuntime xerces;
  Stopper stopper;
  xml::HardenedReader reader(nullptr, stopper);
  const std::string document = "<r>" + std::string(2000, 'x') + "</r>";
  const xercesc::MemBufInputSource input(reinterpret_cast<const XMLByte*>(document.data()),
                                         document.size(), "test");
  // Once in the parse (at Xerces' early end) and once after a whole
  // document: the exception leaves through Xerces' error path, not through
  // its input stream (which leaked what Xerces was building).
  CHECK_THROWS_AS(reader.parse(input, {256, 1024}), Stopped);
  CHECK(stopper.fatal_errors == 1);
  const std::string whole = "<r/>" + std::string(2000, ' ');
  const xercesc::MemBufInputSource input2(reinterpret_cast<const XMLByte*>(whole.data()),
                                          whole.size(), "test");
  CHECK_THROWS_AS(reader.parse(input2, {256, 1024}), Stopped);
  CHECK(stopper.fatal_errors == 2);
  // The same reader parses a good document afterwards.
  const std::string good = "<r>ok</r>";
  const xercesc::MemBufInputSource input3(reinterpret_cast<const XMLByte*>(good.data()),
                                          good.size(), "test");
  reader.parse(input3, {256, 1024});
  CHECK(stopper.fatal_errors == 2);
}
