// --dump-config: the understood model as JSON. Keys are written in a fixed order (model.hpp's
// field order), so equal models give byte-identical output that diffs cleanly across versions.
#include <cstdio>

#include "conf-parser/config.hpp"

namespace vrrp::conf {
namespace {

class Json {
 public:
  std::string take() { return std::move(out_) + "\n"; }

  void open(char c) {
    element();
    out_ += c;
    ++depth_;
    first_ = true;
  }
  void close(char c) {
    --depth_;
    if (!first_) newline();
    out_ += c;
    first_ = false;
  }
  void key(const char* k) {
    element();
    quoted(k);
    out_ += ": ";
    pending_value_ = true;
  }
  void string(std::string_view s) {
    element();
    quoted(s);
  }
  void quoted(std::string_view s) {
    out_ += '"';
    for (unsigned char c : s) {
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\t': out_ += "\\t"; break;
        case '\r': out_ += "\\r"; break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out_ += buf;
          } else {
            out_ += static_cast<char>(c);
          }
      }
    }
    out_ += '"';
  }
  void raw(const std::string& text) {
    element();
    out_ += text;
  }
  void number(long long n) { raw(std::to_string(n)); }
  void boolean(bool b) { raw(b ? "true" : "false"); }
  void seconds(Duration d) {
    std::string s = std::to_string(d.count() / 1'000'000);
    if (auto us = d.count() % 1'000'000) {
      std::string f = std::to_string(us);
      f.insert(0, 6 - f.size(), '0');
      while (f.back() == '0') f.pop_back();
      s += "." + f;
    }
    raw(s);
  }
  void null() { raw("null"); }

  // key + value shorthands
  void kv(const char* k, std::string_view v) { key(k), string(v); }
  void kv(const char* k, const char* v) { key(k), string(v); }
  void kv(const char* k, const std::string& v) { key(k), string(v); }
  void kv(const char* k, bool v) { key(k), boolean(v); }
  void kv(const char* k, int v) { key(k), number(v); }
  void kv(const char* k, unsigned v) { key(k), number(v); }
  void kv(const char* k, long v) { key(k), number(v); }
  void kv(const char* k, Duration v) { key(k), seconds(v); }
  void kv(const char* k, const IpAddr& v) { key(k), string(v.to_string()); }
  template <class T>
  void kv(const char* k, const std::optional<T>& v) {
    if (v) {
      kv(k, *v);
    } else {
      key(k), null();
    }
  }

 private:
  void element() {
    if (pending_value_) {
      pending_value_ = false;
      return;
    }
    if (depth_ == 0) return;
    if (!first_) out_ += ',';
    newline();
    first_ = false;
  }
  void newline() {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  }

  std::string out_;
  int depth_ = 0;
  bool first_ = true;
  bool pending_value_ = false;
};

void script(Json& j, const char* k, const std::optional<Script>& s) {
  j.key(k);
  if (!s) return j.null();
  j.open('{');
  j.kv("command", s->command);
  j.key("argv");
  j.open('[');
  for (const auto& a : s->argv) j.string(a);
  j.close(']');
  j.kv("user", s->user);
  j.kv("group", s->group);
  j.close('}');
}

void strings(Json& j, const char* k, const std::vector<std::string>& v) {
  j.key(k);
  j.open('[');
  for (const auto& s : v) j.string(s);
  j.close(']');
}

void addresses(Json& j, const char* k, const std::vector<AddressSpec>& list) {
  j.key(k);
  j.open('[');
  for (const auto& a : list) {
    j.open('{');
    j.kv("address", a.address);
    j.kv("prefix", a.prefix);
    j.kv("dev", a.dev);
    static const char* kBrd[] = {"", "explicit", "+", "-"};
    j.kv("brd", a.brd == AddressSpec::Broadcast::Explicit ? a.broadcast.to_string() : kBrd[static_cast<int>(a.brd)]);
    j.kv("scope", a.scope);
    j.kv("label", a.label);
    j.key("peer");
    a.peer ? j.string(a.peer->to_string()) : j.null();
    j.kv("home", a.home);
    j.kv("-nodad", a.nodad);
    j.kv("mngtmpaddr", a.mngtmpaddr);
    j.kv("noprefixroute", a.noprefixroute);
    j.kv("autojoin", a.autojoin);
    j.kv("no_track", a.no_track);
    j.key("preferred_lft");
    a.preferred_lft ? j.number(*a.preferred_lft) : j.null();
    j.kv("use_vmac", a.use_vmac);
    j.kv("track_group", a.track_group);
    j.close('}');
  }
  j.close(']');
}

