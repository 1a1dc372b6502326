// Lowering: the one place where keepalived's vocabulary (keywords, model.hpp) becomes the RFC's
// (proto::InstanceConfig). Whatever the daemon needs per instance that is not RFC vocabulary
// travels beside it in InstancePlan.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "conf-parser/model.hpp"
#include "proto/instance_config.hpp"

namespace vrrp::conf {

/// A tracker resolved against its definition (weights and reverse filled in from
/// vrrp_script/track_file/track_process defaults when the reference gave none).
struct ResolvedTrack {
  std::string name;
  int weight = 0;        // 0: failure means FAULT
  bool reverse = false;
};

/// Per-instance daemon inputs that are not RFC vocabulary.
struct InstancePlan {
  /// RFC part. `config.source` is left unspecified unless mcast_src_ip / unicast_src_ip was
  /// given (`source_configured`); the daemon fills it from the interface otherwise.
  proto::InstanceConfig config;
  bool source_configured = false;
  std::string interface;                     // may be empty for unicast with unicast_src_ip
  IpAddr multicast_group;                    // mcast_dst_ip, else global vrrp_mcast_group4/6
  std::optional<int> unicast_ttl;
  bool check_unicast_src = false;            // unicast: drop adverts from non-peers
  bool skip_check_adv_addr = false;
  bool dont_track_primary = false;
  bool track_src_ip = false;
  bool unicast_fault_no_peer = false;
  bool owner_ignore_adverts = false;
  std::vector<AddressSpec> virtual_ipaddress;           // full specs (dev, label, scope...)
  std::vector<AddressSpec> virtual_ipaddress_excluded;  // installed, never advertised
  std::vector<RouteSpec> virtual_routes;
  std::vector<RouteSpec> virtual_rules;
  std::vector<ResolvedTrack> track_interface;
  std::vector<ResolvedTrack> track_script;
  std::vector<ResolvedTrack> track_file;
  std::vector<ResolvedTrack> track_process;
  Notifies notifies;
  std::string sync_group;                    // empty: none
  bool use_vmac = false;
  std::vector<std::string> use_vmac_args;
  bool vmac_xmit_base = false;
  bool promote_secondaries = false;
  Duration garp_interval{0};                 // global vrrp_garp_interval (IPv4) / gna (IPv6)
};

/// Model → one plan per vrrp_instance, in file order. Precondition: the model came out of
/// load() (defaults resolved); instances that failed validation fatally (no VRID, no usable
/// family) were already dropped there, so this never fails. Deterministic.
std::vector<InstancePlan> lower(const Config& config);

}  // namespace vrrp::conf
