#include "base/files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace fl {

namespace {

std::optional<std::string> real_path(const std::string& path) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (!resolved) return std::nullopt;
  std::string out = resolved;
  std::free(resolved);
  return out;
}

std::string size_text(std::size_t bytes) {
  if (bytes % (std::size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

std::optional<std::string> read_file(const std::string& path, std::string* error, std::size_t max_bytes) {
  auto fail = [&](const std::string& why) -> std::optional<std::string> {
    if (error) *error = "cannot read " + path + ": " + why;
    return std::nullopt;
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return fail(std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return fail("is a directory");
  if (!S_ISREG(st.st_mode)) return fail("not a regular file (a device, pipe or socket)");
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes)
    return fail("larger than " + size_text(max_bytes) + " (" + std::to_string(st.st_size) + " bytes)");
  // O_NONBLOCK: should the file be swapped for a FIFO after stat, open must not wait for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return fail(std::strerror(errno));
  struct stat opened {};
  if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
    ::close(fd);
    return fail("not a regular file (a device, pipe or socket)");
  }
  std::string out;
  out.reserve(static_cast<std::size_t>(opened.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return fail(std::strerror(e));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) {  // grew while being read
      ::close(fd);
      return fail("larger than " + size_text(max_bytes));
    }
  }
  ::close(fd);
  return out;
}

bool is_safe_relative_path(std::string_view rel) {
  if (rel.empty() || rel.front() == '/') return false;
  std::size_t start = 0;
  while (start <= rel.size()) {
    std::size_t slash = rel.find('/', start);
    std::string_view part = rel.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  for (char c : rel)
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return true;
}

bool resolves_inside(const std::string& root, const std::string& path) {
  auto r = real_path(root), p = real_path(path);
  if (!r || !p) return false;
  if (*r == "/") return true;
  return *p == *r || (p->size() > r->size() && p->compare(0, r->size(), *r) == 0 && (*p)[r->size()] == '/');
}

std::optional<std::string> read_file_in_root(const std::string& root, const std::string& rel, std::size_t max_bytes,
                                             std::string* error) {
  const std::string path = root + "/" + rel;
  if (!is_safe_relative_path(rel)) {
    if (error) *error = "cannot read " + path + ": not a plain relative path inside " + root;
    return std::nullopt;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !resolves_inside(root, path)) {
    if (error) *error = "cannot read " + path + ": it resolves (through a symlink) outside " + root;
    return std::nullopt;
  }
  return read_file(path, error, max_bytes);
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<DirEntry> list_directory(const std::string& dir, std::size_t max_entries) {
  std::vector<DirEntry> out;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    if (out.size() >= max_entries) break;
    std::string name = e->d_name;
    if (name.empty() || name[0] == '.') continue;
    DirEntry entry;
    entry.name = std::move(name);
    struct stat st {};
    if (::stat((dir + "/" + entry.name).c_str(), &st) == 0)
      entry.kind = S_ISDIR(st.st_mode) ? DirEntry::Kind::directory
                   : S_ISREG(st.st_mode) ? DirEntry::Kind::file
                                         : DirEntry::Kind::other;
    out.push_back(std::move(entry));
  }
  ::closedir(d);
  std::sort(out.begin(), out.end(), [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

}  // namespace fl
