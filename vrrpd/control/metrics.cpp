// Rendering of the /metrics page. Families are written one after the other (HELP, TYPE,
// samples), which is what the format requires: a family's samples may not be split.
#include "vrrpd/control/metrics.hpp"

#include <array>
#include <cstdint>
#include <functional>

#include "proto/drop_reason.hpp"
#include "vrrpd/control/reply.hpp"

namespace vrrp::control {

namespace {

using Labels = std::string;  // already rendered: instance="a",interface="b",...

Labels instance_labels(const InstanceStatus& s) {
  return "instance=\"" + escape_label_value(s.name) + "\",interface=\"" + escape_label_value(s.interface) +
         "\",vrid=\"" + std::to_string(s.vrid) + "\",family=\"" + std::string(family_name(s.family)) + "\"";
}

class Writer {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += help;
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }
  void sample(std::string_view name, const Labels& labels, std::string_view value) {
    out_ += name;
    if (!labels.empty()) {
      out_ += '{';
      out_ += labels;
      out_ += '}';
    }
    out_ += ' ';
    out_ += value;
    out_ += '\n';
  }
  void sample(std::string_view name, const Labels& labels, std::uint64_t value) {
    sample(name, labels, std::string_view(std::to_string(value)));
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

struct CounterFamily {
  std::string_view name;
  std::string_view help;
  std::uint64_t proto::VrCounters::*field;
};
constexpr std::array<CounterFamily, 9> kCounters{{
    {"vrrpd_adverts_sent_total", "VRRP advertisements sent.", &proto::VrCounters::adverts_sent},
    {"vrrpd_adverts_received_total", "VRRP advertisements received for this virtual router.", &proto::VrCounters::adverts_rcvd},
    {"vrrpd_priority_zero_sent_total", "Priority 0 (resign) advertisements sent.", &proto::VrCounters::pri_zero_sent},
    {"vrrpd_priority_zero_received_total", "Priority 0 (resign) advertisements received.", &proto::VrCounters::pri_zero_rcvd},
    {"vrrpd_transitions_total", "State changes.", &proto::VrCounters::transitions},
    {"vrrpd_became_master_total", "Times the instance became MASTER.", &proto::VrCounters::master_transitions},
    {"vrrpd_announcements_sent_total", "Gratuitous ARP / unsolicited NA announcements requested.", &proto::VrCounters::announcements_sent},
    {"vrrpd_checksum_form_mismatch_total", "Accepted VRRPv3 IPv4 adverts whose checksum used the other pseudo-header form.", &proto::VrCounters::checksum_form_mismatch},
    {"vrrpd_output_overflows_total", "State machine outputs lost because the daemon did not drain them.", &proto::VrCounters::output_overflows},
}};

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string render_metrics(const Snapshot& snap) {
  Writer w;
  w.family("vrrpd_build_info", "gauge", "vrrpd version, always 1.");
  w.sample("vrrpd_build_info", "version=\"" + escape_label_value(snap.daemon.version) + "\"", 1);
  w.family("vrrpd_start_time_seconds", "gauge", "When vrrpd started, in seconds since the Unix epoch.");
  w.sample("vrrpd_start_time_seconds", "",
           static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(snap.daemon.started.time_since_epoch()).count()));

  constexpr std::array<proto::State, 4> kStates{proto::State::Initialize, proto::State::Backup, proto::State::Master, proto::State::Fault};
  w.family("vrrpd_instance_state", "gauge", "1 for the state the instance is in, 0 for the others.");
  for (const auto& s : snap.instances) {
    for (const auto st : kStates) {
      std::string name(proto::to_string(st));
      for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      w.sample("vrrpd_instance_state", instance_labels(s) + ",state=\"" + name + "\"", s.state == st ? 1 : 0);
    }
  }
  const auto gauge = [&](std::string_view name, std::string_view help, const std::function<std::uint64_t(const InstanceStatus&)>& get) {
    w.family(name, "gauge", help);
    for (const auto& s : snap.instances) w.sample(name, instance_labels(s), get(s));
  };
  gauge("vrrpd_instance_effective_priority", "Priority the instance advertises now (trackers and overrides applied).",
        [](const InstanceStatus& s) { return s.effective_priority; });
  gauge("vrrpd_instance_base_priority", "Configured priority.", [](const InstanceStatus& s) { return s.base_priority; });
  gauge("vrrpd_instance_master_priority", "Priority advertised by the current master (0 when unknown).",
        [](const InstanceStatus& s) { return s.master_priority; });
  gauge("vrrpd_instance_released", "1 while `vrrpctl release` holds the instance in BACKUP.",
        [](const InstanceStatus& s) { return s.released ? 1 : 0; });
  gauge("vrrpd_instance_state_since_seconds", "When the current state was entered, in seconds since the Unix epoch.",
        [](const InstanceStatus& s) {
          return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(s.since.time_since_epoch()).count());
        });

  for (const auto& c : kCounters) {
    w.family(c.name, "counter", c.help);
    for (const auto& s : snap.instances) w.sample(c.name, instance_labels(s), s.counters.*c.field);
  }
  w.family("vrrpd_adverts_dropped_total", "counter", "Received adverts dropped, by reason (RFC 2787/6527 counter names).");
  for (const auto& s : snap.instances) {
    for (std::size_t i = 1; i < static_cast<std::size_t>(proto::DropReason::kCount); ++i) {
      const auto r = static_cast<proto::DropReason>(i);
      w.sample("vrrpd_adverts_dropped_total", instance_labels(s) + ",reason=\"" + std::string(proto::counter_name(r)) + "\"", s.counters.dropped(r));
    }
  }

  const auto& r = snap.daemon.router;
  w.family("vrrpd_router_dropped_total", "counter", "Packets dropped before a virtual router could be identified, by reason.");
  w.sample("vrrpd_router_dropped_total", "reason=\"checksum_errors\"", r.checksum_errors);
  w.sample("vrrpd_router_dropped_total", "reason=\"version_errors\"", r.version_errors);
  w.sample("vrrpd_router_dropped_total", "reason=\"vrid_errors\"", r.vrid_errors);
  w.sample("vrrpd_router_dropped_total", "reason=\"packet_length_errors\"", r.packet_length_errors);
  w.sample("vrrpd_router_dropped_total", "reason=\"ip_ttl_errors\"", r.ip_ttl_errors);
  w.family("vrrpd_loop_stalls_total", "counter", "Times the event loop ran a timer later than a quarter of the smallest advert interval.");
  w.sample("vrrpd_loop_stalls_total", "", snap.daemon.loop_stalls);
  return w.take();
}

}  // namespace vrrp::control
