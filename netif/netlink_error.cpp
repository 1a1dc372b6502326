// libnl error category and the errno bridges of netlink_error.hpp.
#include "netif/netlink_error.hpp"

#include <netlink/errno.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace vrrp::netif {
namespace {

class NetlinkCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "netlink"; }
  std::string message(int code) const override { return nl_geterror(code); }
};

}  // namespace

const std::error_category& netlink_category() {
  static const NetlinkCategory category;
  return category;
}

std::error_code make_netlink_error(int nl_result) {
  if (nl_result >= 0) return {};
  return {std::abs(nl_result), netlink_category()};
}

std::error_code last_os_error() { return {errno, std::generic_category()}; }

std::error_code netlink_to_error(int nl_result) {
  if (nl_result >= 0) return {};
  switch (std::abs(nl_result)) {
    case NLE_EXIST:
      return std::make_error_code(std::errc::file_exists);
    case NLE_OBJ_NOTFOUND:
    case NLE_NOADDR:
      return std::make_error_code(std::errc::address_not_available);
    case NLE_NODEV:
      return std::make_error_code(std::errc::no_such_device);
    case NLE_PERM:
    case NLE_NOACCESS:
      return std::make_error_code(std::errc::operation_not_permitted);
    case NLE_BUSY:
      return std::make_error_code(std::errc::device_or_resource_busy);
    case NLE_NOMEM:
      return std::make_error_code(std::errc::not_enough_memory);
    case NLE_INVAL:
      return std::make_error_code(std::errc::invalid_argument);
    case NLE_AGAIN:
      return std::make_error_code(std::errc::resource_unavailable_try_again);
    case NLE_AF_NOSUPPORT:
      return std::make_error_code(std::errc::address_family_not_supported);
    case NLE_OPNOTSUPP:
      return std::make_error_code(std::errc::operation_not_supported);
    case NLE_RANGE:
      return std::make_error_code(std::errc::result_out_of_range);
    default:
      return make_netlink_error(nl_result);
  }
}

}  // namespace vrrp::netif
