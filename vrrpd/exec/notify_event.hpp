// The events keepalived reports to notify scripts and FIFOs (keepalived-surface.md §4.1,
// §4.2), the words it uses for them, and the FIFO line format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vrrp::daemon::exec {

/// Who an event is about: "INSTANCE" or "GROUP" in argv and FIFO lines.
enum class NotifyScope : std::uint8_t { Instance, Group };

enum class NotifyEvent : std::uint8_t {
  Master,
  Backup,
  Fault,
  Stop,
  Deleted,           // instance removed by a reload (only with notify_deleted; else Fault)
  MasterRxLowerPri,  // a master heard a lower-priority advert: notify_master_rx_lower_pri
  MasterPriority,    // FIFO only (notify_priority_changes): effective priority changed
  BackupPriority,    //   ... while not master
};

/// "INSTANCE" / "GROUP".
std::string_view to_word(NotifyScope scope);
/// "MASTER", "BACKUP", "FAULT", "STOP", "DELETED", "MASTER_RX_LOWER_PRI", "MASTER_PRIORITY",
/// "BACKUP_PRIORITY".
std::string_view to_word(NotifyEvent event);

/// Whether the event is a state transition (the generic `notify` hook runs for it).
bool is_state(NotifyEvent event);

/// keepalived's FIFO line `INSTANCE "VI_1" MASTER 100\n`; a group's priority is always 0.
std::string fifo_line(NotifyScope scope, std::string_view name, NotifyEvent event, int priority);

}  // namespace vrrp::daemon::exec
