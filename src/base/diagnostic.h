#pragma once
// A problem found in an input file, located precisely enough for an author to fix it:
// "content/course.json: /items/3/file: expected a string".
#include <string>
#include <vector>

namespace fl {

enum class Severity { warning, error };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;      // path as the user gave it (or relative to the checked root)
  std::string location;  // JSON pointer ("/items/3/file"), "line 12", or empty
  std::string message;

  std::string to_string() const;
};

// Collects diagnostics while a loader keeps going, so one run reports every problem.
class Diagnostics {
 public:
  void error(std::string file, std::string location, std::string message);
  void warning(std::string file, std::string location, std::string message);
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);

  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  // One per line, input echoed in them cut to 80 bytes and escaped; at most kMaxPerKind lines
  // per kind of problem (same file, same message apart from quoted input and numbers), then
  // one line counting the rest.
  std::string to_string() const;
  static constexpr std::size_t kMaxPerKind = 20;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace fl
