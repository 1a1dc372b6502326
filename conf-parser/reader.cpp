// read_config(): walks files line by line, resolves include directives and hands logical
// lines on. Expansion of each line lives in reader_expand.cpp.
#include "conf-parser/reader.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "conf-parser/reader_paths.hpp"

namespace vrrp::conf {

std::vector<Line> read_config(const std::string& path, FileLoader& loader, const ReaderOptions& options,
                              std::vector<Diagnostic>& diagnostics) {
  detail::Reader reader(loader, options, diagnostics);
  reader.open(path);
  std::vector<Line> lines;
  while (auto l = reader.next()) lines.push_back(std::move(*l));
  return lines;
}

LineStream::LineStream(const std::string& path, FileLoader& loader, const ReaderOptions& options,
                       std::vector<Diagnostic>& diagnostics)
    : reader_(std::make_unique<detail::Reader>(loader, options, diagnostics)) {
  reader_->open(path);
}

LineStream::~LineStream() = default;

std::optional<Line> LineStream::next() { return reader_->next(); }

std::size_t LineStream::count_line_starts(std::string_view word) const { return reader_->count_line_starts(word); }

}  // namespace vrrp::conf

namespace vrrp::conf::detail {

namespace {

unsigned include_keyword_checks(const std::string& w, unsigned current, bool& is_include) {
  is_include = w.starts_with("include");  // one test for the usual line, six only for these
  if (!is_include) return current;
  if (w == "include") return current;
  if (w == "includer") return current | kIncludeCheckReadable;
  if (w == "includem") return current | kIncludeCheckMatch;
  if (w == "includew") return current | kIncludeCheckWildcardMatch;
  if (w == "includeb") return current | kIncludeCheckBraceMatch;
  if (w == "includea") return kIncludeCheckAll;
  is_include = false;
  return current;
}

std::string pwd_of(const std::string& file) {
  std::string dir = directory_of(file);
  std::filesystem::path p(dir.empty() ? "." : dir);
  if (!p.is_absolute()) {
    std::error_code ec;
    auto abs = std::filesystem::absolute(p, ec);
    if (!ec) p = abs;
  }
  std::string s = p.lexically_normal().string();
  if (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

Reader::Reader(FileLoader& loader, ReaderOptions options, std::vector<Diagnostic>& diagnostics)
    : loader_(loader),
      options_(std::move(options)),
      diagnostics_(diagnostics),
      include_checks_(options_.include_checks),
      random_(options_.random_seed) {}

void Reader::open(const std::string& path) {
  file_ = SourceFile(path);
  if (auto content = loader_.read(path)) {
    push_file(path, std::move(*content));
  } else {
    diagnostics_.push_back(Diagnostic{Severity::Error, SourceLocation{file_, 0, 0},
                                      "cannot read configuration file '" + path + "'",
                                      "check that the file exists and is a readable regular file"});
  }
}

std::optional<Line> Reader::next() {
  while (lines_.empty() && !frames_.empty()) {
    Frame& f = frames_.back();
    if (exhausted_) {
      end_file();
    } else if (!f.includes.empty()) {
      const Frame::Include inc = std::move(f.includes.front());
      f.includes.pop_front();
      open_include(inc);
    } else if (f.pos < f.content.size()) {
      const std::size_t nl = f.content.find('\n', f.pos);
      const std::size_t end = nl == std::string::npos ? f.content.size() : nl;
      const std::string_view raw = std::string_view(f.content).substr(f.pos, end - f.pos);
      f.pos = end + 1;
      read_physical(raw, ++f.line);  // may queue includes on `f`, never pushes a frame
    } else {
      end_file();
    }
  }
  if (lines_.empty()) return std::nullopt;
  Line l = std::move(lines_.front());
  lines_.pop_front();
  return l;
}

std::size_t Reader::count_line_starts(std::string_view word) const {
  std::size_t n = 0;
  for (const Frame& f : frames_) {
    const std::string_view text = f.content;
    for (std::size_t at = text.find(word, f.pos); at != std::string_view::npos; at = text.find(word, at + 1)) {
      std::size_t b = at;
      while (b > f.pos && is_blank(text[b - 1])) --b;
      const std::size_t e = at + word.size();
      n += (b == f.pos || text[b - 1] == '\n') &&
           (e == text.size() || is_blank(text[e]) || text[e] == '{' || text[e] == '\n');
    }
  }
  return n;
}

void Reader::push_file(const std::string& path, std::string content) {
  Frame f;
  f.file = SourceFile(path);  // the one name all its locations share
  f.content = std::move(content);
  f.saved_file = file_;
  f.saved_pwd = pwd_;
  f.saved_checks = include_checks_;
  f.saved_line = line_;
  frames_.push_back(std::move(f));
  file_ = frames_.back().file;
  pwd_ = pwd_of(path);
}

void Reader::end_file() {
  if (pending_) {
    diag(Severity::Warning, pending_->line, pending_->col,
         "multi-line definition of '" + pending_->name + "' runs to the end of the file",
         "end the last line of the definition without '\\'");
    finish_definition();
  }
  Frame& f = frames_.back();
  file_ = std::move(f.saved_file);
  pwd_ = std::move(f.saved_pwd);
  include_checks_ = f.saved_checks;
  line_ = f.saved_line;
  frames_.pop_back();
}

void Reader::read_physical(std::string_view raw, int line) {
  line_ = line;
  if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  // 2.2.7 silently splits such a line in two [verified]; an error is the safer choice.
  if (raw.size() > kMaxPhysicalLine) {
    diag(Severity::Error, line, 1,
         "line is " + std::to_string(raw.size()) + " bytes long, the limit is " +
             std::to_string(kMaxPhysicalLine) + "; line ignored",
         "split it, or move long values into a $NAME= multi-line definition");
    return;
  }
  if (std::size_t nul = raw.find('\0'); nul != std::string_view::npos) {
    // 2.2.7 reads lines as C strings: the text after a NUL is lost [verified].
    diag(Severity::Warning, line, static_cast<int>(nul) + 1, "NUL byte in line; the rest of the line is ignored");
    raw = raw.substr(0, nul);
  }
  if (!spend(raw.size() + 1)) return;
  MappedText t = trim(strip_comment(MappedText::physical(raw)));
  if (pending_) {
    // An empty line ends a multi-line definition; blank-only and comment lines do not (2.2.7)
    // [verified].
    if (raw.empty()) {
      finish_definition();
    } else {
      continue_definition(t);
    }
    return;
  }
  if (t.empty() || try_include(t, line)) return;
  process(std::move(t), line, 0);
}

void Reader::continue_definition(const MappedText& t) {
  if (t.empty()) return;
  const bool more = t.text.back() == '\\';
  MappedText piece = more ? trim(t.substr(0, t.size() - 1)) : t;
  if (!piece.empty()) pending_->lines.push_back(piece.text);
  if (!more) finish_definition();
}

void Reader::finish_definition() {
  definitions_[pending_->name] = Definition{std::move(pending_->lines), true};
  pending_.reset();
}

bool Reader::try_include(const MappedText& t, int line) {
  // Only a line starting `include` or `@` can be one: the others skip the word split.
  if (!t.text.starts_with("include") && !t.text.starts_with('@')) return false;
  SplitResult split = split_words(t, file_, line);
  const auto& words = split.words;
  if (words.empty() || words[0].quoted) return false;
  bool is_include = false;
  if (words[0].text.starts_with('@') && words.size() > 1 && !words[1].quoted) {
    include_keyword_checks(words[1].text, 0, is_include);
    if (is_include) {
      diag(Severity::Error, line, words[0].loc.column, "'" + words[1].text + "' cannot be conditional",
           "include lines are resolved before @ processing; put the @ condition on the lines of the "
           "included file instead");
      return true;
    }
    return false;
  }
  unsigned checks = include_keyword_checks(words[0].text, include_checks_, is_include);
  if (!is_include) return false;
  // The pattern is one blank-delimited (or double-quoted) word; its {a,b} braces are glob
  // syntax here, not block delimiters, so it is cut from the text rather than from `words`.
  std::size_t i = words[0].text.size();
  while (i < t.size() && is_blank(t.text[i])) ++i;
  if (i >= t.size()) {
    diag(Severity::Error, line, words[0].loc.column, "'" + words[0].text + "' needs a file name or pattern",
         "write e.g. include /etc/keepalived/conf.d/*.conf");
    return true;
  }
  Word pattern{{}, SourceLocation{file_, line, t.col_at(i)}, t.text[i] == '"'};
  std::size_t end = i;
  if (pattern.quoted) {
    end = t.text.find('"', i + 1);
    if (end == std::string::npos) end = t.size();
    pattern.text = t.text.substr(i + 1, end - i - 1);
    end = std::min(end + 1, t.size());
  } else {
    while (end < t.size() && !is_blank(t.text[end])) ++end;
    pattern.text = t.text.substr(i, end - i);
  }
  while (end < t.size() && is_blank(t.text[end])) ++end;
  if (end < t.size()) {
    diag(Severity::Warning, line, t.col_at(end),
         "extra words after '" + words[0].text + " " + pattern.text + "' ignored",
         "one pattern per include line; use {a,b} to name several files");
  }
  include(words[0], pattern, checks);
  return true;
}

void Reader::include(const Word& keyword, const Word& pattern, unsigned checks) {
  const int line = pattern.loc.line;
  const int col = pattern.loc.column;
  const std::string dir = directory_of(file_);
  const std::vector<std::string> alternatives = brace_expand(pattern.text);
  const bool braced = alternatives.size() > 1 || alternatives.front() != pattern.text;
  const std::string where = dir.empty() ? "the current directory" : "'" + dir + "'";

  std::vector<std::string> matches;
  for (const auto& alt : alternatives) {
    std::vector<std::string> found = loader_.glob(resolve_relative(dir, alt));
    if (found.empty() && braced && (checks & kIncludeCheckBraceMatch)) {
      diag(Severity::Error, line, col, "'" + keyword.text + "': brace alternative '" + alt + "' matches no file",
           "relative paths are resolved from " + where, Verdict::MissingFile);
    }
    for (auto& f : found) {
      if (std::find(matches.begin(), matches.end(), f) == matches.end()) matches.push_back(std::move(f));
    }
  }

  if (matches.empty()) {
    const bool error = (checks & kIncludeCheckWildcardMatch) ||
                       ((checks & kIncludeCheckMatch) && !has_wildcard(pattern.text));
    diag(error ? Severity::Error : Severity::Notice, line, col,
         "'" + keyword.text + " " + pattern.text + "' matches no file",
         "relative paths are resolved from " + where +
             (error ? "" : "; use includem/includea to make this an error"),
         Verdict::MissingFile);
    return;
  }

  // Read when the reader gets back to this file, before its next line.
  for (auto& m : matches) frames_.back().includes.push_back({keyword.text, std::move(m), line, col, checks});
}

void Reader::open_include(const Frame::Include& inc) {
  const std::string& m = inc.path;
  const bool cycle = std::any_of(frames_.begin(), frames_.end(), [&](const Frame& f) { return f.file == m; });
  if (cycle) {
    std::string chain;
    for (const auto& f : frames_) chain += f.file.str() + " -> ";
    diag(Severity::Error, inc.line, inc.col, "include cycle: " + chain + m + "; not included again",
         "remove the include of '" + m + "'");
    return;
  }
  if (frames_.size() >= kMaxIncludeDepth) {
    diag(Severity::Error, inc.line, inc.col,
         "includes nested deeper than " + std::to_string(kMaxIncludeDepth) + " files; '" + m + "' not read");
    return;
  }
  std::optional<std::string> content = loader_.read(m);
  if (!content) {
    diag(inc.checks != 0 ? Severity::Error : Severity::Notice, inc.line, inc.col,
         "'" + inc.keyword + "': cannot read '" + m + "'", "check that it is a readable regular file",
         Verdict::MissingFile);
    return;
  }
  push_file(m, std::move(*content));
}

void Reader::emit(MappedText raw, int line) {
  MappedText t = trim(std::move(raw));
  if (t.empty()) return;
  SplitResult split = split_words(t, file_, line);
  if (split.unbalanced_quote_col) {
    diag(Severity::Warning, line, *split.unbalanced_quote_col, "unbalanced double quote",
         "the quoted text runs to the end of the line; add the closing '\"'");
  }
  if (split.words.empty()) return;
  bool is_include = false;
  include_keyword_checks(split.words[0].text, 0, is_include);
  if (is_include && !split.words[0].quoted) {
    // Physical include lines never get here; this one came out of an expansion.
    diag(Severity::Error, line, split.words[0].loc.column,
         "'" + split.words[0].text + "' produced by $substitution, ~SEQ or ~LST is not supported; line ignored",
         "include lines are resolved before any expansion; write the include literally");
    return;
  }
  const int col = t.col_at(0);  // before the text is moved out
  lines_.push_back(Line{std::move(split.words), std::move(t.text), SourceLocation{file_, line, col}});
  apply_include_check(lines_.back());
}

void Reader::apply_include_check(const Line& l) {
  const auto& w = l.words;
  if (w[0].quoted || (w[0].text[0] != 'r' && w[0].text[0] != 'i')) return;
  if (w[0].text == "random_seed" && w.size() >= 2) {
    unsigned seed = 0;
    const std::string& s = w[1].text;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), seed);
    if (ec == std::errc{} && p == s.data() + s.size()) random_.seed(seed);
    return;
  }
  if (w[0].text != "include_check") return;
  if (w.size() == 1) {
    include_checks_ = kIncludeCheckAll;
    return;
  }
  bool reset = false;
  for (std::size_t i = 1; i < w.size(); ++i) {
    std::string opt = w[i].text;
    char sign = 0;
    if (!opt.empty() && (opt[0] == '+' || opt[0] == '-')) {
      sign = opt[0];
      opt.erase(0, 1);
    }
    unsigned bit = opt == "readable"         ? kIncludeCheckReadable
                   : opt == "match"          ? kIncludeCheckMatch
                   : opt == "wildcard_match" ? kIncludeCheckWildcardMatch
                   : opt == "brace_match"    ? kIncludeCheckBraceMatch
                                             : 0;
    if (bit == 0) {
      diag(Severity::Warning, w[i].loc.line, w[i].loc.column, "include_check: unknown option '" + w[i].text + "'",
           "options are [+|-]readable, match, wildcard_match, brace_match");
      continue;
    }
    if (sign == '-') {
      include_checks_ &= ~bit;
    } else {
      if (sign == 0 && !reset) {  // a bare option list sets the checks rather than adding
        include_checks_ = 0;
        reset = true;
      }
      include_checks_ |= bit;
    }
  }
}

void Reader::diag(Severity s, int line, int col, std::string message, std::string hint, Verdict verdict) {
  diagnostics_.push_back(
      Diagnostic{s, SourceLocation{file_, line, col}, std::move(message), std::move(hint), verdict});
}

bool Reader::spend(std::size_t n) {
  if (exhausted_) return false;
  work_ += n;
  if (work_ <= options_.max_work) return true;
  exhausted_ = true;
  diag(Severity::Error, line_, 1, "configuration expands beyond the reader's limit; the rest is ignored",
       "look for runaway ~SEQ/~LST ranges or self-referencing $definitions");
  return false;
}

}  // namespace vrrp::conf::detail
