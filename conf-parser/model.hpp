// The typed keepalived.conf model: what the parser understood, with keepalived's defaults
// applied (field names are the keywords). Built once by conf::load() and then only read
// (LoadResult hands it out as shared_ptr<const Config>). No RFC vocabulary here: see lower.hpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "conf-parser/source.hpp"
#include "proto/time.hpp"
#include "proto/types.hpp"

namespace vrrp::conf {

using proto::Duration;
using proto::IpAddr;

/// A script keyword's value (keepalived-surface.md §1, §4.1): the first word is the command
/// line, split shell-like into argv; optional run-as user and group follow.
struct Script {
  std::string command;             // the command line as written (quotes removed)
  std::vector<std::string> argv;   // command split with shell-like escapes; argv[0] = program
  std::string user;                // empty: script_user default
  std::string group;
  SourceLocation loc;
};

/// `track_interface`/`track_script`/... item: `NAME [weight W [reverse|noreverse]]`.
struct TrackRef {
  std::string name;
  std::optional<int> weight;        // unset: the tracker's own default
  std::optional<bool> reverse;      // unset: the tracker's own default
  SourceLocation loc;
};

/// One ADDR-SPEC line (keepalived-surface.md §2.4).
struct AddressSpec {
  enum class Broadcast : std::uint8_t { None, Explicit, HostBitsSet, HostBitsClear };
  IpAddr address;
  int prefix = 32;                  // /32 or /128 when omitted
  std::string dev;                  // empty: the instance's interface (static: default_interface)
  Broadcast brd = Broadcast::None;
  IpAddr broadcast;                 // when brd == Explicit
  std::string scope;                // as written (site|link|host|nowhere|global|N); empty: global
  std::string label;
  std::optional<IpAddr> peer;
  bool home = false;
  bool nodad = false;               // "-nodad": *do* DAD (keepalived's inverted meaning)
  bool mngtmpaddr = false;
  bool noprefixroute = false;
  bool autojoin = false;
  bool no_track = false;
  std::optional<std::uint32_t> preferred_lft;  // unset: kernel default; UINT32_MAX = forever
  bool use_vmac = false;
  std::string track_group;          // static addresses only
  SourceLocation loc;
};

/// A virtual/static route or rule: kept as the words given (P2: installed verbatim by the daemon).
struct RouteSpec {
  std::vector<std::string> words;
  bool no_track = false;
  std::string track_group;
  SourceLocation loc;
};

struct VrrpScript {
  std::string name;
  std::optional<Script> script;      // required; a block without it is dropped
  Duration interval = std::chrono::seconds(1);
  Duration timeout = std::chrono::seconds(1);  // = interval unless given
  bool timeout_set = false;
  int weight = 0;                    // -253..253
  bool weight_reverse = false;
  int rise = 1;
  int fall = 1;
  std::string user;
  std::string group;
  bool init_fail = false;
  /// Its program was not found: keepalived disables it (its trackers never report).
  bool disabled = false;
  SourceLocation loc;
};

struct TrackFile {
  std::string name;
  std::string file;
  int weight = 1;                    // -254..254
  bool weight_reverse = false;
  std::optional<long> init_file;     // value written when missing
  bool init_file_overwrite = false;
  SourceLocation loc;
};

struct TrackProcess {
  std::string name;
  std::string process;
  std::vector<std::string> parameters;
  std::string param_match;           // "", "initial" or "partial"
  int weight = 0;                    // -254..254
  bool weight_reverse = false;
  int quorum = 1;
  std::optional<int> quorum_max;     // unset: no maximum
  Duration fork_delay{0};
  Duration terminate_delay{0};
  bool full_command = false;
  SourceLocation loc;
};

/// Notify commands shared by instances and sync groups.
struct Notifies {
  std::optional<Script> notify_master;
  std::optional<Script> notify_backup;
  std::optional<Script> notify_fault;
  std::optional<Script> notify_stop;
  std::optional<Script> notify;
  std::optional<Script> notify_deleted;              // instance only
  std::optional<Script> notify_master_rx_lower_pri;  // instance only
  bool notify_deleted_set = false;                   // bare `notify_deleted` enables DELETED
};

/// Trackers shared by instances and sync groups.
struct Trackers {
  std::vector<TrackRef> track_interface;
  std::vector<TrackRef> track_script;
  std::vector<TrackRef> track_file;
  std::vector<TrackRef> track_process;
  std::vector<TrackRef> track_bfd;
};

struct SyncGroup {
  std::string name;
  std::vector<std::string> group;
  std::vector<SourceLocation> group_locs;  // parallel to group
  Trackers trackers;
  Notifies notifies;
  bool smtp_alert = false;
  bool notify_priority_changes = false;
  bool sync_group_tracking_weight = false;
  SourceLocation loc;
};

struct UnicastPeer {
  IpAddr address;
  std::optional<int> min_ttl;
  std::optional<int> max_ttl;
  SourceLocation loc;
};

struct Authentication {
  std::string auth_type;  // "", "PASS" or "AH"
  std::string auth_pass;  // at most 8 bytes (keepalived truncates)
  SourceLocation loc;
};

enum class WantedState : std::uint8_t { Backup, Master };

struct VrrpInstance {
  std::string name;
  SourceLocation loc;

