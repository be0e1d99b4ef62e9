#include "http/spool_hasher.h"

#include <boost/asio/post.hpp>
#include <utility>

namespace gw::http {

std::shared_ptr<SpoolHasher> SpoolHasher::open(const std::filesystem::path& file,
                                               boost::asio::thread_pool* pool) {
  FileDescriptor fd(file, O_RDONLY);
  if (!fd.valid()) return nullptr;
  std::optional<Strand> strand;
  if (pool != nullptr) strand.emplace(boost::asio::make_strand(pool->get_executor()));
  return std::make_shared<SpoolHasher>(std::move(fd), std::move(strand));
}

void SpoolHasher::written(std::uint64_t bytes) {
  if (bytes <= announced_) return;
  const std::uint64_t from = std::exchange(announced_, bytes);
  if (!strand_) return hash(from, bytes);
  boost::asio::post(*strand_,
                    [self = shared_from_this(), from, bytes] { self->hash(from, bytes); });
}

void SpoolHasher::hash(std::uint64_t from, std::uint64_t to) {
  if (failed_) return;
  failed_ = !sha_.update_from_file(fd_.get(), from, to - from);
}

void SpoolHasher::finish(std::function<void(std::string)> then) {
  auto done = [self = shared_from_this(), then = std::move(then)] {
    auto digest = self->failed_ ? Result<std::string>(std::string()) : self->sha_.finish();
    then(digest ? std::move(*digest) : std::string());
  };
  if (!strand_) return done();
  boost::asio::post(*strand_, std::move(done));
}

}  // namespace gw::http
