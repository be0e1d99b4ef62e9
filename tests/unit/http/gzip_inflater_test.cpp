#include "http/gzip_inflater.h"

#include <doctest/doctest.h>

#include <string>

#include "http/response_compression.h"
#include "support/gzip.h"

using gw::http::GzipInflater;
using gw::test::gzip;

namespace {

// Feeds `packed` in pieces of `step` bytes; returns what came out and the last problem.
std::pair<std::string, GzipInflater::Problem> inflate(GzipInflater& inflater,
                                                      const std::string& packed, std::size_t step) {
  std::string out;
  for (std::size_t at = 0; at < packed.size(); at += step) {
    const auto problem =
        inflater.feed(packed.data() + at, std::min(step, packed.size() - at),
                      [&out](const char* data, std::size_t size) { out.append(data, size); });
    if (problem != GzipInflater::Problem::kNone) return {out, problem};
  }
  return {out, inflater.finish()};
}

}  // namespace

TEST_CASE("gzip inflates in any pieces, members one after another") {
  std::string text;
  for (int i = 0; i < 5000; ++i)
    text += "<Ustrd>Alga par novembri " + std::to_string(i) + "</Ustrd>\n";
  const std::string packed = gzip(text) + gzip("and a second member");
  for (std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{16384}, packed.size()}) {
    CAPTURE(step);
    GzipInflater inflater(1 << 30, 1000);
    const auto [out, problem] = inflate(inflater, packed, step);
    CHECK(problem == GzipInflater::Problem::kNone);
    CHECK(out == text + "and a second member");
    CHECK(inflater.inflated() == out.size());
  }
}

TEST_CASE("gzip bounds: the total, the ratio past 64 KiB, and corrupt or cut-short streams") {
  const std::string zeros(16 << 20, '\0');  // 16 MiB of zeros: a ratio of about 1000
  const std::string packed = gzip(zeros);
  CHECK(packed.size() < 64 * 1024);
  {
    // 100 x the 64 KiB grace: stopped at 6.25 MiB (one 64 KiB piece at most over).
    GzipInflater by_ratio(1 << 30, 100);
    const auto [out, problem] = inflate(by_ratio, packed, 4096);
    CHECK(problem == GzipInflater::Problem::kTooLarge);
    CHECK(out.size() <= 100u * 64 * 1024);
    CHECK(out.size() > 90u * 64 * 1024);
  }
  {
    GzipInflater by_size(1 << 20, 100'000);
    const auto [out, problem] = inflate(by_size, packed, packed.size());
    CHECK(problem == GzipInflater::Problem::kTooLarge);
    CHECK(out.size() <= (1u << 20));
  }
  {
    GzipInflater cut(1 << 30, 100'000);
    CHECK(inflate(cut, packed.substr(0, packed.size() - 4), 1000).second ==
          GzipInflater::Problem::kCorrupt);
  }
  {
    GzipInflater plain(1 << 30, 100'000);
    CHECK(inflate(plain, "<Document/>", 5).second == GzipInflater::Problem::kCorrupt);
  }
  {
    GzipInflater empty(1 << 30, 100'000);
    CHECK(empty.finish() == GzipInflater::Problem::kCorrupt);
  }
  {
    GzipInflater trailing(1 << 30, 100'000);
    CHECK(inflate(trailing, gzip("x") + "garbage", 3).second == GzipInflater::Problem::kCorrupt);
  }
}

TEST_CASE("answers: Accept-Encoding decides, and what gzip_text makes inflates back") {
  using gw::http::accepts_gzip;
  CHECK(accepts_gzip("gzip"));
  CHECK(accepts_gzip("deflate, gzip;q=0.5"));
  CHECK(accepts_gzip("br, *"));
  CHECK(accepts_gzip(" GZIP ; q=1"));
  CHECK_FALSE(accepts_gzip(std::nullopt));
  CHECK_FALSE(accepts_gzip("identity"));
  CHECK_FALSE(accepts_gzip("gzip;q=0"));
  CHECK_FALSE(accepts_gzip("gzip; q=0.000, br"));
  CHECK_FALSE(accepts_gzip("gzipped"));
  CHECK_FALSE(accepts_gzip("gzip;q=0, *"));  // named, gzip's own weight decides
  CHECK(accepts_gzip("*;q=0, gzip"));
  std::string report;
  for (int i = 0; i < 2000; ++i) report += "<Ntry><Amt Ccy=\"EUR\">12.50</Amt></Ntry>\n";
  const auto packed = gw::http::gzip_text(report);
  REQUIRE(packed.has_value());
  CHECK(packed->size() * 10 < report.size());
  GzipInflater inflater(1 << 30, 100'000);
  const auto [out, problem] = inflate(inflater, *packed, 1000);
  CHECK(problem == GzipInflater::Problem::kNone);
  CHECK(out == report);
}
