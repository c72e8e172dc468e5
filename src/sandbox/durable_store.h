#pragma once
// sandbox::DurableStore: the agents' key-value store that outlives a crash. It belongs to the
// run (the sandbox), not to a Lua state: every agent of the run sees the same keys, and an
// agent restarted after a crash finds what it wrote before (docs/learner-api.md, "store").
// Values are canonical JSON text (json.encode's output); keys are ordered, so listing them
// is deterministic. C++ zone: every member is noexcept and reports failure as a status.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace fl::sandbox {

struct StoreLimits {
  std::size_t key_bytes = 200;            // a key: 1 to 200 bytes
  std::size_t value_bytes = 64 * 1024;    // one value, as JSON text
  std::size_t keys = 10'000;              // keys held at once
  std::size_t total_bytes = 4 << 20;      // keys plus values held at once
};

class DurableStore {
 public:
  enum class Status { ok, conflict, absent, too_many_keys, too_many_bytes, out_of_memory };

  explicit DurableStore(StoreLimits limits = {}) : limits_(limits) {}
  const StoreLimits& limits() const { return limits_; }

  // The stored JSON text of `key`, or null.
  const std::string* get(std::string_view key) const noexcept;
  // Stores `json` under `key` (replacing any value): ok, or a limit's status.
  Status put(std::string_view key, std::string_view json) noexcept;
  // Removes `key`: ok, or absent when it held nothing.
  Status remove(std::string_view key) noexcept;
  // Compare-and-set: when the key's current JSON equals `expected` (nullptr: the key must be
  // absent), stores `json` (nullptr: removes the key) and returns ok; otherwise conflict.
  Status compare_and_set(std::string_view key, const std::string_view* expected, const std::string_view* json) noexcept;
  // Walking the keys in byte order: the first key >= `from`, the first key > `after` (null: none).
  const std::string* key_at_or_after(std::string_view from) const noexcept;
  const std::string* key_after(std::string_view after) const noexcept;

  std::size_t size() const { return values_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::size_t bytes_ = 0;
  StoreLimits limits_;
};

}  // namespace fl::sandbox
