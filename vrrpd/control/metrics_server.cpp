// Metrics HTTP listener: read a bounded request head, answer from a fresh snapshot, close.
#include "vrrpd/control/metrics_server.hpp"
#include "vrrpd/control/accept_loop.hpp"

#include <array>
#include <charconv>
#include <set>

#include <boost/asio/write.hpp>

#include "vrrpd/control/http_request.hpp"
#include "vrrpd/control/metrics.hpp"

namespace vrrp::control {

namespace asio = boost::asio;
using Tcp = asio::ip::tcp;

class MetricsConnection;

struct MetricsServer::Shared {
  explicit Shared(ControlProvider& p) : provider(p) {}
  ControlProvider& provider;
  std::set<std::shared_ptr<MetricsConnection>> live;
};

class MetricsConnection : public std::enable_shared_from_this<MetricsConnection> {
 public:
  MetricsConnection(Tcp::socket socket, std::weak_ptr<MetricsServer::Shared> shared, std::chrono::milliseconds timeout)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), shared_(std::move(shared)), timeout_(timeout) {}

  void start() {
    // One deadline for the whole exchange: a client that trickles bytes cannot keep it open.
    timer_.expires_after(timeout_);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->close();
    });
    read();
  }

  void close() {
    boost::system::error_code ignored;
    timer_.cancel();
    socket_.shutdown(Tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    if (auto s = shared_.lock()) s->live.erase(shared_from_this());
  }

 private:
  void read() {
    socket_.async_read_some(asio::buffer(chunk_), [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
      if (ec) return self->close();
      self->inbox_.append(self->chunk_.data(), n);
      const auto end = http_head_end(self->inbox_);
      if (!end) {
        if (self->inbox_.size() >= kMaxHttpHead) {
          return self->respond({431, "Request Header Fields Too Large", "text/plain; charset=utf-8", "request head too large\n"}, false);
        }
        return self->read();
      }
      self->answer(std::string_view(self->inbox_).substr(0, *end));
    });
  }

  void answer(std::string_view head) {
    const auto req = parse_http_head(head);
    if (!req) return respond({400, "Bad Request", "text/plain; charset=utf-8", "bad request\n"}, false);
    const bool head_only = req->method == "HEAD";
    if (req->method != "GET" && !head_only) {
      return respond({405, "Method Not Allowed", "text/plain; charset=utf-8", "only GET and HEAD\n"}, false);
    }
    if (req->target != "/metrics") return respond({404, "Not Found", "text/plain; charset=utf-8", "try /metrics\n"}, head_only);
    auto shared = shared_.lock();
    if (!shared) return close();
    respond({200, "OK", std::string(kMetricsContentType), render_metrics(shared->provider.snapshot())}, head_only);
  }

  void respond(const HttpAnswer& a, bool head_only) {
    out_ = render_http_response(a, head_only);
    asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this()](const boost::system::error_code&, std::size_t) {
      self->close();
    });
  }

  Tcp::socket socket_;
  asio::steady_timer timer_;
  std::weak_ptr<MetricsServer::Shared> shared_;
  std::chrono::milliseconds timeout_;
  std::array<char, 2048> chunk_{};
  std::string inbox_;
  std::string out_;
};

std::expected<Tcp::endpoint, std::string> parse_listen_address(std::string_view text) {
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) return std::unexpected("expected [IPv6]:PORT, got \"" + std::string(text) + "\"");
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) {
      return std::unexpected("expected ADDR:PORT or [IPv6]:PORT, got \"" + std::string(text) + "\"");
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned p = 0;
  const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
  if (port.empty() || ec != std::errc{} || ptr != port.data() + port.size() || p > 65535) {
    return std::unexpected("bad port \"" + std::string(port) + "\"");
  }
  boost::system::error_code err;
  const auto addr = asio::ip::make_address(std::string(host), err);
  if (err) return std::unexpected("bad address \"" + std::string(host) + "\" (numeric address expected)");
  return Tcp::endpoint(addr, static_cast<unsigned short>(p));
}

MetricsServer::MetricsServer(asio::io_context& io, ControlProvider& provider, MetricsServerOptions options)
    : options_(std::move(options)), acceptor_(io), retry_(io), shared_(std::make_shared<Shared>(provider)) {}

MetricsServer::~MetricsServer() { stop(); }

std::expected<void, std::string> MetricsServer::start() {
  auto ep = parse_listen_address(options_.listen);
  if (!ep) return std::unexpected("metrics listener: " + ep.error());
  boost::system::error_code ec;
  acceptor_.open(ep->protocol(), ec);
  if (!ec) acceptor_.set_option(Tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(*ep, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor_.close();
    return std::unexpected("metrics listener on " + options_.listen + ": " + ec.message());
  }
  accept();
  return {};
}

void MetricsServer::accept() {
  accept_loop(acceptor_, retry_, std::weak_ptr<Shared>(shared_), [this](const std::shared_ptr<Shared>& shared, Tcp::socket socket) {
    if (shared->live.size() >= options_.max_clients) {
      boost::system::error_code ignored;
      socket.close(ignored);
      return;
    }
    auto conn = std::make_shared<MetricsConnection>(std::move(socket), std::weak_ptr<Shared>(shared), options_.timeout);
    shared->live.insert(conn);
    conn->start();
  });
}

void MetricsServer::stop() {
  boost::system::error_code ignored;
  retry_.cancel();
  if (acceptor_.is_open()) acceptor_.close(ignored);
  if (shared_) {
    auto live = std::move(shared_->live);
    shared_->live.clear();
    for (const auto& c : live) c->close();
  }
}

std::uint16_t MetricsServer::port() const {
  boost::system::error_code ec;
  const auto ep = acceptor_.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

std::size_t MetricsServer::clients() const { return shared_ ? shared_->live.size() : 0; }

}  // namespace vrrp::control
