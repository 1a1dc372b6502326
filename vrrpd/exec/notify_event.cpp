// Words and FIFO lines for notify events.
#include "vrrpd/exec/notify_event.hpp"

namespace vrrp::daemon::exec {

std::string_view to_word(NotifyScope scope) {
  return scope == NotifyScope::Instance ? "INSTANCE" : "GROUP";
}

std::string_view to_word(NotifyEvent event) {
  switch (event) {
    case NotifyEvent::Master: return "MASTER";
    case NotifyEvent::Backup: return "BACKUP";
    case NotifyEvent::Fault: return "FAULT";
    case NotifyEvent::Stop: return "STOP";
    case NotifyEvent::Deleted: return "DELETED";
    case NotifyEvent::MasterRxLowerPri: return "MASTER_RX_LOWER_PRI";
    case NotifyEvent::MasterPriority: return "MASTER_PRIORITY";
    case NotifyEvent::BackupPriority: return "BACKUP_PRIORITY";
  }
  return "UNKNOWN";
}

bool is_state(NotifyEvent event) {
  switch (event) {
    case NotifyEvent::Master:
    case NotifyEvent::Backup:
    case NotifyEvent::Fault:
    case NotifyEvent::Stop:
    case NotifyEvent::Deleted:
      return true;
    default:
      return false;
  }
}

std::string fifo_line(NotifyScope scope, std::string_view name, NotifyEvent event, int priority) {
  std::string line(to_word(scope));
  line += " \"";
  line += name;
  line += "\" ";
  line += to_word(event);
  line += ' ';
  line += std::to_string(scope == NotifyScope::Group ? 0 : priority);
  line += '\n';
  return line;
}

}  // namespace vrrp::daemon::exec
