// The native pattern facets against Xerces' own regular expressions in XML
// Schema mode: every pattern of our XSDs, and a few more shapes, must give
// the same verdict on thousands of values built from the characters that
// matter to them (letters, digits, the space characters, C0/C1 controls,
// Latvian letters, a character outside the BMP).
#include "xml/xsd_pattern.h"

#include <doctest/doctest.h>

#include <random>
#include <regex>
#include <set>
#include <string>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/util/regx/RegularExpression.hpp>

#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"
#include "xml/xml_text.h"

using namespace gw;

namespace {

bool xerces_matches(const std::u16string& pattern, const std::u16string& value) {
  xercesc::RegularExpression re(pattern.c_str(), u"X");
  return re.matches(value.c_str());
}

// Decodes the XML character references (&#x7F;) of a pattern as written in an XSD.
std::u16string unescaped(std::string_view xsd_text) {
  std::u16string out;
  for (std::size_t i = 0; i < xsd_text.size(); ++i) {
    if (xsd_text.substr(i, 3) == "&#x") {
      const auto end = xsd_text.find(';', i);
      out += static_cast<char16_t>(
          std::stoul(std::string(xsd_text.substr(i + 3, end - i - 3)), nullptr, 16));
      i = end;
    } else {
      out += static_cast<char16_t>(xsd_text[i]);
    }
  }
  return out;
}

std::set<std::u16string> patterns_of_our_xsds() {
  std::set<std::u16string> out;
  const std::regex facet(R"re(<xs:pattern value="([^"]*)"/>)re");
  for (const auto& schema : xml::builtin_schemas()) {
    const std::string text(schema.text);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), facet);
         it != std::sregex_iterator(); ++it) {
      out.insert(unescaped((*it)[1].str()));
    }
  }
  return out;
}

// Values near the language of `pattern` and around it: random strings over a
// small alphabet, of lengths around the pattern's counts.
std::vector<std::u16string> values(std::mt19937& rng) {
  static const std::u16string alphabet =
      u"AZaz09LVHABA4-_ .,/\t\n\r\x7F\x85\x9F\xA0\u0101\u0161\u017E";
  std::vector<std::u16string> out = {u"",
                                     u" ",
                                     u"A",
                                     u"LV",
                                     u"LV80BANK0000435195001",
                                     u"HABALV22",
                                     u"HABALV22XXX",
                                     u"EUR",
                                     u"a b",
                                     u" a",
                                     u"a ",
                                     u"550e8400-e29b-41d4-a716-446655440000",  // UUIDv4
                                     u"550e8400-e29b-31d4-a716-446655440000",
                                     u"5493001KJTIIGC8Y1R12",  // LEI
                                     u"5493001KJTIIGC8Y1R1X",
                                     u"ACCP",
                                     u"ACC"};
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size());
  std::uniform_int_distribution<int> length(0, 40);
  for (int i = 0; i < 3000; ++i) {
    std::u16string v;
    const int n = length(rng);
    for (int j = 0; j < n; ++j) {
      const std::size_t k = pick(rng);
      if (k == alphabet.size()) {
        v += u"\U0001F600";  // a surrogate pair
      } else {
        v += alphabet[k];
      }
    }
    out.push_back(std::move(v));
  }
  // Long runs of one class: the shapes of IBANs, BICs and codes, one character off.
  for (std::size_t n = 1; n <= 36; ++n) {
    out.push_back(u"LV12" + std::u16string(n, u'A'));
    out.push_back(std::u16string(n, u'7'));
    out.push_back(std::u16string(n, u'a') + u"\t");
  }
  return out;
}

// Checks `native` against Xerces on every sample, in UTF-16 and in UTF-8 (as
// the chunks without Xerces match it); how many samples Xerces accepts.
int check_against_xerces(const std::u16string& pattern, const xml::XsdPattern& native,
                         const std::vector<std::u16string>& samples) {
  int accepted = 0;
  for (const auto& v : samples) {
    const bool expected = xerces_matches(pattern, v);
    accepted += expected ? 1 : 0;
    if (native.matches(v) != expected) {
      FAIL_CHECK("pattern " << std::string(pattern.begin(), pattern.end()) << " value #"
                            << std::string(v.begin(), v.end()) << "# Xerces says " << expected);
    }
    if (native.matches_utf8(xml::to_utf8(v.data(), v.size())) != expected) {
      FAIL_CHECK("in UTF-8: pattern " << std::string(pattern.begin(), pattern.end()) << " value #"
                                      << std::string(v.begin(), v.end()) << "#");
    }
  }
  return accepted;
}

}  // namespace

TEST_CASE("native pattern facets agree with Xerces on every pattern of our XSDs") {
  xml::XercesRuntime xerces;
  std::mt19937 rng(20261121);
  const auto samples = values(rng);
  const auto patterns = patterns_of_our_xsds();
  REQUIRE(patterns.size() >= 10);
  for (const auto& pattern : patterns) {
    const auto native = xml::XsdPattern::compile(pattern);
    REQUIRE_MESSAGE(native.has_value(),
                    "not compiled: " << std::string(pattern.begin(), pattern.end()));
    const int accepted = check_against_xerces(pattern, *native, samples);
    // the samples reach into each pattern's language
    CHECK_MESSAGE(accepted > 0, std::string(pattern.begin(), pattern.end()));
  }
}

TEST_CASE("native pattern facets: further shapes agree with Xerces") {
  xml::XercesRuntime xerces;
  std::mt19937 rng(7);
  const auto samples = values(rng);
  for (const std::u16string pattern :
       {u"a|b|", u"(LV|EE)[0-9]{2}.*", u"[A-Z]{2,}", u"([A-Z]{2}[0-9])*", u"\\S+ \\S+", u"[-A]+",
        u"[A-]{1,3}", u"a?b?c?", u"(a|ab)(c|bcd)(d*)", u"[^\\s]{0,3}", u".{5}", u"\\.\\-\\\\",
        // one class repeated, matched in UTF-8 without the automaton
        u"[0-9]", u"(([0-9]))+", u"[^a\\s]{2,3}", u"[\u0101-\u017E]*", u"(ab)+", u"a{0}",
        u"[0-9]{0,0}", u"A{3}", u"\\-+", u"\\S{2,}", u"(A{2}){3}"}) {
    const auto native = xml::XsdPattern::compile(pattern);
    REQUIRE(native.has_value());
    check_against_xerces(pattern, *native, samples);
  }
}

TEST_CASE("native pattern facets leave what they do not compile to Xerces") {
  for (const std::u16string pattern :
       {u"\\d+", u"\\w", u"\\i\\c*", u"\\p{Lu}", u"[a-z-[aeiou]]", u"^a", u"a$", u"[]", u"(a",
        u"a)", u"a{2,1}", u"[z-a]", u"[a-c-e]", u"(a{1,40}){2}", u"[A-Z]{65}"}) {
    CHECK_FALSE(xml::XsdPattern::compile(pattern).has_value());
  }
  CHECK(xml::XsdPattern::compile(u"[A-Z]{64}").has_value());
}
