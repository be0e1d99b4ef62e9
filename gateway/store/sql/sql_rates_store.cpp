#include "store/sql/sql_rates_store.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "store/sql/row_helpers.h"

namespace gw::store {
namespace {

constexpr std::string_view kPutRate =
    "INSERT INTO fx_rates(rate_date, currency, units_per_eur_micro, source) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (currency, rate_date) DO UPDATE SET "
    "units_per_eur_micro = ?3, source = ?4, "
    "loaded_at = ?5";
constexpr std::string_view kRatesOn =
    "SELECT rate_date, currency, units_per_eur_micro, source FROM fx_rates r "
    "WHERE rate_date = (SELECT max(rate_date) FROM fx_rates WHERE currency = r.currency "
    "AND rate_date <= ?1) ORDER BY currency";

}  // namespace

Status SqlRatesStore::put_rates(const std::string& actor, const std::vector<Rate>& rates) {
  return audited(pool_, [&](Database& db) -> Status {
    auto stmt = db.prepare(kPutRate);
    if (!stmt) return tl::unexpected(stmt.error());
    nlohmann::json loaded = nlohmann::json::array();
    for (const auto& r : rates) {
      stmt->reset();
      if (auto s = stmt->bind(1, r.rate_date)
                       .bind(2, r.currency)
                       .bind(3, r.units_per_eur_micro)
                       .bind(4, r.source)
                       .bind(5, utc_now_millis())
                       .run();
          !s) {
        return s;
      }
      loaded.push_back(fmt::format("{} {} {}", r.rate_date, r.currency, r.units_per_eur_micro));
    }
    return audit(db, actor, "rates.put", fmt::format("{} rates", rates.size()),
                 {{"rates", loaded}});
  });
}

Result<std::vector<SqlRatesStore::Rate>> SqlRatesStore::rates_on(const std::string& day) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kRatesOn);
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, day);
  return collect<Rate>(*stmt, [](const Statement& s) {
    return Rate{s.column_text(0), s.column_text(1), s.column_int(2), s.column_text(3)};
  });
}

}  // namespace gw::store
