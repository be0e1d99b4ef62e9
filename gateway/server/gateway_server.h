// The running gateway: owns the I/O threads, the API and operator console
// (mutual TLS), activation and operations listeners, the store and the application, and shuts down
// gracefully on SIGTERM/SIGINT: stop accepting, let requests in flight finish
// (up to limits.shutdown_grace), then stop.
#pragma once

#include <cstdint>
#include <memory>

#include "config/gateway_config.h"
#include "core/result.h"
#include "log/logger.h"

namespace gw {

struct BoundPorts {
  std::uint16_t api = 0;
  std::uint16_t ops = 0;
  std::uint16_t activation = 0;
  std::uint16_t console = 0;
};

class GatewayServer {
 public:
  // Opens the store (applying migrations), loads TLS material and binds both
  // listeners. `config` and `log` must outlive the server.
  static Result<std::unique_ptr<GatewayServer>> create(const GatewayConfig& config,
                                                       const Logger& log);
  ~GatewayServer();

  BoundPorts ports() const;
  // Serves until a shutdown signal has been handled; returns when all I/O
  // threads have stopped.
  void run();

 private:
  struct Parts;
  explicit GatewayServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace gw
