// Reading the audit log (schemas/0001_identity.sql, audit_log): the operator
// console's search. Rows are written by the stores, each with the change it
// records; nothing here writes. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace gw::store {

struct AuditQuery {
  std::string actor;     // exact; empty: anyone
  std::string action;    // exact, or a prefix ending in '.' ("application."); empty: any
  std::string subject;   // exact; empty: any
  std::string from_day;  // YYYY-MM-DD (UTC), inclusive; empty: no bound
  std::string to_day;    // YYYY-MM-DD (UTC), inclusive; empty: no bound
  std::optional<std::int64_t> before_id;  // rows older than this one (the next page)
  int limit = 50;
};

struct AuditEntry {
  std::int64_t id = 0;
  std::string at;  // UTC, ISO 8601
  std::string actor;
  std::string action;
  std::string subject;
  std::string detail;  // JSON object
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Newest first, at most query.limit rows.
  virtual Result<std::vector<AuditEntry>> search(const AuditQuery& query) = 0;

 protected:
  AuditStore() = default;
  AuditStore(const AuditStore&) = default;
  AuditStore& operator=(const AuditStore&) = default;
};

}  // namespace gw::store
