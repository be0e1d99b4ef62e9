// The seam between the streaming validator (iso20022/) and the guideline rules
// of one message type: the validator reports each element as it opens and
// closes, and the text of the elements the rules ask for. Rules never see a
// document; they keep what they need. One instance per file, one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/validation_report.h"

namespace gw::rules {

// Where a value was read. `segments` (element names from the root) is read
// only when a finding is made, so the hot path never builds path strings.
struct Position {
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  const std::vector<std::string>* segments = nullptr;  // must outlive the call

  std::string path() const;
};

using ElementPath = std::vector<std::string>;

class MessageRules {
 public:
  virtual ~MessageRules() = default;
  // An element opened (it is path.back()). Returns true when the rules want its
  // text, which then arrives through text() when it closes. `currency` is its
  // Ccy attribute, if any.
  virtual bool open(const ElementPath& path, std::string_view currency, const Position& at) = 0;
  virtual void text(const ElementPath& path, std::string_view value, const Position& at) = 0;
  virtual void close(const ElementPath& path, const Position& at) = 0;
  virtual void count_into(ValidationReport& report) const = 0;
};

}  // namespace gw::rules