void routes(Json& j, const char* k, const std::vector<RouteSpec>& list) {
  j.key(k);
  j.open('[');
  for (const auto& r : list) {
    j.open('{');
    strings(j, "words", r.words);
    j.kv("no_track", r.no_track);
    j.kv("track_group", r.track_group);
    j.close('}');
  }
  j.close(']');
}

void track_refs(Json& j, const char* k, const std::vector<TrackRef>& list) {
  j.key(k);
  j.open('[');
  for (const auto& t : list) {
    j.open('{');
    j.kv("name", t.name);
    j.kv("weight", t.weight);
    j.kv("reverse", t.reverse);
    j.close('}');
  }
  j.close(']');
}

void trackers(Json& j, const Trackers& t) {
  track_refs(j, "track_interface", t.track_interface);
  track_refs(j, "track_script", t.track_script);
  track_refs(j, "track_file", t.track_file);
  track_refs(j, "track_process", t.track_process);
  track_refs(j, "track_bfd", t.track_bfd);
}

void notifies(Json& j, const Notifies& n, bool instance) {
  script(j, "notify_master", n.notify_master);
  script(j, "notify_backup", n.notify_backup);
  script(j, "notify_fault", n.notify_fault);
  script(j, "notify_stop", n.notify_stop);
  script(j, "notify", n.notify);
  if (instance) {
    script(j, "notify_deleted", n.notify_deleted);
    j.kv("notify_deleted_enabled", n.notify_deleted_set);
    script(j, "notify_master_rx_lower_pri", n.notify_master_rx_lower_pri);
  }
}

void others(Json& j, const std::vector<std::pair<std::string, std::string>>& list) {
  j.key("other");
  j.open('[');
  for (const auto& [k, v] : list) {
    j.open('[');
    j.string(k);
    j.string(v);
    j.close(']');
  }
  j.close(']');
}

void fifo(Json& j, const char* k, const std::optional<Fifo>& f) {
  j.key(k);
  if (!f) return j.null();
  j.open('{');
  j.kv("path", f->path);
  j.kv("user", f->user);
  j.kv("group", f->group);
  j.close('}');
}

void global_defs(Json& j, const GlobalDefs& g) {
  j.key("global_defs");
  j.open('{');
  j.kv("router_id", g.router_id);
  strings(j, "notification_email", g.notification_email);
  j.kv("notification_email_from", g.notification_email_from);
  j.kv("smtp_server", g.smtp_server);
  j.kv("smtp_server_port", g.smtp_server_port);
  j.kv("smtp_helo_name", g.smtp_helo_name);
  j.kv("smtp_connect_timeout", g.smtp_connect_timeout);
  j.kv("smtp_alert", g.smtp_alert);
  j.kv("smtp_alert_vrrp", g.smtp_alert_vrrp);
  j.kv("no_email_faults", g.no_email_faults);
  j.kv("vrrp_mcast_group4", g.vrrp_mcast_group4);
  j.kv("vrrp_mcast_group6", g.vrrp_mcast_group6);
  j.kv("vrrp_version", g.vrrp_version);
  j.kv("vrrp_strict", g.vrrp_strict);
  j.kv("vrrp_skip_check_adv_addr", g.vrrp_skip_check_adv_addr);
  j.kv("vrrp_check_unicast_src", g.vrrp_check_unicast_src);
  j.kv("vrrp_garp_master_delay", g.vrrp_garp_master_delay);
  j.kv("vrrp_garp_master_repeat", g.vrrp_garp_master_repeat);
  j.kv("vrrp_garp_master_refresh", g.vrrp_garp_master_refresh);
  j.kv("vrrp_garp_master_refresh_repeat", g.vrrp_garp_master_refresh_repeat);
  j.kv("vrrp_garp_lower_prio_delay", g.vrrp_garp_lower_prio_delay);
  j.kv("vrrp_garp_lower_prio_repeat", g.vrrp_garp_lower_prio_repeat);
  j.kv("vrrp_garp_interval", g.vrrp_garp_interval);
  j.kv("vrrp_gna_interval", g.vrrp_gna_interval);
  j.kv("vrrp_min_garp", g.vrrp_min_garp);
  j.kv("vrrp_down_timer_adverts", g.vrrp_down_timer_adverts);
  j.kv("vrrp_lower_prio_no_advert", g.vrrp_lower_prio_no_advert);
  j.kv("vrrp_higher_prio_send_advert", g.vrrp_higher_prio_send_advert);
  j.kv("vrrp_owner_ignore_adverts", g.vrrp_owner_ignore_adverts);
  j.kv("v3_checksum_as_v2", g.v3_checksum_as_v2);
  j.kv("script_user", g.script_user);
  j.kv("script_group", g.script_group);
  j.kv("enable_script_security", g.enable_script_security);
  fifo(j, "notify_fifo", g.notify_fifo);
  script(j, "notify_fifo_script", g.notify_fifo_script);
  fifo(j, "vrrp_notify_fifo", g.vrrp_notify_fifo);
  script(j, "vrrp_notify_fifo_script", g.vrrp_notify_fifo_script);
  j.kv("vrrp_notify_priority_changes", g.vrrp_notify_priority_changes);
  j.kv("fifo_write_vrrp_states_on_reload", g.fifo_write_vrrp_states_on_reload);
  j.kv("vrrp_startup_delay", g.vrrp_startup_delay);
  j.kv("dynamic_interfaces", g.dynamic_interfaces);
  j.kv("dynamic_interfaces_allow_if_changes", g.dynamic_interfaces_allow_if_changes);
  j.kv("default_interface", g.default_interface);
  j.kv("vmac_prefix", g.vmac_prefix);
  j.kv("log_unknown_vrids", g.log_unknown_vrids);
  others(j, g.other);
  j.close('}');
}

