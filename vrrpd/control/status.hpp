// What the daemon tells the control socket and the metrics listener: plain snapshot values, and
// the ControlProvider interface the daemon implements (see vrrpd/control/README.md for wiring).
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "proto/counters.hpp"
#include "proto/output.hpp"
#include "proto/tracking.hpp"
#include "proto/types.hpp"

namespace vrrp::control {

using WallTime = std::chrono::system_clock::time_point;

/// The most recent state change of an instance.
struct Transition {
  proto::State from = proto::State::Initialize;
  proto::State to = proto::State::Initialize;
  proto::Reason reason = proto::Reason::Startup;
  WallTime at{};
};

/// One vrrp_instance as `vrrpctl status` shows it. Counters ride along so that `stats` and the
/// metrics come from the same snapshot.
struct InstanceStatus {
  std::string name;
  std::string interface;
  std::uint8_t vrid = 0;
  proto::Version version = proto::Version::V3;
  proto::Family family = proto::Family::Ipv4;
  proto::State state = proto::State::Initialize;
  std::uint8_t effective_priority = proto::kDefaultPriority;
  std::uint8_t base_priority = proto::kDefaultPriority;   // from the configuration
  std::optional<std::uint8_t> priority_override;          // `vrrpctl priority NAME N`
  bool released = false;                                  // `vrrpctl release NAME` in force
  std::optional<proto::IpAddr> master;                    // who is master (ourselves when Master)
  std::uint8_t master_priority = 0;                       // what that master advertises
  WallTime since{};                                       // when the current state was entered
  std::optional<Transition> last_transition;              // nullopt: never changed state
  std::vector<proto::IpAddr> vips;
  proto::VrCounters counters;
};

/// Daemon-wide values.
struct DaemonStatus {
  std::string version;              // vrrpd's version string
  WallTime started{};
  proto::RouterCounters router;     // drops before a VR could be identified
  std::uint64_t loop_stalls = 0;    // StallDetector::stalls()
};

struct Snapshot {
  DaemonStatus daemon;
  std::vector<InstanceStatus> instances;
};

/// `vrrpctl explain NAME`: the status plus why.
struct Explanation {
  InstanceStatus status;
  proto::PriorityBreakdown priority;         // TrackerSet::explain(), before any override
  bool preempt = true;                       // false: nopreempt
  std::chrono::milliseconds preempt_delay{0};
  std::chrono::milliseconds advert_interval{0};
  bool sync_member = false;
  std::string sync_group;                    // empty unless sync_member
};

enum class ErrorCode : std::uint8_t {
  BadRequest,        // malformed line, bad field, unsupported version
  UnknownCommand,
  UnknownInstance,
  Failed,            // the daemon could not do it (e.g. reload rejected the new config)
  TooLarge,          // request line longer than the server accepts
  Busy,              // too many clients
};

struct ControlError {
  ErrorCode code = ErrorCode::Failed;
  std::string message;
};

template <typename T>
using ControlResult = std::expected<T, ControlError>;

/// Implemented by the daemon. Called on the daemon's loop thread, one call at a time; each call
/// must return promptly (it runs inside the loop): start long work and report it as started.
class ControlProvider {
 public:
  virtual ~ControlProvider() = default;

  /// Every instance, in configuration order.
  virtual Snapshot snapshot() = 0;
  /// UnknownInstance when `name` is not configured.
  virtual ControlResult<Explanation> explain(const std::string& name) = 0;
  /// Starts a reload (as SIGHUP does); the message says what happened ("reload started").
  virtual ControlResult<std::string> reload() = 0;
  /// Runtime priority override 1..254 (nullopt: back to the configured/tracked priority). Lost
  /// on restart; also ends a release.
  virtual ControlResult<void> set_priority(const std::string& name,
                                           std::optional<std::uint8_t> priority) = 0;
  /// Hand over gracefully: a Master sends one priority-0 advert and the instance stays BACKUP
  /// until `set_priority(name, nullopt)`.
  virtual ControlResult<void> release(const std::string& name) = 0;
};

std::string_view to_string(ErrorCode code);  // "bad_request", "unknown_instance", ...

}  // namespace vrrp::control
