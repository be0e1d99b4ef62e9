// MessageStore over SQLite (store/sqlite/): every statement of it, on connections
// of the pool. Thread-safe.
#pragma once

#include "store/message_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlMessageStore final : public MessageStore {
 public:
  // `pool` must outlive this object.
  explicit SqlMessageStore(ConnectionPool& pool) : pool_(pool) {}

  Result<std::optional<MessageRow>> message(std::int64_t user_number, std::int64_t id) override;
  Result<std::optional<MessageRow>> message_by_msg_id(std::int64_t user_number,
                                                      const std::string& msg_id) override;
  Result<std::vector<PaymentRow>> payments(std::int64_t user_number, std::int64_t message_id,
                                           std::int64_t offset, int limit,
                                           const std::vector<std::string>* only_from) override;
  Result<std::int64_t> payments_outside(std::int64_t user_number, std::int64_t message_id,
                                        const std::vector<std::string>& accounts) override;
  Result<PaymentSearchPage> search_payments(const PaymentQuery& query) override;
  Result<std::vector<ListedFile>> files(const FileQuery& query) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
