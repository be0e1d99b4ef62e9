#include "policy/application.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/iban.h"
#include "policy/ip_allow_list.h"
#include "policy/personal_code.h"

namespace gw::policy {
namespace {

using Json = nlohmann::json;

// Reads one JSON object, refusing keys it was not asked about.
class ObjectReader {
 public:
  ObjectReader(const Json& object, std::string path) : object_(object), path_(std::move(path)) {}

  Result<std::string> text(const char* key, std::size_t max_length, bool required = true) {
    seen_.insert(key);
    const auto it = object_.find(key);
    if (it == object_.end()) {
      if (required) return error(key, "is required", "ir obligāts");
      return std::string();
    }
    if (!it->is_string()) return error(key, "must be a string", "jābūt tekstam");
    std::string value = it->get<std::string>();
    if (value.empty() || value.size() > max_length) {
      return error(key, fmt::format("must have 1 to {} characters", max_length),
                   fmt::format("jābūt no 1 līdz {} rakstzīmēm", max_length));
    }
    return value;
  }

  Result<std::optional<std::int64_t>> whole_number(const char* key, std::int64_t min,
                                                   std::int64_t max) {
    seen_.insert(key);
    const auto it = object_.find(key);
    if (it == object_.end()) return std::optional<std::int64_t>{};
    if (!it->is_number_integer())
      return error(key, "must be a whole number", "jābūt veselam skaitlim");
    const auto value = it->get<std::int64_t>();
    if (value < min || value > max) {
      return error(key, fmt::format("must be {} to {}", min, max),
                   fmt::format("jābūt no {} līdz {}", min, max));
    }
    return std::optional<std::int64_t>{value};
  }

  const Json* child(const char* key) {
    seen_.insert(key);
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  Status finish() const {
    for (const auto& [key, value] : object_.items()) {
      if (!seen_.contains(key)) return error(key, "unknown key", "nezināms lauks");
    }
    return ok();
  }

  std::string at(const std::string& key) const {
    return path_.empty() ? key : fmt::format("{}.{}", path_, key);
  }
  tl::unexpected<Error> error(const std::string& key, std::string_view en,
                              std::string_view lv) const {
    return fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", at(key), en),
                fmt::format("{}: {}", at(key), lv));
  }
  tl::unexpected<Error> error(const std::string& key, const Sentence& what) const {
    return error(key, what.en, what.lv);
  }
  // Another check's refusal of the value under `key`.
  tl::unexpected<Error> error(const std::string& key, const Error& why) const {
    return error(key, why.message, why.text(Language::kLatvian));
  }

