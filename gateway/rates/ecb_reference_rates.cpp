#include "rates/ecb_reference_rates.h"

#include <fmt/format.h>

#include <string>

#include "calendar/riga_time.h"
#include "xml/start_tag_reader.h"

namespace gw::rates {

Result<std::vector<FxRate>> read_ecb_reference_rates(const std::filesystem::path& file) {
  std::vector<FxRate> rates;
  std::string date;     // of the Cube time="..." the rates that follow belong to
  std::string refusal;  // why the content is not what the format says, if it is not
  const auto refused = [&refusal](std::string why) {
    refusal = std::move(why);
    return fail(ErrorCode::kInvalidArgument, refusal);
  };
  auto read = xml::read_start_tags(file, [&](const xml::StartTag& tag) -> Status {
    if (tag.local_name() != "Cube") return ok();
    if (const auto time = tag.attribute("time")) {
      date = std::string(*time);
      if (!parse_iso_date(date)) return refused(fmt::format("bad date '{}'", date));
      return ok();
    }
    const auto currency = tag.attribute("currency");
    const auto rate = tag.attribute("rate");
    if (!currency || !rate) return ok();
    if (date.empty()) return refused("a rate appears before any Cube time=\"...\"");
    const auto value = parse_rate(*rate);
    if (currency->size() != 3 || !value) {
      return refused(fmt::format("bad rate '{}' for '{}' on {}", *rate, *currency, date));
    }
    rates.push_back(FxRate{date, std::string(*currency), *value});
    return ok();
  });
  if (!read) {
    if (read.error().code == ErrorCode::kNotFound) return tl::unexpected(read.error());
    // Our refusal of the content, or the reader's: not well-formed, a DOCTYPE.
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: not an ECB reference-rate file: {}", file.string(),
                            refusal.empty() ? read.error().message : refusal));
  }
  if (rates.empty()) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: no Cube currency/rate entries found", file.string()));
  }
  return rates;
}

}  // namespace gw::rates
