// Names for states and transition reasons, as they appear in logs and notify scripts.
#include "proto/output.hpp"

namespace vrrp::proto {

std::string_view to_string(State state) {
  switch (state) {
    case State::Initialize: return "INIT";
    case State::Backup: return "BACKUP";
    case State::Master: return "MASTER";
    case State::Fault: return "FAULT";
  }
  return "UNKNOWN";
}

std::string_view to_string(Reason reason) {
  switch (reason) {
    case Reason::Startup: return "startup";
    case Reason::Owner: return "address owner";
    case Reason::MasterDown: return "master down";
    case Reason::HigherPriority: return "higher priority advert";
    case Reason::Shutdown: return "shutdown";
    case Reason::LinkDown: return "link down";
    case Reason::LinkUp: return "link up";
    case Reason::TrackFault: return "tracker fault";
    case Reason::TrackRecovered: return "tracker recovered";
    case Reason::Reconfigured: return "reconfigured";
    case Reason::SyncGroup: return "sync group";
  }
  return "unknown";
}

}  // namespace vrrp::proto
