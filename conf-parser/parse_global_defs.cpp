// global_defs { ... }: the keywords that affect VRRP (keepalived-surface.md §2.2) are modelled;
// mail, SNMP, LVS, checker and process-tuning keywords are accepted and stored verbatim.
#include "conf-parser/keyword_handlers.hpp"
#include "conf-parser/parser.hpp"

namespace vrrp::conf::detail {
namespace {

using G = GlobalDefs;
constexpr long kUs = 1'000'000;

void other(Parser&, const Stmt& s, G& g) { g.other.emplace_back(s.text(0), s.rest(1)); }

void other_block(Parser& p, const Stmt& s, G& g) {
  p.open_block(s);
  g.other.emplace_back(s.text(0), s.rest(1));
  p.skip_block();
}

void notification_email(Parser& p, const Stmt& s, G& g) {
  p.open_block(s);
  p.parse_list([&](const Stmt& item) {
    for (std::size_t i = 0; i < item.size(); ++i) g.notification_email.push_back(item.text(i));
  });
}

void smtp_server(Parser& p, const Stmt& s, G& g) {
  const Word* w = p.value(s, 1);
  if (!w) return;
  g.smtp_server = w->text;
  if (s.size() > 2) {
    if (auto port = p.integer(s, 2, 1, 65535)) g.smtp_server_port = static_cast<int>(*port);
  }
}

void smtp_connect_timeout(Parser& p, const Stmt& s, G& g) {
  if (auto v = p.integer(s, 1, 1, 86400)) g.smtp_connect_timeout = std::chrono::seconds(*v);
}

void mcast_group(Parser& p, const Stmt& s, IpAddr& out, proto::Family family) {
  auto a = p.address(s, 1);
  if (!a) return;
  if (a->family() != family || !a->is_multicast()) {
    p.error(s.word(1).loc, "'" + s.text(0) + "' " + s.text(1) + " is not a valid " +
                               (family == proto::Family::Ipv4 ? "IPv4" : "IPv6") + " multicast address",
            family == proto::Family::Ipv4 ? "use an address in 224.0.0.0/4 (default 224.0.0.18)"
                                          : "use an address in ff00::/8 (default ff02::12)");
    return;
  }
  out = *a;
}
void vrrp_mcast_group4(Parser& p, const Stmt& s, G& g) {
  mcast_group(p, s, g.vrrp_mcast_group4, proto::Family::Ipv4);
}
void vrrp_mcast_group6(Parser& p, const Stmt& s, G& g) {
  mcast_group(p, s, g.vrrp_mcast_group6, proto::Family::Ipv6);
}

void garp_master_repeat(Parser& p, const Stmt& s, G& g) {
  // keepalived coerces 0 to 1: a master always announces its addresses at least once.
  if (auto v = p.integer(s, 1, 0, 2147483647)) {
    if (*v == 0) {
      p.error(s.word(1).loc, "vrrp_garp_master_repeat must be greater than 0, setting to 1",
              "a master always announces its addresses at least once");
    }
    g.vrrp_garp_master_repeat = *v == 0 ? 1u : static_cast<unsigned>(*v);
  }
}
void garp_lower_prio_delay(Parser& p, const Stmt& s, G& g) {
  if (auto v = p.integer(s, 1, 0, 86400)) g.vrrp_garp_lower_prio_delay = std::chrono::seconds(*v);
}
void garp_lower_prio_repeat(Parser& p, const Stmt& s, G& g) {
  if (auto v = p.integer(s, 1, 0, 2147483647)) g.vrrp_garp_lower_prio_repeat = static_cast<unsigned>(*v);
}
template <Duration G::*F>
void whole_seconds(Parser& p, const Stmt& s, G& g) {
  if (auto v = p.integer(s, 1, 0, 86400)) g.*F = std::chrono::seconds(*v);
}

void script_user(Parser& p, const Stmt& s, G& g) {
  const Word* w = p.value(s, 1);
  if (!w) return;
  g.script_user = w->text;
  if (s.size() > 2) g.script_group = s.text(2);
  if (s.size() > 3) p.error(s.word(3).loc, "Too many arguments for 'script_user'", "script_user USER [GROUP]");
}

template <std::optional<Fifo> G::*F>
void fifo(Parser& p, const Stmt& s, G& g) {
  const Word* w = p.value(s, 1);
  if (!w) return;
  Fifo f{w->text, s.size() > 2 ? s.text(2) : "", s.size() > 3 ? s.text(3) : "", s.loc()};
  g.*F = std::move(f);
}

void dynamic_interfaces(Parser& p, const Stmt& s, G& g) {
  g.dynamic_interfaces = true;
  if (s.size() > 1) {
    if (s.text(1) == "allow_if_changes") {
      g.dynamic_interfaces_allow_if_changes = true;
    } else {
      p.error(s.word(1).loc, "Unknown dynamic_interfaces option '" + s.text(1) + "'",
              "the only option is 'allow_if_changes'");
    }
  }
}

const KeywordTable<G>& table() {
  static const KeywordTable<G> t = [] {
    KeywordTable<G> m = {
        {"router_id", {set_string<&G::router_id>}},
        {"notification_email", {notification_email, true}},
        {"notification_email_from", {set_string<&G::notification_email_from>}},
        {"smtp_server", {smtp_server}},
        {"smtp_helo_name", {set_string<&G::smtp_helo_name>}},
        {"smtp_connect_timeout", {smtp_connect_timeout}},
        {"smtp_alert", {set_bool<&G::smtp_alert>}},
        {"smtp_alert_vrrp", {set_bool<&G::smtp_alert_vrrp>}},
        {"no_email_faults", {set_flag<&G::no_email_faults>}},
        {"vrrp_mcast_group4", {vrrp_mcast_group4}},
        {"vrrp_mcast_group6", {vrrp_mcast_group6}},
        {"vrrp_version", {set_int<&G::vrrp_version, 2, 3>}},
        {"vrrp_strict", {set_bool<&G::vrrp_strict>}},
        {"vrrp_skip_check_adv_addr", {set_bool<&G::vrrp_skip_check_adv_addr>}},
        {"vrrp_check_unicast_src", {set_bool<&G::vrrp_check_unicast_src>}},
        {"vrrp_garp_master_delay", {whole_seconds<&G::vrrp_garp_master_delay>}},
        {"vrrp_garp_master_repeat", {garp_master_repeat}},
        {"vrrp_garp_master_refresh", {whole_seconds<&G::vrrp_garp_master_refresh>}},
        {"vrrp_garp_master_refresh_repeat", {set_int<&G::vrrp_garp_master_refresh_repeat, 0, 2147483647>}},
        {"vrrp_garp_lower_prio_delay", {garp_lower_prio_delay}},
        {"vrrp_garp_lower_prio_repeat", {garp_lower_prio_repeat}},
        {"vrrp_garp_interval", {set_duration<&G::vrrp_garp_interval, 1, 4294967295L>}},
        {"vrrp_gna_interval", {set_duration<&G::vrrp_gna_interval, 1, 4294967295L>}},
        {"vrrp_min_garp", {set_bool<&G::vrrp_min_garp>}},
        {"vrrp_down_timer_adverts", {set_int<&G::vrrp_down_timer_adverts, 1, 100>}},
        {"vrrp_lower_prio_no_advert", {set_bool<&G::vrrp_lower_prio_no_advert>}},
        {"vrrp_higher_prio_send_advert", {set_bool<&G::vrrp_higher_prio_send_advert>}},
        {"vrrp_owner_ignore_adverts", {set_bool<&G::vrrp_owner_ignore_adverts>}},
        {"v3_checksum_as_v2", {set_bool<&G::v3_checksum_as_v2>}},
        {"script_user", {script_user}},
        {"enable_script_security", {set_flag<&G::enable_script_security>}},
        {"notify_fifo", {fifo<&G::notify_fifo>}},
        {"notify_fifo_script", {set_script<&G::notify_fifo_script>}},
        {"vrrp_notify_fifo", {fifo<&G::vrrp_notify_fifo>}},
        {"vrrp_notify_fifo_script", {set_script<&G::vrrp_notify_fifo_script>}},
        {"vrrp_notify_priority_changes", {set_bool<&G::vrrp_notify_priority_changes>}},
        {"fifo_write_vrrp_states_on_reload", {set_flag<&G::fifo_write_vrrp_states_on_reload>}},
        {"vrrp_startup_delay", {set_duration<&G::vrrp_startup_delay, 0, 3600 * kUs>}},
        {"dynamic_interfaces", {dynamic_interfaces}},
        {"default_interface", {set_string<&G::default_interface>}},
        {"vmac_prefix", {set_string<&G::vmac_prefix>}},
        {"vmac_addr_prefix", {set_string<&G::vmac_prefix>}},
        {"log_unknown_vrids", {set_flag<&G::log_unknown_vrids>}},
    };
    // P2 and out-of-scope (LVS, checker, BFD, SNMP, process tuning) keywords: stored verbatim.
    for (const char* k :
         {"bfd_cpu_affinity", "bfd_no_swap", "bfd_priority", "bfd_process_name", "bfd_rlimit_rttime",
          "bfd_rt_priority", "checker_cpu_affinity", "checker_log_all_failures", "checker_no_swap",
          "checker_priority", "checker_process_name", "checker_rlimit_rttime", "checker_rt_priority",
          "config_save_dir", "data_use_instance", "dbus_service_name", "disable_local_igmp", "enable_dbus",
          "enable_snmp_checker", "enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3",
          "enable_snmp_vrrp", "enable_traps", "include_check", "lvs_flush", "lvs_flush_on_stop",
          "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
          "lvs_netlink_monitor_rcv_bufs_force", "lvs_notify_fifo", "lvs_notify_fifo_script", "lvs_sync_daemon",
          "lvs_timeouts", "max_auto_priority", "min_auto_priority_delay", "nftables", "nftables_counters",
          "nftables_ifindex", "nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark",
          "nftables_priority", "no_checker_emails", "process_monitor_rcv_bufs",
          "process_monitor_rcv_bufs_force", "process_name", "process_names", "random_seed",
          "reload_check_config", "reload_file", "reload_repeat", "reload_time_file", "rs_init_notifies",
          "shutdown_script", "shutdown_script_timeout", "smtp_alert_checker", "snmp_socket", "startup_script",
          "startup_script_timeout", "tmp_config_directory", "umask", "vrrp_cpu_affinity", "vrrp_garp_extra_if",
          "vrrp_vmac_garp_intvl", "vrrp_ipsets", "vrrp_iptables", "vrrp_netlink_cmd_rcv_bufs",
          "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
          "vrrp_netlink_monitor_rcv_bufs_force", "vrrp_no_swap", "vrrp_priority", "vrrp_process_name",
          "vrrp_rlimit_rttime", "vrrp_rt_priority", "vrrp_rx_bufs_multiplier", "vrrp_rx_bufs_policy",
          "vrrp_delay_after_boot", "state_dump_file", "stats_dump_file", "json_dump_file", "json_version",
          "checker_notify_fifo", "checker_notify_fifo_script", "lvs_id", "lvs_sync_daemon_interface",
          "snmp_vrrp_stats_update_interval", "snmp_checker_stats_update_interval"}) {
      m.emplace(k, KeywordEntry<G>{other});
    }
    m.emplace("vrrp_track_process_settings", KeywordEntry<G>{other_block, true});
    return m;
  }();
  return t;
}

}  // namespace

void parse_global_defs(Parser& p, const Stmt& s, Config& c) {
  p.open_block(s);
  p.parse_block(table(), c.global_defs);
}

void set_script(Parser& p, const Stmt& s, std::optional<Script>& slot) {
  auto sc = p.script(s);
  if (!sc) return;
  if (slot) {
    // keepalived keeps the first of a one-shot keyword given twice.
    p.error(s.loc(), "'" + s.text(0) + "' given twice - ignoring this one",
            "first given at line " + std::to_string(slot->loc.line));
    return;
  }
  slot = std::move(*sc);
}

}  // namespace vrrp::conf::detail
