// A real gatewayd for one test: its own temporary data directory and SQLite
// file, the development PKI, the demo institution and user with a client
// certificate, ephemeral ports. Stopped (SIGKILL if need be) on destruction.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/psql_session.h"
#include "support/temp_dir.h"

namespace gw::test {

class GatewayFixture {
 public:
  // `extra_toml` is appended to the generated configuration (e.g. "[limits]..."); one
  // that has an [api] or [activation] table must set its listen = "127.0.0.1:0" itself.
  explicit GatewayFixture(const std::string& extra_toml = "");
  ~GatewayFixture();

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path ca_pem() const { return dir_ / "pki" / "ca.pem"; }
  std::filesystem::path ca_key() const { return dir_ / "pki" / "ca.key"; }
  std::filesystem::path client_pem() const { return dir_ / "client.pem"; }
  std::filesystem::path client_key() const { return dir_ / "client.key"; }
  std::filesystem::path log_path() const { return dir_ / "gatewayd.log"; }
  std::string user_number() const { return user_number_; }
  int api_port() const { return api_port_; }
  int ops_port() const { return ops_port_; }
  int activation_port() const { return activation_port_; }
  int console_port() const { return console_port_; }
  std::string activation_url(const std::string& path) const;
  // The newest mail in the outbox.
  std::string newest_mail() const;
  // The activation code in the newest outbox mail to the demo contact.
  std::string latest_activation_code() const;
  std::string api_url(const std::string& path) const;
  std::string ops_url(const std::string& path) const;
  Process& process() { return *gatewayd_; }
  // kill -9, then start again on the same data directory (new ports).
  void kill_and_restart();

  // gatewayctl --config <this gateway's config> args...
  CommandResult ctl(const std::vector<std::string>& args) const;
  // curl against the API with the demo client certificate; stdout ends with
  // "\n<http status>" (-w).
  CommandResult curl_api(const std::string& path, const std::vector<std::string>& extra = {}) const;
  // The same to another port of 127.0.0.1 (a balancer in front of this node).
  CommandResult curl_api_at(int port, const std::string& path,
                            const std::vector<std::string>& extra = {}) const;
  std::string metrics() const;
  // Runs one read-only SQL query on the gateway's store with the sqlite3 shell
  // (or psql on PostgreSQL); returns its output (rows as lines, columns
  // separated by '|').
  std::string query_store(const std::string& sql) const;
  // Changes the store behind the gateway's back (e.g. moves dates into the
  // past, which no clock of the test can do).
  void execute_store(const std::string& sql) const;
  // The same, without the trailing newline: one value, e.g. a count.
  std::string query_value(const std::string& sql) const;
  std::string log() const { return read_file(log_path()); }
  // The configuration file gatewayd and gatewayctl read.
  const std::filesystem::path& config_path() const { return config_; }
  // Runs `sql` until its output contains `needle` (true), or `limit` passes
  // (false): for what the gateway writes a moment later (aggregated audit rows).
  bool wait_for_query(const std::string& sql, const std::string& needle,
                      std::chrono::seconds limit = std::chrono::seconds(10)) const;
  // The same for a line of /metrics and for the log: gatewayd counts a failed
  // handshake after its alert is sent, and a request after its response.
  bool wait_for_metric(const std::string& line,
                       std::chrono::seconds limit = std::chrono::seconds(10)) const;
  bool wait_for_log(const std::string& needle,
                    std::chrono::seconds limit = std::chrono::seconds(10)) const;

  // Issues and registers another certificate for the demo user at <dir>/<name>.{pem,key}.
  void issue_certificate(const std::string& name, const std::vector<std::string>& extra = {}) const;
  // The serial gatewayctl printed for the last issue_certificate().
  std::string last_serial() const { return last_serial_; }
  // Whether this gatewayd runs on PostgreSQL (GATEWAY_TEST_STORE_POSTGRES,
  // a database of its own on the ctest fixture's cluster) instead of SQLite.
  bool on_postgres() const { return !postgres_.url.empty(); }
  // The name of that database (empty on SQLite).
  const std::string& postgres_database() const { return postgres_.name; }
  // mailbox.content (bytes) as text in a query, and a newline, on either backend.
  std::string content_as_text() const {
    return on_postgres() ? "convert_from(content, 'UTF8')" : "CAST(content AS TEXT)";
  }
  std::string newline_sql() const { return on_postgres() ? "chr(10)" : "char(10)"; }

 private:
  void start();

  TempDir temp_{"gw-it"};  // removed after gatewayd has stopped (the destructor)
  const std::filesystem::path dir_ = temp_.path();
  std::filesystem::path config_;
  // With GATEWAY_TEST_STORE_POSTGRES, a database of this fixture's own on
  // the ctest fixture's cluster, dropped with it (also when the constructor
  // fails half-way); otherwise nothing (url empty).
  struct PostgresDatabase {
    PostgresDatabase();
    ~PostgresDatabase();
    PostgresDatabase(const PostgresDatabase&) = delete;
    PostgresDatabase& operator=(const PostgresDatabase&) = delete;
    std::string admin_url;  // the cluster's own database, to create and drop ours
    PsqlSession admin;      // on it
    std::string name;
    std::string url;
  };
  PostgresDatabase postgres_;
  // query_store and execute_store on PostgreSQL; closed before the database is dropped.
  mutable PsqlSession store_session_{postgres_.url};
  std::optional<Process> gatewayd_;
  std::string user_number_;
  mutable std::string last_serial_;
  int api_port_ = 0;
  int ops_port_ = 0;
  int activation_port_ = 0;
  int console_port_ = 0;
};

// The HTTP status curl appended with -w "\n%{http_code}".
std::string http_status(const CommandResult& curl);
// The body before that status line.
std::string http_body(const CommandResult& curl);

// Checks `xml` against the official ISO 20022 XSD of `message_type` in
// ../shared (skipped, with a message, when ../shared is absent).
// An SQL literal of the time `from_now` away, as the store writes times
// ('YYYY-MM-DDTHH:MM:SSZ', UTC): the same text on either backend.
std::string sql_utc_time(std::chrono::system_clock::duration from_now);

void check_official_schema(const GatewayFixture& gw, const std::string& xml,
                           const std::string& message_type);

}  // namespace gw::test
