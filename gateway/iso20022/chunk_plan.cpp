#include "iso20022/chunk_plan.h"

#include <algorithm>
#include <string_view>

#include "core/read_at.h"

namespace gw::iso20022 {
namespace {

constexpr std::uint64_t kWindow = 1 << 20;
// Longer than any tag name looked for, prefix included: a tag that straddles
// two windows is seen whole in the second.
constexpr std::uint64_t kOverlap = 256;
constexpr std::uint64_t kHeaderLimit = 1 << 20;  // GrpHdr and the first block header fit easily
constexpr int kMaxCutTries = 64;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

bool ends_name(char c) {
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

struct Tag {
  std::uint64_t offset = 0;  // of its '<'
  std::string qname;         // with its prefix, if any
};

// Start tags of element `local` (any prefix) whose '<' lies in [from, to) of
// the file, found in `bytes` (the file from `base` on), in file order.
std::vector<Tag> start_tags(std::string_view bytes, std::uint64_t base, std::uint64_t from,
                            std::uint64_t to, std::string_view local) {
  std::vector<Tag> tags;
  for (std::size_t i = bytes.find(local); i != std::string_view::npos;
       i = bytes.find(local, i + 1)) {
    const std::size_t end = i + local.size();
    if (i == 0 || end >= bytes.size() || !ends_name(bytes[end])) continue;
    std::size_t lt = i - 1;
    if (bytes[lt] == ':') {  // a prefixed name: walk back over the prefix
      std::size_t p = lt;
      while (p > 0 && is_name_char(bytes[p - 1])) --p;
      if (p == lt || p == 0) continue;
      lt = p - 1;
    }
    if (bytes[lt] != '<') continue;
    const std::uint64_t at = base + lt;
    if (at >= from && at < to)
      tags.push_back({at, std::string(bytes.substr(lt + 1, end - lt - 1))});
  }
  return tags;
}

// The first start tag of `local` with its '<' in [from, to).
std::optional<Tag> first_start_tag(int fd, std::uint64_t size, std::uint64_t from, std::uint64_t to,
                                   std::string_view local) {
  for (std::uint64_t base = from; base < to;) {
    const std::uint64_t end = std::min(base + kWindow, size);
    const auto bytes = read_at(fd, base, end - base);
    if (!bytes) return std::nullopt;
    const std::uint64_t accept_to = end == size ? to : std::min(to, end - kOverlap);
    auto tags = start_tags(*bytes, base, base, accept_to, local);
    if (!tags.empty()) return tags.front();
    if (end == size) break;
    base = accept_to;
  }
  return std::nullopt;
}

// The last start tag of `local` with its '<' in [floor, before).
std::optional<Tag> last_start_tag(int fd, std::uint64_t size, std::uint64_t floor,
                                  std::uint64_t before, std::string_view local) {
  for (std::uint64_t to = before; to > floor;) {
    const std::uint64_t from = to - std::min(to - floor, kWindow);
    const auto bytes = read_at(fd, from, std::min(to + kOverlap, size) - from);
    if (!bytes) return std::nullopt;
    auto tags = start_tags(*bytes, from, from, to, local);
    if (!tags.empty()) return tags.back();
    to = from;
  }
  return std::nullopt;
}

// The qualified name of the first start tag at or after `from` in `header`.
std::optional<std::string> next_start_tag(std::string_view header, std::size_t& from) {
  for (std::size_t lt = header.find('<', from); lt != std::string_view::npos;
       lt = header.find('<', lt + 1)) {
    if (lt + 1 < header.size() && is_name_char(header[lt + 1])) {
      std::size_t end = lt + 1;
      while (end < header.size() && !ends_name(header[end])) ++end;
      from = end;
      return std::string(header.substr(lt + 1, end - lt - 1));
    }
  }
  return std::nullopt;
}

// Where one cut goes: a transaction that is not the first of its block (so the
// chunk before it keeps at least one transaction of that block), and the block.
struct Cut {
  Tag transaction;
  Tag block;
  std::uint64_t block_header_end = 0;  // the block's first CdtTrfTxInf
};

std::optional<Cut> find_cut(int fd, std::uint64_t readable, std::uint64_t from,
                            std::uint64_t header_end) {
  for (int tries = 0; tries < kMaxCutTries; ++tries) {
    auto transaction = first_start_tag(fd, readable, from, readable, "CdtTrfTxInf");
    if (!transaction) return std::nullopt;
    auto block = last_start_tag(fd, readable, header_end, transaction->offset, "PmtInf");
    if (!block) return std::nullopt;
    auto first =
        first_start_tag(fd, readable, block->offset, transaction->offset + 1, "CdtTrfTxInf");
    if (!first) return std::nullopt;
    if (first->offset < transaction->offset) {
      return Cut{std::move(*transaction), std::move(*block), first->offset};
    }
    from = transaction->offset + 1;
  }
  return std::nullopt;
}

}  // namespace

std::uint64_t cut_search_from(std::uint64_t size, unsigned count, double first_share, unsigned k) {
  const auto first_end = first_share > 0 && first_share < 1
                             ? static_cast<std::uint64_t>(static_cast<double>(size) * first_share)
                             : size / count;
  return first_end + (size - first_end) / (count - 1) * (k - 1);
}

std::optional<ChunkPlan> plan_chunks(int fd, std::uint64_t size, unsigned count, double first_share,
                                     std::uint64_t readable) {
  if (count < 1) return std::nullopt;
  if (readable == 0) readable = size;
  const auto head = read_at(fd, 0, std::min(readable, kHeaderLimit));
  if (!head) return std::nullopt;
  const auto first_blocks = start_tags(*head, 0, 0, head->size(), "PmtInf");
  if (first_blocks.empty()) return std::nullopt;
  const std::uint64_t header_end = first_blocks.front().offset;
  const std::string_view header = std::string_view(*head).substr(0, header_end);
  // Only plain markup in the header: no DOCTYPE, comment or CDATA, and no
  // processing instruction but the XML declaration.
  if (header.find("<!") != std::string_view::npos) return std::nullopt;
  for (auto pi = header.find("<?"); pi != std::string_view::npos; pi = header.find("<?", pi + 1)) {
    if (pi != 0 && pi != 3) return std::nullopt;  // 3: after a byte order mark
  }
  std::size_t at = 0;
  const auto root = next_start_tag(header, at);
  const auto initiation = root ? next_start_tag(header, at) : std::nullopt;
  if (!initiation) return std::nullopt;

  // One chunk asked for: the whole file, once its header passed the checks above.
  if (count == 1) {
    ChunkPlan whole;
    whole.chunks.push_back({{}, {{0, size}}, {}});
    return whole;
  }
  std::vector<Cut> cuts;
  for (unsigned k = 1; k < count; ++k) {
    std::uint64_t from = std::max(cut_search_from(size, count, first_share, k), header_end);
    if (!cuts.empty()) from = std::max(from, cuts.back().transaction.offset + 1);
    auto cut = find_cut(fd, readable, from, header_end);
    if (!cut) break;
    cuts.push_back(std::move(*cut));
  }
  if (cuts.empty()) return std::nullopt;

  ChunkPlan plan;
  const auto end_tags = [&](const Cut& next) {
    return "</" + next.block.qname + "></" + *initiation + "></" + *root + ">";
  };
  plan.chunks.push_back({{}, {{0, cuts.front().transaction.offset}}, end_tags(cuts.front())});
  for (std::size_t k = 0; k < cuts.size(); ++k) {
    const Cut& cut = cuts[k];
    const std::uint64_t start = cut.transaction.offset;
    const std::uint64_t end = k + 1 < cuts.size() ? cuts[k + 1].transaction.offset : size;
    plan.chunks.push_back({{},
                           {{0, header_end},
                            {cut.block.offset, cut.block_header_end - cut.block.offset},
                            {start, end - start}},
                           k + 1 < cuts.size() ? end_tags(cuts[k + 1]) : std::string()});
  }
  return plan;
}

bool start_chunks_with(ChunkPlan& plan, const std::string& head, std::uint64_t replaced) {
  for (ChunkPlan::Chunk& chunk : plan.chunks) {
    xml::FileRange& first = chunk.ranges.front();
    if (!chunk.head.empty() || first.offset != 0 || first.length < replaced) return false;
    chunk.head = head;
    first = {replaced, first.length - replaced};
  }
  return true;
}

}  // namespace gw::iso20022
