#include "api/signer_portal.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <tuple>

#include "api/answer_language.h"
#include "api/api_error.h"
#include "api/page_response.h"
#include "authorisation/approval_statement.h"
#include "calendar/riga_time.h"
#include "core/amount.h"
#include "core/credential_reads.h"
#include "core/sha256.h"
#include "core/utf8.h"
#include "http/cookie.h"
#include "http/query_string.h"
#include "http/request_origin.h"
#include "pages/page_assets.h"
#include "pages/page_headers.h"
#include "policy/report_version.h"

namespace gw::api {
namespace {

using authorisation::Decision;
using pages::SignInNotice;

constexpr int kPaymentsPerPage = 100;
constexpr std::size_t kWaitingPerPage = 100;  // files on the home page
constexpr int kPaymentsPerSearch = 50;
constexpr int kFilesPerPage = 50;

std::string sha256_of(const std::string& text) {
  Sha256 digest;
  digest.update(text.data(), text.size());
  return digest.finish().value_or("");
}

// A report file sent as a download (removed from the spool once sent).
http::Response attachment(const StatementFile& file) {
  http::Response r{
      200,
      "application/xml; charset=utf-8",
      {},
      {{"Content-Disposition", fmt::format("attachment; filename=\"{}\"", file.file_name)},
       {"X-Message-Type", file.message_type}},
      file.path};
  r.held_until_sent = file.hold;
  return with_page_headers(std::move(r));
}

}  // namespace

std::optional<http::Admission> SignerPortal::admit(const http::RequestHead& head) {
  const std::string_view path = head.path;
  if (path != "/portal" && !path.starts_with("/portal/")) return std::nullopt;
  const auto only = [&](std::string route, std::string_view method,
                        http::BodyHandler handler) -> http::Admission {
    if (head.method != method) {
      return method_not_allowed(std::move(route), head, std::string(method));
    }
    // Nothing is received from anyone but a signer, and no more than a form.
    if (auto refused = refuse_early(head)) {
      return http::Admission{std::move(route), std::move(*refused), {}};
    }
    return http::Admission{std::move(route), std::nullopt, std::move(handler)};
  };

  if (auto asset = gate_.asset(head)) return std::move(*asset);
  if (path == "/portal") {
    return only("/portal", "GET", [this, &head](const http::ReceivedBody*) { return home(head); });
  }
  if (path == "/portal/session") {
    return only("/portal/session", "POST",
                [this, &head](const http::ReceivedBody* body) { return sign_in(head, body); });
  }
  if (path == "/portal/payments") {
    return only("/portal/payments", "GET",
                [this, &head](const http::ReceivedBody*) { return payments(head); });
  }
  if (path == "/portal/uploads") {
    return only("/portal/uploads", "GET",
                [this, &head](const http::ReceivedBody*) { return uploads(head); });
  }
  if (path == "/portal/statements") {
    return only("/portal/statements", "GET",
                [this, &head](const http::ReceivedBody*) { return statements(head); });
  }
  if (path == "/portal/statements/camt053") {
    return only(
        "/portal/statements/camt053", "POST",
        [this, &head](const http::ReceivedBody* body) { return download_statement(head, body); });
  }
  if (path == "/portal/reports") {
    return only("/portal/reports", "GET",
                [this, &head](const http::ReceivedBody*) { return reports(head); });
  }
  if (path == "/portal/signout") {
    auto admitted = only("/portal/signout", "POST", [this, &head](const http::ReceivedBody* body) {
      return sign_out(head, body);
    });
    admitted.bounded_apart = true;  // never refused for the person's pages under way
    return admitted;
  }
  const auto segments = http::path_segments(path);  // portal, files, {id}[, decision]
  if (segments.size() == 3 && segments[1] == "reports") {
    if (const auto id = http::parse_id(segments[2])) {
      return only("/portal/reports/{id}", "GET", [this, &head, id](const http::ReceivedBody*) {
        return download_report(head, *id);
      });
    }
  }
  if (segments.size() >= 3 && segments.size() <= 4 && segments[1] == "files") {
    const auto id = http::parse_id(segments[2]);
    if (segments.size() == 3 && id) {
      return only("/portal/files/{id}", "GET",
                  [this, &head, id](const http::ReceivedBody*) { return file(head, *id); });
    }
    if (segments.size() == 4 && id && segments[3] == "pain002") {
      return only("/portal/files/{id}/pain002", "GET",
                  [this, &head, id](const http::ReceivedBody*) {
                    return download_status_report(head, *id);
                  });
    }
    if (segments.size() == 4 && id && (segments[3] == "approve" || segments[3] == "reject")) {
      const Decision decision = segments[3] == "approve" ? Decision::kApprove : Decision::kReject;
      return only(fmt::format("/portal/files/{{id}}/{}", segments[3]), "POST",
                  [this, &head, id, decision](const http::ReceivedBody* body) {
                    return decide(head, *id, decision, body);
                  });
    }
  }
  return http::Admission{
      "unmatched", error_response(ApiError::kRouteNotFound, head.request_id), {}};
}

std::optional<http::Response> SignerPortal::refuse_early(const http::RequestHead& head) {
  if (auto refused = gate_.refuse_body(head)) return refused;
  auto proven = signer_of(head, std::chrono::system_clock::now());
  if (!proven) return failed(head, proven.error());
  if (*proven) return std::nullopt;
  return gate_.refuse_person(head, proven->error());
}

http::CertificateStanding SignerPortal::certificate_standing(
    const pki::CertificateInfo& certificate) const {
  auto record = known_signers_.find(certificate.fingerprint_sha256);
  if (!record) {
    deps_.log.error("revocation_check_failed", {{"certificate_serial", certificate.serial},
                                                {"detail", record.error().message}});
    return http::CertificateStanding::kUnknown;  // fail closed
  }
  return *record && (*record)->revoked_at.has_value() ? http::CertificateStanding::kRevoked
                                                      : http::CertificateStanding::kGood;
}

Result<SignerPortal::Proven> SignerPortal::signer_of(
    const http::RequestHead& head, std::chrono::system_clock::time_point now) const {
  if (!head.client_certificate) return Proven(tl::unexpect, SignInNotice::kNoCertificate);
  const auto& presented = *head.client_certificate;
  auto record = known_signers_.find(presented.fingerprint_sha256);
  if (!record) return tl::unexpected(record.error());
  if (!*record) return Proven(tl::unexpect, SignInNotice::kNotASigner);
  const std::string at = format_utc_timestamp(now);
  if ((*record)->revoked_at || presented.not_after <= at || presented.not_before > at) {
    return Proven(tl::unexpect, SignInNotice::kCertificateEnded);
  }
  return Signer{pki::SignerCertificate{presented.subject,
                                       presented.issuer,
                                       presented.serial,
                                       presented.fingerprint_sha256,
                                       (*record)->personal_code,
                                       presented.not_after,
                                       {}},
                (*record)->name};
}

Result<std::vector<SignerPortal::SignedFor>> SignerPortal::signed_for(
    const std::string& personal_code, std::chrono::system_clock::time_point now) const {
  auto current = deps_.applications.current_signed_by(personal_code);
  if (!current) return tl::unexpected(current.error());
  const std::string at = format_utc_timestamp(now);
  std::vector<SignedFor> users;
  for (auto& application : *current) {
    if (application.valid_until <= at) continue;
    auto user = deps_.identities.user(application.user_number);
    if (!user) return tl::unexpected(user.error());
    std::vector<std::string> ibans;
    for (const auto& signer : application.payment_signers) {
      if (signer.personal_code != personal_code) continue;
      for (const auto& right : signer.rights) ibans.push_back(right.iban);
    }
    users.push_back(
        {std::move(application), user->institution_name, std::move(ibans), personal_code});
  }
  return users;
}

std::vector<std::pair<std::int64_t, std::string>> SignerPortal::signer_accounts(
    const std::vector<SignedFor>& users) {
  std::vector<std::pair<std::int64_t, std::string>> accounts;
  for (const auto& user : users) {
    for (const auto& iban : user.signer_ibans) {
      accounts.emplace_back(user.application.user_number, iban);
    }
  }
  return accounts;
}

std::vector<StatementGrant> SignerPortal::statement_grants(const std::vector<SignedFor>& users) {
  std::vector<StatementGrant> grants;
  for (const auto& user : users) {
    for (const auto& account : user.application.accounts) {
      const auto& mine = user.signer_ibans;
      const bool signs = std::find(mine.begin(), mine.end(), account.iban) != mine.end();
      const bool listed = std::any_of(grants.begin(), grants.end(), [&](const auto& g) {
        return g.account.iban == account.iban;
      });
      if (signs && !listed) {
        grants.push_back({user.application.user_number, user.institution, account,
                          user.application.accounts, user.application.report_version});
      }
    }
  }
  return grants;
}

Result<std::optional<std::pair<SignerPortal::SignedFor, store::HeldFile>>> SignerPortal::find_file(
    const std::vector<SignedFor>& users, std::int64_t id) const {
  for (const auto& user : users) {
    auto held = deps_.authorisations.file(user.application.user_number, id);
    if (!held) return tl::unexpected(held.error());
    if (*held && may_sign(user, **held)) {
      return std::make_optional(std::make_pair(user, std::move(**held)));
    }
  }
  return std::nullopt;
}

std::vector<std::string> SignerPortal::visible_accounts(const SignedFor& user,
                                                        const store::HeldFile& file) {
  std::vector<std::string> ibans = user.signer_ibans;
  for (const auto& block : file.blocks) {
    if (std::find(ibans.begin(), ibans.end(), block.debtor_iban) == ibans.end()) {
      ibans.push_back(block.debtor_iban);
    }
  }
  return ibans;
}

bool SignerPortal::may_sign(const SignedFor& user, const store::HeldFile& file) const {
  std::vector<std::string> ibans;
  for (const auto& block : file.blocks) ibans.push_back(block.debtor_iban);
  return may_sign(user, ibans);
}

bool SignerPortal::may_sign(const SignedFor& user, const std::vector<std::string>& debtor_ibans) {
  return policy::signing_level(user.application.payment_signers, user.application.accounts,
                               user.personal_code, debtor_ibans) > 0;
}

tl::expected<SignerPortal::Visit, http::Response> SignerPortal::visit(
    const http::RequestHead& head) {
  auto proven = signer_of(head, std::chrono::system_clock::now());
  if (!proven) return tl::unexpected(failed(head, proven.error()));
  if (!*proven) return tl::unexpected(sign_in_page(head, proven->error(), 403));
  auto session = gate_.session(head, (*proven)->holder());
  if (!session) return tl::unexpected(std::move(session.error()));
  return Visit{std::move(**proven), std::move(*session)};
}

pages::PortalFrame SignerPortal::frame(const http::RequestHead& head, const Visit* visit) const {
  return visit != nullptr ? gate_.frame(head, &visit->session, visit->signer.name)
                          : gate_.frame(head, nullptr, "");
}

http::Response SignerPortal::failed(const http::RequestHead& head, const Error& error) const {
  return gate_.failed(head, error);
}

http::Response SignerPortal::busy(const http::RequestHead& head, RequestGate::Refusal refusal,
                                  std::string_view event, Result<std::string> html) const {
  const bool own = refusal == RequestGate::Refusal::kUserBusy;
  deps_.log.warn(
      event, {{"request_id", head.request_id}, {"reason", own ? "person_busy" : "gateway_busy"}});
  auto r = page_response(own ? 429 : 503, std::move(html));
  r.headers.emplace_back("Retry-After", RequestGate::retry_after(refusal, "5"));
  return r;
}

http::Response SignerPortal::sign_in_page(const http::RequestHead& head, SignInNotice notice,
                                          unsigned status) const {
  return gate_.sign_in_page(head, notice, status);
}

http::Response SignerPortal::home(const http::RequestHead& head) {
  if (gate_.signed_out(head)) return sign_in_page(head, SignInNotice::kSignedOut, 200);
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  const auto now = std::chrono::system_clock::now();
  auto users = signed_for(visited->signer.certificate.personal_code, now);
  if (!users) return failed(head, users.error());
  // Which waiting files the person may sign, and their order, from the files'
  // rows alone; only the files shown are read in full (their totals sum every
  // payment), as many as a page of held files reads.
  std::vector<std::pair<const SignedFor*, store::WaitingFile>> listed;
  for (const auto& user : *users) {
    auto waiting = deps_.authorisations.waiting(user.application.user_number);
    if (!waiting) return failed(head, waiting.error());
    for (auto& file : *waiting) {
      if (may_sign(user, file.debtor_ibans)) listed.emplace_back(&user, std::move(file));
    }
  }
  // The most urgent first, across the person's institutions; of two due
  // alike, the older file.
  std::sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second.expires_at, a.second.message_id) <
           std::tie(b.second.expires_at, b.second.message_id);
  });
  const auto from = http::QueryString(head.query).integer("from", 0, 1'000'000);
  const auto first = std::min(listed.size(), static_cast<std::size_t>(from && *from ? **from : 0));
  // Past the end (files were signed meanwhile): the first page, not "none waiting".
  if (first > 0 && first >= listed.size()) return see_other("/portal");
  std::vector<pages::PortalFileRow> shown;
  std::int64_t payments = 0;
  std::size_t last = first;
  for (; last < listed.size() && shown.size() < kWaitingPerPage; ++last) {
    const auto& [user, waiting] = listed[last];
    if (!shown.empty() &&
        payments + waiting.transactions > store::AuthorisationStore::kPaymentsPerPage) {
      break;
    }
    auto held = deps_.authorisations.file(user->application.user_number, waiting.message_id);
    if (!held) return failed(head, held.error());
    if (!*held || (*held)->state != "waiting") continue;  // decided since it was listed
    payments += waiting.transactions;
    shown.push_back({user->institution, user->application.user_number, std::move(**held)});
  }
  const std::string next = last < listed.size() ? fmt::format("/portal?from={}", last) : "";
  return page_response(200, pages::portal_files_page(frame(head, &*visited), shown, next));
}

