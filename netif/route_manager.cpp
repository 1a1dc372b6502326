// virtual_routes / virtual_rules through libnl's route and rule objects.
#include "netif/route_manager.hpp"

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>

#include "netif/netlink_error.hpp"
#include "netif/netlink_util.hpp"

namespace vrrp::netif {
namespace {

using RoutePtr = detail::NlObjectPtr<rtnl_route>;
using RulePtr = detail::NlObjectPtr<rtnl_rule>;

std::error_code nomem() { return std::make_error_code(std::errc::not_enough_memory); }

std::expected<RoutePtr, std::error_code> to_route(const RouteSpec& spec) {
  const bool v4 = spec.dst.family() == proto::Family::Ipv4;
  if (spec.prefix_len > (v4 ? 32 : 128))
    return std::unexpected(std::make_error_code(std::errc::invalid_argument));
  if ((spec.via && spec.via->family() != spec.dst.family()) ||
      (spec.src && spec.src->family() != spec.dst.family())) {
    return std::unexpected(std::make_error_code(std::errc::address_family_not_supported));
  }
  RoutePtr route(rtnl_route_alloc());
  if (!route) return std::unexpected(nomem());
  auto dst = detail::to_nl_addr(spec.dst, spec.prefix_len);
  if (!dst) return std::unexpected(nomem());
  rtnl_route_set_family(route.get(), static_cast<std::uint8_t>(detail::to_af(spec.dst.family())));
  if (int rc = rtnl_route_set_dst(route.get(), dst.get()); rc < 0)
    return std::unexpected(netlink_to_error(rc));
  rtnl_route_set_table(route.get(), spec.table);
  rtnl_route_set_protocol(route.get(), kRouteProtocol);
  rtnl_route_set_type(route.get(), RTN_UNICAST);
  if (spec.scope) {
    rtnl_route_set_scope(route.get(), *spec.scope);
  } else {
    rtnl_route_set_scope(route.get(), spec.via ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
  }
  if (spec.metric) rtnl_route_set_priority(route.get(), *spec.metric);
  if (spec.src) {
    auto src = detail::to_nl_addr(*spec.src, v4 ? 32 : 128);
    if (!src) return std::unexpected(nomem());
    if (int rc = rtnl_route_set_pref_src(route.get(), src.get()); rc < 0)
      return std::unexpected(netlink_to_error(rc));
  }
  if (spec.via || spec.ifindex != 0) {
    rtnl_nexthop* nh = rtnl_route_nh_alloc();
    if (nh == nullptr) return std::unexpected(nomem());
    if (spec.ifindex != 0) rtnl_route_nh_set_ifindex(nh, spec.ifindex);
    if (spec.via) {
      auto gw = detail::to_nl_addr(*spec.via, v4 ? 32 : 128);
      if (!gw) {
        rtnl_route_nh_free(nh);
        return std::unexpected(nomem());
      }
      rtnl_route_nh_set_gateway(nh, gw.get());
    }
    rtnl_route_add_nexthop(route.get(), nh);  // the route owns nh from here
  }
  return route;
}

std::expected<RulePtr, std::error_code> to_rule(const RuleSpec& spec) {
  const unsigned max = spec.family == proto::Family::Ipv4 ? 32 : 128;
  if ((spec.from && spec.from->family() != spec.family) ||
      (spec.to && spec.to->family() != spec.family)) {
    return std::unexpected(std::make_error_code(std::errc::address_family_not_supported));
  }
  if (spec.from_len > max || spec.to_len > max)
    return std::unexpected(std::make_error_code(std::errc::invalid_argument));
  RulePtr rule(rtnl_rule_alloc());
  if (!rule) return std::unexpected(nomem());
  rtnl_rule_set_family(rule.get(), detail::to_af(spec.family));
  if (spec.from) {
    auto a = detail::to_nl_addr(*spec.from, spec.from_len);
    if (!a) return std::unexpected(nomem());
    if (int rc = rtnl_rule_set_src(rule.get(), a.get()); rc < 0)
      return std::unexpected(netlink_to_error(rc));
  }
  if (spec.to) {
    auto a = detail::to_nl_addr(*spec.to, spec.to_len);
    if (!a) return std::unexpected(nomem());
    if (int rc = rtnl_rule_set_dst(rule.get(), a.get()); rc < 0)
      return std::unexpected(netlink_to_error(rc));
  }
  rtnl_rule_set_table(rule.get(), spec.table);
  rtnl_rule_set_action(rule.get(), FR_ACT_TO_TBL);
  if (spec.priority) rtnl_rule_set_prio(rule.get(), *spec.priority);
  return rule;
}

bool absent(int rc) { return rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NOADDR || rc == -NLE_NODEV; }

}  // namespace

std::error_code add_route(NetlinkSocket& nl, const RouteSpec& spec) {
  auto route = to_route(spec);
  if (!route) return route.error();
  return netlink_to_error(rtnl_route_add(nl.get(), route->get(), NLM_F_CREATE | NLM_F_EXCL));
}

std::error_code remove_route(NetlinkSocket& nl, const RouteSpec& spec) {
  auto route = to_route(spec);
  if (!route) return route.error();
  const int rc = rtnl_route_delete(nl.get(), route->get(), 0);
  return absent(rc) ? std::error_code{} : netlink_to_error(rc);
}

std::error_code add_rule(NetlinkSocket& nl, const RuleSpec& spec) {
  auto rule = to_rule(spec);
  if (!rule) return rule.error();
  return netlink_to_error(rtnl_rule_add(nl.get(), rule->get(), NLM_F_CREATE | NLM_F_EXCL));
}

std::error_code remove_rule(NetlinkSocket& nl, const RuleSpec& spec) {
  auto rule = to_rule(spec);
  if (!rule) return rule.error();
  const int rc = rtnl_rule_delete(nl.get(), rule->get(), 0);
  return absent(rc) ? std::error_code{} : netlink_to_error(rc);
}

}  // namespace vrrp::netif
