#include "policy/application_form.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <string_view>

namespace gw::policy {
namespace {

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

bool blank(const ApplicationForm::Account& a) {
  return trimmed(a.iban).empty() && trimmed(a.single_limit_eur).empty() &&
         trimmed(a.daily_limit_eur).empty() && trimmed(a.permission_reference).empty() &&
         trimmed(a.legal_basis).empty();
}

bool blank(const ApplicationForm::Signer& s) {
  return trimmed(s.name).empty() && trimmed(s.personal_code).empty() && trimmed(s.rights).empty();
}

// Words separated by commas, semicolons or white space.
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (const char c : text) {
    if (c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

Result<std::int64_t> whole_number(std::string_view text, const Sentence& what) {
  const std::string value = trimmed(text);
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (value.empty() || ec != std::errc{} || end != value.data() + value.size()) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: '{}' is not a whole number", what.en, value),
                fmt::format("{}: '{}' nav vesels skaitlis", what.lv, value));
  }
  return number;
}

// The 1-based row numbers of the rows that are not blank, in order.
template <class Row>
std::vector<std::size_t> filled_rows(const std::vector<Row>& rows) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!blank(rows[i])) out.push_back(i + 1);
  }
  return out;
}

}  // namespace

Result<nlohmann::json> application_json(const ApplicationForm& form) {
  nlohmann::json doc;
  doc["institution"] = {{"registration_number", trimmed(form.registration_number)},
                        {"name", trimmed(form.institution_name)}};
  if (!trimmed(form.user_number).empty()) {
    auto user = whole_number(form.user_number, {"user number", "lietotāja numurs"});
    if (!user) return tl::unexpected(user.error());
    doc["user_number"] = *user;
  }
  doc["technical_contact"] = {{"first_name", trimmed(form.contact_first_name)},
                              {"last_name", trimmed(form.contact_last_name)},
                              {"personal_code", trimmed(form.contact_personal_code)},
                              {"phone", trimmed(form.contact_phone)},
                              {"email", trimmed(form.contact_email)}};
  doc["signer"] = trimmed(form.signer);
  if (trimmed(form.preparer_phone).empty() && trimmed(form.preparer_email).empty()) {
    doc["preparer"] = trimmed(form.preparer);  // a name alone, as older applications have it
  } else {
    doc["preparer"] = {{"name", trimmed(form.preparer)},
                       {"phone", trimmed(form.preparer_phone)},
                       {"email", trimmed(form.preparer_email)}};
  }
  doc["allowed_sources"] = words(form.allowed_sources);
  doc["language"] = form.language == "en" ? "en" : "lv";
  doc["all_or_nothing"] = form.all_or_nothing;
  doc["report_version"] = form.report_version;  // checked by parse_application

  nlohmann::json accounts = nlohmann::json::array();
  for (std::size_t i = 0; i < form.accounts.size(); ++i) {
    const auto& row = form.accounts[i];
    if (blank(row)) continue;
    const Sentence label{fmt::format("account row {}", i + 1),
                         fmt::format("konta rinda {}", i + 1)};
    const auto field = [&label](std::string_view en, std::string_view lv) {
      return Sentence{fmt::format("{}: {}", label.en, en), fmt::format("{}: {}", label.lv, lv)};
    };
    nlohmann::json account = {{"iban", trimmed(row.iban)},
                              {"mode", row.mode == "manage" ? "manage" : "view"},
                              {"notifications", row.notifications}};
    if (row.mode == "manage") {
      auto single = whole_number(row.single_limit_eur,
                                 field("single-payment limit", "viena maksājuma limits"));
      if (!single) return tl::unexpected(single.error());
      auto daily = whole_number(row.daily_limit_eur, field("daily limit", "dienas limits"));
      if (!daily) return tl::unexpected(daily.error());
      auto signatures =
          whole_number(trimmed(row.signatures_required).empty() ? "0" : row.signatures_required,
                       field("signatures", "paraksti"));
      if (!signatures) return tl::unexpected(signatures.error());
      account["single_limit_eur"] = *single;
      account["daily_limit_eur"] = *daily;
      account["signatures_required"] = *signatures;
    } else if (!trimmed(row.single_limit_eur).empty() || !trimmed(row.daily_limit_eur).empty()) {
      return fail(
          ErrorCode::kInvalidArgument,
          fmt::format("{}: a view account has no limits; choose manage, or clear them", label.en),
          fmt::format(
              "{}: skatīšanas kontam limitu nav; izvēlieties pārvaldību vai dzēsiet limitus",
              label.lv));
    }
    if (!trimmed(row.permission_reference).empty()) {
      account["permission_reference"] = trimmed(row.permission_reference);
    }
    if (!trimmed(row.legal_basis).empty()) account["legal_basis"] = trimmed(row.legal_basis);
    accounts.push_back(std::move(account));
  }
  doc["accounts"] = std::move(accounts);

  nlohmann::json signers = nlohmann::json::array();
  for (std::size_t i = 0; i < form.signers.size(); ++i) {
    const auto& row = form.signers[i];
    if (blank(row)) continue;
    nlohmann::json rights = nlohmann::json::array();
    for (const auto& right : words(row.rights)) {
      const auto colon = right.rfind(':');
      if (colon == std::string::npos) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("signer row {}: '{}' is not IBAN:level (e.g. {}:1)", i + 1, right,
                                "LV00TREL0000000000000"),
                    fmt::format("parakstītāja rinda {}: '{}' nav IBAN:līmenis (piem., {}:1)", i + 1,
                                right, "LV00TREL0000000000000"));
      }
      auto level = whole_number(
          right.substr(colon + 1),
          Sentence{fmt::format("signer row {}: the level of {}", i + 1, right.substr(0, colon)),
                   fmt::format("parakstītāja rinda {}: konta {} līmenis", i + 1,
                               right.substr(0, colon))});
      if (!level) return tl::unexpected(level.error());
      rights.push_back({{"iban", right.substr(0, colon)}, {"level", *level}});
    }
    signers.push_back({{"name", trimmed(row.name)},
                       {"personal_code", trimmed(row.personal_code)},
                       {"accounts", std::move(rights)}});
  }
  if (!signers.empty()) doc["payment_signers"] = std::move(signers);
  return doc;
}

std::string with_form_rows(std::string message, const ApplicationForm& form, Language language) {
  const auto rename = [&message](std::string_view key, std::string_view row_word,
                                 const std::vector<std::size_t>& rows) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::string from = fmt::format("{}[{}]", key, i);
      const std::string to = fmt::format("{} {}", row_word, rows[i]);
      for (auto at = message.find(from); at != std::string::npos; at = message.find(from, at)) {
        if (at > 0 && message[at - 1] == '.') {  // a signer's own accounts[i], not a row
          at += from.size();
          continue;
        }
        message.replace(at, from.size(), to);
        at += to.size();
      }
    }
  };
  const bool latvian = language == Language::kLatvian;
  rename("payment_signers", latvian ? "parakstītāja rinda" : "signer row",
         filled_rows(form.signers));
  rename("accounts", latvian ? "konta rinda" : "account row", filled_rows(form.accounts));
  return message;
}

}  // namespace gw::policy
