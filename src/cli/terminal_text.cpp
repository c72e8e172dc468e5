#include "cli/terminal_text.h"

#include <cstdio>

#include "base/utf8.h"

namespace fl::cli {

std::string terminal_text(std::string_view s, Newlines newlines) {
  std::string out;
  out.reserve(s.size());
  auto hex = [&](const char* fmt, unsigned value) {
    char buf[8];
    std::snprintf(buf, sizeof buf, fmt, value);
    out += buf;
  };
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      hex("\\x%02x", c);
      ++i;
    } else if (len == 2 && c == 0xc2 && static_cast<unsigned char>(s[i + 1]) < 0xa0) {
      hex("\\u%04x", static_cast<unsigned char>(s[i + 1]));  // U+0080..U+009F: C1 controls (CSI...)
      i += 2;
    } else if (len > 1 || (c >= 0x20 && c != 0x7f) || c == '\t' || (c == '\n' && newlines == Newlines::keep)) {
      out.append(s, i, len);
      i += len;
    } else {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case 0x1b: out += "\\e"; break;
        default: hex("\\x%02x", c);
      }
      ++i;
    }
  }
  return out;
}

}  // namespace fl::cli
