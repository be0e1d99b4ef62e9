// The ids that must not repeat in a file (PmtInfId, InstrId, EndToEndId): the
// text of all of them in one growing buffer and an open-addressed table of
// (hash, place). A 100,000-payment file holds 200,000 of them; a node-based
// std::unordered_set<std::string> allocated one or two blocks for each and
// was the single most expensive rule of the validation pass.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::rules {

class IdSet {
 public:
  // Room for `n` ids without growing the table.
  void reserve(std::size_t n);
  // False when `id` is already there.
  bool insert(std::string_view id);
  bool contains(std::string_view id) const;
  std::size_t size() const { return size_; }
  // Adds every id of `other` (another set) except `skip`; false as soon as
  // one was already here (what was added up to then stays).
  bool absorb(const IdSet& other, std::optional<std::string_view> skip = std::nullopt);
  // True when an id of `other` except `skip` is here too: absorb() without
  // adding anything (the last set of several needs no more than that).
  bool shares_any(const IdSet& other, std::optional<std::string_view> skip = std::nullopt) const;

 private:
  struct Slot {  // 16 bytes
    std::uint32_t hash = 0;
    std::uint32_t length = 0;
    std::uint64_t offset = kEmpty;
  };
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

  std::string_view text_of(const Slot& slot) const;
  // The slot holding `id`, or the empty one where it would go.
  std::size_t find(std::string_view id, std::uint32_t hash) const;
  void grow(std::size_t slots);
  bool insert_hashed(std::string_view id, std::uint32_t hash);
  // Whether `visit(id, hash)` holds for every id of `other` but `skip`
  // (stops at the first that does not).
  template <typename Visit>
  static bool all_of(const IdSet& other, std::optional<std::string_view> skip, Visit visit);

  std::vector<Slot> slots_;  // a power of two, at most half full
  std::string text_;
  std::size_t size_ = 0;
};

}  // namespace gw::rules
