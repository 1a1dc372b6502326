// The control socket's place in the file system: a private directory, a stale socket left by a
// crashed daemon replaced, a live one (another daemon) never stolen, anything else never deleted.
#pragma once

#include <sys/types.h>

#include <expected>
#include <string>

namespace vrrp::control {

/// Makes `path` ready for bind(): creates missing parent directories with mode 0700 (existing
/// ones are left alone), and removes an existing socket file nobody accepts on. Fails, with
/// text for the log, when the path is too long for sun_path, when a server answers on it, or
/// when it is something other than a socket.
std::expected<void, std::string> prepare_socket_path(const std::string& path);

/// Identity of the file we bound, so shutdown removes only our own socket.
struct SocketFileId {
  dev_t dev = 0;
  ino_t ino = 0;
};
std::expected<SocketFileId, std::string> socket_file_id(const std::string& path);
/// Unlinks `path` if it is still the file `id` names.
void remove_socket_file(const std::string& path, const SocketFileId& id);

}  // namespace vrrp::control
