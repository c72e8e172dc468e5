#include "sim/template.h"

namespace fl::sim {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

const char* const kSimple[] = {"method", "path", "url", "host", "body", "json", "query", "headers", "now_s", "now_ms",
                               "now_iso", "now_http", "unix_s", "uuid", "seq", "agent", "task", "service", "route",
                               "effect.id", "effect.number", "effect.key"};
const char* const kPrefixed[] = {"json.", "query.", "header.", "param."};

bool valid_expr(std::string_view e) {
  for (const char* s : kSimple)
    if (e == s) return true;
  for (const char* p : kPrefixed)
    if (starts_with(e, p) && e.size() > std::string_view(p).size()) return true;
  return false;
}

// Calls fn(literal_text) and fn2(expr) over a template.
template <typename Lit, typename Expr>
bool scan(std::string_view t, Lit lit, Expr expr, std::string* error) {
  std::size_t pos = 0;
  while (pos < t.size()) {
    std::size_t open = t.find("{{", pos);
    if (open == std::string_view::npos) {
      lit(t.substr(pos));
      return true;
    }
    lit(t.substr(pos, open - pos));
    std::size_t close = t.find("}}", open + 2);
    if (close == std::string_view::npos) {
      if (error) *error = "unclosed placeholder \"" + std::string(t.substr(open, 30)) + "\" (write {{name}})";
      return false;
    }
    std::string_view e = trim(t.substr(open + 2, close - open - 2));
    if (!valid_expr(e)) {
      if (error)
        *error = "unknown placeholder {{" + std::string(e) +
                 "}} (see docs/lab-format.md, Templates: method, path, url, host, body, json, json.FIELD, "
                 "query.NAME, header.NAME, param.NAME, headers, now_s, now_ms, now_iso, now_http, unix_s, uuid, seq, "
                 "agent, task, service, route, effect.id, effect.number, effect.key)";
      return false;
    }
    expr(e);
    pos = close + 2;
  }
  return true;
}

const Json& request_json(const TemplateContext& c) {
  if (!c.json_parsed) {
    c.json_parsed = true;
    c.json = c.request ? parse_json_or_discarded(c.request->body) : Json();
    if (c.json.is_discarded()) c.json = Json();
  }
  return c.json;
}

Json value_of(std::string_view e, const TemplateContext& c) {
  static const char* hex = "0123456789abcdef";
  if (e == "method") return c.request ? c.request->method : "";
  if (e == "path") return c.url ? std::string(c.url->path) : "";
  if (e == "url") return c.request ? c.request->url : "";
  if (e == "host") {
    std::string h = c.url ? std::string(c.url->host) : "";
    for (char& ch : h)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
    return h;
  }
  if (e == "body") return c.request ? c.request->body : "";
  if (e == "json") return request_json(c);
  if (e == "now_s") return static_cast<double>(c.now) / 1e6;
  if (e == "now_ms") return c.now / kMicrosPerMs;
  if (e == "unix_s") return c.epoch_seconds + c.now / kMicrosPerSecond;
  if (e == "now_iso") return iso8601(c.epoch_seconds + c.now / kMicrosPerSecond);
  if (e == "now_http") return http_date(c.epoch_seconds + c.now / kMicrosPerSecond);
  if (e == "seq") return c.seq;
  if (e == "agent") return std::string(c.agent);
  if (e == "task") return std::string(c.task);
  if (e == "service") return std::string(c.service);
  if (e == "route") return std::string(c.route);
  if (e == "effect.id") return c.effect_id;
  if (e == "effect.number") return c.effect_number;
  if (e == "effect.key") return c.effect_key;
  if (e == "uuid") {
    std::uint64_t hi = c.random ? c.random(c.random_state) : 0, lo = c.random ? c.random(c.random_state) : 0;
    hi = (hi & ~0xF000ULL) | 0x4000ULL;                       // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
    std::string s;
    for (int i = 15; i >= 0; --i) s += hex[(hi >> (i * 4)) & 15];
    for (int i = 15; i >= 0; --i) s += hex[(lo >> (i * 4)) & 15];
    return s.substr(0, 8) + "-" + s.substr(8, 4) + "-" + s.substr(12, 4) + "-" + s.substr(16, 4) + "-" + s.substr(20);
  }
  if (e == "query" || starts_with(e, "query.")) {
    auto q = c.url ? parse_query(c.url->query) : std::vector<std::pair<std::string, std::string>>{};
    if (e == "query") {
      Json o = Json::object();
      for (auto& [k, v] : q)
        if (!o.contains(k)) o[k] = v;
      return o;
    }
    std::string_view name = e.substr(6);
    for (auto& [k, v] : q)
      if (k == name) return v;
    return nullptr;
  }
  if (e == "headers") {
    Json o = Json::object();
    if (c.request)
      for (std::size_t i = 0; i < c.request->headers.size(); ++i) {
        std::string k(c.request->headers.name(i));
        if (!o.contains(k)) o[k] = std::string(c.request->headers.value(i));
      }
    return o;
  }
  if (starts_with(e, "header.")) {
    if (!c.request) return nullptr;
    auto v = c.request->headers.get(e.substr(7));
    return v ? Json(std::string(*v)) : Json(nullptr);
  }
  if (starts_with(e, "param.")) {
    if (c.params)
      for (auto& [k, v] : *c.params)
        if (k == e.substr(6)) return v;
    return nullptr;
  }
  if (starts_with(e, "json.")) {
    const Json* cur = &request_json(c);
    std::string_view path = e.substr(5);
    while (cur && !path.empty()) {
      auto dot = path.find('.');
      std::string key(path.substr(0, dot));
      path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
      if (cur->is_object()) {
        auto it = cur->find(key);
        cur = it == cur->end() ? nullptr : &*it;
      } else if (cur->is_array()) {
        bool digits = !key.empty() && key.size() < 9 && key.find_first_not_of("0123456789") == std::string::npos;
        std::size_t idx = digits ? std::stoul(key) : cur->size();
        cur = idx < cur->size() ? &(*cur)[idx] : nullptr;
      } else {
        cur = nullptr;
      }
    }
    return cur ? *cur : Json(nullptr);
  }
  return nullptr;
}

void append_text(std::string& out, const Json& v) {
  if (v.is_string()) out += v.get_ref<const std::string&>();
  else if (!v.is_null()) out += safe_dump(v);
}

}  // namespace

