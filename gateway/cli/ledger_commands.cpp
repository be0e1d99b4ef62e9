// gatewayctl ledger: operate the embedded reference ledger core — its
// business date, funding, running the business day and the end of day,
// and checking that the journal balances. Accounts are opened with
// `account add` and closed or blocked with `account set-state`.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>

#include "calendar/riga_time.h"
#include "cli/ctl_context.h"
#include "core/amount.h"
#include "iso20022/message_validator.h"
#include "ledger/ledger_core.h"
#include "reports/account_reports.h"
#include "store/ledger_store.h"
#include "store/sql/sql_ledger_store.h"
#include "store/sql/sql_mailbox_store.h"
#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"

namespace gw::cli {
namespace {

// Opens the store and builds a ledger core with the validator its pain.002s need.
struct LedgerTools {
  xml::XercesRuntime xerces;
  OpenStore opened;
  std::unique_ptr<xml::SchemaSet> schemas;
  std::unique_ptr<iso20022::MessageValidator> validator;
  std::unique_ptr<store::LedgerStore> store;
  std::unique_ptr<ledger::LedgerCore> core;
  std::unique_ptr<store::SqlMailboxStore> mailbox;
  std::unique_ptr<reports::AccountReports> reports;  // the camt.054s after a run
};

Result<std::unique_ptr<LedgerTools>> open_ledger(const GatewayConfig& config) {
  auto tools = std::make_unique<LedgerTools>();
  auto opened = open_store(config);
  if (!opened) return tl::unexpected(opened.error());
  tools->opened = std::move(*opened);
  auto schemas = xml::SchemaSet::load(xml::builtin_schemas());
  if (!schemas) return tl::unexpected(schemas.error());
  tools->schemas = std::move(*schemas);
  tools->validator =
      std::make_unique<iso20022::MessageValidator>(*tools->schemas, iso20022::ValidationLimits{});
  tools->store = std::make_unique<store::SqlLedgerStore>(*tools->opened.pool);
  tools->core = std::make_unique<ledger::LedgerCore>(*tools->store, *tools->validator);
  tools->mailbox = std::make_unique<store::SqlMailboxStore>(*tools->opened.pool);
  // The notifications a run or an end of day pushes are written there
  // first; before gatewayd's first start it does not exist yet. Owner-only
  // by gatewayctl's umask (core/owner_only.h); never emptied here: a running
  // gatewayd's uploads may be spooled in it.
  std::error_code ec;
  std::filesystem::create_directories(config.spool_dir(), ec);
  if (ec) {
    return fail(ErrorCode::kIo,
                fmt::format("cannot create {}: {}", config.spool_dir().string(), ec.message()));
  }
  tools->reports = std::make_unique<reports::AccountReports>(
      *tools->store, *tools->core, *tools->mailbox, *tools->validator, config.spool_dir());
  return tools;
}

// The camt.054 notifications of what a run booked, as gatewayd sends them.
// A failure is reported but does not undo or stop the run (they are due
// again at the next one).
void notify(const LedgerTools& t, std::chrono::system_clock::time_point now) {
  auto sent = t.reports->notify(now);
  if (!sent) {
    fmt::print(stderr, "warning: debit/credit notifications not sent: {}\n", sent.error().message);
    return;
  }
  if (sent->delivered > 0) {
    fmt::print("{} debit/credit notifications (camt.054) delivered\n", sent->delivered);
  }
  if (sent->failed > 0) {
    fmt::print(stderr, "warning: {} debit/credit notifications not sent (first: {})\n",
               sent->failed, sent->first_error);
  }
}

template <class Work>
void define(CLI::App* cmd, CtlContext& ctx, Work work) {
  cmd->callback([&ctx, work] {
    ctx.command = [&ctx, work] {
      auto tools = open_ledger(ctx.config);
      if (!tools) return report(tools.error());
      return work(**tools);
    };
  });
}

}  // namespace

void add_ledger_commands(CLI::App& app, CtlContext& ctx) {
  auto* ledger = app.add_subcommand("ledger", "The embedded reference ledger core");
  ledger->require_subcommand(1);

  auto* clock = ledger->add_subcommand("clock", "Show or set the ledger's business date");
  auto date = std::make_shared<std::string>();
  clock->add_option("--set", *date, "YYYY-MM-DD: run the ledger on this date from now on");
  define(clock, ctx, [&ctx, date](LedgerTools& t) {
    if (!date->empty()) {
      if (!parse_iso_date(*date)) {
        return report({ErrorCode::kInvalidArgument, fmt::format("bad date '{}'", *date)});
      }
      // Nothing is booked on a closed day or one before it: the ledger
      // would stand still there, and its payments wait.
      auto closed = t.store->day_closed(*date);
      if (!closed) return report(closed.error());
      if (*closed) {
        return report({ErrorCode::kInvalidArgument,
                       fmt::format("{} is closed (end of day ran for it or a later day); set "
                                   "the clock to a day after the last closed one",
                                   *date)});
      }
      if (auto s = t.store->set_clock(ctx.actor, *date); !s) return report(s.error());
    }
    auto day = t.core->business_date(std::chrono::system_clock::now());
    if (!day) return report(day.error());
    auto cal = t.core->calendar();
    if (!cal) return report(cal.error());
    const auto parsed = *parse_iso_date(*day);
    const auto holiday = holiday_name(parsed);
    fmt::print("{} ({})\n", *day,
               cal->is_business_day(parsed)
                   ? std::string("business day")
                   : fmt::format("closed{}{}", holiday.empty() ? "" : ": ", holiday));
    return kExitOk;
  });

  auto* fund = ledger->add_subcommand("fund", "Credit an account (from FUNDING-<currency>)");
  auto iban = std::make_shared<std::string>();
  auto amount = std::make_shared<std::string>();
  fund->add_option("--iban", *iban, "Account")->required();
  fund->add_option("--amount", *amount, "Amount in the account's currency, e.g. 1000.00")
      ->required();
  define(fund, ctx, [&ctx, iban, amount](LedgerTools& t) {
    const auto minor = parse_decimal(*amount, 2);
    if (!minor || *minor <= 0) {
      return report({ErrorCode::kInvalidArgument,
                     fmt::format("bad amount '{}': positive, at most 2 decimals", *amount)});
    }
    const auto now = std::chrono::system_clock::now();
    auto day = t.core->open_booking_date(now);
    if (!day) return report(day.error());
    if (auto s = t.store->fund(ctx.actor, *iban, *minor, *day, format_utc_timestamp(now)); !s) {
      return report(s.error());
    }
    auto balance = t.store->balance(*iban);
    if (!balance) return report(balance.error());
    fmt::print("{} balance {} (booked on {})\n", *iban, format_decimal(*balance, 2), *day);
    return kExitOk;
  });

  auto* balance = ledger->add_subcommand("balance", "Show an account's balance");
  auto which = std::make_shared<std::string>();
  balance->add_option("--account", *which, "IBAN or internal account, e.g. CLEARING-EUR")
      ->required();
  define(balance, ctx, [which](LedgerTools& t) {
    auto b = t.store->balance(*which);
    if (!b) return report(b.error());
    fmt::print("{} {}\n", *which, format_decimal(*b, 2));
    return kExitOk;
  });

  auto* run = ledger->add_subcommand("run-day", "Execute every queued payment due today");
  define(run, ctx, [](LedgerTools& t) {
    auto r = t.core->run_due(std::chrono::system_clock::now());
    if (!r) return report(r.error());
    if (!r->business_day) {
      fmt::print("{}: not a business day; nothing executed\n", r->business_date);
    } else {
      fmt::print("{}: {} booked, {} rejected, {} messages reported\n", r->business_date, r->booked,
                 r->rejected, r->messages);
    }
    notify(t, std::chrono::system_clock::now());
    return kExitOk;
  });

  auto* eod = ledger->add_subcommand(
      "end-of-day",
      "Close the business date (with the clock set: move it to the next business day)");
  define(eod, ctx, [&ctx](LedgerTools& t) {
    const auto now = std::chrono::system_clock::now();
    auto before = t.core->run_due(now);  // nothing due today stays behind
    if (!before) return report(before.error());
    notify(t, now);
    auto closed = t.core->end_of_day(ctx.actor, now);
    if (!closed) return report(closed.error());
    auto next = t.core->business_date(now);
    if (!next) return report(next.error());
    fmt::print("closed {}; business date now {}\n", *closed, *next);
    return kExitOk;
  });

  auto* closed_day = ledger->add_subcommand("close-date", "Declare an extra closing day");
  auto day = std::make_shared<std::string>();
  auto note = std::make_shared<std::string>();
  closed_day->add_option("--date", *day, "YYYY-MM-DD")->required();
  closed_day->add_option("--note", *note, "Why (e.g. the Cabinet order)")->required();
  define(closed_day, ctx, [&ctx, day, note](LedgerTools& t) {
    if (!parse_iso_date(*day)) {
      return report({ErrorCode::kInvalidArgument, fmt::format("bad date '{}'", *day)});
    }
    if (auto s = t.store->add_closed_day(ctx.actor, *day, *note); !s) return report(s.error());
    return kExitOk;
  });

  auto* check = ledger->add_subcommand("check",
                                       "Verify that every journal entry balances, and balances and "
                                       "day totals agree with their lines");
  define(check, ctx, [](LedgerTools& t) {
    auto bad = t.store->unbalanced_entries();
    if (!bad) return report(bad.error());
    if (!bad->empty()) {
      fmt::print("{} unbalanced journal entries, first {}\n", bad->size(), bad->front());
      return kExitFailed;
    }
    auto disagreeing = t.store->disagreeing_totals();
    if (!disagreeing) return report(disagreeing.error());
    if (!disagreeing->empty()) {
      fmt::print("{} balances or day totals disagree with their lines, first {}\n",
                 disagreeing->size(), disagreeing->front());
      return kExitFailed;
    }
    fmt::print("journal balances; balances and day totals agree with their lines\n");
    return kExitOk;
  });
}

}  // namespace gw::cli
