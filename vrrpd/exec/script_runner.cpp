// ScriptRunner: spawn via spawn_process(), watch the leader through a pidfd (poll fallback for
// kernels without pidfd_open), timeout timers, captured output through a non-blocking pipe.
#include "vrrpd/exec/script_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "vrrpd/exec/path_lookup.hpp"
#include "vrrpd/exec/spawn.hpp"

extern char** environ;

namespace vrrp::daemon::exec {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kPollFallback = std::chrono::milliseconds(20);

int open_pidfd(pid_t pid) {
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0U));
}

std::string errno_text(int err) { return std::strerror(err); }

/// Moves `fd` to a number >= 3: a daemon started with stdio closed gets low numbers from open()
/// and pipe(), which the child's dup onto 0..2 would clobber.
int above_stdio(int fd) {
  if (fd < 0 || fd > 2) return fd;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  ::close(fd);
  return moved;
}

}  // namespace

std::string RunResult::describe() const {
  switch (outcome) {
    case Outcome::Exited:
      return "exited with status " + std::to_string(exit_code);
    case Outcome::Signaled:
      return "killed by signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
    case Outcome::TimedOut:
      return "timed out after " +
             std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()) +
             " ms, process group killed";
    case Outcome::SpawnFailed:
      return "cannot start (" + spawn_stage + "): " + errno_text(spawn_error);
  }
  return "?";
}

struct ScriptRunner::Job {
  Job(asio::io_context& io, ScriptRunner* runner) : owner(runner), timeout_timer(io), kill_timer(io),
                                                    poll_timer(io) {}
  ScriptRunner* owner;  // nulled by ~ScriptRunner: late completions then do nothing
  RunId id = 0;
  pid_t pid = -1;
  RunOptions options;
  Handler done;
  Clock::time_point started;
  std::optional<asio::posix::stream_descriptor> pidfd;
  std::optional<asio::posix::stream_descriptor> out;
  asio::steady_timer timeout_timer;
  asio::steady_timer kill_timer;
  asio::steady_timer poll_timer;
  // Set once the leader has exited; while a read is in flight, its completion finishes the run
  // (the reactor may already hold bytes it read for us, which a synchronous drain would lose).
  bool reading = false;
  bool exited = false;
  int wait_status = 0;
  bool status_known = false;
  std::array<char, 4096> buffer{};
  std::string output;
  std::size_t dropped = 0;
  bool timed_out = false;
  bool term_sent = false;

  void keep(const char* data, std::size_t n) {
    const std::size_t room =
        output.size() < options.capture_limit ? options.capture_limit - output.size() : 0;
    const std::size_t take = n < room ? n : room;
    output.append(data, take);
    dropped += n - take;
  }
};

ScriptRunner::ScriptRunner(asio::io_context& io, std::string search_path)
    : io_(io), search_path_(search_path.empty() ? default_search_path() : std::move(search_path)) {
  dev_null_ = above_stdio(::open("/dev/null", O_RDWR | O_CLOEXEC));
}

