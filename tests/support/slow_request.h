// A request whose header is sent first and whose body follows when the test
// says, over openssl s_client: for what changes while a body is on its way.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "support/gateway_fixture.h"
#include "support/process.h"

namespace gw::test {

class SlowRequest {
 public:
  // Sends `request_line` ("POST /path"), `content_type` and the length of the
  // body to come with Expect: 100-continue, as the holder of `pem`/`key`, and
  // waits for the go-ahead: the header was read and admitted. Everything the
  // server sends goes to gw.dir()/`log_name`.
  SlowRequest(const GatewayFixture& gw, const std::filesystem::path& pem,
              const std::filesystem::path& key, const std::string& request_line,
              const std::string& content_type, std::size_t body_size, const std::string& log_name);
  SlowRequest(const SlowRequest&) = delete;
  SlowRequest& operator=(const SlowRequest&) = delete;
  ~SlowRequest();

  // Sends the body; returns what the server sent once it holds `marker`
  // (or after 10 s, whatever it holds then).
  std::string finish(std::string_view body, const std::string& marker);

 private:
  std::filesystem::path log_;
  Process client_;
};

}  // namespace gw::test
