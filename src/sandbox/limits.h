#pragma once
// Hard limits on learner code. Each one holds for a whole class of attack, not one script:
// every VM instruction and every piece of work done in C on the learner's behalf (long
// strings, table loops, pattern matching, garbage collection) is charged to one instruction
// budget; every byte Lua allocates is counted against one memory cap; and so on. A lab may
// change them in its `limits` object (see docs/learner-api.md, "Limits"); these are the
// defaults. Hitting a limit ends the run with status `limit`, the limit's name and a message.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fl::sandbox {

struct Limits {
  // Lua VM instructions, plus C work converted to instructions, for the whole run.
  std::int64_t instructions = 50'000'000;
  // Bytes allocated by Lua, all agents together (32-bit and 64-bit builds differ in object
  // sizes: a script that hits this limit hits it in both, at slightly different moments).
  std::int64_t memory_bytes = 32ll << 20;
  // Longest string that string.rep, table.concat and string.format may produce.
  std::int64_t string_bytes = 8ll << 20;
  // Pattern-matching steps per call of string.find/match/gmatch/gsub (an error beyond).
  std::int64_t pattern_steps = 2'000'000;
  // Nesting depth of json.encode/json.decode (and of res.json).
  int json_depth = 128;
  // Tasks alive at once (agents' main tasks and task.spawn), all agents together.
  std::int64_t tasks = 2'000;
  // Host operations waiting at once (requests in flight and timers), all agents together.
  std::int64_t pending_events = 20'000;
  // How long the run may last in virtual time.
  std::int64_t virtual_us = 6ll * 3600 * 1'000'000;
  // Journal events for the whole run: checked after each learner call that records one
  // (log, metrics, trace) and by the lab runner between slices (requests, timers).
  std::int64_t journal_events = 200'000;
  // ... and its bytes: bodies, header values, log text, interned names (host memory that
  // Lua's memory cap does not see: 8 MB request bodies sent in a loop, for one).
  std::int64_t journal_bytes = 64ll << 20;
  // Log output: lines and bytes (message + fields) for the whole run.
  std::int64_t log_lines = 20'000;
  std::int64_t log_bytes = 2ll << 20;
};

// Names used in results, messages and hostile-script expectations.
namespace limit_names {
inline constexpr std::string_view instructions = "instructions";
inline constexpr std::string_view memory = "memory";
inline constexpr std::string_view string_size = "string_size";
inline constexpr std::string_view tasks = "tasks";
inline constexpr std::string_view pending_events = "pending_events";
inline constexpr std::string_view virtual_time = "virtual_time";
inline constexpr std::string_view journal = "journal";
inline constexpr std::string_view log_output = "log_output";
}  // namespace limit_names

// True when a journal of `events` events and `bytes` bytes is over the limits; writes the
// message into `message` (the sandbox and the lab runner both enforce the journal limit).
bool journal_over_limit(const Limits& limits, std::int64_t events, std::int64_t bytes, char* message,
                        std::size_t size);

}  // namespace fl::sandbox
