// One VRRP virtual router (interface, family, VRID): the RFC 3768 / RFC 5798 state machine
// plus keepalived's FAULT state. Pure: no I/O, no clock, no allocation after construction.
//
// Contract (quinn-proto style): handle_*-style input goes through handle(now, input); `now`
// never goes backwards. After every handle(), drain poll_output() until nullopt, then re-arm a
// timer from poll_timeout(). The same (now, input) sequence always yields the same outputs.
#pragma once

#include <optional>

#include "proto/counters.hpp"
#include "proto/input.hpp"
#include "proto/instance_config.hpp"
#include "proto/output.hpp"
#include "proto/time.hpp"

namespace vrrp::proto {

class Instance {
 public:
  explicit Instance(InstanceConfig config);

  void handle(TimePoint now, const Input& input);
  std::optional<Output> poll_output();
  std::optional<TimePoint> poll_timeout() const;
  /// Apply a new config in place keeping state and VIPs where the identity is unchanged.
  /// Returns false when the caller must restart the instance (vrid/family/version changed).
  bool reconfigure(TimePoint now, const InstanceConfig& next);

  State state() const;
  const InstanceConfig& config() const;
  const VrCounters& counters() const;
  std::uint8_t effective_priority() const;
  std::optional<IpAddr> master_address() const;   // last accepted master (Backup)
  Duration master_adver_interval() const;         // v3: learned; v2: configured
};

}  // namespace vrrp::proto
