#pragma once
// The console of the lab workspace as data: the learner's log and print lines of one run
// (the journal's log events), read incrementally so a running journal costs only its new
// events each frame. No ImGui: lab_console_view.cpp draws it.
#include <cstdint>
#include <string>
#include <vector>

#include "sandbox/host.h"
#include "sim/journal.h"

namespace fl::ui {

// The sandbox's levels, in increasing severity: the filter shows a level and those above it.
using LogLevel = sandbox::LogLevel;
LogLevel log_level_from(std::string_view name);  // the journal's name; unknown ones count as info

struct ConsoleLine {
  sim::EventId id = 0;
  sim::Micros time = 0;
  LogLevel level = LogLevel::info;
  std::string agent, task, message, fields;  // fields: a JSON object, "" for none
  int line = 0;                              // the learner's line that logged it
};

class ConsoleModel {
 public:
  // Reads the events `journal` gained since the last call; another journal starts afresh.
  void update(const sim::Journal* journal);
  const std::vector<ConsoleLine>& lines() const { return lines_; }
  std::size_t count_at_least(LogLevel level) const;

 private:
  const sim::Journal* source_ = nullptr;
  sim::EventId scanned_ = 0;
  std::vector<ConsoleLine> lines_;
};

}  // namespace fl::ui