http::Response SignerPortal::sign_in(const http::RequestHead& head,
                                     const http::ReceivedBody* body) {
  if (gate_.from_other_site(head)) return sign_in_page(head, SignInNotice::kNone, 403);
  auto proven = signer_of(head, std::chrono::system_clock::now());
  if (!proven) return failed(head, proven.error());
  if (!*proven) return sign_in_page(head, proven->error(), 403);
  return gate_.open(head, body, (*proven)->holder());
}

http::Response SignerPortal::sign_out(const http::RequestHead& head,
                                      const http::ReceivedBody* body) {
  auto visited = visit(head);
  if (!visited) return see_other("/portal");
  return gate_.close(head, body, visited->session);
}

http::Response SignerPortal::file(const http::RequestHead& head, std::int64_t id) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  const auto now = std::chrono::system_clock::now();
  const auto& me = visited->signer.certificate;
  auto users = signed_for(me.personal_code, now);
  if (!users) return failed(head, users.error());
  auto found = find_file(*users, id);
  if (!found) return failed(head, found.error());
  if (!*found) return uploaded_file(head, *visited, *users, id);
  const auto page_frame = frame(head, &*visited);
  auto& [user, held] = **found;

  const http::QueryString query(head.query);
  const auto offset = query.integer("offset", 0, held.transactions).value_or(0).value_or(0);
  const auto shown = visible_accounts(user, held);
  auto payments =
      deps_.messages.payments(user.application.user_number, id, offset, kPaymentsPerPage, &shown);
  if (!payments) return failed(head, payments.error());
  auto hidden = deps_.messages.payments_outside(user.application.user_number, id, shown);
  if (!hidden) return failed(head, hidden.error());
  pages::PortalFileDetail detail;
  detail.listed = held.transactions - *hidden;
  detail.statement = authorisation::approval_statement(held, Decision::kApprove);
  detail.approve_sha256 = sha256_of(detail.statement);
  detail.reject_sha256 = sha256_of(authorisation::approval_statement(held, Decision::kReject));
  detail.can_decide =
      held.state == "waiting" &&
      std::none_of(held.signatures.begin(), held.signatures.end(),
                   [&](const auto& s) { return s.personal_code == me.personal_code; });
  detail.outcome = query.get("outcome").value_or("");
  detail.offset = offset;
  detail.page_size = kPaymentsPerPage;
  detail.payments = std::move(*payments);
  detail.row = {user.institution, user.application.user_number, std::move(held)};
  return page_response(200, pages::portal_file_page(page_frame, detail));
}

