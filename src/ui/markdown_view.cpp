#include "ui/markdown_view.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "ui/code_block.h"
#include "ui/rich_text.h"
#include "ui/test_items.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

using course::Block;
using course::BlockKind;

constexpr float kIndent = 26;     // list item text, quotes
constexpr float kParaGap = 14;    // between blocks (item spacing is 0 here: gaps are explicit)
constexpr float kTightGap = 4;    // between items of a tight list
constexpr float kBodyLineHeight = 1.6f;  // ems: long lines of prose read best with generous leading

float text_width_to_wrap() {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  return ImGui::CalcWrapWidthForPos(window->DC.CursorPos, window->DC.TextWrapPos);
}

void gap(float h) { ImGui::Dummy(ImVec2(0, h)); }

class Renderer {
 public:
  Renderer(const ViewContext& ctx, std::string_view id, const MarkdownOptions& options)
      : ctx_(ctx), id_(id), options_(options) {}

  void blocks(const std::vector<Block>& list, float spacing, std::size_t first = 0) {
    for (std::size_t i = first; i < list.size(); ++i) {
      if (i > first) gap(spacing);
      block(list[i]);
    }
  }

 private:
  // "lesson:l2:code1" is the lesson's first code block: stable ids for tests, per kind.
  std::string next_id(const std::string& kind) { return id_ + ":" + kind + std::to_string(++counts_[kind]); }

  TextStyle body() const { return TextStyle{ctx_.fonts.body, color_ ? color_ : ctx_.palette.text, kBodyLineHeight, false}; }

  void block(const Block& b) {
    switch (b.kind) {
      case BlockKind::heading: heading(b); return;
      case BlockKind::paragraph: rich_text(ctx_, b.spans, body(), next_id("p")); return;
      case BlockKind::code: code_block(ctx_, b.code, b.language, next_id("code")); return;
      case BlockKind::bullet_list:
      case BlockKind::ordered_list: list(b); return;
      case BlockKind::list_item: blocks(b.children, kTightGap); return;
      case BlockKind::quote: quote(b); return;
      case BlockKind::callout: callout_block(b); return;
      case BlockKind::table: table(b); return;
      case BlockKind::rule:
        gap(4);
        rule(ctx_);
        gap(4);
        return;
    }
  }

  void heading(const Block& b) {
    ImFont* font = b.level <= 1 ? ctx_.fonts.title : b.level == 2 ? ctx_.fonts.h2 : b.level == 3 ? ctx_.fonts.h3
                                                                                                    : ctx_.fonts.bold;
    gap(b.level <= 2 ? 22 : 10);
    const int index = headings_++;
    const float y = ImGui::GetCursorPosY();
    if (options_.heading_y) options_.heading_y->push_back(y);
    if (index == options_.scroll_to_heading) ImGui::SetScrollY(std::max(0.0f, y - 16));
    // Headings are findable by their text: "heading:The dimensions of a limit".
    rich_text(ctx_, b.spans, TextStyle{font, ctx_.palette.text, 1.25f, true}, "heading:" + course::plain_text(b.spans));
  }

  void list(const Block& b) {
    const float spacing = b.tight ? kTightGap : kParaGap;
    unsigned number = b.start;
    for (std::size_t i = 0; i < b.children.size(); ++i) {
      if (i > 0) gap(spacing);
      const ImVec2 start = ImGui::GetCursorScreenPos();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const float line_h = std::round(em_px(ctx_.fonts, ctx_.fonts.body) * kBodyLineHeight);
      if (b.kind == BlockKind::bullet_list) {
        const float r = 2.6f;
        dl->AddCircleFilled(ImVec2(start.x + 9, std::round(start.y + line_h * 0.5f)), r, ctx_.palette.text_dim, 12);
      } else {
        const std::string marker = std::to_string(number++) + ".";
        ImGui::PushFont(ctx_.fonts.body);
        const float w = ImGui::CalcTextSize(marker.c_str()).x;
        const float top = std::round(start.y + (line_h - ImGui::GetFontSize()) * 0.5f);
        dl->AddText(ImVec2(std::floor(start.x + kIndent - 7 - w), top), ctx_.palette.text_dim, marker.c_str());
        ImGui::PopFont();
      }
      ImGui::Indent(kIndent);
      blocks(b.children[i].children, spacing);
      ImGui::Unindent(kIndent);
    }
  }

  // A block quote: a bar on the left, text dimmed a little.
  void quote(const Block& b) {
    const ImVec2 start = ImGui::GetCursorScreenPos();
    ImGui::Indent(kIndent - 8);
    const ImU32 saved = color_;
    color_ = ctx_.palette.text_dim;
    blocks(b.children, kParaGap);
    color_ = saved;
    ImGui::Unindent(kIndent - 8);
    const float bottom = ImGui::GetCursorScreenPos().y;
    ImGui::GetWindowDrawList()->AddRectFilled(start + ImVec2(2, 0), ImVec2(start.x + 5, bottom), ctx_.palette.border, 2);
  }

