#include "iso20022/chunked_validation.h"

#include <atomic>
#include <exception>
#include <thread>
#include <vector>
#include <xercesc/sax/SAXException.hpp>
#include <xercesc/util/XMLException.hpp>

#include "core/file_descriptor.h"
#include "iso20022/chunk_plan.h"
#include "iso20022/validating_handler.h"
#include "rules/pain001_rules.h"
#include "rules/payment_recorder.h"
#include "xml/hardened_reader.h"

namespace gw::iso20022 {
namespace {

using namespace xercesc;

struct ChunkOutcome {
  bool passed = false;
  ValidationReport report;
  rules::Pain001Tally tally;
  rules::PaymentRecorder payments;
  std::uint64_t elements = 0;
};

void validate_chunk(const xml::SchemaSet& schemas, const xml::SchemaSet::Lease& grammars,
                    const ValidationLimits& limits, int fd, const ChunkPlan::Chunk& chunk,
                    CivilDate today, bool keep_payments, std::atomic<bool>& abandoned,
                    ChunkOutcome& out) {
  try {
    ValidatingHandler handler(schemas, limits, out.report, {today, limits.execution_horizon_days},
                              keep_payments ? &out.payments : nullptr, &abandoned,
                              &schemas.native_patterns());
    xml::HardenedReader reader(grammars.pool(), handler);
    xml::SplicedInputSource input(fd, chunk.ranges, chunk.tail);
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

}  // namespace

unsigned chunk_count(const ValidationLimits& limits) {
  if (limits.chunks != 0) return limits.chunks;
  return std::max(1u, std::thread::hardware_concurrency());
}

std::optional<ValidationReport> validate_in_chunks(const xml::SchemaSet& schemas,
                                                   const ValidationLimits& limits,
                                                   const std::filesystem::path& file,
                                                   std::uint64_t size, CivilDate today,
                                                   rules::PaymentSink* payments) {
  const unsigned count = chunk_count(limits);
  if (count < 2 || size < limits.chunked_min_bytes) return std::nullopt;
  const FileDescriptor fd(file, O_RDONLY);
  if (!fd.valid()) return std::nullopt;
  const auto plan = plan_chunks(fd.get(), size, count);
  if (!plan) return std::nullopt;

  // Each chunk parses with grammars of its own (see schema_set.h), without
  // the pattern facets its handler checks natively.
  std::vector<xml::SchemaSet::Lease> grammars;
  for (std::size_t i = 0; i < plan->chunks.size(); ++i) {
    auto lease = schemas.lease(xml::SchemaSet::Grammars::kForChunks);
    if (!lease) return std::nullopt;
    grammars.push_back(std::move(*lease));
  }
  std::vector<ChunkOutcome> outcomes(plan->chunks.size());
  std::atomic<bool> abandoned{false};
  {
    std::vector<std::jthread> helpers;
    for (std::size_t i = 1; i < plan->chunks.size(); ++i) {
      helpers.emplace_back([&, i] {
        validate_chunk(schemas, grammars[i], limits, fd.get(), plan->chunks[i], today,
                       payments != nullptr, abandoned, outcomes[i]);
      });
    }
    validate_chunk(schemas, grammars[0], limits, fd.get(), plan->chunks[0], today,
                   payments != nullptr, abandoned, outcomes[0]);
  }  // joins the helpers

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
  ValidationReport report;
  report.message_type = outcomes[0].report.message_type;
  report.msg_id = counts->msg_id;
  report.payment_blocks = counts->blocks;
  report.transactions = counts->transactions;
  report.chunks = static_cast<unsigned>(outcomes.size());
  return report;
}

}  // namespace gw::iso20022
