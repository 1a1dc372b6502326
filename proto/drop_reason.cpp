#include "proto/drop_reason.hpp"

namespace vrrp::proto {

std::string_view counter_name(DropReason reason) {
  switch (reason) {
    case DropReason::None: return "accepted";
    case DropReason::FromSelf: return "own_packets";
    case DropReason::PacketLength: return "packet_length_errors";
    case DropReason::IpTtl: return "ip_ttl_errors";
    case DropReason::Version: return "version_errors";
    case DropReason::Checksum: return "checksum_errors";
    case DropReason::InvalidType: return "invalid_type_rcvd";
    case DropReason::VridNotConfigured: return "vrid_errors";
    case DropReason::InvalidAuthType: return "invalid_auth_type";
    case DropReason::AuthTypeMismatch: return "auth_type_mismatch";
    case DropReason::AuthFailure: return "auth_failures";
    case DropReason::AdvInterval: return "adv_interval_errors";
    case DropReason::AddressList: return "address_list_errors";
    case DropReason::ModeMismatch: return "mode_mismatch_errors";
    case DropReason::OwnerIgnoresAdverts: return "owner_ignored_adverts";
    case DropReason::kCount: break;
  }
  return "unknown";
}

}  // namespace vrrp::proto
