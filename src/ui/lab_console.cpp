#include "ui/lab_console.h"

namespace fl::ui {

LogLevel log_level_from(std::string_view name) {
  for (LogLevel level : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error})
    if (name == sandbox::to_string(level)) return level;
  return LogLevel::info;
}

void ConsoleModel::update(const sim::Journal* journal) {
  if (journal != source_) {
    source_ = journal;
    scanned_ = 0;
    lines_.clear();
  }
  if (!journal) return;
  for (sim::EventId id = scanned_ + 1; id <= journal->size(); ++id) {
    const sim::Event& e = journal->at(id);
    if (e.kind != sim::EventKind::log || !sim::LogEvent::is(*journal, e)) continue;
    const sim::LogEvent log = sim::LogEvent::decode(*journal, e);
    ConsoleLine line;
    line.id = log.id;
    line.time = log.time;
    line.level = log_level_from(log.level.text);
    line.agent = std::string(log.agent.text);
    line.task = std::string(log.task.text);
    line.message = std::string(log.message);
    line.fields = std::string(log.fields);
    line.line = log.line;
    lines_.push_back(std::move(line));
  }
  scanned_ = static_cast<sim::EventId>(journal->size());
}

std::size_t ConsoleModel::count_at_least(LogLevel level) const {
  std::size_t n = 0;
  for (const ConsoleLine& l : lines_)
    if (l.level >= level) ++n;
  return n;
}

}  // namespace fl::ui
