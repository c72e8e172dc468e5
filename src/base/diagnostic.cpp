#include "base/diagnostic.h"

namespace fl {

std::string Diagnostic::to_string() const {
  std::string out = file;
  if (!location.empty()) out += ": " + location;
  out += severity == Severity::error ? ": error: " : ": warning: ";
  out += message;
  return out;
}

void Diagnostics::error(std::string file, std::string location, std::string message) {
  items_.push_back({Severity::error, std::move(file), std::move(location), std::move(message)});
}

void Diagnostics::warning(std::string file, std::string location, std::string message) {
  items_.push_back({Severity::warning, std::move(file), std::move(location), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  std::size_t n = 0;
  for (const auto& d : items_) n += d.severity == Severity::error;
  return n;
}

std::size_t Diagnostics::warning_count() const { return items_.size() - error_count(); }

std::string Diagnostics::to_string() const {
  std::string out;
  for (const auto& d : items_) out += d.to_string() + "\n";
  return out;
}

}  // namespace fl
