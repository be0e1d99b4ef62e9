#include "core/payment_status.h"

#include <array>
#include <utility>

namespace gw {
namespace {

constexpr std::array<std::pair<PaymentStatus, std::string_view>, 5> kCodes = {{
    {PaymentStatus::kAcceptedTechnical, "ACTC"},
    {PaymentStatus::kSettled, "ACSC"},
    {PaymentStatus::kPartlyAccepted, "PART"},
    {PaymentStatus::kRejected, "RJCT"},
    {PaymentStatus::kPending, "PDNG"},
}};

}  // namespace

std::string_view iso_code(PaymentStatus status) {
  for (const auto& [value, code] : kCodes) {
    if (value == status) return code;
  }
  return "RJCT";  // unreachable: every enumerator is in the table
}

std::optional<PaymentStatus> parse_payment_status(std::string_view code) {
  for (const auto& [value, text] : kCodes) {
    if (text == code) return value;
  }
  return std::nullopt;
}

PaymentStatus status_of_group(long long through, long long total, PaymentStatus all) {
  if (through == 0) return PaymentStatus::kRejected;
  return through == total ? all : PaymentStatus::kPartlyAccepted;
}

}  // namespace gw
