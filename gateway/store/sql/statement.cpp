#include "store/sql/statement.h"

namespace gw::store {

Statement& Statement::note(Status status) {
  if (bind_status_ && !status) bind_status_ = std::move(status);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  return bind_status_ ? note(backend_->bind_int(index, value)) : *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  return bind_status_ ? note(backend_->bind_text(index, value, true)) : *this;
}

Statement& Statement::bind_view(int index, std::string_view value) {
  return bind_status_ ? note(backend_->bind_text(index, value, false)) : *this;
}

Statement& Statement::bind_null(int index) {
  return bind_status_ ? note(backend_->bind_null(index)) : *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  return bind_status_ ? note(backend_->bind_blob(index, bytes)) : *this;
}

Result<bool> Statement::step() {
  if (!bind_status_) return tl::unexpected(bind_status_.error());
  return backend_->step();
}

Status Statement::run() {
  auto row = step();
  if (!row) return tl::unexpected(row.error());
  return ok();
}

void Statement::reset() {
  backend_->reset();
  bind_status_ = ok();
}

}  // namespace gw::store
