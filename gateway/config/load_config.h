// Reads the gateway's TOML configuration. Every key is optional; an unknown
// key, a value of the wrong type or out of range is an error naming the key.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "config/gateway_config.h"
#include "core/result.h"

namespace gw {

// Parses TOML text; `origin` names the source in error messages.
Result<GatewayConfig> parse_config(std::string_view toml_text, std::string_view origin);

// Reads the file; no path means all defaults.
Result<GatewayConfig> load_config(const std::optional<std::filesystem::path>& path);

// Parses "host:port" or "[v6]:port".
Result<Endpoint> parse_endpoint(std::string_view text);

}  // namespace gw
