// The control protocol's requests and reply envelopes (PROTOCOL.md, version 1): one JSON object
// per line each way. Pure: the server, vrrpctl and the fuzzer share it.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "vrrpd/control/json.hpp"
#include "vrrpd/control/status.hpp"

namespace vrrp::control {

inline constexpr int kProtocolVersion = 1;

enum class Command : std::uint8_t { Status, Explain, Stats, Reload, Priority, Release };

struct Request {
  Command command = Command::Status;
  std::string instance;                 // empty: none (stats: every instance)
  std::optional<std::uint8_t> priority; // Priority: 1..254, nullopt with reset
  bool reset = false;                   // Priority: "reset"
  std::optional<Json> id;               // echoed in the reply when given
};

/// A request that could not be accepted, with the id to echo when one could be read.
struct RequestError {
  ControlError error;
  std::optional<Json> id;
};

/// Parses one request line (without its '\n'). Every failure is a RequestError whose message
/// names the offending field; nothing here throws.
std::expected<Request, RequestError> parse_request(std::string_view line);

/// The line vrrpctl sends (without '\n').
std::string encode_request(const Request& request);

/// Reply envelopes (without '\n').
std::string ok_reply(Json result, const std::optional<Json>& id);
std::string error_reply(const ControlError& error, const std::optional<Json>& id);

std::string_view to_string(Command command);  // "status", "explain", ...
std::optional<Command> command_from_string(std::string_view name);

}  // namespace vrrp::control
