#include "course/markdown.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include <md4c.h>
extern "C" {
#include <entity.h>
}

namespace fl::course {

std::string plain_text(const Inlines& spans) {
  std::string out;
  for (const auto& s : spans) out += s.line_break ? "\n" : s.text;
  return out;
}

std::string Document::title() const {
  for (const auto& b : blocks)
    if (b.kind == BlockKind::heading && b.level == 1) return plain_text(b.spans);
  return "";
}

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// "&amp;", "&#38;", "&#x26;" -> UTF-8. md4c passes entities verbatim.
std::string decode_entity(std::string_view e) {
  std::string out;
  if (e.size() >= 4 && e[0] == '&' && e[1] == '#' && e.back() == ';') {
    bool hex = e[2] == 'x' || e[2] == 'X';
    std::uint32_t cp = 0;
    for (std::size_t i = hex ? 3 : 2; i + 1 < e.size(); ++i) {
      char c = e[i];
      unsigned digit = c >= '0' && c <= '9'   ? static_cast<unsigned>(c - '0')
                       : c >= 'a' && c <= 'f' ? static_cast<unsigned>(c - 'a' + 10)
                       : c >= 'A' && c <= 'F' ? static_cast<unsigned>(c - 'A' + 10)
                                              : 99;
      if (digit >= (hex ? 16u : 10u)) return std::string(e);
      cp = cp * (hex ? 16 : 10) + digit;
      if (cp > 0x10FFFF) cp = 0x110000;  // stays out of range without overflowing
    }
    append_utf8(out, cp);
    return out;
  }
  if (const struct entity* ent = entity_lookup(e.data(), e.size())) {
    append_utf8(out, ent->codepoints[0]);
    if (ent->codepoints[1]) append_utf8(out, ent->codepoints[1]);
    return out;
  }
  return std::string(e);
}

std::string attribute_text(const MD_ATTRIBUTE& a) {
  std::string out;
  if (!a.text || a.size == 0) return out;
  for (std::size_t i = 0; a.substr_offsets[i] < a.size; ++i) {
    std::string_view part(a.text + a.substr_offsets[i], a.substr_offsets[i + 1] - a.substr_offsets[i]);
    switch (a.substr_types[i]) {
      case MD_TEXT_ENTITY: out += decode_entity(part); break;
      case MD_TEXT_NULLCHAR: append_utf8(out, 0xFFFD); break;
      default: out += part; break;
    }
  }
  return out;
}

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// A block quote whose first paragraph starts with strong text becomes a callout titled by it.
void make_callout(Block& quote) {
  if (quote.children.empty() || quote.children[0].kind != BlockKind::paragraph) return;
  Inlines& spans = quote.children[0].spans;
  std::size_t n = 0;
  std::string title;
  while (n < spans.size() && spans[n].strong && !spans[n].line_break) title += spans[n++].text;
  title = trim(title);
  if (n == 0 || title.empty()) return;
  spans.erase(spans.begin(), spans.begin() + static_cast<std::ptrdiff_t>(n));
  while (!spans.empty()) {
    if (spans.front().line_break) {
      spans.erase(spans.begin());
      continue;
    }
    auto b = spans.front().text.find_first_not_of(" \t");
    if (b == std::string::npos) {
      spans.erase(spans.begin());
      continue;
    }
    spans.front().text.erase(0, b);
    break;
  }
  if (spans.empty()) quote.children.erase(quote.children.begin());
  quote.kind = BlockKind::callout;
  quote.title = std::move(title);
}

class Builder {
 public:
  Builder(std::string_view text, const std::string& file, Diagnostics& diags)
      : text_(text), file_(file), diags_(diags) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (ends_line(text, i)) line_starts_.push_back(i + 1);
    root_.kind = BlockKind::quote;
    stack_.push_back(&root_);
  }

