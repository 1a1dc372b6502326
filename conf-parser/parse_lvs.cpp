// LVS blocks (virtual_server, virtual_server_group, SSL with nested real_server and checkers)
// are out of vrrpd's scope, but a typo in them is still reported as keepalived reports it:
// every keyword is checked against keepalived's LVS/checker keyword set (keepalived.conf(5),
// "LVS CONFIGURATION"), then the block is skipped with one notice.
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "conf-parser/parser.hpp"

namespace vrrp::conf::detail {
namespace {

enum class Kind { VirtualServer, RealServer, Checker, HttpChecker, Url, Ssl, Group };

struct Spec {
  std::unordered_set<std::string_view> plain;
  std::unordered_map<std::string_view, Kind> blocks;
};

const std::unordered_set<std::string_view>& common_timing() {
  static const std::unordered_set<std::string_view> s = {
      "connect_timeout", "retry", "nb_get_retry", "delay_before_retry", "warmup", "delay_loop", "alpha",
      "inhibit_on_failure", "smtp_alert", "virtualhost", "log_all_failures"};
  return s;
}

const std::unordered_map<std::string_view, Kind>& checker_blocks() {
  static const std::unordered_map<std::string_view, Kind> m = {
      {"HTTP_GET", Kind::HttpChecker}, {"SSL_GET", Kind::HttpChecker}, {"TCP_CHECK", Kind::Checker},
      {"SMTP_CHECK", Kind::Checker},   {"DNS_CHECK", Kind::Checker},   {"MISC_CHECK", Kind::Checker},
      {"BFD_CHECK", Kind::Checker},    {"PING_CHECK", Kind::Checker},  {"UDP_CHECK", Kind::Checker},
      {"FILE_CHECK", Kind::Checker}};
  return m;
}

const Spec& spec(Kind k) {
  static const Spec vs = [] {
    Spec s;
    s.plain = {"lvs_sched", "lb_algo", "flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback", "mh-port",
               "mh-fallback", "ops", "lvs_method", "lb_kind", "persistence_engine", "persistence_timeout",
               "persistence_granularity", "protocol", "ha_suspend", "snmp_name", "omega", "quorum",
               "hysteresis", "quorum_up", "quorum_down", "ip_family", "sorry_server", "sorry_server_inhibit",
               "sorry_server_lvs_method", "nat_mask", "virtualhost", "hashed", "one_packet_scheduling",
               "retry", "delay_before_retry", "warmup", "delay_loop", "connect_timeout", "alpha",
               "inhibit_on_failure", "smtp_alert", "tunnel_type"};
    s.blocks = {{"real_server", Kind::RealServer}};
    return s;
  }();
  static const Spec rs = [] {
    Spec s;
    s.plain = {"weight", "lvs_method", "lb_kind", "notify_up", "notify_down", "uthreshold", "lthreshold",
               "snmp_name", "tunnel_type"};
    s.plain.insert(common_timing().begin(), common_timing().end());
    s.blocks = checker_blocks();
    return s;
  }();
  static const Spec checker = [] {
    Spec s;
    s.plain = {"connect_ip", "connect_port", "bindto", "bind_if", "bind_port", "fwmark", "helo_name",
               "type", "name", "misc_path", "misc_timeout", "misc_dynamic", "user", "payload",
               "require_reply", "min_reply_length", "max_reply_length", "track_file", "dynamic", "weight",
               "host", "http_protocol", "fast_recovery", "enable_sni"};
    s.plain.insert(common_timing().begin(), common_timing().end());
    s.blocks = {{"host", Kind::Checker}};
    return s;
  }();
  static const Spec http = [] {
    Spec s = checker;
    s.blocks = {{"url", Kind::Url}};
    return s;
  }();
  static const Spec url = [] {
    Spec s;
    s.plain = {"path", "digest", "status_code", "virtualhost", "regex", "regex_no_match", "regex_options",
               "regex_stack", "regex_min_offset", "regex_max_offset"};
    return s;
  }();
  static const Spec ssl = [] {
    Spec s;
    s.plain = {"password", "ca", "certificate", "key"};
    return s;
  }();
  switch (k) {
    case Kind::VirtualServer: return vs;
    case Kind::RealServer: return rs;
    case Kind::Checker: return checker;
    case Kind::HttpChecker: return http;
    case Kind::Url: return url;
    case Kind::Ssl: return ssl;
    case Kind::Group: break;
  }
  static const Spec group;  // items are addresses or fwmarks, not keywords
  return group;
}

void check_block(Parser& p, Kind kind, const Stmt& opener, std::vector<Script>& scripts);

bool is_script_keyword(std::string_view kw) {
  return kw == "misc_path" || kw == "notify_up" || kw == "notify_down" || kw == "quorum_up" || kw == "quorum_down";
}

/// Check a block's statements against its keyword set until its `}`.
void check_contents(Parser& p, Kind kind, bool fwmark_server, const std::string& opener_name,
                    std::vector<Script>& scripts) {
  const Spec& sp = spec(kind);
  while (auto s = p.next()) {
    if (s->closes) {
      p.close_block();
      return;
    }
    if (s->size() == 0) {
      p.reject_brace(*s);
      continue;
    }
    const std::string& kw = s->text(0);
    if (kind == Kind::Group) {  // IP[-range] [port] or fwmark N [inet|inet6]
      if (s->opens) p.reject_brace(*s);
      continue;
    }
    if (auto b = sp.blocks.find(kw); b != sp.blocks.end()) {
      check_block(p, b->second, *s, scripts);
      continue;
    }
    if (sp.plain.contains(kw)) {
      if (s->opens) p.reject_brace(*s);
      if (is_script_keyword(kw)) {
        if (auto sc = p.script(*s)) scripts.push_back(std::move(*sc));
      }
      if (fwmark_server && kw == "protocol") {
        p.warning(s->loc(), "Virtual server " + opener_name + ": protocol specified for fwmark - protocol will be ignored",
                  "a fwmark virtual server matches every protocol; remove 'protocol'");
      }
      continue;
    }
    p.warning(s->loc(), "Unknown keyword '" + kw + "'",
            "not a keepalived keyword in this LVS/checker block; check the spelling");
    if (s->opens) p.reject_brace(*s);
  }
}

void check_block(Parser& p, Kind kind, const Stmt& opener, std::vector<Script>& scripts) {
  p.open_block(opener);
  check_contents(p, kind, false, opener.rest(1), scripts);
}

}  // namespace

void parse_lvs_block(Parser& p, const Stmt& s, Config& c) {
  const std::string kw = s.text(0);
  const SourceLocation loc = s.loc();
  const std::string name = s.rest(1);
  const Kind kind = kw == "virtual_server" ? Kind::VirtualServer : kw == "SSL" ? Kind::Ssl : Kind::Group;
  if (kind != Kind::Ssl && s.size() < 2) {
    p.error(s.loc(), kw + " needs an argument", kw == "virtual_server" ? "virtual_server IP PORT | fwmark N | group NAME"
                                                                        : "virtual_server_group NAME");
  }
  std::string display = s.rest(1);
  if (kind == Kind::VirtualServer && s.size() > 2 && s.text(1) == "fwmark") display = "FWM " + s.text(2);
  p.open_block(s);
  std::vector<Script> scripts;
  check_contents(p, kind, kind == Kind::VirtualServer && s.size() > 1 && s.text(1) == "fwmark", display, scripts);
  // `s` is not used past this point: its line may be released once the block is done.
  p.notice(loc, "'" + kw + (display.empty() ? "" : " " + display) +
                    "' is LVS configuration, outside vrrpd's scope: checked and skipped");
  c.skipped.push_back(SkippedBlock{kw, name, loc, std::move(scripts)});
}

}  // namespace vrrp::conf::detail
