// Tracker definitions (vrrp_script, track_file, vrrp_track_process; §2.5, §2.7), the
// `track_*` reference lists used by instances and sync groups, and vrrp_sync_group (§2.6).
#include "conf-parser/keyword_handlers.hpp"
#include "conf-parser/parser.hpp"

namespace vrrp::conf::detail {
namespace {

constexpr long kUs = 1'000'000;

/// `weight W [reverse]` of a tracker definition.
void definition_weight(Parser& p, const Stmt& s, int& weight, bool& reverse, long min, long max) {
  if (auto w = p.integer(s, 1, min, max)) weight = static_cast<int>(*w);
  if (s.size() > 2) {
    if (s.text(2) == "reverse") {
      reverse = true;
    } else {
      p.error(s.word(2).loc, "unknown weight option '" + s.text(2) + "'", "only 'reverse' may follow the weight");
    }
  }
}

// --- vrrp_script -------------------------------------------------------------------------
using VS = VrrpScript;
void vs_script(Parser& p, const Stmt& s, VS& v) { set_script(p, s, v.script); }
void vs_timeout(Parser& p, const Stmt& s, VS& v) {
  if (auto d = p.duration(s, 1, Duration(0), Duration(86400 * kUs))) {
    v.timeout = *d;
    v.timeout_set = true;
  }
}
void vs_interval(Parser& p, const Stmt& s, VS& v) {
  if (auto d = p.duration(s, 1, Duration(0), Duration(86400 * kUs))) {
    if (d->count() == 0) {
      p.error(s.word(1).loc, "vrrp_script " + v.name + " interval 0 is invalid - using 1 second",
              "interval is the time between runs, > 0");
      return;
    }
    v.interval = *d;
  }
}
void vs_weight(Parser& p, const Stmt& s, VS& v) { definition_weight(p, s, v.weight, v.weight_reverse, -253, 253); }
void vs_user(Parser& p, const Stmt& s, VS& v) {
  if (const Word* w = p.value(s, 1)) v.user = w->text;
  if (s.size() > 2) v.group = s.text(2);
}

const KeywordTable<VS>& script_table() {
  static const KeywordTable<VS> t = {
      {"script", {vs_script}},
      {"interval", {vs_interval}},
      {"timeout", {vs_timeout}},
      {"weight", {vs_weight}},
      {"rise", {set_int<&VS::rise, 1, 2147483647>}},
      {"fall", {set_int<&VS::fall, 1, 2147483647>}},
      {"user", {vs_user}},
      {"init_fail", {set_flag<&VS::init_fail>}},
  };
  return t;
}

// --- track_file -----------------------------------------------------------------------------
using TF = TrackFile;
void tf_file(Parser& p, const Stmt& s, TF& t) {
  if (const Word* w = p.value(s, 1)) t.file = w->text;
}
void tf_weight(Parser& p, const Stmt& s, TF& t) { definition_weight(p, s, t.weight, t.weight_reverse, -254, 254); }
void tf_init_file(Parser& p, const Stmt& s, TF& t) {
  t.init_file = 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s.text(i) == "overwrite") {
      t.init_file_overwrite = true;
    } else if (auto v = p.integer(s, i, -2147483647, 2147483647)) {
      t.init_file = *v;
    }
  }
}
const KeywordTable<TF>& file_table() {
  static const KeywordTable<TF> t = {
      {"file", {tf_file}}, {"weight", {tf_weight}}, {"init_file", {tf_init_file}}};
  return t;
}

// --- vrrp_track_process --------------------------------------------------------------------
using TP = TrackProcess;
void tp_process(Parser& p, const Stmt& s, TP& t) {
  const Word* w = p.value(s, 1);
  if (!w) return;
  t.process = w->text;
  for (std::size_t i = 2; i < s.size(); ++i) t.parameters.push_back(s.text(i));
}
void tp_param_match(Parser& p, const Stmt& s, TP& t) {
  t.param_match = s.size() > 1 ? s.text(1) : "initial";
  if (t.param_match != "initial" && t.param_match != "partial") {
    p.error(s.word(1).loc, "unknown param_match '" + t.param_match + "'", "param_match initial|partial");
    t.param_match.clear();
  }
}
void tp_weight(Parser& p, const Stmt& s, TP& t) { definition_weight(p, s, t.weight, t.weight_reverse, -254, 254); }
void tp_quorum_max(Parser& p, const Stmt& s, TP& t) {
  if (auto v = p.integer(s, 1, 0, 2147483647)) t.quorum_max = static_cast<int>(*v);
}
void tp_delay(Parser& p, const Stmt& s, TP& t) {
  if (auto d = p.duration(s, 1, Duration(0), Duration(86400 * kUs))) {
    t.fork_delay = *d;
    t.terminate_delay = *d;
  }
}
const KeywordTable<TP>& process_table() {
  static const KeywordTable<TP> t = {
      {"process", {tp_process}},
      {"param_match", {tp_param_match}},
      {"weight", {tp_weight}},
      {"quorum", {set_int<&TP::quorum, 0, 2147483647>}},
      {"quorum_max", {tp_quorum_max}},
      {"fork_delay", {set_duration<&TP::fork_delay, 0, 86400 * kUs>}},
      {"terminate_delay", {set_duration<&TP::terminate_delay, 0, 86400 * kUs>}},
      {"delay", {tp_delay}},
      {"full_command", {set_flag<&TP::full_command>}},
  };
  return t;
}

