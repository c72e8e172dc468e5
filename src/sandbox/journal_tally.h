#pragma once
// What learner code put into the journal, by kind and learner line, so that a run stopped by
// the journal limit can say what filled it ("198,889 of 200,003 events were sleeps of 0 s at
// line 12") and which line is most responsible. Counting is a map update per recorded call;
// nothing here reaches the journal, so it cannot change a trace digest.
#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace fl::sandbox {

enum class JournalKind : std::uint8_t { zero_sleep, sleep, request, log, metric, state, store };

class JournalTally {
 public:
  // C++ zone, noexcept: a failed allocation only loses a count.
  void add(JournalKind kind, int line) noexcept;
  // The kind and line that recorded the most events: their count, or 0 when nothing was counted.
  std::int64_t top(JournalKind* kind, int* line) const;
  // "; 198,889 of 200,003 events were sleeps of 0 s at line 12 (time.sleep(0) lets other tasks
  // run but lets no time pass)", or "" when nothing was counted. `total` is the journal's size.
  std::string explain(std::int64_t total, const std::string& chunkname) const;

 private:
  std::map<std::pair<JournalKind, int>, std::int64_t> counts_;
};

}  // namespace fl::sandbox
