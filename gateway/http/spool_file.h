// The spool directory: request bodies (and the scratch files derived from
// them, reports being written, large responses) live there as ScratchFiles
// while a request is handled.
#pragma once

#include <filesystem>

#include "core/result.h"

namespace gw::http {

// Creates the spool directory (mode 0700) and removes every file a crashed
// process left behind: nothing in it was ever acknowledged, so nothing is lost.
Status prepare_spool_dir(const std::filesystem::path& dir);

}  // namespace gw::http
