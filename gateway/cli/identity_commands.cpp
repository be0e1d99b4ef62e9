#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>

#include "cli/ctl_context.h"
#include "core/iban.h"
#include "policy/application.h"

namespace gw::cli {
namespace {

// Currencies of the treasury guideline.
constexpr std::array<std::string_view, 14> kCurrencies = {"EUR", "USD", "CAD", "AUD", "CHF",
                                                          "DKK", "NOK", "GBP", "SEK", "HUF",
                                                          "RUB", "BYN", "PLN", "CZK"};

bool is_registration_number(const std::string& text) {
  return text.size() == 11 && std::all_of(text.begin(), text.end(),
                                          [](unsigned char c) { return c >= '0' && c <= '9'; });
}

Result<std::int64_t> institution_id(store::IdentityStore& ids, const std::string& reg) {
  auto found = ids.find_institution(reg);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return fail(ErrorCode::kNotFound, fmt::format("no institution {}", reg));
  return **found;
}

struct DemoSeed {
  std::string registration_number = "90000000001";
  std::string name = "Parauga pašvaldība (demo municipality)";
};

// The demo institution with two accounts and one user whose application
// manages the first account and views the second.
int seed_demo(CtlContext& ctx) {
  auto store = open_store(ctx.config);
  if (!store) return report(store.error());
  auto& ids = *store->identities;
  const DemoSeed demo;
  auto existing = ids.find_institution(demo.registration_number);
  if (!existing) return report(existing.error());
  if (*existing) {
    auto users = ids.users_of(**existing);
    if (!users) return report(users.error());
    if (users->empty()) return report({ErrorCode::kNotFound, "the demo institution has no user"});
    fmt::print("{}\n", users->front());
    return kExitOk;
  }
  auto inst = ids.add_institution(ctx.actor, demo.registration_number, demo.name);
  if (!inst) return report(inst.error());
  const auto budget = *make_iban("LV", "TREL1060000300001");
  const auto donations = *make_iban("LV", "TREL1060000300002");
  Status s = ids.add_account(ctx.actor, *inst, budget, "EUR");
  if (s) s = ids.add_account(ctx.actor, *inst, donations, "EUR");
  if (!s) return report(s.error());
  const nlohmann::json application = {
      {"institution", {{"registration_number", demo.registration_number}, {"name", demo.name}}},
      {"technical_contact",
       {{"first_name", "Anna"},
        {"last_name", "Kalniņa"},
        {"personal_code", "010101-10006"},
        {"phone", "+371 20000000"},
        {"email", "it@parauga.example.lv"}}},
      {"signer", "Pēteris Ozols, izpilddirektors"},
      {"preparer", "Anna Kalniņa"},
      {"accounts",
       {{{"iban", budget},
         {"mode", "manage"},
         {"single_limit_eur", 10000},
         {"daily_limit_eur", 50000}},
        {{"iban", donations}, {"mode", "view"}}}}};
  auto doc = policy::parse_application(application);
  if (!doc) return report(doc.error());
  return register_application(ctx, *doc, application, std::chrono::system_clock::now());
}

}  // namespace

void add_identity_commands(CLI::App& app, CtlContext& ctx) {
  auto* institution = app.add_subcommand("institution", "Budget institutions");
  institution->require_subcommand(1);
  {
    auto* add = institution->add_subcommand("add", "Register an institution");
    auto reg = std::make_shared<std::string>();
    auto name = std::make_shared<std::string>();
    add->add_option("--registration-number", *reg, "11-digit registration number")->required();
    add->add_option("--name", *name, "Legal name")->required();
    add->callback([&ctx, reg, name] {
      ctx.command = [&ctx, reg, name] {
        if (!is_registration_number(*reg)) {
          return report({ErrorCode::kInvalidArgument, "registration number must be 11 digits"});
        }
        auto store = open_store(ctx.config);
        if (!store) return report(store.error());
        auto id = store->identities->add_institution(ctx.actor, *reg, *name);
        if (!id) return report(id.error());
        fmt::print("{}\n", *reg);
        return kExitOk;
      };
    });
  }

  auto* account = app.add_subcommand("account", "Treasury accounts");
  account->require_subcommand(1);
  {
    auto* add = account->add_subcommand("add", "Register an account of an institution");
    auto reg = std::make_shared<std::string>();
    auto iban = std::make_shared<std::string>();
    auto currency = std::make_shared<std::string>("EUR");
    add->add_option("--institution", *reg, "Owner's registration number")->required();
    add->add_option("--iban", *iban, "IBAN, no spaces")->required();
    add->add_option("--currency", *currency, "ISO 4217 code")->capture_default_str();
    add->callback([&ctx, reg, iban, currency] {
      ctx.command = [&ctx, reg, iban, currency] {
        if (!is_valid_iban(*iban)) {
          return report(
              {ErrorCode::kInvalidArgument, fmt::format("{} is not a valid IBAN", *iban)});
        }
        if (std::find(kCurrencies.begin(), kCurrencies.end(), *currency) == kCurrencies.end()) {
          return report({ErrorCode::kInvalidArgument,
                         fmt::format("currency {} is not one the treasury keeps", *currency)});
        }
        auto store = open_store(ctx.config);
        if (!store) return report(store.error());
        auto id = institution_id(*store->identities, *reg);
        if (!id) return report(id.error());
        if (auto s = store->identities->add_account(ctx.actor, *id, *iban, *currency); !s) {
          return report(s.error());
        }
        return kExitOk;
      };
    });
  }

  {
    auto* state = account->add_subcommand("set-state", "Open, close or block an account");
    auto iban = std::make_shared<std::string>();
    auto value = std::make_shared<std::string>();
    state->add_option("--iban", *iban, "Account")->required();
    state->add_option("--state", *value, "open, closed or blocked")
        ->required()
        ->check(CLI::IsMember({state_name(AccountState::kOpen), state_name(AccountState::kClosed),
                               state_name(AccountState::kBlocked)}));
    state->callback([&ctx, iban, value] {
      ctx.command = [&ctx, iban, value] {
        auto store = open_store(ctx.config);
        if (!store) return report(store.error());
        const auto chosen = parse_account_state(*value);
        if (!chosen) {
          return report(Error{ErrorCode::kInvalidArgument, "--state: open, closed or blocked"});
        }
        if (auto s = store->identities->set_account_state(ctx.actor, *iban, *chosen); !s) {
          return report(s.error());
        }
        return kExitOk;
      };
    });
  }

  auto* demo =
      app.add_subcommand("seed-demo",
                         "Register the sample institution, two accounts and one user (idempotent); "
                         "prints the demo user's number");
  demo->callback([&ctx] { ctx.command = [&ctx] { return seed_demo(ctx); }; });
}

}  // namespace gw::cli
