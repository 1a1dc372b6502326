// Every tracker instances follow (keepalived-surface.md §4.3): vrrp_script checks
// (exec::ScriptCheck), track_interface link states (fed from netlink by the daemon), track_file
// values (inotify, FileWatch) and track_process counts (/proc scan on a timer, process_scan.hpp).
// on_change fires when any of them moves; outcome() folds one instance's set with
// proto::TrackerSet into the priority and weight-0 FAULT the daemon feeds to the driver.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "conf-parser/lower.hpp"
#include "proto/tracking.hpp"
#include "vrrpd/exec/script_check.hpp"
#include "vrrpd/exec/script_runner.hpp"
#include "vrrpd/file_watch.hpp"
#include "vrrpd/logger.hpp"
#include "vrrpd/process_scan.hpp"
#include "vrrpd/script_commands.hpp"

namespace vrrp::daemon {

class Trackers {
 public:
  struct Options {
    std::string proc_root = "/proc";
    /// track_process scan period: the delay between a process starting/stopping and the
    /// priority change (keepalived's proc connector reacts at once).
    std::chrono::milliseconds process_interval{1000};
  };

  Trackers(boost::asio::io_context& io, exec::ScriptRunner& runner, Logger& log, std::function<void()> on_change,
           Options options);
  Trackers(boost::asio::io_context& io, exec::ScriptRunner& runner, Logger& log, std::function<void()> on_change)
      : Trackers(io, runner, log, std::move(on_change), Options{}) {}
  ~Trackers();
  Trackers(const Trackers&) = delete;
  Trackers& operator=(const Trackers&) = delete;

  /// Tracks what `plans` reference, defined in `model`. A vrrp_script with the same name,
  /// command and user as before keeps its up/down state (reload, §5.10); track_file init_file
  /// is applied only with `startup`. Script checks start at once (first run now).
  void configure(const conf::Config& model, std::span<const conf::InstancePlan* const> plans,
                 const ScriptCommands& commands, bool startup);
  /// A link changed (netlink) or was queried: `up` is operational. Fires on_change when a
  /// tracked interface's state changed.
  void set_interface(const std::string& name, bool up);
  /// Re-reads one track_file now (FileWatch does this on change). Fires on_change on a new value.
  void reread_file(const std::string& path);
  /// Scans /proc now (the timer does this every process_interval).
  void scan_processes();

  /// What `plan`'s trackers make of its instance now.
  proto::TrackingOutcome outcome(const conf::InstancePlan& plan) const { return tracker_set(plan).outcome(); }
  /// `plan`'s trackers with their current results (`vrrpctl explain` renders its explain()).
  proto::TrackerSet tracker_set(const conf::InstancePlan& plan) const;
  /// Whether `plan` has any tracker at all.
  static bool tracks(const conf::InstancePlan& plan);
  /// Names of tracked interfaces (the daemon queries their initial state).
  std::vector<std::string> interfaces() const;

  /// Stops every check, watch and timer; no callback afterwards.
  void stop();
  std::size_t scripts() const { return checks_.size(); }
  std::size_t files() const { return files_.size(); }
  std::size_t processes() const { return processes_.size(); }

 private:
  struct File {
    conf::TrackFile def;
    std::optional<long> value;
  };
  struct Process {
    conf::TrackProcess def;
    ProcessPattern pattern;
    std::optional<proto::TrackStatus> status;
  };
  void arm_scan();
  void changed();

  boost::asio::io_context& io_;
  exec::ScriptRunner& runner_;
  Logger& log_;
  std::function<void()> on_change_;
  Options options_;
  std::map<std::string, std::unique_ptr<exec::ScriptCheck>> checks_;
  /// vrrp_scripts refused by ScriptCommands (security, unknown user): keepalived removes them
  /// from the instances tracking them, so they neither move the priority nor hold FAULT.
  std::vector<std::string> refused_;
  std::map<std::string, std::optional<bool>> interfaces_;  // tracked names → operational (unset: not queried yet)
  std::map<std::string, File> files_;
  std::map<std::string, Process> processes_;
  FileWatch watch_;
  boost::asio::steady_timer scan_timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace vrrp::daemon
