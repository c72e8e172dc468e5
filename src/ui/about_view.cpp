// #/about: version, what Faultline is, and the licence notices of the bundled fonts and
// libraries (their texts ship in the bundle's licenses/ folder).
#include <imgui_internal.h>

#include <cstdio>

#include "base/version.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_about_view(const ViewContext& ctx) {
  const AppState& s = ctx.state;
  const Palette& p = ctx.palette;
  kicker(ctx, "ABOUT", p.accent);
  heading(ctx, "Faultline");
  char version[128];
  std::snprintf(version, sizeof version, "Faultline %s (%s)", fl::version(), s.platform.c_str());
  wrapped(ctx.fonts.bold, p.text, version);
  wrapped(ctx.fonts.body, p.text_dim,
          "A course platform that runs in your browser. Lessons, quizzes and labs in which your own code "
          "runs against a mock API that fails on purpose (429s, expired tokens, outages) in simulated "
          "time, with a grader that explains every check.");
  ImGui::Dummy(ImVec2(0, 2));
  if (pill(ctx, "Copy version", "about:copy-version", Mark::none, false)) ImGui::SetClipboardText(version);

  subheading(ctx, "Licences");
  wrapped(ctx.fonts.body, p.text_dim,
          "Faultline is built with these fonts and libraries. Their notices follow, as shipped in the "
          "licenses/ folder of this site.");
  if (!s.licence_error.empty()) wrapped(ctx.fonts.body, p.danger, s.licence_error);
  ImGui::Dummy(ImVec2(0, 4));
  // A one-column table keeps the headers inside the text column (they span their container).
  const float width = ImGui::GetCurrentWindow()->DC.TextWrapPos - ImGui::GetCursorPosX();
  if (!ImGui::BeginTable("##licences", 1, ImGuiTableFlags_None, ImVec2(width, 0))) return;
  for (const Licence& l : s.licences) {
    ImGui::TableNextColumn();
    const std::string label = l.name + " " + l.version + " \u2014 " + l.licence + "##licence:" + l.id;
    if (ImGui::CollapsingHeader(label.c_str())) {
      ImGui::Indent(12);
      wrapped(ctx.fonts.small, p.text_dim, l.used_for);
      ImGui::Dummy(ImVec2(0, 2));
      wrapped(ctx.fonts.mono, p.text, l.text);
      ImGui::Unindent(12);
      ImGui::Dummy(ImVec2(0, 6));
    }
  }
  ImGui::EndTable();
}

}  // namespace fl::ui