  Document run() {
    if (text_.size() >= std::numeric_limits<MD_SIZE>::max()) {
      diags_.error(file_, "", "the file is too large");
      return {};
    }
    MD_PARSER parser{};
    parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
    parser.enter_block = [](MD_BLOCKTYPE t, void* d, void* self) { return guard(self, [&](Builder& b) { b.enter_block(t, d); }); };
    parser.leave_block = [](MD_BLOCKTYPE t, void* d, void* self) { return guard(self, [&](Builder& b) { b.leave_block(t, d); }); };
    parser.enter_span = [](MD_SPANTYPE t, void* d, void* self) { return guard(self, [&](Builder& b) { b.enter_span(t, d); }); };
    parser.leave_span = [](MD_SPANTYPE t, void* d, void* self) { return guard(self, [&](Builder& b) { b.leave_span(t, d); }); };
    parser.text = [](MD_TEXTTYPE t, const MD_CHAR* s, MD_SIZE n, void* self) {
      return guard(self, [&](Builder& b) { b.on_text(t, s, n); });
    };
    int rc = md_parse(text_.data(), static_cast<MD_SIZE>(text_.size()), &parser, this);
    for (auto& p : pending_) {
      if (p.location.empty() && last_line_ > 0) p.location = "line " + std::to_string(last_line_);
      diags_.add(std::move(p));
    }
    if (failed_) diags_.error(file_, "", "out of memory while building the lesson");
    else if (rc != 0) diags_.error(file_, "", "md4c could not parse the file");
    Document doc;
    doc.blocks = std::move(root_.children);
    return doc;
  }

 private:
  enum class Action { none, container, leaf, table_cell, html };

  template <class F>
  static int guard(void* self, F&& f) {
    auto& b = *static_cast<Builder*>(self);
    try {
      f(b);
      return 0;
    } catch (...) {  // never unwind through md4c's C frames
      b.failed_ = true;
      return 1;
    }
  }

  // --- lines -------------------------------------------------------------------------------
  int line_of(const char* p) const {
    if (!p || p < text_.data() || p >= text_.data() + text_.size()) return 0;
    auto off = static_cast<std::size_t>(p - text_.data());
    return static_cast<int>(std::upper_bound(line_starts_.begin(), line_starts_.end(), off) - line_starts_.begin());
  }

  void note_line(int line) {
    if (line <= 0) return;
    last_line_ = line;
    for (std::size_t i = 1; i < stack_.size(); ++i)
      if (stack_[i]->line == 0) stack_[i]->line = line;
    if (leaf_ && leaf_->line == 0) leaf_->line = line;
    for (std::size_t i = resolved_; i < pending_.size(); ++i)
      if (pending_[i].location.empty()) pending_[i].location = "line " + std::to_string(line);
    resolved_ = pending_.size();
  }

  // An error whose line is `line`, or that of the next text when 0.
  void report(int line, std::string message) {
    Diagnostic d{Severity::error, file_, line > 0 ? "line " + std::to_string(line) : "", std::move(message)};
    pending_.push_back(std::move(d));
    if (line > 0 && resolved_ == pending_.size() - 1) resolved_ = pending_.size();
  }

  // --- blocks ------------------------------------------------------------------------------
  Block& top() { return *stack_.back(); }

  void close_implicit_paragraph() {
    if (implicit_) {
      implicit_ = false;
      inlines_ = nullptr;
      leaf_ = nullptr;
    }
  }

  Block& add_child(BlockKind kind) {
    top().children.push_back(Block{});
    Block& b = top().children.back();
    b.kind = kind;
    return b;
  }

