// SIGHUP matching (keepalived-surface.md §5.10): old and new instances are paired by identity
// (VRID, family, interface, unicast-ness and unicast source, VMAC use, multicast group), never
// by name. Pure: the daemon executes the plan.
#pragma once

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "conf-parser/lower.hpp"

namespace vrrp::daemon {

struct ReloadPlan {
  std::vector<std::pair<std::size_t, std::size_t>> matched;  // (old index, new index)
  std::vector<std::size_t> removed;  // old instances with no partner: release (prio 0, VIPs)
  std::vector<std::size_t> added;    // new instances with no partner: start from INIT
};

/// True when `a` and `b` are the same virtual router for reload purposes.
bool same_identity(const conf::InstancePlan& a, const conf::InstancePlan& b);

/// Pairs each new instance with the first unmatched old one of the same identity, in order.
ReloadPlan plan_reload(std::span<const conf::InstancePlan> old_plans,
                       std::span<const conf::InstancePlan> new_plans);

}  // namespace vrrp::daemon
