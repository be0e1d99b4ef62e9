#include "api/operator_console.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>

#include "api/answer_language.h"
#include "api/api_error.h"
#include "api/application_form_fields.h"
#include "api/page_response.h"
#include "calendar/riga_time.h"
#include "core/account_state.h"
#include "core/amount.h"
#include "core/iban.h"
#include "core/json_text.h"
#include "core/person_name.h"
#include "core/utf8.h"
#include "http/query_string.h"
#include "http/request_origin.h"
#include "lifecycle/revocation_list.h"
#include "pages/console_page.h"
#include "pages/page_assets.h"
#include "policy/application.h"
#include "policy/application_form.h"

namespace gw::api {
namespace {

using pages::SignInNotice;
using std::chrono::system_clock;

constexpr int kAuditPerPage = 50;

// A sentence of the console's own in the visitor's language.
std::string said(Language language, std::string_view en, std::string_view lv) {
  return std::string(language == Language::kLatvian ? lv : en);
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string today() { return format_iso_date(riga_date(system_clock::now())); }

// The page a refused form is shown on stands for this page (its language
// link GETs it): the POST's own path would answer 405.
std::string page_after_post(std::string_view path) {
  const auto segments = http::path_segments(path);
  if (segments.size() >= 3 && segments[1] == "applications" && http::parse_id(segments[2])) {
    return fmt::format("/console/applications/{}", segments[2]);
  }
  if (path == "/console/applications") return "/console/applications/new";
  if (segments.size() >= 3 && segments[1] == "proposals" && http::parse_id(segments[2])) {
    return fmt::format("/console/proposals/{}", segments[2]);
  }
  if (segments.size() >= 2 && (segments[1] == "institutions" || segments[1] == "accounts")) {
    return "/console/institutions";
  }
  return "/console";
}

// Institutions shown at once; a filter finds the rest.
constexpr std::size_t kInstitutionsPerPage = 100;

// A store's refusal of an operator's change (a duplicate, an unknown account)
// is said on the page; anything else is the store failing.
bool store_failure(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kPermissionDenied:
      return false;
    default:
      return true;
  }
}

// What registering the proposal's document would record, for its page.
store::ApplicationRow proposed_row(const policy::ApplicationDocument& d,
                                   system_clock::time_point registered) {
  store::ApplicationRow a;
  a.user_number = d.user_number.value_or(0);
  std::tie(a.registered_at, a.valid_until) = lifecycle::application_validity(registered);
  a.contact_first_name = d.contact.first_name;
  a.contact_last_name = d.contact.last_name;
  a.contact_personal_code = d.contact.personal_code;
  a.contact_phone = d.contact.phone;
  a.contact_email = d.contact.email;
  a.signer = d.signer;
  a.preparer = d.preparer;
  a.preparer_phone = d.preparer_phone;
  a.preparer_email = d.preparer_email;
  a.sources = d.allowed_sources;
  for (const auto& grant : d.accounts) {
    policy::GrantedAccount granted;
    static_cast<policy::AccountGrant&>(granted) = grant;
    a.accounts.push_back(std::move(granted));
  }
  a.payment_signers = d.payment_signers;
  a.all_or_nothing = d.all_or_nothing;
  a.language = d.language;
  a.report_version = d.report_version;
  return a;
}

// The registration instant an approval at `now` records: a registration
// dated today when proposed (its instant was the proposal's) starts when
// approved; an earlier date stays. Nothing when the stored time is unreadable.
std::optional<system_clock::time_point> registration_if_approved(
    const store::ApplicationProposal& p, system_clock::time_point now) {
  auto registered = parse_utc_timestamp(p.registered_at);
  if (registered && p.registered_at == p.proposed_at) registered = now;
  return registered;
}

}  // namespace

SessionHolder OperatorConsole::Operator::holder() const { return {fingerprint, serial, name}; }

std::string OperatorConsole::Operator::actor() const {
  return fmt::format("console:{} ({})", name, serial);
}

http::Admission OperatorConsole::admit(const http::RequestHead& head) {
  const std::string_view path = head.path;
  // `allowed`: what the 405 names when the route takes another method as well.
  const auto only = [&](std::string route, std::string_view method, http::BodyHandler handler,
                        std::string_view allowed = {}) -> http::Admission {
    if (head.method != method) {
      return method_not_allowed(std::move(route), head,
                                std::string(allowed.empty() ? method : allowed));
    }
    if (auto refused = refuse_early(head)) {
      return http::Admission{std::move(route), std::move(*refused), {}};
    }
    return http::Admission{std::move(route), std::nullopt, std::move(handler)};
  };
  if (auto asset = gate_.asset(head)) return std::move(*asset);
  if (path == "/console") {
    return only("/console", "GET", [this, &head](const http::ReceivedBody*) { return home(head); });
  }
  if (path == "/console/session") {
    return only("/console/session", "POST",
                [this, &head](const http::ReceivedBody* body) { return sign_in(head, body); });
  }
  if (path == "/console/signout") {
    return only("/console/signout", "POST",
                [this, &head](const http::ReceivedBody* body) { return sign_out(head, body); });
  }
  if (path == "/console/applications") {
    if (head.method == "POST") {
      return only("/console/applications", "POST", [this, &head](const http::ReceivedBody* body) {
        return register_application(head, body);
      });
    }
    return only(
        "/console/applications", "GET",
        [this, &head](const http::ReceivedBody*) { return applications(head); }, "GET, POST");
  }
  if (path == "/console/institutions") {
    if (head.method == "POST") {
      return only("/console/institutions", "POST", [this, &head](const http::ReceivedBody* body) {
        return add_institution(head, body);
      });
    }
    return only(
        "/console/institutions", "GET",
        [this, &head](const http::ReceivedBody*) { return institutions(head); }, "GET, POST");
  }
  if (path == "/console/proposals") {
    return only("/console/proposals", "GET",
                [this, &head](const http::ReceivedBody*) { return proposals(head); });
  }
  if (path == "/console/applications/new") {
    return only("/console/applications/new", "GET",
                [this, &head](const http::ReceivedBody*) { return new_application(head); });
  }
  if (path == "/console/certificates") {
    return only("/console/certificates", "GET",
                [this, &head](const http::ReceivedBody*) { return people_certificates(head); });
  }
  if (path == "/console/crl") {
    return only("/console/crl", "GET",
                [this, &head](const http::ReceivedBody*) { return crl(head); });
  }
  if (path == "/console/audit") {
    return only("/console/audit", "GET",
                [this, &head](const http::ReceivedBody*) { return audit(head); });
  }
  const auto segments = http::path_segments(path);
  if (segments.size() >= 3 && segments[0] == "console" && segments[1] == "applications") {
    const auto user = http::parse_id(segments[2]);
    if (user && segments.size() == 3) {
      return only(
          "/console/applications/{user}", "GET",
          [this, &head, user](const http::ReceivedBody*) { return application(head, *user); });
    }
    if (user && segments.size() == 4) {
      const std::string action(segments[3]);
      const std::string route = "/console/applications/{user}/" + action;
      if (action == "activation-code") {
        return only(route, "POST", [this, &head, user](const http::ReceivedBody* body) {
          return send_code(head, *user, body);
        });
      }
      if (action == "terminate") {
        return only(route, "POST", [this, &head, user](const http::ReceivedBody* body) {
          return terminate(head, *user, body);
        });
      }
      if (action == "limit-change") {
        return only(route, "POST", [this, &head, user](const http::ReceivedBody* body) {
          return limit_change(head, *user, body);
        });
      }
    }
  }
  if (segments.size() >= 3 && segments[0] == "console" && segments[1] == "proposals") {
    const auto id = http::parse_id(segments[2]);
    if (id && segments.size() == 3) {
      return only("/console/proposals/{id}", "GET",
                  [this, &head, id](const http::ReceivedBody*) { return proposal(head, *id); });
    }
    if (id && segments.size() == 4 && segments[3] == "approve") {
      return only(
          "/console/proposals/{id}/approve", "POST",
          [this, &head, id](const http::ReceivedBody* body) { return approve(head, *id, body); });
    }
    if (id && segments.size() == 4 && segments[3] == "refuse") {
      return only("/console/proposals/{id}/refuse", "POST",
                  [this, &head, id](const http::ReceivedBody* body) {
                    return refuse_proposal(head, *id, body);
                  });
    }
  }
  if (segments.size() == 4 && segments[0] == "console" && segments[1] == "institutions" &&
      segments[3] == "accounts" && policy::is_registration_number(segments[2])) {
    const std::string registration(segments[2]);
    return only("/console/institutions/{reg}/accounts", "POST",
                [this, &head, registration](const http::ReceivedBody* body) {
                  return add_account(head, registration, body);
                });
  }
  if (segments.size() == 4 && segments[0] == "console" && segments[1] == "accounts" &&
      segments[3] == "state" && is_valid_iban(segments[2])) {
    const std::string iban(segments[2]);
    return only("/console/accounts/{iban}/state", "POST",
                [this, &head, iban](const http::ReceivedBody* body) {
                  return set_account_state(head, iban, body);
                });
  }
  if (segments.size() == 4 && segments[0] == "console" && segments[3] == "revoke" &&
      (segments[1] == "certificates" || segments[1] == "signers" || segments[1] == "operators")) {
    const std::string kind(segments[1]);
    const std::string serial(segments[2]);
    const bool hex = !serial.empty() && serial.size() <= 64 &&
                     std::all_of(serial.begin(), serial.end(), [](unsigned char c) {
                       return std::isdigit(c) || (c >= 'a' && c <= 'f');
                     });
    if (hex) {
      const std::string route = fmt::format("/console/{}/{{serial}}/revoke", kind);
      if (kind == "certificates") {
        return only(route, "POST", [this, &head, serial](const http::ReceivedBody* body) {
          return revoke(head, serial, body);
        });
      }
      return only(route, "POST", [this, &head, serial, kind](const http::ReceivedBody* body) {
        return revoke_person(head, kind == "signers", serial, body);
      });
    }
  }
  return http::Admission{
      "unmatched", error_response(ApiError::kRouteNotFound, head.request_id), {}};
}

http::CertificateStanding OperatorConsole::certificate_standing(
    const pki::CertificateInfo& certificate) const {
  auto record = known_operators_.find(certificate.fingerprint_sha256);
  if (!record) {
    deps_.log.error("revocation_check_failed", {{"certificate_serial", certificate.serial},
                                                {"detail", record.error().message}});
    return http::CertificateStanding::kUnknown;  // fail closed
  }
  return *record && (*record)->revoked_at.has_value() ? http::CertificateStanding::kRevoked
                                                      : http::CertificateStanding::kGood;
}

Result<OperatorConsole::Proven> OperatorConsole::operator_of(const http::RequestHead& head) const {
  if (!head.client_certificate) return Proven(tl::unexpect, SignInNotice::kNoCertificate);
  const auto& presented = *head.client_certificate;
  auto record = known_operators_.find(presented.fingerprint_sha256);
  if (!record) return tl::unexpected(record.error());
  if (!*record) return Proven(tl::unexpect, SignInNotice::kNotASigner);
  const std::string at = format_utc_timestamp(system_clock::now());
  if ((*record)->revoked_at || presented.not_after <= at || presented.not_before > at) {
    return Proven(tl::unexpect, SignInNotice::kCertificateEnded);
  }
  return Operator{(*record)->name, presented.serial, presented.fingerprint_sha256};
}

std::optional<http::Response> OperatorConsole::refuse_early(const http::RequestHead& head) {
  if (auto refused = gate_.refuse_body(head)) return refused;
  auto proven = operator_of(head);
  if (!proven) return failed(head, proven.error());
  if (*proven) return std::nullopt;
  return gate_.refuse_person(head, proven->error());
}

tl::expected<OperatorConsole::Visit, http::Response> OperatorConsole::visit(
    const http::RequestHead& head) {
  auto proven = operator_of(head);
  if (!proven) return tl::unexpected(failed(head, proven.error()));
  if (!*proven) return tl::unexpected(sign_in_page(head, proven->error(), 403));
  auto session = gate_.session(head, (*proven)->holder());
  if (!session) return tl::unexpected(std::move(session.error()));
  return Visit{std::move(**proven), std::move(*session)};
}

tl::expected<OperatorConsole::Visit, http::Response> OperatorConsole::form_visit(
    const http::RequestHead& head, const http::QueryString& form) {
  auto visited = visit(head);
  if (!visited) return visited;
  if (!gate_.form_from_page(head, form, visited->session)) {
    return tl::unexpected(page_response(
        403, pages::console_not_found_page(
                 frame(head, &*visited),
                 said(visited->session.language,
                      "This form did not come from the console's own page (or the page is "
                      "older than your session). Open the page again and repeat.",
                      "Šī veidlapa nenāca no konsoles lapas (vai lapa ir vecāka par sesiju). "
                      "Atveriet lapu vēlreiz un atkārtojiet."))));
  }
  return visited;
}

pages::PortalFrame OperatorConsole::frame(const http::RequestHead& head, const Visit* visit) const {
  auto frame = visit != nullptr ? gate_.frame(head, &visit->session, visit->who.name)
                                : gate_.frame(head, nullptr, "");
  if (head.method == "POST") frame.here = page_after_post(head.path);
  return frame;
}

http::Response OperatorConsole::failed(const http::RequestHead& head, const Error& error) const {
  return gate_.failed(head, error);
}

http::Response OperatorConsole::sign_in_page(const http::RequestHead& head, SignInNotice notice,
                                             unsigned status) const {
  return gate_.sign_in_page(head, notice, status);
}

http::Response OperatorConsole::sign_in(const http::RequestHead& head,
                                        const http::ReceivedBody* body) {
  if (gate_.from_other_site(head)) return sign_in_page(head, SignInNotice::kNone, 403);
  auto proven = operator_of(head);
  if (!proven) return failed(head, proven.error());
  if (!*proven) return sign_in_page(head, proven->error(), 403);
  return gate_.open(head, body, (*proven)->holder());
}

http::Response OperatorConsole::sign_out(const http::RequestHead& head,
                                         const http::ReceivedBody* body) {
  auto visited = visit(head);
  if (!visited) return see_other("/console");
  return gate_.close(head, body, visited->session);
}

http::Response OperatorConsole::home(const http::RequestHead& head) {
  if (gate_.signed_out(head)) return sign_in_page(head, SignInNotice::kSignedOut, 200);
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  const auto now = system_clock::now();
  pages::ConsoleOverview view;
  view.warning_days = config_.expiry_warning_days;
  view.store_ok = deps_.store_healthy();
  auto queue = deps_.ledger_store.queue_state();
  if (!queue) return failed(head, queue.error());
  view.queued_blocks = queue->blocks;
  view.oldest_queued = queue->oldest;
  if (auto day = deps_.ledger.business_date(now)) {
    view.business_date = *day;
    auto closed = deps_.ledger_store.day_closed(*day);
    if (!closed) return failed(head, closed.error());
    view.day_closed = *closed;
  }
  auto current = deps_.applications.current_all();
  if (!current) return failed(head, current.error());
  const std::string at = format_utc_timestamp(now);
  const std::string soon =
      format_utc_timestamp(now + std::chrono::days(config_.expiry_warning_days));
  view.current_applications = current->size();
  auto waiting = deps_.proposals.waiting();
  if (!waiting) return failed(head, waiting.error());
  view.waiting_proposals = waiting->size();
  view.expiring_applications =
      static_cast<std::size_t>(std::count_if(current->begin(), current->end(), [&](const auto& a) {
        return at < a.valid_until && a.valid_until <= soon;
      }));
  return page_response(200, pages::console_overview_page(frame(head, &*visited), view));
}

http::Response OperatorConsole::institutions(const http::RequestHead& head,
                                             const std::string& problem, unsigned status) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  const http::QueryString query(head.query);
  pages::ConsoleInstitutionsView view;
  view.filter = query.get("q").value_or("");
  view.done = query.get("done").value_or("");
  view.problem = problem;
  const std::string wanted = lower(view.filter);
  auto all = deps_.identities.institutions();
  if (!all) return failed(head, all.error());
  for (auto& institution : *all) {
    const bool matches = wanted.empty() || institution.registration_number.starts_with(wanted) ||
                         lower(institution.name).find(wanted) != std::string::npos;
    if (!matches) continue;
    if (view.rows.size() == kInstitutionsPerPage) {
      view.more = true;
      break;
    }
    view.rows.push_back(std::move(institution));
  }
  return page_response(status, pages::console_institutions_page(frame(head, &*visited), view));
}

