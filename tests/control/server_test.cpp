// ControlServer on a real Unix socket: file modes, stale sockets, concurrency, and clients
// that are silent, flood it, or never read.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "server_harness.hpp"
#include "vrrpd/control/json.hpp"

namespace vrrp::control {
namespace {

using namespace std::chrono_literals;
using test::Harness;
using test::kStatusLine;
using test::RawClient;

bool is_ok_status(const std::optional<std::string>& line) {
  if (!line) return false;
  auto j = parse_json(*line);
  return j && j->find("ok") && *j->find("ok")->as_bool() && j->find("result")->find("instances")->as_array()->size() == 2;
}

std::string error_code_of(const std::optional<std::string>& line) {
  if (!line) return "<no reply>";
  auto j = parse_json(*line);
  if (!j || !j->find("error")) return "<not an error: " + *line + ">";
  return *j->find("error")->find("code")->as_string();
}

TEST(ControlServer, CreatesPrivateDirectoryAndSocket) {
  Harness h;
  ASSERT_EQ(h.start_error, "");
  struct stat st{};
  ASSERT_EQ(::stat(h.path().c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_EQ(::stat((h.dir() + "/run").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  h.stop();
  EXPECT_NE(::access(h.path().c_str(), F_OK), 0) << "stop() removes the socket file";
}

TEST(ControlServer, AnswersPipelinedRequestsInOrder) {
  Harness h;
  ASSERT_EQ(h.start_error, "");
  RawClient c(h.path());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.send_all(std::string("{\"version\":1,\"id\":1,\"command\":\"status\"}\n") +
                         "{\"version\":1,\"id\":2,\"command\":\"nope\"}\r\n" + "{\"version\":1,\"id\":3,\"command\":\"reload\"}\n"));
  for (int id = 1; id <= 3; ++id) {
    auto line = c.read_line();
    ASSERT_TRUE(line);
    auto j = parse_json(*line);
    ASSERT_TRUE(j);
    EXPECT_EQ(j->find("id")->as_int(), id);
    EXPECT_EQ(*j->find("ok")->as_bool(), id != 2);
  }
}

TEST(ControlServer, ServesManyConcurrentClients) {
  Harness h({.path = "", .max_clients = 64});
  ASSERT_EQ(h.start_error, "");
  constexpr int kClients = 24;
  constexpr int kRequests = 20;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kClients; ++t) {
    threads.emplace_back([&] {
      RawClient c(h.path());
      for (int i = 0; i < kRequests && c.connected(); ++i) {
        if (!c.send_all(kStatusLine)) return;
        if (is_ok_status(c.read_line())) ++good;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), kClients * kRequests);
  EXPECT_EQ(h.provider.snapshots.load(), kClients * kRequests);
}

TEST(ControlServer, SilentClientsDoNotBlockOthersAndTimeOut) {
  Harness h({.path = "", .idle_timeout = 2s});
  ASSERT_EQ(h.start_error, "");
  RawClient silent(h.path());
  RawClient half(h.path());
  ASSERT_TRUE(silent.connected());
  ASSERT_TRUE(half.send_all("{\"version\":1,\"comm"));  // a request that never ends

  const auto start = std::chrono::steady_clock::now();
  RawClient other(h.path());
  ASSERT_TRUE(other.send_all(kStatusLine));
  EXPECT_TRUE(is_ok_status(other.read_line(2s)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms) << "served while the silent clients wait";

  EXPECT_TRUE(silent.closed_by_peer(6s));
  EXPECT_TRUE(half.closed_by_peer(6s));
}

TEST(ControlServer, OneMebibyteOfGarbageGetsTooLargeAndIsClosed) {
  Harness h({.path = "", .max_request = 64 * 1024});
  ASSERT_EQ(h.start_error, "");
  RawClient flood(h.path());
  std::thread sender([&] { flood.send_all(std::string(1 << 20, 'x'), 5s); });  // may fail: closed
  EXPECT_EQ(error_code_of(flood.read_line(5s)), "too_large");
  EXPECT_TRUE(flood.closed_by_peer(5s));
  sender.join();

  RawClient other(h.path());
  ASSERT_TRUE(other.send_all(kStatusLine));
  EXPECT_TRUE(is_ok_status(other.read_line()));
}

TEST(ControlServer, BinaryGarbageLinesGetErrorsNotACrash) {
  Harness h;
  ASSERT_EQ(h.start_error, "");
  RawClient c(h.path());
  std::string junk;
  for (int i = 0; i < 256; ++i) junk += static_cast<char>(i == '\n' ? 0 : i);
  ASSERT_TRUE(c.send_all(junk + "\n{}\n" + "\xff\xfe\n"));
  EXPECT_EQ(error_code_of(c.read_line()), "bad_request");
  EXPECT_EQ(error_code_of(c.read_line()), "bad_request");
  EXPECT_EQ(error_code_of(c.read_line()), "bad_request");
  ASSERT_TRUE(c.send_all(kStatusLine));
  EXPECT_TRUE(is_ok_status(c.read_line()));
}

TEST(ControlServer, ClientThatNeverReadsDoesNotStallOthers) {
  Harness h({.path = "", .idle_timeout = 1s});
  ASSERT_EQ(h.start_error, "");
  RawClient hog(h.path());
  std::string many;
  for (int i = 0; i < 4000; ++i) many += kStatusLine;  // replies far exceed the socket buffers
  hog.send_all(many, 2s);  // stops succeeding once the server, blocked on writing, stops reading
  RawClient other(h.path());
  ASSERT_TRUE(other.send_all(kStatusLine));
  EXPECT_TRUE(is_ok_status(other.read_line(2s)));
  EXPECT_TRUE(hog.closed_by_peer(5s)) << "the stuck writer is dropped after the idle timeout";
}

TEST(ControlServer, ExtraClientsAreToldBusy) {
  Harness h({.path = "", .max_clients = 2});
  ASSERT_EQ(h.start_error, "");
  RawClient a(h.path());
  RawClient b(h.path());
  ASSERT_TRUE(a.send_all(kStatusLine));
  ASSERT_TRUE(is_ok_status(a.read_line()));
  ASSERT_TRUE(b.send_all(kStatusLine));
  ASSERT_TRUE(is_ok_status(b.read_line()));
  RawClient c(h.path());
  EXPECT_EQ(error_code_of(c.read_line()), "busy");
  EXPECT_TRUE(c.closed_by_peer(2s));
  // The two admitted clients are still served.
  ASSERT_TRUE(a.send_all(kStatusLine));
  EXPECT_TRUE(is_ok_status(a.read_line()));
}

TEST(ControlServer, ReplacesAStaleSocketButNotALiveOne) {
  test::TempDir dir;
  const std::string path = dir.path() + "/vrrpd.sock";
  {
    // A socket file whose server is gone, as a crashed daemon leaves it.
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::close(fd);
  }
  Harness first({.path = path});
  ASSERT_EQ(first.start_error, "");
  RawClient c(path);
  ASSERT_TRUE(c.send_all(kStatusLine));
  EXPECT_TRUE(is_ok_status(c.read_line()));

  Harness second({.path = path});
  EXPECT_EQ(second.start_error, "another process is serving " + path + " (is vrrpd already running?)");
  second.stop();
  // The failed second server must not have removed the first one's socket.
  RawClient d(path);
  ASSERT_TRUE(d.send_all(kStatusLine));
  EXPECT_TRUE(is_ok_status(d.read_line()));
}

TEST(ControlServer, RefusesToDeleteSomethingThatIsNotASocket) {
  test::TempDir dir;
  const std::string path = dir.path() + "/vrrpd.sock";
  std::ofstream(path) << "precious";
  Harness h({.path = path});
  EXPECT_EQ(h.start_error, path + " exists and is not a socket; not removing it");
  h.stop();
  std::ifstream in(path);
  std::string content;
  in >> content;
  EXPECT_EQ(content, "precious");
}

TEST(ControlServer, RejectsOverlongPaths) {
  Harness h({.path = "/tmp/" + std::string(120, 'a')});
  EXPECT_NE(h.start_error.find("too long"), std::string::npos) << h.start_error;
}

}  // namespace
}  // namespace vrrp::control