http::Response SignerPortal::uploaded_file(const http::RequestHead& head, const Visit& visit,
                                           const std::vector<SignedFor>& users, std::int64_t id) {
  const auto page_frame = frame(head, &visit);
  store::FileQuery q;
  q.accounts = signer_accounts(users);
  q.message_id = id;
  q.limit = 1;
  auto listed = deps_.messages.files(q);
  if (!listed) return failed(head, listed.error());
  if (listed->empty()) return page_response(404, pages::portal_not_found_page(page_frame));
  const auto& upload = listed->front();
  const auto user = std::find_if(users.begin(), users.end(), [&](const auto& u) {
    return u.application.user_number == upload.user_number;
  });
  if (user == users.end()) return page_response(404, pages::portal_not_found_page(page_frame));
  const auto& m = upload.message;
  const http::QueryString query(head.query);
  const auto offset = query.integer("offset", 0, m.transactions).value_or(0).value_or(0);
  // Listed uploads debit the person's accounts only (store::FileQuery).
  auto payments = deps_.messages.payments(upload.user_number, id, offset, kPaymentsPerPage,
                                          &user->signer_ibans);
  if (!payments) return failed(head, payments.error());
  pages::PortalFileDetail detail;
  detail.listed = m.transactions;
  detail.held = false;
  detail.group_status = m.group_status;
  detail.offset = offset;
  detail.page_size = kPaymentsPerPage;
  detail.payments = std::move(*payments);
  detail.row.institution = user->institution;
  detail.row.user_number = upload.user_number;
  auto& f = detail.row.file;
  f.message_id = m.id;
  f.msg_id = m.msg_id;
  f.received_at = m.received_at;
  f.transactions = m.transactions;
  f.accepted = m.accepted;
  f.state = upload.authorisation_state;
  return page_response(200, pages::portal_file_page(page_frame, detail));
}

