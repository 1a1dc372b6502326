// The /metrics page: rendering checked by a strict exposition-format parser (and promtool when
// the prometheus package is installed), the HTTP listener scraped with curl.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "prom_text_parser.hpp"
#include "server_harness.hpp"
#include "vrrpd/control/http_request.hpp"
#include "vrrpd/control/metrics.hpp"

namespace vrrp::control {
namespace {

using namespace std::chrono_literals;
using test::parse_prom_text;
using test::PromFamily;

const PromFamily* family(const std::vector<PromFamily>& fs, std::string_view name) {
  for (const auto& f : fs) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

double value_of(const std::vector<PromFamily>& fs, std::string_view name, std::string_view instance,
                std::string_view extra_key = {}, std::string_view extra_value = {}) {
  const PromFamily* f = family(fs, name);
  if (!f) return -1;
  for (const auto& s : f->samples) {
    if (s.label("instance") == instance && (extra_key.empty() || s.label(extra_key) == extra_value)) return s.value;
  }
  return -1;
}

// Runs a shell command, returning its exit status and stdout.
std::pair<int, std::string> shell(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return {-1, out};
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(Metrics, RenderedPageIsStrictlyValidAndFollowsConventions) {
  test::FakeProvider p;
  const auto fs = parse_prom_text(render_metrics(p.snapshot()));
  ASSERT_TRUE(fs) << fs.error();
  for (const auto& f : *fs) {
    EXPECT_TRUE(f.has_help && f.has_type) << f.name;
    EXPECT_TRUE(f.name.starts_with("vrrpd_")) << f.name;
    EXPECT_EQ(f.type == "counter", f.name.ends_with("_total")) << f.name;
    for (const auto& s : f.samples) {
      if (s.name.starts_with("vrrpd_instance_") || s.name == "vrrpd_adverts_sent_total") {
        for (const char* label : {"instance", "interface", "vrid", "family"}) {
          EXPECT_FALSE(s.label(label).empty()) << s.name << " lacks " << label;
        }
      }
    }
  }
  EXPECT_EQ(value_of(*fs, "vrrpd_instance_state", "VI_1", "state", "master"), 1);
  EXPECT_EQ(value_of(*fs, "vrrpd_instance_state", "VI_1", "state", "backup"), 0);
  EXPECT_EQ(value_of(*fs, "vrrpd_instance_state", "VI_6", "state", "backup"), 1);
  EXPECT_EQ(value_of(*fs, "vrrpd_instance_effective_priority", "VI_6"), 80);
  EXPECT_EQ(value_of(*fs, "vrrpd_instance_base_priority", "VI_6"), 100);
  EXPECT_EQ(value_of(*fs, "vrrpd_adverts_sent_total", "VI_1"), 12345678901234.0);
  EXPECT_EQ(value_of(*fs, "vrrpd_adverts_received_total", "VI_6"), 99);
  EXPECT_EQ(value_of(*fs, "vrrpd_became_master_total", "VI_1"), 1);
  EXPECT_EQ(value_of(*fs, "vrrpd_announcements_sent_total", "VI_1"), 5);
  EXPECT_EQ(value_of(*fs, "vrrpd_adverts_dropped_total", "VI_1", "reason", "auth_failures"), 2);
  EXPECT_EQ(value_of(*fs, "vrrpd_adverts_dropped_total", "VI_1", "reason", "adv_interval_errors"), 1);
  EXPECT_EQ(family(*fs, "vrrpd_adverts_dropped_total")->samples.size(),
            2 * (static_cast<std::size_t>(proto::DropReason::kCount) - 1));
  EXPECT_EQ(family(*fs, "vrrpd_loop_stalls_total")->samples.at(0).value, 2);
  EXPECT_EQ(value_of(*fs, "vrrpd_router_dropped_total", "", "reason", "vrid_errors"), 7);
  const PromFamily* since = family(*fs, "vrrpd_instance_state_since_seconds");
  ASSERT_NE(since, nullptr);
  EXPECT_EQ(since->samples.at(0).value, 1'800'000'100);
}

TEST(Metrics, LabelValuesAreEscaped) {
  test::FakeProvider p;
  p.snapshot_.instances[0].name = "we\"ird\\name\nx";
  const std::string text = render_metrics(p.snapshot());
  EXPECT_NE(text.find(R"(instance="we\"ird\\name\nx")"), std::string::npos);
  const auto fs = parse_prom_text(text);
  ASSERT_TRUE(fs) << fs.error();
  EXPECT_EQ(value_of(*fs, "vrrpd_instance_effective_priority", "we\"ird\\name\nx"), 150);
}

TEST(PromTextParser, RefusesInvalidExpositions) {
  const char* bad[] = {
      "a 1",                                   // no final newline
      "a{b=\"x\\t\"} 1\n",                     // bad escape
      "a{b=\"x\",b=\"y\"} 1\n",                // duplicate label
      "a{b=\"x\"} 1\na{b=\"x\"} 2\n",          // duplicate series
      "a 1\nb 1\na{c=\"d\"} 1\n",              // family split
      "a 1\n# TYPE a gauge\n",                 // TYPE after samples
      "a one\n",                               // bad value
      "# TYPE a counter\na -1\n",              // negative counter
      "1a 1\n",                                // bad name
      "a{__x=\"1\"} 1\n",                      // reserved label name
      "a{b=\"1\"}1\n",                         // no blank before value
  };
  for (const char* text : bad) EXPECT_FALSE(parse_prom_text(text)) << text;
  EXPECT_TRUE(parse_prom_text("# HELP a x\\ny\n# TYPE a gauge\na{b=\"\\\"\"} +Inf 123\n\n"));
}

class MetricsListener : public ::testing::Test {
 protected:
  MetricsListener() : h(ControlServerOptions{}, MetricsServerOptions{.listen = "127.0.0.1:0", .max_clients = 4, .timeout = 1s}) {}
  void SetUp() override {
    ASSERT_EQ(h.start_error, "");
    port = h.metrics_port();
    ASSERT_NE(port, 0);
    url = "http://127.0.0.1:" + std::to_string(port);
  }
  test::Harness h;
  std::uint16_t port = 0;
  std::string url;
};

TEST_F(MetricsListener, CurlScrapeIsValid) {
  const auto [rc, out] = shell("curl -sS --max-time 5 -D " + h.dir() + "/headers " + url + "/metrics");
  ASSERT_EQ(rc, 0) << out;
  std::ifstream hin(h.dir() + "/headers");
  std::string status_line;
  std::getline(hin, status_line);
  EXPECT_EQ(status_line, "HTTP/1.1 200 OK\r");
  std::stringstream headers;
  headers << hin.rdbuf();
  EXPECT_NE(headers.str().find("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"), std::string::npos);
  const auto fs = parse_prom_text(out);
  ASSERT_TRUE(fs) << fs.error();
  EXPECT_EQ(value_of(*fs, "vrrpd_instance_state", "VI_1", "state", "master"), 1);
  EXPECT_EQ(out, h.on_loop([&] { return render_metrics(h.provider.snapshot()); }));
}

TEST_F(MetricsListener, PromtoolAcceptsTheScrape) {
  if (::access("/usr/bin/promtool", X_OK) != 0) GTEST_SKIP() << "promtool not installed (apt-get install prometheus)";
  const auto [rc, out] = shell("curl -sS --max-time 5 " + url + "/metrics | promtool check metrics 2>&1");
  EXPECT_EQ(rc, 0) << out;
  EXPECT_EQ(out, "");
}

TEST_F(MetricsListener, OtherRequestsGetHttpErrors) {
  EXPECT_EQ(shell("curl -s -o /dev/null -w '%{http_code}' --max-time 5 " + url + "/").second, "404");
  EXPECT_EQ(shell("curl -s -o /dev/null -w '%{http_code}' --max-time 5 " + url + "/metricsx").second, "404");
  EXPECT_EQ(shell("curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST " + url + "/metrics").second, "405");
  EXPECT_EQ(shell("curl -s -o /dev/null -w '%{http_code}' --max-time 5 " + url + "/metrics?x=1").second, "200");
  const auto head = shell("curl -sS -I --max-time 5 " + url + "/metrics");
  EXPECT_EQ(head.first, 0);
  EXPECT_EQ(head.second.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << head.second;
  EXPECT_EQ(shell("curl -s -o /dev/null -w '%{http_code}' --http1.0 --max-time 5 " + url + "/metrics").second, "200");
}

class Tcp {
 public:
  explicit Tcp(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ok_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Tcp() { ::close(fd_); }
  bool ok() const { return ok_; }
  void send(const std::string& s) { (void)!::send(fd_, s.data(), s.size(), MSG_NOSIGNAL); }
  /// Everything until the server closes (or 5 s pass).
  std::string read_all() {
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd_, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    return out;
  }

 private:
  int fd_ = -1;
  bool ok_ = false;
};

TEST_F(MetricsListener, MalformedAndOversizedRequestsAreRefused) {
  Tcp garbage(port);
  ASSERT_TRUE(garbage.ok());
  garbage.send("\x16\x03\x01 hello\r\n\r\n");
  EXPECT_EQ(garbage.read_all().rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u);

  Tcp big(port);
  ASSERT_TRUE(big.ok());
  big.send("GET /metrics HTTP/1.1\r\nX-Pad: " + std::string(kMaxHttpHead, 'a'));
  EXPECT_EQ(big.read_all().rfind("HTTP/1.1 431 ", 0), 0u);
}

TEST_F(MetricsListener, SlowClientsTimeOutWithoutBlockingScrapes) {
  Tcp slow(port);
  ASSERT_TRUE(slow.ok());
  slow.send("GET /metr");  // and nothing more
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(shell("curl -s -o /dev/null -w '%{http_code}' --max-time 5 " + url + "/metrics").second, "200");
  EXPECT_EQ(slow.read_all(), "") << "closed without an answer";
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 800ms);
  EXPECT_LT(waited, 4s) << "the 1 s exchange deadline closed it";
}

TEST(HttpRequest, ParsesRequestHeads) {
  auto r = parse_http_head("GET /metrics?a=b HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->target, "/metrics");
  EXPECT_EQ(r->version, "HTTP/1.1");
  EXPECT_TRUE(parse_http_head("GET /metrics HTTP/1.0\n\n"));
  EXPECT_FALSE(parse_http_head("GET /metrics HTTP/2\r\n\r\n"));
  EXPECT_FALSE(parse_http_head("GET metrics HTTP/1.1\r\n\r\n"));
  EXPECT_FALSE(parse_http_head("GET  HTTP/1.1\r\n\r\n"));
  EXPECT_FALSE(parse_http_head("GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n"));
  EXPECT_EQ(http_head_end("GET / HTTP/1.1\r\n\r\nrest"), 18u);
  EXPECT_EQ(http_head_end("GET / HTTP/1.1\r\nHost: a"), std::nullopt);
}

TEST(ListenAddress, ParsesNumericAddresses) {
  auto a = parse_listen_address("127.0.0.1:9650");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port(), 9650);
  EXPECT_EQ(a->address().to_string(), "127.0.0.1");
  auto b = parse_listen_address("[::1]:9650");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->address().is_v6());
  EXPECT_FALSE(parse_listen_address("localhost:9650"));
  EXPECT_FALSE(parse_listen_address("127.0.0.1"));
  EXPECT_FALSE(parse_listen_address("127.0.0.1:70000"));
  EXPECT_FALSE(parse_listen_address("::1:9650"));
  EXPECT_FALSE(parse_listen_address("127.0.0.1:"));
}

}  // namespace
}  // namespace vrrp::control