http::Response OperatorConsole::add_institution(const http::RequestHead& head,
                                                const http::ReceivedBody* body) {
  const auto form = gate_.form(body);
  auto visited = form_visit(head, form);
  if (!visited) return std::move(visited.error());
  const Language language = visited->session.language;
  const auto registration = form.get("registration_number").value_or("");
  const auto name = form.get("name").value_or("");
  if (!policy::is_registration_number(registration) || name.empty() ||
      utf8_characters(name) > 140) {
    return institutions(head,
                        said(language,
                             "An institution needs its 11-digit registration number and its name "
                             "(at most 140 characters).",
                             "Iestādei vajadzīgs 11 ciparu reģistrācijas numurs un nosaukums "
                             "(līdz 140 rakstzīmēm)."),
                        422);
  }
  const std::string already_there =
      fmt::format("{} {}",
                  said(language, "An institution is registered already under",
                       "Iestāde jau ir reģistrēta ar numuru"),
                  registration);
  auto existing = deps_.identities.find_institution(registration);
  if (!existing) return failed(head, existing.error());
  if (*existing) return institutions(head, already_there, 409);
  auto added = deps_.identities.add_institution(visited->who.actor(), registration, name);
  if (!added) {
    // Another operator's registration of the same number, between the check and the insert.
    auto now_there = deps_.identities.find_institution(registration);
    if (now_there && *now_there) return institutions(head, already_there, 409);
    if (store_failure(added.error())) return failed(head, added.error());
    return institutions(head, added.error().text(language), 409);
  }
  return see_other(fmt::format("/console/institutions?q={}&done=institution_added", registration));
}

