// Text, stats and JSON dumps in keepalived's layouts, and the atomic file writer.
#include "vrrpd/dump.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <sstream>

#include "vrrpd/instance_driver.hpp"

namespace vrrp::daemon {

namespace {

double seconds_of(proto::Duration d) { return static_cast<double>(d.count()) / 1e6; }

std::string address_line(const conf::AddressSpec& a, const std::string& default_dev, bool set) {
  std::string out = a.address.to_string();
  const int full = a.address.family() == proto::Family::Ipv4 ? 32 : 128;
  if (a.prefix != full) out += "/" + std::to_string(a.prefix);
  if (a.brd == conf::AddressSpec::Broadcast::Explicit) out += " brd " + a.broadcast.to_string();
  out += " dev " + (a.dev.empty() ? default_dev : a.dev);
  out += " scope " + (a.scope.empty() ? std::string("global") : a.scope);
  if (!a.label.empty()) out += " label " + a.label;
  if (set) out += " set";
  return out;
}

const char* state_name(proto::State s) { return proto::to_string(s).data(); }

std::string quoted_argv(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& w : argv) {
    if (!out.empty()) out += ' ';
    out += '\'' + w + '\'';
  }
  return out;
}

std::string fixed6(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

std::string wall_text(double epoch) {
  const auto secs = static_cast<std::time_t>(epoch);
  const auto usec = static_cast<long>(std::llround((epoch - static_cast<double>(secs)) * 1e6));
  std::tm tm{};
  ::localtime_r(&secs, &tm);
  char date[64];
  std::strftime(date, sizeof date, "%a %b %e %H:%M:%S", &tm);
  char year[16];
  std::strftime(year, sizeof year, "%Y", &tm);
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s.%06ld %s", date, usec, year);
  return buf;
}

std::string interval_text(double seconds) {
  const auto ms = std::llround(seconds * 1000);
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " sec";
  return std::to_string(ms) + " milli-sec";
}

}  // namespace

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '/': out += "\\/"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string format_seconds(double seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", seconds);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

InstanceSnapshot snapshot(const InstanceDriver& driver) {
  const auto& plan = driver.plan();
  const auto& c = plan.config;
  const auto& inst = driver.instance();
  InstanceSnapshot s;
  s.iname = c.name;
  s.ifp_ifname = plan.interface;
  s.dont_track_primary = plan.dont_track_primary;
  s.skip_check_adv_addr = plan.skip_check_adv_addr;
  s.strict_mode = c.strict;
  s.master_priority = inst.master_priority();
  s.last_transition = driver.last_transition();
  s.garp_delay = seconds_of(c.announce.master_delay);
  s.garp_refresh = seconds_of(c.announce.master_refresh);
  s.garp_rep = c.announce.master_repeat;
  s.garp_refresh_rep = c.announce.master_refresh_repeat;
  s.garp_lower_prio_delay = seconds_of(c.announce.lower_prio_delay);
  s.garp_lower_prio_rep = c.announce.lower_prio_repeat;
  s.lower_prio_no_advert = c.lower_prio_no_advert;
  s.higher_prio_send_advert = c.higher_prio_send_advert;
  s.vrid = c.vrid;
  s.base_priority = c.priority;
  s.effective_priority = inst.effective_priority();
  s.vipset = driver.vips_installed();
  s.promote_secondaries = plan.promote_secondaries;
  s.adver_int = seconds_of(c.advert_interval);
  s.master_adver_int = seconds_of(inst.master_adver_interval());
  s.accept = c.accept;
  s.nopreempt = !c.preempt;
  s.preempt_delay = seconds_of(c.preempt_delay);
  s.state = inst.state();
  s.wantstate = inst.state();
  s.version = static_cast<int>(c.version);
  s.smtp_alert = false;
  s.notify_deleted = plan.notifies.notify_deleted_set || plan.notifies.notify_deleted.has_value();
  auto script = [&](const char* key, const std::optional<conf::Script>& sc) {
    if (sc) s.scripts.emplace_back(key, sc->argv);
  };
  script("script_backup", plan.notifies.notify_backup);
  script("script_master", plan.notifies.notify_master);
  script("script_fault", plan.notifies.notify_fault);
  script("script_stop", plan.notifies.notify_stop);
  script("script_deleted", plan.notifies.notify_deleted);
  script("script", plan.notifies.notify);
  script("script_master_rx_lower_pri", plan.notifies.notify_master_rx_lower_pri);
  for (const auto& a : plan.virtual_ipaddress) s.vips.push_back(address_line(a, plan.interface, s.vipset));
  for (const auto& a : plan.virtual_ipaddress_excluded) {
    s.evips.push_back(address_line(a, plan.interface, s.vipset));
  }
  for (const auto& t : plan.track_interface) s.track_ifp.push_back(t.name);
  for (const auto& t : plan.track_script) s.track_script.push_back(t.name);
  s.auth_type = static_cast<int>(c.auth_type);
  s.source = c.source.to_string();
  s.multicast_group = plan.multicast_group.to_string();
  for (const auto& p : c.unicast_peers) s.unicast_peers.push_back(p.to_string());
  s.down_timer_adverts = c.down_timer_adverts;
  s.master_down_timer_us = inst.master_down_interval().count();
  s.counters = inst.counters();
  s.release_master = driver.counters().release_master;
  s.vips_readded = driver.counters().vips_readded;
  s.send_errors = driver.counters().send_errors;
  return s;
}

std::string format_stats(std::span<const InstanceSnapshot> instances) {
  using proto::DropReason;
  std::ostringstream o;
  for (const auto& s : instances) {
    const auto& c = s.counters;
    o << "VRRP Instance: " << s.iname << "\n"
      << "  Advertisements:\n"
      << "    Received: " << c.adverts_rcvd << "\n"
      << "    Sent: " << c.adverts_sent << "\n"
      << "  Became master: " << c.master_transitions << "\n"
      << "  Released master: " << s.release_master << "\n"
      << "  Packet Errors:\n"
      << "    Length: " << c.dropped(DropReason::PacketLength) << "\n"
      << "    TTL: " << c.dropped(DropReason::IpTtl) << "\n"
      << "    Invalid Type: " << c.dropped(DropReason::InvalidType) << "\n"
      << "    Advertisement Interval: " << c.dropped(DropReason::AdvInterval) << "\n"
      << "    Address List: " << c.dropped(DropReason::AddressList) << "\n"
      << "  Authentication Errors:\n"
      << "    Invalid Type: " << c.dropped(DropReason::InvalidAuthType) << "\n"
      << "    Type Mismatch: " << c.dropped(DropReason::AuthTypeMismatch) << "\n"
      << "    Failure: " << c.dropped(DropReason::AuthFailure) << "\n"
      << "  Priority Zero:\n"
      << "    Received: " << c.pri_zero_rcvd << "\n"
      << "    Sent: " << c.pri_zero_sent << "\n";
  }
  return o.str();
}

std::string format_data(const DaemonSnapshot& d, std::span<const InstanceSnapshot> instances) {
  std::ostringstream o;
  o << "------< Global definitions >------\n"
    << " Configuration file = " << d.config_file << "\n"
    << " Reloads = " << d.reloads << "\n"
    << " Loop stall threshold = " << d.stall_threshold_us << " usecs\n"
    << " Loop stalls = " << d.stalls << "\n"
    << " Worst loop stall = " << d.worst_stall_us << " usecs\n"
    << " Checksum errors = " << d.router.checksum_errors << "\n"
    << " Version errors = " << d.router.version_errors << "\n"
    << " VRID errors = " << d.router.vrid_errors << "\n"
    << " Packet length errors = " << d.router.packet_length_errors << "\n";
  o << "------< VRRP Topology >------\n";
  for (const auto& s : instances) {
    o << " VRRP Instance = " << s.iname << "\n"
      << "   VRRP Version = " << s.version << "\n"
      << "   State = " << state_name(s.state) << "\n"
      << "   Wantstate = " << state_name(s.wantstate) << "\n";
    if (s.last_transition > 0) {
      o << "   Last transition = " << fixed6(s.last_transition) << " (" << wall_text(s.last_transition)
        << ")\n";
    }
    o << "   Master down timer = " << s.master_down_timer_us << " usecs\n";
    if (!s.ifp_ifname.empty()) o << "   Interface = " << s.ifp_ifname << "\n";
    o << "   Using src_ip = " << s.source << "\n";
    if (s.unicast_peers.empty()) {
      o << "   Multicast address " << s.multicast_group << "\n";
    } else {
      o << "   Unicast Peers :\n";
      for (const auto& p : s.unicast_peers) o << "     " << p << "\n";
    }
    o << "   Gratuitous ARP delay = " << format_seconds(s.garp_delay) << "\n"
      << "   Gratuitous ARP repeat = " << s.garp_rep << "\n"
      << "   Gratuitous ARP refresh = " << format_seconds(s.garp_refresh) << "\n"
      << "   Gratuitous ARP refresh repeat = " << s.garp_refresh_rep << "\n"
      << "   Gratuitous ARP lower priority delay = " << format_seconds(s.garp_lower_prio_delay) << "\n"
      << "   Gratuitous ARP lower priority repeat = " << s.garp_lower_prio_rep << "\n"
      << "   Down timer adverts = " << s.down_timer_adverts << "\n"
      << "   Send advert after receive lower priority advert = "
      << (s.lower_prio_no_advert ? "false" : "true") << "\n"
      << "   Send advert after receive higher priority advert = "
      << (s.higher_prio_send_advert ? "true" : "false") << "\n"
      << "   Virtual Router ID = " << int{s.vrid} << "\n"
      << "   Priority = " << int{s.base_priority} << "\n"
      << "   Effective priority = " << int{s.effective_priority} << "\n"
      << "   Advert interval = " << interval_text(s.adver_int) << "\n"
      << "   Master advert interval = " << interval_text(s.master_adver_int) << "\n"
      << "   Accept = " << (s.accept ? "enabled" : "disabled") << "\n"
      << "   Preempt = " << (s.nopreempt ? "disabled" : "enabled") << "\n";
    if (s.preempt_delay > 0) o << "   Preempt delay = " << format_seconds(s.preempt_delay) << " secs\n";
    o << "   Promote_secondaries = " << (s.promote_secondaries ? "enabled" : "disabled") << "\n"
      << "   Authentication type = "
      << (s.auth_type == 1 ? "SIMPLE_PASSWORD" : s.auth_type == 2 ? "IPSEC_AH" : "none") << "\n";
    if (!s.vips.empty()) {
      o << "   Virtual IP (" << s.vips.size() << "):\n";
      for (const auto& v : s.vips) o << "     " << v << "\n";
    }
    if (!s.evips.empty()) {
      o << "   Virtual IP Excluded :\n";
      for (const auto& v : s.evips) o << "     " << v << "\n";
    }
    if (!s.track_ifp.empty()) {
      o << "   Tracked interfaces :\n";
      for (const auto& v : s.track_ifp) o << "     " << v << "\n";
    }
    if (!s.track_script.empty()) {
      o << "   Tracked scripts :\n";
      for (const auto& v : s.track_script) o << "     " << v << "\n";
    }
    o << "   Notify deleted = " << (s.notify_deleted ? "Deleted" : "Fault") << "\n";
    for (const auto& [key, argv] : s.scripts) o << "   " << key << " = " << quoted_argv(argv) << "\n";
    o << "   Virtual addresses re-added = " << s.vips_readded << "\n"
      << "   Advert send errors = " << s.send_errors << "\n";
  }
  return o.str();
}

std::string format_json(std::span<const InstanceSnapshot> instances) {
  using proto::DropReason;
  std::string o = "[";
  bool first_instance = true;
  for (const auto& s : instances) {
    if (!first_instance) o += ',';
    first_instance = false;
    auto str = [&](const char* key, std::string_view value) {
      o += '"';
      o += key;
      o += "\":\"";
      o += json_escape(value);
      o += "\",";
    };
    auto num = [&](const char* key, const std::string& value) {
      o += '"';
      o += key;
      o += "\":";
      o += value;
      o += ',';
    };
    auto boolean = [&](const char* key, bool v) { num(key, v ? "true" : "false"); };
    auto flag = [&](const char* key, bool v) { num(key, v ? "1" : "0"); };
    auto list = [&](const char* key, const std::vector<std::string>& items) {
      if (items.empty()) return;
      o += '"';
      o += key;
      o += "\":[";
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) o += ',';
        o += '"' + json_escape(items[i]) + '"';
      }
      o += "],";
    };
    o += "{\"data\":{";
    str("iname", s.iname);
    flag("dont_track_primary", s.dont_track_primary);
    flag("skip_check_adv_addr", s.skip_check_adv_addr);
    flag("strict_mode", s.strict_mode);
    str("vmac_ifname", s.vmac_ifname);
    if (!s.ifp_ifname.empty()) str("ifp_ifname", s.ifp_ifname);
    num("master_priority", std::to_string(s.master_priority));
    num("last_transition", fixed6(s.last_transition));
    num("garp_delay", format_seconds(s.garp_delay));
    num("garp_refresh", format_seconds(s.garp_refresh));
    num("garp_rep", std::to_string(s.garp_rep));
    num("garp_refresh_rep", std::to_string(s.garp_refresh_rep));
    num("garp_lower_prio_delay", format_seconds(s.garp_lower_prio_delay));
    num("garp_lower_prio_rep", std::to_string(s.garp_lower_prio_rep));
    flag("lower_prio_no_advert", s.lower_prio_no_advert);
    flag("higher_prio_send_advert", s.higher_prio_send_advert);
    num("vrid", std::to_string(s.vrid));
    num("base_priority", std::to_string(s.base_priority));
    num("effective_priority", std::to_string(s.effective_priority));
    boolean("vipset", s.vipset);
    boolean("promote_secondaries", s.promote_secondaries);
    num("adver_int", format_seconds(s.adver_int));
    num("master_adver_int", format_seconds(s.master_adver_int));
    flag("accept", s.accept);
    boolean("nopreempt", s.nopreempt);
    num("preempt_delay", format_seconds(s.preempt_delay));
    num("state", std::to_string(static_cast<int>(s.state)));
    num("wantstate", std::to_string(static_cast<int>(s.wantstate)));
    num("version", std::to_string(s.version));
    boolean("smtp_alert", s.smtp_alert);
    boolean("notify_deleted", s.notify_deleted);
    for (const auto& [key, argv] : s.scripts) str(key.c_str(), quoted_argv(argv));
    list("vips", s.vips);
    list("evips", s.evips);
    list("track_ifp", s.track_ifp);
    list("track_script", s.track_script);
    num("auth_type", std::to_string(s.auth_type));
    if (s.auth_type != 0) str("auth_data", "********");
    o.back() = '}';  // replaces the last ','
    const auto& c = s.counters;
    o += ",\"stats\":{";
    num("advert_rcvd", std::to_string(c.adverts_rcvd));
    num("advert_sent", std::to_string(c.adverts_sent));
    num("become_master", std::to_string(c.master_transitions));
    num("release_master", std::to_string(s.release_master));
    num("packet_len_err", std::to_string(c.dropped(DropReason::PacketLength)));
    num("advert_interval_err", std::to_string(c.dropped(DropReason::AdvInterval)));
    num("ip_ttl_err", std::to_string(c.dropped(DropReason::IpTtl)));
    num("invalid_type_rcvd", std::to_string(c.dropped(DropReason::InvalidType)));
    num("addr_list_err", std::to_string(c.dropped(DropReason::AddressList)));
    num("invalid_authtype", std::to_string(c.dropped(DropReason::InvalidAuthType)));
    num("authtype_mismatch", std::to_string(c.dropped(DropReason::AuthTypeMismatch)));
    num("auth_failure", std::to_string(c.dropped(DropReason::AuthFailure)));
    num("pri_zero_rcvd", std::to_string(c.pri_zero_rcvd));
    num("pri_zero_sent", std::to_string(c.pri_zero_sent));
    o.back() = '}';
    o += '}';
  }
  o += ']';
  return o;
}

std::error_code write_dump_file(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return {errno, std::generic_category()};
  ::fchmod(fd, 0600);  // keepalived's umask 0177 result, whatever ours is
  std::size_t done = 0;
  while (done < content.size()) {
    const auto n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::error_code ec(errno, std::generic_category());
      ::close(fd);
      ::unlink(tmp.c_str());
      return ec;
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::error_code ec(errno, std::generic_category());
    ::unlink(tmp.c_str());
    return ec;
  }
  return {};
}

}  // namespace vrrp::daemon
