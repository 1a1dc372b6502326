// ADDR-SPEC, route and rule lines (keepalived-surface.md §2.4) and the root-level
// static_ipaddress / static_routes / static_rules lists that reuse them.
#include <cstdint>
#include <limits>

#include "conf-parser/parser.hpp"

namespace vrrp::conf::detail {
namespace {

/// "1.2.3.4/24" -> address + prefix; the prefix defaults to the full length.
struct AddrPrefix {
  std::optional<IpAddr> address;
  int prefix = 0;
  bool bad_prefix = false;
};

AddrPrefix split_prefix(const std::string& text) {
  AddrPrefix out;
  const auto slash = text.find('/');
  out.address = IpAddr::parse(std::string_view(text).substr(0, slash));
  if (!out.address) return out;
  const int max = out.address->family() == proto::Family::Ipv4 ? 32 : 128;
  out.prefix = max;
  if (slash != std::string::npos) {
    const std::string p = text.substr(slash + 1);
    int v = 0;
    bool ok = !p.empty() && p.size() <= 3;
    for (char c : p) {
      if (!ok) break;
      if (c < '0' || c > '9') ok = false;
      else v = v * 10 + (c - '0');
    }
    if (!ok || v > max) {
      out.bad_prefix = true;  // keepalived: bad prefix -> the maximum, with an error
    } else {
      out.prefix = v;
    }
  }
  return out;
}

}  // namespace

std::optional<AddressSpec> parse_address_spec(Parser& p, const Stmt& s, bool is_static) {
  AddressSpec a;
  a.loc = s.loc();
  const AddrPrefix ap = split_prefix(s.text(0));
  if (!ap.address) {
    p.error(s.loc(), "VRRP parsed invalid IP " + s.text(0) + ". skipping IP...",
            "write ADDR[/PREFIX] [dev IF] [brd IP] [scope S] [label L] ..., one address per line");
    return std::nullopt;
  }
  a.address = *ap.address;
  a.prefix = ap.prefix;
  if (ap.bad_prefix) {
    p.error(s.loc(), "Invalid address prefix in '" + s.text(0) + "' - using /" + std::to_string(ap.prefix),
            "the prefix length is 0-32 for IPv4, 0-128 for IPv6");
  }
  const bool v6 = a.address.family() == proto::Family::Ipv6;
  bool dropped = false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const std::string& opt = s.text(i);
    const SourceLocation& loc = s.word(i).loc;
    auto arg = [&]() -> const Word* {
      if (i + 1 < s.size()) return &s.word(++i);
      p.error(loc, "Missing value for '" + opt + "' in address " + s.text(0) + " - address dropped",
              "'" + opt + "' needs an argument");
      dropped = true;
      return nullptr;
    };
    if (opt == "dev") {
      if (const Word* w = arg()) a.dev = w->text;
    } else if (opt == "brd" || opt == "broadcast") {
      const Word* w = arg();
      if (!w) continue;
      if (v6) {
        p.error(loc, "broadcast address not supported for IPv6 address " + s.text(0) + " - address dropped",
                "remove 'brd' from IPv6 addresses");
        dropped = true;
      } else if (w->text == "+") {
        a.brd = AddressSpec::Broadcast::HostBitsSet;
      } else if (w->text == "-") {
        a.brd = AddressSpec::Broadcast::HostBitsClear;
      } else if (auto b = IpAddr::parse(w->text); b && b->family() == proto::Family::Ipv4) {
        a.brd = AddressSpec::Broadcast::Explicit;
        a.broadcast = *b;
      } else {
        p.error(w->loc, "invalid broadcast address '" + w->text + "'", "brd takes an IPv4 address, '+' or '-'");
      }
    } else if (opt == "scope") {
      const Word* w = arg();
      if (!w) continue;
      static const char* kScopes[] = {"site", "link", "host", "nowhere", "global"};
      bool known = false;
      for (const char* k : kScopes) known |= w->text == k;
      if (!known && !w->text.empty() && w->text.size() <= 3 &&
          w->text.find_first_not_of("0123456789") == std::string::npos && std::stoi(w->text) <= 255) {
        known = true;
      }
      if (!known) {
        p.error(w->loc, "Invalid scope '" + w->text + "' - ignoring", "scope is site, link, host, nowhere, global or 0-255");
      } else if (v6) {
        p.error(loc, "scope is ignored for IPv6 address " + s.text(0), "remove 'scope' from IPv6 addresses");
      } else {
        a.scope = w->text;
      }
    } else if (opt == "label") {
      const Word* w = arg();
      if (!w) continue;
      if (v6) {
        p.error(loc, "label is ignored for IPv6 address " + s.text(0), "remove 'label' from IPv6 addresses");
      } else if (w->text.size() >= 16) {
        p.error(w->loc, "label '" + w->text + "' is longer than 15 characters - address dropped",
                "the kernel limits labels to 15 characters (IFNAMSIZ)");
        dropped = true;
      } else {
        a.label = w->text;
      }
    } else if (opt == "peer") {
      const Word* w = arg();
      if (!w) continue;
      if (auto pa = IpAddr::parse(w->text.substr(0, w->text.find('/')))) {
        a.peer = *pa;
      } else {
        p.error(w->loc, "invalid peer address '" + w->text + "'", "peer takes an IP address");
      }
    } else if (opt == "home") {
      a.home = true;
    } else if (opt == "-nodad") {
      a.nodad = true;
    } else if (opt == "mngtmpaddr") {
      a.mngtmpaddr = true;
    } else if (opt == "noprefixroute") {
      a.noprefixroute = true;
    } else if (opt == "autojoin") {
      a.autojoin = true;
    } else if (opt == "no_track") {
      a.no_track = true;
    } else if (opt == "use_vmac") {
      a.use_vmac = true;
    } else if (opt == "preferred_lft") {
      const Word* w = arg();
      if (!w) continue;
      if (w->text == "forever") {
        a.preferred_lft = std::numeric_limits<std::uint32_t>::max();
      } else if (!w->text.empty() && w->text.size() <= 10 &&
                 w->text.find_first_not_of("0123456789") == std::string::npos &&
                 std::stoull(w->text) < std::numeric_limits<std::uint32_t>::max()) {
        a.preferred_lft = static_cast<std::uint32_t>(std::stoull(w->text));
      } else {
        p.error(w->loc, "invalid preferred_lft '" + w->text + "'", "preferred_lft takes seconds or 'forever'");
      }
    } else if (opt == "track_group" && is_static) {
      if (const Word* w = arg()) a.track_group = w->text;
    } else {
      p.error(loc, "Unknown configuration entry '" + opt + "' for ip address - ignoring",
              IpAddr::parse(opt.substr(0, opt.find('/'))) ? "put each address on its own line"
                                                          : "see ADDR-SPEC in keepalived.conf(5)");
    }
  }
  if (a.brd != AddressSpec::Broadcast::None && a.prefix > 30 && !v6) {
    // keepalived drops it silently.
    p.warning(s.loc(), "broadcast address ignored for /" + std::to_string(a.prefix) + " address " + s.text(0),
              "brd only makes sense with a prefix of /30 or shorter", Verdict::Advice);
    a.brd = AddressSpec::Broadcast::None;
  }
  if (a.peer && a.brd != AddressSpec::Broadcast::None) a.brd = AddressSpec::Broadcast::None;
  if (dropped) return std::nullopt;
  return a;
}

