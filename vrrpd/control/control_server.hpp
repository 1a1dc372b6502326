// The control socket: a Unix stream socket on the daemon's io_context serving PROTOCOL.md.
// Every operation is asynchronous, so a slow or silent client costs a buffer, never the loop.
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>

#include "vrrpd/control/dispatcher.hpp"
#include "vrrpd/control/socket_file.hpp"
#include "vrrpd/control/status.hpp"

namespace vrrp::control {

inline constexpr const char* kDefaultSocketPath = "/run/vrrpd/vrrpd.sock";

struct ControlServerOptions {
  std::string path = kDefaultSocketPath;
  std::size_t max_clients = 32;                      // more are told "busy" and closed
  std::size_t max_request = 64 * 1024;               // one line; longer: "too_large", closed
  std::chrono::milliseconds idle_timeout{10'000};    // no complete read/write for this long: closed
};

class ControlServer {
 public:
  /// `provider` must outlive the server. Nothing happens until start().
  ControlServer(boost::asio::io_context& io, ControlProvider& provider, ControlServerOptions options);
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  /// Prepares the path (prepare_socket_path), binds with mode 0600 and starts accepting.
  std::expected<void, std::string> start();
  /// Stops accepting, closes every client and removes the socket file. Idempotent.
  void stop();

  std::size_t clients() const;
  const ControlServerOptions& options() const { return options_; }

  struct Shared;  // state the connections share with the server (implementation detail)

 private:
  void accept();

  ControlServerOptions options_;
  boost::asio::local::stream_protocol::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  std::shared_ptr<Shared> shared_;
  SocketFileId file_id_;
  bool bound_ = false;
};

}  // namespace vrrp::control
