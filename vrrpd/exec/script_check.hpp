// One periodic vrrp_script check (keepalived-surface.md §2.5, §4.3): run every `interval`
// (first run at once), killed after `timeout` (a failure), results folded by
// proto::ScriptStatus; a change of up/down is reported through a callback.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "proto/tracking.hpp"
#include "vrrpd/exec/command.hpp"
#include "vrrpd/exec/script_runner.hpp"

namespace vrrp::daemon::exec {

/// A `vrrp_script` block, resolved.
struct CheckSpec {
  std::string name;
  Command command;
  std::chrono::milliseconds interval{1000};
  std::optional<std::chrono::milliseconds> timeout;  // unset: = interval (keepalived)
  unsigned rise = 1;
  unsigned fall = 1;
  bool init_fail = false;
};

/// proto::ScriptRun for a finished run: exit 0 succeeds; non-zero, a signal, a spawn failure
/// fail; a run the runner killed at its timeout is TimedOut.
proto::ScriptRun classify(const RunResult& result);

/// `runner` must outlive the check.
class ScriptCheck {
 public:
  using OnChange = std::function<void(const std::string& name, proto::TrackStatus status)>;
  using OnResult = std::function<void(const std::string& name, const RunResult& result)>;

  /// `carried`: the hysteresis state kept across a reload (same name and command); otherwise
  /// the check starts from proto::ScriptStatus(rise, fall, init_fail).
  ScriptCheck(boost::asio::io_context& io, ScriptRunner& runner, CheckSpec spec, OnChange on_change,
              std::optional<proto::ScriptStatus> carried = std::nullopt);
  /// Stops the timer and terminates a running check; no callback afterwards.
  ~ScriptCheck();
  ScriptCheck(const ScriptCheck&) = delete;
  ScriptCheck& operator=(const ScriptCheck&) = delete;

  /// First run now, then one every interval (fixed rate). A run still going at its next slot
  /// is not started twice: the slot is skipped and counted (keepalived's "skipping run").
  void start();
  /// Stops scheduling and terminates a running check (its result is discarded).
  void stop();

  /// Optional: every finished run, for logging.
  void set_result_observer(OnResult on_result) { on_result_ = std::move(on_result); }

  const CheckSpec& spec() const { return spec_; }
  proto::TrackStatus status() const { return status_.status(); }
  const proto::ScriptStatus& hysteresis() const { return status_; }
  std::uint64_t runs() const { return runs_; }
  std::uint64_t skipped() const { return skipped_; }
  bool in_flight() const { return in_flight_.has_value(); }

 private:
  void tick();
  void arm();

  ScriptRunner& runner_;
  CheckSpec spec_;
  OnChange on_change_;
  OnResult on_result_;
  proto::ScriptStatus status_;
  boost::asio::steady_timer timer_;
  std::chrono::steady_clock::time_point next_{};
  std::optional<ScriptRunner::RunId> in_flight_;
  std::shared_ptr<bool> alive_;  // completions of a destroyed or stopped check are dropped
  bool running_ = false;
  std::uint64_t runs_ = 0;
  std::uint64_t skipped_ = 0;
};

}  // namespace vrrp::daemon::exec
