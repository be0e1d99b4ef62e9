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
