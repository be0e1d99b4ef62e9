// ApplicationStore over SQLite (store/sqlite/): every statement of it, on connections
// of the pool. Thread-safe.
#pragma once

#include "store/application_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlApplicationStore final : public ApplicationStore {
 public:
  // `pool` must outlive this object.
  explicit SqlApplicationStore(ConnectionPool& pool) : pool_(pool) {}

  Result<Registration> register_application(const std::string& actor, const NewApplication& app,
                                            const GrantCheck& grants_allowed) override;
  Status check_registration(const NewApplication& app, const GrantCheck& grants_allowed) override;
  Result<std::optional<ApplicationRow>> latest(std::int64_t user_number) override;
  Result<std::vector<ApplicationRow>> history(std::int64_t user_number) override;
  Result<std::vector<ApplicationRow>> current_all() override;
  Result<std::vector<ApplicationRow>> current_signed_by(const std::string& personal_code) override;
  Status terminate(const std::string& actor, std::int64_t user_number) override;
  Status set_limit_change(const std::string& actor, std::int64_t user_number,
                          const std::string& iban, const std::string& on_date,
                          policy::LimitChange limits, bool within_application) override;
  Result<std::optional<policy::LimitChange>> limit_change(std::int64_t user_number,
                                                          const std::string& iban,
                                                          const std::string& on_date) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
