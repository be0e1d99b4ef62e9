// Bounds on one inbound file, and when a large one is validated on several
// threads. Passed in from the configuration; the defaults suit tests and tools.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gw::iso20022 {

struct ValidationLimits {
  std::uint64_t max_bytes = 256ull * 1024 * 1024;
  unsigned max_depth = 32;                  // ISO payment messages nest about 10 deep
  std::uint64_t max_elements = 50'000'000;  // a 100k-payment file has about 3 million
  std::size_t max_findings = 1000;
  int execution_horizon_days = 365;
  // A pain.001 of at least this size is validated as `chunks` consecutive
  // pieces on as many threads (0: one per hardware thread; 1: never); a
  // smaller one (or any, with 1) as one piece, the whole file.
  std::uint64_t chunked_min_bytes = 4ull * 1024 * 1024;
  unsigned chunks = 0;
  // Chunks are first validated without Xerces (native_chunk_validation.h);
  // false: by Xerces only (and a file as one piece, in one pass as always).
  bool native_chunks = true;
};

}  // namespace gw::iso20022
