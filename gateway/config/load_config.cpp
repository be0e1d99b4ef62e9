#include "config/load_config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace gw {
namespace {

// Reads one TOML table, remembering which keys were consumed so that any
// other key can be reported as unknown: a typo must stop start-up, not be
// silently ignored.
// "HH:MM" (00:00 to 23:59) as minutes after midnight.
std::optional<int> parse_clock_time(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (const std::size_t i : {0U, 1U, 3U, 4U}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, std::string_view origin)
      : table_(table), prefix_(std::move(prefix)), origin_(origin) {}

  Status string(std::string_view key, std::string& out) {
    const toml::node* node = take(key);
    if (node == nullptr) return ok();
    if (!node->is_string()) return error(key, "must be a string");
    out = **node->as_string();
    return ok();
  }

  Status boolean(std::string_view key, bool& out) {
    const toml::node* node = take(key);
    if (node == nullptr) return ok();
    if (!node->is_boolean()) return error(key, "must be true or false");
    out = **node->as_boolean();
    return ok();
  }

  // An https:// origin: scheme, host and port, no path (the pages use paths
  // from the root); a trailing slash is dropped.
  Status url(std::string_view key, std::string& out) {
    if (auto status = string(key, out); !status) return status;
    if (out.empty()) return ok();
    if (!out.starts_with("https://")) return error(key, "must start with https://");
    while (out.ends_with('/')) out.pop_back();
    if (out.size() == 8 || out.find_first_of("/?#", 8) != std::string::npos) {
      return error(key, "must be https://host[:port], without a path");
    }
    return ok();
  }

  // A list of balancer addresses or CIDR ranges (their syntax is checked
  // where they are parsed, by gatewayd at start).
  Status address_list(std::string_view key, std::vector<std::string>& out) {
    const toml::node* node = take(key);
    if (node == nullptr) return ok();
    const auto* array = node->as_array();
    if (array == nullptr) return error(key, "must be a list of addresses or CIDR ranges");
    std::vector<std::string> entries;
    for (const auto& item : *array) {
      if (!item.is_string()) return error(key, "must be a list of addresses or CIDR ranges");
      entries.push_back(**item.as_string());
    }
    out = std::move(entries);
    return ok();
  }

  // A listener on every address has no address to give people: its
  // public_url must say it.
  Status public_address(std::string_view key, const std::string& url, const Endpoint& listen) {
    if (url.empty() && (listen.host == "0.0.0.0" || listen.host == "::")) {
      return error(key,
                   "is required when listen is a wildcard address (mails and pages link to it)");
    }
    return ok();
  }

  Status path(std::string_view key, std::filesystem::path& out) {
    std::string text;
    if (auto status = string(key, text); !status) return status;
    if (table_.contains(key)) {
      if (text.empty()) return error(key, "must not be empty");
      out = text;
    }
    return ok();
  }

  template <class Int>
  Status integer(std::string_view key, std::int64_t min, std::int64_t max, Int& out) {
    const toml::node* node = take(key);
    if (node == nullptr) return ok();
    if (!node->is_integer()) return error(key, "must be an integer");
    const std::int64_t value = **node->as_integer();
    if (value < min || value > max) {
      return error(key, fmt::format("must be between {} and {}, got {}", min, max, value));
    }
    out = static_cast<Int>(value);
    return ok();
  }

  Status millis(std::string_view key, std::int64_t min, std::int64_t max,
                std::chrono::milliseconds& out) {
    std::int64_t value = out.count();
    if (auto status = integer(key, min, max, value); !status) return status;
    out = std::chrono::milliseconds(value);
    return ok();
  }

  bool has(std::string_view key) const { return table_.contains(key); }

  Status endpoint(std::string_view key, Endpoint& out) {
    std::string text;
    if (auto status = string(key, text); !status) return status;
    if (!table_.contains(key)) return ok();
    auto parsed = parse_endpoint(text);
    if (!parsed) return error(key, parsed.error().message);
    out = *parsed;
    return ok();
  }

  // A sub-table; absent sub-tables read as empty.
  Result<TableReader> table(std::string_view key) {
    static const toml::table kEmpty;
    const toml::node* node = take(key);
    if (node == nullptr) return TableReader(kEmpty, qualified(key), origin_);
    if (!node->is_table()) return tl::unexpected(make_error(key, "must be a table"));
    return TableReader(*node->as_table(), qualified(key), origin_);
  }

  Status finish() const {
    for (const auto& [key, value] : table_) {
      if (!consumed_.contains(std::string(key.str()))) {
        return tl::unexpected(make_error(key.str(), "unknown key"));
      }
    }
    return ok();
  }

  // A finding about `key`, named as the file names it.
  Status error(std::string_view key, std::string_view what) const {
    return tl::unexpected(make_error(key, what));
  }

 private:
  const toml::node* take(std::string_view key) {
    consumed_.insert(std::string(key));
    return table_.get(key);
  }
  std::string qualified(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : fmt::format("{}.{}", prefix_, key);
  }
  Error make_error(std::string_view key, std::string_view what) const {
    return Error{ErrorCode::kConfig, fmt::format("{}: {}: {}", origin_, qualified(key), what)};
  }

  const toml::table& table_;
  std::string prefix_;
  std::string_view origin_;
  std::set<std::string> consumed_;
};

constexpr std::int64_t kHour = 3'600'000;

Status read_limits(TableReader& r, LimitsConfig& l) {
  Status s = r.integer("max_header_bytes", 1024, 1 << 20, l.max_header_bytes);
  if (s) s = r.integer("max_body_bytes", 1, std::int64_t{1} << 40, l.max_body_bytes);
  if (s) s = r.integer("max_gzip_ratio", 0, 100'000, l.max_gzip_ratio);
  if (s) s = r.integer("max_connections", 1, 1'000'000, l.max_connections);
  if (s) s = r.integer("max_connections_per_address", 1, 1'000'000, l.max_connections_per_address);
  if (s) s = r.integer("max_handshakes_per_address", 1, 1'000'000, l.max_handshakes_per_address);
  if (s) s = r.millis("handshake_timeout_ms", 1, kHour, l.handshake_timeout);
  if (s) s = r.millis("read_timeout_ms", 1, kHour, l.read_timeout);
  if (s) s = r.millis("request_timeout_ms", 1, 24 * kHour, l.request_timeout);
  if (s) s = r.millis("write_timeout_ms", 1, kHour, l.write_timeout);
  if (s) s = r.millis("idle_timeout_ms", 1, kHour, l.idle_timeout);
  if (s) s = r.millis("shutdown_grace_ms", 0, kHour, l.shutdown_grace);
  if (s) s = r.millis("tls_session_lifetime_ms", 0, 7 * 24 * kHour, l.tls_session_lifetime);
  if (s) s = r.integer("tls_session_cache", 0, 1'000'000, l.tls_session_cache);
  if (s) s = r.millis("refusal_audit_interval_ms", 10, kHour, l.refusal_audit_interval);
  if (s) s = r.integer("max_report_requests", 0, 1'000, l.max_report_requests);
  if (s) {
    s = r.integer("max_report_requests_per_user", 1, 1'000, l.max_report_requests_per_user);
    if (s) s = r.integer("max_uploads_per_user", 1, 1'000, l.max_uploads_per_user);
    if (s) s = r.integer("max_requests_per_user", 1, 1'000, l.max_requests_per_user);
    if (s) {
      s = r.integer("max_page_requests_per_person", 1, 1'000, l.max_page_requests_per_person);
    }
    if (s) s = r.integer("max_downloads_per_user", 1, 1'000, l.max_downloads_per_user);
    if (s) s = r.integer("max_downloads", 1, 100'000, l.max_downloads);
  }
  return s ? r.finish() : s;
}

template <class Fill>
Status section(TableReader& root, std::string_view key, Fill&& fill) {
  auto sub = root.table(key);
  if (!sub) return tl::unexpected(sub.error());
  if (auto status = fill(*sub); !status) return status;
  return sub->finish();
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace

Result<Endpoint> parse_endpoint(std::string_view text) {
  std::string_view host;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return fail(ErrorCode::kConfig, "expected [ipv6]:port");
    }
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return fail(ErrorCode::kConfig, "expected host:port");
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (host.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return fail(ErrorCode::kConfig, fmt::format("'{}' is not host:port", text));
  }
  return Endpoint{std::string(host), static_cast<std::uint16_t>(port)};
}

Result<GatewayConfig> parse_config(std::string_view toml_text, std::string_view origin) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    return fail(ErrorCode::kConfig, fmt::format("{}:{}:{}: {}", origin, e.source().begin.line,
                                                e.source().begin.column, e.description()));
  }

  GatewayConfig c;
  TableReader root(doc, "", origin);
  Status s = root.path("data_dir", c.data_dir);
  if (s) s = root.integer("threads", 0, 256, c.threads);
  if (s)
    s = section(root, "api", [&](TableReader& r) {
      Status t = r.endpoint("listen", c.api.listen);
      if (t) t = r.url("public_url", c.api.public_url);
      if (t) t = r.public_address("public_url", c.api.public_url, c.api.listen);
      if (t) t = r.address_list("proxy_protocol_from", c.api.proxy_protocol_from);
      return t;
    });
  if (s)
    s = section(root, "ops", [&](TableReader& r) { return r.endpoint("listen", c.ops.listen); });
  if (s) {
    s = section(root, "activation", [&](TableReader& r) {
      Status t = r.endpoint("listen", c.activation.listen);
      if (t) t = r.integer("code_days", 1, 90, c.activation.code_days);
      if (t) t = r.integer("certificate_days", 1, 1095, c.activation.certificate_days);
      if (t) t = r.integer("max_failures", 1, 1000, c.activation.max_failures);
      if (t) t = r.integer("failure_window_minutes", 1, 1440, c.activation.failure_window_minutes);
      if (t) t = r.integer("max_running_attempts", 1, 1000, c.activation.max_running_attempts);
      if (t) t = r.integer("renewal_overlap_hours", 0, 2160, c.activation.renewal_overlap_hours);
      if (t) t = r.integer("renewal_min_age_hours", 0, 720, c.activation.renewal_min_age_hours);
      if (t) t = r.integer("expiry_warning_days", 0, 365, c.activation.expiry_warning_days);
      if (t) {
        t = r.integer("attempts_retention_days", 1, 3650, c.activation.attempts_retention_days);
      }
      if (t) t = r.string("mail_from", c.activation.mail_from);
      if (t) t = r.url("public_url", c.activation.public_url);
      if (t) t = r.public_address("public_url", c.activation.public_url, c.activation.listen);
      if (t) t = r.address_list("proxy_protocol_from", c.activation.proxy_protocol_from);
      if (t) t = r.integer("max_connections", 1, 1'000'000, c.activation.max_connections);
      if (t) {
        t = r.integer("max_connections_per_address", 1, 1'000'000,
                      c.activation.max_connections_per_address);
      }
      if (t) t = r.integer("max_body_bytes", 1024, 1 << 24, c.activation.max_body_bytes);
      if (t) t = r.millis("request_timeout_ms", 1, kHour, c.activation.request_timeout);
      if (t) t = r.millis("idle_timeout_ms", 1, kHour, c.activation.idle_timeout);
      return t;
    });
  }
  if (s) {
    s = section(root, "console", [&](TableReader& r) {
      Status t = r.endpoint("listen", c.console.listen);
      c.console.enabled = r.has("listen");
      if (t) t = r.url("public_url", c.console.public_url);
      if (t) t = r.public_address("public_url", c.console.public_url, c.console.listen);
      if (t) t = r.integer("idle_seconds", 60, 8 * 3600, c.console.idle_seconds);
      if (t) t = r.boolean("second_operator", c.console.second_operator);
      if (t) t = r.integer("max_connections", 1, 100'000, c.console.max_connections);
      if (t) {
        t = r.integer("max_connections_per_address", 1, 100'000,
                      c.console.max_connections_per_address);
      }
      return t;
    });
  }
  if (s) {
    s = section(root, "tls", [&](TableReader& r) {
      Status t = r.path("server_cert", c.tls.server_cert);
      if (t) t = r.path("server_key", c.tls.server_key);
      if (t) t = r.path("client_ca", c.tls.client_ca);
      if (t) t = r.path("ca_key", c.tls.ca_key);
      return t;
    });
  }
  if (s) s = section(root, "limits", [&](TableReader& r) { return read_limits(r, c.limits); });
  if (s) {
    s = section(root, "store", [&](TableReader& r) {
      std::string backend = "sqlite";
      Status t = r.string("backend", backend);
      if (t && backend != "sqlite" && backend != "postgresql") {
        t = r.error("backend", "must be sqlite or postgresql");
      }
      c.store.backend = backend == "postgresql" ? StoreBackend::kPostgres : StoreBackend::kSqlite;
      if (t) t = r.path("path", c.store.path);
      if (t) t = r.string("url", c.store.url);
      // A setting of the other backend is a mistake to stop at, not to ignore:
      // a URL without the backend would run on a local SQLite file unnoticed.
      if (t && c.store.backend == StoreBackend::kPostgres && c.store.url.empty()) {
        t = r.error("url", "is required with backend = \"postgresql\"");
      }
      if (t && c.store.backend == StoreBackend::kSqlite && !c.store.url.empty()) {
        t = r.error("url", "is for backend = \"postgresql\" (the backend is sqlite)");
      }
      if (t && c.store.backend == StoreBackend::kPostgres && !c.store.path.empty()) {
        t = r.error("path", "is for backend = \"sqlite\" (the backend is postgresql)");
      }
      if (t) t = r.millis("busy_timeout_ms", 0, kHour, c.store.busy_timeout);
      return t;
    });
  }
  if (s) {
    s = section(root, "acceptance", [&](TableReader& r) {
      Status t = r.integer("fx_rate_max_age_days", 0, 31, c.acceptance.fx_rate_max_age_days);
      if (t) t = r.integer("execution_horizon_days", 0, 3650, c.acceptance.execution_horizon_days);
      if (t) t = r.integer("max_findings", 1, 100000, c.acceptance.max_findings);
      if (t) {
        t = r.integer("chunked_validation_min_mib", 0, 4096,
                      c.acceptance.chunked_validation_min_mib);
      }
      if (t) t = r.integer("validation_threads", 0, 64, c.acceptance.validation_threads);
      if (t) t = r.boolean("native_chunk_validation", c.acceptance.native_chunk_validation);
      if (t) t = r.integer("early_validations", 0, 64, c.acceptance.early_validations);
      return t;
    });
  }
  if (s) {
    s = section(root, "authorisation", [&](TableReader& r) -> Status {
      Status t = r.path("signing_trust_file", c.authorisation.signing_trust_file);
      if (t) t = r.path("signing_crl_file", c.authorisation.signing_crl_file);
      if (t) {
        t = r.boolean("signing_revocation_unchecked", c.authorisation.signing_revocation_unchecked);
      }
      if (t) t = r.integer("deadline_moves", 0, 10, c.authorisation.deadline_moves);
      if (t) t = r.millis("expiry_interval_ms", 1, kHour, c.authorisation.expiry_interval);
      if (t) t = r.integer("portal_idle_seconds", 5, 3600, c.authorisation.portal_idle_seconds);
      return t;
    });
  }
  if (s) {
    s = section(root, "cut_off", [&](TableReader& r) -> Status {
      for (const auto& [key, minutes] : {std::pair{"standard", &c.cut_off.standard_minutes},
                                         std::pair{"urgent", &c.cut_off.urgent_minutes}}) {
        std::string text;
        if (auto t = r.string(key, text); !t) return t;
        if (text.empty()) continue;
        const auto parsed = parse_clock_time(text);
        if (!parsed) {
          return fail(ErrorCode::kInvalidArgument,
                      fmt::format("cut_off.{}: '{}' is not a time HH:MM", key, text));
        }
        *minutes = *parsed;
      }
      std::string after;
      if (auto t = r.string("after", after); !t) return t;
      if (after == "reject") {
        c.cut_off.next_business_day = false;
      } else if (!after.empty() && after != "next_business_day") {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("cut_off.after: '{}' is not next_business_day or reject", after));
      }
      return ok();
    });
  }
  if (s) {
    s = section(root, "ledger", [&](TableReader& r) {
      return r.millis("run_interval_ms", 0, kHour, c.ledger.run_interval);
    });
  }
  if (s) s = section(root, "log", [&](TableReader& r) { return r.string("level", c.log.level); });
  if (s) s = root.finish();
  if (!s) return tl::unexpected(s.error());

  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
  if (!kLevels.contains(c.log.level)) {
    return fail(
        ErrorCode::kConfig,
        fmt::format("{}: log.level: must be one of trace, debug, info, warn, error", origin));
  }
  if (!is_loopback(c.ops.listen.host)) {
    return fail(ErrorCode::kConfig,
                fmt::format("{}: ops.listen: the operations listener is plain HTTP and must bind "
                            "a loopback address, got '{}'",
                            origin, c.ops.listen.host));
  }
  return c;
}

Result<GatewayConfig> load_config(const std::optional<std::filesystem::path>& path) {
  // Not `return GatewayConfig{}`: GCC 12 at -O3 then warns (falsely) of an uninitialised string.
  if (!path) return parse_config("", "(defaults)");
  std::ifstream in(*path, std::ios::binary);
  if (!in) return fail(ErrorCode::kConfig, fmt::format("cannot read {}", path->string()));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path->string());
}

}  // namespace gw
