// The activation listener's pages for people: GET /activate (the activation
// page, in Latvian or English: ?lang=, else Accept-Language), the page's
// script and style sheet under /assets/, /ca.pem (the CA the page tells the
// contact to check and trust), and / (on to /activate). What the page does
// goes through the activation routes (activation_application.h).
#pragma once

#include <optional>
#include <string>

#include "http/exchange.h"

namespace gw::api {

struct ActivationPagesConfig {
  std::string ca_pem;
  std::string ca_fingerprint;  // pki::colon_fingerprint()
  std::string api_url;         // where accounting systems connect
  int failure_window_minutes = 15;
};

class ActivationPages {
 public:
  explicit ActivationPages(ActivationPagesConfig config) : config_(std::move(config)) {}
  // The answer for a page's path; nothing for any other path.
  std::optional<http::Admission> admit(const http::RequestHead& head) const;

 private:
  http::Response page(const http::RequestHead& head) const;
  ActivationPagesConfig config_;
};

}  // namespace gw::api
