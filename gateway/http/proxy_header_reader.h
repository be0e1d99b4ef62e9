// Reads a balancer's PROXY protocol v2 header (proxy_header.h) off a freshly
// accepted socket, within a deadline, before anything else is read from it.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>

#include "core/result.h"
#include "http/proxy_header.h"

namespace gw::http {

using ProxyHeaderDone = std::function<void(boost::asio::ip::tcp::socket, Result<ProxyHeader>)>;

// Calls `done` with the socket and the parsed header, or an error (a bad or
// missing header, the peer gone, the deadline passed), on the socket's executor.
void read_proxy_header(boost::asio::ip::tcp::socket socket, std::chrono::milliseconds deadline,
                       ProxyHeaderDone done);

}  // namespace gw::http
