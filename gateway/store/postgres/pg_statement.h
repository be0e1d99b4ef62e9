// A prepared PostgreSQL statement, the PostgreSQL side of
// store/sql/statement.h. Values travel as text; blobs as binary. The first
// step() runs the statement and takes its rows. Belongs to the PgConnection
// that prepared it; must not outlive it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/sql/statement.h"

struct pg_result;

namespace gw::store {

class PgConnection;

class PgStatement final : public StatementBackend {
 public:
  PgStatement(PgConnection& conn, std::string name, int parameters);

  // Text is always copied (`copy` is moot: libpq sends what it is given).
  Status bind_text(int index, std::string_view value, bool copy) override;
  Status bind_int(int index, std::int64_t value) override;
  Status bind_null(int index) override;
  // Bytes that are not text (a DER signature), for a bytea parameter.
  Status bind_blob(int index, std::string_view bytes) override;
  Result<bool> step() override;
  void reset() override;
  std::int64_t column_int(int index) const override;
  std::string column_text(int index) const override;
  bool column_is_null(int index) const override;
  void release() override { delete this; }

 private:
  struct Clearer {
    void operator()(pg_result* result) const;
  };
  Status set(int index, std::optional<std::string> value, bool binary);
  Status execute();

  PgConnection* conn_;
  std::string name_;
  std::vector<std::optional<std::string>> values_;
  std::vector<int> binary_;
  std::unique_ptr<pg_result, Clearer> result_;
  int row_ = -1;
  int rows_ = 0;
};

}  // namespace gw::store
