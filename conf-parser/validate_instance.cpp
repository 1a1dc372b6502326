// Per-vrrp_instance completion and checks, in the order keepalived applies them
// (keepalived-surface.md §2.3, §5.7-§5.9). Messages reuse keepalived's wording.
#include <algorithm>
#include <unordered_map>

#include "conf-parser/validator.hpp"

namespace vrrp::conf::detail {
namespace {

std::string seconds_text(Duration d) {
  std::string frac = std::to_string(d.count() % 1'000'000);
  frac.insert(0, 6 - frac.size(), '0');
  return std::to_string(d.count() / 1'000'000) + "." + frac + "s";
}

int effective_weight(const TrackRef& t, int definition_weight) { return t.weight.value_or(definition_weight); }

}  // namespace

bool Validator::instance(VrrpInstance& v) {
  const std::string tag = "(" + v.name + ")";
  const GlobalDefs& g = c_.global_defs;
  if (v.virtual_router_id == 0) {
    error(v.loc, tag + " the virtual router id must be set",
          "add 'virtual_router_id N' (1-255), the same on every router of this virtual router");
    return false;
  }
  v.strict_mode = v.strict_mode_set ? v.strict_mode : g.vrrp_strict;
  instance_addresses(v);

  // Version: the instance's, else the global one; VRRPv2 cannot carry IPv6 (RFC 3768 is IPv4 only).
  if (!v.version_set) v.version = g.vrrp_version;
  if (v.family == proto::Family::Ipv6 && v.version == 2) {
    if (v.version_set) {
      advice(v.loc, tag + " version 2 cannot carry IPv6 addresses: this instance runs VRRPv3",
             "VRRPv2 (RFC 3768) is IPv4-only; write 'version 3' to say what happens");
    }
    v.version = 3;
  }

  const bool no_vips_allowed = v.no_virtual_ipaddress && !v.strict_mode;
  if (v.virtual_ipaddress.empty() && !no_vips_allowed) {
    if (v.version == 3 || v.strict_mode) {
      error(v.loc, tag + " No VIP specified; at least one is required",
            "add a virtual_ipaddress block (VRRPv3 and strict mode need at least one address)");
      return false;
    }
    warning(v.loc, tag + " No VIP specified; at least one is sensible", "add a virtual_ipaddress block");
  }

  // advert_int: v2 carries whole seconds; v3 carries centiseconds, at most 4095 (RFC 5798 §5.2.7).
  if (v.version == 2) {
    const auto us = v.advert_int.count();
    if (us % 1'000'000 != 0) {
      const auto rounded = std::max<std::int64_t>(1, (us + 500'000) / 1'000'000);
      error(v.advert_int_loc.line ? v.advert_int_loc : v.loc,
            tag + " VRRPv2 advertisement interval " + seconds_text(v.advert_int) + " must be an integer. rounding",
            "VRRPv2 adverts carry whole seconds; use 'version 3' for sub-second intervals");
      v.advert_int = std::chrono::seconds(rounded);
    }
  } else {
    const auto us = v.advert_int.count();
    if (us > 40'950'000) {
      error(v.advert_int_loc.line ? v.advert_int_loc : v.loc,
            tag + " VRRPv3 advertisement interval " + seconds_text(v.advert_int) + " is above 40.95s - using 40.95s",
            "VRRPv3 adverts carry at most 4095 centiseconds");
      v.advert_int = Duration(40'950'000);
    } else if (us % 10'000 != 0) {
      error(v.advert_int_loc.line ? v.advert_int_loc : v.loc,
            tag + " VRRPv3 advertisement interval " + seconds_text(v.advert_int) +
                " must be in units of 10ms - rounding",
            "VRRPv3 adverts carry centiseconds");
      v.advert_int = Duration(std::max<std::int64_t>(10'000, (us + 5'000) / 10'000 * 10'000));
    }
  }

  // Priority and state (§5.1, §5.7): `state MASTER` without a priority means the address owner.
  if (!v.priority_set && v.state_set && v.state == WantedState::Master) v.priority = 255;
  const bool owner = v.priority == 255;
  if (v.strict_mode && v.state_set && v.state == WantedState::Master && !owner) {
    error(v.state_loc, tag + " State MASTER must match being address owner",
          "strict mode starts MASTER only with priority 255; this instance starts as BACKUP");
    v.state = WantedState::Backup;
  }
  if (!v.state_set) v.state = owner ? WantedState::Master : WantedState::Backup;

  if (v.nopreempt && owner) {
    error(v.nopreempt_loc, tag + " nopreempt is incompatible with priority 255. resetting nopreempt",
          "the address owner always preempts (RFC 5798 §6.4.3); remove nopreempt or lower the priority");
    v.nopreempt = false;
  } else if (v.nopreempt && v.state == WantedState::Master) {
    warning(v.nopreempt_loc, tag + " Warning - nopreempt will not work with initial state MASTER - clearing",
            "nopreempt needs 'state BACKUP' on every router");
    v.nopreempt = false;
  }
  if (v.preempt_delay.count() != 0) {
    if (v.strict_mode) {
      error(v.preempt_delay_loc, tag + " preempt_delay is incompatible with strict mode - resetting",
            "remove preempt_delay or vrrp_strict");
      v.preempt_delay = Duration(0);
    } else if (v.state == WantedState::Master && v.state_set) {
      warning(v.preempt_delay_loc, tag + " Warning - preempt delay will not work with initial state MASTER - clearing",
              "preempt_delay needs 'state BACKUP'");
      v.preempt_delay = Duration(0);
    } else if (v.nopreempt) {
      error(v.preempt_delay_loc, tag + " preempt_delay is incompatible with nopreempt mode - resetting",
            "a router with nopreempt never preempts, so there is nothing to delay");
      v.preempt_delay = Duration(0);
    }
  }

  // Authentication (RFC 3768 §5.3.6): v2 only.
  Authentication& a = v.authentication;
  if (!a.auth_type.empty()) {
    const SourceLocation at = a.loc.line ? a.loc : v.authentication_loc;
    if (a.auth_pass.empty()) {
      error(at, tag + " Authentication specified but no password given. Ignoring", "add 'auth_pass SECRET'");
      a = Authentication{};
    } else if (v.version == 3) {
      error(at, tag + " VRRP version 3 does not support authentication. Ignoring.",
            "RFC 5798 removed authentication; remove the authentication block");
      a = Authentication{};
    } else if (v.strict_mode) {
      error(at, tag + " Strict mode does not support authentication. Ignoring.", "remove the authentication block");
      a = Authentication{};
    } else if (a.auth_type == "AH" && v.family == proto::Family::Ipv6) {
      error(at, tag + " AH authentication is not supported for IPv6. Ignoring.", "use auth_type PASS or none");
      a = Authentication{};
    } else if (a.auth_type == "AH" && v.state == WantedState::Master) {
      error(at, tag + " Initial state master is incompatible with AH authentication - clearing",
            "use 'state BACKUP' with auth_type AH");
      v.state = WantedState::Backup;
    }
  }

  // Interface: required unless unicast with a source address (§5.8).
  const bool unicast = !v.unicast_peer.empty();
  if (v.interface.empty()) {
    if (!(unicast && v.unicast_src_ip)) {
      error(v.loc, tag + " Unknown interface!",
            "add 'interface IF' (may be omitted only for unicast with unicast_src_ip)");
      return false;
    }
  } else {
    interface_exists(v.interface, v.interface_loc,
                     "WARNING - interface " + v.interface + " for vrrp_instance " + v.name + " doesn't exist");
  }

  // Unicast (§5.8).
  if ((v.unicast_peer_set || v.unicast_src_ip) && !unicast && !v.unicast_fault_no_peer) {
    warning(v.unicast_peer_set ? v.unicast_peer_loc : v.loc,
            tag + " A unicast keyword has been specified without any unicast peers. Defaulting to multicast. "
                  "This usage is deprecated - please update your configuration.",
            "list the peers in unicast_peer { }, or add unicast_fault_no_peer to go FAULT instead of multicasting");
  }
  if (unicast && v.strict_mode) {
    error(v.unicast_peer_loc, tag + " Strict mode does not support unicast",
          "strict mode is RFC multicast only; remove vrrp_strict/strict_mode or unicast_peer");
    return false;
  }
  for (const auto& p : v.unicast_peer) {
    if (v.unicast_src_ip && p.address == *v.unicast_src_ip) {
      advice(p.loc, tag + " unicast peer " + p.address.to_string() + " is this router's own unicast_src_ip",
             "list only the other routers; adverts to ourselves are never answered");
    }
  }

  instance_trackers(v);
  instance_defaults(v);
  instance_advice(v);
  return true;
}

void Validator::instance_addresses(VrrpInstance& v) {
  const std::string tag = "(" + v.name + ")";
  if (!v.virtual_ipaddress.empty()) v.family = v.virtual_ipaddress.front().address.family();
  std::erase_if(v.virtual_ipaddress, [&](const AddressSpec& a) {
    if (a.address.family() == v.family) return false;
    error(a.loc, tag + ": address family must match VRRP instance [" + a.address.to_string() + "] - ignoring",
          "one instance carries one family; put IPv4 and IPv6 addresses in separate instances, or use "
          "virtual_ipaddress_excluded");
    return true;
  });
  std::erase_if(v.unicast_peer, [&](const UnicastPeer& p) {
    if (p.address.family() == v.family) return false;
    error(p.loc, tag + " unicast peer " + p.address.to_string() + " family does not match the instance - ignoring",
          "peers must be of the instance's address family");
    return true;
  });
  // RFC 5798 §5.2.5: the count field is 8 bits.
  if (v.virtual_ipaddress.size() > 255) {
    error(v.virtual_ipaddress[255].loc, tag + " more than 255 virtual addresses - the rest are excluded",
          "an advert carries at most 255 addresses; move the rest to virtual_ipaddress_excluded");
    v.virtual_ipaddress_excluded.insert(v.virtual_ipaddress_excluded.end(), v.virtual_ipaddress.begin() + 255,
                                        v.virtual_ipaddress.end());
    v.virtual_ipaddress.resize(255);
  }
  if (v.strict_mode && v.family == proto::Family::Ipv6 && !v.virtual_ipaddress.empty() &&
      !v.virtual_ipaddress.front().address.is_link_local()) {
    error(v.virtual_ipaddress.front().loc, tag + " the first IPv6 VIP must be link-local in strict mode",
          "RFC 5798 §5.2.9: put a fe80:: address first");
  }
  auto check_dev = [&](const AddressSpec& a) {
    if (!a.dev.empty()) {
      interface_exists(a.dev, a.loc,
                       "WARNING - interface " + a.dev + " for ip address " + a.address.to_string() + " doesn't exist");
    }
  };
  for (const auto& a : v.virtual_ipaddress) check_dev(a);
  for (const auto& a : v.virtual_ipaddress_excluded) check_dev(a);
  routes(v.virtual_routes, true, v.name);
  v.virtual_rules = rules(std::move(v.virtual_rules));
}

void Validator::instance_trackers(VrrpInstance& v) {
  const std::string tag = "(" + v.name + ")";
  const bool owner = v.priority == 255;
  const auto& scripts = scripts_;

  std::erase_if(v.trackers.track_interface, [&](TrackRef& t) {
    if (t.weight && (*t.weight == 254 || *t.weight == -254)) {
      error(t.loc, tag + " weight for " + t.name + " cannot be +/-254. Setting to +/-253",
            "a tracked interface may move the priority by at most 253");
      t.weight = *t.weight > 0 ? 253 : -253;
    }
    if (owner && t.weight.value_or(0) != 0) {
      if (t.name == v.interface) {
        error(t.loc, tag + " Ignoring track_interface " + t.name + " since own interface",
              "an address owner's priority never changes; remove the weight");
      } else {
        error(t.loc, tag + " ignoring tracked interface " + t.name + " with weights due to address_owner",
              "an address owner (priority 255) never changes priority; remove the weight");
      }
      return true;
    }
    if (!interface_exists(t.name, t.loc, tag + " tracked interface " + t.name + " doesn't exist")) return false;
    return false;
  });
  std::erase_if(v.trackers.track_script, [&](const TrackRef& t) {
    auto it = scripts.find(t.name);
    if (it == scripts.end()) {
      error(t.loc, tag + " track script " + t.name + " not found, ignoring...",
            "define it with 'vrrp_script " + t.name + " { script ... }' (names are case-sensitive)");
      return true;
    }
    if (owner && effective_weight(t, it->second->weight) != 0) {
      error(t.loc, tag + " ignoring tracked script " + t.name + " with weights due to address_owner",
            "an address owner (priority 255) never changes priority; use weight 0 or lower the priority");
      return true;
    }
    return false;
  });
  auto check_named = [&](std::vector<TrackRef>& refs, const char* what, auto find) {
    std::erase_if(refs, [&](const TrackRef& t) {
      if (!find(t.name)) {
        error(t.loc, tag + " track " + what + " " + t.name + " not found, ignoring...",
              std::string("define it in a ") + (std::string(what) == "file" ? "track_file" : "vrrp_track_process") +
                  " block first");
        return true;
      }
      return false;
    });
  };
  check_named(v.trackers.track_file, "file", [&](const std::string& n) { return track_files_.contains(n); });
  check_named(v.trackers.track_process, "process",
              [&](const std::string& n) { return track_processes_.contains(n); });
}

void Validator::instance_defaults(VrrpInstance& v) {
  const GlobalDefs& g = c_.global_defs;
  const bool owner = v.priority == 255;
  const bool min_garp = g.vrrp_min_garp;
  if (!v.garp_master_delay_set) v.garp_master_delay = min_garp ? Duration(0) : g.vrrp_garp_master_delay;
  if (!v.garp_master_repeat_set) v.garp_master_repeat = min_garp ? 1 : g.vrrp_garp_master_repeat;
  if (!v.garp_master_refresh_set) v.garp_master_refresh = g.vrrp_garp_master_refresh;
  if (!v.garp_master_refresh_repeat_set) v.garp_master_refresh_repeat = g.vrrp_garp_master_refresh_repeat;
  // The lower-priority defaults come from the *global* master values (§2.3).
  if (!v.garp_lower_prio_delay_set) {
    v.garp_lower_prio_delay = g.vrrp_garp_lower_prio_delay.value_or(min_garp ? Duration(0) : g.vrrp_garp_master_delay);
  }
  if (!v.garp_lower_prio_repeat_set) {
    v.garp_lower_prio_repeat = g.vrrp_garp_lower_prio_repeat.value_or(min_garp ? 1 : g.vrrp_garp_master_repeat);
  }
  if (!v.down_timer_adverts_set) v.down_timer_adverts = g.vrrp_down_timer_adverts;
  if (!v.lower_prio_no_advert_set) v.lower_prio_no_advert = g.vrrp_lower_prio_no_advert;
  if (!v.higher_prio_send_advert_set) v.higher_prio_send_advert = g.vrrp_higher_prio_send_advert;
  if (!v.owner_ignore_adverts_set) v.owner_ignore_adverts = g.vrrp_owner_ignore_adverts;
  if (!v.skip_check_adv_addr_set) v.skip_check_adv_addr = g.vrrp_skip_check_adv_addr;
  if (!v.check_unicast_src_set) v.check_unicast_src = g.vrrp_check_unicast_src;
  if (!v.v3_checksum_as_v2_set) v.v3_checksum_as_v2 = g.v3_checksum_as_v2;
  if (!v.notify_priority_changes_set) v.notify_priority_changes = g.vrrp_notify_priority_changes;
  if (!v.smtp_alert_set) v.smtp_alert = g.smtp_alert_vrrp.value_or(g.smtp_alert.value_or(false));
  if (owner) v.accept = true;  // RFC 5798 §6.4.3: the owner always accepts
  // Strict mode (§5.9).
  if (v.strict_mode) {
    if (!owner) v.accept = false;
    v.down_timer_adverts = 3;
    v.garp_lower_prio_repeat = 0;
    v.lower_prio_no_advert = true;
    v.higher_prio_send_advert = false;
    if (owner) v.owner_ignore_adverts = true;
    v.vmac_xmit_base = false;
    v.no_virtual_ipaddress = false;
  }
  if (!v.unicast_peer.empty() && v.use_vmac_set) v.vmac_xmit_base = true;
}

void Validator::instance_advice(const VrrpInstance& v) {
  const std::string tag = "(" + v.name + ")";
  auto script_weight = [&](const std::string& name) {
    auto it = scripts_.find(name);
    return it == scripts_.end() ? 0 : it->second->weight;
  };
  auto each_weighted = [&](auto&& fn) {
    for (const auto& t : v.trackers.track_interface) {
      if (t.weight.value_or(0) != 0) fn(t, *t.weight);
    }
    for (const auto& t : v.trackers.track_script) {
      if (int w = effective_weight(t, script_weight(t.name)); w != 0) fn(t, w);
    }
  };
  if (v.nopreempt) {
    each_weighted([&](const TrackRef& t, int) {
      advice(t.loc, tag + " the weight of tracked " + t.name + " can never change the election: nopreempt is set",
             "with nopreempt a backup never takes over from a live master whatever its priority; use weight 0 "
             "(FAULT on failure) or drop nopreempt");
    });
  } else {
    each_weighted([&](const TrackRef& t, int w) {
      const bool reverse = t.reverse.value_or(false);
      const int signed_w = reverse ? -w : w;
      if ((signed_w > 0 && v.priority >= 254) || (signed_w < 0 && v.priority <= 1)) {
        advice(t.loc, tag + " the weight " + std::to_string(w) + " of tracked " + t.name +
                          " can never change the priority " + std::to_string(v.priority),
               "the effective priority is clamped to 1..254; choose a base priority with room for the weight");
      }
    });
  }
  if (v.strict_mode && v.priority != 255) {
    advice(v.loc, tag + " strict mode turns accept mode off: this router will not answer traffic to its "
                        "virtual addresses while MASTER (keepalived adds firewall drop rules)",
           "remove vrrp_strict/strict_mode if the VIPs must answer pings or connections");
  }
}

}  // namespace vrrp::conf::detail
