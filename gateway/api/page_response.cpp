#include "api/page_response.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace gw::api {

http::Response page_response(unsigned status, Result<std::string> html) {
  http::Response response{status,
                          "text/html; charset=utf-8",
                          html ? std::move(*html) : std::string("page unavailable"),
                          {}};
  if (!html) {
    response.status = 500;
    response.content_type = "text/plain; charset=utf-8";
  }
  return with_page_headers(std::move(response));
}

http::Response see_other(std::string location, http::HeaderList extra) {
  extra.emplace_back("Location", std::move(location));
  return with_page_headers(http::Response{303, "text/plain; charset=utf-8", "", std::move(extra)});
}

http::Response unavailable_page() {
  return page_response(503, std::string("<!DOCTYPE html><title>503</title><p>The gateway cannot "
                                        "answer just now. / Vārteja pašlaik nevar atbildēt.</p>"));
}

http::Response busy_page() {
  auto r = page_response(429, std::string("<!DOCTYPE html><title>429</title><p>As many downloads "
                                          "as may be are under way (yours, or the gateway's): try "
                                          "again in a moment. / Notiek tik lejupielāžu, cik "
                                          "atļauts (jūsu vai vārtejas): mēģiniet vēlreiz pēc "
                                          "brīža.</p>"));
  r.headers.emplace_back("Retry-After", "5");
  return r;
}

http::Response too_many_pages_page() {
  auto r = page_response(429, std::string("<!DOCTYPE html><title>429</title><p>You have as many "
                                          "pages loading as may be at once: try again in a "
                                          "moment. / Jums vienlaikus ielādējas tik lapu, cik "
                                          "atļauts: mēģiniet vēlreiz pēc brīža.</p>"));
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

bool small_form_body(const http::RequestHead& head, std::uintmax_t max_bytes) {
  const auto length = head.content_length();
  return head.method == "POST" && !head.header("Content-Encoding") && length &&
         *length <= max_bytes;
}

http::QueryString form_of(const http::ReceivedBody* body, std::uintmax_t max_bytes) {
  if (body == nullptr) return http::QueryString("");
  if (body->path.empty()) {
    return http::QueryString(body->text.size() <= max_bytes ? body->text : std::string());
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(body->path, ec);
  if (ec || size > max_bytes) return http::QueryString("");
  std::ifstream in(body->path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return http::QueryString(text.str());
}

std::string path_without_language(const http::RequestHead& head) {
  std::string here = head.path;
  std::string_view rest = head.query;
  char separator = '?';
  while (!rest.empty()) {
    const auto end = rest.find('&');
    const auto pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (pair.empty() || pair.starts_with("lang=") || pair == "lang") continue;
    here += separator;
    here += pair;
    separator = '&';
  }
  return here;
}

}  // namespace gw::api
