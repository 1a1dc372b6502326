// ScriptCheck: fixed-rate timer, at most one run in flight, results into proto::ScriptStatus.
#include "vrrpd/exec/script_check.hpp"

namespace vrrp::daemon::exec {

proto::ScriptRun classify(const RunResult& result) {
  if (result.outcome == RunResult::Outcome::TimedOut) return proto::ScriptRun::TimedOut;
  return result.success() ? proto::ScriptRun::Success : proto::ScriptRun::Failure;
}

ScriptCheck::ScriptCheck(boost::asio::io_context& io, ScriptRunner& runner, CheckSpec spec,
                         OnChange on_change, std::optional<proto::ScriptStatus> carried)
    : runner_(runner),
      spec_(std::move(spec)),
      on_change_(std::move(on_change)),
      status_(carried.value_or(proto::ScriptStatus(spec_.rise, spec_.fall, spec_.init_fail))),
      timer_(io) {
  // keepalived: interval 0 is an error and becomes 1 s.
  if (spec_.interval <= std::chrono::milliseconds::zero()) spec_.interval = std::chrono::seconds(1);
}

ScriptCheck::~ScriptCheck() { stop(); }

void ScriptCheck::start() {
  if (running_) return;
  running_ = true;
  alive_ = std::make_shared<bool>(true);
  next_ = std::chrono::steady_clock::now();
  tick();
}

void ScriptCheck::stop() {
  running_ = false;
  timer_.cancel();
  if (alive_) *alive_ = false;
  alive_.reset();
  if (in_flight_) runner_.terminate(*in_flight_);
  in_flight_.reset();
}

void ScriptCheck::arm() {
  next_ += spec_.interval;
  const auto now = std::chrono::steady_clock::now();
  // After a stall (suspend, debugger) do not fire a burst of catch-up runs.
  if (next_ < now) next_ = now;
  timer_.expires_at(next_);
  timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (ec || !alive || !*alive) return;
    tick();
  });
}

void ScriptCheck::tick() {
  if (in_flight_) {
    ++skipped_;
  } else {
    RunOptions options;
    options.timeout = spec_.timeout.value_or(spec_.interval);
    ++runs_;
    in_flight_ = runner_.run(spec_.command, options, [this, alive = alive_](const RunResult& r) {
      if (!alive || !*alive) return;
      in_flight_.reset();
      if (on_result_) on_result_(spec_.name, r);
      if (const auto changed = status_.feed(classify(r)); changed && on_change_) {
        on_change_(spec_.name, *changed);
      }
    });
  }
  arm();
}

}  // namespace vrrp::daemon::exec
