// gatewayctl application ...: register (or replace) an institution's
// application from a JSON or TOML file, show, list, history, terminate, and
// one-day limit changes.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "calendar/riga_time.h"
#include "cli/ctl_context.h"
#include "lifecycle/application_registration.h"
#include "pki/certificate_info.h"
#include "pki/pem.h"
#include "policy/application.h"
#include "store/activation_store.h"
#include "store/application_store.h"
#include "store/sql/sql_activation_store.h"
#include "store/sql/sql_application_store.h"
#include "store/sql/sql_identity_store.h"

namespace gw::cli {
namespace {

using std::chrono::system_clock;

void print_application(const store::ApplicationRow& a) {
  const std::string status = a.terminated_at ? "terminated " + *a.terminated_at
                             : a.replaced_at ? "replaced " + *a.replaced_at
                                             : "current";
  fmt::print("application {} of user {} ({})\n  registered {}  valid until {}\n", a.id,
             a.user_number, status, a.registered_at, a.valid_until);
  fmt::print("  technical contact {} {} ({}), {}, {}\n  signer {}; preparer {}{}\n",
             a.contact_first_name, a.contact_last_name, a.contact_personal_code, a.contact_phone,
             a.contact_email, a.signer, a.preparer,
             a.preparer_phone
                 ? fmt::format(", {}, {}", *a.preparer_phone, a.preparer_email.value_or(""))
                 : std::string());
  fmt::print("  payment files: {}; status texts in {}; account reports in .{}\n",
             a.all_or_nothing ? "all or nothing (any finding rejects the file)"
                              : "a payment with a finding of its own is rejected alone",
             a.language == Language::kLatvian ? "Latvian" : "English", a.report_version);
  fmt::print("  allowed sources: {}\n", a.sources.empty()
                                            ? std::string("any")
                                            : fmt::format("{}", fmt::join(a.sources, ", ")));
  for (const auto& g : a.accounts) {
    fmt::print("  {} {} {}{}{}\n", g.iban, g.currency, mode_name(g.mode),
               g.single_limit_eur ? fmt::format(" single {} EUR, daily {} EUR", *g.single_limit_eur,
                                                *g.daily_limit_eur)
                                  : std::string(),
               g.permission_reference ? " permission " + *g.permission_reference
               : g.legal_basis        ? " legal basis " + *g.legal_basis
                                      : std::string());
    if (g.signatures_required > 0) {
      fmt::print("    payment files need {} signature(s)\n", g.signatures_required);
    }
  }
  for (const auto& signer : a.payment_signers) {
    std::vector<std::string> rights;
    for (const auto& r : signer.rights)
      rights.push_back(fmt::format("{} level {}", r.iban, r.level));
    fmt::print("  payment signer {} ({}): {}\n", signer.name, signer.personal_code,
               fmt::join(rights, ", "));
  }
}

// The activation mail's settings; the CA's fingerprint lets the contact
// check the page and ca.pem against something that did not come from them.
Result<lifecycle::ActivationMailConfig> mail_config(const CtlContext& ctx) {
  auto ca = pki::read_certificate(ctx.config.client_ca_path());
  if (!ca) {
    return fail(ErrorCode::kIo,
                fmt::format("the client CA ({}) cannot be read for the activation mail's "
                            "fingerprint: {}",
                            ctx.config.client_ca_path().string(), ca.error().message));
  }
  return lifecycle::ActivationMailConfig{
      ctx.config.outbox_dir(), ctx.config.activation.mail_from, ctx.config.activation_url(),
      pki::colon_fingerprint(pki::describe_certificate(ca->get()).fingerprint_sha256),
      ctx.config.activation.code_days};
}

void print_sent(const lifecycle::SentCode& sent, std::int64_t user_number) {
  fmt::print(stderr, "activation code for user {} sent to {} ({})\n", user_number, sent.to,
             sent.mail.string());
}

}  // namespace

int send_activation_code(CtlContext& ctx, store::ConnectionPool& pool, std::int64_t user_number) {
  auto mail = mail_config(ctx);
  if (!mail) {
    return report(
        {mail.error().code, fmt::format("no activation code sent: {}; fix it, then `gatewayctl "
                                        "application activation-code --user {}`",
                                        mail.error().message, user_number)});
  }
  store::SqlApplicationStore applications(pool);
  store::SqlIdentityStore identities(pool);
  store::SqlActivationStore activations(pool);
  auto sent = lifecycle::send_activation_code({applications, identities, activations}, *mail,
                                              ctx.actor, user_number);
  if (!sent) return report(sent.error());
  print_sent(*sent, user_number);
  return kExitOk;
}

int register_application(CtlContext& ctx, const policy::ApplicationDocument& doc,
                         const nlohmann::json& json, system_clock::time_point registered,
                         bool institution_renamed) {
  auto mail = mail_config(ctx);
  if (!mail) return report(mail.error());
  auto store = open_store(ctx.config);
  if (!store) return report(store.error());
  store::SqlApplicationStore applications(*store->pool);
  store::SqlActivationStore activations(*store->pool);
  auto outcome =
      lifecycle::register_application({applications, *store->identities, activations}, *mail,
                                      ctx.actor, doc, json, registered, institution_renamed);
  if (!outcome) return report(outcome.error());
  const auto user_number = outcome->registration.user_number;
  fmt::print("{}\n", user_number);
  if (outcome->code_error) {
    return report({outcome->code_error->code,
                   fmt::format("user {} is registered, but no activation code was sent: {}; fix "
                               "it, then `gatewayctl application activation-code --user {}`",
                               user_number, outcome->code_error->message, user_number)});
  }
  if (outcome->code) {
    print_sent(*outcome->code, user_number);
  } else {
    fmt::print(stderr,
               "user {} keeps a valid certificate and the same technical contact: no new "
               "activation code sent (`gatewayctl application activation-code --user {}` sends "
               "one)\n",
               user_number, user_number);
  }
  return kExitOk;
}

int register_application_file(CtlContext& ctx, const std::string& file,
                              const std::string& registered_on, bool institution_renamed) {
  auto read = policy::read_application_file(file);
  if (!read) return report(read.error());
  auto registered = system_clock::now();
  if (!registered_on.empty()) {
    auto date = parse_iso_date(registered_on);
    if (!date) return report({ErrorCode::kInvalidArgument, "--registered-on must be YYYY-MM-DD"});
    if (*date > riga_date(system_clock::now())) {
      return report({ErrorCode::kInvalidArgument, "--registered-on lies in the future"});
    }
    registered = lifecycle::registration_instant(*date, system_clock::now());
  }
  if (auto s = lifecycle::check_not_lapsed(registered, system_clock::now()); !s) {
    return report(s.error());
  }
  return register_application(ctx, read->first, read->second, registered, institution_renamed);
}

void add_application_commands(CLI::App& app, CtlContext& ctx) {
  auto* cmd =
      app.add_subcommand("application", "Institutions' applications (access set-up of a user)");
  cmd->require_subcommand(1);

  auto* reg = cmd->add_subcommand(
      "register",
      "Register an application (JSON or TOML); with user_number it replaces that "
      "user's application whole. Prints the user number");
  auto file = std::make_shared<std::string>();
  auto registered_on = std::make_shared<std::string>();
  auto renamed = std::make_shared<bool>(false);
  reg->add_option("file", *file, "application.json or application.toml")
      ->required()
      ->check(CLI::ExistingFile);
  reg->add_option("--registered-on", *registered_on,
                  "Date the treasury registered the application (YYYY-MM-DD; default today); its "
                  "3-year validity runs from it");
  reg->add_flag("--institution-renamed", *renamed,
                "The institution's name in the application is its new name: record it (without "
                "this, an application naming a registered institution otherwise is refused)");
  reg->callback([&ctx, file, registered_on, renamed] {
    ctx.command = [&ctx, file, registered_on, renamed] {
      return register_application_file(ctx, *file, *registered_on, *renamed);
    };
  });

  auto user = std::make_shared<std::int64_t>(0);
  auto* show = cmd->add_subcommand("show", "The user's newest application");
  show->add_option("--user", *user, "User number")->required();
  show->callback([&ctx, user] {
    ctx.command = [&ctx, user] {
      auto store = open_store(ctx.config);
      if (!store) return report(store.error());
      auto latest = store::SqlApplicationStore(*store->pool).latest(*user);
      if (!latest) return report(latest.error());
      if (!*latest)
        return report({ErrorCode::kNotFound, fmt::format("user {} has no application", *user)});
      print_application(**latest);
      return kExitOk;
    };
  });

  auto* history = cmd->add_subcommand("history", "Every application of a user, oldest first");
  history->add_option("--user", *user, "User number")->required();
  history->callback([&ctx, user] {
    ctx.command = [&ctx, user] {
      auto store = open_store(ctx.config);
      if (!store) return report(store.error());
      auto all = store::SqlApplicationStore(*store->pool).history(*user);
      if (!all) return report(all.error());
      for (const auto& a : *all) print_application(a);
      return kExitOk;
    };
  });

  auto* list = cmd->add_subcommand("list", "Current applications of all users");
  list->callback([&ctx] {
    ctx.command = [&ctx] {
      auto store = open_store(ctx.config);
      if (!store) return report(store.error());
      auto all = store::SqlApplicationStore(*store->pool).current_all();
      if (!all) return report(all.error());
      for (const auto& a : *all) print_application(a);
      return kExitOk;
    };
  });

  auto* code = cmd->add_subcommand(
      "activation-code", "Send the technical contact a new activation code (the old one lapses)");
  code->add_option("--user", *user, "User number")->required();
  code->callback([&ctx, user] {
    ctx.command = [&ctx, user] {
      auto store = open_store(ctx.config);
      if (!store) return report(store.error());
      return send_activation_code(ctx, *store->pool, *user);
    };
  });

  auto* terminate = cmd->add_subcommand(
      "terminate", "End the user's access now and revoke all their certificates");
  terminate->add_option("--user", *user, "User number")->required();
  terminate->callback([&ctx, user] {
    ctx.command = [&ctx, user] {
      auto store = open_store(ctx.config);
      if (!store) return report(store.error());
      if (auto s = store::SqlApplicationStore(*store->pool).terminate(ctx.actor, *user); !s) {
        return report(s.error());
      }
      return kExitOk;
    };
  });

  struct LimitArgs {
    std::int64_t user = 0;
    std::string iban;
    std::string date;
    std::int64_t single = 0;
    std::int64_t daily = 0;
  };
  auto limits = std::make_shared<LimitArgs>();
  auto* change = cmd->add_subcommand(
      "limit-change", "Different limits for one account of one user on one Europe/Riga date");
  change->add_option("--user", limits->user, "User number")->required();
  change->add_option("--iban", limits->iban, "Account (manage mode)")->required();
  change->add_option("--date", limits->date, "YYYY-MM-DD")->required();
  change->add_option("--single", limits->single, "Single-payment limit, whole euros")
      ->required()
      ->check(CLI::PositiveNumber);
  change->add_option("--daily", limits->daily, "Daily limit, whole euros")
      ->required()
      ->check(CLI::PositiveNumber);
  change->callback([&ctx, limits] {
    ctx.command = [&ctx, limits] {
      if (!parse_iso_date(limits->date)) {
        return report({ErrorCode::kInvalidArgument, "--date must be YYYY-MM-DD"});
      }
      if (limits->daily < limits->single) {
        return report({ErrorCode::kInvalidArgument,
                       "the daily limit must be at least the single-payment limit"});
      }
      auto store = open_store(ctx.config);
      if (!store) return report(store.error());
      if (auto s = store::SqlApplicationStore(*store->pool)
                       // The host's administrator: any limit (no console four eyes here).
                       .set_limit_change(ctx.actor, limits->user, limits->iban, limits->date,
                                         {limits->single, limits->daily}, false);
          !s) {
        return report(s.error());
      }
      return kExitOk;
    };
  });
}

}  // namespace gw::cli
