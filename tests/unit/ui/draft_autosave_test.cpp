#include "ui/draft_autosave.h"

#include <catch2/catch.hpp>

using namespace fl;

using Docs = std::vector<std::string>;

TEST_CASE("a draft is due a second after its last edit, not after each keystroke") {
  ui::DraftAutosave autosave;
  CHECK_FALSE(autosave.pending());
  autosave.edited("playground", 10.0);
  autosave.edited("playground", 10.6);  // typing on: the delay restarts
  CHECK(autosave.pending());
  CHECK(autosave.take_due(11.5, false).empty());
  CHECK(autosave.take_due(11.6, false) == Docs{"playground"});
  CHECK_FALSE(autosave.pending());
  CHECK(autosave.take_due(20.0, false).empty());  // stored once
}

TEST_CASE("leaving the page stores every pending draft at once") {
  ui::DraftAutosave autosave;
  autosave.edited("lab:a", 5.0);
  autosave.edited("lab:b", 5.9);
  CHECK(autosave.take_due(6.0, false) == Docs{"lab:a"});
  autosave.edited("lab:a", 6.1);
  CHECK(autosave.take_due(6.2, true) == Docs{"lab:a", "lab:b"});
  CHECK_FALSE(autosave.pending());
}

TEST_CASE("a reset forgets the pending edit of its document only") {
  ui::DraftAutosave autosave;
  autosave.edited("lab:a", 1.0);
  autosave.edited("lab:b", 1.0);
  autosave.forget("lab:a");
  CHECK(autosave.take_due(3.0, false) == Docs{"lab:b"});
}
