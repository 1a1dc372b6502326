// vrrpctl: the operator's client for vrrpd's control socket (man/vrrpctl.8, PROTOCOL.md).
// Exit codes: 0 ok, 1 the daemon answered with an error, 2 usage, 3 cannot reach the daemon.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "vrrpd/control/client.hpp"
#include "vrrpd/control/control_server.hpp"
#include "vrrpd/control/render.hpp"
#include "vrrpd/control/request.hpp"

namespace {

using namespace vrrp::control;

constexpr int kExitOk = 0;
constexpr int kExitErrorReply = 1;
constexpr int kExitUsage = 2;
constexpr int kExitConnect = 3;

constexpr std::string_view kUsage =
    "usage: vrrpctl [--socket PATH] [--json] [--timeout SECONDS] COMMAND [ARGS]\n"
    "commands:\n"
    "  status                      every instance: state, priorities, master, since, last transition\n"
    "  explain INSTANCE            why INSTANCE is in its state and what would make it move\n"
    "  stats [INSTANCE]            counters (adverts, drops by reason, transitions, announcements)\n"
    "  reload                      reload the configuration (as SIGHUP)\n"
    "  priority INSTANCE N|reset   runtime priority override 1..254 (lost on restart), or remove it\n"
    "  release INSTANCE            hand mastership over: priority 0 once, BACKUP until reset\n"
    "options:\n"
    "  -s, --socket PATH   control socket (default /run/vrrpd/vrrpd.sock)\n"
    "  -j, --json          print the daemon's JSON reply unchanged\n"
    "  -t, --timeout SECS  give up after this long (default 5)\n"
    "  -h, --help          this text\n";

int usage_error(const std::string& message) {
  std::cerr << "vrrpctl: " << message << "\n" << kUsage;
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  std::string socket_path = kDefaultSocketPath;
  bool json = false;
  long timeout_s = 5;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return kExitOk;
    } else if (a == "-j" || a == "--json") {
      json = true;
    } else if (a == "-s" || a == "--socket") {
      const char* v = value();
      if (!v) return usage_error("--socket needs a path");
      socket_path = v;
    } else if (a.starts_with("--socket=")) {
      socket_path = std::string(a.substr(9));
    } else if (a == "-t" || a == "--timeout") {
      const char* v = value();
      const std::string_view sv = v ? v : "";
      const auto [p, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), timeout_s);
      if (!v || ec != std::errc{} || p != sv.data() + sv.size() || timeout_s < 1) return usage_error("--timeout needs a positive number of seconds");
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error("unknown option " + std::string(a));
    } else {
      args.emplace_back(a);
    }
  }
  if (args.empty()) return usage_error("no command given");

  Request req;
  const auto cmd = command_from_string(args[0]);
  if (!cmd) return usage_error("unknown command \"" + args[0] + "\"");
  req.command = *cmd;
  const std::size_t n = args.size() - 1;
  switch (req.command) {
    case Command::Status:
    case Command::Reload:
      if (n != 0) return usage_error(args[0] + " takes no arguments");
      break;
    case Command::Stats:
      if (n > 1) return usage_error("stats takes at most one instance");
      if (n == 1) req.instance = args[1];
      break;
    case Command::Explain:
    case Command::Release:
      if (n != 1) return usage_error(args[0] + " needs exactly one INSTANCE");
      req.instance = args[1];
      break;
    case Command::Priority: {
      if (n != 2) return usage_error("priority needs INSTANCE and N (1..254) or reset");
      req.instance = args[1];
      if (args[2] == "reset") {
        req.reset = true;
      } else {
        int p = 0;
        const auto [ptr, ec] = std::from_chars(args[2].data(), args[2].data() + args[2].size(), p);
        if (ec != std::errc{} || ptr != args[2].data() + args[2].size() || p < 1 || p > 254) {
          return usage_error("priority must be 1..254 or reset, got \"" + args[2] + "\"");
        }
        req.priority = static_cast<std::uint8_t>(p);
      }
      break;
    }
  }
  if (req.instance.empty() && (req.command == Command::Explain || req.command == Command::Release || req.command == Command::Priority)) {
    return usage_error("INSTANCE must not be empty");
  }

  auto reply = exchange(socket_path, encode_request(req), std::chrono::seconds(timeout_s));
  if (!reply) {
    std::cerr << "vrrpctl: " << reply.error().message << "\n";
    return kExitConnect;
  }
  auto doc = parse_json(*reply);
  const Json* ok = doc ? doc->find("ok") : nullptr;
  if (!doc || !ok || !ok->as_bool()) {
    std::cerr << "vrrpctl: malformed reply from the daemon: " << *reply << "\n";
    return kExitErrorReply;
  }
  if (json) {
    std::cout << *reply << "\n";
    return *ok->as_bool() ? kExitOk : kExitErrorReply;
  }
  if (!*ok->as_bool()) {
    const Json* err = doc->find("error");
    const Json* msg = err ? err->find("message") : nullptr;
    const Json* code = err ? err->find("code") : nullptr;
    std::cerr << "vrrpctl: " << (msg && msg->as_string() ? *msg->as_string() : std::string("error"))
              << (code && code->as_string() ? " (" + *code->as_string() + ")" : std::string()) << "\n";
    return kExitErrorReply;
  }
  static const Json kNull;
  const Json* result = doc->find("result");
  const Json& r = result ? *result : kNull;
  const auto now = std::chrono::system_clock::now();
  switch (req.command) {
    case Command::Status: std::cout << render_status(r, now); break;
    case Command::Explain: std::cout << render_explain(r, now); break;
    case Command::Stats: std::cout << render_stats(r); break;
    default: std::cout << render_done(r); break;
  }
  return kExitOk;
}