http::Response OperatorConsole::add_account(const http::RequestHead& head,
                                            const std::string& registration_number,
                                            const http::ReceivedBody* body) {
  const auto form = gate_.form(body);
  auto visited = form_visit(head, form);
  if (!visited) return std::move(visited.error());
  const Language language = visited->session.language;
  const auto iban = form.get("iban").value_or("");
  const auto currency = form.get("currency").value_or("");
  if (!is_valid_iban(iban)) {
    return institutions(head,
                        fmt::format("{}: {}", iban,
                                    said(language, "not a valid IBAN (no spaces)",
                                         "nav derīgs IBAN (bez atstarpēm)")),
                        422);
  }
  if (!treasury_currency_exponent(currency)) {
    return institutions(head,
                        fmt::format("{}: {}", currency,
                                    said(language, "not a currency the treasury keeps",
                                         "nav valūta, ko Valsts kase tur")),
                        422);
  }
  // Whose the IBAN is already, if anyone's.
  const auto owner_of = [this, &iban]() -> Result<std::optional<std::string>> {
    auto registry = deps_.identities.institutions();
    if (!registry) return tl::unexpected(registry.error());
    for (const auto& other : *registry) {
      for (const auto& account : other.accounts) {
        if (account.iban == iban) return std::optional<std::string>(other.registration_number);
      }
    }
    return std::optional<std::string>();
  };
  const auto already_there = [&](const std::string& owner) {
    return institutions(
        head,
        fmt::format("{}: {} {}", iban,
                    said(language, "registered already, to", "jau reģistrēts iestādei"), owner),
        409);
  };
  auto owner = owner_of();
  if (!owner) return failed(head, owner.error());
  if (*owner) return already_there(**owner);
  auto institution = deps_.identities.find_institution(registration_number);
  if (!institution) return failed(head, institution.error());
  if (!*institution) {
    return institutions(
        head,
        fmt::format("{} {}", said(language, "No institution", "Nav iestādes"), registration_number),
        404);
  }
  if (auto s = deps_.identities.add_account(visited->who.actor(), **institution, iban, currency);
      !s) {
    // Another operator's, between the check and the insert.
    if (auto now_owner = owner_of(); now_owner && *now_owner) return already_there(**now_owner);
    if (store_failure(s.error())) return failed(head, s.error());
    return institutions(head, s.error().text(language), 409);
  }
  return see_other(
      fmt::format("/console/institutions?q={}&done=account_added", registration_number));
}

