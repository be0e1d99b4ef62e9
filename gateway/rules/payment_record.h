// One encoding of what the validator hands on (payment_sink.h), shared by the
// upload's spool file and the per-chunk recorder: a kind byte ('B' block, 'T'
// transaction), the payload size (32 bits), then each field as a 32-bit
// length and its bytes, in fields_of_* order. Scratch data of one request,
// never kept across versions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "rules/payment_sink.h"

namespace gw::rules {

using PaymentRecord = std::variant<CapturedBlock, CapturedTransaction>;

inline constexpr std::size_t kRecordHeaderBytes = 1 + sizeof(std::uint32_t);

void append_record(std::string& out, const CapturedBlock& block);
void append_record(std::string& out, const CapturedTransaction& transaction);

// The payload size a record header announces; nothing when it is not a
// header (unknown kind, implausible size).
std::optional<std::uint32_t> record_payload_size(std::string_view header);

// Decodes the record at `bytes[at]` into `into` (reusing its strings when it
// holds the same kind) and moves `at` past it; false when the bytes there are
// not a whole record.
bool read_record(std::string_view bytes, std::size_t& at, PaymentRecord& into);

// Hands a decoded record on.
void send_record(const PaymentRecord& record, PaymentSink& sink);

}  // namespace gw::rules
