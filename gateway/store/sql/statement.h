// A prepared statement of either backend, with typed binding (1-based) and
// column access (0-based): the one way the stores run SQL. Belongs to the
// Database that prepared it and must not outlive it.
//
// The stores write their SQL once, with SQLite's numbered parameters (?1);
// store/postgres translates them. Values are integers, text or bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gw::store {

// What a backend implements for one prepared statement (store/sqlite,
// store/postgres). Not used by the stores directly: they hold a Statement.
class StatementBackend {
 public:
  // `copy` false: the text must stay as it is until the statement has been
  // stepped and reset (hot inserts of many rows bind without copying).
  virtual Status bind_text(int index, std::string_view value, bool copy) = 0;
  virtual Status bind_int(int index, std::int64_t value) = 0;
  virtual Status bind_null(int index) = 0;
  virtual Status bind_blob(int index, std::string_view bytes) = 0;
  virtual Result<bool> step() = 0;
  // Runnable again, bindings cleared.
  virtual void reset() = 0;
  virtual std::int64_t column_int(int index) const = 0;
  virtual std::string column_text(int index) const = 0;
  virtual bool column_is_null(int index) const = 0;
  // The statement is done with: the backend keeps it for reuse or frees it.
  virtual void release() = 0;

 protected:
  ~StatementBackend() = default;  // ends through release()
};

class Statement {
 public:
  explicit Statement(StatementBackend* backend) : backend_(backend) {}

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  // Binds text without copying it: `value` must stay as it is until the
  // statement has been stepped and reset (for hot inserts of many rows).
  Statement& bind_view(int index, std::string_view value);
  Statement& bind_null(int index);
  // Binds bytes that are not text (a DER signature).
  Statement& bind_blob(int index, std::string_view bytes);

  // Advances to the next row: true for a row, false when done.
  Result<bool> step();
  // Runs a statement that returns no rows (or whose rows are not wanted).
  Status run();
  // Makes a stepped statement runnable again and clears its bindings.
  void reset();

  std::int64_t column_int(int index) const { return backend_->column_int(index); }
  std::string column_text(int index) const { return backend_->column_text(index); }
  bool column_is_null(int index) const { return backend_->column_is_null(index); }

 private:
  struct Release {
    void operator()(StatementBackend* backend) const { backend->release(); }
  };
  Statement& note(Status status);

  Status bind_status_ = ok();
  std::unique_ptr<StatementBackend, Release> backend_;
};

}  // namespace gw::store
