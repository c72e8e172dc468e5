#pragma once
// Response templates: "{{placeholder}}" in response bodies (text or JSON) and header values,
// rendered per request. Internal to src/sim (documented for authors in docs/lab-format.md).
#include <string>
#include <string_view>
#include <vector>

#include "base/json_file.h"
#include "sim/http.h"
#include "sim/time.h"

namespace fl::sim {

// What a template can see about the request being answered.
struct TemplateContext {
  const Request* request = nullptr;
  const UrlView* url = nullptr;
  const std::vector<std::pair<std::string, std::string>>* params = nullptr;  // path parameters
  std::string_view agent, task, service, route;
  Micros now = 0;
  std::int64_t epoch_seconds = 0;
  std::uint64_t seq = 0;           // 1-based count of requests the route has answered
  std::string effect_id;           // "" when the route has no effect
  std::uint64_t effect_number = 0;
  std::string effect_key;
  std::uint64_t (*random)(void*) = nullptr;  // for {{uuid}}
  void* random_state = nullptr;
  // Lazily parsed request JSON body (parsed on first use).
  mutable bool json_parsed = false;
  mutable Json json;
};

// Compact JSON text; invalid UTF-8 (from request bytes) becomes U+FFFD instead of throwing.
std::string safe_dump(const Json& j);

bool has_placeholder(std::string_view text);
// Validates every placeholder in `text`; on failure sets *error (for the author).
bool check_placeholders(std::string_view text, std::string* error);
// Renders placeholders as text (JSON values of objects/arrays are dumped compactly).
std::string render_text(std::string_view text, const TemplateContext& ctx);
// Renders a JSON template: a string that is exactly one placeholder becomes the typed value;
// other strings are rendered as text; keys are rendered as text.
Json render_json(const Json& tree, const TemplateContext& ctx);

// A JSON template serialised once around its placeholders, so that answering a request is
// text concatenation instead of building and dumping a Json tree (about 20,000 instructions
// per response). Gives exactly safe_dump(render_json(tree, ctx)). Not `ok` when a key has a
// placeholder (the rendered keys would change the order): render_json is used then.
struct CompiledJson {
  struct Hole {
    std::string expr;  // a string that is exactly one placeholder: its typed value
    std::string text;  // otherwise the whole template string, rendered as text
  };
  bool ok = false;
  std::vector<std::string> literals;  // holes.size() + 1 pieces of JSON text
  std::vector<Hole> holes;
};
CompiledJson compile_json(const Json& tree);
std::string render_compiled(const CompiledJson& t, const TemplateContext& ctx);

}  // namespace fl::sim
