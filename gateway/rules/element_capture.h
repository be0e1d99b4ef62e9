// Writes the element-tree encoding (core/element_tree.h) of a subtree while
// the validator streams it past: a group is written only once a leaf below it
// is, so a group whose leaves are all left out (kept elsewhere) leaves no trace.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "rules/message_rules.h"

namespace gw::rules {

class ElementCapture {
 public:
  // Captures what lies below the element at `root_depth` (its path's size).
  void start(std::size_t root_depth);
  // A leaf below the root, with its text and Ccy attribute.
  void leaf(const ElementPath& path, std::string_view value, std::string_view currency);
  // An element closed (anywhere: those at or above the root are ignored).
  void close(const ElementPath& path);
  // The encoding so far; the capture is then empty.
  std::string take();
  // The encoding's length so far.
  std::size_t size() const { return out_.size(); }

 private:
  std::string out_;
  std::size_t root_ = 0;
  // Elements of the current path whose group start is written (or that are
  // at or above the root): the path's first `written_`.
  std::size_t written_ = 0;
};

}  // namespace gw::rules
