// One chunk of a large pain.001 (chunked_validation.h) validated without
// Xerces: the plain XML scanner (xml/plain_xml_scanner.h) and the schema read
// out of Xerces' model (xml/native_schema.h) check what Xerces would, and the
// guideline rules get the same elements and texts as from ValidatingHandler.
// Xerces' scanner and validator were most of an upload's CPU.
//
// It only ever vouches: kPassed means Xerces would have found nothing either.
// Anything it does not model, and anything invalid, is kGaveUp, and the chunk
// is then validated by Xerces, which passes it or finds what is wrong.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "calendar/riga_time.h"
#include "iso20022/validation_limits.h"
#include "rules/pain001_tally.h"
#include "rules/payment_sink.h"
#include "rules/validation_report.h"
#include "xml/plain_xml_scanner.h"
#include "xml/schema_set.h"

namespace gw::iso20022 {

struct NativeChunkOutcome {
  enum class Verdict {
    kPassed,   // valid: report counts, tally and elements are set
    kFinding,  // a guideline rule found something (in report): the file needs its one pass
    kGaveUp,   // not vouched for: validate the chunk with Xerces
  };
  Verdict verdict = Verdict::kGaveUp;
  rules::Pain001Tally tally;
  std::uint64_t elements = 0;
  // kGaveUp: what on, and where (for tests and logs).
  std::string gave_up_on;
  std::string gave_up_at;
};

// `renamed_declarations`: the namespace declarations of the chunk's root
// start tag that the chunk plan renamed to our aliases (xml::AliasedRoot).
// `abandoned` is looked at now and then: another chunk has failed.
NativeChunkOutcome validate_chunk_natively(
    const xml::SchemaSet& schemas, const ValidationLimits& limits, xml::PlainXmlScanner::Read read,
    std::size_t renamed_declarations, CivilDate today, rules::ValidationReport& report,
    rules::PaymentSink* payments, const std::atomic<bool>& abandoned);

}  // namespace gw::iso20022
