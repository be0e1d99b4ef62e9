#include "rules/id_set.h"

#include <functional>

namespace gw::rules {
namespace {

std::uint32_t hash_of(std::string_view id) {
  return static_cast<std::uint32_t>(std::hash<std::string_view>{}(id));
}

std::size_t table_size_for(std::size_t ids) {
  std::size_t slots = 64;
  while (slots < ids * 2) slots *= 2;
  return slots;
}

}  // namespace

void IdSet::reserve(std::size_t n) {
  if (table_size_for(n) > slots_.size()) grow(table_size_for(n));
}

std::string_view IdSet::text_of(const Slot& slot) const {
  return std::string_view(text_).substr(slot.offset, slot.length);
}

std::size_t IdSet::find(std::string_view id, std::uint32_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.offset == kEmpty || (slot.hash == hash && text_of(slot) == id)) return i;
  }
}

void IdSet::grow(std::size_t slots) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(slots, Slot{});
  const std::size_t mask = slots - 1;
  for (const Slot& slot : old) {
    if (slot.offset == kEmpty) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].offset != kEmpty) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

bool IdSet::insert(std::string_view id) { return insert_hashed(id, hash_of(id)); }

bool IdSet::insert_hashed(std::string_view id, std::uint32_t hash) {
  if ((size_ + 1) * 2 > slots_.size()) grow(table_size_for(size_ + 1));
  Slot& slot = slots_[find(id, hash)];
  if (slot.offset != kEmpty) return false;
  slot = Slot{hash, static_cast<std::uint32_t>(id.size()), text_.size()};
  text_.append(id);
  ++size_;
  return true;
}

bool IdSet::contains(std::string_view id) const {
  return !slots_.empty() && slots_[find(id, hash_of(id))].offset != kEmpty;
}

template <typename Visit>
bool IdSet::all_of(const IdSet& other, std::optional<std::string_view> skip, Visit visit) {
  for (const Slot& slot : other.slots_) {
    if (slot.offset == kEmpty) continue;
    const std::string_view id = other.text_of(slot);
    if (skip && id == *skip) continue;
    if (!visit(id, slot.hash)) return false;
  }
  return true;
}

bool IdSet::absorb(const IdSet& other, std::optional<std::string_view> skip) {
  reserve(size_ + other.size_);
  return all_of(other, skip, [this](std::string_view id, std::uint32_t hash) {
    return insert_hashed(id, hash);
  });
}

bool IdSet::shares_any(const IdSet& other, std::optional<std::string_view> skip) const {
  if (slots_.empty()) return false;
  return !all_of(other, skip, [this](std::string_view id, std::uint32_t hash) {
    return slots_[find(id, hash)].offset == kEmpty;
  });
}

}  // namespace gw::rules
