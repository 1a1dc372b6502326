// JSON renderings of status, stats and explain results.
#include "vrrpd/control/reply.hpp"

#include <ctime>

#include "proto/drop_reason.hpp"

namespace vrrp::control {

namespace {

Json optional_time(WallTime t) {
  const std::string s = iso8601(t);
  return s.empty() ? Json() : Json(s);
}

long long unix_seconds(WallTime t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string iso8601(WallTime t) {
  if (t == WallTime{}) return {};
  const std::time_t secs = static_cast<std::time_t>(unix_seconds(t));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

std::string_view family_name(proto::Family family) {
  return family == proto::Family::Ipv6 ? "ipv6" : "ipv4";
}

Json instance_json(const InstanceStatus& s) {
  Json j;
  j.set("name", s.name);
  j.set("interface", s.interface);
  j.set("vrid", static_cast<int>(s.vrid));
  j.set("version", static_cast<int>(s.version));
  j.set("family", std::string(family_name(s.family)));
  j.set("state", std::string(proto::to_string(s.state)));
  j.set("effective_priority", static_cast<int>(s.effective_priority));
  j.set("base_priority", static_cast<int>(s.base_priority));
  j.set("priority_override", s.priority_override ? Json(static_cast<int>(*s.priority_override)) : Json());
  j.set("released", s.released);
  j.set("master", s.master ? Json(s.master->to_string()) : Json());
  j.set("master_priority", static_cast<int>(s.master_priority));
  j.set("since", optional_time(s.since));
  if (s.last_transition) {
    Json t;
    t.set("from", std::string(proto::to_string(s.last_transition->from)));
    t.set("to", std::string(proto::to_string(s.last_transition->to)));
    t.set("reason", std::string(proto::to_string(s.last_transition->reason)));
    t.set("at", optional_time(s.last_transition->at));
    j.set("last_transition", std::move(t));
  } else {
    j.set("last_transition", Json());
  }
  JsonArray vips;
  for (const auto& v : s.vips) vips.emplace_back(v.to_string());
  j.set("vips", std::move(vips));
  return j;
}

Json counters_json(const proto::VrCounters& c) {
  Json j;
  j.set("adverts_sent", c.adverts_sent);
  j.set("adverts_received", c.adverts_rcvd);
  j.set("priority_zero_sent", c.pri_zero_sent);
  j.set("priority_zero_received", c.pri_zero_rcvd);
  j.set("transitions", c.transitions);
  j.set("became_master", c.master_transitions);
  j.set("announcements_sent", c.announcements_sent);
  j.set("checksum_form_mismatch", c.checksum_form_mismatch);
  j.set("output_overflows", c.output_overflows);
  Json drops = JsonObject{};
  for (std::size_t i = 1; i < static_cast<std::size_t>(proto::DropReason::kCount); ++i) {
    const auto r = static_cast<proto::DropReason>(i);
    drops.set(std::string(proto::counter_name(r)), c.dropped(r));
  }
  j.set("drops", std::move(drops));
  return j;
}

Json status_result(const Snapshot& snapshot) {
  Json daemon;
  daemon.set("version", snapshot.daemon.version);
  daemon.set("started", optional_time(snapshot.daemon.started));
  JsonArray instances;
  for (const auto& s : snapshot.instances) instances.push_back(instance_json(s));
  Json j;
  j.set("daemon", std::move(daemon));
  j.set("instances", std::move(instances));
  return j;
}

Json stats_result(const Snapshot& snapshot, const InstanceStatus* only) {
  JsonArray instances;
  for (const auto& s : snapshot.instances) {
    if (only && only->name != s.name) continue;
    Json i;
    i.set("name", s.name);
    i.set("interface", s.interface);
    i.set("vrid", static_cast<int>(s.vrid));
    i.set("family", std::string(family_name(s.family)));
    i.set("counters", counters_json(s.counters));
    instances.push_back(std::move(i));
  }
  const auto& r = snapshot.daemon.router;
  Json router;
  router.set("checksum_errors", r.checksum_errors);
  router.set("version_errors", r.version_errors);
  router.set("vrid_errors", r.vrid_errors);
  router.set("packet_length_errors", r.packet_length_errors);
  router.set("ip_ttl_errors", r.ip_ttl_errors);
  router.set("loop_stalls", snapshot.daemon.loop_stalls);
  Json j;
  j.set("instances", std::move(instances));
  j.set("router", std::move(router));
  return j;
}

Json explain_result(const Explanation& e) {
  const auto& b = e.priority;
  Json prio;
  prio.set("base", static_cast<int>(b.base));
  prio.set("owner", b.owner);
  prio.set("sum", b.sum);
  prio.set("unclamped", b.unclamped);
  prio.set("effective", static_cast<int>(b.effective));
  prio.set("clamped", b.clamped);
  prio.set("tracker_fault", b.tracker_fault);
  prio.set("group_fault", b.group_fault);
  prio.set("pending", b.pending);
  JsonArray trackers;
  for (const auto& t : b.trackers) {
    Json tj;
    tj.set("kind", std::string(proto::to_string(t.kind)));
    tj.set("name", t.name);
    tj.set("weight", t.weight);
    tj.set("reverse", t.reverse);
    tj.set("status", std::string(proto::to_string(t.status)));
    tj.set("value", t.value ? Json(static_cast<long long>(*t.value)) : Json());
    tj.set("contribution", t.effect.contribution);
    tj.set("fault", t.effect.fault);
    tj.set("pending", t.effect.pending);
    tj.set("ignored_for_owner", t.ignored_for_owner);
    trackers.push_back(std::move(tj));
  }
  prio.set("trackers", std::move(trackers));

  JsonArray hints;
  for (auto& h : explain_hints(e)) hints.emplace_back(std::move(h));
  Json j;
  j.set("instance", instance_json(e.status));
  j.set("priority", std::move(prio));
  j.set("preempt", e.preempt);
  j.set("preempt_delay_ms", static_cast<long long>(e.preempt_delay.count()));
  j.set("advert_interval_ms", static_cast<long long>(e.advert_interval.count()));
  j.set("sync_group", e.sync_member ? Json(e.sync_group) : Json());
  j.set("text", proto::to_text(b));
  j.set("hints", std::move(hints));
  return j;
}

}  // namespace vrrp::control
