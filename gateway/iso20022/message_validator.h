// Validates an inbound ISO 20022 file in one streaming pass: hardened Xerces
// SAX2 parsing against the guideline XSD chosen by the root namespace, then
// (in the same pass) the guideline rules. Reports every problem up to a cap.
// A pain.001 is first tried without Xerces, a large one in chunks on several
// threads (chunked_validation.h); the one pass remains the authority on
// findings.
//
// Hostile input is bounded: no DOCTYPE (so no entities), no external fetch of
// any kind (xsi:schemaLocation is ignored), UTF-8 only, and limits on size,
// depth and element count. Thread-safe: each call uses its own parser and
// leases its own compiled grammars from the SchemaSet.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "calendar/riga_time.h"
#include "core/result.h"
#include "iso20022/validation_limits.h"
#include "rules/payment_sink.h"
#include "rules/validation_report.h"
#include "xml/file_arrival.h"
#include "xml/schema_set.h"

namespace gw::iso20022 {

class MessageValidator {
 public:
  // `schemas` must outlive the validator.
  MessageValidator(const xml::SchemaSet& schemas, ValidationLimits limits)
      : schemas_(schemas), limits_(limits) {}

  // `today` is the Riga business date the rules use. `payments`, when given,
  // receives the pain.001 blocks and transactions as they stream past, or
  // all at the end when the file was validated without Xerces (it must
  // discard them if the report is not accepted).
  rules::ValidationReport validate_file(const std::filesystem::path& file, CivilDate today,
                                        rules::PaymentSink* payments = nullptr) const;
  // Which message the file is, by its root element's namespace, without
  // validating it (only what comes before the root tag is parsed; when a
  // byte near it is not UTF-8, the first 64 KiB up to that byte): e.g. "camt.060.001.03";
  // empty when no supported message type is named there, the file does not
  // start as well-formed XML, or validate_file would refuse it unread (size,
  // encoding). For dispatching an upload by type; validate_file remains the
  // judge of the whole file.
  std::string message_type_of_file(const std::filesystem::path& file) const;
  // The same for a message already in memory (tests, fuzzing); `bytes` must
  // stay alive during the call.
  rules::ValidationReport validate_bytes(std::string_view bytes, CivilDate today) const;

  // For the messages we send: ok when `xml` (or `file`) is valid under our
  // schema for `expected_type`; otherwise an internal error naming `what`
  // (a malformed message is never sent).
  Status check_outgoing(std::string_view xml, std::string_view expected_type,
                        std::string_view what) const;
  Status check_outgoing_file(const std::filesystem::path& file, std::string_view expected_type,
                             std::string_view what) const;

  // Whether a large file is cut into chunks at all (more than one thread).
  bool cuts_files() const;
  // Whether a file of `size` bytes is validated in chunks first: worth
  // starting while it still arrives.
  bool validates_in_chunks(std::uint64_t size) const;
  // The size a pain.001 still arriving into `file` without a known length
  // will have, from what of its first MiB is on disk now (size_estimate.h),
  // and never less than the file has now; nothing when it cannot say.
  // Reads, never waits.
  std::optional<std::uint64_t> estimated_size(const std::filesystem::path& file) const;
  // A large file's validation while it is still being written (an upload
  // arriving, `size` bytes when complete, or an estimate): its report when
  // every chunk passes; nothing otherwise, and the complete file then goes
  // through validate_file, which finds and words every problem.
  std::optional<rules::ValidationReport> validate_arriving(const std::filesystem::path& file,
                                                           std::uint64_t size, CivilDate today,
                                                           rules::PaymentSink* payments,
                                                           const xml::FileArrival& arrival) const;

  // Compiles ahead the grammars the first large file would otherwise wait
  // for (one per chunk, and the native schema model and pattern checks the
  // first pain.001 of any size would): for a server at start.
  // Chunks lease grammars only when Xerces is to validate them (the native
  // path gave up, or is off), so a second file at once compiles more only then.
  Status warm_up() const;

 private:
  struct Source;
  rules::ValidationReport validate(const Source& source, CivilDate today,
                                   rules::PaymentSink* payments) const;

  const xml::SchemaSet& schemas_;
  ValidationLimits limits_;
};

}  // namespace gw::iso20022
