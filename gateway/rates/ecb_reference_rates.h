// Reads the ECB euro foreign exchange reference rates in the
// eurofxref-daily.xml format (also the 90-day and historical files, which
// carry several days): gesmes:Envelope / Cube / Cube time="..." / Cube
// currency="USD" rate="1.0823". Read with xml::read_start_tags: checked for
// being well-formed only; no DTD and nothing external is ever loaded.
#pragma once

#include <filesystem>
#include <vector>

#include "core/result.h"
#include "rates/fx_rate.h"

namespace gw::rates {

// Every (date, currency, rate) in the file; an error when the file is not in
// that format or holds no rate.
Result<std::vector<FxRate>> read_ecb_reference_rates(const std::filesystem::path& file);

}  // namespace gw::rates
