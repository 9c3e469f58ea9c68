#include "grammar/formatter.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace allot::grammar {
namespace {

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string limit_text(const ast::Limit& l) {
  std::string s = fmt::format("{} <= {}", l.resource.text, l.max.text);
  if (l.warn) s += fmt::format(" warn at {}{}", l.warn->value.text, l.warn->percent ? "%" : "");
  return s;
}

class Printer {
 public:
  Printer(const ast::File& file, std::string_view source) : file_(file) {
    std::uint32_t line = 1;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= source.size(); ++i) {
      if (i == source.size() || source[i] == '\n') {
        auto text = source.substr(start, i - start);
        if (text.find_first_not_of(" \t\r") == std::string_view::npos) blank_.insert(line);
        ++line;
        start = i + 1;
      }
    }
  }

  std::string run() {
    const auto& items = file_.items;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto first = ast::first_line(items[i]);
      // Comments inside a multi-line statement move above it; a tier keeps them inside.
      const bool is_tier = std::holds_alternative<ast::TierDecl>(items[i]);
      const auto upto = is_tier ? first : ast::last_line(items[i]);
      if (i > 0) {
        const bool tier = std::holds_alternative<ast::TierDecl>(items[i]) ||
                          std::holds_alternative<ast::TierDecl>(items[i - 1]) ||
                          std::holds_alternative<ast::PolicyDecl>(items[i - 1]);
        // Only the blank lines before what is printed first count here: a comment printed
        // above the item brings its own, and one right under the previous item stays there.
        auto lead = first;
        if (next_ < file_.comments.size() && file_.comments[next_].location.line < upto)
          lead = std::min(lead, file_.comments[next_].location.line);
        if (tier || blank_between(last_src_, lead)) blank_line();
      }
      comments_before(upto, 0);
      if (blank_between(last_src_, first)) blank_line();  // a detached comment stays detached
      std::visit([&](const auto& item) { print(item, i); }, items[i]);
      last_src_ = ast::last_line(items[i]);
    }
    comments_before(UINT32_MAX, 0);
    return std::move(out_);
  }

 private:
  bool blank_between(std::uint32_t a, std::uint32_t b) const {
    auto it = blank_.upper_bound(a);
    return it != blank_.end() && *it < b;
  }

  void blank_line() {
    if (!out_.empty() && out_.size() >= 2 && out_.substr(out_.size() - 2) != "\n\n") out_ += '\n';
  }

  /// Own-line comments that stand before source line `line`, at `indent`.
  void comments_before(std::uint32_t line, std::size_t indent) {
    while (next_ < file_.comments.size() && file_.comments[next_].location.line < line) {
      const auto& c = file_.comments[next_++];
      if (last_src_ != 0 && blank_between(last_src_, c.location.line)) blank_line();
      out_ += std::string(indent, ' ') + "#" + c.text + "\n";
      last_src_ = c.location.line;
    }
  }

  /// Ends an output line; a comment written at the end of source line `line` goes with it.
  void end_line(std::uint32_t line) {
    if (next_ < file_.comments.size() && file_.comments[next_].location.line == line) {
      out_ += "  #" + file_.comments[next_++].text;
    }
    out_ += '\n';
    last_src_ = std::max(last_src_, line);
  }

  bool has_comment_within(std::uint32_t from, std::uint32_t to) const {
    for (std::size_t k = next_; k < file_.comments.size(); ++k) {
      const auto l = file_.comments[k].location.line;
      if (l >= from && l < to) return true;
      if (l >= to) break;
    }
    return false;
  }

  void print(const ast::PolicyDecl& p, std::size_t) {
    out_ += "policy " + p.name.text;
    end_line(p.name.location.line);
  }

  void print(const ast::ResourceDecl& r, std::size_t index) {
    // Align the kinds of a run of consecutive resource declarations.
    std::size_t width = 0;
    std::size_t b = index, e = index;
    while (b > 0 && std::holds_alternative<ast::ResourceDecl>(file_.items[b - 1])) --b;
    while (e + 1 < file_.items.size() && std::holds_alternative<ast::ResourceDecl>(file_.items[e + 1])) ++e;
    for (std::size_t k = b; k <= e; ++k)
      width = std::max(width, std::get<ast::ResourceDecl>(file_.items[k]).name.text.size());
    out_ += fmt::format("resource {:<{}} {}", r.name.text, width, r.kind.text);
    end_line(r.kind.location.line);
  }

  void print(const ast::DefaultDecl& d, std::size_t) {
    out_ += "default tier " + d.tier.text;
    end_line(d.tier.location.line);
  }

  void print(const ast::AssignDecl& a, std::size_t) {
    out_ += fmt::format("assign tier {} to ", a.tier.text);
    for (std::size_t k = 0; k < a.selectors.size(); ++k) {
      const auto& s = a.selectors[k];
      out_ += fmt::format("{}{} {}", k ? ", " : "", s.kind == ast::Selector::Kind::user ? "user" : "team",
                          quote(s.pattern.text));
    }
    end_line(a.last_line);
  }

  void print(const ast::TierDecl& t, std::size_t) {
    out_ += "tier " + t.name.text;
    if (t.parent) out_ += " extends " + t.parent->text;
    out_ += " {";
    const auto header_end = t.parent ? t.parent->location.line : t.name.location.line;
    const auto first_scope = t.scopes.empty() ? t.last_line : t.scopes.front().location.line;
    if (first_scope > header_end) end_line(header_end);
    else out_ += '\n';

    // One-line blocks (no comment inside) form an aligned table; the rest go one limit a line.
    std::vector<bool> inline_block;
    std::size_t scope_width = 0;
    std::vector<std::size_t> cols;
    for (std::size_t b = 0; b < t.scopes.size(); ++b) {
      const auto& s = t.scopes[b];
      // A comment on the line where the previous block ends is printed after that block.
      const bool shared = b > 0 && t.scopes[b - 1].last_line == s.location.line;
      bool one = !s.limits.empty() && !has_comment_within(s.location.line + (shared ? 1 : 0), s.last_line);
      std::size_t len = 0;
      for (const auto& l : s.limits) len += limit_text(l).size() + 2;
      if (len + s.scope.text.size() + 12 > kMaxLineWidth) one = false;
      inline_block.push_back(one);
      if (!one) continue;
      scope_width = std::max(scope_width, s.scope.text.size());
      for (std::size_t k = 0; k < s.limits.size(); ++k) {
        if (cols.size() <= k) cols.push_back(0);
        cols[k] = std::max(cols[k], limit_text(s.limits[k]).size());
      }
    }
    for (std::size_t k = 0; k < t.scopes.size(); ++k) {
      const auto& s = t.scopes[k];
      comments_before(s.location.line, 2);
      if (inline_block[k]) print_inline(s, scope_width, cols);
      else print_block(s);
    }
    comments_before(t.last_line, 2);
    out_ += "}";
    end_line(t.last_line);
  }

  void print_inline(const ast::ScopeBlock& s, std::size_t scope_width, const std::vector<std::size_t>& cols) {
    std::string line = fmt::format("  per {:<{}} {{", s.scope.text, scope_width);
    for (std::size_t k = 0; k < s.limits.size(); ++k)
      line += fmt::format(" {:<{}}{}", limit_text(s.limits[k]), cols[k], k + 1 < s.limits.size() ? " " : "");
    line += " }";
    out_ += line;
    end_line(s.last_line);
  }

  void print_block(const ast::ScopeBlock& s) {
    out_ += "  per " + s.scope.text + " {";
    const auto first_limit = s.limits.empty() ? s.last_line : s.limits.front().resource.location.line;
    if (first_limit > s.scope.location.line) end_line(s.scope.location.line);
    else out_ += '\n';
    for (const auto& l : s.limits) {
      comments_before(l.last_line, 4);  // comments inside a multi-line limit move above it
      out_ += "    " + limit_text(l);
      end_line(l.last_line);
    }
    comments_before(s.last_line, 4);
    out_ += "  }";
    end_line(s.last_line);
  }

  const ast::File& file_;
  std::set<std::uint32_t> blank_;
  std::size_t next_ = 0;        // next comment to print
  std::uint32_t last_src_ = 0;  // last source line printed
  std::string out_;
};

}  // namespace

std::string format(const ast::File& file, std::string_view source) { return Printer(file, source).run(); }

}  // namespace allot::grammar
