// Runs a ControlServer (and optionally a MetricsServer) for a FakeProvider on a background
// io_context thread, in a fresh temporary directory; plus a blocking raw client for tests.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "fake_provider.hpp"
#include "vrrpd/control/control_server.hpp"
#include "vrrpd/control/metrics_server.hpp"

namespace vrrp::control::test {

/// A unique temporary directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = "/tmp/vrrpctl-test-XXXXXX";
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class Harness {
 public:
  explicit Harness(ControlServerOptions options = {}, std::optional<MetricsServerOptions> metrics = std::nullopt) {
    if (options.path.empty() || options.path == kDefaultSocketPath) options.path = dir_.path() + "/run/vrrpd.sock";
    path_ = options.path;
    server_ = std::make_unique<ControlServer>(io_, provider, options);
    if (const auto r = server_->start(); !r) start_error = r.error();
    if (metrics) {
      metrics_ = std::make_unique<MetricsServer>(io_, provider, *metrics);
      const auto r = metrics_->start();
      if (!r) start_error = r.error();
    }
    thread_ = std::thread([this] { io_.run(); });
  }
  ~Harness() { stop(); }

  /// Runs `f` on the loop thread and waits for it.
  template <typename F>
  auto on_loop(F f) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto fut = task.get_future();
    boost::asio::post(io_, [&task] { task(); });
    return fut.get();
  }

  void stop() {
    if (!thread_.joinable()) return;
    on_loop([this] {
      server_->stop();
      if (metrics_) metrics_->stop();
      return 0;
    });
    work_.reset();
    io_.stop();
    thread_.join();
  }

  const std::string& path() const { return path_; }
  const std::string& dir() const { return dir_.path(); }
  std::uint16_t metrics_port() { return on_loop([this] { return metrics_->port(); }); }
  std::size_t clients() { return on_loop([this] { return server_->clients(); }); }

  FakeProvider provider;
  std::string start_error;

 private:
  TempDir dir_;
  std::string path_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
  std::unique_ptr<ControlServer> server_;
  std::unique_ptr<MetricsServer> metrics_;
  std::thread thread_;
};

/// A raw blocking client; every wait is bounded by the timeout given.
class RawClient {
 public:
  explicit RawClient(const std::string& path) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }

  /// Sends everything; false if the peer closed or `timeout` passed.
  bool send_all(const std::string& data, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t sent = 0;
    while (sent < data.size()) {
      if (!wait(POLLOUT, deadline)) return false;
      const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) sent += static_cast<std::size_t>(n);
      else if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
    }
    return true;
  }

  /// One line without '\n'; nullopt on EOF or timeout.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (const auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      if (!wait(POLLIN, deadline)) return std::nullopt;
      char buf[65536];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n == 0) return std::nullopt;
      if (n > 0) buffer_.append(buf, static_cast<std::size_t>(n));
      else if (errno != EAGAIN && errno != EINTR) return std::nullopt;
    }
  }

  /// True when the server closed the connection within `timeout` (pending data is discarded).
  bool closed_by_peer(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (wait(POLLIN, deadline)) {
      char buf[65536];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return true;
    }
    return false;
  }

 private:
  bool wait(short events, std::chrono::steady_clock::time_point deadline) {
    while (true) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, events, 0};
      const int r = ::poll(&p, 1, static_cast<int>(left.count()));
      if (r > 0) return true;
      if (r < 0 && errno != EINTR) return false;
    }
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

inline constexpr const char* kStatusLine = "{\"version\":1,\"command\":\"status\"}\n";

}  // namespace vrrp::control::test