http::Response SignerPortal::uploads(const http::RequestHead& head) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  const auto before =
      http::QueryString(head.query).integer("before", 1, std::numeric_limits<std::int64_t>::max());
  auto users =
      signed_for(visited->signer.certificate.personal_code, std::chrono::system_clock::now());
  if (!users) return failed(head, users.error());
  store::FileQuery q;
  q.accounts = signer_accounts(*users);
  q.before_id = before && *before ? **before : 0;
  q.limit = kFilesPerPage;
  auto listed = deps_.messages.files(q);
  if (!listed) return failed(head, listed.error());
  pages::UploadsView view;
  for (auto& file : *listed) {
    const auto user = std::find_if(users->begin(), users->end(), [&](const auto& u) {
      return u.application.user_number == file.user_number;
    });
    view.rows.push_back(
        {user == users->end() ? std::string() : user->institution, std::move(file)});
  }
  if (static_cast<int>(view.rows.size()) == q.limit) {
    view.older_href = fmt::format("/portal/uploads?before={}", view.rows.back().file.message.id);
  }
  return page_response(200, pages::portal_uploads_page(frame(head, &*visited), view));
}

http::Response SignerPortal::payments(const http::RequestHead& head) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  const http::QueryString query(head.query);
  pages::PaymentSearchView view;
  const auto text = [&](std::string_view name) { return query.get(name).value_or(""); };
  view.from = text("from");
  view.to = text("to");
  view.min = text("min");
  view.max = text("max");
  view.party = text("party");
  view.status = text("status");
  view.ref = text("ref");
  store::PaymentQuery q;
  q.limit = kPaymentsPerSearch;
  const auto date = [&](const std::string& typed, std::string& into) {
    if (typed.empty()) return true;
    into = typed;
    return parse_iso_date(typed).has_value();
  };
  const auto amount = [&](std::string typed, std::optional<std::int64_t>& into) {
    if (typed.empty()) return true;
    std::replace(typed.begin(), typed.end(), ',', '.');  // 1500,00 as Latvians write it
    into = parse_decimal(typed, 2);
    return into.has_value();
  };
  const bool usable = date(view.from, q.from_date) && date(view.to, q.to_date) &&
                      amount(view.min, q.min_minor) && amount(view.max, q.max_minor) &&
                      (view.status.empty() || view.status == "PDNG" || view.status == "ACTC" ||
                       view.status == "ACSC" || view.status == "RJCT") &&
                      utf8_characters(view.party) <= 140 && utf8_characters(view.ref) <= 140;
  const auto before = query.integer("before", 1, std::numeric_limits<std::int64_t>::max());
  if (!usable || (before && !*before)) {
    view.problem = "criteria";
    return page_response(400, pages::portal_payments_page(frame(head, &*visited), view));
  }
  q.before_id = before ? **before : 0;
  q.counterparty = view.party;
  q.status = view.status;
  q.reference = view.ref;

  auto users =
      signed_for(visited->signer.certificate.personal_code, std::chrono::system_clock::now());
  if (!users) return failed(head, users.error());
  q.accounts = signer_accounts(*users);
  std::map<std::int64_t, std::string> institutions;
  for (const auto& user : *users) institutions[user.application.user_number] = user.institution;
  const auto pass = deps_.searches.enter_person(visited->signer.certificate.personal_code);
  if (!pass) {
    view.problem = "busy";
    return busy(head, pass.error(), "portal_search_refused",
                pages::portal_payments_page(frame(head, &*visited), view));
  }
  auto found = deps_.messages.search_payments(q);
  if (!found) return failed(head, found.error());
  view.searched = true;
  view.cut_short = found->cut_short;
  for (auto& f : found->found) {
    const std::int64_t user = f.user_number;
    view.rows.push_back({institutions[user], std::move(f)});
  }
  if (found->next_before > 0) {
    std::string href = "/portal/payments?";
    for (const auto& [name, value] : {std::pair<const char*, const std::string&>{"from", view.from},
                                      {"to", view.to},
                                      {"min", view.min},
                                      {"max", view.max},
                                      {"party", view.party},
                                      {"status", view.status},
                                      {"ref", view.ref}}) {
      if (!value.empty()) href += fmt::format("{}={}&", name, http::percent_encode(value));
    }
    view.older_href = fmt::format("{}before={}", href, found->next_before);
  }
  return page_response(200, pages::portal_payments_page(frame(head, &*visited), view));
}

