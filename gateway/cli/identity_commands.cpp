#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/ctl_context.h"
#include "cli/signer_issuance.h"
#include "core/amount.h"
#include "core/iban.h"
#include "pki/certificate_authority.h"
#include "pki/certificate_info.h"
#include "pki/pem.h"
#include "policy/application.h"
#include "store/sql/sql_signer_store.h"

namespace gw::cli {
namespace {

Result<std::int64_t> institution_id(store::IdentityStore& ids, const std::string& reg) {
  auto found = ids.find_institution(reg);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return fail(ErrorCode::kNotFound, fmt::format("no institution {}", reg));
  return **found;
}

struct DemoSeed {
  std::string registration_number = "90000000001";
  std::string name = "Parauga pašvaldība";  // as in samples/applications/
};

struct DemoSigner {
  std::string_view file;  // <file>.pem and <file>.key in --signers-dir
  std::string_view name;
  std::string_view personal_code;
};

constexpr std::array<DemoSigner, 2> kDemoSigners = {
    DemoSigner{"berzina", "Ilze Bērziņa", "320000-00033"},
    DemoSigner{"ozols", "Pēteris Ozols", "320000-00044"}};

// A key and a listed signing certificate for each demo signer without a
// usable one in `dir` (none, or one this store does not list unrevoked):
// testers sign held files with them (gatewayctl replay --signers).
int issue_demo_signers(const CtlContext& ctx, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return report({ErrorCode::kIo, fmt::format("cannot create {}", dir.string())});
  auto store = open_store(ctx.config);
  if (!store) return report(store.error());
  store::SqlSignerStore listed(*store->pool);
  for (const DemoSigner& signer : kDemoSigners) {
    const auto cert = dir / fmt::format("{}.pem", signer.file);
    if (auto existing = pki::read_certificate(cert)) {  // kept only while this store lists it
      auto found = listed.find(pki::describe_certificate(existing->get()).fingerprint_sha256);
      if (!found) return report(found.error());
      if (*found && !(*found)->revoked_at) continue;
    }
    auto key = pki::generate_key();
    if (!key) return report(key.error());
    if (auto s = pki::write_private_key(dir / fmt::format("{}.key", signer.file), key->get()); !s) {
      return report(s.error());
    }
    auto issued = issue_signer(
        ctx, SignerIssue{std::string(signer.name), std::string(signer.personal_code), 1095, cert},
        key->get());
    if (!issued) return report(issued.error());
  }
  return kExitOk;
}

// The demo institution with three accounts and one user whose application
// manages the first, views the second and manages the third, where payment
// files need two signatures of its two payment signers (levels 1 and 2).
int seed_demo(CtlContext& ctx, const std::string& signers_dir) {
  if (!signers_dir.empty()) {
    if (int exit = seed_demo(ctx, {}); exit != kExitOk) return exit;
    return issue_demo_signers(ctx, signers_dir);
  }
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
  const auto investments = *make_iban("LV", "TREL1060000300003");
  Status s = ids.add_account(ctx.actor, *inst, budget, "EUR");
  if (s) s = ids.add_account(ctx.actor, *inst, donations, "EUR");
  if (s) s = ids.add_account(ctx.actor, *inst, investments, "EUR");
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
        {{"iban", donations}, {"mode", "view"}},
        {{"iban", investments},
         {"mode", "manage"},
         {"single_limit_eur", 10000},
         {"daily_limit_eur", 50000},
         {"signatures_required", 2}}}},
      {"payment_signers",
       {{{"name", kDemoSigners[0].name},
         {"personal_code", kDemoSigners[0].personal_code},
         {"accounts", {{{"iban", investments}, {"level", 1}}}}},
        {{"name", kDemoSigners[1].name},
         {"personal_code", kDemoSigners[1].personal_code},
         {"accounts", {{{"iban", investments}, {"level", 2}}}}}}}};
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
        if (!policy::is_registration_number(*reg)) {
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
        if (!treasury_currency_exponent(*currency)) {
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

  auto* demo = app.add_subcommand("seed-demo",
                                  "Register the sample institution, three accounts and one user "
                                  "(idempotent); prints the demo user's number");
  auto signers_dir = std::make_shared<std::string>();
  demo->add_option("--signers-dir", *signers_dir,
                   "Also give the demo's two payment signers a key and a signing certificate "
                   "here (<name>.pem, <name>.key), unless they have one");
  demo->callback([&ctx, signers_dir] {
    ctx.command = [&ctx, signers_dir] { return seed_demo(ctx, *signers_dir); };
  });
}

}  // namespace gw::cli