  void enter_block(MD_BLOCKTYPE type, void* detail) {
    Action action = Action::none;
    if (type != MD_BLOCK_DOC && type != MD_BLOCK_THEAD && type != MD_BLOCK_TBODY && type != MD_BLOCK_TR &&
        type != MD_BLOCK_TH && type != MD_BLOCK_TD)
      close_implicit_paragraph();
    switch (type) {
      case MD_BLOCK_DOC: break;
      case MD_BLOCK_QUOTE:
      case MD_BLOCK_UL:
      case MD_BLOCK_OL:
      case MD_BLOCK_LI: {
        if (static_cast<int>(stack_.size()) - 1 >= kMaxMarkdownDepth) {
          if (!depth_reported_) report(0, "nesting deeper than " + std::to_string(kMaxMarkdownDepth) + " levels");
          depth_reported_ = true;
          break;
        }
        BlockKind kind = type == MD_BLOCK_QUOTE ? BlockKind::quote
                         : type == MD_BLOCK_UL  ? BlockKind::bullet_list
                         : type == MD_BLOCK_OL  ? BlockKind::ordered_list
                                                : BlockKind::list_item;
        Block& b = add_child(kind);
        if (type == MD_BLOCK_UL) b.tight = static_cast<MD_BLOCK_UL_DETAIL*>(detail)->is_tight != 0;
        if (type == MD_BLOCK_OL) {
          auto* d = static_cast<MD_BLOCK_OL_DETAIL*>(detail);
          b.tight = d->is_tight != 0;
          b.start = d->start;
        }
        stack_.push_back(&b);
        action = Action::container;
        break;
      }
      case MD_BLOCK_HR: add_child(BlockKind::rule); break;
      case MD_BLOCK_H: {
        Block& b = add_child(BlockKind::heading);
        b.level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
        leaf_ = &b;
        inlines_ = &b.spans;
        action = Action::leaf;
        break;
      }
      case MD_BLOCK_P: {
        Block& b = add_child(BlockKind::paragraph);
        leaf_ = &b;
        inlines_ = &b.spans;
        action = Action::leaf;
        break;
      }
      case MD_BLOCK_CODE: {
        auto* d = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
        Block& b = add_child(BlockKind::code);
        b.language = attribute_text(d->lang);
        fence_line_ = line_of(d->info.text);  // the fence line, when it has an info string
        fenced_ = d->fence_char != 0;
        leaf_ = &b;
        code_ = &b;
        action = Action::leaf;
        break;
      }
      case MD_BLOCK_HTML:
        report(0, "raw HTML blocks are not supported (write Markdown instead)");
        in_html_block_ = true;
        action = Action::html;
        break;
      case MD_BLOCK_TABLE: {
        Block& b = add_child(BlockKind::table);
        leaf_ = &b;
        table_ = &b;
        action = Action::leaf;
        break;
      }
      case MD_BLOCK_THEAD: in_head_ = true; break;
      case MD_BLOCK_TBODY: in_head_ = false; break;
      case MD_BLOCK_TR:
        if (table_ && !in_head_) table_->rows.emplace_back();
        break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD: {
        if (!table_) break;
        Align align = Align::none;
        switch (static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align) {
          case MD_ALIGN_LEFT: align = Align::left; break;
          case MD_ALIGN_CENTER: align = Align::center; break;
          case MD_ALIGN_RIGHT: align = Align::right; break;
          default: break;
        }
        if (in_head_ || table_->rows.empty()) {
          table_->header.emplace_back();
          table_->align.push_back(align);
          inlines_ = &table_->header.back();
        } else {
          table_->rows.back().emplace_back();
          inlines_ = &table_->rows.back().back();
        }
        action = Action::table_cell;
        break;
      }
    }
    actions_.push_back(action);
  }

  void leave_block(MD_BLOCKTYPE type, void*) {
    if (actions_.empty()) return;
    Action action = actions_.back();
    actions_.pop_back();
    switch (action) {
      case Action::none: break;
      case Action::container: {
        close_implicit_paragraph();
        Block* b = stack_.back();
        stack_.pop_back();
        if (type == MD_BLOCK_QUOTE) make_callout(*b);
        break;
      }
      case Action::leaf:
        if (code_) {
          if (fence_line_ > 0) code_->line = fence_line_;
          else if (code_->code_line > 0) code_->line = fenced_ ? code_->code_line - 1 : code_->code_line;
        }
        leaf_ = nullptr;
        inlines_ = nullptr;
        code_ = nullptr;
        if (type == MD_BLOCK_TABLE) table_ = nullptr;
        break;
      case Action::table_cell: inlines_ = nullptr; break;
      case Action::html: in_html_block_ = false; break;
    }
  }

  // --- spans and text ----------------------------------------------------------------------
  void enter_span(MD_SPANTYPE type, void* detail) {
    switch (type) {
      case MD_SPAN_EM: ++emphasis_; break;
      case MD_SPAN_STRONG: ++strong_; break;
      case MD_SPAN_CODE: ++code_span_; break;
      case MD_SPAN_A: {
        auto* d = static_cast<MD_SPAN_A_DETAIL*>(detail);
        hrefs_.push_back(attribute_text(d->href));
        break;
      }
      case MD_SPAN_IMG: {
        auto* d = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
        report(line_of(d->src.text), "images are not supported (describe the picture in text, or link to it)");
        break;
      }
      case MD_SPAN_DEL: report(0, "strikethrough (~~text~~) is not supported"); break;
      default: report(0, "unsupported inline construct"); break;
    }
  }

  void leave_span(MD_SPANTYPE type, void*) {
    switch (type) {
      case MD_SPAN_EM: --emphasis_; break;
      case MD_SPAN_STRONG: --strong_; break;
      case MD_SPAN_CODE: --code_span_; break;
      case MD_SPAN_A:
        if (!hrefs_.empty()) hrefs_.pop_back();
        break;
      default: break;
    }
  }

