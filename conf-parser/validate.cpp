// Validation driver and the whole-config passes: scripts, duplicate VRIDs, sync groups,
// routes/rules, script security and the missing-interface verdict (keepalived-surface.md §3).
#include "conf-parser/validate.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "conf-parser/validator.hpp"

namespace vrrp::conf {
namespace detail {

std::string where(const SourceLocation& loc) { return loc.to_string(); }

void Validator::error(const SourceLocation& loc, std::string message, std::string hint, Verdict verdict) {
  diags_.push_back(Diagnostic{Severity::Error, loc, std::move(message), std::move(hint), verdict});
}
void Validator::warning(const SourceLocation& loc, std::string message, std::string hint, Verdict verdict) {
  diags_.push_back(Diagnostic{Severity::Warning, loc, std::move(message), std::move(hint), verdict});
}
void Validator::advice(const SourceLocation& loc, std::string message, std::string hint) {
  diags_.push_back(Diagnostic{Severity::Warning, loc, std::move(message), std::move(hint), Verdict::Advice});
}

bool Validator::interface_exists(const std::string& name, const SourceLocation& loc, const std::string& message) {
  if (!opt_.interface_exists || opt_.interface_exists(name)) return true;
  if (c_.global_defs.dynamic_interfaces) {
    // Accepted silently by keepalived: the instance waits for the interface to appear.
    diags_.push_back(Diagnostic{Severity::Notice, loc, message + " (dynamic_interfaces: waiting for it)", {},
                                Verdict::Silent});
    return false;
  }
  warning(loc, message, "create the interface, fix the name, or set dynamic_interfaces");
  if (!missing_interface_ && !c_.global_defs.dynamic_interfaces) {
    missing_interface_ = true;
    first_missing_interface_ = loc;
  }
  return false;
}

void Validator::scripts() {
  std::erase_if(c_.vrrp_script, [&](const VrrpScript& s) {
    if (!s.script) {
      error(s.loc, "No script set for vrrp_script " + s.name + " - removing",
            "add 'script \"/path/to/check args\"' to the block");
      return true;
    }
    return false;
  });
  // A vrrp_script whose program cannot be found is disabled, loudly; its trackers stay
  // (keepalived then treats them as never reporting).
  for (auto& s : c_.vrrp_script) {
    if (opt_.script_exists && !s.script->argv.empty() && !opt_.script_exists(s.script->argv[0])) {
      error(s.script->loc, "Disabling track script " + s.name + " since not found/accessible",
            "check the path (bare names are looked up in PATH) and that it is executable");
      s.disabled = true;  // never run; not counted by the security pass
    }
  }
}

void Validator::duplicate_vrids() {
  // RFC 5798 §1: a virtual router is identified by (interface, family, VRID). Unicast instances
  // may share a VRID when their peer sets are disjoint (§5.8). Indexed rather than compared
  // pairwise (thousands of instances share a few VRIDs): multicast instances clash on the
  // router; unicast ones on the router, the source address and any one shared peer. Each key
  // keeps its first instance, so the earliest clashing one is named.
  struct Router {
    std::optional<std::size_t> multicast;  // its first multicast instance
    std::map<std::pair<std::optional<IpAddr>, IpAddr>, std::size_t> unicast;  // (source, peer)
  };
  std::map<std::tuple<std::string, int, int>, Router> routers;
  const auto& all = c_.vrrp_instance;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const VrrpInstance& v = all[i];
    Router& r = routers[{v.interface, static_cast<int>(v.family), v.virtual_router_id}];
    std::size_t first = i;
    if (v.unicast_peer.empty()) {
      if (!r.multicast) r.multicast = i;
      first = *r.multicast;
    } else {
      for (const auto& p : v.unicast_peer) {
        first = std::min(first, r.unicast.try_emplace({v.unicast_src_ip, p.address}, i).first->second);
      }
    }
    if (first >= i) continue;
    const VrrpInstance* other = &all[first];
    error(v.virtual_router_id_loc.line ? v.virtual_router_id_loc : v.loc,
          other->name + " and " + v.name + " both use VRID " + std::to_string(v.virtual_router_id) + " with " +
              (v.family == proto::Family::Ipv4 ? "IPv4" : "IPv6") + " on interface " + v.interface,
          "a VRID must be unique per interface and address family; " + other->name + " is at " +
              where(other->loc));
  }
}

void Validator::sync_groups() {
  std::unordered_map<std::string, std::string> member_of;
  std::unordered_set<std::string> instances;
  for (const auto& v : c_.vrrp_instance) instances.insert(v.name);
  std::unordered_set<std::string> scripts;
  for (const auto& s : c_.vrrp_script) scripts.insert(s.name);
  std::erase_if(c_.vrrp_sync_group, [&](SyncGroup& g) {
    if (g.group.empty()) {
      error(g.loc, "Sync group " + g.name + " has no virtual router(s). removing",
            "list the member instances in 'group { VI_1 VI_2 }'");
      return true;
    }
    std::vector<std::string> kept;
    std::vector<SourceLocation> kept_locs;
    for (std::size_t i = 0; i < g.group.size(); ++i) {
      const std::string& m = g.group[i];
      if (!instances.contains(m)) {
        warning(g.group_locs[i], "Virtual router " + m + " specified in sync group " + g.name +
                                     " doesn't exist - ignoring",
                "the names in group { } are vrrp_instance names (case-sensitive)");
        continue;
      }
      if (auto [it, inserted] = member_of.emplace(m, g.name); !inserted) {
        error(g.group_locs[i], "Virtual router " + m + " cannot exist in more than one sync group; ignoring " + g.name,
              "it is already in sync group " + it->second);
        continue;
      }
      kept.push_back(m);
      kept_locs.push_back(g.group_locs[i]);
    }
    g.group = std::move(kept);
    g.group_locs = std::move(kept_locs);
    if (g.group.empty()) {
      error(g.loc, "Sync group " + g.name + ", no matching virtual router found in group declaration - removing",
            "list existing vrrp_instance names in group { }");
      return true;
    }
    if (g.group.size() == 1) {
      warning(g.loc, "Sync group " + g.name + " has only 1 virtual router(s) - this probably isn't what you want",
              "a sync group makes several instances fail over together");
    }
    std::erase_if(g.trackers.track_script, [&](const TrackRef& t) {
      if (scripts.contains(t.name)) return false;
      error(t.loc, "(" + g.name + ") track script " + t.name + " not found, ignoring...",
            "define it with 'vrrp_script " + t.name + " { script ... }'");
      return true;
    });
    for (const auto& t : g.trackers.track_interface) {
      interface_exists(t.name, t.loc, "(" + g.name + ") tracked interface " + t.name + " doesn't exist");
    }
    return false;
  });
  // Members ignore their own weighted trackers unless sync_group_tracking_weight (§4.3).
  for (const auto& g : c_.vrrp_sync_group) {
    if (g.sync_group_tracking_weight) continue;
    for (const auto& name : g.group) {
      for (auto& v : c_.vrrp_instance) {
        if (v.name != name) continue;
        for (auto& t : v.trackers.track_interface) {
          if (t.weight.value_or(0) == 0) continue;
          advice(t.loc, "(" + v.name + ") is in sync group " + g.name + ": the weight of tracked interface " +
                            t.name + " is ignored, so its failure now means FAULT",
                 "set sync_group_tracking_weight in " + g.name + " to keep the weight");
          t.weight = 0;
        }
        std::erase_if(v.trackers.track_script, [&](const TrackRef& t) {
          const VrrpScript* s = c_.find_script(t.name);
          if (t.weight.value_or(s ? s->weight : 0) == 0) return false;
          advice(t.loc, "(" + v.name + ") is in sync group " + g.name + ": weighted track_script " + t.name +
                            " is ignored",
                 "set sync_group_tracking_weight in " + g.name + " to keep it, or use weight 0");
          return true;
        });
      }
    }
  }
}

void Validator::routes(const std::vector<RouteSpec>& list, bool is_virtual, const std::string& owner) {
  static const std::unordered_set<std::string> kValued = {
      "src", "via", "gw", "or", "dev", "table", "metric", "priority", "preference", "scope", "protocol", "mtu",
      "advmss", "realms", "weight", "rtt", "rttvar", "window", "cwnd", "initcwnd", "initrwnd", "ssthresh",
      "hoplimit", "features", "quickack", "congctl", "pref", "fastopen_no_cookie", "rto_min", "reordering",
      "track_group", "tos", "expires", "encap", "nexthop", "lock"};
  static const std::unordered_set<std::string> kFlags = {
      "to", "blackhole", "unreachable", "prohibit", "throw", "onlink", "inet6", "add", "append", "prepend",
      "local", "unicast", "broadcast", "nat", "anycast", "multicast", "no_track", "nexthop"};
  for (const auto& r : list) {
    std::string dest;
    bool has_dev = false;
    for (std::size_t i = 0; i < r.words.size(); ++i) {
      const std::string& w = r.words[i];
      if (w == "dev" && i + 1 < r.words.size()) {
        has_dev = true;
        interface_exists(r.words[i + 1], r.loc,
                         "WARNING - interface " + r.words[i + 1] + " for VROUTE nexthop doesn't exist");
      }
      if (kFlags.contains(w)) continue;
      if (kValued.contains(w)) {
        ++i;
        continue;
      }
      if (dest.empty()) dest = w;
    }
    if (!dest.empty() && dest != "default" && dest.find('/') == std::string::npos) {
      dest += dest.find(':') == std::string::npos ? "/32" : "/128";
    }
    if (is_virtual && !has_dev && !r.no_track) {
      warning(r.loc, "Warning - cannot track route " + dest + " with no interface specified, not tracking",
              "add 'dev IF' so " + owner + " can notice the route's interface going down, or add no_track");
    }
  }
}

std::vector<RouteSpec> Validator::rules(std::vector<RouteSpec> list) {
  std::erase_if(list, [&](const RouteSpec& r) {
    bool has_pref = false;
    for (std::size_t i = 0; i < r.words.size(); ++i) {
      const std::string& w = r.words[i];
      if (w == "preference" || w == "priority" || w == "pref" || w == "order") has_pref = true;
      if ((w == "from" || w == "to") && i + 1 < r.words.size()) {
        const std::string& a = r.words[i + 1];
        if (a == "all" || a == "default") continue;
        if (!IpAddr::parse(std::string_view(a).substr(0, a.find('/')))) {
          error(r.loc, "VRRP parsed invalid IP " + a + ". skipping IP...",
                "write ADDRESS[/PREFIX] after '" + w + "'");
          error(r.loc, "Invalid rule " + w + " address " + a, "this rule is ignored");
          return true;
        }
      }
      if ((w == "iif" || w == "oif") && i + 1 < r.words.size()) {
        interface_exists(r.words[i + 1], r.loc, "WARNING - interface " + r.words[i + 1] + " for rule doesn't exist");
      }
    }
    if (!has_pref) {
      warning(r.loc, "Rule has no preference specified - setting to " + std::to_string(next_rule_preference_--) +
                         ". This is probably not what you want.",
              "add 'preference N' so rule order is explicit");
    }
    return false;
  });
  return list;
}

void Validator::security() {
  const GlobalDefs& g = c_.global_defs;
  std::vector<const Script*> all;
  auto user_exists = [&](const std::string& u) { return !opt_.user_exists || opt_.user_exists(u); };
  // keepalived silently discards a notify script whose run-as user does not exist.
  auto add = [&](const std::optional<Script>& s) {
    if (s && (s->user.empty() || user_exists(s->user))) all.push_back(&*s);
  };
  add(g.notify_fifo_script);
  add(g.vrrp_notify_fifo_script);
  for (const auto& s : c_.vrrp_script) {
    if (!s.disabled) all.push_back(&*s.script);
  }
  auto add_notifies = [&](const Notifies& n) {
    add(n.notify_master);
    add(n.notify_backup);
    add(n.notify_fault);
    add(n.notify_stop);
    add(n.notify);
    add(n.notify_deleted);
    add(n.notify_master_rx_lower_pri);
  };
  for (const auto& v : c_.vrrp_instance) add_notifies(v.notifies);
  for (const auto& sg : c_.vrrp_sync_group) add_notifies(sg.notifies);
  for (const auto& b : c_.skipped) {
    for (const auto& s : b.scripts) all.push_back(&s);
  }

  // keepalived silently drops scripts whose program it cannot find; only found ones count.
  std::vector<const Script*> found;
  for (const Script* s : all) {
    if (!s->argv.empty() && (!opt_.script_exists || opt_.script_exists(s->argv[0]))) found.push_back(s);
  }
  if (found.empty()) return;
  if (!g.enable_script_security) {
    error(found.front()->loc, "SECURITY VIOLATION - scripts are being executed but script_security not enabled.",
          "add enable_script_security (and script_user) to global_defs", Verdict::Security);
    return;
  }
  bool default_user_reported = false;
  for (const Script* s : found) {
    if (!s->user.empty()) {
      if (!user_exists(s->user)) {
        error(s->loc, "Unknown user '" + s->user + "' for script " + s->command + " - script disabled",
              "the word after an unquoted command is the run-as user; quote the command if it is an argument");
      }
      continue;
    }
    if (g.script_user.empty() && !user_exists("keepalived_script") && !default_user_reported) {
      error(s->loc, "Unable to set default user keepalived_script for script",
            "set 'script_user USER' in global_defs or create the keepalived_script user");
      default_user_reported = true;
    }
  }
}

void Validator::run() {
  scripts();
  for (const auto& s : c_.vrrp_script) scripts_.emplace(s.name, &s);
  for (const auto& f : c_.track_file) track_files_.insert(f.name);
  for (const auto& p : c_.track_process) track_processes_.insert(p.name);
  // Static entries first, as keepalived installs them before any instance starts.
  for (const auto& a : c_.static_ipaddress) {
    if (!a.dev.empty()) {
      interface_exists(a.dev, a.loc,
                       "WARNING - interface " + a.dev + " for ip address " + a.address.to_string() + " doesn't exist");
    }
  }
  routes(c_.static_routes, false, "");
  c_.static_rules = rules(std::move(c_.static_rules));
  std::erase_if(c_.vrrp_instance, [&](VrrpInstance& v) { return !instance(v); });
  duplicate_vrids();
  sync_groups();
  // keepalived's fatal missing-interface path ends the check before the script security pass.
  if (!missing_interface_) security();
  if (missing_interface_) {
    error(first_missing_interface_, "Non-existent interface specified in configuration",
          "keepalived refuses to start the VRRP process with a missing interface unless dynamic_interfaces is set",
          Verdict::Fatal);
  }
}

}  // namespace detail

void validate(Config& config, const ValidateOptions& options, std::vector<Diagnostic>& diagnostics) {
  detail::Validator(config, options, diagnostics).run();
}

}  // namespace vrrp::conf
