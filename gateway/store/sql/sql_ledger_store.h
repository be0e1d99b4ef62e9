// LedgerStore over SQLite (store/sqlite/): every statement of it, on connections
// of the pool. Thread-safe.
#pragma once

#include "store/ledger_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlLedgerStore final : public LedgerStore {
 public:
  // `pool` must outlive this object.
  explicit SqlLedgerStore(ConnectionPool& pool) : pool_(pool) {}

  Status run(const std::function<Status(LedgerUnit&)>& work) override;
  Result<std::optional<std::string>> clock() override;
  Status set_clock(const std::string& actor, const std::string& business_date) override;
  Result<std::vector<std::string>> extra_closed_days() override;
  Status add_closed_day(const std::string& actor, const std::string& day,
                        const std::string& note) override;
  Status close_day(const std::string& actor, const std::string& day,
                   const std::string& at) override;
  Result<bool> day_closed(const std::string& day) override;
  Status fund(const std::string& actor, const std::string& iban, std::int64_t amount_minor,
              const std::string& day, const std::string& at) override;
  Result<std::optional<LedgerAccount>> account(const std::string& iban) override;
  Result<QueueState> queue_state() override;
  Result<std::vector<std::int64_t>> unbalanced_entries() override;
  Result<std::vector<std::string>> disagreeing_totals() override;
  Result<std::int64_t> balance(const std::string& account) override;
  Result<DayFigures> day_figures(const std::string& account, const std::string& day) override;
  Status read_day(const std::string& account, const std::string& day,
                  const std::function<Status(const DayFigures&)>& head,
                  const std::function<bool(const StatementLine&)>& each) override;
  Status lines_page(const std::string& account, const std::string& day, std::int64_t after_line,
                    int limit, const std::function<bool(const StatementLine&)>& each) override;
  Status lines_between(const std::string& account, std::int64_t after_line, std::int64_t up_to_line,
                       const std::function<bool(const StatementLine&)>& each) override;
  Result<std::vector<NotificationDue>> notifications_due(const std::string& now) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
