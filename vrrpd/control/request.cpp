// Parsing and encoding of control protocol requests and reply envelopes (PROTOCOL.md).
#include "vrrpd/control/request.hpp"

#include <array>
#include <utility>

namespace vrrp::control {

namespace {

constexpr std::size_t kMaxInstanceName = 255;

struct CommandName {
  Command command;
  std::string_view name;
};
constexpr std::array<CommandName, 6> kCommands{{
    {Command::Status, "status"},
    {Command::Explain, "explain"},
    {Command::Stats, "stats"},
    {Command::Reload, "reload"},
    {Command::Priority, "priority"},
    {Command::Release, "release"},
}};

std::unexpected<RequestError> bad(std::string message, const std::optional<Json>& id,
                                  ErrorCode code = ErrorCode::BadRequest) {
  return std::unexpected(RequestError{ControlError{code, std::move(message)}, id});
}

// Which members each command takes besides version, command and id.
bool takes_instance(Command c) { return c != Command::Status && c != Command::Reload; }
bool needs_instance(Command c) { return takes_instance(c) && c != Command::Stats; }

}  // namespace

std::string_view to_string(Command command) {
  for (const auto& c : kCommands) {
    if (c.command == command) return c.name;
  }
  return "?";
}

std::optional<Command> command_from_string(std::string_view name) {
  for (const auto& c : kCommands) {
    if (c.name == name) return c.command;
  }
  return std::nullopt;
}

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::BadRequest: return "bad_request";
    case ErrorCode::UnknownCommand: return "unknown_command";
    case ErrorCode::UnknownInstance: return "unknown_instance";
    case ErrorCode::Failed: return "failed";
    case ErrorCode::TooLarge: return "too_large";
    case ErrorCode::Busy: return "busy";
  }
  return "failed";
}

std::expected<Request, RequestError> parse_request(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  auto doc = parse_json(line);
  if (!doc) {
    return bad("invalid JSON at byte " + std::to_string(doc.error().offset) + ": " +
                   doc.error().message,
               std::nullopt);
  }
  if (!doc->is_object()) return bad("request must be a JSON object", std::nullopt);

  std::optional<Json> id;
  if (const Json* j = doc->find("id")) {
    if (!j->is_string() && !j->as_int()) return bad("\"id\" must be a string or an integer", std::nullopt);
    id = *j;
  }
  const Json* version = doc->find("version");
  if (!version) return bad("missing \"version\"", id);
  const auto v = version->as_int();
  if (!v) return bad("\"version\" must be an integer", id);
  if (*v != kProtocolVersion) {
    return bad("unsupported protocol version " + std::to_string(*v) + "; this server speaks " +
                   std::to_string(kProtocolVersion),
               id);
  }
  const Json* command = doc->find("command");
  if (!command) return bad("missing \"command\"", id);
  if (!command->is_string()) return bad("\"command\" must be a string", id);
  const auto cmd = command_from_string(*command->as_string());
  if (!cmd) return bad("unknown command \"" + *command->as_string() + "\"", id, ErrorCode::UnknownCommand);

  Request req;
  req.command = *cmd;
  req.id = id;
  for (const auto& [key, value] : *doc->as_object()) {
    if (key == "version" || key == "command" || key == "id") continue;
    if (key == "instance" && takes_instance(req.command)) {
      const std::string* name = value.as_string();
      if (!name || name->empty()) return bad("\"instance\" must be a non-empty string", id);
      if (name->size() > kMaxInstanceName) return bad("\"instance\" is too long", id);
      req.instance = *name;
      continue;
    }
    if (key == "priority" && req.command == Command::Priority) {
      if (const std::string* s = value.as_string(); s && *s == "reset") {
        req.reset = true;
        continue;
      }
      const auto p = value.as_int();
      if (!p || *p < 1 || *p > 254) return bad("\"priority\" must be an integer 1..254 or \"reset\"", id);
      req.priority = static_cast<std::uint8_t>(*p);
      continue;
    }
    return bad("unexpected field \"" + key + "\" for command \"" + std::string(to_string(req.command)) + "\"", id);
  }
  if (needs_instance(req.command) && req.instance.empty()) {
    return bad("command \"" + std::string(to_string(req.command)) + "\" needs \"instance\"", id);
  }
  if (req.command == Command::Priority && !req.reset && !req.priority) {
    return bad("command \"priority\" needs \"priority\"", id);
  }
  return req;
}

std::string encode_request(const Request& request) {
  Json j;
  j.set("version", kProtocolVersion);
  if (request.id) j.set("id", *request.id);
  j.set("command", std::string(to_string(request.command)));
  if (!request.instance.empty()) j.set("instance", request.instance);
  if (request.command == Command::Priority) {
    j.set("priority", request.reset ? Json("reset") : Json(static_cast<int>(request.priority.value_or(0))));
  }
  return to_json_text(j);
}

std::string ok_reply(Json result, const std::optional<Json>& id) {
  Json j;
  j.set("version", kProtocolVersion);
  if (id) j.set("id", *id);
  j.set("ok", true);
  j.set("result", std::move(result));
  return to_json_text(j);
}

std::string error_reply(const ControlError& error, const std::optional<Json>& id) {
  Json e;
  e.set("code", std::string(to_string(error.code)));
  e.set("message", error.message);
  Json j;
  j.set("version", kProtocolVersion);
  if (id) j.set("id", *id);
  j.set("ok", false);
  j.set("error", std::move(e));
  return to_json_text(j);
}

}  // namespace vrrp::control
