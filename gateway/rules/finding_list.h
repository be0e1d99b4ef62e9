// Collects findings up to a cap, so that a file with a million bad payments
// cannot exhaust memory; remembers that more were dropped.
#pragma once

#include <cstddef>

#include "rules/validation_report.h"

namespace gw::rules {

class FindingList {
 public:
  explicit FindingList(ValidationReport& report, std::size_t cap) : report_(report), cap_(cap) {}

  void add(Finding finding) {
    if (report_.findings.size() >= cap_) {
      report_.findings_truncated = true;
      return;
    }
    report_.findings.push_back(std::move(finding));
  }
  bool full() const { return report_.findings.size() >= cap_; }

 private:
  ValidationReport& report_;
  std::size_t cap_;
};

}  // namespace gw::rules
