#include "iso20022/chunked_validation.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <future>
#include <limits>
#include <thread>
#include <vector>
#include <xercesc/sax/SAXException.hpp>
#include <xercesc/util/BinInputStream.hpp>
#include <xercesc/util/XMLException.hpp>

#include "core/file_descriptor.h"
#include "core/read_at.h"
#include "iso20022/chunk_plan.h"
#include "iso20022/native_chunk_validation.h"
#include "iso20022/validating_handler.h"
#include "rules/pain001_rules.h"
#include "rules/payment_recorder.h"
#include "xml/hardened_reader.h"
#include "xml/namespace_alias.h"
#include "xml/spliced_input.h"

namespace gw::iso20022 {
namespace {

using namespace xercesc;

constexpr std::uint64_t kPlanLead = 4 << 20;
constexpr std::uint64_t kRootLimit = 64 << 10;  // where the root start tag must have ended
constexpr std::uint64_t kToTheEnd = std::numeric_limits<std::uint64_t>::max();
// The first chunk's share of an arriving file, for two chunks. It starts at
// once but shares the cores with the receiving I/O thread and carries the
// header; measured on a 100k-payment upload, 0.52 makes both chunks end
// within a few milliseconds of each other (0.50: the second ~50 ms later;
// 0.55: the first ~110 ms later).
constexpr double kFirstShareArriving = 0.52;

struct ChunkOutcome {
  bool passed = false;
  rules::ValidationReport report;
  rules::Pain001Tally tally;
  rules::PaymentRecorder payments;
  std::uint64_t elements = 0;
  bool native = false;  // passed without Xerces
};

// How a chunk's document is read: its planned ranges and tail, or (the first
// chunk of an arriving file) a start and the rest once the plan is known.
struct ChunkInput {
  const ChunkPlan::Chunk& chunk;
  const xml::FileArrival* arrival = nullptr;
  const xml::RestOfDocument* rest = nullptr;
  // False for the whole file as one chunk: when the native validator does
  // not vouch for it, the caller's one pass is the same work and says where
  // each finding is.
  bool xerces_if_native_gives_up = true;
};

// The file's root start tag under the chunk grammars' namespace aliases,
// read once its bytes are there.
std::optional<xml::AliasedRoot> aliased_root(const xml::SchemaSet& schemas, int fd,
                                             std::uint64_t size, const xml::FileArrival* arrival) {
  const xml::AliasOf alias_of = [&](std::string_view ns) { return schemas.chunk_alias(ns); };
  for (std::uint64_t want = std::min<std::uint64_t>(size, 4 << 10);;
       want = std::min(size, want * 4)) {
    if (arrival != nullptr && !(*arrival)(want)) return std::nullopt;
    const auto head = read_at(fd, 0, want);
    if (!head) return std::nullopt;
    if (auto root = xml::alias_root_namespaces(*head, alias_of)) return root;
    if (want == size || want >= kRootLimit) return std::nullopt;
  }
}

// The chunk validated without Xerces; false when that did not vouch for it
// either way (Xerces is to validate it then).
bool validated_natively(const xml::SchemaSet& schemas, const ValidationLimits& limits,
                        xml::SplicedInputSource& input, const ChunkGrammars& chunk_grammars,
                        CivilDate today, bool keep_payments, std::atomic<bool>& abandoned,
                        ChunkOutcome& out) {
  const std::unique_ptr<BinInputStream> stream(input.makeStream());
  const auto read = [&stream](char* into, std::size_t max) -> std::size_t {
    return stream->readBytes(reinterpret_cast<XMLByte*>(into), max);
  };
  NativeChunkOutcome native =
      validate_chunk_natively(schemas, limits, read, chunk_grammars.renamed_declarations, today,
                              out.report, keep_payments ? &out.payments : nullptr, abandoned);
  switch (native.verdict) {
    case NativeChunkOutcome::Verdict::kPassed:
      out.passed = !abandoned.load();
      out.tally = std::move(native.tally);
      out.elements = native.elements;
      out.native = true;
      return true;
    case NativeChunkOutcome::Verdict::kFinding:
      out.passed = false;
      return true;
    case NativeChunkOutcome::Verdict::kGaveUp:
      break;
  }
  return false;
}

void validate_chunk(const xml::SchemaSet& schemas, const ValidationLimits& limits, int fd,
                    const ChunkInput& in, const ChunkGrammars& chunk_grammars, CivilDate today,
                    bool keep_payments, const std::filesystem::path& spill_dir,
                    std::atomic<bool>& abandoned, ChunkOutcome& out) {
  try {
    if (limits.native_chunks) {
      xml::SplicedInputSource input(fd, in.chunk.head, in.chunk.ranges, in.chunk.tail, in.arrival,
                                    in.rest);
      if (validated_natively(schemas, limits, input, chunk_grammars, today, keep_payments,
                             abandoned, out)) {
        if (!out.passed) abandoned.store(true);
        return;
      }
      if (abandoned.load() || !in.xerces_if_native_gives_up) {  // not passed
        abandoned.store(true);
        return;
      }
      // Start again with Xerces, from nothing.
      out.report = {};
      if (keep_payments) out.payments = rules::PaymentRecorder(spill_dir);
    }
    // Leased only now: a chunk vouched for natively needs no compiled
    // grammars, and two files at once would otherwise compile a second set.
    auto grammars = schemas.lease(xml::SchemaSet::Grammars::kForChunks);
    if (!grammars) {
      out.passed = false;
      abandoned.store(true);
      return;
    }
    ValidatingHandler handler(schemas, limits, out.report, {today, limits.execution_horizon_days},
                              keep_payments ? &out.payments : nullptr, &abandoned, &chunk_grammars);
    xml::HardenedReader reader(grammars->pool(), handler);
    xml::SplicedInputSource input(fd, in.chunk.head, in.chunk.ranges, in.chunk.tail, in.arrival,
                                  in.rest);
    try {
      reader.parse(input);
    } catch (const StopParse&) {
      // a finding, irregular markup or another chunk failed: not passed
    }
    handler.flush_pending();
    auto* rules = dynamic_cast<rules::Pain001Rules*>(handler.rules());
    out.passed = out.report.findings.empty() && !handler.irregular() && rules != nullptr &&
                 !abandoned.load();
    if (out.passed) {
      handler.count_into(out.report);
      out.tally = rules->take_tally();
      out.elements = handler.elements();
    }
  } catch (const XMLException&) {
    out.passed = false;
  } catch (const SAXException&) {
    out.passed = false;
  } catch (const std::exception&) {  // e.g. out of memory: the one pass will say
    out.passed = false;
  }
  if (!out.passed) abandoned.store(true);
}

// The first chunk of an arriving file learns its plan through a promise,
// kept exactly once: with the plan, or with none when there is none or the
// scope is left early. Without a plan no chunk can pass, so they are
// abandoned (nothing is validated again by Xerces for nothing).
class FirstChunkPlan {
 public:
  FirstChunkPlan(std::promise<std::optional<ChunkPlan::Chunk>>& promise,
                 std::atomic<bool>& abandoned)
      : promise_(promise), abandoned_(abandoned) {}
  FirstChunkPlan(const FirstChunkPlan&) = delete;
  FirstChunkPlan& operator=(const FirstChunkPlan&) = delete;
  ~FirstChunkPlan() {
    if (!given_) give(std::nullopt);
  }
  void give(std::optional<ChunkPlan::Chunk> first) {
    if (!first) abandoned_.store(true);
    promise_.set_value(std::move(first));
    given_ = true;
  }

