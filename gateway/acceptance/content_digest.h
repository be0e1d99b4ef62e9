// SHA-256 of a file, streamed: the identity of an upload's exact bytes.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"

namespace gw::acceptance {

// Lower-case hex.
Result<std::string> sha256_of_file(const std::filesystem::path& file);

}  // namespace gw::acceptance
