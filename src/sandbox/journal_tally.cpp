#include "sandbox/journal_tally.h"

namespace fl::sandbox {

namespace {

std::string with_commas(std::int64_t n) {
  std::string s = std::to_string(n), out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0 && s[i - 1] != '-') out += ',';
    out += s[i];
  }
  return out;
}

const char* what_kind(JournalKind k) {
  switch (k) {
    case JournalKind::zero_sleep: return "sleeps of 0 s";
    case JournalKind::sleep: return "sleeps";
    case JournalKind::request: return "requests (each also records its answer)";
    case JournalKind::log: return "log lines";
    case JournalKind::metric: return "metrics";
    case JournalKind::state: return "trace.state calls";
    case JournalKind::store: return "store writes";
  }
  return "events";
}

const char* advice_for(JournalKind k) {
  switch (k) {
    case JournalKind::zero_sleep:
      return "time.sleep(0) lets other tasks run but lets no time pass: a loop that waits for time to pass must "
             "sleep for a positive duration";
    case JournalKind::sleep: return "a loop polls with short sleeps: sleep until the moment you need, or longer";
    case JournalKind::request: return "a loop sends requests without end";
    case JournalKind::log: return "log less often, for example once per item rather than once per loop";
    case JournalKind::metric: return "record metrics less often";
    case JournalKind::state: return "call trace.state only when the state changes";
    case JournalKind::store: return "write a checkpoint once per step, not in a loop";
  }
  return "";
}

}  // namespace

void JournalTally::add(JournalKind kind, int line) noexcept {
  try {
    ++counts_[{kind, line}];
  } catch (...) {
  }
}

std::int64_t JournalTally::top(JournalKind* kind, int* line) const {
  std::int64_t best = 0;
  for (const auto& [key, n] : counts_) {  // ordered map: ties go to the first kind and line
    if (n > best) {
      best = n;
      *kind = key.first;
      *line = key.second;
    }
  }
  return best;
}

std::string JournalTally::explain(std::int64_t total, const std::string& chunkname) const {
  JournalKind kind = JournalKind::sleep;
  int line = 0;
  std::int64_t n = top(&kind, &line);
  if (n == 0) return "";
  std::string out = "; " + with_commas(n) + " of " + with_commas(total) + " events were " + what_kind(kind);
  if (line > 0) out += " at line " + std::to_string(line) + " of " + chunkname;
  out += " (";
  out += advice_for(kind);
  out += ")";
  return out;
}

}  // namespace fl::sandbox