http::Response OperatorConsole::set_account_state(const http::RequestHead& head,
                                                  const std::string& iban,
                                                  const http::ReceivedBody* body) {
  const auto form = gate_.form(body);
  auto visited = form_visit(head, form);
  if (!visited) return std::move(visited.error());
  const auto state = parse_account_state(form.get("state").value_or(""));
  if (!state) {
    return institutions(head,
                        said(visited->session.language, "The state is open, closed or blocked.",
                             "Stāvoklis ir atvērts, slēgts vai bloķēts."),
                        422);
  }
  if (auto s = deps_.identities.set_account_state(visited->who.actor(), iban, *state); !s) {
    if (store_failure(s.error())) return failed(head, s.error());
    return institutions(head, s.error().text(visited->session.language),
                        s.error().code == ErrorCode::kNotFound ? 404 : 409);
  }
  const auto institution = form.get("institution").value_or("");
  return see_other(fmt::format("/console/institutions?q={}&done=account_state",
                               policy::is_registration_number(institution) ? institution : ""));
}

http::Response OperatorConsole::applications(const http::RequestHead& head) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  pages::ConsoleApplicationsView view;
  view.filter = http::QueryString(head.query).get("q").value_or("");
  const std::string wanted = lower(view.filter);
  auto current = deps_.applications.current_all();
  if (!current) return failed(head, current.error());
  for (auto& application : *current) {
    auto user = deps_.identities.user(application.user_number);
    if (!user) return failed(head, user.error());
    const bool matches = wanted.empty() || std::to_string(application.user_number) == wanted ||
                         user->institution_registration_number.starts_with(wanted) ||
                         lower(user->institution_name).find(wanted) != std::string::npos;
    if (matches) view.rows.push_back({std::move(application), std::move(*user)});
  }
  return page_response(200, pages::console_applications_page(frame(head, &*visited), view));
}