// --- vrrp_sync_group -----------------------------------------------------------------------
using SG = SyncGroup;
void sg_group(Parser& p, const Stmt& s, SG& g) {
  p.open_block(s);
  // Unlike other lists, any number of names per line (keepalived-surface.md §1).
  p.parse_list([&](const Stmt& item) {
    for (std::size_t i = 0; i < item.size(); ++i) {
      g.group.push_back(item.text(i));
      g.group_locs.push_back(item.word(i).loc);
    }
  });
}
template <std::vector<TrackRef> Trackers::*F, int Min, int Max>
void sg_trackers(Parser& p, const Stmt& s, SG& g) {
  parse_trackers_block(p, s, g.trackers.*F, Min, Max);
}
template <std::optional<Script> Notifies::*F>
void sg_notify(Parser& p, const Stmt& s, SG& g) {
  set_script(p, s, g.notifies.*F);
}
void sg_global_tracking(Parser& p, const Stmt& s, SG& g) {
  p.warning(s.loc(), "global_tracking is deprecated - use sync_group_tracking_weight",
            "rename the keyword to sync_group_tracking_weight");
  g.sync_group_tracking_weight = true;
}
const KeywordTable<SG>& group_table() {
  static const KeywordTable<SG> t = {
      {"group", {sg_group, true}},
      {"track_interface", {sg_trackers<&Trackers::track_interface, -254, 254>, true}},
      {"track_script", {sg_trackers<&Trackers::track_script, -253, 253>, true}},
      {"track_file", {sg_trackers<&Trackers::track_file, -254, 254>, true}},
      {"track_process", {sg_trackers<&Trackers::track_process, -254, 254>, true}},
      {"track_bfd", {sg_trackers<&Trackers::track_bfd, -253, 253>, true}},
      {"notify_master", {sg_notify<&Notifies::notify_master>}},
      {"notify_backup", {sg_notify<&Notifies::notify_backup>}},
      {"notify_fault", {sg_notify<&Notifies::notify_fault>}},
      {"notify_stop", {sg_notify<&Notifies::notify_stop>}},
      {"notify", {sg_notify<&Notifies::notify>}},
      {"smtp_alert", {set_bool<&SG::smtp_alert>}},
      {"notify_priority_changes", {set_bool<&SG::notify_priority_changes>}},
      {"sync_group_tracking_weight", {set_flag<&SG::sync_group_tracking_weight>}},
      {"global_tracking", {sg_global_tracking}},
  };
  return t;
}

/// Shared prologue of named root blocks: open, require a unique name.
bool named_block(Parser& p, const Stmt& s, const char* kind) {
  p.open_block(s);
  if (s.size() < 2) {
    p.error(s.loc(), std::string(kind) + " must have a name", std::string(kind) + " NAME { ... }");
    p.skip_block();
    return false;
  }
  if (!p.first_definition(kind, s.text(1), s.loc())) {
    p.skip_block();
    return false;
  }
  return true;
}

}  // namespace

std::optional<TrackRef> parse_track_ref(Parser& p, const Stmt& s, int min_weight, int max_weight) {
  TrackRef t{s.text(0), std::nullopt, std::nullopt, s.loc()};
  for (std::size_t i = 1; i < s.size(); ++i) {
    const std::string& opt = s.text(i);
    if (opt == "weight") {
      if (auto w = p.integer(s, i + 1, min_weight, max_weight)) t.weight = static_cast<int>(*w);
      ++i;
    } else if (opt == "reverse") {
      t.reverse = true;
    } else if (opt == "noreverse") {
      t.reverse = false;
    } else {
      p.error(s.word(i).loc, "unknown option '" + opt + "' for tracked item " + t.name,
              "one item per line: NAME [weight W [reverse|noreverse]]");
    }
  }
  return t;
}

void parse_trackers_block(Parser& p, const Stmt& s, std::vector<TrackRef>& out, int min_weight, int max_weight) {
  p.open_block(s);
  p.parse_list([&](const Stmt& item) {
    if (auto t = parse_track_ref(p, item, min_weight, max_weight)) out.push_back(std::move(*t));
  });
}

void parse_vrrp_script(Parser& p, const Stmt& s, Config& c) {
  if (!named_block(p, s, "vrrp_script")) return;
  VrrpScript v;
  v.name = s.text(1);
  v.loc = s.loc();
  p.parse_block(script_table(), v);
  if (!v.timeout_set) v.timeout = v.interval;
  c.vrrp_script.push_back(std::move(v));
}

void parse_track_file(Parser& p, const Stmt& s, Config& c) {
  if (s.text(0) == "vrrp_track_file") {
    p.warning(s.loc(), "vrrp_track_file is deprecated - use track_file", "rename the block to track_file");
  }
  if (!named_block(p, s, "track_file")) return;
  TrackFile t;
  t.name = s.text(1);
  t.loc = s.loc();
  p.parse_block(file_table(), t);
  c.track_file.push_back(std::move(t));
}

void parse_track_process(Parser& p, const Stmt& s, Config& c) {
  if (!named_block(p, s, "vrrp_track_process")) return;
  TrackProcess t;
  t.name = s.text(1);
  t.loc = s.loc();
  p.parse_block(process_table(), t);
  c.track_process.push_back(std::move(t));
}

void parse_vrrp_sync_group(Parser& p, const Stmt& s, Config& c) {
  if (!named_block(p, s, "vrrp_sync_group")) return;
  SyncGroup g;
  g.name = s.text(1);
  g.loc = s.loc();
  p.parse_block(group_table(), g);
  c.vrrp_sync_group.push_back(std::move(g));
}

}  // namespace vrrp::conf::detail
