// NotifyFifo and fifo_line: keepalived's exact line format, non-blocking writes with a bounded
// buffer and counted drops for a slow reader, the fifo script, create/unlink.
#include "vrrpd/exec/notify_fifo.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "exec/exec_test_util.hpp"

namespace vrrp::daemon::exec {
namespace {

using namespace std::chrono_literals;
using test::TempDir;

TEST(FifoLine, KeepalivedFormat) {
  EXPECT_EQ(fifo_line(NotifyScope::Instance, "VI_1", NotifyEvent::Master, 100),
            "INSTANCE \"VI_1\" MASTER 100\n");
  EXPECT_EQ(fifo_line(NotifyScope::Group, "SG1", NotifyEvent::Backup, 100), "GROUP \"SG1\" BACKUP 0\n");
  EXPECT_EQ(fifo_line(NotifyScope::Instance, "v", NotifyEvent::MasterRxLowerPri, 254),
            "INSTANCE \"v\" MASTER_RX_LOWER_PRI 254\n");
  EXPECT_EQ(fifo_line(NotifyScope::Instance, "v", NotifyEvent::BackupPriority, 90),
            "INSTANCE \"v\" BACKUP_PRIORITY 90\n");
  EXPECT_EQ(fifo_line(NotifyScope::Instance, "v", NotifyEvent::MasterPriority, 91),
            "INSTANCE \"v\" MASTER_PRIORITY 91\n");
  EXPECT_EQ(fifo_line(NotifyScope::Instance, "v", NotifyEvent::Deleted, 0), "INSTANCE \"v\" DELETED 0\n");
  EXPECT_EQ(fifo_line(NotifyScope::Group, "g", NotifyEvent::Stop, 0), "GROUP \"g\" STOP 0\n");
  EXPECT_EQ(fifo_line(NotifyScope::Instance, "v", NotifyEvent::Fault, 0), "INSTANCE \"v\" FAULT 0\n");
}

struct NotifyFifoTest : ::testing::Test {
  boost::asio::io_context io;
  ScriptRunner runner{io};
  TempDir dir;
  std::string path = dir.file("fifo");

  static std::string drain(int fd) {
    std::string got;
    char buf[4096];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n <= 0) break;
      got.append(buf, static_cast<std::size_t>(n));
    }
    return got;
  }
};

TEST_F(NotifyFifoTest, CreatesFifoWritesExactLinesAndUnlinks) {
  NotifyFifo fifo(io, runner);
  ASSERT_EQ(fifo.open(path), std::nullopt);
  struct stat st {};
  ASSERT_EQ(::lstat(path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const int reader = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  fifo.write(NotifyScope::Instance, "VI_1", NotifyEvent::Backup, 100);
  fifo.write(NotifyScope::Instance, "VI_1", NotifyEvent::Master, 100);
  fifo.write(NotifyScope::Group, "SG1", NotifyEvent::Master, 100);
  EXPECT_EQ(drain(reader),
            "INSTANCE \"VI_1\" BACKUP 100\nINSTANCE \"VI_1\" MASTER 100\nGROUP \"SG1\" MASTER 0\n");
  EXPECT_EQ(fifo.lines_accepted(), 3u);
  ::close(reader);
  fifo.close();
  EXPECT_NE(::access(path.c_str(), F_OK), 0);
}

TEST_F(NotifyFifoTest, ExistingFifoIsKeptAndNonFifoRefused) {
  ASSERT_EQ(::mkfifo(path.c_str(), 0644), 0);
  {
    NotifyFifo fifo(io, runner);
    ASSERT_EQ(fifo.open(path), std::nullopt);
  }
  EXPECT_EQ(::access(path.c_str(), F_OK), 0);  // not ours to remove
  const std::string plain = dir.file("plain");
  std::ofstream(plain) << "x";
  NotifyFifo fifo(io, runner);
  EXPECT_EQ(fifo.open(plain), "notify fifo " + plain + ": exists and is not a FIFO");
  EXPECT_FALSE(fifo.is_open());
}

TEST_F(NotifyFifoTest, SlowReaderNeverBlocksAndDropsAreCountedWholeLines) {
  constexpr std::size_t kLimit = 1024;
  constexpr int kLines = 5000;  // ~150 KB: far more than the 64 KB pipe plus our buffer
  NotifyFifo fifo(io, runner, kLimit);
  ASSERT_EQ(fifo.open(path), std::nullopt);
  const int reader = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kLines; ++i) fifo.write(NotifyScope::Instance, "VI_" + std::to_string(i), NotifyEvent::Master, 100);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1000ms);  // never waited for the reader
  EXPECT_GT(fifo.lines_dropped(), 0u);
  EXPECT_LE(fifo.buffered(), kLimit);
  EXPECT_EQ(fifo.lines_accepted() + fifo.lines_dropped(), static_cast<std::uint64_t>(kLines));
  // Now the reader catches up while the loop flushes our buffer.
  std::string got;
  ASSERT_TRUE(test::run_until(io, [&] {
    got += drain(reader);
    return fifo.buffered() == 0;
  }));
  got += drain(reader);
  // Every accepted line arrived whole and in order; the dropped ones are simply missing.
  std::istringstream in(got);
  std::string line;
  std::uint64_t count = 0;
  int last = -1;
  while (std::getline(in, line)) {
    int index = -1;
    ASSERT_EQ(std::sscanf(line.c_str(), "INSTANCE \"VI_%d\" MASTER 100", &index), 1) << line;
    EXPECT_EQ(line, "INSTANCE \"VI_" + std::to_string(index) + "\" MASTER 100");
    EXPECT_GT(index, last);
    last = index;
    ++count;
  }
  EXPECT_EQ(count, fifo.lines_accepted());
  EXPECT_GE(last, 0);
  EXPECT_TRUE(got.rfind("INSTANCE \"VI_0\" MASTER 100\n", 0) == 0);  // the oldest came first
  ::close(reader);
}

TEST_F(NotifyFifoTest, FifoScriptGetsPathAsLastArgumentAndReadsLines) {
  const std::string out = dir.file("out");
  const std::string args = dir.file("args");
  Command script{{dir.script("reader", "echo \"$*\" > " + args + "\nwhile read -r l; do echo \"$l\" >> " +
                                           out + "; done < \"$2\""),
                  "first"},
                 {}};
  NotifyFifo fifo(io, runner);
  ASSERT_EQ(fifo.open(path, script), std::nullopt);
  EXPECT_TRUE(fifo.script_running());
  fifo.write(NotifyScope::Instance, "VI_1", NotifyEvent::Master, 100);
  fifo.write(NotifyScope::Group, "G", NotifyEvent::Fault, 100);
  const std::string want = "INSTANCE \"VI_1\" MASTER 100\nGROUP \"G\" FAULT 0\n";
  ASSERT_TRUE(test::run_until(io, [&] { return test::read_file(out) == want; }, 5000ms))
      << test::read_file(out);
  EXPECT_EQ(test::read_file(args), "first " + path + "\n");
  fifo.close();
  ASSERT_TRUE(test::run_until(io, [&] { return runner.running() == 0; }, 5000ms));
  EXPECT_FALSE(fifo.script_running());
}

}  // namespace
}  // namespace vrrp::daemon::exec