 private:
  const Json& object_;
  std::string path_;
  std::set<std::string> seen_;
};

// Refusals several fields share.
const Sentence kRequiredObject{"is required and must be an object",
                               "ir obligāts, un tam jābūt objektam"};
const Sentence kPhone{"must be 8 to 15 digits, + first allowed",
                      "jābūt 8 līdz 15 cipariem, sākumā drīkst būt +"};
const Sentence kEmail{"is not an e-mail address", "nav e-pasta adrese"};
const Sentence kList{"must be a list", "jābūt sarakstam"};
const Sentence kNoAccounts{"is required and must list at least one account",
                           "ir obligāts, un tajā jābūt vismaz vienam kontam"};

template <class T>
Status take(Result<T> result, T& out) {
  if (!result) return tl::unexpected(result.error());
  out = std::move(*result);
  return ok();
}

tl::unexpected<Error> not_an_object(const std::string& path) {
  return fail(ErrorCode::kInvalidArgument, path + ": must be an object", path + ": jābūt objektam");
}

Result<AccountGrant> parse_grant(const Json& item, const std::string& path) {
  if (!item.is_object()) return not_an_object(path);
  ObjectReader r(item, path);
  AccountGrant g;
  std::string permission;
  std::string legal_basis;
  std::string mode;
  Status s = take(r.text("iban", 34), g.iban);
  if (s) s = take(r.text("mode", 6), mode);
  if (s) s = take(r.whole_number("single_limit_eur", 1, 1'000'000'000'000), g.single_limit_eur);
  if (s) s = take(r.whole_number("daily_limit_eur", 1, 1'000'000'000'000), g.daily_limit_eur);
  if (s) s = take(r.text("permission_reference", 70, false), permission);
  if (s) s = take(r.text("legal_basis", 140, false), legal_basis);
  std::optional<std::int64_t> signatures;
  if (s) s = take(r.whole_number("signatures_required", 0, kMaxSignatures), signatures);
  if (const Json* notify = r.child("notifications"); s && notify != nullptr) {
    if (!notify->is_boolean()) {
      return r.error("notifications", "must be true or false", "jābūt true vai false");
    }
    g.notifications = notify->get<bool>();
  }
  if (s) s = r.finish();
  if (!s) return tl::unexpected(s.error());
  if (!permission.empty()) g.permission_reference = permission;
  if (!legal_basis.empty()) g.legal_basis = legal_basis;
  g.signatures_required = static_cast<int>(signatures.value_or(0));
  if (!is_valid_iban(g.iban)) {
    return r.error("iban", fmt::format("{} is not a valid IBAN", g.iban),
                   fmt::format("{} nav derīgs IBAN", g.iban));
  }
  const auto parsed_mode = parse_account_mode(mode);
  if (!parsed_mode) {
    return r.error("mode", "must be view or manage",
                   "jābūt view (skatīšana) vai manage (pārvaldība)");
  }
  g.mode = *parsed_mode;
  if (g.mode == AccountMode::kView) {
    if (g.single_limit_eur || g.daily_limit_eur) {
      return r.error("mode", "view access carries no limits",
                     "skatīšanas piekļuvei limitus nenosaka");
    }
  } else {
    if (!g.single_limit_eur || !g.daily_limit_eur) {
      return r.error("mode", "manage access needs single_limit_eur and daily_limit_eur",
                     "pārvaldībai jānorāda single_limit_eur un daily_limit_eur");
    }
    if (*g.daily_limit_eur < *g.single_limit_eur) {
      return r.error("daily_limit_eur", "must be at least single_limit_eur",
                     "nedrīkst būt mazāks par single_limit_eur");
    }
  }
  return g;
}

Result<PaymentSigner> parse_signer(const Json& item, const std::string& path) {
  if (!item.is_object()) return not_an_object(path);
  ObjectReader r(item, path);
  PaymentSigner signer;
  std::string code;
  Status s = take(r.text("name", 140), signer.name);
  if (s) s = take(r.text("personal_code", 12), code);
  const Json* rights = r.child("accounts");
  if (s) s = r.finish();
  if (!s) return tl::unexpected(s.error());
  auto normalised = validate_personal_code(code);
  if (!normalised) return r.error("personal_code", normalised.error());
  signer.personal_code = *normalised;
  if (rights == nullptr || !rights->is_array() || rights->empty())
    return r.error("accounts", kNoAccounts);
  for (std::size_t i = 0; i < rights->size(); ++i) {
    const Json& entry = (*rights)[i];
    const std::string at = fmt::format("{}.accounts[{}]", path, i);
    if (!entry.is_object()) return not_an_object(at);
    ObjectReader e(entry, at);
    SigningRight right;
    std::optional<std::int64_t> level;
    s = take(e.text("iban", 34), right.iban);
    if (s) s = take(e.whole_number("level", 1, kMaxSignatures), level);
    if (s) s = e.finish();
    if (!s) return tl::unexpected(s.error());
    if (!level) return e.error("level", "is required: 1, 2 or 3", "ir obligāts: 1, 2 vai 3");
    right.level = static_cast<int>(*level);
    signer.rights.push_back(std::move(right));
  }
  return signer;
}

bool plausible_email(const std::string& email) {
  const auto at = email.find('@');
  return at != std::string::npos && at > 0 && email.find('.', at) != std::string::npos &&
         email.back() != '.' && email.find(' ') == std::string::npos;
}

bool plausible_phone(const std::string& phone) {
  std::size_t digits = 0;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (!(c == '+' && i == 0) && c != ' ') {
      return false;
    }
  }
  return digits >= 8 && digits <= 15;
}

}  // namespace

