#include "server/gateway_server.h"

#include <fmt/format.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <csignal>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "acceptance/payment_acceptance.h"
#include "api/activation_application.h"
#include "api/gateway_application.h"
#include "api/mailbox_api.h"
#include "api/messages_api.h"
#include "api/operator_console.h"
#include "api/reports_api.h"
#include "authorisation/file_authorisation.h"
#include "backend/store_backend.h"
#include "calendar/riga_time.h"
#include "core/file_descriptor.h"
#include "core/owner_only.h"
#include "http/api_session.h"
#include "http/connection_tracker.h"
#include "http/handler_share.h"
#include "http/listener_group.h"
#include "http/ops_session.h"
#include "http/spool_file.h"
#include "http/tls_server_context.h"
#include "iso20022/message_validator.h"
#include "ledger/ledger_core.h"
#include "ledger/ledger_worker.h"
#include "lifecycle/expiry_warnings.h"
#include "ops/health_endpoints.h"
#include "ops/metrics.h"
#include "ops/refusal_digest.h"
#include "pki/certificate_authority.h"
#include "pki/certificate_info.h"
#include "policy/ip_allow_list.h"
#include "reports/account_reports.h"
#include "store/sql/sql_acceptance_store.h"
#include "store/sql/sql_activation_store.h"
#include "store/sql/sql_application_proposal_store.h"
#include "store/sql/sql_application_store.h"
#include "store/sql/sql_audit_store.h"
#include "store/sql/sql_authorisation_store.h"
#include "store/sql/sql_cancellation_store.h"
#include "store/sql/sql_expiry_warning_store.h"
#include "store/sql/sql_identity_store.h"
#include "store/sql/sql_ledger_store.h"
#include "store/sql/sql_mailbox_store.h"
#include "store/sql/sql_message_store.h"
#include "store/sql/sql_operator_store.h"
#include "store/sql/sql_signer_store.h"
#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"

namespace gw {

namespace net = boost::asio;

namespace {

// Hint 1: each context is run by one thread.
std::vector<std::unique_ptr<net::io_context>> make_io_contexts(unsigned threads) {
  std::vector<std::unique_ptr<net::io_context>> contexts;
  for (unsigned i = 0; i < threads; ++i) contexts.push_back(std::make_unique<net::io_context>(1));
  return contexts;
}

std::vector<net::io_context*> pointers(const std::vector<std::unique_ptr<net::io_context>>& all) {
  std::vector<net::io_context*> out;
  for (const auto& context : all) out.push_back(context.get());
  return out;
}

// A listener's load balancers (proxy_protocol_from) as the sessions' test;
// none configured: no test, every peer is the client.
Result<std::function<bool(std::string_view)>> balancers(std::string_view key,
                                                        const std::vector<std::string>& entries) {
  if (entries.empty()) return std::function<bool(std::string_view)>{};
  auto list = policy::IpAllowList::parse(entries);
  if (!list) {
    return fail(ErrorCode::kConfig, fmt::format("{}: {}", key, list.error().message));
  }
  return std::function<bool(std::string_view)>(
      [list = std::move(*list)](std::string_view address) { return list.allows(address); });
}

}  // namespace

struct GatewayServer::Parts {
  Parts(const GatewayConfig& c, const Logger& l, unsigned thread_count, backend::OpenedStore opened)
      : config(c),
        log(l),
        threads(thread_count),
        pool_owner(std::move(opened.pool)),
        pool(*pool_owner),
        ledger_lease(std::move(opened.ledger_lease)),
        identities(pool),
        applications(pool),
        activations(pool),
        acceptances(pool),
        messages(pool),
        mailbox(pool),
        ledger_store(pool),
        authorisations(pool),
        cancellations(pool),
        signers(pool),
        expiry_warnings(pool),
        operators(pool),
        proposals(pool),
        audit_log(pool),
        api_tracker({c.limits.max_connections, c.limits.max_connections_per_address,
                     c.limits.max_handshakes_per_address}),
        activation_tracker({c.activation.max_connections, c.activation.max_connections_per_address,
                            c.limits.max_handshakes_per_address}),
        console_tracker({c.console.max_connections, c.console.max_connections_per_address,
                         c.limits.max_handshakes_per_address, 128}),
        handler_share(work, threads),
        work(threads + 1),
        housekeeping(1),
        activation_work(static_cast<std::size_t>(c.activation.max_running_attempts) + 1),
        io_threads(make_io_contexts(threads)),
        io(*io_threads.front()),
        signals(io, SIGTERM, SIGINT),
        drain_timer(io),
        audit_timer(io),
        expiry_timer(io),
        lifecycle_timer(io) {}