ScriptRunner::~ScriptRunner() {
  for (auto& [id, job] : jobs_) {
    job->owner = nullptr;
    ::kill(-job->pid, SIGKILL);
    boost::system::error_code ignored;
    job->timeout_timer.cancel();
    job->kill_timer.cancel();
    job->poll_timer.cancel();
    if (job->pidfd) job->pidfd->close(ignored);
    if (job->out) job->out->close(ignored);
    int status = 0;
    // SIGKILLed: the leader is gone within microseconds; this is shutdown, blocking is fine.
    while (::waitpid(job->pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (dev_null_ >= 0) ::close(dev_null_);
}

ScriptRunner::RunId ScriptRunner::run(const Command& command, const RunOptions& options,
                                      Handler done) {
  const RunId id = next_id_++;
  auto fail = [&](const char* stage, int err) {
    ++spawn_failures_;
    RunResult r;
    r.outcome = RunResult::Outcome::SpawnFailed;
    r.spawn_stage = stage;
    r.spawn_error = err;
    asio::post(io_, [done = std::move(done), r = std::move(r)] {
      if (done) done(r);
    });
    return id;
  };
  if (command.argv.empty()) return fail("argv", EINVAL);
  const auto path = resolve_command(command.argv[0], search_path_);
  if (!path) return fail("resolve", ENOENT);
  if (dev_null_ < 0) return fail("open /dev/null", EBADF);

  std::vector<char*> argv;
  for (const auto& word : command.argv) argv.push_back(const_cast<char*>(word.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> shell_argv{const_cast<char*>("/bin/sh"), const_cast<char*>(path->c_str())};
  shell_argv.insert(shell_argv.end(), argv.begin() + 1, argv.end());

  int pipe_fds[2] = {-1, -1};
  const bool capture = options.output == Output::Capture;
  if (capture && ::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) return fail("pipe", errno);
  if (capture) {
    pipe_fds[0] = above_stdio(pipe_fds[0]);
    pipe_fds[1] = above_stdio(pipe_fds[1]);
    if (pipe_fds[0] < 0 || pipe_fds[1] < 0) {
      const int err = errno;
      if (pipe_fds[0] >= 0) ::close(pipe_fds[0]);
      if (pipe_fds[1] >= 0) ::close(pipe_fds[1]);
      return fail("pipe", err);
    }
    // Only our read end is non-blocking; the script sees an ordinary blocking pipe.
    ::fcntl(pipe_fds[1], F_SETFL, ::fcntl(pipe_fds[1], F_GETFL) & ~O_NONBLOCK);
  }

  SpawnRequest req;
  req.path = path->c_str();
  req.argv = argv.data();
  req.shell_argv = shell_argv.data();
  req.envp = environ;
  req.stdin_fd = dev_null_;
  req.stdout_fd = capture ? pipe_fds[1] : dev_null_;
  req.stderr_fd = req.stdout_fd;
  req.run_as = &command.run_as;
  const Clock::time_point started = Clock::now();
  const Spawned spawned = spawn_process(req);
  if (capture) ::close(pipe_fds[1]);
  if (spawned.pid < 0) {
    if (capture) ::close(pipe_fds[0]);
    return fail(spawned.stage, spawned.error);
  }

  ++started_;
  auto job = std::make_shared<Job>(io_, this);
  job->id = id;
  job->pid = spawned.pid;
  job->options = options;
  job->done = std::move(done);
  job->started = started;
  if (capture) job->out.emplace(io_, pipe_fds[0]);
  // The leader is our unreaped child, so its pid cannot be reused before we open the pidfd.
  if (const int fd = open_pidfd(spawned.pid); fd >= 0) job->pidfd.emplace(io_, fd);
  jobs_.emplace(id, job);

  if (options.timeout) {
    job->timeout_timer.expires_after(*options.timeout);
    job->timeout_timer.async_wait([job](const boost::system::error_code& ec) {
      if (ec || !job->owner) return;
      ++job->owner->timeouts_;
      job->owner->kill_group(job, true);
    });
  }
  watch_exit(job);
  if (job->out) read_output(job);
  return id;
}

void ScriptRunner::watch_exit(const std::shared_ptr<Job>& job) {
  if (job->pidfd) {
    job->pidfd->async_wait(asio::posix::stream_descriptor::wait_read,
                           [job](const boost::system::error_code& ec) {
                             if (ec || !job->owner) return;
                             job->owner->on_maybe_exited(job);
                           });
  } else {
    job->poll_timer.expires_after(kPollFallback);
    job->poll_timer.async_wait([job](const boost::system::error_code& ec) {
      if (ec || !job->owner) return;
      job->owner->on_maybe_exited(job);
    });
  }
}

void ScriptRunner::read_output(const std::shared_ptr<Job>& job) {
  job->reading = true;
  job->out->async_read_some(asio::buffer(job->buffer),
                            [job](const boost::system::error_code& ec, std::size_t n) {
                              job->reading = false;
                              if (!job->owner || !job->out) return;
                              job->keep(job->buffer.data(), n);
                              if (job->exited) return job->owner->finish(job);
                              if (!ec) job->owner->read_output(job);
                            });
}

void ScriptRunner::on_maybe_exited(const std::shared_ptr<Job>& job) {
  siginfo_t info{};
  // Peek first: while the leader is an unreaped zombie its pid (= the pgid) cannot be reused,
  // so the group kill below cannot hit a stranger.
  if (::waitid(P_PID, static_cast<id_t>(job->pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    if (errno == EINTR) return watch_exit(job);
    return exited(job, 0, false);  // ECHILD: someone else reaped it (SIGCHLD ignored?)
  }
  if (info.si_pid == 0) return watch_exit(job);
  // A run we killed must not leave helpers behind that ignored the SIGTERM.
  if (job->timed_out || job->term_sent) ::kill(-job->pid, SIGKILL);
  int status = 0;
  const pid_t reaped = ::waitpid(job->pid, &status, WNOHANG);
  exited(job, status, reaped == job->pid);
}

void ScriptRunner::exited(const std::shared_ptr<Job>& job, int wait_status, bool status_known) {
  job->exited = true;
  job->wait_status = wait_status;
  job->status_known = status_known;
  if (job->out && job->reading) {
    boost::system::error_code ignored;
    job->out->cancel(ignored);  // its completion (data or operation_aborted) calls finish()
    return;
  }
  finish(job);
}

void ScriptRunner::kill_group(const std::shared_ptr<Job>& job, bool timed_out) {
  if (timed_out) job->timed_out = true;
  if (job->term_sent) return;
  job->term_sent = true;
  ::kill(-job->pid, SIGTERM);
  job->kill_timer.expires_after(job->options.kill_grace);
  job->kill_timer.async_wait([job](const boost::system::error_code& ec) {
    if (ec || !job->owner) return;
    ::kill(-job->pid, SIGKILL);  // the leader is unreaped (we reap only in finish): pgid is ours
  });
}

void ScriptRunner::terminate(RunId id) {
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return;
  kill_group(it->second, false);
}

void ScriptRunner::terminate_all() {
  for (auto& [id, job] : jobs_) kill_group(job, false);
}

void ScriptRunner::finish(const std::shared_ptr<Job>& job) {
  const int wait_status = job->wait_status;
  const bool status_known = job->status_known;
  job->timeout_timer.cancel();
  job->kill_timer.cancel();
  job->poll_timer.cancel();
  boost::system::error_code ignored;
  if (job->out) {
    // The leader is gone; whatever it wrote is in the pipe now. A background helper may still
    // hold the write end, so take what is there without waiting for EOF.
    for (;;) {
      const ssize_t n = ::read(job->out->native_handle(), job->buffer.data(), job->buffer.size());
      if (n <= 0) break;
      job->keep(job->buffer.data(), static_cast<std::size_t>(n));
    }
    job->out->close(ignored);
    job->out.reset();
  }
  if (job->pidfd) job->pidfd->close(ignored);

  RunResult r;
  r.pid = job->pid;
  r.elapsed = Clock::now() - job->started;
  r.output = std::move(job->output);
  r.output_dropped = job->dropped;
  if (!status_known) {
    r.outcome = RunResult::Outcome::Exited;  // status lost to another reaper: assume failure
    r.exit_code = -1;
  } else if (WIFEXITED(wait_status)) {
    r.outcome = RunResult::Outcome::Exited;
    r.exit_code = WEXITSTATUS(wait_status);
  } else {
    r.outcome = RunResult::Outcome::Signaled;
    r.signal = WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0;
  }
  if (job->timed_out) r.outcome = RunResult::Outcome::TimedOut;
  Handler done = std::move(job->done);
  job->owner = nullptr;
  jobs_.erase(job->id);
  if (done) done(r);
}

}  // namespace vrrp::daemon::exec
