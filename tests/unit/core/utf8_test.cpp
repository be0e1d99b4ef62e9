#include "core/utf8.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>

using gw::Utf8Locator;

namespace {

// The fault Utf8Locator finds in `text` fed `piece` bytes at a time.
std::optional<Utf8Locator::Fault> locate(std::string_view text, std::size_t piece) {
  Utf8Locator locator;
  for (std::size_t at = 0; at < text.size(); at += piece) {
    if (!locator.feed(text.substr(at, piece))) break;
  }
  return locator.finish();
}

// The same fault whatever the pieces: sequences cut between pieces are joined.
std::optional<Utf8Locator::Fault> locate_in_any_pieces(std::string_view text) {
  const auto whole = locate(text, text.size() + 1);
  for (std::size_t piece = 1; piece <= 9; ++piece) {
    CAPTURE(piece);
    const auto cut = locate(text, piece);
    REQUIRE(cut.has_value() == whole.has_value());
    if (!whole) continue;
    CHECK(cut->line == whole->line);
    CHECK(cut->column == whole->column);
    CHECK(cut->byte == whole->byte);
    CHECK(cut->before == whole->before);
    CHECK(cut->offset == whole->offset);
  }
  return whole;
}

}  // namespace

TEST_CASE("well-formed UTF-8 and what is not") {
  CHECK(gw::is_valid_utf8("Rēķins ā € 𝄞"));
  CHECK_FALSE(gw::is_valid_utf8("\xC0\xAF"));          // overlong
  CHECK_FALSE(gw::is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  CHECK_FALSE(gw::is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(gw::is_valid_utf8("\xE2\x82"));          // cut off
  CHECK(gw::escape_invalid_utf8("a\xE2z ā") == "a\\xe2z ā");
}

TEST_CASE("a file that is UTF-8 throughout has no fault, in any pieces") {
  CHECK_FALSE(locate_in_any_pieces("<Nm>Jānis Bērziņš</Nm>\n<Nm>€ 𝄞</Nm>\n").has_value());
  CHECK_FALSE(locate_in_any_pieces("").has_value());
}

TEST_CASE("the first byte that is not UTF-8: its line, column and what precedes it") {
  // A Windows-1257 'ā' (0xE2) where UTF-8 wants three bytes from E2.
  const auto fault = locate_in_any_pieces("<a>\n  <Nm>Jānis B\xE2rzi\xF0</Nm>\n</a>");
  REQUIRE(fault.has_value());
  CHECK(fault->line == 2);
  CHECK(fault->column == 14);  // characters, not bytes: ā counts once
  CHECK(fault->byte == 0xE2);
  CHECK(fault->before == "  <Nm>Jānis B");
  CHECK(fault->offset == 4 + 14);  // bytes: ā counts twice
}

TEST_CASE("overlong forms, surrogates, stray continuations and a cut-off end are faults") {
  for (const std::string_view bad : {"\xC1\xBF", "\xE0\x80\xAF", "\xED\xB0\x80", "\x80", "\xBF",
                                     "\xF8\x88\x80\x80\x80", "\xFF"}) {
    CAPTURE(bad);
    const std::string text = "ok " + std::string(bad) + " ok";
    const auto fault = locate_in_any_pieces(text);
    REQUIRE(fault.has_value());
    CHECK(fault->column == 4);
    CHECK(fault->before == "ok ");
    CHECK(fault->offset == 3);
  }
  const auto cut = locate_in_any_pieces("line\nends in \xE2\x82");
  REQUIRE(cut.has_value());
  CHECK(cut->line == 2);
  CHECK(cut->column == 9);
  CHECK(cut->byte == 0xE2);
  CHECK(cut->offset == 13);
}

TEST_CASE("the context is the fault's own line, at most 16 whole characters") {
  const std::string long_line = "first line\n" + std::string(40, 'x') + "ēēēēē\xE2";
  const auto fault = locate_in_any_pieces(long_line);
  REQUIRE(fault.has_value());
  CHECK(fault->line == 2);
  CHECK(fault->column == 46);
  CHECK(fault->before == std::string(11, 'x') + "ēēēēē");
  // Kept bytes that begin inside a character: it is left out, not cut.
  std::string euros;
  for (int i = 0; i < 50; ++i) euros += "€";
  const auto after_euros = locate_in_any_pieces(euros + "x\xE2");
  REQUIRE(after_euros.has_value());
  CHECK(after_euros->column == 52);
  CHECK(after_euros->before == euros.substr(0, 15 * 3) + "x");
  const auto at_start = locate_in_any_pieces("a\n\xE2");
  REQUIRE(at_start.has_value());
  CHECK(at_start->before.empty());
  CHECK(at_start->column == 1);
  // A byte order mark is not counted, as the XML parser does not count it.
  const auto after_bom = locate_in_any_pieces(
      "\xEF\xBB\xBF"
      "ab\xE2");
  REQUIRE(after_bom.has_value());
  CHECK(after_bom->column == 3);
  CHECK(after_bom->before == "ab");
  CHECK(after_bom->offset == 5);  // the byte order mark is in the stream
}
