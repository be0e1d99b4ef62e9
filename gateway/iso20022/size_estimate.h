// How large a pain.001 whose length is not known (a body sent with chunked
// transfer encoding) will be, from its first bytes: the number of
// transactions its group header announces (GrpHdr/NbOfTxs), each as long as
// those it has begun so far, measured from the first transaction's start tag
// to the last one's. Only a plan for cutting the file into chunks rests on it
// (chunked_validation.h): a file that ends before or after the estimate is
// validated in full all the same, in fewer or uneven chunks.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gw::iso20022 {

// The estimate in bytes, saturating at the largest value; nothing when the
// beginning has no NbOfTxs before its first transaction or fewer than two
// transaction start tags.
std::optional<std::uint64_t> estimate_pain001_size(std::string_view beginning);

}  // namespace gw::iso20022
