// Trackers: lifecycle of script checks, file watches and the process scan; folding per instance.
#include "vrrpd/trackers.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>

namespace vrrp::daemon {

Trackers::Trackers(boost::asio::io_context& io, exec::ScriptRunner& runner, Logger& log,
                   std::function<void()> on_change, Options options)
    : io_(io),
      runner_(runner),
      log_(log),
      on_change_(std::move(on_change)),
      options_(std::move(options)),
      watch_(io, [this](const std::string& path) { reread_file(path); }),
      scan_timer_(io) {}

Trackers::~Trackers() { stop(); }

bool Trackers::tracks(const conf::InstancePlan& plan) {
  return !plan.track_interface.empty() || !plan.track_script.empty() || !plan.track_file.empty() ||
         !plan.track_process.empty();
}

void Trackers::changed() {
  if (on_change_) on_change_();
}

void Trackers::configure(const conf::Config& model, std::span<const conf::InstancePlan* const> plans,
                         const ScriptCommands& commands, bool startup) {
  std::map<std::string, std::unique_ptr<exec::ScriptCheck>> checks;
  std::map<std::string, std::optional<bool>> interfaces;
  std::map<std::string, File> files;
  std::map<std::string, Process> processes;
  std::vector<std::string> refused;
  for (const auto* plan : plans) {
    for (const auto& ref : plan->track_interface) {
      const auto old = interfaces_.find(ref.name);
      interfaces.emplace(ref.name, old != interfaces_.end() ? old->second : std::nullopt);
    }
    for (const auto& ref : plan->track_script) {
      if (checks.count(ref.name) || std::find(refused.begin(), refused.end(), ref.name) != refused.end()) continue;
      const auto* def = model.find_script(ref.name);
      if (!def || !def->script || def->disabled) continue;
      conf::Script script = *def->script;
      if (!def->user.empty()) {
        script.user = def->user;
        script.group = def->group;
      }
      auto command = commands.command(script, "VRRP_Script(" + def->name + ")");
      if (!command) {
        if (std::find(refused.begin(), refused.end(), def->name) == refused.end()) refused.push_back(def->name);
        continue;
      }
      exec::CheckSpec spec;
      spec.name = def->name;
      spec.command = std::move(*command);
      spec.interval = std::chrono::duration_cast<std::chrono::milliseconds>(def->interval);
      if (def->timeout_set) spec.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(def->timeout);
      spec.rise = static_cast<unsigned>(std::max(1, def->rise));
      spec.fall = static_cast<unsigned>(std::max(1, def->fall));
      spec.init_fail = def->init_fail;
      // Same name, command and identity as a running check: keep its result (§5.10).
      std::optional<proto::ScriptStatus> carried;
      if (const auto old = checks_.find(def->name); old != checks_.end()) {
        const auto& o = old->second->spec();
        if (o.command.argv == spec.command.argv && o.command.run_as.uid == spec.command.run_as.uid &&
            o.command.run_as.gid == spec.command.run_as.gid) {
          carried = old->second->hysteresis();
        }
      }
      auto check = std::make_unique<exec::ScriptCheck>(
          io_, runner_, std::move(spec),
          [this](const std::string& name, proto::TrackStatus status) {
            log_.line(LogLevel::Info, "VRRP_Script(", name, ") ",
                      status == proto::TrackStatus::Up ? "succeeded" : "failed");
            changed();
          },
          carried);
      checks.emplace(def->name, std::move(check));
    }
    for (const auto& ref : plan->track_file) {
      if (files.count(ref.name)) continue;
      const auto it = std::find_if(model.track_file.begin(), model.track_file.end(),
                                   [&](const auto& f) { return f.name == ref.name; });
      if (it == model.track_file.end()) continue;
      File f{*it, std::nullopt};
      if (const auto old = files_.find(ref.name); old != files_.end() && old->second.def.file == it->file) {
        f.value = old->second.value;
      }
      files.emplace(ref.name, std::move(f));
    }
    for (const auto& ref : plan->track_process) {
      if (processes.count(ref.name)) continue;
      const auto it = std::find_if(model.track_process.begin(), model.track_process.end(),
                                   [&](const auto& p) { return p.name == ref.name; });
      if (it == model.track_process.end()) continue;
      Process p{*it, ProcessPattern{it->process, it->parameters, it->param_match, it->full_command}, std::nullopt};
      if (const auto old = processes_.find(ref.name); old != processes_.end()) p.status = old->second.status;
      processes.emplace(ref.name, std::move(p));
    }
  }
  // Old checks are destroyed here (running runs terminated) before the new ones start.
  checks_ = std::move(checks);
  interfaces_ = std::move(interfaces);
  files_ = std::move(files);
  processes_ = std::move(processes);
  refused_ = std::move(refused);
  for (auto& [name, check] : checks_) check->start();

  watch_.clear();
  for (auto& [name, f] : files_) {
    struct stat st {};
    const bool missing = ::stat(f.def.file.c_str(), &st) != 0;
    if (startup && f.def.init_file && (missing || f.def.init_file_overwrite)) {
      std::ofstream(f.def.file) << *f.def.init_file << "\n";
    }
    if (const auto ec = watch_.watch(f.def.file)) {
      log_.line(LogLevel::Error, "track_file ", name, ": cannot watch ", f.def.file, ": ", ec.message());
    }
    f.value = read_track_file(f.def.file);
  }
  scan_timer_.cancel();
  if (!processes_.empty()) scan_processes();
  if (!processes_.empty()) arm_scan();
}

void Trackers::set_interface(const std::string& name, bool up) {
  const auto it = interfaces_.find(name);
  if (it == interfaces_.end() || it->second == up) return;  // not tracked, or no change
  it->second = up;
  changed();
}

std::vector<std::string> Trackers::interfaces() const {
  std::vector<std::string> out;
  for (const auto& [name, up] : interfaces_) out.push_back(name);
  return out;
}

void Trackers::reread_file(const std::string& path) {
  bool any = false;
  for (auto& [name, f] : files_) {
    if (f.def.file != path) continue;
    const long v = read_track_file(path);
    if (f.value == v) continue;
    log_.line(LogLevel::Info, "track_file ", name, " (", path, ") now ", v);
    f.value = v;
    any = true;
  }
  if (any) changed();
}

void Trackers::scan_processes() {
  std::vector<ProcessPattern> patterns;
  for (const auto& [name, p] : processes_) patterns.push_back(p.pattern);
  const auto counts = count_processes(patterns, options_.proc_root);
  bool any = false;
  std::size_t i = 0;
  for (auto& [name, p] : processes_) {
    const auto quorum_max = p.def.quorum_max ? std::optional<unsigned>(static_cast<unsigned>(*p.def.quorum_max))
                                             : std::nullopt;
    const auto status = proto::process_quorum_status(counts[i++], static_cast<unsigned>(p.def.quorum), quorum_max);
    if (p.status == status) continue;
    if (p.status) {
      log_.line(LogLevel::Info, "track_process ", name, " ", proto::to_string(status));
    }
    p.status = status;
    any = true;
  }
  if (any) changed();
}

void Trackers::arm_scan() {
  scan_timer_.expires_after(options_.process_interval);
  std::weak_ptr<bool> alive = alive_;
  scan_timer_.async_wait([this, alive](const boost::system::error_code& ec) {
    if (ec || alive.expired()) return;
    scan_processes();
    arm_scan();
  });
}

proto::TrackerSet Trackers::tracker_set(const conf::InstancePlan& plan) const {
  proto::TrackerSet set(plan.config.priority);
  using proto::TrackerKind;
  for (const auto& ref : plan.track_interface) {
    const auto it = interfaces_.find(ref.name);
    const auto status = it == interfaces_.end() || !it->second ? proto::TrackStatus::Unknown
                        : *it->second                            ? proto::TrackStatus::Up
                                                                 : proto::TrackStatus::Down;
    set.add(proto::TrackerSpec{TrackerKind::Interface, ref.name, ref.weight, ref.reverse}, status);
  }
  for (const auto& ref : plan.track_script) {
    if (std::find(refused_.begin(), refused_.end(), ref.name) != refused_.end()) continue;
    const auto it = checks_.find(ref.name);
    set.add(proto::TrackerSpec{TrackerKind::Script, ref.name, ref.weight, ref.reverse},
            it == checks_.end() ? proto::TrackStatus::Unknown : it->second->status());
  }
  for (const auto& ref : plan.track_file) {
    const auto id = set.add(proto::TrackerSpec{TrackerKind::File, ref.name, ref.weight, ref.reverse});
    const auto it = files_.find(ref.name);
    if (it != files_.end() && it->second.value) set.set_value(id, *it->second.value);
  }
  for (const auto& ref : plan.track_process) {
    const auto it = processes_.find(ref.name);
    const auto status = it == processes_.end() || !it->second.status ? proto::TrackStatus::Unknown
                                                                      : *it->second.status;
    set.add(proto::TrackerSpec{TrackerKind::Process, ref.name, ref.weight, ref.reverse}, status);
  }
  return set;
}

void Trackers::stop() {
  *alive_ = false;
  alive_ = std::make_shared<bool>(true);
  checks_.clear();
  watch_.clear();
  scan_timer_.cancel();
}

}  // namespace vrrp::daemon