  // Everything a session refers to is declared before `io`: sessions still
  // pending when the server stops are destroyed with `io`, and must find
  // these alive.
  const GatewayConfig& config;
  const Logger& log;
  FileDescriptor instance_lock;  // held while this gatewayd runs (take_instance_lock)
  unsigned threads;
  xml::XercesRuntime xerces;
  std::unique_ptr<xml::SchemaSet> schemas;
  std::optional<iso20022::MessageValidator> validator;
  std::unique_ptr<store::ConnectionPool> pool_owner;
  store::ConnectionPool& pool;
  std::unique_ptr<store::LedgerLease> ledger_lease;
  store::SqlIdentityStore identities;
  store::SqlApplicationStore applications;
  store::SqlActivationStore activations;
  store::SqlAcceptanceStore acceptances;
  store::SqlMessageStore messages;
  store::SqlMailboxStore mailbox;
  store::SqlLedgerStore ledger_store;
  store::SqlAuthorisationStore authorisations;
  store::SqlCancellationStore cancellations;
  store::SqlSignerStore signers;
  store::SqlExpiryWarningStore expiry_warnings;
  store::SqlOperatorStore operators;
  store::SqlApplicationProposalStore proposals;
  store::SqlAuditStore audit_log;
  // Before the ledger worker, whose lead-change callback sets it.
  ops::Metrics metrics;
  std::optional<ledger::LedgerCore> ledger;
  std::optional<acceptance::PaymentAcceptance> acceptance;
  std::optional<api::MessagesApi> messages_api;
  std::optional<api::RequestGate> download_gate;         // the API's large downloads
  std::optional<api::RequestGate> portal_download_gate;  // the portal's files
  std::optional<api::MailboxDownload> mailbox_download;
  std::optional<api::MailboxApi> mailbox_api;
  std::optional<reports::AccountReports> reports;
  // After the reports: its runs notify through them, so it goes first.
  std::optional<ledger::LedgerWorker> ledger_worker;
  std::optional<api::RequestGate> report_gate;
  std::optional<api::RequestGate> upload_gate;   // per user only
  std::optional<api::RequestGate> request_gate;  // per user only: the API's other requests
  std::optional<api::RequestGate> page_gate;     // per certificate only: the portal's pages
  std::optional<api::RequestGate> activation_gate;
  std::optional<api::ReportsApi> reports_api;
  std::optional<pki::SignatureVerifier> signature_verifier;
  std::optional<authorisation::SignerIdentity> signer_identity;
  std::optional<authorisation::FileAuthorisation> file_authorisation;
  std::optional<api::AuthorisationsApi> authorisations_api;
  std::optional<acceptance::PaymentCancellation> cancellation;
  std::optional<authorisation::SignedCancellation> signed_cancellation;
  std::optional<api::CancellationApi> cancellation_api;
  std::optional<api::PortalStatements> portal_statements;
  std::optional<api::SignerPortal> signer_portal;
  http::RevocationCheck revocation;
  std::unique_ptr<net::ssl::context> tls;
  ops::RefusalDigest refused_handshakes;
  http::ConnectionTracker api_tracker;
  http::ConnectionTracker activation_tracker;
  http::ConnectionTracker console_tracker;
  std::unique_ptr<api::GatewayApplication> application;
  std::unique_ptr<http::ApiSessionEnv> session_env;
  std::unique_ptr<net::ssl::context> activation_tls;
  std::optional<pki::CertificateAuthority> ca;
  std::unique_ptr<api::ActivationApplication> activation_app;
  std::unique_ptr<http::ApiSessionEnv> activation_env;
  http::RevocationCheck console_revocation;
  std::unique_ptr<net::ssl::context> console_tls;
  std::unique_ptr<api::OperatorConsole> console_app;
  std::unique_ptr<http::ApiSessionEnv> console_env;
  http::OpsHandler ops_handler;
  // One thread more than the cores in `work`, and at most one per core to
  // each user's requests: a user's slow uploads leave a thread for everyone
  // else. Declared before the pool (it only keeps a reference to it), so
  // that it outlives every task the pool runs, even when run() ends early.
  http::HandlerShare handler_share;
  // Request handlers run here. Declared before the I/O contexts, so that it
  // outlives them: a session they still hold when the grace runs out goes
  // with them, and its body's hasher runs on a strand of this pool. run()
  // lets every task the pool was given finish before either goes, so that
  // no task holds a session by then.
  net::thread_pool work;
  // The gateway's own store writes run here, one at a time: the audit
  // flushes, the deadline sweep, the expiry warnings. Each may wait for the
  // store's write lock (an upload's decision, the ledger, an operator's
  // gatewayctl); on the handler threads, two of them waiting would leave
  // no thread for any request, even one that only reads.
  net::thread_pool housekeeping;
  // The activation listener's attempts run here, on threads of their own:
  // nobody needs a certificate to send one, and each may wait for the
  // store's write lock, so they never hold a thread the API needs. One more
  // than the attempts answered at once, so that one beyond them is refused
  // at once (503) instead of queueing behind them.
  net::thread_pool activation_work;
  // One context per I/O thread, each run by that thread alone, each with its
  // own acceptors: a connection lives on one thread (http/listener.h). The
  // first also holds the signals and timers.
  std::vector<std::unique_ptr<net::io_context>> io_threads;
  net::io_context& io;
  std::optional<http::ListenerGroup> api_listener;
  std::optional<http::ListenerGroup> ops_listener;
  std::optional<http::ListenerGroup> activation_listener;
  std::optional<http::ListenerGroup> console_listener;
  net::signal_set signals;
  net::steady_timer drain_timer;
  net::steady_timer audit_timer;
  net::steady_timer expiry_timer;
  net::steady_timer lifecycle_timer;
  std::string crl_problem;  // the last one logged (the sweep's thread only, one at a time)
  std::atomic<bool> sweeping{false};
  std::atomic<bool> audit_flushing{false};  // an interval's audit flush is under way
  std::atomic<bool> grace_over{false};      // ApiSessionEnv::abandoned
  std::chrono::steady_clock::time_point drain_deadline;
  BoundPorts ports;

