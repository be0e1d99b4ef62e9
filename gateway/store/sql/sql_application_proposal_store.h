// ApplicationProposalStore over either backend (store/sql/). Thread-safe.
#pragma once

#include "store/application_proposal_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlApplicationProposalStore final : public ApplicationProposalStore {
 public:
  // `pool` must outlive this object.
  explicit SqlApplicationProposalStore(ConnectionPool& pool) : pool_(pool) {}

  Result<std::int64_t> propose(const ApplicationProposal& proposal) override;
  Result<std::optional<ApplicationProposal>> find(std::int64_t id) override;
  Result<std::vector<ApplicationProposal>> waiting() override;
  Status set_aside(const std::string& actor, std::int64_t id, bool withdrawn,
                   const std::string& reason) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
