#pragma once
// Parsing JSON input files with errors an author can act on: a syntax error names the line and
// column, a schema error names the JSON pointer of the offending value.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/diagnostic.h"

namespace fl {

using Json = nlohmann::json;

// Deepest nesting of arrays and objects accepted anywhere: nlohmann's dump and copy recurse, so
// a deeper document (request bytes from learner code, a hostile file) could overflow the stack.
inline constexpr int kMaxJsonDepth = 256;

// Deepest nesting of arrays and objects in `text` (strings skipped; the text is not validated).
int json_nesting_depth(std::string_view text);

// Parses `text` (the contents of `file`); on a syntax error adds "line L, column C" to diags.
// Documents nested deeper than kMaxJsonDepth are errors too.
std::optional<Json> parse_json(const std::string& text, const std::string& file, Diagnostics& diags);

// Parses without exceptions or diagnostics: a discarded value when `text` is not JSON or is
// nested deeper than kMaxJsonDepth (request bodies).
Json parse_json_or_discarded(std::string_view text);

// Reads and parses a file; unreadable files and syntax errors are reported to diags.
std::optional<Json> load_json_file(const std::string& path, const std::string& display_name,
                                   Diagnostics& diags);

// Typed field access that reports "expected X" at `pointer/key` instead of throwing.
class JsonReader {
 public:
  JsonReader(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

  // Required fields: report and return nullopt when missing or of the wrong type.
  std::optional<std::string> string(const Json& obj, const std::string& pointer, const char* key);
  std::optional<double> number(const Json& obj, const std::string& pointer, const char* key);
  std::optional<bool> boolean(const Json& obj, const std::string& pointer, const char* key);
  const Json* array(const Json& obj, const std::string& pointer, const char* key);
  const Json* object(const Json& obj, const std::string& pointer, const char* key);

  // Optional fields: absent gives the fallback; present with the wrong type is an error.
  std::string string_or(const Json& obj, const std::string& pointer, const char* key, std::string fallback);
  double number_or(const Json& obj, const std::string& pointer, const char* key, double fallback);
  bool boolean_or(const Json& obj, const std::string& pointer, const char* key, bool fallback);

  // Reports keys of `obj` that are not in `known` (typos in hand-written files).
  void reject_unknown_keys(const Json& obj, const std::string& pointer, std::initializer_list<const char*> known);

  void error(const std::string& pointer, const std::string& message) { diags_.error(file_, pointer, message); }
  void warning(const std::string& pointer, const std::string& message) { diags_.warning(file_, pointer, message); }
  const std::string& file() const { return file_; }
  Diagnostics& diagnostics() { return diags_; }

 private:
  const Json* field(const Json& obj, const std::string& pointer, const char* key, bool required);

  std::string file_;
  Diagnostics& diags_;
};

// "/items/3" + "file" -> "/items/3/file" (JSON pointer escaping of ~ and /).
std::string json_pointer(const std::string& parent, const std::string& key);
std::string json_pointer(const std::string& parent, std::size_t index);

// Human name of a JSON value's type, for messages ("a string", "an array").
std::string json_type_name(const Json& value);

}  // namespace fl
