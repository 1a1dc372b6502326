// Starts notify scripts (keepalived-surface.md §4.1) without waiting: fork, own process group,
// optional run-as user, stdio on /dev/null, execv. Children are reaped on SIGCHLD by reap().
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <span>
#include <string>

#include "vrrpd/logger.hpp"
#include "vrrpd/ports.hpp"

namespace vrrp::daemon {

class ScriptRunner : public Notifier {
 public:
  explicit ScriptRunner(Logger& log) : log_(log) {}
  void run(const conf::Script& script, std::span<const std::string> extra_args) override;
  /// Starts `script` like run() and returns its pid (also its process group), or -1.
  pid_t spawn(const conf::Script& script, std::span<const std::string> extra_args = {});
  /// Called by reap() for every child that exited, with its wait status.
  void set_exit_handler(std::function<void(pid_t pid, int status)> handler) { on_exit_ = std::move(handler); }
  /// Collects every exited child (call on SIGCHLD). Returns how many were reaped.
  std::size_t reap();
  std::size_t running() const { return running_; }

 private:
  Logger& log_;
  std::size_t running_ = 0;
  std::function<void(pid_t, int)> on_exit_;
};

}  // namespace vrrp::daemon
