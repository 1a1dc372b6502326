// keepalived's dump formats (keepalived-surface.md §6): SIGUSR1 data (/tmp/keepalived.data),
// SIGUSR2 stats (/tmp/keepalived.stats) and the SIGRTMIN+2 JSON (/tmp/keepalived.json).
// Formatting is pure over InstanceSnapshot values; snapshot() and write_dump_file() do the rest.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "proto/counters.hpp"
#include "proto/output.hpp"

namespace vrrp::daemon {

class InstanceDriver;

inline constexpr const char* kDataDumpFile = "/tmp/keepalived.data";
inline constexpr const char* kStatsDumpFile = "/tmp/keepalived.stats";
inline constexpr const char* kJsonDumpFile = "/tmp/keepalived.json";

/// Everything the three dumps show about one instance, as plain values.
struct InstanceSnapshot {
  std::string iname;
  std::string ifp_ifname;  // empty: no interface
  std::string vmac_ifname;
  bool dont_track_primary = false;
  bool skip_check_adv_addr = false;
  bool strict_mode = false;
  std::uint8_t master_priority = 0;
  double last_transition = 0;  // epoch seconds
  double garp_delay = 5, garp_refresh = 0, garp_lower_prio_delay = 5;  // seconds
  unsigned garp_rep = 5, garp_refresh_rep = 1, garp_lower_prio_rep = 5;
  bool lower_prio_no_advert = false;
  bool higher_prio_send_advert = false;
  std::uint8_t vrid = 0;
  std::uint8_t base_priority = 0;
  std::uint8_t effective_priority = 0;
  bool vipset = false;
  bool promote_secondaries = false;
  double adver_int = 1;         // seconds
  double master_adver_int = 1;  // seconds
  bool accept = true;
  bool nopreempt = false;
  double preempt_delay = 0;
  proto::State state = proto::State::Initialize;
  proto::State wantstate = proto::State::Initialize;
  int version = 2;
  bool smtp_alert = false;
  bool notify_deleted = false;
  /// (JSON key, argv) of configured scripts, e.g. ("script_master", {"/x.sh", "master"}).
  std::vector<std::pair<std::string, std::vector<std::string>>> scripts;
  std::vector<std::string> vips;   // "192.0.2.100/24 dev v0 scope global set"
  std::vector<std::string> evips;
  std::vector<std::string> track_ifp;
  std::vector<std::string> track_script;
  int auth_type = 0;  // 0 none, 1 PASS, 2 AH
  // Data-dump extras
  std::string source;
  std::string multicast_group;
  std::vector<std::string> unicast_peers;
  unsigned down_timer_adverts = 3;
  std::int64_t master_down_timer_us = 0;
  proto::VrCounters counters;
  std::uint64_t release_master = 0;
  std::uint64_t vips_readded = 0;
  std::uint64_t send_errors = 0;
};

/// Daemon-wide facts shown in the data dump.
struct DaemonSnapshot {
  std::string config_file;
  proto::RouterCounters router;
  std::uint64_t stalls = 0;
  std::int64_t worst_stall_us = 0;
  std::int64_t stall_threshold_us = 0;
  std::uint64_t reloads = 0;
};

InstanceSnapshot snapshot(const InstanceDriver& driver);

/// keepalived's stats text: one indented block per instance.
std::string format_stats(std::span<const InstanceSnapshot> instances);
/// keepalived's data text ("------< Section >------" headers, " Key = value" lines); a subset of
/// keepalived's keys, same spelling, plus vrrpd's own counters.
std::string format_data(const DaemonSnapshot& daemon, std::span<const InstanceSnapshot> instances);
/// keepalived's JSON v1: compact top-level array of {"data":{...},"stats":{...}}, '/' escaped.
std::string format_json(std::span<const InstanceSnapshot> instances);

/// Writes `content` to `path` with mode 0600 via a temporary file and rename (readers never see
/// half a dump).
std::error_code write_dump_file(const std::string& path, const std::string& content);

/// JSON string escaping as keepalived does it (also '/' → "\/").
std::string json_escape(std::string_view text);
/// A seconds value the way keepalived prints it: integers without a fraction, else up to 6
/// decimals without trailing zeros.
std::string format_seconds(double seconds);

}  // namespace vrrp::daemon
