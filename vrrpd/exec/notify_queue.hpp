// Ordered notify hooks of one VRRP instance or sync group (keepalived-surface.md §4.1): each
// event's hooks get keepalived's exact argv, and the hooks of a later event start only after
// those of the earlier one ended or were killed at their timeout. Never blocks the loop.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vrrpd/exec/command.hpp"
#include "vrrpd/exec/notify_event.hpp"
#include "vrrpd/exec/script_runner.hpp"

namespace vrrp::daemon::exec {

/// The notify_* keywords of one vrrp_instance or vrrp_sync_group (argv as configured).
struct NotifyHooks {
  std::optional<Command> notify;  // generic: configured args + SCOPE NAME STATE PRIORITY
  std::optional<Command> master;
  std::optional<Command> backup;
  std::optional<Command> fault;
  std::optional<Command> stop;
  std::optional<Command> deleted;
  std::optional<Command> master_rx_lower_pri;
  bool notify_deleted = false;  // `notify_deleted` given, with or without a command
};

/// Supervision of hooks.
///
/// keepalived waits for no notify script; we serialise them, so a hung hook must not stall the
/// queue forever. Default 10 s, keepalived's default for the other scripts it does wait for
/// (startup_script/shutdown_script); at the timeout the hook's process group is killed
/// (SIGTERM, SIGKILL kill_grace later, as for vrrp_script), and the next hook starts.
struct HookPolicy {
  std::chrono::milliseconds timeout{10000};
  std::chrono::milliseconds kill_grace{2000};
  /// Events waiting behind the running one. On overflow the oldest *waiting* event is dropped
  /// and counted: the newest state always runs, and the one running is never cut short.
  std::size_t max_queued = 32;
  Output output = Output::Discard;
};

/// The event actually reported: DELETED only when `notify_deleted` is configured; otherwise a
/// deleted instance reports FAULT (keepalived-surface.md §4.1). Others are unchanged.
NotifyEvent resolve_event(const NotifyHooks& hooks, NotifyEvent event);

/// One hook invocation: which keyword, and the full argv.
struct HookCall {
  std::string hook;  // "notify_master", "notify", ...
  Command command;
};

/// The hooks `event` runs, in keepalived's order: the specific notify_<state> script (configured
/// argv only), then the generic `notify` (configured argv + "INSTANCE"|"GROUP", name, state,
/// priority — always 0 for a group). Non-state events run only their specific hook. `event`
/// must already be resolve_event()'d.
std::vector<HookCall> hook_calls(NotifyScope scope, std::string_view name, const NotifyHooks& hooks,
                                 NotifyEvent event, int priority);

/// What one finished hook did, for logs and tests.
struct HookReport {
  std::uint64_t sequence = 0;  // per queue, in post() order
  NotifyEvent event = NotifyEvent::Fault;
  HookCall call;
  RunResult result;
};

/// `runner` must outlive the queue.
class NotifyQueue {
 public:
  using Observer = std::function<void(const HookReport&)>;

  NotifyQueue(ScriptRunner& runner, NotifyScope scope, std::string name, NotifyHooks hooks,
              HookPolicy policy = {});
  /// Drops waiting events. A running hook is left to its timeout; its report is discarded.
  ~NotifyQueue();
  NotifyQueue(const NotifyQueue&) = delete;
  NotifyQueue& operator=(const NotifyQueue&) = delete;

  /// Queues the hooks of `event` (argv fixed now, with this `priority`) and starts them if
  /// nothing is running. Returns the resolved event (use it for the FIFO line too).
  NotifyEvent post(NotifyEvent event, int priority);

  /// Reload: events posted from now on use these hooks.
  void set_hooks(NotifyHooks hooks) { hooks_ = std::move(hooks); }
  void set_observer(Observer observer) { observer_ = std::move(observer); }

  NotifyScope scope() const { return scope_; }
  const std::string& name() const { return name_; }
  /// Nothing running and nothing waiting (e.g. all STOP hooks done at shutdown).
  bool idle() const { return !busy_ && pending_.empty(); }
  std::size_t waiting() const { return pending_.size() - (busy_ ? 1 : 0); }
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t completed() const { return completed_; }

 private:
  struct Pending {
    std::uint64_t sequence;
    NotifyEvent event;
    std::vector<HookCall> calls;
    std::size_t next = 0;
  };
  void pump();

  ScriptRunner& runner_;
  NotifyScope scope_;
  std::string name_;
  NotifyHooks hooks_;
  HookPolicy policy_;
  Observer observer_;
  std::deque<Pending> pending_;  // front() is running when busy_
  bool busy_ = false;
  std::uint64_t next_sequence_ = 1;
  std::uint64_t dropped_ = 0;
  std::uint64_t completed_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace vrrp::daemon::exec
