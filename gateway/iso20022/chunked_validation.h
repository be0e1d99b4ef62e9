// Validation of one large pain.001 on several threads: the file is cut into
// chunks (chunk_plan.h), each chunk is parsed, schema-validated and checked by
// the guideline rules on its own thread, and what no chunk can see alone
// (group and block totals, ids repeated across chunks, the element limit) is
// checked when they are joined. A file too small to be worth cutting (or with
// one thread to validate on) is one chunk: the whole file, for the native
// validator only, on the caller's thread.
//
// This only speeds up the common case, a valid file: it gives an answer only
// when every chunk passed. Anything else (a file that cannot be cut, any
// finding in any chunk, totals that disagree) makes the caller validate the
// file in one pass, which finds and places every problem exactly as always.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "calendar/riga_time.h"
#include "iso20022/validation_limits.h"
#include "rules/payment_sink.h"
#include "rules/validation_report.h"
#include "xml/file_arrival.h"
#include "xml/schema_set.h"

namespace gw::iso20022 {

// How many chunks a large file is cut into (limits.chunks, 0: one per hardware thread).
unsigned chunk_count(const ValidationLimits& limits);

// The report of a valid file, or nothing (validate in one pass instead).
// `payments` receives the blocks and transactions in file order, and only
// when a report is returned. With `arrival`, the file is still being written
// and `size` is what it is expected to reach (exact for a body of known
// length, an estimate for a compressed one or one without a length): the cuts are planned from it
// once the bytes they need are on disk, the chunks then read as the rest
// arrives, and the last one reads to the file's real end, wherever that is.
std::optional<rules::ValidationReport> validate_in_chunks(
    const xml::SchemaSet& schemas, const ValidationLimits& limits,
    const std::filesystem::path& file, std::uint64_t size, CivilDate today,
    rules::PaymentSink* payments, const xml::FileArrival* arrival = nullptr);

}  // namespace gw::iso20022