http::Response OperatorConsole::application(const http::RequestHead& head, std::int64_t user,
                                            const std::string& problem, unsigned status) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  auto page_frame = frame(head, &*visited);
  // After a refused form (a revocation too): the language link shows this page again.
  page_frame.here = fmt::format("/console/applications/{}", user);
  auto history = deps_.applications.history(user);
  if (!history) return failed(head, history.error());
  if (history->empty()) {
    return page_response(
        404, pages::console_not_found_page(
                 page_frame, fmt::format("{} {}",
                                         said(page_frame.language, "No application of user",
                                              "Nav pieteikuma lietotājam"),
                                         user)));
  }
  auto identity = deps_.identities.user(user);
  if (!identity) return failed(head, identity.error());
  auto certificates = deps_.identities.certificates();
  if (!certificates) return failed(head, certificates.error());
  pages::ConsoleApplicationView view;
  view.done = http::QueryString(head.query).get("done").value_or("");
  view.problem = problem;
  view.user = std::move(*identity);
  view.history = std::move(*history);
  for (auto& c : *certificates) {
    if (c.user_number == user) view.certificates.push_back(std::move(c));
  }
  view.today = today();
  return page_response(status, pages::console_application_page(page_frame, view));
}

http::Response OperatorConsole::new_application(const http::RequestHead& head) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  const auto page_frame = frame(head, &*visited);
  pages::ConsoleFormView view;
  view.form = blank_application_form(today());
  if (const auto user = http::QueryString(head.query).integer("user", 1, INT64_MAX); user) {
    if (!*user) return application(head, 0);
    auto latest = deps_.applications.latest(**user);
    if (!latest) return failed(head, latest.error());
    if (!*latest || (*latest)->terminated_at) {
      return page_response(
          404, pages::console_not_found_page(
                   page_frame, fmt::format("{} {}",
                                           said(page_frame.language,
                                                "No current application to replace for user",
                                                "Nav spēkā esoša pieteikuma, ko aizstāt, "
                                                "lietotājam"),
                                           **user)));
    }
    auto identity = deps_.identities.user(**user);
    if (!identity) return failed(head, identity.error());
    view.form = replacement_form(**latest, *identity, today());
  }
  return page_response(200, pages::console_form_page(page_frame, view));
}

http::Response OperatorConsole::register_application(const http::RequestHead& head,
                                                     const http::ReceivedBody* body) {
  const auto fields = gate_.form(body);
  auto visited = form_visit(head, fields);
  if (!visited) return std::move(visited.error());
  const auto page_frame = frame(head, &*visited);
  const Language language = page_frame.language;
  pages::ConsoleFormView view;
  view.form = read_application_form(fields);
  const auto refuse = [&](std::string problem) {
    view.problem = std::move(problem);
    return page_response(422, pages::console_form_page(page_frame, view));
  };
  const auto now = system_clock::now();
  auto registered = now;
  if (!view.form.registered_on.empty()) {
    const auto date = parse_iso_date(view.form.registered_on);
    if (!date) {
      return refuse(said(language, "The registration date must be a date (YYYY-MM-DD).",
                         "Reģistrācijas datumam jābūt datumam (GGGG-MM-DD)."));
    }
    registered = lifecycle::registration_instant(*date, now);
    if (*date > riga_date(now)) {
      return refuse(said(language, "The registration date lies in the future.",
                         "Reģistrācijas datums ir nākotnē."));
    }
  }
  if (auto s = lifecycle::check_not_lapsed(registered, now); !s)
    return refuse(s.error().text(language));
  if (view.form.rows_cut) {
    return refuse(fmt::format("{} {}",
                              said(language, "A form has at most this many rows of each kind:",
                                   "Veidlapā ir ne vairāk kā tik rindu katrā daļā:"),
                              kMaxFormRows));
  }
  auto json = policy::application_json(view.form);
  if (!json) return refuse(json.error().text(language));
  auto document = policy::parse_application(*json);
  if (!document)
    return refuse(policy::with_form_rows(document.error().text(language), view.form, language));
  // A replacement says which application its form was filled from: one
  // registered since (by another operator) is not overwritten unseen.
  std::optional<std::int64_t> replaces;
  if (document->user_number) {
    replaces = http::parse_id(view.form.replaces_application);
    if (!replaces) {
      return refuse(said(language,
                         "Open the replacement form again from the user's page: this form does "
                         "not say which application it replaces.",
                         "Atveriet aizstāšanas veidlapu vēlreiz no lietotāja lapas: šajā "
                         "veidlapā nav norādīts, kuru pieteikumu tā aizstāj."));
    }
  }
  if (config_.second_operator) {
    // Refused now what the approval would refuse, while the form is at hand.
    if (auto s = lifecycle::check_registration(deps_.applications, *document, *json, registered,
                                               view.form.institution_renamed);
        !s) {
      if (store_failure(s.error())) return failed(head, s.error());
      return refuse(policy::with_form_rows(s.error().text(language), view.form, language));
    }
    store::ApplicationProposal proposal;
    proposal.document = json_text(*json);
    proposal.registered_at = format_utc_timestamp(registered);
    proposal.institution_renamed = view.form.institution_renamed;
    proposal.registration_number = document->institution_registration_number;
    proposal.institution_name = document->institution_name;
    proposal.user_number = document->user_number;
    proposal.replaces_application_id = replaces;
    proposal.proposed_by = visited->who.actor();
    proposal.proposer_name = visited->who.name;
    proposal.proposer_serial = visited->who.serial;
    proposal.proposed_at = format_utc_timestamp(now);
    auto id = deps_.proposals.propose(proposal);
    if (!id) {
      if (store_failure(id.error())) return failed(head, id.error());
      return refuse(id.error().text(language));
    }
    deps_.log.info(
        "console_application_proposed",
        {{"request_id", head.request_id}, {"operator", visited->who.actor()}, {"proposal", *id}});
    return see_other(fmt::format("/console/proposals/{}?done=proposed", *id));
  }
  auto outcome = lifecycle::register_application(
      {deps_.applications, deps_.identities, deps_.activations}, config_.mail, visited->who.actor(),
      *document, *json, registered, view.form.institution_renamed, std::nullopt, replaces,
      visited->who.serial);
  if (!outcome) {
    if (store_failure(outcome.error())) return failed(head, outcome.error());
    return refuse(policy::with_form_rows(outcome.error().text(language), view.form, language));
  }
  return registered_page(head, visited->who, *outcome, std::nullopt);
}

