// #/settings: theme (stored in the settings table) and where progress is kept.
#include "ui/text_size_control.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

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
}

}  // namespace fl::ui