  void on_signal(int signal) {
    log.info("shutdown_started",
             {{"signal", signal},
              {"connections",
               api_tracker.active() + activation_tracker.active() + console_tracker.active()},
              {"grace_ms", config.limits.shutdown_grace.count()}});
    api_listener->stop();
    activation_listener->stop();
    if (console_listener) console_listener->stop();
    api_tracker.drain_all();
    activation_tracker.drain_all();
    console_tracker.drain_all();
    drain_deadline = std::chrono::steady_clock::now() + config.limits.shutdown_grace;
    wait_for_drain();
  }

  // The operator console: mutual TLS with the client CA, a listed operator's
  // certificate checked in the handshake (revoked: refused) and on every request.
  Status make_console(const http::HandshakeRefusalSink& on_refused) {
    console_revocation = [this](const pki::CertificateInfo& certificate) {
      return console_app->certificate_standing(certificate);
    };
    auto console_context = http::make_tls_server_context(config, true, &console_revocation);
    if (!console_context) return tl::unexpected(console_context.error());
    console_tls = std::move(*console_context);
    auto ca_certificate = pki::describe_certificate(ca->certificate());
    console_app = std::make_unique<api::OperatorConsole>(
        api::OperatorConsoleDeps{
            operators, signers, applications, proposals, identities, activations, audit_log,
            ledger_store, *ledger, *ca,
            [this] { return !api_tracker.draining() && pool.check().has_value(); }, log},
        api::OperatorConsoleConfig{
            config.console_url(), std::chrono::seconds(config.console.idle_seconds),
            lifecycle::ActivationMailConfig{
                config.outbox_dir(), config.activation.mail_from, config.activation_url(),
                pki::colon_fingerprint(ca_certificate.fingerprint_sha256),
                config.activation.code_days},
            config.activation.expiry_warning_days > 0 ? config.activation.expiry_warning_days : 30,
            1'000, config.console.second_operator});
    console_env = std::make_unique<http::ApiSessionEnv>(
        http::ApiSessionEnv{"console",
                            http::console_session_limits(config),
                            config.spool_dir(),
                            *console_tls,
                            *console_app,
                            console_tracker,
                            metrics,
                            log,
                            &work,
                            on_refused,
                            {}});
    console_env->abandoned = &grace_over;
    console_env->share = &handler_share;
    return ok();
  }

  // Runs the I/O loop until it is stopped. An exception escaping a
  // completion handler ends only that handler (its connection closes with
  // its session); the thread logs it and goes on serving the others.
  void run_io(net::io_context& context) {
    for (;;) {
      try {
        context.run();
        return;
      } catch (const std::exception& e) {
        log.error("io_handler_failed", {{"detail", e.what()}});
      } catch (...) {
        log.error("io_handler_failed", {{"detail", "unknown"}});
      }
    }
  }

  // Refused handshakes reach the audit log every refusal_audit_interval, aggregated
  // (ops/refusal_digest.h): a flood costs a few rows, not a write each.
  void schedule_audit_flush() {
    audit_timer.expires_after(config.limits.refusal_audit_interval);
    audit_timer.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      // A store write: off the I/O threads, and one at a time: while the
      // last still waits for the store's writer, the next adds nothing.
      if (!audit_flushing.exchange(true)) {
        net::post(housekeeping, [this] {
          write_refused_handshakes();
          flush_refused_requests();
          audit_flushing = false;
        });
      }
      schedule_audit_flush();
    });
  }