  WantedState state = WantedState::Backup;   // unset: MASTER iff priority 255
  bool state_set = false;
  SourceLocation state_loc;
  std::string interface;
  SourceLocation interface_loc;
  int virtual_router_id = 0;                 // 0: missing (an error)
  SourceLocation virtual_router_id_loc;
  int priority = 100;                        // 255 when unset and state MASTER
  bool priority_set = false;
  SourceLocation priority_loc;
  Duration advert_int = std::chrono::seconds(1);
  SourceLocation advert_int_loc;
  int version = 2;                           // global vrrp_version; IPv6 forces 3
  bool version_set = false;
  proto::Family family = proto::Family::Ipv4;  // fixed by the first VIP

  std::vector<AddressSpec> virtual_ipaddress;
  std::vector<AddressSpec> virtual_ipaddress_excluded;
  bool no_virtual_ipaddress = false;
  std::vector<RouteSpec> virtual_routes;
  std::vector<RouteSpec> virtual_rules;

  Authentication authentication;

  std::optional<IpAddr> unicast_src_ip;
  std::optional<IpAddr> mcast_src_ip;
  std::optional<IpAddr> mcast_dst_ip;
  std::vector<UnicastPeer> unicast_peer;
  bool unicast_peer_set = false;             // the keyword was given (even if empty)
  SourceLocation unicast_peer_loc;
  std::optional<int> unicast_ttl;
  bool unicast_fault_no_peer = false;
  bool check_unicast_src = false;
  std::string old_unicast_checksum;          // "", "on" or "never"
  bool track_src_ip = false;

  bool nopreempt = false;
  SourceLocation nopreempt_loc;
  Duration preempt_delay{0};
  bool accept = true;                        // no_accept clears; strict clears unless owner
  bool accept_set = false;
  bool dont_track_primary = false;
  bool v3_checksum_as_v2 = false;

  Trackers trackers;
  Notifies notifies;
  bool notify_priority_changes = false;
  bool smtp_alert = false;

  Duration garp_master_delay = std::chrono::seconds(5);
  unsigned garp_master_repeat = 5;
  Duration garp_master_refresh{0};
  unsigned garp_master_refresh_repeat = 1;
  Duration garp_lower_prio_delay = std::chrono::seconds(5);
  unsigned garp_lower_prio_repeat = 5;
  int down_timer_adverts = 3;
  bool lower_prio_no_advert = false;
  bool higher_prio_send_advert = false;
  bool owner_ignore_adverts = false;
  bool skip_check_adv_addr = false;
  bool strict_mode = false;

  std::vector<std::string> use_vmac;         // words after the keyword; empty + flag: default name
  bool use_vmac_set = false;
  bool vmac_xmit_base = false;
  bool use_vmac_addr = false;
  bool promote_secondaries = false;
  std::optional<int> timer_expired_backup;
  std::string vrf;

  // Which fields were given explicitly (keepalived applies global defaults only to the rest).
  bool garp_master_delay_set = false, garp_master_repeat_set = false, garp_master_refresh_set = false,
       garp_master_refresh_repeat_set = false, garp_lower_prio_delay_set = false,
       garp_lower_prio_repeat_set = false, down_timer_adverts_set = false,
       lower_prio_no_advert_set = false, higher_prio_send_advert_set = false,
       owner_ignore_adverts_set = false, skip_check_adv_addr_set = false, strict_mode_set = false,
       smtp_alert_set = false, notify_priority_changes_set = false, v3_checksum_as_v2_set = false,
       preempt_delay_set = false, check_unicast_src_set = false;
  SourceLocation preempt_delay_loc;
  SourceLocation authentication_loc;

