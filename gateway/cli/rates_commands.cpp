// gatewayctl rates: the EUR reference rates that foreign-currency payments
// are counted at against the limits. From the ECB's eurofxref XML, or by hand
// for currencies the ECB does not publish (RUB, BYN).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <set>

#include "calendar/riga_time.h"
#include "cli/ctl_context.h"
#include "core/amount.h"
#include "rates/ecb_reference_rates.h"
#include "store/rates_store.h"
#include "store/sql/sql_rates_store.h"
#include "xml/xerces_runtime.h"

namespace gw::cli {
namespace {

bool is_treasury_currency(const std::string& code) {
  return code != "EUR" && treasury_currency_exponent(code).has_value();
}

int put(CtlContext& ctx, const std::vector<store::RatesStore::Rate>& rates) {
  auto opened = open_store(ctx.config);
  if (!opened) return report(opened.error());
  store::SqlRatesStore store(*opened->pool);
  if (auto s = store.put_rates(ctx.actor, rates); !s) return report(s.error());
  return kExitOk;
}

int load_ecb(CtlContext& ctx, const std::string& file) {
  xml::XercesRuntime xerces;
  auto read = rates::read_ecb_reference_rates(file);
  if (!read) return report(read.error());
  std::vector<store::RatesStore::Rate> kept;
  std::set<std::string> dates;
  std::size_t skipped = 0;
  for (const auto& r : *read) {
    if (!is_treasury_currency(r.currency)) {
      ++skipped;
      continue;
    }
    kept.push_back({r.rate_date, r.currency, r.units_per_eur_micro, "ecb"});
    dates.insert(r.rate_date);
  }
  if (kept.empty()) {
    return report(
        {ErrorCode::kInvalidArgument, fmt::format("{}: no rate for a treasury currency", file)});
  }
  if (const int code = put(ctx, kept); code != kExitOk) return code;
  fmt::print("loaded {} rates for {} day(s) ({} .. {}); {} other currencies ignored\n", kept.size(),
             dates.size(), *dates.begin(), *dates.rbegin(), skipped);
  return kExitOk;
}

}  // namespace

void add_rates_commands(CLI::App& app, CtlContext& ctx) {
  auto* rates = app.add_subcommand("rates", "EUR reference rates for foreign-currency limits");
  rates->require_subcommand(1);

  auto* load =
      rates->add_subcommand("load-ecb", "Load an ECB eurofxref XML file (daily or history)");
  auto file = std::make_shared<std::string>();
  load->add_option("file", *file, "eurofxref-daily.xml")->required();
  load->callback([&ctx, file] { ctx.command = [&ctx, file] { return load_ecb(ctx, *file); }; });

  auto* set = rates->add_subcommand("set", "Set one rate by hand (units of the currency per EUR)");
  auto date = std::make_shared<std::string>();
  auto currency = std::make_shared<std::string>();
  auto value = std::make_shared<std::string>();
  set->add_option("--date", *date, "Rate date, YYYY-MM-DD")->required();
  set->add_option("--currency", *currency, "ISO 4217 code, e.g. RUB")->required();
  set->add_option("--rate", *value, "Units per 1 EUR, e.g. 98.5")->required();
  set->callback([&ctx, date, currency, value] {
    ctx.command = [&ctx, date, currency, value] {
      const auto units = rates::parse_rate(*value);
      if (!parse_iso_date(*date)) {
        return report({ErrorCode::kInvalidArgument, fmt::format("bad date '{}'", *date)});
      }
      if (!is_treasury_currency(*currency)) {
        return report({ErrorCode::kInvalidArgument,
                       fmt::format("'{}' is not a foreign treasury currency", *currency)});
      }
      if (!units) {
        return report(
            {ErrorCode::kInvalidArgument,
             fmt::format("bad rate '{}': a positive decimal with at most 6 decimals", *value)});
      }
      return put(ctx, {{*date, *currency, *units, "manual"}});
    };
  });

  auto* list = rates->add_subcommand("list", "The rate in force per currency on a date");
  auto on = std::make_shared<std::string>();
  list->add_option("--date", *on, "YYYY-MM-DD (default: today in Riga)");
  list->callback([&ctx, on] {
    ctx.command = [&ctx, on] {
      const std::string day =
          on->empty() ? format_iso_date(riga_date(std::chrono::system_clock::now())) : *on;
      auto opened = open_store(ctx.config);
      if (!opened) return report(opened.error());
      store::SqlRatesStore store(*opened->pool);
      auto rows = store.rates_on(day);
      if (!rows) return report(rows.error());
      for (const auto& r : *rows) {
        fmt::print("{} {} {} ({})\n", r.currency, format_decimal(r.units_per_eur_micro, 6),
                   r.rate_date, r.source);
      }
      return kExitOk;
    };
  });
}

}  // namespace gw::cli
