// EUR reference rates (schemas: fx_rates), loaded by operators from the ECB
// files and read by acceptance for the EUR equivalents of foreign-currency
// payments (AcceptanceUnit::rate, inside the acceptance transaction).
// Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace gw::store {

class RatesStore {
 public:
  virtual ~RatesStore() = default;

  struct Rate {
    std::string rate_date;
    std::string currency;
    std::int64_t units_per_eur_micro = 0;
    std::string source;
  };
  // Inserts or replaces each rate, audited, in one transaction.
  virtual Status put_rates(const std::string& actor, const std::vector<Rate>& rates) = 0;
  virtual Result<std::vector<Rate>> rates_on(const std::string& day) = 0;

 protected:
  RatesStore() = default;
  RatesStore(const RatesStore&) = default;
  RatesStore& operator=(const RatesStore&) = default;
};

}  // namespace gw::store
