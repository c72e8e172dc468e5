#include "ui/code_block.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <vector>

#include "ui/highlight.h"
#include "ui/pixel_snap.h"
#include "ui/test_items.h"

namespace fl::ui {

namespace {

constexpr float kPad = 12;
constexpr float kCodeLineHeight = 1.5f;  // ems of the code font
constexpr double kCopiedSeconds = 1.5;

bool is_lead_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

std::size_t utf8_columns(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += is_lead_byte(c);
  return n;
}

// The byte offset after `cols` code points of `s` (or its end).
std::size_t skip_columns(std::string_view s, std::size_t cols) {
  std::size_t i = 0;
  while (i < s.size() && cols > 0) {
    ++i;
    while (i < s.size() && !is_lead_byte(s[i])) ++i;
    --cols;
  }
  return i;
}

struct CodeRow {
  std::size_t begin = 0, end = 0;  // bytes of the text, without the newline
};

// A code block's text with tabs expanded, its tokens, and its rows at the last wrap width.
// Cached by the code's address (lesson and lab texts live as long as the app; a temporary
// string may reuse an address, so the text itself is compared too).
struct CodeLayout {
  std::string source;
  std::string language;
  std::string text;
  std::vector<Token> tokens;
  std::size_t wrap_columns = 0;
  std::vector<CodeRow> rows;
};

std::string expand_tabs(std::string_view s) {
  std::string out;
  std::size_t column = 0;
  for (char c : s) {
    if (c == '\t') {
      const std::size_t spaces = 4 - column % 4;
      out.append(spaces, ' ');
      column += spaces;
      continue;
    }
    out += c;
    column = c == '\n' ? 0 : column + is_lead_byte(c);
  }
  return out;
}

// Lines longer than `cols` wrap at their last space that fits, else between characters.
std::vector<CodeRow> wrap_rows(std::string_view text, std::size_t cols) {
  std::vector<CodeRow> rows;
  std::size_t line_start = 0;
  while (line_start <= text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::size_t start = line_start;
    for (;;) {
      const std::string_view rest = text.substr(start, line_end - start);
      if (utf8_columns(rest) <= cols) {
        rows.push_back({start, line_end});
        break;
      }
      std::size_t cut = skip_columns(rest, cols);
      const std::size_t space = rest.substr(0, cut).find_last_of(' ');
      if (space != std::string_view::npos && space > 0) cut = space + 1;
      rows.push_back({start, start + cut});
      start += cut;
    }
    if (line_end == text.size()) break;
    line_start = line_end + 1;
  }
  return rows;
}

const CodeLayout& layout_code(std::string_view code, std::string_view language, std::size_t cols) {
  static std::unordered_map<const void*, CodeLayout> cache;
  CodeLayout& c = cache[code.data()];
  if (c.source != code || c.language != language || c.text.empty()) {
    c = CodeLayout{};
    c.source = std::string(code);
    c.language = std::string(language);
    c.text = expand_tabs(code);
    c.tokens = highlight(c.text, syntax_for(language));
  }
  if (c.wrap_columns != cols || c.rows.empty()) {
    c.wrap_columns = cols;
    c.rows = wrap_rows(c.text, cols);
  }
  return c;
}

ImU32 token_color(TokenKind kind, const Palette& p) {
  switch (kind) {
    case TokenKind::text: return p.text;
    case TokenKind::keyword: return p.code_keyword;
    case TokenKind::constant:
    case TokenKind::number: return p.code_number;
    case TokenKind::builtin: return p.code_builtin;
    case TokenKind::string: return p.code_string;
    case TokenKind::comment: return p.code_comment;
    case TokenKind::name: return p.code_name;
  }
  return p.text;
}

// A small flat button drawn on the panel; returns true when clicked.
bool copy_button(const ViewContext& ctx, ImVec2 top_right, std::string_view id, bool copied) {
  const Palette& p = ctx.palette;
  ImGui::PushFont(ctx.fonts.small);
  const char* label = copied ? "Copied" : "Copy";
  const ImVec2 ts = ImGui::CalcTextSize(label);
  const ImVec2 size(std::round(ts.x + 16), std::round(ts.y + 8));
  const ImRect bb(ImVec2(top_right.x - size.x, top_right.y), ImVec2(top_right.x, top_right.y + size.y));
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const std::string key = "copy:" + std::string(id);
  const ImGuiID gid = window->GetID(key.c_str());
  bool pressed = false;
  if (ImGui::ItemAdd(bb, gid)) {
    bool hovered = false, held = false;
    pressed = ImGui::ButtonBehavior(bb, gid, &hovered, &held);
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    window->DrawList->AddRectFilled(bb.Min, bb.Max, held ? p.accent_soft : (hovered ? p.border : p.surface_hover), 5);
    window->DrawList->AddText(ImVec2(std::floor(bb.Min.x + 8), std::floor(bb.Min.y + 4)), copied ? p.done : p.text,
                              label);
    record_item(label, key);
  }
  ImGui::PopFont();
  return pressed;
}

}  // namespace

void code_block(const ViewContext& ctx, const std::string& code, std::string_view language, std::string_view id) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return;
  const Palette& p = ctx.palette;
  std::string_view text(code);
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);

  const ImVec2 origin = window->DC.CursorPos;
  const float width = ImGui::CalcWrapWidthForPos(origin, window->DC.TextWrapPos);
  ImFont* mono = ctx.fonts.mono;
  const float size = mono->FontSize * ImGui::GetIO().FontGlobalScale;
  const float advance = mono->GetCharAdvance(' ') * ImGui::GetIO().FontGlobalScale;
  const float line_h = std::round(em_px(ctx.fonts, mono) * kCodeLineHeight);
  const std::size_t cols = static_cast<std::size_t>(std::max(8.0f, std::floor((width - kPad * 2) / advance)));
  const CodeLayout& code_layout = layout_code(text, language, cols);
  const float header = std::round(em_px(ctx.fonts, ctx.fonts.small) * 1.5f + 12);
  const ImRect bb(
      origin, origin + ImVec2(width, std::round(header + line_h * static_cast<float>(code_layout.rows.size()) + kPad)));
  ImGui::ItemSize(bb);
  if (!ImGui::ItemAdd(bb, 0)) return;

  ImDrawList* dl = window->DrawList;
  dl->AddRectFilled(bb.Min, bb.Max, p.surface, 8);
  dl->AddRect(bb.Min, bb.Max, p.border, 8);
  if (!language.empty()) {
    ImGui::PushFont(ctx.fonts.small);
    const std::string caption(language);
    dl->AddText(ImVec2(std::floor(bb.Min.x + kPad), std::floor(bb.Min.y + 7)), p.text_dim, caption.c_str());
    ImGui::PopFont();
  }

  // Row by row, token slice by token slice, each on the device pixel grid; rows outside the
  // clip rectangle are skipped (long listings cost nothing off screen).
  const std::string& t = code_layout.text;
  const std::vector<Token>& tokens = code_layout.tokens;
  const float top = bb.Min.y + header;
  const float glyph_top = std::round((line_h - size) * 0.5f);
  const ImVec4 clip = dl->_ClipRectStack.back();
  auto tok = tokens.begin();
  for (std::size_t r = 0; r < code_layout.rows.size(); ++r) {
    const CodeRow& row = code_layout.rows[r];
    const float y = top + line_h * static_cast<float>(r);
    if (y + line_h < clip.y || y > clip.w) continue;
    tok = std::partition_point(tokens.begin(), tokens.end(), [&](const Token& k) { return k.end <= row.begin; });
    for (auto k = tok; k != tokens.end() && k->begin < row.end; ++k) {
      const std::size_t b = std::max(k->begin, row.begin), e = std::min(k->end, row.end);
      if (b >= e) continue;
      const float x = bb.Min.x + kPad +
                      advance * static_cast<float>(utf8_columns(std::string_view(t).substr(row.begin, b - row.begin)));
      add_text_snapped(dl, mono, size, ImVec2(x, y + glyph_top), token_color(k->kind, p), t.data() + b, t.data() + e);
    }
  }
  record_item(std::string(text), std::string("code:") + std::string(id));

  // "Copied" shows for a moment after a click; ImGui's per-window storage keeps the time.
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID stamp_id = window->GetID((std::string("copied:") + std::string(id)).c_str());
  const float stamp = storage->GetFloat(stamp_id, -100.0f);
  const bool copied = ImGui::GetTime() - stamp < kCopiedSeconds;
  if (copy_button(ctx, ImVec2(bb.Max.x - 6, bb.Min.y + 5), id, copied)) {
    ImGui::SetClipboardText(std::string(text).c_str());
    storage->SetFloat(stamp_id, static_cast<float>(ImGui::GetTime()));
  }
}

}  // namespace fl::ui
