#include "core/language.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("Accept-Language picks Latvian or English by weight, English by default") {
  CHECK(preferred_language("lv") == Language::kLatvian);
  CHECK(preferred_language("lv-LV,lv;q=0.9,en-US;q=0.8,en;q=0.7") == Language::kLatvian);
  CHECK(preferred_language("en-GB, lv;q=0.5") == Language::kEnglish);
  CHECK(preferred_language("de, LV;q=0.3") == Language::kLatvian);
  CHECK(preferred_language("lv;q=0.2, en;q=0.9") == Language::kEnglish);
  CHECK(preferred_language("lv;q=0") == Language::kEnglish);  // "not Latvian"
  CHECK(preferred_language("") == Language::kEnglish);
  CHECK(preferred_language("*") == Language::kEnglish);
  CHECK(preferred_language("de-DE") == Language::kEnglish);
  CHECK(preferred_language("lv;q=2, en;q=x") == Language::kEnglish);  // weights unreadable
  CHECK(preferred_language(";;,,;q=") == Language::kEnglish);
  CHECK(parse_language("LV") == Language::kLatvian);
  CHECK_FALSE(parse_language("lv-LV").has_value());
  CHECK(language_code(Language::kLatvian) == "lv");
}

TEST_CASE("a sentence falls back to English where it has no Latvian") {
  const Sentence both{"the amount is zero", "summa ir nulle"};
  CHECK(both.in(Language::kLatvian) == "summa ir nulle");
  CHECK(both.in(Language::kEnglish) == "the amount is zero");
  const Sentence english_only{"Xerces said so", {}};
  CHECK(english_only.in(Language::kLatvian) == "Xerces said so");
}

}  // namespace gw
