#include "client/https_client.h"

#include <fmt/format.h>
#include <openssl/pkcs12.h>
#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <fstream>
#include <sstream>

#include "pki/openssl_handles.h"

namespace gw::client {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

Status load_pkcs12(SSL_CTX* ctx, const ClientIdentity& id) {
  std::ifstream in(id.pkcs12, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return fail(ErrorCode::kIo, "cannot read " + id.pkcs12.string());
  const std::string der = bytes.str();
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<PKCS12, void (*)(PKCS12*)> bundle(
      d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())), &PKCS12_free);
  if (!bundle) return tl::unexpected(pki::openssl_error("PKCS#12 " + id.pkcs12.string()));
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* chain = nullptr;
  if (PKCS12_parse(bundle.get(), id.password.c_str(), &key, &cert, &chain) != 1) {
    return tl::unexpected(pki::openssl_error("PKCS#12 password or content"));
  }
  pki::EvpPkeyPtr key_owner(key);
  pki::X509Ptr cert_owner(cert);
  sk_X509_pop_free(chain, X509_free);
  if (SSL_CTX_use_certificate(ctx, cert) != 1 || SSL_CTX_use_PrivateKey(ctx, key) != 1) {
    return tl::unexpected(pki::openssl_error("client certificate from PKCS#12"));
  }
  return ok();
}

}  // namespace

std::string HttpAnswer::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return value;
  }
  return {};
}

struct HttpsClient::State {
  net::io_context io;
  net::ssl::context tls{net::ssl::context::tls_client};
  std::string host;
  std::string port;
  std::chrono::seconds timeout{60};
};

HttpsClient::HttpsClient(std::unique_ptr<State> state) : state_(std::move(state)) {}
HttpsClient::~HttpsClient() = default;

Result<std::unique_ptr<HttpsClient>> HttpsClient::create(const std::string& base_url,
                                                         const ClientIdentity& identity,
                                                         std::chrono::seconds timeout) {
  constexpr std::string_view kScheme = "https://";
  if (base_url.rfind(kScheme, 0) != 0) {
    return fail(ErrorCode::kInvalidArgument, "the URL must start with https://");
  }
  auto state = std::make_unique<State>();
  std::string rest = base_url.substr(kScheme.size());
  if (const auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  const auto colon = rest.rfind(':');
  state->host = colon == std::string::npos ? rest : rest.substr(0, colon);
  state->port = colon == std::string::npos ? "443" : rest.substr(colon + 1);
  state->timeout = timeout;
  SSL_CTX* ctx = state->tls.native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  if (SSL_CTX_load_verify_locations(ctx, identity.ca.c_str(), nullptr) != 1) {
    return tl::unexpected(pki::openssl_error("CA " + identity.ca.string()));
  }
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  if (!identity.pkcs12.empty()) {
    if (auto s = load_pkcs12(ctx, identity); !s) return tl::unexpected(s.error());
  } else if (SSL_CTX_use_certificate_chain_file(ctx, identity.cert.c_str()) != 1 ||
             SSL_CTX_use_PrivateKey_file(ctx, identity.key.c_str(), SSL_FILETYPE_PEM) != 1) {
    return tl::unexpected(pki::openssl_error("client certificate or key"));
  }
  return std::unique_ptr<HttpsClient>(new HttpsClient(std::move(state)));
}

Result<HttpAnswer> HttpsClient::send(
    const std::string& method, const std::string& target,
    const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) {
  State& s = *state_;
  beast::error_code ec;
  net::ip::tcp::resolver resolver(s.io);
  auto endpoints = resolver.resolve(s.host, s.port, ec);
  if (ec) return fail(ErrorCode::kIo, fmt::format("resolve {}: {}", s.host, ec.message()));
  beast::ssl_stream<beast::tcp_stream> stream(s.io, s.tls);
  beast::get_lowest_layer(stream).expires_after(s.timeout);
  // The server's certificate must name the host (or address) we asked for.
  X509_VERIFY_PARAM* param = SSL_get0_param(stream.native_handle());
  if (s.host.find_first_not_of("0123456789.:") == std::string::npos) {
    X509_VERIFY_PARAM_set1_ip_asc(param, s.host.c_str());
  } else {
    // SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.
    SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(s.host.c_str()));
    X509_VERIFY_PARAM_set1_host(param, s.host.c_str(), 0);
  }
  beast::get_lowest_layer(stream).connect(endpoints, ec);
  if (ec)
    return fail(ErrorCode::kIo, fmt::format("connect {}:{}: {}", s.host, s.port, ec.message()));
  stream.handshake(net::ssl::stream_base::client, ec);
  if (ec) return fail(ErrorCode::kIo, fmt::format("TLS handshake: {}", ec.message()));

  bhttp::request<bhttp::string_body> request(bhttp::string_to_verb(method), target, 11);
  request.set(bhttp::field::host, s.host);
  request.set(bhttp::field::user_agent, "gatewayctl");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  bhttp::write(stream, request, ec);
  if (ec) return fail(ErrorCode::kIo, fmt::format("send: {}", ec.message()));
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(512ull * 1024 * 1024);
  bhttp::read(stream, buffer, parser, ec);
  if (ec) return fail(ErrorCode::kIo, fmt::format("receive: {}", ec.message()));
  auto& response = parser.get();
  HttpAnswer answer;
  answer.status = response.result_int();
  for (const auto& field : response) {
    answer.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  answer.body = std::move(response.body());
  stream.shutdown(ec);  // a peer that just closes is fine
  return answer;
}

}  // namespace gw::client