http::Response SignerPortal::statements(const http::RequestHead& head) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  const auto now = std::chrono::system_clock::now();
  auto users = signed_for(visited->signer.certificate.personal_code, now);
  if (!users) return failed(head, users.error());
  const http::QueryString query(head.query);
  // The day's figures read up to the account's history: a place in the
  // report gate, as a search takes.
  const auto pass = deps_.searches.enter_person(visited->signer.certificate.personal_code);
  auto view = deps_.statements.view(statement_grants(*users), query, pass.has_value(), now);
  if (!view) {
    deps_.log.error("portal_statement_failed",
                    {{"request_id", head.request_id}, {"detail", view.error().message}});
    return unavailable_page();
  }
  view->download_problem = query.get("download").value_or("");
  if (view->problem == "busy") {
    return busy(head, pass.error(), "portal_statement_refused",
                pages::portal_statement_page(frame(head, &*visited), *view));
  }
  return page_response(view->problem.empty() ? 200 : 400,
                       pages::portal_statement_page(frame(head, &*visited), *view));
}

http::Response SignerPortal::download_statement(const http::RequestHead& head,
                                                const http::ReceivedBody* body) {
  auto visited = visit(head);
  if (!visited) return see_other("/portal/statements");
  const auto form = gate_.form(body);
  const std::string iban = form.get("iban").value_or("");
  const std::string day = form.get("day").value_or("");
  const std::string back = fmt::format("/portal/statements?iban={}&day={}",
                                       http::percent_encode(iban), http::percent_encode(day));
  if (!gate_.form_from_page(head, form, visited->session))
    return see_other(back + "&download=form");
  const std::string version = form.get("version").value_or("");  // none: the application's
  if (!version.empty() && !policy::is_report_version(version)) {
    return see_other(back + "&download=version");
  }
  const auto now = std::chrono::system_clock::now();
  auto users = signed_for(visited->signer.certificate.personal_code, now);
  if (!users) return see_other(back + "&download=unavailable");
  auto file = deps_.statements.download(statement_grants(*users), iban, day, version, now);
  if (!file) {
    const auto code = file.error().code;
    if (code == ErrorCode::kInvalidArgument) return see_other(back + "&download=not_closed");
    if (code == ErrorCode::kPermissionDenied) {
      // Not a choice the page offers: a hand-made form.
      deps_.log.warn(
          "portal_form_refused",
          {{"request_id", head.request_id}, {"iban", iban}, {"detail", file.error().message}});
      return see_other(back);
    }
    deps_.log.error("portal_statement_failed",
                    {{"request_id", head.request_id}, {"detail", file.error().message}});
    return see_other(back + "&download=unavailable");
  }
  if (!*file || (*file)->busy) return see_other(back + "&download=busy");
  deps_.log.info("portal_statement", {{"request_id", head.request_id},
                                      {"certificate_serial", visited->signer.certificate.serial},
                                      {"iban", iban},
                                      {"day", day},
                                      {"mailbox_id", (*file)->mailbox_id}});
  return attachment(**file);
}

