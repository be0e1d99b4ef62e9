#include <doctest/doctest.h>

#include "pages/activation_page.h"
#include "pages/html_template.h"
#include "pages/page_assets.h"
#include "pages/page_headers.h"
#include "pki/certificate_info.h"

using namespace gw;
using namespace gw::pages;

TEST_CASE("a template's values are escaped, and a placeholder without one is an error") {
  auto filled = fill_template("<p title=\"{{a}}\">{{a}}</p>{{b}}",
                              {{"a", "<script>\"x\" & 'y'"}, {"b", "ok"}});
  REQUIRE(filled.has_value());
  CHECK(*filled ==
        "<p title=\"&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;\">&lt;script&gt;&quot;x&quot; "
        "&amp; &#39;y&#39;</p>ok");
  CHECK_FALSE(fill_template("{{missing}}", {}).has_value());
  CHECK_FALSE(fill_template("{{open", {{"open", "x"}}).has_value());
  CHECK(fill_template("no placeholders", {}).value() == "no placeholders");
}

TEST_CASE("the activation page renders whole in both languages") {
  for (const auto language : {Language::kEnglish, Language::kLatvian}) {
    ActivationPageFacts facts{language, 42, "AB:CD", "https://h2h.example.lv", 15};
    auto page = activation_page(facts);
    REQUIRE(page.has_value());
    CHECK(page->find("{{") == std::string::npos);
    CHECK(page->find("AB:CD") != std::string::npos);
    CHECK(page->find("https://h2h.example.lv") != std::string::npos);
    const bool english_wait = page->find("Wait 15 minutes") != std::string::npos;
    CHECK(english_wait == (language == Language::kEnglish));
    CHECK(page->find(language == Language::kLatvian ? "<html lang=\"lv\">"
                                                    : "<html lang=\"en\">") != std::string::npos);
    CHECK(page->find(language == Language::kLatvian ? "Lietotāja numurs: 42."
                                                    : "User number: 42.") != std::string::npos);
    // No inline script: the page's only script is its own file.
    CHECK(page->find("<script>") == std::string::npos);
    CHECK(page->find("<script src=\"/assets/activate.js\" defer></script>") != std::string::npos);
  }
  ActivationPageFacts unknown_user{Language::kEnglish, std::nullopt, "", "", 15};
  auto page = activation_page(unknown_user);
  REQUIRE(page.has_value());
  CHECK(page->find("Your user number is in the activation mail.") != std::string::npos);
  CHECK(page->find("href=\"/activate?lang=lv\"") != std::string::npos);
}

TEST_CASE("the wait after too many attempts is counted in words of both languages") {
  const auto wait = [](int n, Language language) {
    return activation_page({language, std::nullopt, "", "", n}).value();
  };
  CHECK(wait(1, Language::kEnglish).find("Wait 1 minute and") != std::string::npos);
  CHECK(wait(15, Language::kEnglish).find("Wait 15 minutes and") != std::string::npos);
  CHECK(wait(1, Language::kLatvian).find("Pagaidiet 1 minūti un") != std::string::npos);
  CHECK(wait(21, Language::kLatvian).find("Pagaidiet 21 minūti un") != std::string::npos);
  CHECK(wait(11, Language::kLatvian).find("Pagaidiet 11 minūtes un") != std::string::npos);
  CHECK(wait(15, Language::kLatvian).find("Pagaidiet 15 minūtes un") != std::string::npos);
}

TEST_CASE("assets: scripts and style sheets are served, templates are not") {
  const auto* script = find_page_asset("activate.js");
  REQUIRE(script != nullptr);
  CHECK(is_static_asset(*script));
  CHECK(script->content_type == "text/javascript; charset=utf-8");
  const auto* html = find_page_asset("activate.html");
  REQUIRE(html != nullptr);
  CHECK_FALSE(is_static_asset(*html));
  CHECK(find_page_asset("../gatewayd") == nullptr);
}

TEST_CASE("pages are served with a CSP that allows no inline code and no framing") {
  bool csp = false;
  for (const auto& [name, value] : page_headers()) {
    if (name != "Content-Security-Policy") continue;
    csp = true;
    CHECK(value.find("default-src 'none'") != std::string::npos);
    CHECK(value.find("script-src 'self'") != std::string::npos);
    CHECK(value.find("unsafe") == std::string::npos);
    CHECK(value.find("frame-ancestors 'none'") != std::string::npos);
  }
  CHECK(csp);
}

TEST_CASE("a fingerprint is written as openssl prints it") {
  CHECK(pki::colon_fingerprint("0a1bff") == "0A:1B:FF");
  CHECK(pki::colon_fingerprint("") == "");
}
