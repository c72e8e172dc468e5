#pragma once
// The core's only file access: whole-file reads with an error message naming the file, folder
// listings, and the rules every loader shares for files written by authors it does not trust
// (regular files only, inside the course or lab root after resolving symlinks, capped in size).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fl {

// Size caps per kind of input file (documented in docs/lab-format.md, "Files"). A file larger
// than its cap is an error, never a partial read.
inline constexpr std::size_t kMaxJsonFileBytes = std::size_t{4} << 20;      // lab.json, course.json, quizzes
inline constexpr std::size_t kMaxMarkdownFileBytes = std::size_t{1} << 20;  // lessons, briefs
inline constexpr std::size_t kMaxLuaFileBytes = std::size_t{1} << 20;       // starter, reference, naive, solutions
inline constexpr std::size_t kMaxAnyFileBytes = std::size_t{64} << 20;      // anything else (fonts, licences)

// Returns the bytes of `path` when it is a regular file (symlinks followed) of at most
// `max_bytes`, or nullopt with *error set ("cannot read PATH: reason"). Never opens a FIFO or a
// device, so a named pipe or /dev/zero cannot block or exhaust the reader.
std::optional<std::string> read_file(const std::string& path, std::string* error,
                                     std::size_t max_bytes = kMaxAnyFileBytes);

// read_file(root + "/" + rel) that also refuses a file whose real path (every symlink resolved)
// is outside the real path of `root`, and a `rel` that is not a safe relative path.
std::optional<std::string> read_file_in_root(const std::string& root, const std::string& rel, std::size_t max_bytes,
                                             std::string* error);

// Whether `rel` names something below a root without leaving it: non-empty, not absolute, no
// "." / ".." / empty components, no backslash or control characters.
bool is_safe_relative_path(std::string_view rel);

// Whether `path` resolves (symlinks followed) inside `root`; both must exist.
bool resolves_inside(const std::string& root, const std::string& path);

bool is_directory(const std::string& path);

struct DirEntry {
  enum class Kind { file, directory, other } kind = Kind::other;  // after following symlinks
  std::string name;
};

// The entries of `dir`, sorted by name (byte order), without names starting with '.'; empty when
// `dir` cannot be listed. Listing is capped at `max_entries` (the rest are ignored).
std::vector<DirEntry> list_directory(const std::string& dir, std::size_t max_entries = 10000);

}  // namespace fl
