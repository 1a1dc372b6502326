// Runs the vrrp_script checks that instances track (keepalived-surface.md §2.5, §4.3): each
// every `interval` (first run at once), killed after `timeout` (a failure), results folded by
// proto::ScriptStatus (rise/fall); `on_change` fires when a script goes up or down so the
// daemon can recompute priorities with proto::TrackerSet. Scripts nobody tracks are not run.
#pragma once

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "conf-parser/lower.hpp"
#include "vrrpd/logger.hpp"
#include "vrrpd/script_runner.hpp"
#include "proto/tracking.hpp"

namespace vrrp::daemon {

class ScriptTrackers {
 public:
  ScriptTrackers(boost::asio::io_context& io, ScriptRunner& runner, Logger& log,
                 std::function<void()> on_change);
  ~ScriptTrackers();

  /// Tracks the scripts `plans` reference, defined in `model`. A script with the same name and
  /// command as before keeps its state (reload); others start from the initial state.
  void configure(const conf::Config& model, std::span<const conf::InstancePlan* const> plans);
  /// What `plan`'s trackers make of its instance now (priority, weight-0 fault, pending).
  proto::TrackingOutcome outcome(const conf::InstancePlan& plan) const;
  /// A child exited (from ScriptRunner's exit handler). Ignores pids that are not ours.
  void on_exit(pid_t pid, int status);
  /// Stops all timers and kills running checks.
  void stop();
  std::size_t tracked() const { return scripts_.size(); }

 private:
  struct Tracked;
  void tick(Tracked& t);
  Tracked* find(const std::string& name) const;

  boost::asio::io_context& io_;
  ScriptRunner& runner_;
  Logger& log_;
  std::function<void()> on_change_;
  std::vector<std::unique_ptr<Tracked>> scripts_;
};

}  // namespace vrrp::daemon