http::Response OperatorConsole::registered_page(const http::RequestHead& head, const Operator& who,
                                                const lifecycle::RegistrationOutcome& outcome,
                                                std::optional<std::int64_t> proposal) {
  deps_.log.info("console_application_registered",
                 {{"request_id", head.request_id},
                  {"operator", who.actor()},
                  {"user_number", outcome.registration.user_number},
                  {"replaced", outcome.registration.replaced},
                  {"proposal", proposal.value_or(0)}});
  if (outcome.code_error) {
    deps_.log.error("activation_code_not_sent", {{"request_id", head.request_id},
                                                 {"user_number", outcome.registration.user_number},
                                                 {"detail", outcome.code_error->message}});
  }
  return see_other(fmt::format("/console/applications/{}?done={}", outcome.registration.user_number,
                               outcome.code_error ? "registered_no_code"
                               : outcome.code     ? "registered"
                                                  : "registered_kept"));
}

Result<std::pair<policy::ApplicationDocument, nlohmann::json>> OperatorConsole::proposed_document(
    const store::ApplicationProposal& p) const {
  auto json = nlohmann::json::parse(p.document, nullptr, false);
  if (json.is_discarded()) {
    return fail(ErrorCode::kInternal, fmt::format("proposal {} holds no JSON", p.id));
  }
  auto document = policy::parse_application(json);
  if (!document) return tl::unexpected(document.error());
  return std::pair{std::move(*document), std::move(json)};
}

http::Response OperatorConsole::proposals(const http::RequestHead& head) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  pages::ConsoleProposalsView view;
  view.done = http::QueryString(head.query).get("done").value_or("");
  auto waiting = deps_.proposals.waiting();
  if (!waiting) return failed(head, waiting.error());
  view.rows = std::move(*waiting);
  return page_response(200, pages::console_proposals_page(frame(head, &*visited), view));
}

http::Response OperatorConsole::proposal(const http::RequestHead& head, std::int64_t id,
                                         const std::string& problem, unsigned status) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  auto page_frame = frame(head, &*visited);
  page_frame.here = fmt::format("/console/proposals/{}", id);
  auto found = deps_.proposals.find(id);
  if (!found) return failed(head, found.error());
  if (!*found) {
    return page_response(
        404, pages::console_not_found_page(
                 page_frame,
                 fmt::format("{} {}", said(page_frame.language, "No proposal", "Nav priekšlikuma"),
                             id)));
  }
  pages::ConsoleProposalView view;
  view.done = http::QueryString(head.query).get("done").value_or("");
  view.problem = problem;
  view.proposal = std::move(**found);
  view.own = is_proposer(view.proposal, visited->who);
  auto document = proposed_document(view.proposal);
  // A decided one shows what it held; a waiting one what approving it now records.
  const auto registered = view.proposal.outcome
                              ? parse_utc_timestamp(view.proposal.registered_at)
                              : registration_if_approved(view.proposal, system_clock::now());
  if (document && registered) {
    view.proposed = proposed_row(document->first, *registered);
  } else {
    // Unreadable under today's rules: shown as unapprovable, so it can still be refused.
    view.unreadable = true;
    if (view.problem.empty()) {
      view.problem = document ? "a proposal's registration time is unreadable"
                              : document.error().text(page_frame.language);
    }
  }
  if (view.proposal.user_number) {
    auto latest = deps_.applications.latest(*view.proposal.user_number);
    if (!latest) return failed(head, latest.error());
    view.current = std::move(*latest);
    view.stale = !view.current || view.current->terminated_at ||
                 view.current->id != view.proposal.replaces_application_id.value_or(0);
  }
  if (view.unreadable) {
    view.stale = true;
  }
  auto operators = deps_.operators.list();
  if (!operators) return failed(head, operators.error());
  view.proposer_revoked = std::any_of(
      operators->begin(), operators->end(), [&](const store::OperatorCertificateRecord& c) {
        return c.serial == view.proposal.proposer_serial && c.revoked_at.has_value();
      });
  return page_response(status, pages::console_proposal_page(page_frame, view));
}

bool OperatorConsole::is_proposer(const store::ApplicationProposal& p, const Operator& who) {
  // The same person under another certificate is still the same person.
  return p.proposer_serial == who.serial ||
         comparable_name(p.proposer_name) == comparable_name(who.name);
}

