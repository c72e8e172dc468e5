#include "base/diagnostic.h"

#include <cstdio>
#include <map>

#include "base/utf8.h"

namespace fl {

namespace {

constexpr std::size_t kMaxEcho = 80;      // bytes of echoed input (a key, a value) in one message
constexpr std::size_t kMaxMessage = 600;  // bytes of one message as printed

// Control characters and invalid UTF-8 as escapes: input echoed in a message can neither clear
// a terminal nor forge a diagnostic line.
void append_escaped(std::string& out, std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_sequence_length(s, i);
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (n == 0 || c < 0x20 || c == 0x7f) {
      char buf[8];
      if (c == '\n') out += "\\n";
      else if (c == '\t') out += "\\t";
      else if (c == '\r') out += "\\r";
      else {
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        out += buf;
      }
      ++i;
      continue;
    }
    out.append(s, i, n);
    i += n;
  }
}

// Escapes `s` and cuts every quoted run ("...") and every JSON-pointer segment longer than
// kMaxEcho bytes, marking the cut with "...".
std::string safe_text(std::string_view s, char separator) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t end = s.find(separator, i + 1);
    if (separator == '"') {  // quoted runs: from a quote to the next one
      std::size_t open = s.find('"', i);
      if (open == std::string_view::npos) {
        append_escaped(out, s.substr(i));
        break;
      }
      append_escaped(out, s.substr(i, open + 1 - i));
      std::size_t close = s.find('"', open + 1);
      std::string_view inner = s.substr(open + 1, close == std::string_view::npos ? std::string_view::npos : close - open - 1);
      std::string clipped = utf8_clip(std::string(inner), kMaxEcho);
      append_escaped(out, clipped);
      if (close == std::string_view::npos) break;
      out += '"';
      i = close + 1;
      continue;
    }
    std::string_view part = s.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    append_escaped(out, utf8_clip(std::string(part), kMaxEcho + 1));
    if (end == std::string_view::npos) break;
    i = end;
  }
  return out;
}

// The kind of a problem: its message with quoted input and numbers left out, so that 2,000
// "unknown state \"sN\"" messages count as one kind.
std::string kind_of(const Diagnostic& d) {
  std::string k = d.file + (d.severity == Severity::error ? "|e|" : "|w|");
  bool quoted = false;
  for (char c : d.message) {
    if (c == '"') {
      quoted = !quoted;
      k += c;
    } else if (!quoted && !(c >= '0' && c <= '9')) {
      k += c;
    }
  }
  return k;
}

}  // namespace

std::string Diagnostic::to_string() const {
  std::string out = safe_text(file, '/');
  if (!location.empty()) out += ": " + safe_text(location, '/');
  out += severity == Severity::error ? ": error: " : ": warning: ";
  // Unquoted echoes (Lua's "near '<token>'") are bounded by a cap on the whole message.
  out += utf8_clip(safe_text(message, '"'), kMaxMessage);
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
  std::map<std::string, std::size_t> shown;   // kind -> messages printed
  std::map<std::string, std::size_t> hidden;  // kind -> messages left out
  std::vector<std::pair<std::string, const Diagnostic*>> first_hidden;  // in order of appearance
  std::string out;
  for (const auto& d : items_) {
    std::string kind = kind_of(d);
    if (shown[kind] < kMaxPerKind) {
      ++shown[kind];
      out += d.to_string() + "\n";
    } else if (hidden[kind]++ == 0) {
      first_hidden.emplace_back(kind, &d);
    }
  }
  for (const auto& [kind, d] : first_hidden) {
    std::size_t n = hidden[kind];
    out += safe_text(d->file, '/') + ": " + (d->severity == Severity::error ? "error" : "warning") + ": " +
           std::to_string(n) + " more like the above (" + (d->severity == Severity::error ? "errors" : "warnings") +
           " of this kind after the first " + std::to_string(kMaxPerKind) + " are counted, not shown)\n";
  }
  return out;
}

}  // namespace fl
