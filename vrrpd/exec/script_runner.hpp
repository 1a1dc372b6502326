// Runs child processes asynchronously on the daemon's io_context: each in its own process
// group, with a timeout that kills the whole group (SIGTERM, then SIGKILL), optional captured
// output, and reaping through a pidfd so nothing ever blocks the loop.
#pragma once

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "vrrpd/exec/command.hpp"

namespace vrrp::daemon::exec {

/// How one run ended.
struct RunResult {
  enum class Outcome : unsigned char {
    Exited,       // exit_code is valid
    Signaled,     // signal is valid (also after terminate())
    TimedOut,     // killed by the runner at the timeout; signal says by which signal it died
    SpawnFailed,  // nothing ran: spawn_stage / spawn_error say why
  };
  Outcome outcome = Outcome::SpawnFailed;
  pid_t pid = -1;
  int exit_code = -1;
  int signal = 0;
  int spawn_error = 0;
  std::string spawn_stage;     // "resolve", "pipe", "clone", "setuid", "execve", ...
  std::string output;          // Output::Capture only, at most capture_limit bytes
  std::size_t output_dropped = 0;
  std::chrono::steady_clock::duration elapsed{};

  bool success() const { return outcome == Outcome::Exited && exit_code == 0; }
  /// One line for the log: "exit 3", "killed by signal 9", "timed out", "cannot start: ...".
  std::string describe() const;
};

class ScriptRunner {
 public:
  using RunId = std::uint64_t;
  using Handler = std::function<void(const RunResult&)>;

  /// `search_path` resolves commands given without '/' (default: $PATH).
  explicit ScriptRunner(boost::asio::io_context& io, std::string search_path = {});
  /// Kills (SIGKILL) every process group still running and reaps the leaders; pending
  /// handlers are never called.
  ~ScriptRunner();
  ScriptRunner(const ScriptRunner&) = delete;
  ScriptRunner& operator=(const ScriptRunner&) = delete;

  /// Starts `command`; `done` is called exactly once from the io_context, never from inside
  /// run() (also on spawn failure). Returns an id for terminate().
  RunId run(const Command& command, const RunOptions& options, Handler done);

  /// SIGTERM to the run's process group now, SIGKILL after its kill_grace. Unknown ids and
  /// finished runs are ignored. The handler still reports how the run ended.
  void terminate(RunId id);
  /// terminate() for every run.
  void terminate_all();

  /// Whether `id` is still running (started and not yet reaped).
  bool running(RunId id) const { return jobs_.count(id) != 0; }
  std::size_t running() const { return jobs_.size(); }

  /// Lifetime counters.
  std::uint64_t started() const { return started_; }
  std::uint64_t spawn_failures() const { return spawn_failures_; }
  std::uint64_t timeouts() const { return timeouts_; }

 private:
  struct Job;
  void watch_exit(const std::shared_ptr<Job>& job);
  void read_output(const std::shared_ptr<Job>& job);
  void on_maybe_exited(const std::shared_ptr<Job>& job);
  void kill_group(const std::shared_ptr<Job>& job, bool timed_out);
  void exited(const std::shared_ptr<Job>& job, int wait_status, bool status_known);
  void finish(const std::shared_ptr<Job>& job);

  boost::asio::io_context& io_;
  std::string search_path_;
  int dev_null_ = -1;
  RunId next_id_ = 1;
  std::unordered_map<RunId, std::shared_ptr<Job>> jobs_;
  std::uint64_t started_ = 0;
  std::uint64_t spawn_failures_ = 0;
  std::uint64_t timeouts_ = 0;
};

}  // namespace vrrp::daemon::exec