  // Files not fully signed by their deadline are rejected (DS24) within one
  // interval of it; a signature after the deadline is refused at once.
  void schedule_expiry() {
    expiry_timer.expires_after(config.authorisation.expiry_interval);
    expiry_timer.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      // One sweep at a time: a slow one is not joined by the next.
      if (!sweeping.exchange(true)) {
        net::post(housekeeping, [this] {
          if (auto n = file_authorisation->expire_due(std::chrono::system_clock::now()); !n) {
            log.error("expiry_failed", {{"detail", n.error().message}});
          }
          // A CRL file the operator's job broke: said once per change, the CRLs
          // read before stay in force until their nextUpdate.
          auto problem = signature_verifier->crl_problem();
          if (problem != crl_problem && !problem.empty()) {
            log.warn("signing_crl_unreadable", {{"detail", problem}});
          }
          crl_problem = std::move(problem);
          sweeping.store(false);
        });
      }
      schedule_expiry();
    });
  }

  // Technical contacts are warned before a certificate or application ends:
  // at start, then hourly (a day's precision is all the warning needs).
  void schedule_expiry_warnings(std::chrono::seconds delay) {
    lifecycle_timer.expires_after(delay);
    lifecycle_timer.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      net::post(housekeeping, [this] {
        const lifecycle::ExpiryWarningConfig warning{config.activation.expiry_warning_days,
                                                     config.outbox_dir(),
                                                     config.activation.mail_from, true};
        auto run = lifecycle::send_expiry_warnings(expiry_warnings, warning,
                                                   std::chrono::system_clock::now());
        if (!run) {
          log.error("expiry_warnings_failed", {{"detail", run.error().message}});
          return;
        }
        metrics.expiring(run->certificates_expiring, run->applications_expiring);
        log.info("expiry_warnings_checked", {{"days", config.activation.expiry_warning_days},
                                             {"certificates", run->certificates_expiring},
                                             {"applications", run->applications_expiring},
                                             {"mails", run->mails_sent}});
      });
      net::post(housekeeping, [this] { prune_activation_attempts(); });
      schedule_expiry_warnings(std::chrono::hours(1));
    });
  }

  // Activation attempts past their retention go, a batch (one short write)
  // at a time, at most kPruneBatches an hour: a backlog goes over hours
  // rather than hold the store's writer for long.
  void prune_activation_attempts() {
    constexpr int kBatch = 5000;
    constexpr int kPruneBatches = 20;
    const auto before =
        format_utc_timestamp(std::chrono::system_clock::now() -
                             std::chrono::hours(24) * config.activation.attempts_retention_days);
    std::int64_t pruned = 0;
    for (int i = 0; i < kPruneBatches; ++i) {
      auto gone = activations.prune_attempts(before, kBatch);
      if (!gone) {
        log.error("activation_attempts_prune_failed", {{"detail", gone.error().message}});
        return;
      }
      pruned += *gone;
      // A batch that kept some (a row still within retention among the
      // oldest ids) goes on; one that deleted nothing is done.
      if (*gone == 0) break;
    }
    if (pruned > 0) {
      log.info("activation_attempts_pruned",
               {{"rows", pruned}, {"days", config.activation.attempts_retention_days}});
    }
  }

  // Refused requests, queued by the I/O threads (store/refusal_queue.h):
  // the rows a refusal arranged a flush for, or (once an interval, and at
  // the end) the rows and the counts of those past the queue's bounds.
  void flush_arranged_refusals() { audited(identities.flush_arranged()); }
  void flush_refused_requests() { audited(identities.flush_refusals(true)); }
  void audited(const Status& written) const {
    if (!written) log.error("audit_failed", {{"detail", written.error().message}});
  }

  void write_refused_handshakes() {
    for (const auto& t : refused_handshakes.take()) {
      nlohmann::json context = {{"stage", "handshake"},
                                {"listener", t.listener},
                                {"peer", t.peer_address},
                                {"minute", t.minute},
                                {"count", t.count}};
      if (!t.certificate_issuer.empty()) context["certificate_issuer"] = t.certificate_issuer;
      if (auto s = identities.record_refusal(t.certificate_serial, t.reason, context); !s) {
        log.error("audit_failed", {{"detail", s.error().message}});
      }
    }
  }

  // Polls: the count of live connections is the one thing to wait for, and
  // sessions release it from their own strands.
  void wait_for_drain() {
    const auto remaining =
        api_tracker.active() + activation_tracker.active() + console_tracker.active();
    if (remaining == 0 || std::chrono::steady_clock::now() >= drain_deadline) {
      log.info("shutdown_complete", {{"abandoned_connections", remaining}});
      grace_over = true;
      audit_timer.cancel();
      expiry_timer.cancel();
      lifecycle_timer.cancel();
      // Off the I/O thread, which must not wait for the store's lock; what
      // is refused after this is written once the pools are done (run()).
      net::post(housekeeping, [this] {
        write_refused_handshakes();
        flush_refused_requests();
      });
      ops_listener->stop();
      for (auto& context : io_threads) context->stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([this](boost::system::error_code) { wait_for_drain(); });
  }
};

