// Where a large pain.001 can be cut into documents that validate on their
// own: at CdtTrfTxInf start tags. Chunk k (after the first) is the file's
// header up to its first PmtInf, the header of the block the cut falls in,
// then the file from the cut to the next one; each chunk but the last ends
// with the end tags of that block, CstmrCdtTrfInitn and Document.
//
// The plan only finds cuts; it proves nothing. Every byte of the file is in
// exactly one chunk's own part, so when every chunk parses and validates with
// no comment, CDATA or processing instruction, each cut was a real start tag
// in plain markup and the chunks together say what the whole file would
// (validate_in_chunks relies on this and checks the rest across chunks).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xml/spliced_input.h"

namespace gw::iso20022 {

struct ChunkPlan {
  struct Chunk {
    std::string head;  // read before the ranges
    std::vector<xml::FileRange> ranges;
    std::string tail;  // end tags; empty for the last chunk
  };
  std::vector<Chunk> chunks;
};

// Up to `count` chunks for the open file `fd` of `size` bytes: the first
// about `first_share` of the file (by default its equal part), the others
// equal parts of the rest; nothing when the file does not have the plain
// shape of a pain.001 with enough transactions (it is then validated in one
// pass). Of a file still arriving, only its first `readable` bytes are read
// (0: all `size`), and `size` is what it is expected to reach. A `count` of 1
// is the whole file, with the same checks of its header.
std::optional<ChunkPlan> plan_chunks(int fd, std::uint64_t size, unsigned count,
                                     double first_share = 0, std::uint64_t readable = 0);

// Every chunk read with `head` in place of the file's first `replaced` bytes
// (the root start tag under the chunk grammars' namespace aliases); false
// when a chunk does not start with them.
bool start_chunks_with(ChunkPlan& plan, const std::string& head, std::uint64_t replaced);

// Where plan_chunks looks for cut k (1 to count - 1) from: the first at about
// `first_share` of the file (0: its equal part), the others evenly after it.
// Every cut lies at or after this offset (or after the header).
std::uint64_t cut_search_from(std::uint64_t size, unsigned count, double first_share, unsigned k);

}  // namespace gw::iso20022
