// libFuzzer target: arbitrary bytes through the hardened validator and the
// pain.001 / camt.060 rules. Anything but a clean return (crash, sanitizer
// report, leak, hang past -timeout) is a bug.
//
// Differential too: the same bytes as a file, validated in two chunks on two
// threads (chunked_validation.h) and in one pass, must get the same verdict
// and counts, and hand on the same payments; the chunks must never accept
// what the one pass rejects. What is handed on must decode as it was made:
// the element trees of the details (core/element_tree.h) give back their
// encoding, whatever the file held. The bytes also go through the
// Accept-Language reader (core/language.h), the other parser of ours that
// reads what clients send. And the whole input as one chunk validated without
// Xerces (native_chunk_validation.h, the plain XML scanner): it must never
// vouch for what the one pass rejects.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/element_tree.h"
#include "core/language.h"
#include "core/remittance.h"
#include "iso20022/message_validator.h"
#include "iso20022/native_chunk_validation.h"
#include "iso20022/size_estimate.h"
#include "rules/payment_recorder.h"
#include "xml/namespace_alias.h"
#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"

namespace {

gw::iso20022::ValidationLimits limits_with_chunks(unsigned chunks, bool native = true) {
  gw::iso20022::ValidationLimits limits;
  limits.chunks = chunks;
  limits.chunked_min_bytes = 0;
  limits.native_chunks = native;
  return limits;
}

struct Fixture {
  gw::xml::XercesRuntime xerces;
  std::unique_ptr<gw::xml::SchemaSet> schemas =
      gw::xml::SchemaSet::load(gw::xml::builtin_schemas()).value();
  gw::iso20022::MessageValidator validator{*schemas, {}};
  gw::iso20022::MessageValidator one_pass{*schemas, limits_with_chunks(1, false)};  // Xerces
  gw::iso20022::MessageValidator whole_natively{*schemas, limits_with_chunks(1)};
  gw::iso20022::MessageValidator two_chunks{*schemas, limits_with_chunks(2)};
  int file = ::memfd_create("fuzz-input", 0);
  std::string path = "/proc/self/fd/" + std::to_string(file);
};

// The records a recording hands on, each as its encoding, checking on the
// way that their element trees and remittance decode as they were made.
std::vector<std::string> records_of(const gw::rules::PaymentRecorder& recorder) {
  std::vector<std::string> out;
  gw::rules::PaymentRecorder::Reader reader(recorder, false);
  gw::rules::PaymentRecord record;
  while (reader.next(record)) {
    std::string encoded;
    if (const auto* block = std::get_if<gw::rules::CapturedBlock>(&record)) {
      if (gw::encode_elements(gw::decode_elements(block->details)) != block->details) {
        __builtin_trap();
      }
      gw::rules::append_record(encoded, *block);
    } else {
      const auto& t = std::get<gw::rules::CapturedTransaction>(record);
      if (gw::encode_elements(gw::decode_elements(t.details)) != t.details) __builtin_trap();
      static_cast<void>(gw::decode_remittance(t.remittance));
      gw::rules::append_record(encoded, t);
    }
    out.push_back(std::move(encoded));
  }
  if (reader.broken()) __builtin_trap();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;  // one Xerces runtime and grammar pool for the whole run
  const gw::CivilDate today = std::chrono::year{2026} / 11 / 23;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto report = fixture.validator.validate_bytes(bytes, today);
  // A report is either accepted or says why not.
  if (!report.accepted() && report.findings.empty()) __builtin_trap();

  if (::ftruncate(fixture.file, 0) != 0 ||
      ::pwrite(fixture.file, data, size, 0) != static_cast<ssize_t>(size)) {
    __builtin_trap();
  }
  static_cast<void>(gw::preferred_language(bytes));
  // The size of a body sent without a length, from its beginning: read
  // under the sanitizers (its value plans chunks only, and is tested apart).
  static_cast<void>(gw::iso20022::estimate_pain001_size(bytes));
  gw::rules::PaymentRecorder whole_payments;
  gw::rules::PaymentRecorder chunked_payments;
  const auto whole = fixture.one_pass.validate_file(fixture.path, today, &whole_payments);
  const auto chunked = fixture.two_chunks.validate_file(fixture.path, today, &chunked_payments);
  gw::rules::PaymentRecorder native_payments_whole;
  const auto native_whole =
      fixture.whole_natively.validate_file(fixture.path, today, &native_payments_whole);
  // The same bytes from memory, from a file, in chunks, as one piece
  // validated natively first: the same verdict, and the same type and MsgId
  // also when they are read from before a byte that is not UTF-8.
  const auto same = [&whole](const gw::rules::ValidationReport& other) {
    return whole.accepted() == other.accepted() && whole.transactions == other.transactions &&
           whole.payment_blocks == other.payment_blocks && whole.msg_id == other.msg_id &&
           whole.findings.size() == other.findings.size() &&
           whole.message_type == other.message_type;
  };
  if (!same(chunked) || !same(native_whole) || whole.message_type != report.message_type ||
      whole.msg_id != report.msg_id) {
    __builtin_trap();
  }
  const auto handed_on = records_of(whole_payments);
  if (chunked.accepted() && records_of(chunked_payments) != handed_on) __builtin_trap();
  if (native_whole.accepted() && records_of(native_payments_whole) != handed_on) __builtin_trap();

  // The whole input as one chunk, validated without Xerces: whatever it
  // vouches for (and whose totals agree), the one pass must accept, with
  // the same payments.
  const gw::xml::AliasOf alias_of = [](std::string_view ns) {
    return fixture.schemas->chunk_alias(ns);
  };
  if (const auto root = gw::xml::alias_root_namespaces(bytes, alias_of)) {
    const std::string doc = root->text + std::string(bytes.substr(root->end));
    std::size_t at = 0;
    const auto read = [&](char* into, std::size_t max) {
      const std::size_t n = std::min({max, doc.size() - at, std::size_t{97}});  // odd pieces
      std::memcpy(into, doc.data() + at, n);
      at += n;
      return n;
    };
    gw::rules::ValidationReport report_natively;
    gw::rules::PaymentRecorder native_payments;
    const std::atomic<bool> abandoned{false};
    auto native =
        gw::iso20022::validate_chunk_natively(*fixture.schemas, {}, read, root->renamed, today,
                                              report_natively, &native_payments, abandoned);
    if (native.verdict == gw::iso20022::NativeChunkOutcome::Verdict::kPassed &&
        gw::rules::join_tallies({std::move(native.tally)})) {
      if (!whole.accepted() || records_of(native_payments) != handed_on) __builtin_trap();
    }
  }
  return 0;
}
