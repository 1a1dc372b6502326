// Blocking Unix-socket client for vrrpctl: poll() bounds every wait, so a hung daemon cannot
// hang the operator's shell.
#include "vrrpd/control/client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vrrp::control {

namespace {

constexpr std::size_t kMaxReply = 64 * 1024 * 1024;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::unexpected<ClientError> fail(bool connect, std::string message) {
  return std::unexpected(ClientError{connect, std::move(message)});
}

// Waits for `events` until `deadline`; false on timeout or error.
bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    const int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r > 0) return true;
    if (r < 0 && errno != EINTR) return false;
  }
}

}  // namespace

std::expected<std::string, ClientError> exchange(const std::string& socket_path, const std::string& request_line,
                                                 std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  sockaddr_un addr{};
  if (socket_path.size() >= sizeof addr.sun_path) return fail(true, "socket path too long: " + socket_path);
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (fd.get() < 0) return fail(true, std::string("socket: ") + std::strerror(errno));
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, socket_path.c_str(), socket_path.size() + 1);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    if (errno != EINPROGRESS && errno != EAGAIN) {
      return fail(true, "cannot connect to " + socket_path + ": " + std::strerror(errno) + " (is vrrpd running?)");
    }
    if (!wait_for(fd.get(), POLLOUT, deadline)) return fail(true, "cannot connect to " + socket_path + ": timed out");
  }

  const std::string out = request_line + "\n";
  std::size_t sent = 0;
  while (sent < out.size()) {
    const ssize_t n = ::send(fd.get(), out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(fd.get(), POLLOUT, deadline)) return fail(false, "timed out sending the request");
    } else {
      return fail(false, std::string("send: ") + std::strerror(errno));
    }
  }

  std::string in;
  char buf[8192];
  while (true) {
    if (const auto nl = in.find('\n'); nl != std::string::npos) return in.substr(0, nl);
    if (in.size() > kMaxReply) return fail(false, "reply too large");
    const ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
    if (n > 0) {
      in.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0) {
      return fail(false, "the daemon closed the connection without a complete reply");
    } else if (errno == EAGAIN || errno == EINTR) {
      if (!wait_for(fd.get(), POLLIN, deadline)) return fail(false, "timed out waiting for the reply");
    } else {
      return fail(false, std::string("recv: ") + std::strerror(errno));
    }
  }
}

}  // namespace vrrp::control