  /// P2 keywords accepted and stored verbatim: (keyword, rest of the line).
  std::vector<std::pair<std::string, std::string>> other;
};

/// `notify_fifo PATH [user [group]]` and friends.
struct Fifo {
  std::string path;
  std::string user;
  std::string group;
  SourceLocation loc;
};

struct GlobalDefs {
  std::string router_id;
  std::vector<std::string> notification_email;
  std::string notification_email_from;
  std::string smtp_server;
  std::optional<int> smtp_server_port;
  std::string smtp_helo_name;
  Duration smtp_connect_timeout = std::chrono::seconds(30);
  std::optional<bool> smtp_alert;
  std::optional<bool> smtp_alert_vrrp;
  bool no_email_faults = false;

  IpAddr vrrp_mcast_group4 = IpAddr::v4({224, 0, 0, 18});
  IpAddr vrrp_mcast_group6 = IpAddr::v6({0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});
  int vrrp_version = 2;
  bool vrrp_strict = false;
  bool vrrp_skip_check_adv_addr = false;
  bool vrrp_check_unicast_src = false;
  Duration vrrp_garp_master_delay = std::chrono::seconds(5);
  unsigned vrrp_garp_master_repeat = 5;
  Duration vrrp_garp_master_refresh{0};
  unsigned vrrp_garp_master_refresh_repeat = 1;
  std::optional<Duration> vrrp_garp_lower_prio_delay;   // unset: = master delay
  std::optional<unsigned> vrrp_garp_lower_prio_repeat;  // unset: = master repeat
  Duration vrrp_garp_interval{0};
  Duration vrrp_gna_interval{0};
  bool vrrp_min_garp = false;
  int vrrp_down_timer_adverts = 3;
  bool vrrp_lower_prio_no_advert = false;
  bool vrrp_higher_prio_send_advert = false;
  bool vrrp_owner_ignore_adverts = false;
  bool v3_checksum_as_v2 = false;

  std::string script_user;
  std::string script_group;
  bool enable_script_security = false;
  std::optional<Fifo> notify_fifo;
  std::optional<Script> notify_fifo_script;
  std::optional<Fifo> vrrp_notify_fifo;
  std::optional<Script> vrrp_notify_fifo_script;
  bool vrrp_notify_priority_changes = false;
  bool fifo_write_vrrp_states_on_reload = false;
  Duration vrrp_startup_delay{0};
  bool dynamic_interfaces = false;
  bool dynamic_interfaces_allow_if_changes = false;
  std::string default_interface = "eth0";
  SourceLocation enable_script_security_loc;
  std::string vmac_prefix = "vrrp";
  bool log_unknown_vrids = false;

  /// P2 keywords accepted and stored verbatim: (keyword, rest of the line).
  std::vector<std::pair<std::string, std::string>> other;
};

/// An out-of-scope block (virtual_server, virtual_server_group, SSL...) that was checked
/// against keepalived's keyword set and then skipped.
struct SkippedBlock {
  std::string keyword;
  std::string name;  // words after the keyword
  SourceLocation loc;
  /// Checker/notify scripts inside (misc_path, notify_up, ...): keepalived's script security
  /// verdict counts them even though vrrpd never runs them.
  std::vector<Script> scripts;
};

struct Config {
  GlobalDefs global_defs;
  std::vector<VrrpScript> vrrp_script;
  std::vector<TrackFile> track_file;
  std::vector<TrackProcess> track_process;
  std::vector<SyncGroup> vrrp_sync_group;
  std::vector<VrrpInstance> vrrp_instance;
  std::vector<AddressSpec> static_ipaddress;
  std::vector<RouteSpec> static_routes;
  std::vector<RouteSpec> static_rules;
  std::vector<SkippedBlock> skipped;
  /// Root-level P2 keywords accepted and stored verbatim: (keyword, rest of the line).
  std::vector<std::pair<std::string, std::string>> other;

  /// Lookups by name (linear; configs are small and this is not on a hot path).
  const VrrpScript* find_script(const std::string& name) const;
  const VrrpInstance* find_instance(const std::string& name) const;
};

}  // namespace vrrp::conf
