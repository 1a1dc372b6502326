// lower(): keepalived vocabulary -> RFC vocabulary. Every mapping decision lives here, so the
// daemon and proto/ never see a keepalived keyword.
#include "conf-parser/lower.hpp"

#include <algorithm>
#include <unordered_map>

namespace vrrp::conf {
namespace {

template <class Def>
std::vector<ResolvedTrack> resolve(const std::vector<TrackRef>& refs,
                                   const std::unordered_map<std::string, const Def*>& defs) {
  std::vector<ResolvedTrack> out;
  out.reserve(refs.size());
  for (const auto& r : refs) {
    int weight = 0;
    bool reverse = false;
    if (auto it = defs.find(r.name); it != defs.end()) {
      weight = it->second->weight;
      reverse = it->second->weight_reverse;
    }
    out.push_back(ResolvedTrack{r.name, r.weight.value_or(weight), r.reverse.value_or(reverse)});
  }
  return out;
}

std::vector<ResolvedTrack> resolve_interfaces(const std::vector<TrackRef>& refs) {
  std::vector<ResolvedTrack> out;
  for (const auto& r : refs) out.push_back(ResolvedTrack{r.name, r.weight.value_or(0), r.reverse.value_or(false)});
  return out;
}

template <class T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

std::vector<InstancePlan> lower(const Config& c) {
  const GlobalDefs& g = c.global_defs;
  std::unordered_map<std::string, const VrrpScript*> scripts;
  for (const auto& s : c.vrrp_script) scripts.emplace(s.name, &s);
  std::unordered_map<std::string, const TrackFile*> files;
  for (const auto& f : c.track_file) files.emplace(f.name, &f);
  std::unordered_map<std::string, const TrackProcess*> processes;
  for (const auto& p : c.track_process) processes.emplace(p.name, &p);
  std::unordered_map<std::string, const SyncGroup*> group_of;
  for (const auto& sg : c.vrrp_sync_group) {
    for (const auto& m : sg.group) group_of.emplace(m, &sg);
  }

  std::vector<InstancePlan> plans;
  plans.reserve(c.vrrp_instance.size());
  for (const VrrpInstance& v : c.vrrp_instance) {
    InstancePlan plan;
    proto::InstanceConfig& ic = plan.config;
    ic.name = v.name;
    ic.interface = v.interface;
    ic.vrid = static_cast<std::uint8_t>(v.virtual_router_id);
    ic.version = v.version == 2 ? proto::Version::V2 : proto::Version::V3;
    ic.family = v.family;
    ic.priority = static_cast<std::uint8_t>(v.priority);
    ic.advert_interval = v.advert_int;
    ic.preempt = !v.nopreempt;
    ic.preempt_delay = v.preempt_delay;
    ic.accept = v.accept;
    ic.initial_state = v.state == WantedState::Master ? proto::InitialState::Master : proto::InitialState::Backup;
    ic.initial_state_explicit = v.state_set;  // an owner with explicit `state BACKUP` starts BACKUP
    ic.sync_member = group_of.count(v.name) != 0;  // §5.11: the group decides when it becomes MASTER
    for (const auto& a : v.virtual_ipaddress) ic.vips.push_back(a.address);
    if (v.unicast_src_ip) {
      ic.source = *v.unicast_src_ip;
      plan.source_configured = true;
    } else if (v.mcast_src_ip) {
      ic.source = *v.mcast_src_ip;
      plan.source_configured = true;
    } else {
      ic.source = v.family == proto::Family::Ipv4 ? IpAddr{} : IpAddr::v6({});
    }
    for (const auto& p : v.unicast_peer) ic.unicast_peers.push_back(p.address);
    // RFC 3768 §5.3.6: only v2 carries authentication; validation already cleared it otherwise.
    if (v.version == 2 && v.authentication.auth_type == "PASS") {
      ic.auth_type = proto::AuthType::SimplePassword;
      std::copy_n(v.authentication.auth_pass.begin(), std::min<std::size_t>(8, v.authentication.auth_pass.size()),
                  ic.auth_data.begin());
    } else if (v.version == 2 && v.authentication.auth_type == "AH") {
      ic.auth_type = proto::AuthType::IpAh;
    }
    ic.v3_ipv4_checksum = v.v3_checksum_as_v2 ? proto::ChecksumForm::MessageOnly : proto::ChecksumForm::PseudoHeader;
    ic.strict = v.strict_mode;
    ic.lower_prio_no_advert = v.lower_prio_no_advert;
    ic.higher_prio_send_advert = v.higher_prio_send_advert;
    ic.down_timer_adverts = static_cast<unsigned>(v.down_timer_adverts);
    ic.announce.master_repeat = v.garp_master_repeat;
    ic.announce.master_delay = v.garp_master_delay;
    ic.announce.master_refresh = v.garp_master_refresh;
    ic.announce.master_refresh_repeat = v.garp_master_refresh_repeat;
    ic.announce.lower_prio_repeat = v.garp_lower_prio_repeat;
    ic.announce.lower_prio_delay = v.garp_lower_prio_delay;

    plan.interface = v.interface;
    plan.multicast_group = v.mcast_dst_ip ? *v.mcast_dst_ip
                                          : (v.family == proto::Family::Ipv4 ? g.vrrp_mcast_group4 : g.vrrp_mcast_group6);
    plan.unicast_ttl = v.unicast_ttl;
    plan.check_unicast_src = v.check_unicast_src;
    plan.skip_check_adv_addr = v.skip_check_adv_addr;
    plan.dont_track_primary = v.dont_track_primary;
    plan.track_src_ip = v.track_src_ip;
    plan.unicast_fault_no_peer = v.unicast_fault_no_peer;
    plan.owner_ignore_adverts = v.owner_ignore_adverts;
    plan.virtual_ipaddress = v.virtual_ipaddress;
    plan.virtual_ipaddress_excluded = v.virtual_ipaddress_excluded;
    plan.virtual_routes = v.virtual_routes;
    plan.virtual_rules = v.virtual_rules;
    plan.track_interface = resolve_interfaces(v.trackers.track_interface);
    plan.track_script = resolve(v.trackers.track_script, scripts);
    plan.track_file = resolve(v.trackers.track_file, files);
    plan.track_process = resolve(v.trackers.track_process, processes);
    plan.notifies = v.notifies;
    if (auto it = group_of.find(v.name); it != group_of.end()) {
      const SyncGroup& sg = *it->second;
      plan.sync_group = sg.name;
      // Group-level trackers apply to every member (§2.6); an owner's priority never moves.
      auto add = [&](std::vector<ResolvedTrack> extra) {
        if (v.priority == 255) {
          for (auto& t : extra) t.weight = 0;
        }
        return extra;
      };
      append(plan.track_interface, add(resolve_interfaces(sg.trackers.track_interface)));
      append(plan.track_script, add(resolve(sg.trackers.track_script, scripts)));
      append(plan.track_file, add(resolve(sg.trackers.track_file, files)));
      append(plan.track_process, add(resolve(sg.trackers.track_process, processes)));
    }
    plan.use_vmac = v.use_vmac_set;
    plan.use_vmac_args = v.use_vmac;
    plan.vmac_xmit_base = v.vmac_xmit_base;
    plan.promote_secondaries = v.promote_secondaries;
    plan.garp_interval = v.family == proto::Family::Ipv4 ? g.vrrp_garp_interval : g.vrrp_gna_interval;
    plans.push_back(std::move(plan));
  }
  return plans;
}

}  // namespace vrrp::conf
