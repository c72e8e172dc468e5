// #/settings: theme and text size (stored in the settings table), where progress is kept, and
// "Your data": export, import (merge or replace) and erase, in the progress file format.
#include "ui/test_items.h"
#include "ui/text_size_control.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

void request(const ViewContext& ctx, DataRequest::Op op) { ctx.actions.data = DataRequest{op}; }

void draw_your_data(const ViewContext& ctx) {
  const AppState& s = ctx.state;
  const Palette& p = ctx.palette;
  subheading(ctx, "Your data");
  if (!s.storage_ready) return;
  wrapped(ctx.fonts.body, p.text_dim,
          "Export saves all your progress (lessons, quiz attempts, lab submissions, settings) as one JSON "
          "file. Import reads such a file, from this or another browser or from the faultline command: "
          "merge adds its records to yours, replace swaps yours for its.");
  ImGui::Dummy(ImVec2(0, 6));
  const bool can_write = s.save.writer;
  if (pill(ctx, "Export progress", "data:export", Mark::none, false)) request(ctx, DataRequest::Op::export_file);
  if (can_write) {
    ImGui::SameLine(0, 8);
    if (pill(ctx, "Import and merge", "data:import-merge", Mark::none, false))
      request(ctx, DataRequest::Op::import_merge);
    ImGui::SameLine(0, 8);
    if (pill(ctx, "Import and replace", "data:import-replace", Mark::none, false))
      request(ctx, DataRequest::Op::import_replace);
    ImGui::SameLine(0, 8);
    if (!s.data.confirm_erase && pill(ctx, "Erase all progress", "data:erase", Mark::none, false))
      request(ctx, DataRequest::Op::ask_erase);
  }
  if (can_write && s.data.confirm_erase) {
    ImGui::Dummy(ImVec2(0, 8));
    wrapped(ctx.fonts.body, p.danger,
            "Erase every lesson visit, quiz attempt, lab submission and setting stored in this browser? This "
            "cannot be undone; export first to keep a copy.");
    ImGui::Dummy(ImVec2(0, 4));
    if (pill(ctx, "Erase everything", "data:erase-confirm", Mark::none, false)) request(ctx, DataRequest::Op::erase);
    ImGui::SameLine(0, 8);
    if (pill(ctx, "Keep my progress", "data:erase-cancel", Mark::none, false))
      request(ctx, DataRequest::Op::cancel_erase);
  }
  if (!can_write)
    wrapped(ctx.fonts.body, p.text_dim, "Import and erase work in the tab that saves your progress.");
  if (!s.data.message.empty()) {
    ImGui::Dummy(ImVec2(0, 8));
    wrapped(ctx.fonts.body, s.data.failed ? p.danger : p.done, s.data.message);
    record_item(s.data.message, s.data.failed ? "data:error" : "data:done");
  }
}

}  // namespace

void draw_settings_view(const ViewContext& ctx) {
  const AppState& s = ctx.state;
  const Palette& p = ctx.palette;
  kicker(ctx, "SETTINGS", p.accent);
  heading(ctx, "Settings");

  subheading(ctx, "Theme");
  if (pill(ctx, "Dark", "theme:dark", Mark::none, s.theme == Theme::dark)) ctx.actions.theme = Theme::dark;
  ImGui::SameLine(0, 8);
  if (pill(ctx, "Light", "theme:light", Mark::none, s.theme == Theme::light)) ctx.actions.theme = Theme::light;
  draw_text_size_control(ctx);

  subheading(ctx, "Your progress");
  if (!s.storage_ready) {
    wrapped(ctx.fonts.body, p.text_dim, "Opening your saved progress\u2026");
  } else if (!s.save.persistent) {
    wrapped(ctx.fonts.body, p.danger,
            s.save.problem.empty() ? "Progress is kept in memory only and is lost when you close the page."
                                   : s.save.problem);
  } else if (s.platform == "web") {
    wrapped(ctx.fonts.body, p.text_dim,
            "Progress is stored in this browser (SQLite on IndexedDB) and survives reloads. It stays on "
            "this device: another browser or computer starts afresh. Clearing this site's data erases it.");
  } else {
    wrapped(ctx.fonts.body, p.text_dim,
            "Progress is stored in a SQLite file in your data folder ($XDG_DATA_HOME/faultline).");
  }
  if (!s.store_error.empty()) wrapped(ctx.fonts.body, p.danger, "The last write failed: " + s.store_error);
  draw_your_data(ctx);
}

}  // namespace fl::ui