namespace {

// Every connection is a file descriptor, an API one up to three (its socket,
// its body's spool file, and the duplicate that watches for its client's
// going while its request waits for a handler thread): the soft limit
// (often 1,024) is raised to the hard one, and a configuration that cannot
// fit is said so.
void raise_open_file_limit(const GatewayConfig& c, const Logger& log) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &limit);
    (void)::getrlimit(RLIMIT_NOFILE, &limit);
  }
  const auto needed = 3 * c.limits.max_connections + c.activation.max_connections + 256;
  if (limit.rlim_cur < needed) {
    log.warn("open_file_limit_low", {{"limit", limit.rlim_cur}, {"needed", needed}});
  }
}

// One gatewayd per data directory. The listening ports share with the
// process's own threads (SO_REUSEPORT), so a second gatewayd of the same user
// would bind them too and take a share of the connections; this lock, held
// until the process ends, refuses it instead.
Result<FileDescriptor> take_instance_lock(const std::filesystem::path& data_dir) {
  const auto path = data_dir / "gatewayd.lock";
  FileDescriptor fd(path, O_RDWR | O_CREAT, 0600);
  if (!fd.valid()) return fail(ErrorCode::kIo, "cannot open " + path.string());
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    return fail(ErrorCode::kConfig, fmt::format("another gatewayd is running on {} (it holds {})",
                                                data_dir.string(), path.string()));
  }
  return fd;
}

// Tells scripts and tests which ports were bound (the config may say 0).
Status write_ports_file(const std::filesystem::path& data_dir, const BoundPorts& ports) {
  const auto path = data_dir / "gatewayd.ports";
  const auto temp = data_dir / "gatewayd.ports.tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << "api=" << ports.api << "\nops=" << ports.ops << "\nactivation=" << ports.activation
        << "\nconsole=" << ports.console << "\npid=" << ::getpid() << "\n";
    if (!out) return fail(ErrorCode::kIo, "cannot write " + temp.string());
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot write " + path.string());
  return ok();
}

}  // namespace

GatewayServer::GatewayServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
GatewayServer::~GatewayServer() = default;

