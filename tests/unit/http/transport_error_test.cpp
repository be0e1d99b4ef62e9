// The transport's refusals: status, code and message from one table.
#include "http/transport_error.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using gw::http::TransportError;

TEST_CASE("transport errors: one JSON shape, the table's status and code, a detail if given") {
  const auto large = gw::http::transport_error_response(TransportError::kBodyTooLarge, "r-1");
  CHECK(large.status == 413);
  CHECK(large.content_type == "application/json");
  const auto body = nlohmann::json::parse(large.body);
  CHECK(body["error"] == "body_too_large");
  CHECK(body["message"] == "request body exceeds the limit");
  CHECK(body["request_id"] == "r-1");

  const auto bad =
      gw::http::transport_error_response(TransportError::kBadRequest, "r-2", "bad method");
  CHECK(bad.status == 400);
  CHECK(nlohmann::json::parse(bad.body)["message"] == "bad method");
  CHECK(gw::http::describe(TransportError::kHeaderTooLarge).http_status == 431);
  CHECK(gw::http::describe(TransportError::kSpoolUnavailable).http_status == 503);
}