void instance(Json& j, const VrrpInstance& v) {
  j.open('{');
  j.kv("name", v.name);
  j.kv("state", v.state == WantedState::Master ? "MASTER" : "BACKUP");
  j.kv("interface", v.interface);
  j.kv("virtual_router_id", v.virtual_router_id);
  j.kv("priority", v.priority);
  j.kv("advert_int", v.advert_int);
  j.kv("version", v.version);
  j.kv("family", v.family == proto::Family::Ipv4 ? "inet" : "inet6");
  addresses(j, "virtual_ipaddress", v.virtual_ipaddress);
  addresses(j, "virtual_ipaddress_excluded", v.virtual_ipaddress_excluded);
  j.kv("no_virtual_ipaddress", v.no_virtual_ipaddress);
  routes(j, "virtual_routes", v.virtual_routes);
  routes(j, "virtual_rules", v.virtual_rules);
  j.key("authentication");
  j.open('{');
  j.kv("auth_type", v.authentication.auth_type);
  j.kv("auth_pass", v.authentication.auth_pass.empty() ? "" : "********");
  j.close('}');
  j.kv("unicast_src_ip", v.unicast_src_ip);
  j.kv("mcast_src_ip", v.mcast_src_ip);
  j.kv("mcast_dst_ip", v.mcast_dst_ip);
  j.key("unicast_peer");
  j.open('[');
  for (const auto& p : v.unicast_peer) {
    j.open('{');
    j.kv("address", p.address);
    j.kv("min_ttl", p.min_ttl);
    j.kv("max_ttl", p.max_ttl);
    j.close('}');
  }
  j.close(']');
  j.kv("unicast_ttl", v.unicast_ttl);
  j.kv("unicast_fault_no_peer", v.unicast_fault_no_peer);
  j.kv("check_unicast_src", v.check_unicast_src);
  j.kv("old_unicast_checksum", v.old_unicast_checksum);
  j.kv("track_src_ip", v.track_src_ip);
  j.kv("nopreempt", v.nopreempt);
  j.kv("preempt_delay", v.preempt_delay);
  j.kv("accept", v.accept);
  j.kv("dont_track_primary", v.dont_track_primary);
  j.kv("v3_checksum_as_v2", v.v3_checksum_as_v2);
  trackers(j, v.trackers);
  notifies(j, v.notifies, true);
  j.kv("notify_priority_changes", v.notify_priority_changes);
  j.kv("smtp_alert", v.smtp_alert);
  j.kv("garp_master_delay", v.garp_master_delay);
  j.kv("garp_master_repeat", v.garp_master_repeat);
  j.kv("garp_master_refresh", v.garp_master_refresh);
  j.kv("garp_master_refresh_repeat", v.garp_master_refresh_repeat);
  j.kv("garp_lower_prio_delay", v.garp_lower_prio_delay);
  j.kv("garp_lower_prio_repeat", v.garp_lower_prio_repeat);
  j.kv("down_timer_adverts", v.down_timer_adverts);
  j.kv("lower_prio_no_advert", v.lower_prio_no_advert);
  j.kv("higher_prio_send_advert", v.higher_prio_send_advert);
  j.kv("owner_ignore_adverts", v.owner_ignore_adverts);
  j.kv("skip_check_adv_addr", v.skip_check_adv_addr);
  j.kv("strict_mode", v.strict_mode);
  j.kv("use_vmac", v.use_vmac_set);
  strings(j, "use_vmac_args", v.use_vmac);
  j.kv("vmac_xmit_base", v.vmac_xmit_base);
  j.kv("use_vmac_addr", v.use_vmac_addr);
  j.kv("promote_secondaries", v.promote_secondaries);
  j.kv("timer_expired_backup", v.timer_expired_backup);
  j.kv("vrf", v.vrf);
  others(j, v.other);
  j.close('}');
}

}  // namespace