Result<std::unique_ptr<GatewayServer>> GatewayServer::create(const GatewayConfig& config,
                                                             const Logger& log) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot create " + config.data_dir.string());
  if (auto s = restrict_directory_to_owner(config.data_dir); !s) return tl::unexpected(s.error());
  if (auto s = http::prepare_spool_dir(config.spool_dir()); !s) return tl::unexpected(s.error());

  auto instance_lock = take_instance_lock(config.data_dir);
  if (!instance_lock) return tl::unexpected(instance_lock.error());
  raise_open_file_limit(config, log);
  // Connections: a few per I/O thread (requests, the ledger, timers), and
  // for the handler thread beyond them.
  const unsigned threads =
      config.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : config.threads;
  auto opened = backend::open_store(config, threads * 3 + 3);
  if (!opened) return tl::unexpected(opened.error());
  log.info("store_ready",
           {{"backend", config.store.backend == StoreBackend::kPostgres ? "postgresql" : "sqlite"},
            {"where", opened->where},
            {"migrations_applied", opened->migrations_applied}});
  auto parts = std::make_unique<Parts>(config, log, threads, std::move(*opened));
  parts->instance_lock = std::move(*instance_lock);
  Parts& p = *parts;
  // Revoked serials are refused in the handshake itself; a revocation dated
  // in the future (the end of a renewal overlap) takes effect then. The
  // refusal is audited with the peer address by the session, aggregated
  // (write_refused_handshakes). `application` answers, once it exists:
  // before that no connection is accepted.
  p.revocation = [&p](const pki::CertificateInfo& certificate) {
    return p.application->certificate_standing(certificate);
  };
  auto tls = http::make_tls_server_context(config, true, &p.revocation);
  if (!tls) return tl::unexpected(tls.error());
  p.tls = std::move(*tls);

  // Activation and renewal issue certificates, so gatewayd needs the client CA's key.
  auto ca = pki::CertificateAuthority::load(config.client_ca_path(), config.ca_key_path());
  if (!ca) {
    return fail(ErrorCode::kConfig,
                fmt::format("certificate activation and renewal need the client CA and its key "
                            "(tls.client_ca, tls.ca_key): {}",
                            ca.error().message));
  }
  p.ca.emplace(std::move(*ca));
  auto schemas = xml::SchemaSet::load(xml::builtin_schemas());
  if (!schemas) return tl::unexpected(schemas.error());
  p.schemas = std::move(*schemas);
  iso20022::ValidationLimits limits;
  limits.max_bytes = config.limits.max_body_bytes;
  limits.max_findings = static_cast<std::size_t>(config.acceptance.max_findings);
  limits.execution_horizon_days = config.acceptance.execution_horizon_days;
  limits.chunked_min_bytes =
      static_cast<std::uint64_t>(config.acceptance.chunked_validation_min_mib) * 1024 * 1024;
  limits.chunks = static_cast<unsigned>(config.acceptance.validation_threads);
  limits.native_chunks = config.acceptance.native_chunk_validation;
  p.validator.emplace(*p.schemas, limits);
  if (auto s = p.validator->warm_up(); !s) return tl::unexpected(s.error());
  p.acceptance.emplace(*p.validator, p.acceptances, p.applications, config.acceptance,
                       config.cut_off);
  p.ledger.emplace(p.ledger_store, *p.validator);
  p.reports.emplace(p.ledger_store, *p.ledger, p.mailbox, *p.validator, config.spool_dir());
  // Reports hold at most one fewer handler thread than there are cores,
  // unless the configuration says otherwise (one, with one thread).
  const int reports = config.limits.max_report_requests > 0
                          ? config.limits.max_report_requests
                          : std::max(1, static_cast<int>(p.threads) - 1);
  p.report_gate.emplace(reports, config.limits.max_report_requests_per_user);
  p.activation_gate.emplace(config.activation.max_running_attempts,
                            config.activation.max_running_attempts);
  p.reports_api.emplace(*p.reports, *p.report_gate, p.mailbox, log);
  p.upload_gate.emplace(std::numeric_limits<int>::max(), config.limits.max_uploads_per_user);
  p.request_gate.emplace(std::numeric_limits<int>::max(), config.limits.max_requests_per_user);
  p.page_gate.emplace(std::numeric_limits<int>::max(), config.limits.max_page_requests_per_person);
  p.download_gate.emplace(config.limits.max_downloads, config.limits.max_downloads_per_user);
  p.portal_download_gate.emplace(config.limits.max_downloads, config.limits.max_downloads_per_user);
  p.mailbox_download.emplace(p.mailbox, *p.download_gate, config.spool_dir());
  p.messages_api.emplace(*p.validator, *p.acceptance, p.messages, p.mailbox, *p.mailbox_download,
                         *p.reports_api, *p.upload_gate, log);
  p.ledger_worker.emplace(
      *p.ledger, *p.ledger_lease, config.ledger.run_interval, log,
      [&reports = *p.reports, &log](std::chrono::system_clock::time_point now) {
        auto sent = reports.notify(now);
        if (!sent) {
          log.error("notifications_failed", {{"detail", sent.error().message}});
          return;
        }
        if (sent->failed > 0) {
          log.error("notifications_failed",
                    {{"failed", sent->failed}, {"detail", sent->first_error}});
        }
        if (sent->delivered > 0) {
          log.info("notifications", {{"delivered", sent->delivered}});
        }
      },
      [&metrics = p.metrics](bool leads) { metrics.ledger_leader(leads); });
  const auto optional_path = [](const std::filesystem::path& path) {
    return path.empty() ? std::nullopt : std::optional<std::filesystem::path>(path);
  };
  auto verifier = pki::SignatureVerifier::create(
      p.ca->certificate(), optional_path(config.authorisation.signing_trust_file),
      optional_path(config.authorisation.signing_crl_file));
  if (!verifier) {
    return fail(ErrorCode::kConfig,
                fmt::format("authorisation.signing_trust_file, signing_crl_file: {}",
                            verifier.error().message));
  }
  if (!config.authorisation.signing_trust_file.empty() &&
      config.authorisation.signing_crl_file.empty()) {
    if (!config.authorisation.signing_revocation_unchecked) {
      return fail(ErrorCode::kConfig,
                  "authorisation.signing_trust_file needs signing_crl_file (the external CAs' "
                  "CRLs), or signing_revocation_unchecked = true to trust their certificates "
                  "without a revocation check");
    }
    log.warn("signing_revocation_unchecked",
             {{"detail",
               "authorisation.signing_trust_file without signing_crl_file: certificates of "
               "external signing CAs are not checked for revocation"}});
  }
  p.signature_verifier.emplace(std::move(*verifier));
  p.signer_identity.emplace(p.identities, p.signers,
                            pki::describe_certificate(p.ca->certificate()).subject,
                            *p.signature_verifier);
  p.file_authorisation.emplace(p.authorisations, *p.signer_identity, *p.validator, config.cut_off,
                               config.authorisation, log);
  p.authorisations_api.emplace(p.authorisations, *p.file_authorisation, log);
  p.cancellation.emplace(p.cancellations, *p.validator);
  p.signed_cancellation.emplace(p.cancellations, *p.signer_identity, *p.cancellation);
  p.cancellation_api.emplace(*p.cancellation, *p.signed_cancellation, log);
  p.mailbox_api.emplace(p.mailbox, *p.mailbox_download);
  p.portal_statements.emplace(
      api::PortalStatementsDeps{p.ledger_store, *p.ledger, *p.reports, p.mailbox, *p.report_gate,
                                *p.portal_download_gate},
      config.spool_dir());
  p.signer_portal.emplace(
      api::SignerPortalDeps{p.signers, p.applications, p.identities, p.authorisations, p.messages,
                            *p.file_authorisation, *p.portal_statements, *p.report_gate, log},
      api::SignerPortalConfig{config.api_url(),
                              std::chrono::seconds(config.authorisation.portal_idle_seconds)});
  p.application = std::make_unique<api::GatewayApplication>(
      p.identities, p.applications, *p.ca, config.activation, *p.messages_api, *p.mailbox_api,
      *p.reports_api, *p.authorisations_api, *p.cancellation_api, *p.signer_portal, *p.request_gate,
      *p.page_gate, log);
  // Refused requests are audited off the I/O threads, a batch at a time.
  p.identities.set_refusal_flusher(
      [&p] { net::post(p.housekeeping, [&p] { p.flush_arranged_refusals(); }); });
  const auto on_refused = [&p](const http::HandshakeRefusal& r) {
    // By network, as the listener counts connections: a client rotating
    // through its /64 is one row, not a row each (the digest keeps a bounded
    // number of rows a minute).
    p.refused_handshakes.add(
        r.listener, r.source, r.reason, r.certificate ? r.certificate->serial : "",
        r.certificate ? r.certificate->issuer : "", std::chrono::system_clock::now());
  };
  auto api_balancers = balancers("api.proxy_protocol_from", config.api.proxy_protocol_from);
  if (!api_balancers) return tl::unexpected(api_balancers.error());
  p.session_env = std::make_unique<http::ApiSessionEnv>(http::ApiSessionEnv{
      "api", http::api_session_limits(config.limits), config.spool_dir(), *p.tls, *p.application,
      p.api_tracker, p.metrics, log, &p.work, on_refused, std::move(*api_balancers)});
  p.session_env->abandoned = &p.grace_over;
  p.session_env->share = &p.handler_share;
  // The gates' places held now (api/request_gate.h).
  p.metrics.add_gauge(
      {"gateway_api_requests_in_progress",
       "Users' API requests under way, from their header to their answer, as "
       "limits.max_requests_per_user counts them (uploads and quick answers apart).",
       [&p] { return std::int64_t{p.request_gate->running()}; }});
  p.metrics.add_gauge({"gateway_report_requests_running",
                       "Report requests (GET /v1/reports, camt.060), portal searches, statement "
                       "pages and statement downloads being answered (limits.max_report_requests "
                       "in all).",
                       [&p] { return std::int64_t{p.report_gate->running()}; }});
  p.metrics.read_store_log([&pool = p.pool]() -> std::optional<ops::Metrics::StoreLog> {
    const auto wal = pool.log_state();
    if (!wal) return std::nullopt;
    return ops::Metrics::StoreLog{wal->bytes, wal->checkpoints_complete, wal->checkpoints_partial,
                                  wal->checkpoints_failed};
  });
  p.ops_handler = ops::make_ops_handler(
      p.metrics, [&p] { return !p.api_tracker.draining() && p.pool.check().has_value(); },
      [&p] { return p.ledger_worker->leads(); });
  const auto session_contexts = pointers(p.io_threads);
  p.api_listener.emplace(session_contexts, [&p](net::ip::tcp::socket s) {
    http::start_api_session(std::move(s), *p.session_env);
  });
  p.ops_listener.emplace(session_contexts, [&p](net::ip::tcp::socket s) {
    http::start_ops_session(std::move(s), p.ops_handler, p.config.limits);
  });
  auto api_port = p.api_listener->listen(config.api.listen);
  if (!api_port) return tl::unexpected(api_port.error());
  // The activation page shows the API's address: the port is known from here on.
  Endpoint api_bound = config.api.listen;
  api_bound.port = *api_port;
  auto activation_tls = http::make_tls_server_context(config, false);
  if (!activation_tls) return tl::unexpected(activation_tls.error());
  p.activation_tls = std::move(*activation_tls);
  p.activation_app = std::make_unique<api::ActivationApplication>(api::ActivationDeps{
      config.activation, *p.ca, p.identities, p.applications, p.activations, p.metrics, log,
      *p.activation_gate, listener_url(config.api.public_url, api_bound), config.activation_url()});
  auto activation_balancers =
      balancers("activation.proxy_protocol_from", config.activation.proxy_protocol_from);
  if (!activation_balancers) return tl::unexpected(activation_balancers.error());
  p.activation_env = std::make_unique<http::ApiSessionEnv>(
      http::ApiSessionEnv{"activation", http::activation_session_limits(config), config.spool_dir(),
                          *p.activation_tls, *p.activation_app, p.activation_tracker, p.metrics,
                          log, &p.activation_work, on_refused, std::move(*activation_balancers)});
  p.activation_env->abandoned = &p.grace_over;
  p.activation_env->counts_handlers = false;  // its own threads, not the handler pool
  p.activation_listener.emplace(session_contexts, [&p](net::ip::tcp::socket s) {
    http::start_api_session(std::move(s), *p.activation_env);
  });

  if (config.console.enabled) {
    if (auto s = p.make_console(on_refused); !s) return tl::unexpected(s.error());
    p.console_listener.emplace(session_contexts, [&p](net::ip::tcp::socket s) {
      http::start_api_session(std::move(s), *p.console_env);
    });
  }

  auto ops_port = p.ops_listener->listen(config.ops.listen);
  if (!ops_port) return tl::unexpected(ops_port.error());
  auto activation_port = p.activation_listener->listen(config.activation.listen);
  if (!activation_port) return tl::unexpected(activation_port.error());
  std::uint16_t console_port = 0;
  if (p.console_listener) {
    auto bound = p.console_listener->listen(config.console.listen);
    if (!bound) return tl::unexpected(bound.error());
    console_port = *bound;
  }
  p.ports = BoundPorts{*api_port, *ops_port, *activation_port, console_port};
  return std::unique_ptr<GatewayServer>(new GatewayServer(std::move(parts)));
}

