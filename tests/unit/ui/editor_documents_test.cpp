#include <catch2/catch.hpp>

#include "ui/app.h"

using namespace fl;

TEST_CASE("an editor document shows its draft, else its starter code") {
  ui::AppState state;
  state.labs["lab2-rate-limits"].starter = "function main(ctx) end\n";
  state.playground_starter = "print('play')\n";
  CHECK(ui::draft_or_starter(state, "lab:lab2-rate-limits") == "function main(ctx) end\n");
  CHECK(ui::draft_or_starter(state, "playground") == "print('play')\n");
  CHECK(ui::draft_or_starter(state, "lab:no-such-lab").empty());
  CHECK(ui::draft_or_starter(state, "lab2-rate-limits").empty());  // not a document id
  state.editor.drafts["lab:lab2-rate-limits"] = "-- mine\n";
  CHECK(ui::draft_or_starter(state, "lab:lab2-rate-limits") == "-- mine\n");
  CHECK(ui::starter_code(state, "lab:lab2-rate-limits") == "function main(ctx) end\n");
  state.editor.drafts["lab:lab2-rate-limits"] = "";  // an emptied editor is a draft too
  CHECK(ui::draft_or_starter(state, "lab:lab2-rate-limits").empty());
}