std::string dump_config_json(const Config& c) {
  Json j;
  j.open('{');
  global_defs(j, c.global_defs);
  j.key("vrrp_script");
  j.open('[');
  for (const auto& s : c.vrrp_script) {
    j.open('{');
    j.kv("name", s.name);
    script(j, "script", s.script);
    j.kv("interval", s.interval);
    j.kv("timeout", s.timeout);
    j.kv("weight", s.weight);
    j.kv("weight_reverse", s.weight_reverse);
    j.kv("rise", s.rise);
    j.kv("fall", s.fall);
    j.kv("user", s.user);
    j.kv("group", s.group);
    j.kv("init_fail", s.init_fail);
    j.kv("disabled", s.disabled);
    j.close('}');
  }
  j.close(']');
  j.key("track_file");
  j.open('[');
  for (const auto& f : c.track_file) {
    j.open('{');
    j.kv("name", f.name);
    j.kv("file", f.file);
    j.kv("weight", f.weight);
    j.kv("weight_reverse", f.weight_reverse);
    j.kv("init_file", f.init_file);
    j.kv("init_file_overwrite", f.init_file_overwrite);
    j.close('}');
  }
  j.close(']');
  j.key("track_process");
  j.open('[');
  for (const auto& p : c.track_process) {
    j.open('{');
    j.kv("name", p.name);
    j.kv("process", p.process);
    strings(j, "parameters", p.parameters);
    j.kv("param_match", p.param_match);
    j.kv("weight", p.weight);
    j.kv("weight_reverse", p.weight_reverse);
    j.kv("quorum", p.quorum);
    j.kv("quorum_max", p.quorum_max);
    j.kv("fork_delay", p.fork_delay);
    j.kv("terminate_delay", p.terminate_delay);
    j.kv("full_command", p.full_command);
    j.close('}');
  }
  j.close(']');
  j.key("vrrp_sync_group");
  j.open('[');
  for (const auto& g : c.vrrp_sync_group) {
    j.open('{');
    j.kv("name", g.name);
    strings(j, "group", g.group);
    trackers(j, g.trackers);
    notifies(j, g.notifies, false);
    j.kv("smtp_alert", g.smtp_alert);
    j.kv("notify_priority_changes", g.notify_priority_changes);
    j.kv("sync_group_tracking_weight", g.sync_group_tracking_weight);
    j.close('}');
  }
  j.close(']');
  j.key("vrrp_instance");
  j.open('[');
  for (const auto& v : c.vrrp_instance) instance(j, v);
  j.close(']');
  addresses(j, "static_ipaddress", c.static_ipaddress);
  routes(j, "static_routes", c.static_routes);
  routes(j, "static_rules", c.static_rules);
  j.key("skipped");
  j.open('[');
  for (const auto& s : c.skipped) {
    j.open('{');
    j.kv("keyword", s.keyword);
    j.kv("name", s.name);
    j.close('}');
  }
  j.close(']');
  others(j, c.other);
  j.close('}');
  return j.take();
}

}  // namespace vrrp::conf