BoundPorts GatewayServer::ports() const { return parts_->ports; }

void GatewayServer::run() {
  Parts& p = *parts_;
  p.signals.async_wait([&p](boost::system::error_code ec, int signal) {
    if (!ec) p.on_signal(signal);
  });
  p.api_listener->start();
  p.ops_listener->start();
  p.activation_listener->start();
  if (p.console_listener) p.console_listener->start();
  if (auto s = write_ports_file(p.config.data_dir, p.ports); !s) {
    p.log.warn("ports_file_failed", {{"detail", s.error().message}});
  }
  p.log.info(
      "listening",
      {{"api", fmt::format("{}:{}", p.config.api.listen.host, p.ports.api)},
       {"ops", fmt::format("{}:{}", p.config.ops.listen.host, p.ports.ops)},
       {"activation", fmt::format("{}:{}", p.config.activation.listen.host, p.ports.activation)},
       {"console", p.console_listener
                       ? fmt::format("{}:{}", p.config.console.listen.host, p.ports.console)
                       : std::string("off")},
       {"threads", p.threads}});
  p.ledger_worker->start();
  p.schedule_audit_flush();
  p.schedule_expiry();
  p.schedule_expiry_warnings(std::chrono::seconds(0));
  // A context with no connection yet must not return from run(): it waits
  // until the shutdown stops it.
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running;
  for (auto& context : p.io_threads) keep_running.push_back(net::make_work_guard(*context));
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < p.threads; ++i) {
    workers.emplace_back([&p, i] { p.run_io(*p.io_threads[i]); });
  }
  p.run_io(p.io);
  for (auto& t : workers) t.join();
  // Requests still running on the pool when the grace ran out end here
  // (their answers go nowhere: the I/O threads have stopped; those queued
  // behind them are dropped unbegun, ApiSessionEnv::abandoned); so do the
  // audit flushes they ask for.
  p.work.join();
  p.housekeeping.join();
  p.activation_work.join();
  p.ledger_worker->stop();
  // What they refused since the drain's flush, and handshakes refused since then.
  p.flush_refused_requests();
  p.write_refused_handshakes();
  std::error_code ignored;
  std::filesystem::remove(p.config.data_dir / "gatewayd.ports", ignored);
}

}  // namespace gw
