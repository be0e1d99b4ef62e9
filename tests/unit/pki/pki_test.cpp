#include <doctest/doctest.h>
#include <openssl/x509_vfy.h>
#include <sys/stat.h>

#include "config/gateway_config.h"
#include "pki/certificate_authority.h"
#include "pki/development_pki.h"
#include "pki/pem.h"
#include "support/temp_dir.h"

using namespace gw;
using namespace gw::pki;

namespace {

// Verifies `cert` against `ca` for the given purpose, as the TLS layer does.
int verify(X509* ca, X509* cert, int purpose) {
  std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE_free>> store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), ca);
  std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX_free>> ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), cert, nullptr);
  X509_STORE_CTX_set_purpose(ctx.get(), purpose);
  X509_verify_cert(ctx.get());
  return X509_STORE_CTX_get_error(ctx.get());
}

}  // namespace

TEST_CASE("pki init writes a CA and a server certificate - keys are private") {
  TempDir dir;
  GatewayConfig config;
  config.data_dir = dir.path();
  REQUIRE(init_development_pki(config, false).has_value());

  struct stat st {};
  REQUIRE(::stat(config.ca_key_path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat(config.server_key_path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  auto again = init_development_pki(config, false);
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().code == ErrorCode::kAlreadyExists);

  auto ca = read_certificate(config.client_ca_path());
  auto server = read_certificate(config.server_cert_path());
  REQUIRE(ca.has_value());
  REQUIRE(server.has_value());
  CHECK(verify(ca->get(), server->get(), X509_PURPOSE_SSL_SERVER) == X509_V_OK);
  CHECK(X509_check_host(server->get(), "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(server->get(), "127.0.0.1", 0) == 1);
}

TEST_CASE("client certificates carry the user and institution and are for clientAuth only") {
  TempDir dir;
  GatewayConfig config;
  config.data_dir = dir.path();
  REQUIRE(init_development_pki(config, false).has_value());
  const auto now = std::chrono::system_clock::now();
  auto issued = issue_client_certificate(config, {1042, "Parauga pašvaldība", "90000000001"}, now,
                                         now + std::chrono::days(30));
  REQUIRE(issued.has_value());
  CHECK(issued->info.subject.find("CN=user-1042") != std::string::npos);
  CHECK(issued->info.subject.find("UID=1042") != std::string::npos);
  CHECK(issued->info.subject.find("NTRLV-90000000001") != std::string::npos);
  CHECK(issued->info.fingerprint_sha256.size() == 64);
  CHECK(issued->private_key_pem.find("PRIVATE KEY") != std::string::npos);

  auto ca = read_certificate(config.client_ca_path());
  auto cert = parse_certificate(issued->certificate_pem);
  REQUIRE(cert.has_value());
  CHECK(verify(ca->get(), cert->get(), X509_PURPOSE_SSL_CLIENT) == X509_V_OK);
  CHECK(verify(ca->get(), cert->get(), X509_PURPOSE_SSL_SERVER) == X509_V_ERR_INVALID_PURPOSE);

  auto second = issue_client_certificate(config, {1042, "X", "90000000001"}, now,
                                         now + std::chrono::days(30));
  CHECK(second->info.serial != issued->info.serial);
}

TEST_CASE("a validity that ends before it starts is refused") {
  TempDir dir;
  GatewayConfig config;
  config.data_dir = dir.path();
  REQUIRE(init_development_pki(config, false).has_value());
  const auto now = std::chrono::system_clock::now();
  auto issued = issue_client_certificate(config, {1, "X", "90000000001"}, now, now);
  REQUIRE_FALSE(issued.has_value());
  CHECK(issued.error().code == ErrorCode::kInvalidArgument);
}