http::Response SignerPortal::reports(const http::RequestHead& head) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  auto users =
      signed_for(visited->signer.certificate.personal_code, std::chrono::system_clock::now());
  if (!users) return failed(head, users.error());
  auto view = deps_.statements.reports(statement_grants(*users), http::QueryString(head.query));
  if (!view) {
    deps_.log.error("portal_reports_failed",
                    {{"request_id", head.request_id}, {"detail", view.error().message}});
    return unavailable_page();
  }
  return page_response(view->bad_criteria ? 400 : 200,
                       pages::portal_report_list_page(frame(head, &*visited), *view));
}

http::Response SignerPortal::download_report(const http::RequestHead& head, std::int64_t id) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  auto users =
      signed_for(visited->signer.certificate.personal_code, std::chrono::system_clock::now());
  if (!users) return failed(head, users.error());
  auto file = deps_.statements.report_file(statement_grants(*users), id);
  if (!file) {
    deps_.log.error("portal_reports_failed",
                    {{"request_id", head.request_id}, {"detail", file.error().message}});
    return unavailable_page();
  }
  if (!*file) return page_response(404, pages::portal_not_found_page(frame(head, &*visited)));
  if ((*file)->busy) return busy_page();
  return attachment(**file);
}

Result<std::optional<std::int64_t>> SignerPortal::file_owner(const std::vector<SignedFor>& users,
                                                             std::int64_t id) const {
  auto held = find_file(users, id);
  if (!held) return tl::unexpected(held.error());
  if (*held) {
    // The pain.002 names every payment of the file: not for a person who may
    // not see some of them (another account's, rejected at upload).
    const auto& [user, file] = **held;
    const std::int64_t owner = user.application.user_number;
    auto hidden = deps_.messages.payments_outside(owner, id, visible_accounts(user, file));
    if (!hidden) return tl::unexpected(hidden.error());
    return *hidden > 0 ? std::nullopt : std::optional<std::int64_t>(owner);
  }
  store::FileQuery q;
  q.accounts = signer_accounts(users);
  q.message_id = id;
  q.limit = 1;
  auto listed = deps_.messages.files(q);
  if (!listed) return tl::unexpected(listed.error());
  if (listed->empty()) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>(listed->front().user_number);
}

