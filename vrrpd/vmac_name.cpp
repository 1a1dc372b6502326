// vmac_name: use_vmac argument parsing and keepalived's default naming.
#include "vrrpd/vmac_name.hpp"

namespace vrrp::daemon {

std::optional<std::string> configured_vmac_name(const conf::InstancePlan& plan) {
  const auto& w = plan.use_vmac_args;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i] == "name") return i + 1 < w.size() ? std::optional<std::string>(w[i + 1]) : std::nullopt;
    if (w[i] == "group") {
      ++i;  // skip G
      continue;
    }
    if (w[i] == "netlink_notify_msg" || w[i].find(':') != std::string::npos) continue;
    return w[i];
  }
  return std::nullopt;
}

std::string default_vmac_name(std::string_view prefix, unsigned vrid, unsigned clash) {
  std::string name(prefix);
  if (clash > 0) name += std::to_string(clash);
  return name + "." + std::to_string(vrid);
}

}  // namespace vrrp::daemon
