// "Grade on your own machine", at the end of the workspace's brief: the two faultline
// commands, the lab's learner files to download, and on the web the command line for Node
// (dist/faultline.js + faultline.wasm, the same grader compiled to WebAssembly), so a learner
// without a C++ toolchain grades locally exactly as the browser does.
#include "ui/code_block.h"
#include "ui/lab_workspace.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_local_grading(const ViewContext& ctx, const Workspace& ws, const LabFiles* files) {
  const Palette& p = ctx.palette;
  const bool playground = ws.session && ws.session->lab().playground();
  subheading(ctx, playground ? "Run it on your own machine" : "Grade on your own machine");
  ImGui::Dummy(ImVec2(0, 4));
  wrapped(ctx.fonts.body, p.text,
          playground ? "The faultline command line runs the same world with the same results. Save your code "
                       "(Download \u203a Your code) next to the lab's files and run:"
                     : "The faultline command line grades exactly as this page does: the same checks, seeds and "
                       "results JSON, byte for byte. Save your code (Download \u203a Your code) next to the lab's "
                       "files and run:");
  ImGui::Dummy(ImVec2(0, 6));
  const std::string dir = ws.dir;
  std::string commands = "faultline run " + dir + " solution.lua\n";
  if (!playground) commands += "faultline grade " + dir + " solution.lua\n";
  code_block(ctx, commands, "sh", ws.doc_id + ":commands");

  if (files && !files->files.empty()) {
    ImGui::Dummy(ImVec2(0, 6));
    wrapped(ctx.fonts.body, p.text, "The lab's files (put them in a folder named " + dir + "):");
    for (const auto& [name, text] : files->files) {
      ImGui::Bullet();
      const std::string label = "Download " + name;
      if (link(ctx, label, "ws-file-" + name)) {
        WorkspaceRequest r;
        r.op = WorkspaceRequest::Op::download_lab_file;
        r.doc_id = ws.doc_id;
        r.file = name;
        ctx.actions.workspace = r;
      }
    }
  }

  if (ctx.state.platform == "web") {
    ImGui::Dummy(ImVec2(0, 8));
    wrapped(ctx.fonts.body, p.text,
            "No faultline on your machine? The command line also runs under Node.js 18 or later: download "
            "both files into one folder and use node in place of faultline.");
    for (const char* name : {"faultline.js", "faultline.wasm"}) {
      ImGui::Bullet();
      const std::string label = std::string("Download ") + name;
      if (link(ctx, label, std::string("ws-cli-") + name)) ctx.actions.open_download = std::string(name);
    }
    ImGui::Dummy(ImVec2(0, 4));
    std::string node = "node faultline.js run " + dir + " solution.lua\n";
    if (!playground) node += "node faultline.js grade " + dir + " solution.lua\n";
    code_block(ctx, node, "sh", ws.doc_id + ":node-commands");
  }
}

}  // namespace fl::ui
