// vrrp_instance NAME { ... } (keepalived-surface.md §2.3): every P0/P1 keyword is modelled,
// P2 ones are modelled or stored verbatim, deprecated ones warn as keepalived does.
#include <unordered_map>

#include "conf-parser/keyword_handlers.hpp"
#include "conf-parser/parser.hpp"

namespace vrrp::conf::detail {
namespace {

using I = VrrpInstance;

void other(Parser&, const Stmt& s, I& v) { v.other.emplace_back(s.text(0), s.rest(1)); }

void ignored(Parser& p, const Stmt& s, I& v) {
  p.notice(s.loc(), "'" + s.text(0) + "' accepted but has no effect in vrrpd");
  other(p, s, v);
}

void ignored_block(Parser& p, const Stmt& s, I& v) {
  p.open_block(s);
  p.notice(s.loc(), "'" + s.text(0) + "' block accepted but not implemented by vrrpd; ignoring its contents");
  other(p, s, v);
  p.skip_block();
}

void state(Parser& p, const Stmt& s, I& v) {
  const Word* w = p.value(s, 1);
  if (!w) return;
  if (w->text == "MASTER") {
    v.state = WantedState::Master;
    v.state_set = true;
    v.state_loc = s.loc();
  } else if (w->text == "BACKUP") {
    // keepalived: BACKUP after MASTER is ignored (the first MASTER wins).
    if (v.state_set && v.state == WantedState::Master) {
      p.error(w->loc, "(" + v.name + ") state previously set as MASTER - ignoring BACKUP",
              "give 'state' once per instance");
      return;
    }
    v.state = WantedState::Backup;
    v.state_set = true;
    v.state_loc = s.loc();
  } else {
    p.error(w->loc, "(" + v.name + ") unknown state '" + w->text + "', defaulting to BACKUP",
            "state is MASTER or BACKUP, in upper case");
    v.state = WantedState::Backup;
  }
}

void interface(Parser& p, const Stmt& s, I& v) {
  const Word* w = p.value(s, 1);
  if (!w) return;
  if (w->text == "lo") {
    p.error(w->loc, "(" + v.name + ") cannot use a loopback interface (lo) for vrrp - ignoring",
            "VRRP needs a multicast-capable interface such as eth0");
    return;
  }
  v.interface = w->text;
  v.interface_loc = w->loc;
}

void virtual_router_id(Parser& p, const Stmt& s, I& v) {
  if (auto id = p.integer(s, 1, 1, 255)) {
    v.virtual_router_id = static_cast<int>(*id);
    v.virtual_router_id_loc = s.word(1).loc;
  }
}

void priority(Parser& p, const Stmt& s, I& v) {
  if (auto pr = p.integer(s, 1, 1, 255)) {
    v.priority = static_cast<int>(*pr);
    v.priority_set = true;
    v.priority_loc = s.word(1).loc;
  }
}

void advert_int(Parser& p, const Stmt& s, I& v) {
  if (auto d = p.duration(s, 1, std::chrono::milliseconds(10), std::chrono::seconds(255))) {
    v.advert_int = *d;
    v.advert_int_loc = s.word(1).loc;
  }
}

void version(Parser& p, const Stmt& s, I& v) {
  if (auto n = p.integer(s, 1, 2, 3)) {
    v.version = static_cast<int>(*n);
    v.version_set = true;
  }
}

void address_block(Parser& p, const Stmt& s, std::vector<AddressSpec>& out) {
  p.open_block(s);
  p.parse_list([&](const Stmt& item) {
    if (auto a = parse_address_spec(p, item, false)) out.push_back(std::move(*a));
  });
}
void virtual_ipaddress(Parser& p, const Stmt& s, I& v) { address_block(p, s, v.virtual_ipaddress); }
void virtual_ipaddress_excluded(Parser& p, const Stmt& s, I& v) {
  address_block(p, s, v.virtual_ipaddress_excluded);
}

void route_block(Parser& p, const Stmt& s, std::vector<RouteSpec>& out) {
  p.open_block(s);
  p.parse_list([&](const Stmt& item) { out.push_back(parse_route_spec(p, item)); });
}
void virtual_routes(Parser& p, const Stmt& s, I& v) { route_block(p, s, v.virtual_routes); }
void virtual_rules(Parser& p, const Stmt& s, I& v) { route_block(p, s, v.virtual_rules); }

void auth_type(Parser& p, const Stmt& s, Authentication& a) {
  const Word* w = p.value(s, 1);
  if (!w) return;
  if (w->text != "PASS" && w->text != "AH") {
    p.error(w->loc, "unknown authentication type '" + w->text + "'", "auth_type is PASS or AH, in upper case");
    return;
  }
  a.auth_type = w->text;
  a.loc = s.loc();
}

void auth_pass(Parser& p, const Stmt& s, Authentication& a) {
  const Word* w = p.value(s, 1);
  if (!w) return;
  a.auth_pass = w->text;
  if (a.auth_pass.size() > 8) {
    // RFC 3768 §5.3.6.1: the password field is 8 octets.
    p.warning(w->loc, "Truncating auth_pass to 8 characters",
              "peers compare only \"" + a.auth_pass.substr(0, 8) + "\"");
    a.auth_pass.resize(8);
  }
}

void authentication(Parser& p, const Stmt& s, I& v) {
  static const KeywordTable<Authentication> table = {{"auth_type", {auth_type}}, {"auth_pass", {auth_pass}}};
  p.open_block(s);
  v.authentication_loc = s.loc();
  p.parse_block(table, v.authentication);
}

void unicast_peer(Parser& p, const Stmt& s, I& v) {
  p.open_block(s);
  v.unicast_peer_set = true;
  v.unicast_peer_loc = s.loc();
  p.parse_list([&](const Stmt& item) {
    auto a = IpAddr::parse(item.text(0));
    if (!a) {
      p.error(item.loc(), "(" + v.name + ") invalid unicast peer address '" + item.text(0) + "' - ignoring",
              "one IP address per line, optionally followed by min_ttl N / max_ttl N");
      return;
    }
    UnicastPeer peer{*a, std::nullopt, std::nullopt, item.loc()};
    for (std::size_t i = 1; i < item.size(); ++i) {
      const std::string& opt = item.text(i);
      if (opt == "min_ttl" || opt == "max_ttl") {
        auto n = p.integer(item, i + 1, 0, 255);
        ++i;
        if (!n) continue;
        (opt == "min_ttl" ? peer.min_ttl : peer.max_ttl) = static_cast<int>(*n);
      } else {
        p.error(item.word(i).loc, "(" + v.name + ") unknown unicast_peer option '" + opt + "'",
                "only min_ttl N and max_ttl N may follow the peer address (one peer per line)");
      }
    }
    v.unicast_peer.push_back(peer);
  });
}

void old_unicast_checksum(Parser& p, const Stmt& s, I& v) {
  if (s.size() == 1) {
    v.old_unicast_checksum = "on";
  } else if (s.text(1) == "never") {
    v.old_unicast_checksum = "never";
  } else {
    p.error(s.word(1).loc, "unknown old_unicast_checksum option '" + s.text(1) + "'", "the only option is 'never'");
  }
}

void nopreempt(Parser& p, const Stmt& s, I& v) {
  set_flag<&I::nopreempt>(p, s, v);
  v.nopreempt_loc = s.loc();
}
void preempt(Parser&, const Stmt&, I& v) { v.nopreempt = false; }

void preempt_delay(Parser& p, const Stmt& s, I& v) {
  if (auto d = p.duration(s, 1, Duration(0), std::chrono::seconds(1000))) {
    v.preempt_delay = *d;
    v.preempt_delay_set = true;
    v.preempt_delay_loc = s.loc();
  }
}

void accept(Parser&, const Stmt&, I& v) {
  v.accept = true;
  v.accept_set = true;
}
void no_accept(Parser&, const Stmt&, I& v) {
  v.accept = false;
  v.accept_set = true;
}

template <std::vector<TrackRef> Trackers::*F, int Min, int Max>
void trackers(Parser& p, const Stmt& s, I& v) {
  parse_trackers_block(p, s, v.trackers.*F, Min, Max);
}

template <std::optional<Script> Notifies::*F>
void notify(Parser& p, const Stmt& s, I& v) {
  set_script(p, s, v.notifies.*F);
}

void notify_deleted(Parser& p, const Stmt& s, I& v) {
  v.notifies.notify_deleted_set = true;
  if (s.size() > 1) set_script(p, s, v.notifies.notify_deleted);
}

void garp_repeat(Parser& p, const Stmt& s, unsigned& out, bool& set, bool zero_is_one) {
  if (auto n = p.integer(s, 1, 0, 2147483647)) {
    if (*n == 0 && zero_is_one) {
      p.error(s.word(1).loc, s.text(0) + " must be greater than 0, setting to 1",
              "a master always announces its addresses at least once");
    }
    out = (*n == 0 && zero_is_one) ? 1u : static_cast<unsigned>(*n);
    set = true;
  }
}
void garp_master_repeat(Parser& p, const Stmt& s, I& v) {
  garp_repeat(p, s, v.garp_master_repeat, v.garp_master_repeat_set, true);
}
void garp_master_refresh_repeat(Parser& p, const Stmt& s, I& v) {
  garp_repeat(p, s, v.garp_master_refresh_repeat, v.garp_master_refresh_repeat_set, true);
}
void garp_lower_prio_repeat(Parser& p, const Stmt& s, I& v) {
  garp_repeat(p, s, v.garp_lower_prio_repeat, v.garp_lower_prio_repeat_set, false);
}

void timer_expired_backup(Parser& p, const Stmt& s, I& v) {
  v.timer_expired_backup = 254;
  if (s.size() > 1) {
    if (auto n = p.integer(s, 1, 1, 254)) v.timer_expired_backup = static_cast<int>(*n);
  }
}

void use_vmac(Parser& p, const Stmt& s, I& v) {
  v.use_vmac_set = true;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const std::string& w = s.text(i);
    // RFC 5798 §7.3 reserves 00-00-5E-00-01/02-xx for the virtual router MACs themselves.
    if (w.size() >= 14 && (w.starts_with("00:00:5e:00:01:") || w.starts_with("00:00:5e:00:02:") ||
                           w.starts_with("00:00:5E:00:01:") || w.starts_with("00:00:5E:00:02:"))) {
      p.error(s.word(i).loc, "VMAC MAC address not allowed to be RFC5798 address (" + w + ") - ignoring",
              "omit the MAC: the VMAC then uses the RFC 5798 address for this VRID by itself");
      continue;
    }
    v.use_vmac.push_back(w);
  }
}

void lvs_sync_daemon_interface(Parser& p, const Stmt& s, I& v) {
  p.warning(s.loc(), "(" + v.name + ") Specifying lvs_sync_daemon_interface against a vrrp is deprecated.",
            "use the global lvs_sync_daemon keyword instead");
  other(p, s, v);
}

void deprecated(Parser& p, const Stmt& s, I& v) {
  p.warning(s.loc(), "(" + v.name + ") '" + s.text(0) + "' is deprecated and has no effect",
            "remove the line");
  other(p, s, v);
}

const KeywordTable<I>& table() {
  static const KeywordTable<I> t = {
      {"state", {state}},
      {"interface", {interface}},
      {"virtual_router_id", {virtual_router_id}},
      {"priority", {priority}},
      {"advert_int", {advert_int}},
      {"version", {version}},
      {"virtual_ipaddress", {virtual_ipaddress, true}},
      {"virtual_ipaddress_excluded", {virtual_ipaddress_excluded, true}},
      {"no_virtual_ipaddress", {set_flag<&I::no_virtual_ipaddress>}},
      {"virtual_routes", {virtual_routes, true}},
      {"virtual_rules", {virtual_rules, true}},
      {"authentication", {authentication, true}},
      {"auth_hmac", {ignored_block, true}},
      {"unicast_src_ip", {set_address<&I::unicast_src_ip>}},
      {"unicast_peer", {unicast_peer, true}},
      {"unicast_ttl", {set_int<&I::unicast_ttl, 1, 255>}},
      {"unicast_fault_no_peer", {set_flag<&I::unicast_fault_no_peer>}},
      {"check_unicast_src", {set_bool_flag<&I::check_unicast_src, &I::check_unicast_src_set>}},
      {"old_unicast_checksum", {old_unicast_checksum}},
      {"mcast_src_ip", {set_address<&I::mcast_src_ip>}},
      {"mcast_dst_ip", {set_address<&I::mcast_dst_ip>}},
      {"track_src_ip", {set_flag<&I::track_src_ip>}},
      {"v3_checksum_as_v2", {set_bool_flag<&I::v3_checksum_as_v2, &I::v3_checksum_as_v2_set>}},
      {"nopreempt", {nopreempt}},
      {"preempt", {preempt}},
      {"preempt_delay", {preempt_delay}},
      {"accept", {accept}},
      {"no_accept", {no_accept}},
      {"dont_track_primary", {set_flag<&I::dont_track_primary>}},
      {"track_interface", {trackers<&Trackers::track_interface, -254, 254>, true}},
      {"track_script", {trackers<&Trackers::track_script, -253, 253>, true}},
      {"track_file", {trackers<&Trackers::track_file, -254, 254>, true}},
      {"track_process", {trackers<&Trackers::track_process, -254, 254>, true}},
      {"track_bfd", {trackers<&Trackers::track_bfd, -253, 253>, true}},
      {"notify_master", {notify<&Notifies::notify_master>}},
      {"notify_backup", {notify<&Notifies::notify_backup>}},
      {"notify_fault", {notify<&Notifies::notify_fault>}},
      {"notify_stop", {notify<&Notifies::notify_stop>}},
      {"notify", {notify<&Notifies::notify>}},
      {"notify_deleted", {notify_deleted}},
      {"notify_master_rx_lower_pri", {notify<&Notifies::notify_master_rx_lower_pri>}},
      {"notify_priority_changes",
       {set_bool_flag<&I::notify_priority_changes, &I::notify_priority_changes_set>}},
      {"smtp_alert", {set_bool_flag<&I::smtp_alert, &I::smtp_alert_set>}},
      {"garp_master_delay", {set_seconds_flag<&I::garp_master_delay, &I::garp_master_delay_set, 0, 86400>}},
      {"garp_master_repeat", {garp_master_repeat}},
      {"garp_master_refresh",
       {set_seconds_flag<&I::garp_master_refresh, &I::garp_master_refresh_set, 0, 86400>}},
      {"garp_master_refresh_repeat", {garp_master_refresh_repeat}},
      {"garp_lower_prio_delay",
       {set_seconds_flag<&I::garp_lower_prio_delay, &I::garp_lower_prio_delay_set, 0, 86400>}},
      {"garp_lower_prio_repeat", {garp_lower_prio_repeat}},
      {"garp_extra_if", {other}},
      {"vmac_garp_intvl", {other}},
      {"down_timer_adverts", {set_int_flag<&I::down_timer_adverts, &I::down_timer_adverts_set, 1, 100>}},
      {"lower_prio_no_advert", {set_bool_flag<&I::lower_prio_no_advert, &I::lower_prio_no_advert_set>}},
      {"higher_prio_send_advert",
       {set_bool_flag<&I::higher_prio_send_advert, &I::higher_prio_send_advert_set>}},
      {"owner_ignore_adverts", {set_bool_flag<&I::owner_ignore_adverts, &I::owner_ignore_adverts_set>}},
      {"timer_expired_backup", {timer_expired_backup}},
      {"thread_timer_expired", {timer_expired_backup}},
      {"skip_check_adv_addr", {set_bool_flag<&I::skip_check_adv_addr, &I::skip_check_adv_addr_set>}},
      {"strict_mode", {set_bool_flag<&I::strict_mode, &I::strict_mode_set>}},
      {"use_vmac", {use_vmac}},
      {"vmac_xmit_base", {set_flag<&I::vmac_xmit_base>}},
      {"use_vmac_addr", {set_flag<&I::use_vmac_addr>}},
      {"use_ipvlan", {ignored}},
      {"vrf", {set_string<&I::vrf>}},
      {"promote_secondaries", {set_flag<&I::promote_secondaries>}},
      {"kernel_rx_buf_size", {other}},
      {"debug", {other}},
      {"linkbeat_use_polling", {deprecated}},
      {"native_ipv6", {deprecated}},
      {"lvs_sync_daemon_interface", {lvs_sync_daemon_interface}},
  };
  return t;
}

}  // namespace

void parse_vrrp_instance(Parser& p, const Stmt& s, Config&) {
  p.open_block(s);
  if (s.size() < 2) {
    p.error(s.loc(), "vrrp_instance must have a name", "vrrp_instance NAME { ... }");
    p.skip_block();
    return;
  }
  if (!p.first_definition("vrrp_instance", s.text(1), s.loc())) {
    p.skip_block();
    return;
  }
  VrrpInstance& v = p.new_vrrp_instance();  // stays put: nothing below adds instances
  v.name = s.text(1);
  v.loc = s.loc();
  p.parse_block(table(), v);
}

}  // namespace vrrp::conf::detail
