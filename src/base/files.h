#pragma once
// Whole-file reads with an error message naming the file; the core's only file access.
#include <optional>
#include <string>

namespace fl {

// Returns the file's bytes, or nullopt with *error set ("cannot read PATH: reason").
std::optional<std::string> read_file(const std::string& path, std::string* error);

}  // namespace fl