http::Response SignerPortal::download_status_report(const http::RequestHead& head,
                                                    std::int64_t id) {
  auto visited = visit(head);
  if (!visited) return std::move(visited.error());
  auto users =
      signed_for(visited->signer.certificate.personal_code, std::chrono::system_clock::now());
  if (!users) return failed(head, users.error());
  auto owner = file_owner(*users, id);
  if (!owner) return failed(head, owner.error());
  if (!*owner) return page_response(404, pages::portal_not_found_page(frame(head, &*visited)));
  auto file = deps_.statements.status_report_file(**owner, id);
  if (!file) return failed(head, file.error());
  if (!*file) return page_response(404, pages::portal_not_found_page(frame(head, &*visited)));
  if ((*file)->busy) return busy_page();
  return attachment(**file);
}

http::Response SignerPortal::decide(const http::RequestHead& head, std::int64_t id,
                                    Decision decision, const http::ReceivedBody* body) {
  auto visited = visit(head);
  if (!visited) return see_other("/portal");  // nothing is recorded without a live session
  const std::string back = fmt::format("/portal/files/{}", id);
  const auto form = gate_.form(body);
  if (!gate_.form_from_page(head, form, visited->session)) return see_other(back + "?outcome=form");
  const auto& me = visited->signer.certificate;
  // Decided on the uploader's application as it stands in the decision's
  // transaction: read again when any credential changed in between.
  Result<authorisation::SignatureOutcome> outcome = fail(ErrorCode::kInternal, "not signed");
  for (int attempt = 0; attempt < kCredentialReads; ++attempt) {
    pause_before_credential_read(attempt);
    const auto version = deps_.identities.credential_version();
    if (!version) return see_other(back + "?outcome=unavailable");
    const auto now = std::chrono::system_clock::now();
    auto users = signed_for(me.personal_code, now);
    if (!users) return see_other(back + "?outcome=unavailable");
    auto found = find_file(*users, id);
    if (!found) return see_other(back + "?outcome=unavailable");
    if (!*found) return page_response(404, pages::portal_not_found_page(frame(head, &*visited)));
    const auto& [user, held] = **found;
    // What the signer read is what they decide on.
    const std::string shown = form.get("statement_sha256").value_or("");
    if (!same_token(shown, sha256_of(authorisation::approval_statement(held, decision)))) {
      return see_other(back + "?outcome=file_changed");
    }
    const authorisation::FileOwner owner{user.application.user_number, user.application.accounts,
                                         user.application.payment_signers, *version};
    outcome = deps_.authorisation.sign_in_portal(owner, id, decision, me, now);
    if (!outcome || outcome->refusal != "credentials_changed") break;
  }
  if (!outcome) {
    deps_.log.error(
        "portal_signing_failed",
        {{"request_id", head.request_id}, {"message_id", id}, {"detail", outcome.error().message}});
    return see_other(back + "?outcome=unavailable");
  }
  if (!outcome->refusal.empty()) return see_other(back + "?outcome=" + outcome->refusal);
  const std::string& state = outcome->file.state;
  return see_other(back + "?outcome=" +
                   (state == "released"   ? "released"
                    : state == "rejected" ? "rejected"
                                          : "approved"));
}

}  // namespace gw::api