RouteSpec parse_route_spec(Parser& p, const Stmt& s) {
  RouteSpec r;
  r.loc = s.loc();
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::string& w = s.text(i);
    if (w == "no_track") {
      r.no_track = true;
      continue;
    }
    if (w == "track_group" && i + 1 < s.size()) {
      r.track_group = s.text(++i);
      continue;
    }
    if (w == "or") {
      p.warning(s.word(i).loc, "\"or\" for routes is deprecated. Please use \"nexthop\"", "use: nexthop via IP");
    } else if (w == "gw") {
      p.warning(s.word(i).loc, "\"gw\" for routes is deprecated. Please use \"via\"", "replace 'gw' with 'via'");
    }
    r.words.push_back(w);
  }
  return r;
}

void parse_static_ipaddress(Parser& p, const Stmt& s, Config& c) {
  p.open_block(s);
  p.parse_list([&](const Stmt& item) {
    if (auto a = parse_address_spec(p, item, true)) c.static_ipaddress.push_back(std::move(*a));
  });
}

void parse_static_routes(Parser& p, const Stmt& s, Config& c) {
  p.open_block(s);
  p.parse_list([&](const Stmt& item) { c.static_routes.push_back(parse_route_spec(p, item)); });
}

void parse_static_rules(Parser& p, const Stmt& s, Config& c) {
  p.open_block(s);
  p.parse_list([&](const Stmt& item) { c.static_rules.push_back(parse_route_spec(p, item)); });
}

}  // namespace vrrp::conf::detail
