// Identity comparison and greedy in-order pairing for SIGHUP reloads.
#include "vrrpd/reload_plan.hpp"

namespace vrrp::daemon {

bool same_identity(const conf::InstancePlan& a, const conf::InstancePlan& b) {
  if (a.config.vrid != b.config.vrid || a.config.family != b.config.family) return false;
  if (a.interface != b.interface) return false;
  if (a.config.unicast() != b.config.unicast()) return false;
  if (a.config.unicast()) {
    // The configured source only: one filled in from the interface is the same on both sides.
    if (a.source_configured != b.source_configured) return false;
    if (a.source_configured && a.config.source != b.config.source) return false;
  }
  if (a.use_vmac != b.use_vmac || a.use_vmac_args != b.use_vmac_args) return false;
  if (!a.config.unicast() && a.multicast_group != b.multicast_group) return false;
  return true;
}

ReloadPlan plan_reload(std::span<const conf::InstancePlan> old_plans,
                       std::span<const conf::InstancePlan> new_plans) {
  ReloadPlan plan;
  std::vector<bool> taken(old_plans.size(), false);
  for (std::size_t n = 0; n < new_plans.size(); ++n) {
    bool found = false;
    for (std::size_t o = 0; o < old_plans.size(); ++o) {
      if (taken[o] || !same_identity(old_plans[o], new_plans[n])) continue;
      taken[o] = true;
      plan.matched.emplace_back(o, n);
      found = true;
      break;
    }
    if (!found) plan.added.push_back(n);
  }
  for (std::size_t o = 0; o < old_plans.size(); ++o) {
    if (!taken[o]) plan.removed.push_back(o);
  }
  return plan;
}

}  // namespace vrrp::daemon
