// MailboxStore over SQLite (store/sqlite/): every statement of it, on connections
// of the pool. Thread-safe.
#pragma once

#include "store/mailbox_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlMailboxStore final : public MailboxStore {
 public:
  // `pool` must outlive this object.
  explicit SqlMailboxStore(ConnectionPool& pool) : pool_(pool) {}

  Result<std::vector<MailboxEntry>> list(std::int64_t user_number,
                                         const MailboxQuery& query) override;
  Result<std::optional<MailboxEntry>> entry(std::int64_t user_number, std::int64_t id) override;
  Result<std::optional<MailboxItem>> fetch(std::int64_t user_number, std::int64_t id) override;
  Status acknowledge(std::int64_t user_number, std::int64_t id, const std::string& at) override;
  Result<std::int64_t> deliver_file(std::int64_t user_number, const std::string& message_type,
                                    const std::filesystem::path& file,
                                    const std::string& at) override;
  Result<std::int64_t> next_report_number(std::int64_t user_number, const std::string& iban,
                                          const std::string& kind) override;
  Result<std::int64_t> deliver_report(const ReportNumber& number, const std::string& message_type,
                                      const std::filesystem::path& file,
                                      const std::string& at) override;
  Status export_to(std::int64_t user_number, std::int64_t id,
                   const std::filesystem::path& out) override;
  Result<std::vector<AccountReportEntry>> account_reports(const AccountReportQuery& query) override;
  Result<std::optional<MailboxEntry>> latest_entry_about(std::int64_t user_number,
                                                         std::int64_t message_id,
                                                         const std::string& message_type) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