http::Response OperatorConsole::approve(const http::RequestHead& head, std::int64_t id,
                                        const http::ReceivedBody* body) {
  auto visited = form_visit(head, gate_.form(body));
  if (!visited) return std::move(visited.error());
  const Language language = visited->session.language;
  auto found = deps_.proposals.find(id);
  if (!found) return failed(head, found.error());
  if (!*found) return proposal(head, id);
  const store::ApplicationProposal& p = **found;
  if (p.outcome) {
    return proposal(
        head, id,
        said(language, "This proposal was decided already.", "Par šo priekšlikumu jau ir lemts."),
        409);
  }
  if (is_proposer(p, visited->who)) {
    return proposal(
        head, id,
        said(language, "You proposed this application: another operator must approve it.",
             "Šo pieteikumu iesniedzāt jūs: tas jāapstiprina citam operatoram."),
        403);
  }
  auto document = proposed_document(p);
  const auto now = system_clock::now();
  const auto registered = registration_if_approved(p, now);
  if (!document) return proposal(head, id, document.error().text(language), 422);
  if (!registered) {
    return failed(head,
                  Error{ErrorCode::kInternal, "a proposal's registration time is unreadable"});
  }
  // Checked again now: an application whose 3 years have run out since helps nobody.
  if (auto s = lifecycle::check_not_lapsed(*registered, now); !s) {
    return proposal(head, id, s.error().text(language), 422);
  }
  auto outcome = lifecycle::register_application(
      {deps_.applications, deps_.identities, deps_.activations}, config_.mail, visited->who.actor(),
      document->first, document->second, *registered, p.institution_renamed,
      store::NewApplication::Approval{id, visited->who.name}, std::nullopt, visited->who.serial);
  if (!outcome) {
    if (store_failure(outcome.error())) return failed(head, outcome.error());
    return proposal(head, id, outcome.error().text(language), 409);
  }
  return registered_page(head, visited->who, *outcome, id);
}

http::Response OperatorConsole::refuse_proposal(const http::RequestHead& head, std::int64_t id,
                                                const http::ReceivedBody* body) {
  const auto form = gate_.form(body);
  auto visited = form_visit(head, form);
  if (!visited) return std::move(visited.error());
  const Language language = visited->session.language;
  std::string reason = form.get("reason").value_or("");
  if (reason.find_first_not_of(" \t") == std::string::npos) {
    return proposal(head, id,
                    said(language, "Say why, for the audit log and the other operator.",
                         "Norādiet iemeslu audita žurnālam un otram operatoram."),
                    422);
  }
  auto found = deps_.proposals.find(id);
  if (!found) return failed(head, found.error());
  if (!*found) return proposal(head, id);
  const bool own = is_proposer(**found, visited->who);
  if (auto s = deps_.proposals.set_aside(visited->who.actor(), id, own, reason); !s) {
    if (store_failure(s.error())) return failed(head, s.error());
    return proposal(head, id, s.error().text(language), 409);
  }
  return see_other(fmt::format("/console/proposals?done={}", own ? "withdrawn" : "refused"));
}

http::Response OperatorConsole::send_code(const http::RequestHead& head, std::int64_t user,
                                          const http::ReceivedBody* body) {
  auto visited = form_visit(head, gate_.form(body));
  if (!visited) return std::move(visited.error());
  auto sent =
      lifecycle::send_activation_code({deps_.applications, deps_.identities, deps_.activations},
                                      config_.mail, visited->who.actor(), user);
  if (!sent) {
    if (store_failure(sent.error())) return failed(head, sent.error());
    return application(head, user, sent.error().text(visited->session.language), 409);
  }
  return see_other(fmt::format("/console/applications/{}?done=code_sent", user));
}

http::Response OperatorConsole::terminate(const http::RequestHead& head, std::int64_t user,
                                          const http::ReceivedBody* body) {
  const auto form = gate_.form(body);
  auto visited = form_visit(head, form);
  if (!visited) return std::move(visited.error());
  if (form.get("confirm") != "1") {
    return application(
        head, user,
        said(visited->session.language, "Tick the confirmation to terminate the application.",
             "Atzīmējiet apstiprinājumu, lai izbeigtu pieteikumu."),
        422);
  }
  if (auto s = deps_.applications.terminate(visited->who.actor(), user); !s) {
    if (store_failure(s.error())) return failed(head, s.error());
    return application(head, user, s.error().text(visited->session.language), 409);
  }
  return see_other(fmt::format("/console/applications/{}?done=terminated", user));
}

http::Response OperatorConsole::limit_change(const http::RequestHead& head, std::int64_t user,
                                             const http::ReceivedBody* body) {
  const auto form = gate_.form(body);
  auto visited = form_visit(head, form);
  if (!visited) return std::move(visited.error());
  const Language language = visited->session.language;
  const auto iban = form.get("iban").value_or("");
  const auto date = form.get("date").value_or("");
  // Whole euros, at least 1 (at most 10^12: debtor_mandate counts in cents).
  const auto single = form.integer("single", 1, 1'000'000'000'000).value_or(std::nullopt);
  const auto daily = form.integer("daily", 1, 1'000'000'000'000).value_or(std::nullopt);
  if (!parse_iso_date(date)) {
    return application(head, user,
                       said(language, "The date must be a date (YYYY-MM-DD).",
                            "Datumam jābūt datumam (GGGG-MM-DD)."),
                       422);
  }
  if (date < today()) {
    return application(head, user,
                       said(language, "The date has passed: limits are set for today or later.",
                            "Datums ir pagājis: limitus nosaka šodienai vai vēlākai dienai."),
                       422);
  }
  if (!single || !daily || *daily < *single) {
    return application(
        head, user,
        said(language,
             "Both limits are whole euros of at least 1, and the daily limit is at least the "
             "single-payment limit.",
             "Abi limiti ir veseli eiro, vismaz 1, un dienas limits nav mazāks par viena "
             "maksājuma limitu."),
        422);
  }
  // One operator alone may lower an account's limits for a day, not raise
  // them above the application's, which two operators approved.
  if (auto s = deps_.applications.set_limit_change(visited->who.actor(), user, iban, date,
                                                   {*single, *daily}, config_.second_operator);
      !s) {
    if (store_failure(s.error())) return failed(head, s.error());
    return application(head, user, s.error().text(language),
                       s.error().code == ErrorCode::kPermissionDenied ? 403 : 409);
  }
  return see_other(fmt::format("/console/applications/{}?done=limit_set", user));
}