std::string safe_dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

bool has_placeholder(std::string_view text) { return text.find("{{") != std::string_view::npos; }

bool check_placeholders(std::string_view text, std::string* error) {
  return scan(text, [](std::string_view) {}, [](std::string_view) {}, error);
}

std::string render_text(std::string_view text, const TemplateContext& ctx) {
  std::string out;
  scan(
      text, [&](std::string_view lit) { out += lit; }, [&](std::string_view e) { append_text(out, value_of(e, ctx)); },
      nullptr);
  return out;
}

namespace {

// The expression of a string that is exactly one placeholder ("{{json.id}}"), or "".
std::string_view whole_placeholder(std::string_view s) {
  std::string_view t = trim(s);
  if (t.size() >= 4 && t.substr(0, 2) == "{{" && t.substr(t.size() - 2) == "}}" &&
      t.find("{{", 2) == std::string_view::npos) {
    std::string_view e = trim(t.substr(2, t.size() - 4));
    if (valid_expr(e)) return e;
  }
  return {};
}

// Appends the serialisation of `tree` to the last literal, opening a hole per placeholder
// string. False when a key has a placeholder.
bool compile_into(const Json& tree, CompiledJson& out) {
  if (tree.is_string() && has_placeholder(tree.get_ref<const std::string&>())) {
    const std::string& s = tree.get_ref<const std::string&>();
    CompiledJson::Hole h;
    h.expr = std::string(whole_placeholder(s));
    if (h.expr.empty()) h.text = s;
    out.holes.push_back(std::move(h));
    out.literals.emplace_back();
    return true;
  }
  if (tree.is_array()) {
    out.literals.back() += '[';
    bool first = true;
    for (const auto& e : tree) {
      if (!first) out.literals.back() += ',';
      first = false;
      if (!compile_into(e, out)) return false;
    }
    out.literals.back() += ']';
    return true;
  }
  if (tree.is_object()) {
    out.literals.back() += '{';
    bool first = true;
    for (auto it = tree.begin(); it != tree.end(); ++it) {
      if (has_placeholder(it.key())) return false;
      if (!first) out.literals.back() += ',';
      first = false;
      out.literals.back() += safe_dump(Json(it.key()));
      out.literals.back() += ':';
      if (!compile_into(*it, out)) return false;
    }
    out.literals.back() += '}';
    return true;
  }
  out.literals.back() += safe_dump(tree);
  return true;
}

}  // namespace

CompiledJson compile_json(const Json& tree) {
  CompiledJson out;
  out.literals.emplace_back();
  out.ok = compile_into(tree, out);
  if (!out.ok) out = CompiledJson{};
  return out;
}

std::string render_compiled(const CompiledJson& t, const TemplateContext& ctx) {
  std::string out = t.literals[0];
  for (std::size_t i = 0; i < t.holes.size(); ++i) {
    const CompiledJson::Hole& h = t.holes[i];
    out += safe_dump(h.expr.empty() ? Json(render_text(h.text, ctx)) : value_of(h.expr, ctx));
    out += t.literals[i + 1];
  }
  return out;
}

Json render_json(const Json& tree, const TemplateContext& ctx) {
  if (tree.is_string()) {
    const std::string& s = tree.get_ref<const std::string&>();
    if (!has_placeholder(s)) return tree;
    std::string_view e = whole_placeholder(s);
    if (!e.empty()) return value_of(e, ctx);
    return render_text(s, ctx);
  }
  if (tree.is_array()) {
    Json out = Json::array();
    for (const auto& e : tree) out.push_back(render_json(e, ctx));
    return out;
  }
  if (tree.is_object()) {
    Json out = Json::object();
    for (auto it = tree.begin(); it != tree.end(); ++it)
      out[has_placeholder(it.key()) ? render_text(it.key(), ctx) : it.key()] = render_json(*it, ctx);
    return out;
  }
  return tree;
}

}  // namespace fl::sim
