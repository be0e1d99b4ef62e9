#include "rules/element_capture.h"

#include <utility>

#include "core/element_tree.h"

namespace gw::rules {

void ElementCapture::start(std::size_t root_depth) {
  out_.clear();
  root_ = root_depth;
  written_ = root_depth;
}

void ElementCapture::leaf(const ElementPath& path, std::string_view value,
                          std::string_view currency) {
  if (path.size() <= root_ || path.size() - 1 < written_) return;
  for (std::size_t d = written_; d + 1 < path.size(); ++d) append_group_start(out_, path[d]);
  written_ = path.size() - 1;
  append_leaf(out_, path.back(), value, currency);
}

void ElementCapture::close(const ElementPath& path) {
  if (path.size() <= root_) return;
  // A group with a leaf written below it: its start is written, so end it.
  if (path.size() - 1 < written_) {
    append_group_end(out_);
    written_ = path.size() - 1;
  }
}

std::string ElementCapture::take() {
  // Groups still open (a document cut short, or nested where it should not
  // be) are ended: the encoding always decodes to what was written.
  for (; written_ > root_; --written_) append_group_end(out_);
  std::string out = std::move(out_);
  out_.clear();
  written_ = root_;
  return out;
}

}  // namespace gw::rules
