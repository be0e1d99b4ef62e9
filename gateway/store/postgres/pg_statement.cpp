#include "store/postgres/pg_statement.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>

#include "store/postgres/pg_connection.h"

namespace gw::store {

void PgStatement::Clearer::operator()(pg_result* result) const { PQclear(result); }

PgStatement::PgStatement(PgConnection& conn, std::string name, int parameters)
    : conn_(&conn),
      name_(std::move(name)),
      values_(static_cast<std::size_t>(parameters)),
      binary_(static_cast<std::size_t>(parameters), 0) {}

Status PgStatement::set(int index, std::optional<std::string> value, bool binary) {
  if (index < 1 || static_cast<std::size_t>(index) > values_.size()) {
    return fail(ErrorCode::kInternal,
                fmt::format("bind: parameter {} of {}", index, values_.size()));
  }
  const auto at = static_cast<std::size_t>(index - 1);
  values_[at] = std::move(value);
  binary_[at] = binary ? 1 : 0;
  return ok();
}

Status PgStatement::bind_int(int index, std::int64_t value) {
  return set(index, std::to_string(value), false);
}

Status PgStatement::bind_text(int index, std::string_view value, bool) {
  return set(index, std::string(value), false);
}

Status PgStatement::bind_null(int index) { return set(index, std::nullopt, false); }

Status PgStatement::bind_blob(int index, std::string_view bytes) {
  return set(index, std::string(bytes), true);
}

Status PgStatement::execute() {
  const std::size_t n = values_.size();
  std::vector<const char*> pointers(n, nullptr);
  std::vector<int> lengths(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!values_[i]) continue;
    pointers[i] = values_[i]->data();
    lengths[i] = static_cast<int>(values_[i]->size());
  }
  result_.reset(PQexecPrepared(conn_->handle(), name_.c_str(), static_cast<int>(n), pointers.data(),
                               lengths.data(), binary_.data(), 0));
  if (auto s = conn_->check(result_.get(), "run"); !s) {
    result_.reset();
    return s;
  }
  rows_ = PQntuples(result_.get());
  row_ = -1;
  std::int64_t changed = 0;
  const std::string_view affected = PQcmdTuples(result_.get());
  std::from_chars(affected.data(), affected.data() + affected.size(), changed);
  conn_->set_changes(changed);
  return ok();
}

Result<bool> PgStatement::step() {
  if (!result_) {
    if (auto s = execute(); !s) return tl::unexpected(s.error());
  }
  if (row_ + 1 >= rows_) {
    row_ = rows_;
    return false;
  }
  ++row_;
  return true;
}

void PgStatement::reset() {
  result_.reset();
  row_ = -1;
  rows_ = 0;
  for (auto& v : values_) v.reset();
  std::fill(binary_.begin(), binary_.end(), 0);
}

std::int64_t PgStatement::column_int(int index) const {
  if (!result_ || row_ < 0 || row_ >= rows_) return 0;
  const char* text = PQgetvalue(result_.get(), row_, index);
  const int length = PQgetlength(result_.get(), row_, index);
  // A boolean (EXISTS, a comparison) reads as SQLite's 1 or 0.
  constexpr Oid kBoolOid = 16;
  if (PQftype(result_.get(), index) == kBoolOid) return length > 0 && text[0] == 't' ? 1 : 0;
  std::int64_t value = 0;
  std::from_chars(text, text + length, value);
  return value;
}

std::string PgStatement::column_text(int index) const {
  if (!result_ || row_ < 0 || row_ >= rows_) return {};
  // bytea comes as hex text; the caller wants the bytes, as SQLite gives them.
  constexpr Oid kByteaOid = 17;
  if (PQftype(result_.get(), index) == kByteaOid) {
    std::size_t length = 0;
    unsigned char* bytes = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row_, index)), &length);
    if (bytes == nullptr) return {};
    std::string out(reinterpret_cast<const char*>(bytes), length);
    PQfreemem(bytes);
    return out;
  }
  return std::string(PQgetvalue(result_.get(), row_, index),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row_, index)));
}

bool PgStatement::column_is_null(int index) const {
  if (!result_ || row_ < 0 || row_ >= rows_) return true;
  return PQgetisnull(result_.get(), row_, index) == 1;
}

}  // namespace gw::store
