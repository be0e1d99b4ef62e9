// Text written into the messages we send: escaped, cut by characters, and
// never carrying what XML 1.0 or our outbound schemas refuse.
#include "xml/xml_escape.h"

#include <doctest/doctest.h>

#include <string>

#include "core/utf8.h"

using gw::xml::xml_text;

TEST_CASE("xml_text escapes markup and keeps Latvian letters and quotes") {
  CHECK(xml_text("SIA \"Rīgas Ūdens\" & <Co> 'x'") ==
        "SIA &quot;Rīgas Ūdens&quot; &amp; &lt;Co&gt; 'x'");
  CHECK(xml_text("€ 𝄞") == "€ 𝄞");
  CHECK(xml_text("").empty());
}

TEST_CASE("xml_text cuts by characters, never inside one") {
  CHECK(xml_text("Jānis", 2) == "Jā");
  CHECK(xml_text("€€€", 2) == "€€");
  CHECK(xml_text("a&b", 2) == "a&amp;");
  // A sequence cut off by the end of the text is left out.
  CHECK(xml_text("ok\xE2\x82") == "ok");
}

TEST_CASE("xml_text replaces what XML 1.0 and our schemas cannot carry by spaces") {
  CHECK(xml_text("a\tb\nc\x01"
                 "d\x7F"
                 "e") == "a b c d e");
  CHECK(xml_text("a\xC2\x85"
                 "b\xC2\x9F"
                 "c\xC2\xA0"
                 "d") ==
        "a b c\xC2\xA0"
        "d");  // C1; NBSP kept
  CHECK(xml_text("a\xEF\xBF\xBE"
                 "b\xEF\xBF\xBF"
                 "c\xEF\xBF\xBD"
                 "d") ==
        "a b c\xEF\xBF\xBD"
        "d");
  // Bytes that are not UTF-8: a Windows-1257 'š', a stray continuation,
  // an overlong '/', a surrogate, above U+10FFFF. Each byte becomes a space.
  const std::string out = xml_text("pa\xF0vald\x80 \xC0\xAF \xED\xA0\x80 \xF4\x90\x80\x80.");
  CHECK(out ==
        "pa vald      "
        "       .");
  CHECK(gw::is_valid_utf8(out));
  for (int byte = 0; byte < 256; ++byte) {
    CAPTURE(byte);
    const std::string one(1, static_cast<char>(byte));
    CHECK(gw::is_valid_utf8(xml_text("x" + one + "y")));
  }
}