  // Tight list items carry their text without a paragraph: give it one.
  void ensure_inline_target() {
    if (inlines_) return;
    Block& b = add_child(BlockKind::paragraph);
    leaf_ = &b;
    inlines_ = &b.spans;
    implicit_ = true;
  }

  void append(std::string_view s, bool line_break = false) {
    ensure_inline_target();
    Span span;
    span.emphasis = emphasis_ > 0;
    span.strong = strong_ > 0;
    span.code = code_span_ > 0;
    span.line_break = line_break;
    if (!hrefs_.empty()) span.href = hrefs_.back();
    if (!line_break && !inlines_->empty()) {
      Span& last = inlines_->back();
      if (!last.line_break && last.emphasis == span.emphasis && last.strong == span.strong &&
          last.code == span.code && last.href == span.href) {
        last.text += s;
        return;
      }
    }
    span.text = std::string(s);
    inlines_->push_back(std::move(span));
  }

  void on_text(MD_TEXTTYPE type, const MD_CHAR* s, MD_SIZE n) {
    std::string_view text(s, n);
    int line = line_of(s);
    if (code_) {
      // Code lines arrive as indentation (static), the line's text (in the buffer) and "\n".
      if (code_->code_line == 0 && line > 0)
        code_->code_line = line - static_cast<int>(std::count(code_->code.begin(), code_->code.end(), '\n'));
      note_line(line);
      if (type == MD_TEXT_NULLCHAR) append_utf8(code_->code, 0xFFFD);
      else code_->code += text;
      return;
    }
    if (in_html_block_) {
      note_line(line);
      return;
    }
    ensure_inline_target();
    note_line(line);
    switch (type) {
      case MD_TEXT_NULLCHAR: {
        std::string r;
        append_utf8(r, 0xFFFD);
        append(r);
        break;
      }
      case MD_TEXT_BR: append("", true); break;
      case MD_TEXT_SOFTBR: append(" "); break;
      case MD_TEXT_ENTITY: append(decode_entity(text)); break;
      case MD_TEXT_HTML: {
        std::string snippet(text.substr(0, std::min<std::size_t>(text.size(), 40)));
        std::replace(snippet.begin(), snippet.end(), '\n', ' ');
        report(line, "inline HTML is not supported (write Markdown instead): " + snippet);
        append(text);
        break;
      }
      case MD_TEXT_CODE: {
        std::string t(text);
        std::replace(t.begin(), t.end(), '\n', ' ');
        append(t);
        break;
      }
      default: append(text); break;
    }
  }

  std::string_view text_;
  const std::string& file_;
  Diagnostics& diags_;
  std::vector<std::size_t> line_starts_;

  Block root_;
  std::vector<Block*> stack_;    // open containers, root first
  std::vector<Action> actions_;  // what each entered md4c block did, to undo on leave
  Block* leaf_ = nullptr;        // open heading, paragraph, code block or table
  Inlines* inlines_ = nullptr;   // where inline text goes
  Block* code_ = nullptr;
  Block* table_ = nullptr;
  bool implicit_ = false;
  bool fenced_ = false;
  int fence_line_ = 0;
  bool in_head_ = false;
  bool in_html_block_ = false;
  bool depth_reported_ = false;
  bool failed_ = false;
  int emphasis_ = 0, strong_ = 0, code_span_ = 0;
  std::vector<std::string> hrefs_;

  std::vector<Diagnostic> pending_;
  std::size_t resolved_ = 0;  // pending_[0, resolved_) have their line
  int last_line_ = 0;
};

}  // namespace

Document parse_markdown(std::string_view text, const std::string& file, Diagnostics& diags) {
  Builder builder(text, file, diags);
  return builder.run();
}

Inlines parse_inline_markdown(std::string_view text) {
  Diagnostics ignored;
  Document doc = parse_markdown(text, "", ignored);
  Inlines out;
  auto collect = [&out](const std::vector<Block>& blocks, auto& self) -> void {
    for (const Block& b : blocks) {
      if (!b.spans.empty()) {
        if (!out.empty()) out.push_back(Span{.line_break = true});
        out.insert(out.end(), b.spans.begin(), b.spans.end());
      } else if (b.kind == BlockKind::code && !b.code.empty()) {
        if (!out.empty()) out.push_back(Span{.line_break = true});
        out.push_back(Span{.text = b.code.substr(0, b.code.size() - 1), .code = true});
      }
      self(b.children, self);
    }
  };
  collect(doc.blocks, collect);
  return out;
}

}  // namespace fl::course
