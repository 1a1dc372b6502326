// ScriptTrackers: interval and timeout timers per script, wait-status interpretation.
#include "vrrpd/script_tracker.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>

namespace vrrp::daemon {

struct ScriptTrackers::Tracked {
  Tracked(boost::asio::io_context& io, conf::VrrpScript d)
      : def(std::move(d)),
        state(static_cast<unsigned>(def.rise), static_cast<unsigned>(def.fall), def.init_fail),
        interval(io),
        timeout(io) {}
  conf::VrrpScript def;
  proto::ScriptStatus state;
  boost::asio::steady_timer interval;
  boost::asio::steady_timer timeout;
  pid_t pid = -1;
  bool timed_out = false;
};

ScriptTrackers::ScriptTrackers(boost::asio::io_context& io, ScriptRunner& runner, Logger& log,
                               std::function<void()> on_change)
    : io_(io), runner_(runner), log_(log), on_change_(std::move(on_change)) {}

ScriptTrackers::~ScriptTrackers() { stop(); }

ScriptTrackers::Tracked* ScriptTrackers::find(const std::string& name) const {
  for (const auto& t : scripts_) {
    if (t->def.name == name) return t.get();
  }
  return nullptr;
}

void ScriptTrackers::configure(const conf::Config& model,
                               std::span<const conf::InstancePlan* const> plans) {
  std::vector<std::unique_ptr<Tracked>> next;
  for (const auto* plan : plans) {
    for (const auto& ref : plan->track_script) {
      if (std::any_of(next.begin(), next.end(), [&](const auto& t) { return t->def.name == ref.name; })) continue;
      const auto* def = model.find_script(ref.name);
      if (!def || !def->script) continue;
      // Same name and command as a running tracker: keep its state (keepalived-surface.md §5.10).
      auto it = std::find_if(scripts_.begin(), scripts_.end(), [&](const auto& t) {
        return t && t->def.name == def->name && t->def.script->argv == def->script->argv &&
               t->def.script->user == def->script->user;
      });
      if (it != scripts_.end()) {
        (*it)->def = *def;
        next.push_back(std::move(*it));
        continue;
      }
      next.push_back(std::make_unique<Tracked>(io_, *def));
      Tracked* t = next.back().get();
      t->interval.expires_after(std::chrono::seconds(0));  // first run at once
      t->interval.async_wait([this, t](const boost::system::error_code& ec) {
        if (!ec) tick(*t);
      });
    }
  }
  for (auto& old : scripts_) {
    if (!old) continue;
    old->interval.cancel();
    old->timeout.cancel();
    if (old->pid > 0) ::kill(-old->pid, SIGTERM);
  }
  scripts_ = std::move(next);
}

void ScriptTrackers::tick(Tracked& t) {
  if (t.pid > 0) {
    log_.line(LogLevel::Debug, "VRRP_Script(", t.def.name, ") still running; skipping run");
  } else {
    t.timed_out = false;
    t.pid = runner_.spawn(*t.def.script);
    if (t.pid < 0) {
      if (t.state.feed(proto::ScriptRun::Failure)) {
        log_.line(LogLevel::Info, "VRRP_Script(", t.def.name, ") failed (cannot start)");
        on_change_();
      }
    } else {
      Tracked* self = &t;
      t.timeout.expires_after(t.def.timeout_set ? t.def.timeout : t.def.interval);
      t.timeout.async_wait([this, self](const boost::system::error_code& ec) {
        if (ec || self->pid <= 0) return;
        self->timed_out = true;
        log_.line(LogLevel::Warning, "VRRP_Script(", self->def.name, ") timed out");
        ::kill(-self->pid, SIGTERM);
      });
    }
  }
  Tracked* self = &t;
  t.interval.expires_after(t.def.interval);
  t.interval.async_wait([this, self](const boost::system::error_code& ec) {
    if (!ec) tick(*self);
  });
}

void ScriptTrackers::on_exit(pid_t pid, int status) {
  for (auto& t : scripts_) {
    if (t->pid != pid) continue;
    t->pid = -1;
    t->timeout.cancel();
    const bool ok = !t->timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    const auto run = t->timed_out ? proto::ScriptRun::TimedOut
                                  : ok ? proto::ScriptRun::Success : proto::ScriptRun::Failure;
    if (t->state.feed(run)) {
      log_.line(LogLevel::Info, "VRRP_Script(", t->def.name, ") ", ok ? "succeeded" : "failed");
      on_change_();
    }
    return;
  }
}

proto::TrackingOutcome ScriptTrackers::outcome(const conf::InstancePlan& plan) const {
  proto::TrackerSet set(plan.config.priority);
  for (const auto& ref : plan.track_script) {
    const auto* t = find(ref.name);
    set.add(proto::TrackerSpec{proto::TrackerKind::Script, ref.name, ref.weight, ref.reverse},
            t ? t->state.status() : proto::TrackStatus::Unknown);
  }
  return set.outcome();
}

void ScriptTrackers::stop() {
  for (auto& t : scripts_) {
    t->interval.cancel();
    t->timeout.cancel();
    if (t->pid > 0) ::kill(-t->pid, SIGTERM);
  }
  scripts_.clear();
}

}  // namespace vrrp::daemon
