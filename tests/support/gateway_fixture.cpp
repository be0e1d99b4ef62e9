#include "support/gateway_fixture.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "calendar/riga_time.h"
#include "store/sqlite/change_epoch.h"
#include "support/eventually.h"

namespace gw::test {
namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

constexpr const char* kGroupConcat =
    "CREATE FUNCTION gw_test_concat(acc text, x text, sep text) RETURNS text LANGUAGE sql "
    "IMMUTABLE AS $$ SELECT CASE WHEN x IS NULL THEN acc WHEN acc IS NULL THEN x "
    "ELSE acc || sep || x END $$; "
    "CREATE FUNCTION gw_test_concat(acc text, x text) RETURNS text LANGUAGE sql IMMUTABLE AS "
    "$$ SELECT gw_test_concat(acc, x, ',') $$; "
    "CREATE AGGREGATE group_concat(text, text) (SFUNC = gw_test_concat, STYPE = text); "
    "CREATE AGGREGATE group_concat(text) (SFUNC = gw_test_concat, STYPE = text);";

// The URL of the ctest fixture's cluster when GATEWAY_TEST_STORE_POSTGRES
// names its state directory (tests/scripts/postgres_fixture.sh); empty
// otherwise: SQLite.
std::string postgres_admin_url() {
  const char* state = std::getenv("GATEWAY_TEST_STORE_POSTGRES");
  if (state == nullptr || *state == '\0') return {};
  std::ifstream in(std::string(state) + "/url");
  std::string url;
  std::getline(in, url);
  REQUIRE_MESSAGE(!url.empty(), "no url from the PostgreSQL fixture in " << state);
  return url;
}

// The URL of database `name` on the cluster of `admin_url`: the name
// replaces the admin URL's; its parameters (several hosts'
// target_session_attrs) stay.
std::string database_url(const std::string& admin_url, const std::string& name) {
  const auto query = admin_url.find('?');
  const auto path = admin_url.rfind('/', query);
  return admin_url.substr(0, path + 1) + name +
         (query == std::string::npos ? "" : admin_url.substr(query));
}

// A template of this process's: the gateway's schema, migrated by gatewayctl
// as it would migrate a new store, and the tests' helpers. Each fixture's
// database is a copy of it; migrating every one took about 0.1 s more. One
// left by an earlier process of the same pid, or by a failed attempt, goes
// first (a cluster's templates stay until the cluster is removed).
std::string make_template(PsqlSession& admin, const std::string& admin_url, std::size_t number) {
  const std::string name = fmt::format("gw_it_{}_template_{}", ::getpid(), number);
  auto dropped = admin.run("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  REQUIRE_MESSAGE(dropped.exit_code == 0, dropped.err);
  auto made = admin.run("CREATE DATABASE " + name);
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  const TempDir dir("gw-it-template");
  const auto config = dir.path() / "gateway.toml";
  std::ofstream(config) << "data_dir = \"" << dir.path().string() << "\"\n[store]\n"
                        << "backend = \"postgresql\"\nurl = \"" << database_url(admin_url, name)
                        << "\"\n";
  auto migrated = run_command({GATEWAYCTL_PATH, "--config", config.string(), "ledger", "check"});
  REQUIRE_MESSAGE(migrated.exit_code == 0, migrated.err);
  // The tests' own look-ups are written for the sqlite3 shell; its
  // group_concat is all they use that PostgreSQL lacks.
  auto helpers = PsqlSession(database_url(admin_url, name)).run(kGroupConcat);
  REQUIRE_MESSAGE(helpers.exit_code == 0, helpers.err);
  return name;
}

// The template on the cluster of `admin_url`, made by the first fixture there:
// one process may use several clusters (a standby pair besides the shared one).
std::string template_for(PsqlSession& admin, const std::string& admin_url) {
  static std::mutex mutex;
  static std::map<std::string, std::string> made;  // admin URL -> template
  const std::lock_guard lock(mutex);
  const auto found = made.find(admin_url);
  if (found != made.end()) return found->second;
  std::string name = make_template(admin, admin_url, made.size());
  made.emplace(admin_url, name);
  return name;
}

}  // namespace

GatewayFixture::PostgresDatabase::PostgresDatabase()
    : admin_url(postgres_admin_url()), admin(admin_url) {
  if (admin_url.empty()) return;
  // No connection to the template stays open: it must have none while copied.
  const std::string from = template_for(admin, admin_url);
  static std::atomic<int> databases{0};
  name = fmt::format("gw_it_{}_{}", ::getpid(), databases++);
  auto made = admin.run(fmt::format("CREATE DATABASE {} TEMPLATE {}", name, from));
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  url = database_url(admin_url, name);
}

GatewayFixture::PostgresDatabase::~PostgresDatabase() {
  if (!name.empty()) (void)admin.run("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

GatewayFixture::GatewayFixture(const std::string& extra_toml) {
  const std::string store_toml =
      on_postgres() ? "[store]\nbackend = \"postgresql\"\nurl = \"" + postgres_.url + "\"\n" : "";
  config_ = dir_ / "gateway.toml";
  std::ofstream(config_) << "data_dir = \"" << dir_.string() << "\"\n"
                         << "threads = 2\n"
                         << (extra_toml.find("[api]") == std::string::npos
                                 ? "[api]\nlisten = \"127.0.0.1:0\"\n"
                                 : "")
                         << "[ops]\nlisten = \"127.0.0.1:0\"\n"
                         << (extra_toml.find("[activation]") == std::string::npos
                                 ? "[activation]\nlisten = \"127.0.0.1:0\"\n"
                                 : "")
                         << (extra_toml.find("[console]") == std::string::npos
                                 ? "[console]\nlisten = \"127.0.0.1:0\"\n"
                                 : "")
                         // Refused handshakes reach the audit log within 0.2 s, not a minute.
                         << (extra_toml.find("[limits]") == std::string::npos
                                 ? "[limits]\nrefusal_audit_interval_ms = 200\n"
                                 : "")
                         << store_toml << extra_toml << "\n";
  // ctest's copy of an empty store migrated once (GATEWAY_TEST_STORE_TEMPLATE,
  // tests/scripts/store_template.sh): migrating each fixture's own took about
  // 0.5 s under the sanitizers. The store's code makes it either way.
  if (const char* empty_store = std::getenv("GATEWAY_TEST_STORE_TEMPLATE");
      !on_postgres() && empty_store != nullptr && *empty_store != '\0') {
    std::filesystem::copy_file(empty_store, dir_ / "gateway.db");
  }
  auto init = ctl({"pki", "init"});
  REQUIRE_MESSAGE(init.exit_code == 0, init.err);
  auto seed = ctl({"seed-demo"});
  REQUIRE_MESSAGE(seed.exit_code == 0, seed.err);
  user_number_ = trim(seed.out);
  auto issue = ctl({"cert", "issue", "--user", user_number_, "--out", (dir_ / "client").string()});
  REQUIRE_MESSAGE(issue.exit_code == 0, issue.err);
  start();
}

GatewayFixture::~GatewayFixture() {
  if (gatewayd_ && gatewayd_->running()) {
    gatewayd_->signal(SIGTERM);
    gatewayd_->wait_for(std::chrono::seconds(10));
  }
  gatewayd_.reset();
}

bool GatewayFixture::wait_for_query(const std::string& sql, const std::string& needle,
                                    std::chrono::seconds limit) const {
  return eventually(limit, [&] { return query_store(sql).find(needle) != std::string::npos; });
}

bool GatewayFixture::wait_for_metric(const std::string& line, std::chrono::seconds limit) const {
  return eventually(limit, [&] { return metrics().find(line) != std::string::npos; });
}

bool GatewayFixture::wait_for_log(const std::string& needle, std::chrono::seconds limit) const {
  return eventually(limit, [&] { return log().find(needle) != std::string::npos; });
}

void GatewayFixture::kill_and_restart() {
  gatewayd_->signal(SIGKILL);
  REQUIRE(gatewayd_->wait_for(std::chrono::seconds(10)).has_value());
  gatewayd_.reset();
  std::filesystem::remove(dir_ / "gatewayd.ports");
  start();
}

void GatewayFixture::start() {
  gatewayd_.emplace(Process::start({GATEWAYD_PATH, "--config", config_.string()}, log_path()));
  const auto ports = dir_ / "gatewayd.ports";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!std::filesystem::exists(ports)) {
    REQUIRE_MESSAGE(gatewayd_->running(), "gatewayd exited: " << log());
    REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline,
                    "gatewayd did not start: " << log());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::istringstream in(read_file(ports));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("api=", 0) == 0) api_port_ = std::stoi(line.substr(4));
    if (line.rfind("ops=", 0) == 0) ops_port_ = std::stoi(line.substr(4));
    if (line.rfind("activation=", 0) == 0) activation_port_ = std::stoi(line.substr(11));
    if (line.rfind("console=", 0) == 0) console_port_ = std::stoi(line.substr(8));
  }
  REQUIRE(api_port_ > 0);
  REQUIRE(ops_port_ > 0);
  REQUIRE(activation_port_ > 0);
}

