// Control socket server: accept loop, per-connection line buffering with a size cap, idle
// timeout, client limit, and peer-credential check (root or the daemon's own user only).
#include "vrrpd/control/control_server.hpp"
#include "vrrpd/control/accept_loop.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <optional>
#include <set>

#include <boost/asio/write.hpp>

#include "vrrpd/control/request.hpp"

namespace vrrp::control {

namespace asio = boost::asio;
using Local = asio::local::stream_protocol;

class Connection;

struct ControlServer::Shared {
  Shared(ControlProvider& p, ControlServerOptions o) : dispatcher(p), options(std::move(o)) {}
  Dispatcher dispatcher;
  ControlServerOptions options;
  std::set<std::shared_ptr<Connection>> live;
};

namespace {

bool peer_allowed(Local::socket& socket) {
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return false;
  return cred.uid == 0 || cred.uid == ::geteuid();
}

}  // namespace

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Local::socket socket, std::weak_ptr<ControlServer::Shared> shared,
             std::chrono::milliseconds idle)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), shared_(std::move(shared)), idle_(idle) {}

  /// `refusal` set: send it and close instead of serving.
  void start(std::optional<std::string> refusal = std::nullopt) {
    arm_timer();
    if (refusal) {
      finish_with(std::move(*refusal));
      return;
    }
    if (!peer_allowed(socket_)) {
      finish_with(error_reply({ErrorCode::Failed, "permission denied: root only"}, std::nullopt));
      return;
    }
    read();
  }

  /// Sends one reply line and closes (used for busy, too_large and refused peers).
  void finish_with(std::string line) {
    closing_ = true;
    out_ = std::move(line) + "\n";
    write();
  }

  void close() {
    boost::system::error_code ignored;
    timer_.cancel();
    socket_.shutdown(Local::socket::shutdown_both, ignored);
    socket_.close(ignored);
    if (auto s = shared_.lock()) s->live.erase(shared_from_this());
  }

 private:
  void arm_timer() {
    timer_.expires_after(idle_);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->close();  // idle too long (a silent client or one that never reads)
    });
  }

  void read() {
    socket_.async_read_some(asio::buffer(chunk_), [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
      if (ec) return self->close();
      self->inbox_.append(self->chunk_.data(), n);
      self->arm_timer();
      self->process();
    });
  }

  void process() {
    auto shared = shared_.lock();
    if (!shared) return close();
    std::size_t start = 0;
    for (std::size_t nl; (nl = inbox_.find('\n', start)) != std::string::npos; start = nl + 1) {
      const std::string_view line(inbox_.data() + start, nl - start);
      if (line.size() > shared->options.max_request) break;
      out_ += shared->dispatcher.handle(line);
      out_ += '\n';
    }
    inbox_.erase(0, start);
    const std::size_t pending_line = inbox_.find('\n');
    const std::size_t line_len = pending_line == std::string::npos ? inbox_.size() : pending_line;
    if (line_len > shared->options.max_request) {
      inbox_.clear();
      out_ += error_reply({ErrorCode::TooLarge, "request longer than " + std::to_string(shared->options.max_request) + " bytes"}, std::nullopt);
      out_ += '\n';
      closing_ = true;
    }
    if (out_.empty()) return read();
    write();
  }

  void write() {
    asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
      if (ec || self->closing_) return self->close();
      self->out_.clear();
      self->arm_timer();
      self->read();
    });
  }

  Local::socket socket_;
  asio::steady_timer timer_;
  std::weak_ptr<ControlServer::Shared> shared_;
  std::chrono::milliseconds idle_;
  std::array<char, 4096> chunk_{};
  std::string inbox_;
  std::string out_;
  bool closing_ = false;
};

ControlServer::ControlServer(asio::io_context& io, ControlProvider& provider, ControlServerOptions options)
    : options_(options),
      acceptor_(io),
      retry_(io),
      shared_(std::make_shared<Shared>(provider, std::move(options))) {}

ControlServer::~ControlServer() { stop(); }

std::expected<void, std::string> ControlServer::start() {
  if (auto r = prepare_socket_path(options_.path); !r) return r;
  boost::system::error_code ec;
  acceptor_.open(Local(), ec);
  if (ec) return std::unexpected("control socket: " + ec.message());
  // The file is created by bind(): the umask makes it 0600 from the first instant, so no
  // other user can connect in a window before chmod.
  const mode_t old_mask = ::umask(0177);
  acceptor_.bind(Local::endpoint(options_.path), ec);
  ::umask(old_mask);
  if (ec) {
    acceptor_.close();
    return std::unexpected("control socket: bind " + options_.path + ": " + ec.message());
  }
  ::chmod(options_.path.c_str(), 0600);
  auto id = socket_file_id(options_.path);
  if (id) file_id_ = *id;
  bound_ = true;
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    stop();
    return std::unexpected("control socket: listen: " + ec.message());
  }
  accept();
  return {};
}

void ControlServer::accept() {
  accept_loop(acceptor_, retry_, std::weak_ptr<Shared>(shared_), [this](const std::shared_ptr<Shared>& shared, Local::socket socket) {
    auto conn = std::make_shared<Connection>(std::move(socket), std::weak_ptr<Shared>(shared), options_.idle_timeout);
    shared->live.insert(conn);
    if (shared->live.size() > options_.max_clients) {
      conn->start(error_reply({ErrorCode::Busy, "too many clients (max " + std::to_string(options_.max_clients) + ")"}, std::nullopt));
    } else {
      conn->start();
    }
  });
}

void ControlServer::stop() {
  boost::system::error_code ignored;
  retry_.cancel();
  if (acceptor_.is_open()) acceptor_.close(ignored);
  if (shared_) {
    auto live = std::move(shared_->live);
    shared_->live.clear();
    for (const auto& c : live) c->close();
  }
  if (bound_) {
    remove_socket_file(options_.path, file_id_);
    bound_ = false;
  }
}

std::size_t ControlServer::clients() const { return shared_ ? shared_->live.size() : 0; }

}  // namespace vrrp::control
