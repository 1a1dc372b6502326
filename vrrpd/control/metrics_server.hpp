// The optional Prometheus listener (--metrics-listen ADDR:PORT): GET /metrics over HTTP/1.x on
// the daemon's io_context, one request per connection, every wait bounded.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "vrrpd/control/status.hpp"

namespace vrrp::control {

struct MetricsServerOptions {
  std::string listen;                               // "127.0.0.1:9650", "[::1]:9650"
  std::size_t max_clients = 16;                     // more are closed at once
  std::chrono::milliseconds timeout{5'000};         // whole exchange, from accept to last byte
};

/// "ADDR:PORT" with a numeric IPv4 address or a bracketed IPv6 one; port 0 picks a free port.
std::expected<boost::asio::ip::tcp::endpoint, std::string> parse_listen_address(std::string_view text);

class MetricsServer {
 public:
  MetricsServer(boost::asio::io_context& io, ControlProvider& provider, MetricsServerOptions options);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  std::expected<void, std::string> start();
  void stop();
  /// The bound port (useful after listening on port 0).
  std::uint16_t port() const;
  std::size_t clients() const;

  struct Shared;

 private:
  void accept();

  MetricsServerOptions options_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace vrrp::control
