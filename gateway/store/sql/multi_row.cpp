#include "store/sql/multi_row.h"

#include <fmt/format.h>

namespace gw::store {

MultiRowStatement::MultiRowStatement(std::string_view head, int binds_per_row,
                                     const std::function<std::string(int first)>& row,
                                     std::string_view tail)
    : binds_per_row_(binds_per_row) {
  for (std::size_t k = 0; k < kRowsPerStatement.size(); ++k) {
    std::string text(head);
    for (std::size_t r = 0; r < kRowsPerStatement[k]; ++r) {
      if (r > 0) text += ", ";
      text += row(static_cast<int>(r) * binds_per_row);
    }
    text += tail;
    texts_[k] = std::move(text);
  }
}

MultiRowStatement::MultiRowStatement(std::string_view head, int binds_per_row,
                                     std::string_view tail)
    : MultiRowStatement(
          head, binds_per_row,
          [binds_per_row](int first) {
            std::string row = "(";
            for (int c = 1; c <= binds_per_row; ++c) {
              row += fmt::format("{}?{}", c == 1 ? "" : ", ", first + c);
            }
            return row + ")";
          },
          tail) {}

void bind_or_null(Statement& stmt, int index, std::string_view value) {
  if (value.empty()) {
    stmt.bind_null(index);
  } else {
    stmt.bind_view(index, value);
  }
}

}  // namespace gw::store
