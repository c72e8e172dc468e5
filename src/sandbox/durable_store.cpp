#include "sandbox/durable_store.h"

namespace fl::sandbox {

const std::string* DurableStore::get(std::string_view key) const noexcept {
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

DurableStore::Status DurableStore::put(std::string_view key, std::string_view json) noexcept {
  auto it = values_.find(key);
  const std::size_t old = it == values_.end() ? 0 : key.size() + it->second.size();
  if (it == values_.end() && values_.size() >= limits_.keys) return Status::too_many_keys;
  if (bytes_ - old + key.size() + json.size() > limits_.total_bytes) return Status::too_many_bytes;
  try {
    if (it == values_.end())
      values_.emplace(std::string(key), std::string(json));
    else
      it->second.assign(json.data(), json.size());
  } catch (...) {
    return Status::out_of_memory;
  }
  bytes_ = bytes_ - old + key.size() + json.size();
  return Status::ok;
}

DurableStore::Status DurableStore::remove(std::string_view key) noexcept {
  auto it = values_.find(key);
  if (it == values_.end()) return Status::absent;
  bytes_ -= it->first.size() + it->second.size();
  values_.erase(it);
  return Status::ok;
}

DurableStore::Status DurableStore::compare_and_set(std::string_view key, const std::string_view* expected,
                                                   const std::string_view* json) noexcept {
  const std::string* current = get(key);
  const bool matches = expected ? (current && *current == *expected) : current == nullptr;
  if (!matches) return Status::conflict;
  if (!json) return current ? remove(key) : Status::ok;
  return put(key, *json);
}

const std::string* DurableStore::key_at_or_after(std::string_view from) const noexcept {
  auto it = values_.lower_bound(from);
  return it == values_.end() ? nullptr : &it->first;
}

const std::string* DurableStore::key_after(std::string_view after) const noexcept {
  auto it = values_.upper_bound(after);
  return it == values_.end() ? nullptr : &it->first;
}

}  // namespace fl::sandbox
