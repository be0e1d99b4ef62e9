// The languages the gateway speaks to people: English and Latvian. Findings
// and status texts carry both sentences; the API answers in the one a client
// asks for (Accept-Language), a pain.002 in its application's, and gatewayctl
// in --lang's. Codes and reason codes never change with the language.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gw {

enum class Language { kEnglish, kLatvian };

// "en" or "lv" (any case); nothing for anything else.
std::optional<Language> parse_language(std::string_view code);
std::string_view language_code(Language language);

// The language an Accept-Language header (RFC 9110) prefers among ours:
// the highest weight wins, English when neither is named (or for "*").
Language preferred_language(std::string_view accept_language);

// A sentence in both languages.
struct Sentence {
  std::string en;
  std::string lv;

  const std::string& in(Language language) const {
    return language == Language::kLatvian && !lv.empty() ? lv : en;
  }
};

}  // namespace gw
