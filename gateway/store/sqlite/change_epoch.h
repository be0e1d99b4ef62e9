// A counter beside the store file (`<store>-epoch`, 8 bytes, mapped shared),
// bumped after every commit that any of our processes (gatewayd, gatewayctl)
// makes to the store. Readers that keep what they read (authentication) ask
// the store again only when it moved: one atomic load per request instead of
// a read transaction, and still a change committed by gatewayctl is seen by
// the next request.
//
// What it cannot see: a commit by another program (the sqlite3 shell), or a
// process that died between its commit and the bump. Readers therefore also
// ask the store after a bounded time (IdentityStore).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "core/result.h"

namespace gw::store {

class ChangeEpoch {
 public:
  // Creates the file (owner-only, as everything of the store) when missing.
  static Result<ChangeEpoch> open(const std::filesystem::path& path);

  ChangeEpoch(ChangeEpoch&&) noexcept;
  ChangeEpoch& operator=(ChangeEpoch&&) noexcept;
  ~ChangeEpoch();

  std::uint64_t current() const;
  // After a commit: what the commit changed is visible to whoever sees the new value.
  void bump();

  // The file beside a store file.
  static std::filesystem::path path_for(const std::filesystem::path& store_path);

 private:
  struct Unmap {
    void operator()(std::uint64_t* counter) const;
  };
  explicit ChangeEpoch(std::uint64_t* counter) : counter_(counter) {}
  std::unique_ptr<std::uint64_t, Unmap> counter_;
};

}  // namespace gw::store
