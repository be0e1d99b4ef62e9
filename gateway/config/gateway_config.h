// The gateway's configuration: plain structs, filled from one TOML file by
// load_config(), then immutable. Every field has a default that serves a local
// run; each module receives only its own part.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

struct Endpoint {
  std::string host;
  std::uint16_t port = 0;  // 0 asks the kernel for a free port (tests)
};

// `configured` when set, else https://<host>:<port> of `listen`.
std::string listener_url(const std::string& configured, const Endpoint& listen);

struct ApiConfig {
  Endpoint listen{"127.0.0.1", 8443};
  // The address accounting systems use, as the activation page shows it;
  // empty: https://<listen>.
  std::string public_url;
  // TCP load balancers (addresses or CIDR ranges) whose connections start
  // with a PROXY protocol v2 header naming the client; empty: none.
  std::vector<std::string> proxy_protocol_from;
};

struct OpsConfig {
  // Plain HTTP; load_config() refuses anything but a loopback address.
  Endpoint listen{"127.0.0.1", 9090};
};

struct ActivationConfig {
  // Server TLS only (no client certificate); serves only the activation routes.
  Endpoint listen{"127.0.0.1", 8444};
  int code_days = 14;               // an activation code's lifetime
  int certificate_days = 730;       // never past the application's expiry
  int max_failures = 5;             // per source address and per user ...
  int failure_window_minutes = 15;  // ... within this window, then 429
  // Attempts answered at once, from everyone together (api/request_gate.h):
  // each may wait for the store's write lock, and must not hold every
  // handler thread. Another is answered 503 activation_busy at once.
  int max_running_attempts = 1;
  int renewal_overlap_hours = 168;  // a renewed certificate keeps working this long
  // A certificate this young is not renewed (429): every renewal changes the
  // store's credential version, which every upload, signature and
  // cancellation in flight, of every institution, must then read again; a
  // client renewing in a loop would make them fail.
  int renewal_min_age_hours = 24;
  // The technical contact is mailed this many days before the user's
  // certificate or application ends (lifecycle/expiry_warnings.h); 0: never.
  int expiry_warning_days = 30;
  // Activation attempts (the rate limit's rows) older than this are deleted,
  // hourly: the limit looks back a day at most; the log keeps the rest.
  int attempts_retention_days = 90;
  std::string mail_from = "eKase gateway <noreply@gateway.invalid>";
  // The activation page's address as the technical contact reaches it, for the
  // link in the activation mail; empty: https://<listen>.
  std::string public_url;
  std::vector<std::string> proxy_protocol_from;  // as ApiConfig's
  // Nobody is authenticated here, so everything is short and small: the
  // budget is this listener's own (the API's cannot be used up from here),
  // bodies are kept in memory and refused from their Content-Length.
  std::size_t max_connections = 256;
  std::size_t max_connections_per_address = 8;
  std::size_t max_body_bytes = 64 * 1024;
  std::chrono::milliseconds request_timeout{10'000};  // header and body together
  std::chrono::milliseconds idle_timeout{5'000};      // keep-alive wait for the next request
};

// The operator console (api/operator_console.h): treasury staff with an
// operator certificate (gatewayctl operator issue). Mutual TLS with the
// client CA; its own listener, so that it can be bound to an address only
// the treasury's network reaches.
struct ConsoleConfig {
  // Off unless `listen` is configured: an administrative listener is opened
  // only where someone decided where it should be reachable.
  bool enabled = false;
  Endpoint listen{"127.0.0.1", 8446};
  // The console's address as operators reach it (forms must come from it);
  // empty: https://<listen>.
  std::string public_url;
  int idle_seconds = 900;  // a session ends after this long without a request
  // An application typed into the console takes effect when another operator
  // approves it (four eyes: one operator alone cannot give anyone access to
  // an institution's accounts); false: at once, as gatewayctl registers.
  bool second_operator = true;
  std::size_t max_connections = 64;
  std::size_t max_connections_per_address = 16;
};

struct TlsConfig {
  // Empty paths mean the development PKI under <data_dir>/pki (gatewayctl pki init).
  std::filesystem::path server_cert;
  std::filesystem::path server_key;
  std::filesystem::path client_ca;  // the CA that issues institutions' client certificates
  std::filesystem::path ca_key;     // issues client certificates (gatewayctl, activation)
};

struct LimitsConfig {
  std::size_t max_header_bytes = 16 * 1024;
  std::uint64_t max_body_bytes = 256ull * 1024 * 1024;  // a 100k-payment pain.001 is ~70 MB
  // A gzip upload inflates to at most max_body_bytes and this many times its
  // compressed size (a 500-payment test pain.001 compresses over 10 times; zeros, 1000).
  std::uint64_t max_gzip_ratio = 200;
  // The API listener's own budget, sized for ~2,000 institutions' systems
  // with a few connections each; gatewayd raises its open-file limit to fit.
  std::size_t max_connections = 4096;
  // Per source address, on each listener: connections in all, and those not
  // yet through the TLS handshake (which anyone can open). Further ones are
  // closed at accept, so one address cannot use up a listener's budget.
  std::size_t max_connections_per_address = 64;
  // An accounting system may open a few dozen connections at once (parallel
  // uploads): they all pass through the handshake together.
  std::size_t max_handshakes_per_address = 32;
  std::chrono::milliseconds handshake_timeout{5'000};
  std::chrono::milliseconds read_timeout{30'000};      // longest silence while a request arrives
  std::chrono::milliseconds request_timeout{600'000};  // whole request, header and body
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive wait for the next request
  std::chrono::milliseconds shutdown_grace{30'000};  // in-flight requests get this long on SIGTERM
  // How long a TLS session may be resumed (never past the client
  // certificate's end; requests check the certificate again anyway).
  std::chrono::milliseconds tls_session_lifetime{3'600'000};
  // TLS sessions kept for resumption, a few KiB each (the client certificate
  // among them): more than the ~2,000 client systems of a deployment. 0: no
  // resumption, every connection makes a full handshake.
  int tls_session_cache = 4096;
  // Refused handshakes are counted in memory and written to the audit log
  // this often, one row per listener, address, reason and certificate.
  std::chrono::milliseconds refusal_audit_interval{60'000};
  // Report requests (GET /v1/reports, camt.060) answered at once, in all and
  // per user, so that the rest of the handler threads stay free for uploads
  // (api/request_gate.h). 0: one fewer than `threads` (at least 1).
  int max_report_requests = 0;
  int max_report_requests_per_user = 1;
  // Uploads (POST /v1/messages) of one user under way at once, from their
  // header to their answer: each may spool up to the listener's body limit
  // and takes validation threads; more are refused on the header, 429.
  int max_uploads_per_user = 4;
  // Other requests of one user under way at once, each from its header until
  // its handler has answered (body, queue, run): there is one handler thread per core and one more,
  // and a client's few dozen connections asking for 100k-payment files' summaries would queue every
  // other user's requests (and every upload's decision) behind theirs. More are refused at once,
  // 429 (quick answers, a few indexed reads on the I/O thread, are not counted).
  int max_requests_per_user = 4;
  // The signer portal's pages of one person's certificate under way at once,
  // counted as the API's requests are: a browser opens six connections to a
  // site, and pages left while they waited for a handler thread keep their
  // place until they have run; a script with dozens of connections meets it.
  // More are answered 429 with a page saying so.
  int max_page_requests_per_person = 12;
  // Large downloads (mailbox items and pain.002s above 1 MiB, the portal's
  // files) being sent at once, per user and in all: each is a copy in the
  // spool for as long as its reader takes (api/mailbox_download.h). More
  // are refused at once, 429 or 503.
  int max_downloads_per_user = 2;
  int max_downloads = 32;
};

enum class StoreBackend {
  kSqlite,    // one file, one gatewayd: the embedded default
  kPostgres,  // a PostgreSQL server, one or several gatewayd nodes (docs/postgresql.md)
};

struct StoreConfig {
  StoreBackend backend = StoreBackend::kSqlite;
  std::filesystem::path path;  // SQLite; empty: <data_dir>/gateway.db
  // PostgreSQL: a libpq connection URL (postgresql://user@host:port/db?...).
  // Its parameters override the gateway's defaults (connect_timeout=10, keepalives).
  std::string url;
  // How long a writer waits for the write lock. The ledger books a 100k-payment
  // message in one transaction (about 2.5 s); an upload deciding meanwhile waits.
  std::chrono::milliseconds busy_timeout{30'000};
};

struct AcceptanceConfig {
  // A foreign-currency payment needs an EUR reference rate dated at most this
  // many days before the Riga acceptance date (the ECB publishes on TARGET
  // business days only, so a Monday uses Friday's).
  int fx_rate_max_age_days = 7;
  int execution_horizon_days = 365;  // latest requested execution date, from today
  int max_findings = 1000;           // per file; more are counted as truncated
  // A pain.001 of at least this many MiB is validated in chunks on
  // `validation_threads` threads (0: one per hardware thread; 1: never).
  int chunked_validation_min_mib = 4;
  int validation_threads = 0;
  // Chunks are validated without Xerces first (iso20022/native_chunk_validation.h);
  // false: by Xerces only, as before.
  bool native_chunk_validation = true;
  // Large uploads validated while their bodies arrive, at most (0: one per
  // hardware thread); others are validated once their body is complete.
  // Two on two cores measured no faster in parallel and a higher peak RSS.
  int early_validations = 1;
};

// Cut-off times of a business day, Riga time, in minutes after midnight
// (docs/authorisation.md, "Cut-off times").
struct CutOffConfig {
  int standard_minutes = 16 * 60;     // same-day payments
  int urgent_minutes = 16 * 60 + 45;  // SvcLvl URGP
  // A payment released after the cut-off of its requested date executes on
  // the next business day (true), or is rejected TM01 (false).
  bool next_business_day = true;

  int for_service_level(std::string_view service_level) const {
    return service_level == "URGP" ? urgent_minutes : standard_minutes;
  }
};

// Authorisation of payment files by signers (docs/authorisation.md).
struct AuthorisationConfig {
  // A file not fully signed by the cut-off of its execution day is rejected
  // (DS24), or, up to this many times, waits until the next business day's.
  int deadline_moves = 0;
  // PEM bundle of external CAs trusted for signers' certificates (e.g. a
  // national eID chain), besides the gateway's own CA; empty: none.
  std::filesystem::path signing_trust_file;
  // PEM CRLs of those external CAs, kept current by the operator (replaced
  // atomically, e.g. by a daily job); read again when it changes. Empty: their
  // certificates are not checked for revocation.
  std::filesystem::path signing_crl_file;
  // Needed to trust external signing CAs without their CRLs (a test setup).
  bool signing_revocation_unchecked = false;
  // How often waiting files are checked against their deadline.
  std::chrono::milliseconds expiry_interval{30'000};
  // A signer's session in the institution portal ends after this long
  // without a request (the treasury's portal: 5 minutes).
  int portal_idle_seconds = 300;
};

struct LedgerConfig {
  // How often gatewayd's embedded ledger core executes what is due; 0 leaves
  // it to operators (gatewayctl ledger run-day).
  std::chrono::milliseconds run_interval{10'000};
};

struct LogConfig {
  std::string level = "info";  // trace, debug, info, warn, error
};

struct GatewayConfig {
  std::filesystem::path data_dir = "var";
  unsigned threads = 0;  // I/O threads; 0: one per core
  ApiConfig api;
  OpsConfig ops;
  ActivationConfig activation;
  ConsoleConfig console;
  TlsConfig tls;
  LimitsConfig limits;
  StoreConfig store;
  AcceptanceConfig acceptance;
  AuthorisationConfig authorisation;
  CutOffConfig cut_off;
  LedgerConfig ledger;
  LogConfig log;

  // Paths with the data-directory defaults applied.
  std::filesystem::path pki_dir() const { return data_dir / "pki"; }
  std::filesystem::path spool_dir() const { return data_dir / "spool"; }
  std::filesystem::path outbox_dir() const { return data_dir / "outbox"; }
  // public_url of the listener, or https://<listen host>:<port> without one.
  std::string api_url() const;
  std::string activation_url() const;
  std::string console_url() const;
  std::filesystem::path server_cert_path() const;
  std::filesystem::path server_key_path() const;
  std::filesystem::path client_ca_path() const;
  std::filesystem::path ca_key_path() const;
  std::filesystem::path store_path() const;
};

}  // namespace gw
