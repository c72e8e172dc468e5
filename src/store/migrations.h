#pragma once
// Forward-only schema migrations. Migration i (1-based) takes PRAGMA user_version from i-1 to
// i. Never edit a shipped migration: add a new one, so older databases keep upgrading.
#include <span>
#include <string_view>

namespace fl::store {

std::span<const std::string_view> migrations();

}  // namespace fl::store
