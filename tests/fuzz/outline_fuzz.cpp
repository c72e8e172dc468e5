// Any bytes as content/course.json: diagnostics, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "course/outline.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fl::Diagnostics diags;
  auto outline = fl::course::parse_outline(std::string(reinterpret_cast<const char*>(data), size), "course.json", diags);
  if (!outline && !diags.has_errors()) __builtin_trap();  // a rejection must say why
  return 0;
}