http::Response OperatorConsole::revoke(const http::RequestHead& head, const std::string& serial,
                                       const http::ReceivedBody* body) {
  const auto form = gate_.form(body);
  auto visited = form_visit(head, form);
  if (!visited) return std::move(visited.error());
  const auto user = form.integer("user", 1, INT64_MAX);
  if (!user || !*user) return see_other("/console/applications");
  const std::string reason = form.get("reason").value_or("operator console");
  if (auto s = deps_.identities.revoke_certificate(visited->who.actor(), serial, reason); !s) {
    if (store_failure(s.error())) return failed(head, s.error());
    return application(head, **user, s.error().text(visited->session.language), 409);
  }
  return see_other(fmt::format("/console/applications/{}?done=revoked", **user));
}

http::Response OperatorConsole::people_certificates(const http::RequestHead& head,
                                                    const std::string& problem, unsigned status) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  pages::ConsoleCertificatesView view;
  view.done = http::QueryString(head.query).get("done").value_or("");
  view.problem = problem;
  auto signers = deps_.signers.list();
  if (!signers) return failed(head, signers.error());
  auto operators = deps_.operators.list();
  if (!operators) return failed(head, operators.error());
  view.signers = std::move(*signers);
  view.operators = std::move(*operators);
  auto page_frame = frame(head, &*visited);
  page_frame.here = "/console/certificates";
  return page_response(status, pages::console_certificates_page(page_frame, view));
}

http::Response OperatorConsole::revoke_person(const http::RequestHead& head, bool signer,
                                              const std::string& serial,
                                              const http::ReceivedBody* body) {
  const auto form = gate_.form(body);
  auto visited = form_visit(head, form);
  if (!visited) return std::move(visited.error());
  std::string reason = form.get("reason").value_or("");
  if (reason.empty()) reason = "operator console";
  if (!signer && serial == visited->who.serial) {
    return people_certificates(head,
                               said(visited->session.language,
                                    "Your own certificate is revoked by another operator (or with "
                                    "gatewayctl operator revoke), not from its own session.",
                                    "Savu sertifikātu atsauc cits operators (vai ar gatewayctl "
                                    "operator revoke), nevis tā paša sesijā."),
                               409);
  }
  const auto revoked = signer ? deps_.signers.revoke(visited->who.actor(), serial, reason)
                              : deps_.operators.revoke(visited->who.actor(), serial, reason);
  if (!revoked) {
    if (store_failure(revoked.error())) return failed(head, revoked.error());
    return people_certificates(head, revoked.error().text(visited->session.language), 404);
  }
  return see_other(
      fmt::format("/console/certificates?done={}", signer ? "signer_revoked" : "operator_revoked"));
}

http::Response OperatorConsole::crl(const http::RequestHead& head) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  auto list =
      lifecycle::client_revocation_list({deps_.identities, deps_.signers, deps_.operators},
                                        deps_.ca, system_clock::now(), std::chrono::days(7));
  if (!list) return failed(head, list.error());
  return with_page_headers(
      http::Response{200,
                     "application/pkix-crl",
                     std::move(list->pem),
                     {{"Content-Disposition", "attachment; filename=\"client-ca.crl.pem\""}}});
}

http::Response OperatorConsole::audit(const http::RequestHead& head) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  const auto page_frame = frame(head, &*visited);
  const http::QueryString query(head.query);
  pages::ConsoleAuditView view;
  view.actor = query.get("actor").value_or("");
  view.action = query.get("action").value_or("");
  view.subject = query.get("subject").value_or("");
  view.from = query.get("from").value_or("");
  view.to = query.get("to").value_or("");
  const auto before = query.integer("before", 1, INT64_MAX);
  if ((!view.from.empty() && !parse_iso_date(view.from)) ||
      (!view.to.empty() && !parse_iso_date(view.to))) {
    view.problem = said(page_frame.language, "Dates are YYYY-MM-DD.", "Datumi ir GGGG-MM-DD.");
    return page_response(400, pages::console_audit_page(page_frame, view));
  }
  if (before && !*before) {
    view.problem = said(page_frame.language, "before= is the id of an audit entry.",
                        "before= ir audita ieraksta identifikators.");
    return page_response(400, pages::console_audit_page(page_frame, view));
  }
  store::AuditQuery search{view.actor,       view.action, view.subject,
                           view.from,        view.to,     before ? *before : std::nullopt,
                           kAuditPerPage + 1};
  auto rows = deps_.audit.search(search);
  if (!rows) return failed(head, rows.error());
  if (static_cast<int>(rows->size()) > kAuditPerPage) {
    rows->pop_back();
    view.older_href =
        fmt::format("/console/audit?actor={}&action={}&subject={}&from={}&to={}&before={}",
                    http::percent_encode(view.actor), http::percent_encode(view.action),
                    http::percent_encode(view.subject), http::percent_encode(view.from),
                    http::percent_encode(view.to), rows->back().id);
  }
  view.rows = std::move(*rows);
  return page_response(200, pages::console_audit_page(page_frame, view));
}

}  // namespace gw::api