std::string GatewayFixture::activation_url(const std::string& path) const {
  return "https://127.0.0.1:" + std::to_string(activation_port_) + path;
}

std::string GatewayFixture::newest_mail() const {
  std::filesystem::path newest;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "outbox")) {
    if (entry.path().extension() == ".eml" && (newest.empty() || entry.path() > newest)) {
      newest = entry.path();
    }
  }
  REQUIRE_MESSAGE(!newest.empty(), "no mail in the outbox");
  return read_file(newest);
}

std::string GatewayFixture::latest_activation_code() const {
  const std::string mail = newest_mail();
  const std::string marker = "\n    ";
  const auto at = mail.find(marker);
  REQUIRE(at != std::string::npos);
  return mail.substr(at + marker.size(), 19);
}

std::string GatewayFixture::api_url(const std::string& path) const {
  return "https://127.0.0.1:" + std::to_string(api_port_) + path;
}

std::string GatewayFixture::ops_url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(ops_port_) + path;
}

CommandResult GatewayFixture::ctl(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {GATEWAYCTL_PATH, "--config", config_.string(), "--actor",
                                   "test"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

CommandResult GatewayFixture::curl_api(const std::string& path,
                                       const std::vector<std::string>& extra) const {
  return curl_api_at(api_port_, path, extra);
}

CommandResult GatewayFixture::curl_api_at(int port, const std::string& path,
                                          const std::vector<std::string>& extra) const {
  std::vector<std::string> argv = {
      "curl", "-sS", "--max-time", "20", "--cacert", ca_pem().string(), "-w", "\n%{http_code}"};
  bool custom_cert = false;
  for (const auto& e : extra) custom_cert = custom_cert || e == "--cert" || e == "--no-cert";
  if (!custom_cert) {
    argv.insert(argv.end(), {"--cert", client_pem().string(), "--key", client_key().string()});
  }
  for (const auto& e : extra) {
    if (e != "--no-cert") argv.push_back(e);
  }
  argv.push_back("https://127.0.0.1:" + std::to_string(port) + path);
  return run_command(argv);
}

std::string GatewayFixture::metrics() const {
  return run_command({"curl", "-sS", "--max-time", "10", ops_url("/metrics")}).out;
}

std::string GatewayFixture::query_store(const std::string& sql) const {
  if (on_postgres()) {
    auto r = store_session_.run(sql);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return r.out;
  }
  auto r = run_command({"sqlite3", "-readonly", (dir_ / "gateway.db").string(), sql});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return r.out;
}

void GatewayFixture::execute_store(const std::string& sql) const {
  if (on_postgres()) {
    auto r = store_session_.run(sql);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return;
  }
  const auto store = dir_ / "gateway.db";
  auto r = run_command({"sqlite3", "-cmd", ".timeout 10000", store.string(), sql});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  // The sqlite3 shell does not bump the store's change epoch as gatewayd and
  // gatewayctl do; without this gatewayd would see the change within a second.
  auto epoch = gw::store::ChangeEpoch::open(gw::store::ChangeEpoch::path_for(store));
  REQUIRE_MESSAGE(epoch.has_value(), epoch.error().message);
  epoch->bump();
}

std::string sql_utc_time(std::chrono::system_clock::duration from_now) {
  return "'" + format_utc_timestamp(std::chrono::system_clock::now() + from_now) + "'";
}

std::string GatewayFixture::query_value(const std::string& sql) const {
  return trim(query_store(sql));
}

void check_official_schema(const GatewayFixture& gw, const std::string& xml,
                           const std::string& message_type) {
  const auto xsd = std::filesystem::path(GW_SOURCE_DIR) / ".." / "shared" / "iso20022" / "xsd" /
                   (message_type + ".xsd");
  if (!std::filesystem::exists(xsd)) {
    MESSAGE("skipped the official-XSD check: ../shared is absent");
    return;
  }
  const auto path = gw.dir() / (message_type + "-check.xml");
  std::ofstream(path) << xml;
  auto r = run_command({"xmllint", "--noout", "--schema", xsd.string(), path.string()});
  CHECK_MESSAGE(r.exit_code == 0, message_type << ": " << r.err);
}

void GatewayFixture::issue_certificate(const std::string& name,
                                       const std::vector<std::string>& extra) const {
  std::vector<std::string> args = {"cert",       "issue", "--user",
                                   user_number_, "--out", (dir_ / name).string()};
  args.insert(args.end(), extra.begin(), extra.end());
  auto issued = ctl(args);
  REQUIRE_MESSAGE(issued.exit_code == 0, issued.err);
  const auto at = issued.out.find("serial:");
  REQUIRE(at != std::string::npos);
  std::istringstream in(issued.out.substr(at + 7));
  in >> last_serial_;
}

std::string http_status(const CommandResult& curl) {
  const auto nl = curl.out.rfind('\n');
  return nl == std::string::npos ? curl.out : curl.out.substr(nl + 1);
}

std::string http_body(const CommandResult& curl) {
  const auto nl = curl.out.rfind('\n');
  return nl == std::string::npos ? std::string() : curl.out.substr(0, nl);
}

}  // namespace gw::test