Result<ApplicationDocument> parse_application(const Json& document) {
  if (!document.is_object()) {
    return fail(ErrorCode::kInvalidArgument, "the application must be an object",
                "pieteikumam jābūt objektam");
  }
  ObjectReader r(document, "");
  ApplicationDocument a;
  Status s = ok();

  const Json* institution = r.child("institution");
  if (institution == nullptr || !institution->is_object()) {
    return r.error("institution", kRequiredObject);
  }
  ObjectReader inst(*institution, "institution");
  s = take(inst.text("registration_number", 11), a.institution_registration_number);
  if (s) s = take(inst.text("name", 140), a.institution_name);
  if (s) s = inst.finish();
  if (!s) return tl::unexpected(s.error());
  if (!is_registration_number(a.institution_registration_number)) {
    return inst.error("registration_number", "must be 11 digits", "jābūt 11 cipariem");
  }

  s = take(r.whole_number("user_number", 1, INT64_MAX), a.user_number);
  if (!s) return tl::unexpected(s.error());

  const Json* contact = r.child("technical_contact");
  if (contact == nullptr || !contact->is_object()) {
    return r.error("technical_contact", kRequiredObject);
  }
  ObjectReader c(*contact, "technical_contact");
  std::string personal_code;
  s = take(c.text("first_name", 70), a.contact.first_name);
  if (s) s = take(c.text("last_name", 70), a.contact.last_name);
  if (s) s = take(c.text("personal_code", 12), personal_code);
  if (s) s = take(c.text("phone", 20), a.contact.phone);
  if (s) s = take(c.text("email", 254), a.contact.email);
  if (s) s = c.finish();
  if (!s) return tl::unexpected(s.error());
  auto code = validate_personal_code(personal_code);
  if (!code) return c.error("personal_code", code.error());
  a.contact.personal_code = *code;
  if (!plausible_phone(a.contact.phone)) return c.error("phone", kPhone);
  if (!plausible_email(a.contact.email)) return c.error("email", kEmail);

  s = take(r.text("signer", 140), a.signer);
  if (!s) return tl::unexpected(s.error());
  if (const Json* preparer = r.child("preparer"); preparer != nullptr && preparer->is_object()) {
    ObjectReader p(*preparer, "preparer");
    std::string phone, email;
    s = take(p.text("name", 140), a.preparer);
    if (s) s = take(p.text("phone", 20), phone);
    if (s) s = take(p.text("email", 254), email);
    if (s) s = p.finish();
    if (!s) return tl::unexpected(s.error());
    if (!plausible_phone(phone)) return p.error("phone", kPhone);
    if (!plausible_email(email)) return p.error("email", kEmail);
    a.preparer_phone = phone;
    a.preparer_email = email;
  } else {
    s = take(r.text("preparer", 140), a.preparer);
    if (!s) return tl::unexpected(s.error());
  }

  if (const Json* sources = r.child("allowed_sources")) {
    if (!sources->is_array()) return r.error("allowed_sources", kList);
    for (const auto& entry : *sources) {
      if (!entry.is_string()) {
        return r.error("allowed_sources", "must hold strings", "elementiem jābūt tekstam");
      }
      a.allowed_sources.push_back(entry.get<std::string>());
    }
    if (auto list = IpAllowList::parse(a.allowed_sources); !list) {
      return r.error("allowed_sources", list.error());
    }
  }

  const Json* accounts = r.child("accounts");
  if (accounts == nullptr || !accounts->is_array() || accounts->empty())
    return r.error("accounts", kNoAccounts);
  std::set<std::string> ibans;
  for (std::size_t i = 0; i < accounts->size(); ++i) {
    auto grant = parse_grant((*accounts)[i], fmt::format("accounts[{}]", i));
    if (!grant) return tl::unexpected(grant.error());
    if (!ibans.insert(grant->iban).second) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("accounts[{}]: {} is listed twice; an account has exactly one mode",
                              i, grant->iban),
                  fmt::format("accounts[{}]: {} norādīts divreiz; kontam ir tieši viens režīms", i,
                              grant->iban));
    }
    a.accounts.push_back(std::move(*grant));
  }
  if (const Json* signers = r.child("payment_signers")) {
    if (!signers->is_array()) return r.error("payment_signers", kList);
    for (std::size_t i = 0; i < signers->size(); ++i) {
      auto signer = parse_signer((*signers)[i], fmt::format("payment_signers[{}]", i));
      if (!signer) return tl::unexpected(signer.error());
      a.payment_signers.push_back(std::move(*signer));
    }
  }
  if (const Json* whole = r.child("all_or_nothing")) {
    if (!whole->is_boolean()) {
      return r.error("all_or_nothing", "must be true or false", "jābūt true vai false");
    }
    a.all_or_nothing = whole->get<bool>();
  }
  if (const Json* language = r.child("language")) {
    const auto parsed =
        language->is_string() ? parse_language(language->get<std::string>()) : std::nullopt;
    if (!parsed) return r.error("language", "must be \"lv\" or \"en\"", "jābūt \"lv\" vai \"en\"");
    a.language = *parsed;
  }
  if (const Json* version = r.child("report_version")) {
    if (!version->is_string() || !is_report_version(version->get<std::string>())) {
      return r.error("report_version", "must be \"001.02\" or \"001.08\"",
                     "jābūt \"001.02\" vai \"001.08\"");
    }
    a.report_version = version->get<std::string>();
  }
  if (s = r.finish(); !s) return tl::unexpected(s.error());
  if (s = check_signing_policy(a.accounts, a.payment_signers); !s) return tl::unexpected(s.error());
  return a;
}

