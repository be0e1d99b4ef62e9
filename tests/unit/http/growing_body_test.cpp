#include "http/growing_body.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

using gw::http::GrowingBody;
using namespace std::chrono_literals;

namespace {

// Writes `step` more bytes every `every` until `until` bytes, or until stopped.
class Writer {
 public:
  Writer(GrowingBody& body, std::uint64_t step, std::chrono::milliseconds every,
         std::uint64_t until)
      : thread_([this, &body, step, every, until] {
          for (std::uint64_t n = step; n <= until && !stop_.load(); n += step) {
            std::this_thread::sleep_for(every);
            body.written(n);
          }
        }) {}
  ~Writer() {
    stop_.store(true);
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

TEST_CASE("growing body: a reader waits for its bytes while they come fast enough") {
  GrowingBody body("/nonexistent", 1 << 20);
  Writer writer(body, 64 * 1024, 10ms, 1 << 20);
  const auto got = body.wait_for(1 << 20, 3s, 16 * 1024);
  REQUIRE(got.has_value());
  CHECK(*got >= (1u << 20));
}

// A body dribbled in (about 3 KiB a window here, far fewer than the 64 KiB
// asked for): the reader gives up, as early validation gives its place up.
TEST_CASE("growing body: a reader that asks for a rate gives up on a body dribbled in") {
  GrowingBody body("/nonexistent", 1 << 20);
  Writer writer(body, 1024, 100ms, 1 << 20);
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(body.wait_for(1 << 20, 300ms, 64 * 1024).has_value());
  CHECK(std::chrono::steady_clock::now() - start < 20s);  // after a window, not the whole body
}

TEST_CASE("growing body: a complete or abandoned body ends every wait") {
  GrowingBody complete("/nonexistent", std::nullopt);
  complete.written(100);
  complete.complete();
  CHECK(complete.wait_for(1000, 300ms, 16 * 1024) == std::optional<std::uint64_t>(100));
  CHECK(complete.wait_for(1000) == std::optional<std::uint64_t>(100));
  GrowingBody abandoned("/nonexistent", std::nullopt);
  abandoned.abandon();
  CHECK_FALSE(abandoned.wait_for(1000, 300ms, 16 * 1024).has_value());
}
