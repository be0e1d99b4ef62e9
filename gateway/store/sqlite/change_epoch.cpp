#include "store/sqlite/change_epoch.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "core/file_descriptor.h"

namespace gw::store {
namespace {

constexpr std::size_t kSize = sizeof(std::uint64_t);
static_assert(std::atomic_ref<std::uint64_t>::is_always_lock_free,
              "the counter is shared between processes: it must be lock-free");

Error epoch_error(const std::filesystem::path& path, std::string_view what) {
  return Error{ErrorCode::kStore,
               fmt::format("{} {}: {}", what, path.string(), std::strerror(errno))};
}

}  // namespace

void ChangeEpoch::Unmap::operator()(std::uint64_t* counter) const { ::munmap(counter, kSize); }

Result<ChangeEpoch> ChangeEpoch::open(const std::filesystem::path& path) {
  const FileDescriptor fd(path, O_RDWR | O_CREAT, 0600);
  if (!fd.valid()) return tl::unexpected(epoch_error(path, "cannot open"));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return tl::unexpected(epoch_error(path, "cannot stat"));
  // A new file is extended to its size once; zero bytes read as epoch 0.
  if (static_cast<std::size_t>(st.st_size) < kSize && ::ftruncate(fd.get(), kSize) != 0) {
    return tl::unexpected(epoch_error(path, "cannot size"));
  }
  void* mapped = ::mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  if (mapped == MAP_FAILED) return tl::unexpected(epoch_error(path, "cannot map"));
  return ChangeEpoch(static_cast<std::uint64_t*>(mapped));
}

ChangeEpoch::ChangeEpoch(ChangeEpoch&&) noexcept = default;
ChangeEpoch& ChangeEpoch::operator=(ChangeEpoch&&) noexcept = default;
ChangeEpoch::~ChangeEpoch() = default;

std::uint64_t ChangeEpoch::current() const {
  return std::atomic_ref<std::uint64_t>(*counter_).load(std::memory_order_acquire);
}

void ChangeEpoch::bump() {
  std::atomic_ref<std::uint64_t>(*counter_).fetch_add(1, std::memory_order_release);
}

std::filesystem::path ChangeEpoch::path_for(const std::filesystem::path& store_path) {
  auto path = store_path;
  path += "-epoch";
  return path;
}

}  // namespace gw::store