Result<std::pair<ApplicationDocument, Json>> read_application_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, fmt::format("cannot read {}", path));
  std::ostringstream text;
  text << in.rdbuf();
  Json document;
  try {
    if (path.size() > 5 && path.compare(path.size() - 5, 5, ".toml") == 0) {
      const toml::table table = toml::parse(text.str(), path);
      std::ostringstream json;
      json << toml::json_formatter{table};
      document = Json::parse(json.str());
    } else {
      document = Json::parse(text.str());
    }
  } catch (const toml::parse_error& e) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  } catch (const Json::exception& e) {
    return fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", path, e.what()));
  }
  auto parsed = parse_application(document);
  if (!parsed) {
    return fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", path, parsed.error().message));
  }
  return std::pair{std::move(*parsed), std::move(document)};
}

Status check_account_grants(const ApplicationDocument& application,
                            const std::vector<RegisteredAccount>& registry) {
  for (const auto& grant : application.accounts) {
    const auto it = std::find_if(registry.begin(), registry.end(),
                                 [&](const RegisteredAccount& r) { return r.iban == grant.iban; });
    if (it == registry.end()) {
      return fail(ErrorCode::kNotFound,
                  fmt::format("account {} is not registered at the treasury", grant.iban),
                  fmt::format("konts {} Valsts kasē nav reģistrēts", grant.iban));
    }
    const bool foreign =
        it->owner_registration_number != application.institution_registration_number;
    if (foreign && grant.mode != AccountMode::kView) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("account {} belongs to institution {}: only view access is possible",
                              grant.iban, it->owner_registration_number),
                  fmt::format("konts {} pieder iestādei {}: iespējama tikai skatīšana", grant.iban,
                              it->owner_registration_number));
    }
    if (foreign && !grant.permission_reference && !grant.legal_basis) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("account {} belongs to institution {}: record its written "
                              "permission (permission_reference) or the law that grants the "
                              "access (legal_basis)",
                              grant.iban, it->owner_registration_number),
                  fmt::format("konts {} pieder iestādei {}: norādiet tās rakstisko atļauju "
                              "(permission_reference) vai tiesību aktu, kas paredz piekļuvi "
                              "(legal_basis)",
                              grant.iban, it->owner_registration_number));
    }
    if (it->state != AccountState::kOpen && grant.mode != AccountMode::kView) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("account {} is {}: only view access is possible", grant.iban,
                              state_name(it->state)),
                  fmt::format("konts {} ir {}: iespējama tikai skatīšana", grant.iban,
                              it->state == AccountState::kClosed ? "slēgts" : "bloķēts"));
    }
  }
  return ok();
}

bool is_registration_number(std::string_view text) {
  return text.size() == 11 && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace gw::policy