 private:
  std::promise<std::optional<ChunkPlan::Chunk>>& promise_;
  std::atomic<bool>& abandoned_;
  bool given_ = false;
};

}  // namespace

unsigned chunk_count(const ValidationLimits& limits) {
  if (limits.chunks != 0) return limits.chunks;
  return std::max(1u, std::thread::hardware_concurrency());
}

std::optional<rules::ValidationReport> validate_in_chunks(const xml::SchemaSet& schemas,
                                                          const ValidationLimits& limits,
                                                          const std::filesystem::path& file,
                                                          std::uint64_t size, CivilDate today,
                                                          rules::PaymentSink* payments,
                                                          const xml::FileArrival* arrival) {
  // A file too small to be worth cutting, or one thread: the whole file as
  // one chunk, for the native validator only (when it does not vouch for
  // the file, the caller's one pass is Xerces' work on it).
  const unsigned threads = chunk_count(limits);
  const bool whole = threads < 2 || size < limits.chunked_min_bytes;
  if (whole && (arrival != nullptr || !limits.native_chunks)) return std::nullopt;
  const unsigned count = whole ? 1 : threads;
  const FileDescriptor fd(file, O_RDONLY);
  if (!fd.valid()) return std::nullopt;

  // The chunk grammars know our namespaces by their aliases (namespace_alias.h).
  const auto root = aliased_root(schemas, fd.get(), size, arrival);
  if (!root) return std::nullopt;
  const ChunkGrammars chunk_grammars{schemas.native_patterns(), root->renamed};
  const auto make_plan = [&](double first_share, std::uint64_t readable) {
    auto made = plan_chunks(fd.get(), size, count, first_share, readable);
    if (made && !start_chunks_with(*made, root->text, root->end)) made.reset();
    // An arriving file may end before or after `size`: the last chunk reads
    // until the arrival says it is complete (spliced_input.h), so every byte
    // is still in exactly one chunk.
    if (made && arrival != nullptr) {
      xml::FileRange& last = made->chunks.back().ranges.back();
      last.length = kToTheEnd - last.offset;
    }
    return made;
  };
  std::vector<ChunkOutcome> outcomes(count);
  // A chunk's payments wait in a file beside the upload, not in memory.
  const std::filesystem::path spill_dir = file.parent_path();
  if (payments != nullptr) {
    for (auto& outcome : outcomes) outcome.payments = rules::PaymentRecorder(spill_dir);
  }
  std::atomic<bool> abandoned{false};
  const bool keep = payments != nullptr;
  std::optional<ChunkPlan> plan;
  // An arriving file: the first chunk starts at once on what is there. The
  // first cut lies at or after where it is searched from, so the first
  // chunk's reads need the plan only from there on; the plan needs the bytes
  // a little past each search point (anything further that is not there yet
  // makes it give up). The first share is set so that the first chunk ends
  // with the others (kFirstShareArriving).
  const double first_share = kFirstShareArriving / count * 2;
  const std::uint64_t first_start =
      arrival != nullptr ? std::max(cut_search_from(size, count, first_share, 1), root->end)
                         : root->end;
  const ChunkPlan::Chunk first_known{root->text, {{root->end, first_start - root->end}}, {}};
  std::promise<std::optional<ChunkPlan::Chunk>> first_planned;
  const xml::RestOfDocument first_rest = [future = first_planned.get_future().share(),
                                          first_start]() -> std::optional<xml::SplicedRest> {
    const auto planned = future.get();
    if (!planned) return std::nullopt;
    const std::uint64_t cut = planned->ranges.front().offset + planned->ranges.front().length;
    return xml::SplicedRest{{{first_start, cut - first_start}}, planned->tail};
  };
  try {
    std::vector<std::jthread> helpers;  // joined when the block ends, on every path
    // Undone before the helpers are joined: the first chunk never waits for
    // a plan that will not come.
    FirstChunkPlan first_plan(first_planned, abandoned);
    if (arrival != nullptr) {
      helpers.emplace_back([&] {
        validate_chunk(schemas, limits, fd.get(), {first_known, arrival, &first_rest},
                       chunk_grammars, today, keep, spill_dir, abandoned, outcomes[0]);
      });
      // The bytes on disk then: at least those asked for, or all there are
      // (complete, and shorter than expected).
      if (const auto on_disk = (*arrival)(
              std::min(size, cut_search_from(size, count, first_share, count - 1) + kPlanLead))) {
        plan = make_plan(first_share, *on_disk);
      }
    } else {
      plan = make_plan(0, size);
    }
    first_plan.give(plan ? std::optional(plan->chunks.front()) : std::nullopt);
    if (plan) {
      const std::size_t here = arrival != nullptr ? 1 : 0;  // the chunk run on this thread
      for (std::size_t i = here + 1; i < plan->chunks.size(); ++i) {
        helpers.emplace_back([&, i] {
          validate_chunk(schemas, limits, fd.get(), {plan->chunks[i], arrival}, chunk_grammars,
                         today, keep, spill_dir, abandoned, outcomes[i]);
        });
      }
      validate_chunk(schemas, limits, fd.get(), {plan->chunks[here], arrival, nullptr, !whole},
                     chunk_grammars, today, keep, spill_dir, abandoned, outcomes[here]);
    }
  } catch (const std::exception&) {  // no thread (or memory) to be had: the one pass decides
    return std::nullopt;
  }
  if (!plan) return std::nullopt;
  outcomes.resize(plan->chunks.size());  // the plan may have found fewer cuts than asked

  std::uint64_t elements = 0;
  std::vector<rules::Pain001Tally> tallies;
  for (ChunkOutcome& outcome : outcomes) {
    if (!outcome.passed || outcome.report.message_type != outcomes[0].report.message_type) {
      return std::nullopt;
    }
    elements += outcome.elements;
    tallies.push_back(std::move(outcome.tally));
  }
  if (elements > limits.max_elements) return std::nullopt;
  const auto counts = rules::join_tallies(std::move(tallies));
  if (!counts) return std::nullopt;

  if (payments != nullptr) {
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      payments->recorded(std::move(outcomes[i].payments), i > 0);
    }
  }
  rules::ValidationReport report;
  report.message_type = outcomes[0].report.message_type;
  report.msg_id = counts->msg_id;
  report.initiating_party = counts->initiating_party;
  report.payment_blocks = counts->blocks;
  report.transactions = counts->transactions;
  report.chunks = static_cast<unsigned>(outcomes.size());
  report.native_chunks = static_cast<unsigned>(std::count_if(
      outcomes.begin(), outcomes.end(), [](const ChunkOutcome& o) { return o.native; }));
  return report;
}

}  // namespace gw::iso20022
