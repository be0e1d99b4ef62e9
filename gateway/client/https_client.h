// A small synchronous HTTPS client with a client certificate, for the
// operators' and testers' tools (gatewayctl replay): TLS 1.2+, the server
// verified against a given CA and its name, one request per connection.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace gw::client {

struct ClientIdentity {
  std::filesystem::path ca;    // PEM: the gateway's CA
  std::filesystem::path cert;  // PEM certificate + key ...
  std::filesystem::path key;
  std::filesystem::path pkcs12;  // ... or a PKCS#12 bundle with its password
  std::string password;
};

struct HttpAnswer {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::string header(std::string_view name) const;
};

class HttpsClient {
 public:
  // `base_url`: https://host:port
  static Result<std::unique_ptr<HttpsClient>> create(const std::string& base_url,
                                                     const ClientIdentity& identity,
                                                     std::chrono::seconds timeout);
  ~HttpsClient();

  Result<HttpAnswer> send(const std::string& method, const std::string& target,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const std::string& body);

 private:
  struct State;
  explicit HttpsClient(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace gw::client