  // A callout: a panel with an accent bar and a bold title. Drawn into two channels of a
  // splitter of its own (callouts may nest), so that the panel goes under text whose height
  // is known only once drawn.
  void callout_block(const Block& b) {
    const Palette& p = ctx_.palette;
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    ImDrawList* dl = window->DrawList;
    ImDrawListSplitter splitter;
    splitter.Split(dl, 2);
    splitter.SetCurrentChannel(dl, 1);
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = text_width_to_wrap();
    const float pad = 16;
    gap(pad);
    ImGui::Indent(pad + 4);
    ImGui::PushTextWrapPos(window->DC.TextWrapPos > 0 ? window->DC.TextWrapPos - pad : 0);
    if (!b.title.empty()) {
      rich_text(ctx_, plain_inlines(b.title, true), TextStyle{ctx_.fonts.bold, p.text, 1.35f, true},
                next_id("callout-title"));
      gap(4);
    }
    blocks(b.children, kParaGap);
    ImGui::PopTextWrapPos();
    ImGui::Unindent(pad + 4);
    gap(pad);
    const float bottom = ImGui::GetCursorScreenPos().y;
    splitter.SetCurrentChannel(dl, 0);
    dl->AddRectFilled(start, ImVec2(start.x + width, bottom), p.surface, 8);
    dl->AddRectFilled(start, ImVec2(start.x + 4, bottom), p.warning, 8, ImDrawFlags_RoundCornersLeft);
    splitter.Merge(dl);
  }

  void table(const Block& b) {
    const std::size_t columns = b.header.size();
    if (columns == 0) return;
    const Palette& p = ctx_.palette;
    // Columns share the width in proportion to their longest cell (clamped), so a column of
    // short values does not take a third of the table.
    std::vector<float> weight(columns, 1);
    for (std::size_t c = 0; c < columns; ++c) {
      std::size_t longest = course::plain_text(b.header[c]).size();
      for (const auto& row : b.rows)
        if (c < row.size()) longest = std::max(longest, course::plain_text(row[c]).size());
      weight[c] = std::clamp(static_cast<float>(longest), 8.0f, 60.0f);
    }
    const std::string table_id = next_id("table");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(10, 7));
    ImGui::PushStyleColor(ImGuiCol_TableRowBg, 0);
    ImGui::PushStyleColor(ImGuiCol_TableRowBgAlt, p.surface);
    ImGui::PushStyleColor(ImGuiCol_TableBorderStrong, p.border);
    ImGui::PushStyleColor(ImGuiCol_TableBorderLight, p.border);
    if (ImGui::BeginTable(("##" + table_id).c_str(), static_cast<int>(columns), flags,
                          ImVec2(text_width_to_wrap(), 0))) {
      for (std::size_t c = 0; c < columns; ++c)
        ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthStretch, weight[c]);
      ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
      ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, p.surface_hover);
      for (std::size_t c = 0; c < columns; ++c) cell(b.header[c], b, c, true, table_id);
      for (const auto& row : b.rows) {
        ImGui::TableNextRow();
        for (std::size_t c = 0; c < columns; ++c) cell(c < row.size() ? row[c] : empty_, b, c, false, table_id);
      }
      ImGui::EndTable();
    }
    ImGui::PopStyleColor(4);
    ImGui::PopStyleVar();
  }

  void cell(const course::Inlines& spans, const Block& b, std::size_t column, bool header, const std::string& table_id) {
    ImGui::TableSetColumnIndex(static_cast<int>(column));
    ImGui::PushTextWrapPos(0);  // wrap at the cell's edge
    TextStyle style{header ? ctx_.fonts.bold : ctx_.fonts.body, ctx_.palette.text, 1.5f, header};
    const course::Align align = column < b.align.size() ? b.align[column] : course::Align::none;
    if (align == course::Align::right) style.align = TextAlign::right;
    if (align == course::Align::center) style.align = TextAlign::centre;
    rich_text(ctx_, spans, style, table_id + ":" + std::to_string(++counts_[table_id]));
    ImGui::PopTextWrapPos();
  }

  const ViewContext& ctx_;
  std::string id_;
  const MarkdownOptions& options_;
  int headings_ = 0;
  std::map<std::string, int> counts_;
  ImU32 color_ = 0;  // 0: the palette's text colour
  const course::Inlines empty_;
};

}  // namespace

void draw_markdown(const ViewContext& ctx, const course::Document& doc, std::string_view id,
                   const MarkdownOptions& options) {
  if (options.heading_y) options.heading_y->clear();
  Renderer r(ctx, id, options);
  std::size_t first = 0;
  if (options.skip_title && !doc.blocks.empty() && doc.blocks[0].kind == BlockKind::heading &&
      doc.blocks[0].level == 1)
    first = 1;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  r.blocks(doc.blocks, kParaGap, first);
  ImGui::PopStyleVar();
  gap(ImGui::GetStyle().ItemSpacing.y);  // as if the document were one item of the page
}

}  // namespace fl::ui
