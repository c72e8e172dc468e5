#include "base/json_file.h"

#include <algorithm>

#include "base/files.h"

namespace fl {

namespace {

// nlohmann reports a byte offset; authors need a line and column.
std::string line_and_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

int json_nesting_depth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // skips the escaped character
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

Json parse_json_or_discarded(std::string_view text) {
  if (json_nesting_depth(text) > kMaxJsonDepth) return Json(Json::value_t::discarded);
  return Json::parse(text, nullptr, false);
}

std::optional<Json> parse_json(const std::string& text, const std::string& file, Diagnostics& diags) {
  if (json_nesting_depth(text) > kMaxJsonDepth) {
    diags.error(file, "", "invalid JSON: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    return std::nullopt;
  }
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..." -> tail
    auto colon = what.find(": ");
    std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    diags.error(file, e.byte > 0 ? line_and_column(text, e.byte - 1) : "", "invalid JSON: " + detail);
    return std::nullopt;
  } catch (const Json::exception& e) {
    // A number too large for a double (406) is out_of_range, not parse_error, and has no offset.
    std::string what = e.what();
    auto bracket = what.find("] ");
    std::string detail = bracket == std::string::npos ? what : what.substr(bracket + 2);
    // "number overflow parsing '1e400'": locate the literal so the author can find it.
    std::string location;
    auto open = detail.find('\''), close = detail.rfind('\'');
    if (open != std::string::npos && close > open + 1) {
      auto at = text.find(detail.substr(open + 1, close - open - 1));
      if (at != std::string::npos) location = line_and_column(text, at);
    }
    diags.error(file, location, "invalid JSON: " + detail);
    return std::nullopt;
  }
}

std::optional<Json> load_json_file(const std::string& path, const std::string& display_name, Diagnostics& diags) {
  std::string error;
  auto text = read_file(path, &error);
  if (!text) {
    diags.error(display_name, "", error);
    return std::nullopt;
  }
  return parse_json(*text, display_name, diags);
}

std::string json_pointer(const std::string& parent, const std::string& key) {
  std::string escaped;
  for (char c : key) {
    if (c == '~') escaped += "~0";
    else if (c == '/') escaped += "~1";
    else escaped += c;
  }
  return parent + "/" + escaped;
}

std::string json_pointer(const std::string& parent, std::size_t index) {
  return parent + "/" + std::to_string(index);
}

std::string json_type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

const Json* JsonReader::field(const Json& obj, const std::string& pointer, const char* key, bool required) {
  if (!obj.is_object()) {
    error(pointer, "expected an object, found " + json_type_name(obj));
    return nullptr;
  }
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) error(pointer, std::string("missing required field \"") + key + "\"");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonReader::string(const Json& obj, const std::string& pointer, const char* key) {
  const Json* v = field(obj, pointer, key, true);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    error(json_pointer(pointer, key), "expected a string, found " + json_type_name(*v));
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<double> JsonReader::number(const Json& obj, const std::string& pointer, const char* key) {
  const Json* v = field(obj, pointer, key, true);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    error(json_pointer(pointer, key), "expected a number, found " + json_type_name(*v));
    return std::nullopt;
  }
  return v->get<double>();
}

std::optional<bool> JsonReader::boolean(const Json& obj, const std::string& pointer, const char* key) {
  const Json* v = field(obj, pointer, key, true);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    error(json_pointer(pointer, key), "expected true or false, found " + json_type_name(*v));
    return std::nullopt;
  }
  return v->get<bool>();
}

const Json* JsonReader::array(const Json& obj, const std::string& pointer, const char* key) {
  const Json* v = field(obj, pointer, key, true);
  if (v && !v->is_array()) {
    error(json_pointer(pointer, key), "expected an array, found " + json_type_name(*v));
    return nullptr;
  }
  return v;
}

const Json* JsonReader::object(const Json& obj, const std::string& pointer, const char* key) {
  const Json* v = field(obj, pointer, key, true);
  if (v && !v->is_object()) {
    error(json_pointer(pointer, key), "expected an object, found " + json_type_name(*v));
    return nullptr;
  }
  return v;
}

std::string JsonReader::string_or(const Json& obj, const std::string& pointer, const char* key, std::string fallback) {
  const Json* v = field(obj, pointer, key, false);
  if (!v) return fallback;
  if (!v->is_string()) {
    error(json_pointer(pointer, key), "expected a string, found " + json_type_name(*v));
    return fallback;
  }
  return v->get<std::string>();
}

double JsonReader::number_or(const Json& obj, const std::string& pointer, const char* key, double fallback) {
  const Json* v = field(obj, pointer, key, false);
  if (!v) return fallback;
  if (!v->is_number()) {
    error(json_pointer(pointer, key), "expected a number, found " + json_type_name(*v));
    return fallback;
  }
  return v->get<double>();
}

bool JsonReader::boolean_or(const Json& obj, const std::string& pointer, const char* key, bool fallback) {
  const Json* v = field(obj, pointer, key, false);
  if (!v) return fallback;
  if (!v->is_boolean()) {
    error(json_pointer(pointer, key), "expected true or false, found " + json_type_name(*v));
    return fallback;
  }
  return v->get<bool>();
}

void JsonReader::reject_unknown_keys(const Json& obj, const std::string& pointer,
                                     std::initializer_list<const char*> known) {
  if (!obj.is_object()) return;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* k : known) ok = ok || it.key() == k;
    if (!ok) error(json_pointer(pointer, it.key()), "unknown field \"" + it.key() + "\"");
  }
}

}  // namespace fl
