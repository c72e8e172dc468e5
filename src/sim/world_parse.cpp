// parse_world: lab.json's `world` object -> WorldSpec, with every problem reported at its JSON
// pointer. The format is documented for authors in docs/lab-format.md; keep the two in step.
#include <algorithm>
#include <map>
#include <set>

#include "base/json_number.h"
#include "base/portable_math.h"
#include "sim/template.h"
#include "sim/fault_kinds.h"
#include "sim/world_spec.h"

namespace fl::sim {

namespace {

constexpr double kMaxSeconds = 1e9;       // ~31 years of virtual time
constexpr double kMaxCount = 1e15;

bool valid_id(const std::string& s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
          c == '.' || c == ':'))
      return false;
  return true;
}

bool valid_token(const std::string& s) {  // HTTP header name / method token
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

bool valid_header_value(const std::string& s) {
  for (char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

// At most the first 10 names, then "...": messages list what exists without echoing it all.
std::string join_some(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size() && i < 10; ++i) out += (i ? ", " : "") + v[i];
  return v.size() > 10 ? out + ", ..." : out;
}

constexpr std::size_t kMaxScenarioStates = 1000;

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

class Parser {
 public:
  Parser(const std::string& file, Diagnostics& diags) : r_(file, diags) {}

  std::optional<WorldSpec> world(const Json& j, const std::string& at);

 private:
  // --- field helpers -------------------------------------------------------------------
  const Json* get(const Json& obj, const char* key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }

  bool want_object(const Json& j, const std::string& at, const char* what) {
    if (j.is_object()) return true;
    r_.error(at, std::string("expected ") + what + " (an object), found " + json_type_name(j));
    return false;
  }

  // Non-negative number of seconds -> Micros; absent -> fallback.
  Micros seconds(const Json& obj, const std::string& at, const char* key, Micros fallback, bool allow_zero = true) {
    const Json* v = get(obj, key);
    if (!v) return fallback;
    std::string p = json_pointer(at, key);
    if (!v->is_number()) {
      r_.error(p, "expected a number of seconds, found " + json_type_name(*v));
      return fallback;
    }
    double d = v->get<double>();
    if (d < 0 || (!allow_zero && d == 0)) {
      r_.error(p, std::string("must be ") + (allow_zero ? "zero or more" : "more than zero") + " seconds, found " + v->dump());
      return fallback;
    }
    if (d > kMaxSeconds) {
      r_.error(p, "too large: at most " + std::to_string(static_cast<long long>(kMaxSeconds)) + " seconds");
      return fallback;
    }
    // The simulator counts whole microseconds: a positive value that rounds to 0 would divide by zero.
    if (!allow_zero && from_seconds(d) == 0) {
      r_.error(p, "must be at least 0.000001 seconds (1 microsecond), found " + v->dump());
      return fallback;
    }
    return from_seconds(d);
  }

  Micros millis(const Json& v, const std::string& p, bool allow_zero = true) {
    if (!v.is_number()) {
      r_.error(p, "expected a number of milliseconds, found " + json_type_name(v));
      return 0;
    }
    double d = v.get<double>();
    if (d < 0 || (!allow_zero && d == 0)) {
      r_.error(p, std::string("must be ") + (allow_zero ? "zero or more" : "more than zero") + " milliseconds, found " + v.dump());
      return 0;
    }
    if (d > kMaxSeconds * 1000) {
      r_.error(p, "too large: at most 1e12 milliseconds");
      return 0;
    }
    if (!allow_zero && from_millis(d) == 0) {
      r_.error(p, "must be at least 0.001 milliseconds (1 microsecond), found " + v.dump());
      return 0;
    }
    return from_millis(d);
  }

  std::optional<std::uint64_t> count(const Json& v, const std::string& p, std::uint64_t min) {
    if (!v.is_number()) {
      r_.error(p, "expected a whole number, found " + json_type_name(v));
      return std::nullopt;
    }
    NumberCheck n = check_number(v, static_cast<double>(min), kMaxCount, /*whole=*/true);
    if (!n.ok()) {
      r_.error(p, "expected a whole number of at least " + std::to_string(min) + ", found " + v.dump());
      return std::nullopt;
    }
    return static_cast<std::uint64_t>(n.value);
  }

  // A count the rate limiter multiplies (limits, costs): at most kMaxRateAmount.
  std::optional<std::uint64_t> rate_amount(const Json& v, const std::string& p, std::uint64_t min) {
    auto c = count(v, p, min);
    if (c && *c > static_cast<std::uint64_t>(kMaxRateAmount)) {
      r_.error(p, "too large: at most 1000000000000 (1e12), found " + v.dump());
      return std::nullopt;
    }
    return c;
  }

  std::uint64_t count_or(const Json& obj, const std::string& at, const char* key, std::uint64_t fallback,
                         std::uint64_t min) {
    const Json* v = get(obj, key);
    if (!v) return fallback;
    return count(*v, json_pointer(at, key), min).value_or(fallback);
  }

  std::optional<int> status_code(const Json& v, const std::string& p) {
    auto c = count(v, p, 0);
    if (!c) return std::nullopt;
    if (*c < 100 || *c > 599) {
      r_.error(p, "HTTP status must be between 100 and 599, found " + v.dump());
      return std::nullopt;
    }
    return static_cast<int>(*c);
  }

  double probability(const Json& obj, const std::string& at, const char* key) {
    const Json* v = get(obj, key);
    if (!v) return 1;
    std::string p = json_pointer(at, key);
    if (!v->is_number()) {
      r_.error(p, "expected a probability (a number from 0 to 1), found " + json_type_name(*v));
      return 1;
    }
    NumberCheck n = check_number(*v, 0, 1);
    if (!n.ok()) {
      r_.error(p, "a probability must be between 0 and 1, found " + v->dump());
      return 1;
    }
    return n.value;
  }

  // A string or an array of strings.
  std::vector<std::string> string_list(const Json& obj, const std::string& at, const char* key) {
    std::vector<std::string> out;
    const Json* v = get(obj, key);
    if (!v) return out;
    std::string p = json_pointer(at, key);
    if (v->is_string()) {
      out.push_back(v->get<std::string>());
      return out;
    }
    if (!v->is_array()) {
      r_.error(p, "expected a string or an array of strings, found " + json_type_name(*v));
      return out;
    }
    for (std::size_t i = 0; i < v->size(); ++i) {
      const Json& s = (*v)[i];
      if (!s.is_string())
        r_.error(json_pointer(p, i), "expected a string, found " + json_type_name(s));
      else
        out.push_back(s.get<std::string>());
    }
    return out;
  }

  std::vector<std::string> string_array(const Json& obj, const std::string& at, const char* key) {
    const Json* v = get(obj, key);
    if (v && !v->is_array()) {
      r_.error(json_pointer(at, key), "expected an array of strings, found " + json_type_name(*v));
      return {};
    }
    return string_list(obj, at, key);
  }

  std::string enum_string(const Json& obj, const std::string& at, const char* key, std::string fallback,
                          std::initializer_list<const char*> allowed) {
    std::string s = r_.string_or(obj, at, key, fallback);
    for (const char* a : allowed)
      if (s == a) return s;
    std::vector<std::string> names(allowed.begin(), allowed.end());
    r_.error(json_pointer(at, key), "unknown value \"" + s + "\" (expected " + join(names, ", ") + ")");
    return fallback;
  }

  // {"Name": "value", ...} -> pairs (in document order, which nlohmann keeps sorted: fine,
  // it is deterministic).
  std::vector<std::pair<std::string, std::string>> string_map(const Json& obj, const std::string& at, const char* key,
                                                             bool header_names) {
    std::vector<std::pair<std::string, std::string>> out;
    const Json* v = get(obj, key);
    if (!v) return out;
    std::string p = json_pointer(at, key);
    if (!v->is_object()) {
      r_.error(p, "expected an object of names to strings, found " + json_type_name(*v));
      return out;
    }
    for (auto it = v->begin(); it != v->end(); ++it) {
      std::string ip = json_pointer(p, it.key());
      if (header_names && !valid_token(it.key())) r_.error(ip, "\"" + it.key() + "\" is not a valid header name");
      if (!it->is_string()) {
        r_.error(ip, "expected a string, found " + json_type_name(*it));
        continue;
      }
      std::string value = it->get<std::string>();
      if (header_names && !valid_header_value(value)) r_.error(ip, "header values cannot contain line breaks");
      out.emplace_back(it.key(), value);
    }
    return out;
  }

  Headers headers(const Json& obj, const std::string& at, const char* key, bool* dynamic = nullptr) {
    Headers h;
    for (auto& [n, v] : string_map(obj, at, key, true)) {
      if (has_placeholder(v)) {
        std::string why;
        if (!dynamic || !check_placeholders(v, &why))
          r_.error(json_pointer(json_pointer(at, key), n), dynamic ? why : "placeholders are not allowed here");
        else
          *dynamic = true;
      }
      h.add(n, v);
    }
    return h;
  }

  // --- pieces ----------------------------------------------------------------------------
  Distribution distribution(const Json& j, const std::string& at);
  BodyTemplate body(const Json& obj, const std::string& at, bool templates_allowed);
  void check_json_template(const Json& j, const std::string& at);
  void route(const Json& j, const std::string& at, ServiceSpec& svc, std::set<std::string>& ids);
  void limiter(const Json& j, const std::string& at, ServiceSpec& svc, std::set<std::string>& ids);
  void auth(const Json& j, const std::string& at, ServiceSpec& svc);
  void oauth(const Json& j, const std::string& at, OAuthSpec& o);
  void metadata(const Json& j, const std::string& at, MetadataSpec& m);
  void service(const Json& j, const std::string& at);
  void fault(const Json& j, const std::string& at);
  friend class FaultFields;
  void scenario(const Json& j, const std::string& at);
  void api_key(const Json& j, const std::string& at, std::set<std::string>& names, std::set<std::string>& keys);
  void secrets(const Json& j, const std::string& at);
  void resolve();

  JsonReader r_;
  WorldSpec w_;
  // Deferred cross references (resolved once every service and scenario is known).
  std::vector<std::vector<std::string>> fault_service_names_;  // per fault
  std::vector<std::string> fault_at_;
  std::vector<std::pair<std::string, std::string>> issuer_refs_;  // (service at, issuer) per service
  std::vector<std::string> service_at_;
  std::vector<std::vector<std::string>> key_service_names_;
  std::vector<std::string> key_at_;
  std::vector<std::vector<std::string>> scenario_service_names_;
  std::vector<std::string> scenario_at_;
  // route/fault scenario references: (pointer, scenario name, state names, where to write)
  struct ScenarioRef {
    std::string at;
    std::string scenario;
    std::vector<std::string> states;
    int* scenario_out;
    std::vector<int>* states_out;
  };
  std::vector<ScenarioRef> scenario_refs_;
};

Distribution Parser::distribution(const Json& j, const std::string& at) {
  Distribution d;
  if (j.is_number()) {
    d.kind = Distribution::Kind::fixed;
    d.fixed = millis(j, at);
    return d;
  }
  if (!j.is_object()) {
    r_.error(at, "expected a latency: a number of milliseconds or an object with \"dist\", found " + json_type_name(j));
    return d;
  }
  std::string kind = enum_string(j, at, "dist", "fixed", {"fixed", "uniform", "exponential", "lognormal"});
  auto need = [&](const char* key, bool allow_zero) -> Micros {
    const Json* v = get(j, key);
    if (!v) {
      r_.error(at, "missing required field \"" + std::string(key) + "\" for a " + kind + " distribution");
      return 0;
    }
    return millis(*v, json_pointer(at, key), allow_zero);
  };
  auto cap = [&]() -> Micros {
    const Json* v = get(j, "cap_ms");
    return v ? millis(*v, json_pointer(at, "cap_ms"), false) : 0;
  };
  if (kind == "fixed") {
    r_.reject_unknown_keys(j, at, {"dist", "ms"});
    d.kind = Distribution::Kind::fixed;
    d.fixed = need("ms", true);
  } else if (kind == "uniform") {
    r_.reject_unknown_keys(j, at, {"dist", "min_ms", "max_ms"});
    d.kind = Distribution::Kind::uniform;
    d.min = need("min_ms", true);
    d.max = need("max_ms", true);
    if (d.max < d.min) r_.error(json_pointer(at, "max_ms"), "max_ms must not be less than min_ms");
  } else if (kind == "exponential") {
    r_.reject_unknown_keys(j, at, {"dist", "mean_ms", "cap_ms"});
    d.kind = Distribution::Kind::exponential;
    d.mean = need("mean_ms", false);
    d.cap = cap();
  } else {
    r_.reject_unknown_keys(j, at, {"dist", "median_ms", "sigma", "cap_ms"});
    d.kind = Distribution::Kind::lognormal;
    d.median = need("median_ms", false);
    const Json* s = get(j, "sigma");
    if (!s) {
      r_.error(at, "missing required field \"sigma\" for a lognormal distribution");
    } else if (!s->is_number() || s->get<double>() < 0 || s->get<double>() > 10) {
      r_.error(json_pointer(at, "sigma"), "sigma must be a number from 0 to 10, found " + s->dump());
    } else {
      d.sigma = s->get<double>();
    }
    d.cap = cap();
  }
  return d;
}

void Parser::check_json_template(const Json& j, const std::string& at) {
  if (j.is_string()) {
    std::string why;
    if (!check_placeholders(j.get<std::string>(), &why)) r_.error(at, why);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) check_json_template(j[i], json_pointer(at, i));
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      std::string why;
      if (!check_placeholders(it.key(), &why)) r_.error(json_pointer(at, it.key()), why);
      check_json_template(*it, json_pointer(at, it.key()));
    }
  }
}

bool json_has_placeholder(const Json& j) {
  if (j.is_string()) return has_placeholder(j.get_ref<const std::string&>());
  if (j.is_array()) {
    for (const auto& e : j)
      if (json_has_placeholder(e)) return true;
  }
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it)
      if (has_placeholder(it.key()) || json_has_placeholder(*it)) return true;
  }
  return false;
}

// "json": any JSON value (sent as application/json) or "body": a string. Not both.
BodyTemplate Parser::body(const Json& obj, const std::string& at, bool templates_allowed) {
  BodyTemplate b;
  const Json* js = get(obj, "json");
  const Json* text = get(obj, "body");
  if (js && text) r_.error(json_pointer(at, "body"), "give either \"json\" or \"body\", not both");
  if (js) {
    b.json = true;
    if (templates_allowed && json_has_placeholder(*js)) {
      check_json_template(*js, json_pointer(at, "json"));
      b.dynamic = true;
      b.tree = *js;
      b.compiled = compile_json(b.tree);
    } else if (!templates_allowed && json_has_placeholder(*js)) {
      r_.error(json_pointer(at, "json"), "placeholders are not allowed here");
    }
    b.text = js->dump();
  } else if (text) {
    if (!text->is_string()) {
      r_.error(json_pointer(at, "body"), "expected a string (use \"json\" for JSON values), found " + json_type_name(*text));
      return b;
    }
    b.text = text->get<std::string>();
    if (has_placeholder(b.text)) {
      std::string why;
      if (!templates_allowed)
        r_.error(json_pointer(at, "body"), "placeholders are not allowed here");
      else if (!check_placeholders(b.text, &why))
        r_.error(json_pointer(at, "body"), why);
      else
        b.dynamic = true;
    }
  }
  return b;
}

void Parser::route(const Json& j, const std::string& at, ServiceSpec& svc, std::set<std::string>& ids) {
  if (!want_object(j, at, "a route")) return;
  r_.reject_unknown_keys(j, at, {"id", "method", "path", "query", "headers", "scopes", "scenario", "state", "latency",
                                 "cost", "mode", "responses", "effect", "lookup", "description"});
  RouteSpec rt;
  rt.path = r_.string(j, at, "path").value_or("/");
  if (rt.path.empty() || rt.path[0] != '/') r_.error(json_pointer(at, "path"), "a path must start with \"/\"");
  rt.method = upper(r_.string_or(j, at, "method", ""));
  if (rt.method == "*") rt.method.clear();
  if (!rt.method.empty() && !valid_token(rt.method))
    r_.error(json_pointer(at, "method"), "\"" + rt.method + "\" is not a valid HTTP method");
  rt.id = r_.string_or(j, at, "id", (rt.method.empty() ? "*" : rt.method) + " " + rt.path);
  if (!ids.insert(rt.id).second) r_.error(json_pointer(at, "id"), "duplicate route id \"" + rt.id + "\" in this service");
  // Path pattern.
  std::string_view p = rt.path;
  std::size_t start = 1;
  while (start <= p.size()) {
    std::size_t slash = p.find('/', start);
    std::string_view seg = p.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    bool last = slash == std::string_view::npos || slash + 1 >= p.size();
    if (!seg.empty()) {
      PathSegment s;
      if (seg == "*" && last) {
        rt.tail_wildcard = true;
      } else if (seg == "*") {
        s.is_param = true;
      } else if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
        s.is_param = true;
        s.param = std::string(seg.substr(1, seg.size() - 2));
        if (!valid_id(s.param)) r_.error(json_pointer(at, "path"), "bad parameter name in \"" + std::string(seg) + "\"");
      } else if (seg.find_first_of("{}") != std::string_view::npos) {
        r_.error(json_pointer(at, "path"), "a path parameter must be a whole segment, like /items/{id}");
      } else {
        s.literal = std::string(seg);
      }
      if (!rt.tail_wildcard) rt.segments.push_back(std::move(s));
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  rt.query = string_map(j, at, "query", false);
  rt.headers = string_map(j, at, "headers", true);
  rt.scopes = string_array(j, at, "scopes");
  if (const Json* l = get(j, "latency")) rt.latency = distribution(*l, json_pointer(at, "latency"));
  if (const Json* c = get(j, "cost")) rt.cost = static_cast<std::int64_t>(rate_amount(*c, json_pointer(at, "cost"), 0).value_or(1));
  std::string mode = enum_string(j, at, "mode", "sequential", {"sequential", "cycle", "random", "weighted"});
  rt.mode = mode == "cycle" ? ResponseMode::cycle
            : mode == "random" ? ResponseMode::random
            : mode == "weighted" ? ResponseMode::weighted
                                 : ResponseMode::sequential;
  if (get(j, "lookup") && !get(j, "responses")) {
    rt.responses.emplace_back();  // a lookup answers from its ledger: no responses needed
  } else if (const Json* rs = r_.array(j, at, "responses")) {
    std::string rat = json_pointer(at, "responses");
    if (rs->empty()) r_.error(rat, "a route needs at least one response");
    double total_weight = 0;
    for (std::size_t i = 0; i < rs->size(); ++i) {
      const Json& rj = (*rs)[i];
      std::string ra = json_pointer(rat, i);
      if (!want_object(rj, ra, "a response")) continue;
      r_.reject_unknown_keys(rj, ra, {"status", "headers", "json", "body", "times", "weight", "latency"});
      ResponseSpec resp;
      if (const Json* s = get(rj, "status")) resp.status = status_code(*s, json_pointer(ra, "status")).value_or(200);
      bool dyn = false;
      resp.headers = headers(rj, ra, "headers", &dyn);
      resp.headers_dynamic = dyn;
      resp.body = body(rj, ra, true);
      resp.times = count_or(rj, ra, "times", 1, 1);
      if (get(rj, "times") && rt.mode != ResponseMode::sequential)
        r_.error(json_pointer(ra, "times"), "\"times\" applies to mode \"sequential\" only");
      if (const Json* wv = get(rj, "weight")) {
        if (!wv->is_number() || wv->get<double>() < 0)
          r_.error(json_pointer(ra, "weight"), "a weight must be a number of zero or more, found " + wv->dump());
        else
          resp.weight = wv->get<double>();
        if (rt.mode != ResponseMode::weighted)
          r_.error(json_pointer(ra, "weight"), "\"weight\" applies to mode \"weighted\" only");
      }
      total_weight += resp.weight;
      if (const Json* l = get(rj, "latency")) resp.latency = distribution(*l, json_pointer(ra, "latency"));
      rt.responses.push_back(std::move(resp));
    }
    if (rt.mode == ResponseMode::weighted && !rs->empty() && !(total_weight > 0))
      r_.error(rat, "mode \"weighted\" needs at least one response with a weight above 0");
  }
  if (const Json* e = get(j, "effect")) {
    std::string ea = json_pointer(at, "effect");
    if (want_object(*e, ea, "an effect")) {
      r_.reject_unknown_keys(*e, ea, {"ledger", "key_header", "require_key"});
      EffectSpec eff;
      eff.ledger = r_.string(*e, ea, "ledger").value_or("");
      if (!eff.ledger.empty() && !valid_id(eff.ledger))
        r_.error(json_pointer(ea, "ledger"), "a ledger name uses letters, digits, '-', '_', '.' or ':'");
      eff.key_header = r_.string_or(*e, ea, "key_header", "Idempotency-Key");
      if (!valid_token(eff.key_header)) r_.error(json_pointer(ea, "key_header"), "not a valid header name");
      eff.require_key = r_.boolean_or(*e, ea, "require_key", false);
      rt.effect = eff;
    }
  }
  if (const Json* l = get(j, "lookup")) {
    std::string la = json_pointer(at, "lookup");
    if (want_object(*l, la, "a lookup")) {
      r_.reject_unknown_keys(*l, la, {"ledger", "field"});
      LookupSpec lk;
      lk.ledger = r_.string(*l, la, "ledger").value_or("");
      lk.field = r_.string(*l, la, "field").value_or("");
      if (!lk.ledger.empty() && !valid_id(lk.ledger))
        r_.error(json_pointer(la, "ledger"), "a ledger name uses letters, digits, '-', '_', '.' or ':'");
      if (lk.field.empty()) r_.error(json_pointer(la, "field"), "name the request body field to match");
      if (rt.effect) r_.error(la, "a route either writes a ledger (effect) or reads one (lookup), not both");
      if (get(j, "responses")) r_.error(json_pointer(at, "responses"), "a lookup route answers from its ledger: leave responses out");
      rt.lookup = lk;
    }
  }
  svc.routes.push_back(std::move(rt));
  // Scenario reference: resolved later (services and scenarios may come in any order).
  if (get(j, "scenario") || get(j, "state")) {
    ScenarioRef ref{at, r_.string_or(j, at, "scenario", ""), string_list(j, at, "state"), nullptr, nullptr};
    scenario_refs_.push_back(std::move(ref));
  }
}

void Parser::limiter(const Json& j, const std::string& at, ServiceSpec& svc, std::set<std::string>& ids) {
  if (!want_object(j, at, "a rate limit")) return;
  r_.reject_unknown_keys(j, at, {"id", "algorithm", "limit", "refill_per_s", "window_s", "partition", "routes",
                                 "retry_after", "reset", "headers", "penalty_s", "status", "json", "body",
                                 "description"});
  LimiterSpec l;
  l.id = r_.string_or(j, at, "id", "");
  if (!l.id.empty() && !valid_id(l.id)) r_.error(json_pointer(at, "id"), "an id uses letters, digits, '-', '_', '.' or ':'");
  if (!l.id.empty() && !ids.insert(l.id).second) r_.error(json_pointer(at, "id"), "duplicate rate limit id \"" + l.id + "\"");
  std::string alg = enum_string(j, at, "algorithm", "token_bucket", {"token_bucket", "fixed_window", "sliding_window"});
  l.algorithm = alg == "fixed_window" ? LimiterAlgorithm::fixed_window
                : alg == "sliding_window" ? LimiterAlgorithm::sliding_window
                                          : LimiterAlgorithm::token_bucket;
  if (const Json* v = get(j, "limit"))
    l.limit = static_cast<std::int64_t>(rate_amount(*v, json_pointer(at, "limit"), 1).value_or(1));
  else
    r_.error(at, "missing required field \"limit\"");
  if (l.algorithm == LimiterAlgorithm::token_bucket) {
    if (get(j, "window_s")) r_.error(json_pointer(at, "window_s"), "\"window_s\" applies to fixed_window and sliding_window; a token bucket uses \"refill_per_s\"");
    const Json* v = get(j, "refill_per_s");
    if (!v) {
      r_.error(at, "missing required field \"refill_per_s\" (tokens added per second)");
    } else if (!v->is_number()) {
      r_.error(json_pointer(at, "refill_per_s"), "expected a number, found " + json_type_name(*v));
    } else if (!(v->get<double>() > 0) || v->get<double>() > 1e9) {
      r_.error(json_pointer(at, "refill_per_s"), "the refill rate must be more than 0 (and at most 1e9), found " + v->dump());
    } else {
      l.refill_per_s = v->get<double>();
    }
  } else {
    if (get(j, "refill_per_s")) r_.error(json_pointer(at, "refill_per_s"), "\"refill_per_s\" applies to token_bucket only");
    if (!get(j, "window_s")) r_.error(at, "missing required field \"window_s\" (window length in seconds)");
    l.window = seconds(j, at, "window_s", kMicrosPerSecond, false);
  }
  std::string part = r_.string_or(j, at, "partition", "global");
  if (part == "global") l.partition = Partition::global;
  else if (part == "client") l.partition = Partition::client;
  else if (part == "key") l.partition = Partition::key;
  else if (part.rfind("header:", 0) == 0 && valid_token(part.substr(7))) {
    l.partition = Partition::header;
    l.partition_header = part.substr(7);
  } else {
    r_.error(json_pointer(at, "partition"), "unknown partition \"" + part + "\" (expected global, client, key or header:NAME)");
  }
  l.routes = string_array(j, at, "routes");
  std::string ra = enum_string(j, at, "retry_after", "seconds", {"seconds", "http_date", "none"});
  l.retry_after = ra == "http_date" ? RetryAfterStyle::http_date : ra == "none" ? RetryAfterStyle::none : RetryAfterStyle::seconds;
  std::string reset = enum_string(j, at, "reset", "seconds", {"seconds", "epoch"});
  l.reset = reset == "epoch" ? ResetStyle::epoch : ResetStyle::seconds;
  if (get(j, "headers")) {
    l.x_ratelimit_headers = false;
    auto hs = string_array(j, at, "headers");
    for (std::size_t i = 0; i < hs.size(); ++i) {
      if (hs[i] == "x-ratelimit") l.x_ratelimit_headers = true;
      else if (hs[i] == "ietf") l.ietf_headers = true;
      else r_.error(json_pointer(json_pointer(at, "headers"), i), "unknown header family \"" + hs[i] + "\" (expected x-ratelimit or ietf)");
    }
  }
  l.penalty = seconds(j, at, "penalty_s", 0);
  if (const Json* s = get(j, "status")) l.status = status_code(*s, json_pointer(at, "status")).value_or(429);
  l.body = body(j, at, false);
  svc.rate_limits.push_back(std::move(l));
}

void Parser::auth(const Json& j, const std::string& at, ServiceSpec& svc) {
  if (!want_object(j, at, "an auth block")) return;
  std::string type = enum_string(j, at, "type", "none", {"none", "api_key", "bearer"});
  if (type == "api_key") {
    r_.reject_unknown_keys(j, at, {"type", "header", "scheme", "query"});
    svc.auth.type = AuthType::api_key;
    svc.auth.query = r_.string_or(j, at, "query", "");
    svc.auth.header = r_.string_or(j, at, "header", svc.auth.query.empty() ? "Authorization" : "");
    bool custom_header = get(j, "header") != nullptr;
    svc.auth.scheme = r_.string_or(j, at, "scheme", custom_header && !iequals(svc.auth.header, "Authorization") ? "" : "Bearer");
    if (!svc.auth.query.empty() && custom_header)
      r_.error(json_pointer(at, "query"), "give either \"header\" or \"query\", not both");
    if (!svc.auth.header.empty() && !valid_token(svc.auth.header)) r_.error(json_pointer(at, "header"), "not a valid header name");
  } else if (type == "bearer") {
    r_.reject_unknown_keys(j, at, {"type", "issuer"});
    svc.auth.type = AuthType::bearer;
    svc.auth.issuer_id = r_.string(j, at, "issuer").value_or("");
    issuer_refs_.back() = {json_pointer(at, "issuer"), svc.auth.issuer_id};
  } else {
    r_.reject_unknown_keys(j, at, {"type"});
  }
}

void Parser::oauth(const Json& j, const std::string& at, OAuthSpec& o) {
  if (!want_object(j, at, "an oauth block")) return;
  r_.reject_unknown_keys(j, at, {"token_path", "access_token_ttl_s", "refresh_token_ttl_s", "rotate_refresh_tokens",
                                 "refresh_for_client_credentials", "revoke_refresh_tokens_at_s",
                                 "revoke_access_tokens_at_s", "revoke_users", "clients", "codes"});
  o.token_path = r_.string_or(j, at, "token_path", o.token_path);
  if (o.token_path.empty() || o.token_path[0] != '/') r_.error(json_pointer(at, "token_path"), "a path must start with \"/\"");
  o.access_ttl = seconds(j, at, "access_token_ttl_s", o.access_ttl, false);
  o.refresh_ttl = seconds(j, at, "refresh_token_ttl_s", 0);
  o.rotate_refresh_tokens = r_.boolean_or(j, at, "rotate_refresh_tokens", false);
  o.client_credentials_refresh = r_.boolean_or(j, at, "refresh_for_client_credentials", false);
  o.revoke_refresh_tokens_at = seconds(j, at, "revoke_refresh_tokens_at_s", kForever);
  o.revoke_access_tokens_at = seconds(j, at, "revoke_access_tokens_at_s", kForever);
  o.revoke_users = string_array(j, at, "revoke_users");
  std::set<std::string> ids;
  if (const Json* cs = r_.array(j, at, "clients")) {
    std::string ca = json_pointer(at, "clients");
    if (cs->empty()) r_.error(ca, "an OAuth server needs at least one client");
    for (std::size_t i = 0; i < cs->size(); ++i) {
      const Json& c = (*cs)[i];
      std::string ci = json_pointer(ca, i);
      if (!want_object(c, ci, "a client")) continue;
      r_.reject_unknown_keys(c, ci, {"client_id", "client_secret", "scopes", "grants"});
      OAuthClientSpec cl;
      cl.client_id = r_.string(c, ci, "client_id").value_or("");
      cl.client_secret = r_.string(c, ci, "client_secret").value_or("");
      if (!cl.client_id.empty() && !ids.insert(cl.client_id).second)
        r_.error(json_pointer(ci, "client_id"), "duplicate client_id \"" + cl.client_id + "\"");
      cl.scopes = string_array(c, ci, "scopes");
      if (get(c, "grants")) {
        cl.grants = string_array(c, ci, "grants");
        for (std::size_t g = 0; g < cl.grants.size(); ++g)
          if (cl.grants[g] != "client_credentials" && cl.grants[g] != "refresh_token" && cl.grants[g] != "authorization_code")
            r_.error(json_pointer(json_pointer(ci, "grants"), g),
                     "unknown grant \"" + cl.grants[g] + "\" (expected client_credentials, refresh_token or authorization_code)");
      } else {
        cl.grants = {"client_credentials", "refresh_token", "authorization_code"};
      }
      o.clients.push_back(std::move(cl));
    }
  }
  if (const Json* cs = get(j, "codes")) {
    std::string ca = json_pointer(at, "codes");
    if (!cs->is_array()) {
      r_.error(ca, "expected an array, found " + json_type_name(*cs));
      return;
    }
    std::set<std::string> codes;
    for (std::size_t i = 0; i < cs->size(); ++i) {
      const Json& c = (*cs)[i];
      std::string ci = json_pointer(ca, i);
      if (!want_object(c, ci, "an authorization code")) continue;
      r_.reject_unknown_keys(c, ci, {"code", "client_id", "user", "scopes"});
      AuthCodeSpec code;
      code.code = r_.string(c, ci, "code").value_or("");
      code.client_id = r_.string(c, ci, "client_id").value_or("");
      code.user = r_.string(c, ci, "user").value_or("");
      code.scopes = string_array(c, ci, "scopes");
      if (!code.code.empty() && !codes.insert(code.code).second) r_.error(json_pointer(ci, "code"), "duplicate code");
      if (!code.client_id.empty() && !ids.count(code.client_id))
        r_.error(json_pointer(ci, "client_id"), "no client \"" + code.client_id + "\" in this OAuth server's clients");
      o.codes.push_back(std::move(code));
    }
  }
}

void Parser::metadata(const Json& j, const std::string& at, MetadataSpec& m) {
  if (!want_object(j, at, "a metadata block")) return;
  r_.reject_unknown_keys(j, at, {"path", "require_headers", "ttl_s", "scopes", "subject"});
  m.path = r_.string_or(j, at, "path", m.path);
  if (m.path.empty() || m.path[0] != '/') r_.error(json_pointer(at, "path"), "a path must start with \"/\"");
  m.require_headers = string_map(j, at, "require_headers", true);
  m.ttl = seconds(j, at, "ttl_s", m.ttl, false);
  m.scopes = string_array(j, at, "scopes");
  m.subject = r_.string_or(j, at, "subject", m.subject);
}

void Parser::service(const Json& j, const std::string& at) {
  if (!want_object(j, at, "a service")) return;
  r_.reject_unknown_keys(j, at, {"id", "host", "kind", "description", "latency", "auth", "headers", "routes",
                                 "rate_limits", "oauth", "metadata"});
  ServiceSpec svc;
  svc.id = r_.string(j, at, "id").value_or("");
  if (!svc.id.empty() && !valid_id(svc.id))
    r_.error(json_pointer(at, "id"), "a service id uses letters, digits, '-', '_', '.' or ':'");
  if (!svc.id.empty() && w_.find_service(svc.id) >= 0) r_.error(json_pointer(at, "id"), "duplicate service id \"" + svc.id + "\"");
  svc.host = lower(r_.string(j, at, "host").value_or(""));
  if (!svc.host.empty()) {
    auto u = parse_url("https://" + svc.host + "/");
    if (!u || u->host != svc.host || u->port != 0)
      r_.error(json_pointer(at, "host"), "\"" + svc.host + "\" is not a host name (write it without scheme, port or path, like \"payments.mock\")");
    else if (w_.find_service_by_host(svc.host) >= 0)
      r_.error(json_pointer(at, "host"), "another service already uses host \"" + svc.host + "\"");
  }
  std::string kind = enum_string(j, at, "kind", "http", {"http", "oauth", "metadata"});
  svc.kind = kind == "oauth" ? ServiceKind::oauth : kind == "metadata" ? ServiceKind::metadata : ServiceKind::http;
  svc.description = r_.string_or(j, at, "description", "");
  if (const Json* l = get(j, "latency")) svc.latency = distribution(*l, json_pointer(at, "latency"));
  svc.headers = headers(j, at, "headers");
  issuer_refs_.emplace_back();
  service_at_.push_back(at);
  if (const Json* a = get(j, "auth")) auth(*a, json_pointer(at, "auth"), svc);
  if (svc.kind == ServiceKind::oauth) {
    if (const Json* o = r_.object(j, at, "oauth")) oauth(*o, json_pointer(at, "oauth"), svc.oauth);
  } else if (get(j, "oauth")) {
    r_.error(json_pointer(at, "oauth"), "\"oauth\" needs \"kind\": \"oauth\"");
  }
  if (svc.kind == ServiceKind::metadata) {
    if (const Json* m = get(j, "metadata")) metadata(*m, json_pointer(at, "metadata"), svc.metadata);
  } else if (get(j, "metadata")) {
    r_.error(json_pointer(at, "metadata"), "\"metadata\" needs \"kind\": \"metadata\"");
  }
  std::set<std::string> route_ids;
  if (const Json* rs = get(j, "routes")) {
    std::string ra = json_pointer(at, "routes");
    if (!rs->is_array()) {
      r_.error(ra, "expected an array of routes, found " + json_type_name(*rs));
    } else {
      for (std::size_t i = 0; i < rs->size(); ++i) route((*rs)[i], json_pointer(ra, i), svc, route_ids);
    }
  } else if (svc.kind == ServiceKind::http) {
    r_.error(at, "missing required field \"routes\" (an http service needs at least one route)");
  }
  if (svc.kind == ServiceKind::http && get(j, "routes") && get(j, "routes")->is_array() && get(j, "routes")->empty())
    r_.error(json_pointer(at, "routes"), "an http service needs at least one route");
  std::set<std::string> limiter_ids;
  if (const Json* ls = get(j, "rate_limits")) {
    std::string la = json_pointer(at, "rate_limits");
    if (!ls->is_array()) {
      r_.error(la, "expected an array of rate limits, found " + json_type_name(*ls));
    } else {
      for (std::size_t i = 0; i < ls->size(); ++i) {
        limiter((*ls)[i], json_pointer(la, i), svc, limiter_ids);
        if (!svc.rate_limits.empty() && svc.rate_limits.back().id.empty()) svc.rate_limits.back().id = "limit-" + std::to_string(i + 1);
        if (!svc.rate_limits.empty())
          for (std::size_t k = 0; k < svc.rate_limits.back().routes.size(); ++k)
            if (!route_ids.count(svc.rate_limits.back().routes[k]))
              r_.error(json_pointer(json_pointer(json_pointer(la, i), "routes"), k),
                       "no route \"" + svc.rate_limits.back().routes[k] + "\" in service \"" + svc.id + "\"");
      }
    }
  }
  for (const auto& rt : svc.routes)
    if (!rt.scopes.empty() && svc.auth.type == AuthType::none)
      r_.warning(at, "route \"" + rt.id + "\" lists scopes but the service has no \"auth\": they are not checked");
  w_.services.push_back(std::move(svc));
}

// One fault object as the fault kinds' parsers read it (sim/fault_kinds.h), over the
// parser's helpers, so their messages are the world's.
class FaultFields final : public FaultFieldReader {
 public:
  FaultFields(Parser& p, const Json& j, const std::string& at) : p_(p), j_(j), at_(at) {}
  const Json* get(const char* key) override { return p_.get(j_, key); }
  void error(const char* key, const std::string& message) override {
    p_.r_.error(key ? json_pointer(at_, key) : at_, message);
  }
  void warning(const std::string& message) override { p_.r_.warning(at_, message); }
  std::optional<int> status(const char* key) override {
    const Json* v = get(key);
    return v ? p_.status_code(*v, json_pointer(at_, key)) : std::nullopt;
  }
  Headers headers(const char* key) override { return p_.headers(j_, at_, key); }
  BodyTemplate body() override { return p_.body(j_, at_, false); }
  Distribution distribution(const char* key) override {
    const Json* v = get(key);
    return v ? p_.distribution(*v, json_pointer(at_, key)) : Distribution{};
  }
  Micros seconds(const char* key, Micros fallback) override { return p_.seconds(j_, at_, key, fallback); }
  std::string choice(const char* key, const char* fallback, std::initializer_list<const char*> allowed) override {
    return p_.enum_string(j_, at_, key, fallback, allowed);
  }
  std::string string_or(const char* key, const char* fallback) override { return p_.r_.string_or(j_, at_, key, fallback); }
  bool boolean_or(const char* key, bool fallback) override { return p_.r_.boolean_or(j_, at_, key, fallback); }

 private:
  Parser& p_;
  const Json& j_;
  const std::string& at_;
};

void Parser::fault(const Json& j, const std::string& at) {
  if (!want_object(j, at, "a fault")) return;
  FaultSpec f;
  auto kind_name = r_.string(j, at, "kind");
  auto kind = kind_name ? fault_kind_from_string(*kind_name) : std::nullopt;
  if (kind_name && !kind) {
    std::vector<std::string> names;
    for (int k = 0; k < kFaultKindCount; ++k) names.push_back(to_string(static_cast<FaultKind>(k)));
    r_.error(json_pointer(at, "kind"), "unknown fault kind \"" + *kind_name + "\" (expected one of: " + join(names) + ")");
  }
  if (!kind) return;
  f.kind = *kind;
  // Trigger fields (all kinds) + the fields the kind takes (sim/fault_kinds.h).
  const std::vector<const char*> trigger = {"kind", "id", "description", "service", "route", "methods", "probability",
                                            "from_s", "until_s", "windows", "nth", "every", "first", "after", "scenario", "state"};
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = fault_takes_field(f.kind, it.key());
    for (const char* k : trigger) ok = ok || it.key() == k;
    if (!ok) r_.error(json_pointer(at, it.key()), "field \"" + it.key() + "\" does not apply to a fault of kind \"" + *kind_name + "\"");
  }
  f.id = r_.string_or(j, at, "id", "");
  Trigger& t = f.when;
  fault_service_names_.push_back(string_list(j, at, "service"));
  fault_at_.push_back(at);
  t.route = r_.string_or(j, at, "route", "");
  for (auto m : string_array(j, at, "methods")) t.methods.push_back(upper(m));
  t.probability = probability(j, at, "probability");
  if (get(j, "from_s") || get(j, "until_s")) {
    Micros from = seconds(j, at, "from_s", 0), until = seconds(j, at, "until_s", kForever);
    if (until <= from) r_.error(json_pointer(at, "until_s"), "until_s must be after from_s");
    t.windows.emplace_back(from, until);
  }
  if (const Json* ws = get(j, "windows")) {
    std::string wa = json_pointer(at, "windows");
    if (!ws->is_array()) {
      r_.error(wa, "expected an array of {\"from_s\", \"until_s\"} objects, found " + json_type_name(*ws));
    } else {
      if (!t.windows.empty()) r_.error(wa, "give either from_s/until_s or windows, not both");
      for (std::size_t i = 0; i < ws->size(); ++i) {
        std::string wi = json_pointer(wa, i);
        const Json& w = (*ws)[i];
        if (!want_object(w, wi, "a window")) continue;
        r_.reject_unknown_keys(w, wi, {"from_s", "until_s"});
        Micros from = seconds(w, wi, "from_s", 0), until = seconds(w, wi, "until_s", kForever);
        if (until <= from) r_.error(json_pointer(wi, "until_s"), "until_s must be after from_s");
        t.windows.emplace_back(from, until);
      }
    }
  }
  if (const Json* n = get(j, "nth")) {
    std::string na = json_pointer(at, "nth");
    if (n->is_number()) {
      if (auto c = count(*n, na, 1)) t.nth.push_back(*c);
    } else if (n->is_array()) {
      for (std::size_t i = 0; i < n->size(); ++i)
        if (auto c = count((*n)[i], json_pointer(na, i), 1)) t.nth.push_back(*c);
      std::sort(t.nth.begin(), t.nth.end());
    } else {
      r_.error(na, "expected a request number or an array of them, found " + json_type_name(*n));
    }
  }
  t.every = count_or(j, at, "every", 0, 1);
  t.first = count_or(j, at, "first", 0, 1);
  t.after = count_or(j, at, "after", 0, 0);
  if (get(j, "scenario") || get(j, "state"))
    scenario_refs_.push_back({at, r_.string_or(j, at, "scenario", ""), string_list(j, at, "state"), nullptr, nullptr});
  FaultFields fields(*this, j, at);
  parse_fault_params(fields, f);
  w_.faults.push_back(std::move(f));
}

void Parser::scenario(const Json& j, const std::string& at) {
  if (!want_object(j, at, "a scenario")) return;
  r_.reject_unknown_keys(j, at, {"id", "description", "states", "initial", "services", "transitions"});
  ScenarioSpec s;
  s.id = r_.string(j, at, "id").value_or("");
  if (!s.id.empty() && w_.find_scenario(s.id) >= 0) r_.error(json_pointer(at, "id"), "duplicate scenario id \"" + s.id + "\"");
  s.states = string_array(j, at, "states");
  if (!get(j, "states")) r_.error(at, "missing required field \"states\"");
  else if (s.states.empty()) r_.error(json_pointer(at, "states"), "a scenario needs at least one state");
  if (s.states.size() > kMaxScenarioStates) {
    r_.error(json_pointer(at, "states"), "a scenario has at most 1000 states, found " + std::to_string(s.states.size()));
    s.states.resize(kMaxScenarioStates);
  }
  std::map<std::string, int> index_of;  // state lookups stay O(log n) per transition
  for (std::size_t i = 0; i < s.states.size(); ++i)
    if (!index_of.emplace(s.states[i], static_cast<int>(i)).second)
      r_.error(json_pointer(json_pointer(at, "states"), i), "duplicate state \"" + s.states[i] + "\"");
  auto state_index = [&](const std::string& name, const std::string& p) -> int {
    auto it = index_of.find(name);
    if (it != index_of.end()) return it->second;
    r_.error(p, "no state \"" + name + "\" in this scenario (states: " + join_some(s.states) + ")");
    return 0;
  };
  if (get(j, "initial")) {
    std::string init = r_.string(j, at, "initial").value_or("");
    if (!s.states.empty()) s.initial = state_index(init, json_pointer(at, "initial"));
  }
  scenario_service_names_.push_back(string_list(j, at, "services"));
  scenario_at_.push_back(at);
  if (const Json* ts = get(j, "transitions")) {
    std::string ta = json_pointer(at, "transitions");
    if (!ts->is_array()) {
      r_.error(ta, "expected an array of transitions, found " + json_type_name(*ts));
    } else {
      for (std::size_t i = 0; i < ts->size(); ++i) {
        const Json& tj = (*ts)[i];
        std::string ti = json_pointer(ta, i);
        if (!want_object(tj, ti, "a transition")) continue;
        r_.reject_unknown_keys(tj, ti, {"from", "to", "after_s", "after_requests"});
        TransitionSpec tr;
        auto from = r_.string(tj, ti, "from"), to = r_.string(tj, ti, "to");
        if (from && !s.states.empty()) tr.from = state_index(*from, json_pointer(ti, "from"));
        if (to && !s.states.empty()) tr.to = state_index(*to, json_pointer(ti, "to"));
        if (get(tj, "after_s")) tr.after = seconds(tj, ti, "after_s", -1);
        tr.after_requests = count_or(tj, ti, "after_requests", 0, 1);
        if (!get(tj, "after_s") && !get(tj, "after_requests"))
          r_.error(ti, "a transition needs \"after_s\" (time in the state) or \"after_requests\" (requests in the state)");
        s.transitions.push_back(tr);
      }
    }
  }
  w_.scenarios.push_back(std::move(s));
}

void Parser::api_key(const Json& j, const std::string& at, std::set<std::string>& names, std::set<std::string>& keys) {
  if (!want_object(j, at, "an API key")) return;
  r_.reject_unknown_keys(j, at, {"name", "key", "scopes", "services", "valid_from_s", "revoked_at_s", "expires_at_s", "description"});
  ApiKeySpec k;
  k.name = r_.string(j, at, "name").value_or("");
  k.key = r_.string(j, at, "key").value_or("");
  if (!k.name.empty() && !names.insert(k.name).second) r_.error(json_pointer(at, "name"), "duplicate key name \"" + k.name + "\"");
  if (!k.key.empty() && !keys.insert(k.key).second) r_.error(json_pointer(at, "key"), "two API keys have the same value");
  if (get(j, "key") && k.key.empty()) r_.error(json_pointer(at, "key"), "a key cannot be empty");
  if (!valid_header_value(k.key) || k.key.find(' ') != std::string::npos)
    r_.error(json_pointer(at, "key"), "a key cannot contain spaces or line breaks");
  k.scopes = string_array(j, at, "scopes");
  key_service_names_.push_back(string_array(j, at, "services"));
  key_at_.push_back(at);
  k.valid_from = seconds(j, at, "valid_from_s", 0);
  k.revoked_at = seconds(j, at, "revoked_at_s", kForever);
  k.expires_at = seconds(j, at, "expires_at_s", kForever);
  if (k.revoked_at <= k.valid_from && k.revoked_at != kForever)
    r_.error(json_pointer(at, "revoked_at_s"), "revoked_at_s must be after valid_from_s");
  w_.api_keys.push_back(std::move(k));
}

void Parser::secrets(const Json& j, const std::string& at) {
  if (!j.is_object()) {
    r_.error(at, "expected an object of secret names to values, found " + json_type_name(j));
    return;
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string sa = json_pointer(at, it.key());
    SecretSpec s;
    s.name = it.key();
    if (!valid_id(s.name)) r_.error(sa, "a secret name uses letters, digits, '-', '_', '.' or ':'");
    if (it->is_string()) {
      s.versions.push_back({0, it->get<std::string>()});
    } else if (it->is_array()) {
      if (it->empty()) r_.error(sa, "a rotating secret needs at least one version");
      Micros last = -1;
      for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& v = (*it)[i];
        std::string vi = json_pointer(sa, i);
        if (!want_object(v, vi, "a secret version {\"from_s\", \"value\"}")) continue;
        r_.reject_unknown_keys(v, vi, {"from_s", "value"});
        SecretVersion ver;
        ver.from = seconds(v, vi, "from_s", 0);
        ver.value = r_.string(v, vi, "value").value_or("");
        if (i == 0 && ver.from != 0) r_.error(json_pointer(vi, "from_s"), "the first version must start at 0");
        if (i > 0 && ver.from <= last) r_.error(json_pointer(vi, "from_s"), "versions must be in increasing from_s order");
        last = ver.from;
        s.versions.push_back(std::move(ver));
      }
    } else {
      r_.error(sa, "expected a string or an array of {\"from_s\", \"value\"} versions, found " + json_type_name(*it));
    }
    w_.secrets.push_back(std::move(s));
  }
  std::sort(w_.secrets.begin(), w_.secrets.end(), [](const SecretSpec& a, const SecretSpec& b) { return a.name < b.name; });
}

void Parser::resolve() {
  auto service_indices = [&](const std::vector<std::string>& names, const std::string& at, const char* key) {
    std::vector<int> out;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "*") return std::vector<int>{};
      int s = w_.find_service(names[i]);
      if (s < 0) {
        std::string p = json_pointer(at, key);
        r_.error(names.size() > 1 ? json_pointer(p, i) : p, "no service \"" + names[i] + "\" in world.services");
      } else {
        out.push_back(s);
      }
    }
    return out;
  };
  for (std::size_t i = 0; i < w_.faults.size() && i < fault_at_.size(); ++i) {
    FaultSpec& f = w_.faults[i];
    f.when.services = service_indices(fault_service_names_[i], fault_at_[i], "service");
    if (!f.when.route.empty()) {
      bool found = false;
      for (std::size_t s = 0; s < w_.services.size(); ++s) {
        bool in_scope = f.when.services.empty() ||
                        std::find(f.when.services.begin(), f.when.services.end(), static_cast<int>(s)) != f.when.services.end();
        if (!in_scope) continue;
        for (const auto& rt : w_.services[s].routes) found = found || rt.id == f.when.route;
      }
      if (!found) r_.error(json_pointer(fault_at_[i], "route"), "no route \"" + f.when.route + "\" in the fault's services");
    }
    if (fault_precedes_routing(f.kind) && !f.when.route.empty())
      r_.error(json_pointer(fault_at_[i], "route"), std::string("a ") + to_string(f.kind) + " fault happens before any route is chosen: use \"service\" instead");
  }
  for (std::size_t i = 0; i < w_.services.size() && i < issuer_refs_.size(); ++i) {
    AuthSpec& a = w_.services[i].auth;
    if (a.type != AuthType::bearer || a.issuer_id.empty()) continue;
    int s = w_.find_service(a.issuer_id);
    if (s < 0)
      r_.error(issuer_refs_[i].first, "no service \"" + a.issuer_id + "\" in world.services");
    else if (w_.services[s].kind == ServiceKind::http)
      r_.error(issuer_refs_[i].first, "service \"" + a.issuer_id + "\" does not issue tokens (its kind must be oauth or metadata)");
    a.issuer = s;
  }
  for (std::size_t i = 0; i < w_.api_keys.size() && i < key_at_.size(); ++i) {
    w_.api_keys[i].services = service_indices(key_service_names_[i], key_at_[i], "services");
    for (int s : w_.api_keys[i].services)
      if (w_.services[s].auth.type != AuthType::api_key)
        r_.warning(json_pointer(key_at_[i], "services"), "service \"" + w_.services[s].id + "\" does not use api_key auth");
  }
  for (std::size_t i = 0; i < w_.scenarios.size() && i < scenario_at_.size(); ++i)
    w_.scenarios[i].services = service_indices(scenario_service_names_[i], scenario_at_[i], "services");
}

std::optional<WorldSpec> Parser::world(const Json& j, const std::string& at) {
  std::size_t errors_before = r_.diagnostics().error_count();
  if (!j.is_object()) {
    r_.error(at, "expected the world (an object with \"services\"), found " + json_type_name(j));
    return std::nullopt;
  }
  r_.reject_unknown_keys(j, at, {"start", "network", "secrets", "api_keys", "services", "faults", "scenarios", "description"});
  if (get(j, "start")) {
    std::string start = r_.string(j, at, "start").value_or("");
    if (!parse_iso8601(start, &w_.epoch_seconds))
      r_.error(json_pointer(at, "start"), "expected a UTC time like \"2026-01-01T00:00:00Z\", found \"" + start + "\"");
  }
  w_.network.latency.kind = Distribution::Kind::fixed;
  w_.network.latency.fixed = 20 * kMicrosPerMs;
  if (const Json* n = get(j, "network")) {
    std::string na = json_pointer(at, "network");
    if (want_object(*n, na, "network settings")) {
      r_.reject_unknown_keys(*n, na, {"latency", "error_delay_ms"});
      if (const Json* l = get(*n, "latency")) w_.network.latency = distribution(*l, json_pointer(na, "latency"));
      if (const Json* e = get(*n, "error_delay_ms")) w_.network.error_delay = millis(*e, json_pointer(na, "error_delay_ms"));
    }
  }
  // Scenarios first: routes and faults refer to them.
  if (const Json* ss = get(j, "scenarios")) {
    std::string sa = json_pointer(at, "scenarios");
    if (!ss->is_array()) r_.error(sa, "expected an array of scenarios, found " + json_type_name(*ss));
    else
      for (std::size_t i = 0; i < ss->size(); ++i) scenario((*ss)[i], json_pointer(sa, i));
  }
  if (const Json* ss = r_.array(j, at, "services")) {
    std::string sa = json_pointer(at, "services");
    if (ss->empty()) r_.error(sa, "a world needs at least one service");
    for (std::size_t i = 0; i < ss->size(); ++i) service((*ss)[i], json_pointer(sa, i));
  }
  if (const Json* fs = get(j, "faults")) {
    std::string fa = json_pointer(at, "faults");
    if (!fs->is_array()) r_.error(fa, "expected an array of faults, found " + json_type_name(*fs));
    else
      for (std::size_t i = 0; i < fs->size(); ++i) fault((*fs)[i], json_pointer(fa, i));
  }
  if (const Json* ks = get(j, "api_keys")) {
    std::string ka = json_pointer(at, "api_keys");
    std::set<std::string> names, keys;
    if (!ks->is_array()) r_.error(ka, "expected an array of API keys, found " + json_type_name(*ks));
    else
      for (std::size_t i = 0; i < ks->size(); ++i) api_key((*ks)[i], json_pointer(ka, i), names, keys);
  }
  if (const Json* s = get(j, "secrets")) secrets(*s, json_pointer(at, "secrets"));
  resolve();
  // Scenario references from routes and faults.
  for (auto& ref : scenario_refs_) {
    int sc = ref.scenario.empty() ? -1 : w_.find_scenario(ref.scenario);
    if (ref.scenario.empty()) r_.error(ref.at, "\"state\" needs \"scenario\" (which scenario's state)");
    else if (sc < 0) r_.error(json_pointer(ref.at, "scenario"), "no scenario \"" + ref.scenario + "\" in world.scenarios");
    if (ref.states.empty() && !ref.scenario.empty()) r_.error(ref.at, "\"scenario\" needs \"state\" (a state name or a list of them)");
  }
  // Bind the references to routes and faults now that their vectors no longer move.
  {
    // Routes and faults were parsed in document order: services (routes) before faults.
    for (std::size_t s = 0; s < w_.services.size(); ++s)
      for (std::size_t r = 0; r < w_.services[s].routes.size(); ++r) {
        std::string p = json_pointer(json_pointer(json_pointer(json_pointer(at, "services"), s), "routes"), r);
        for (auto& ref : scenario_refs_)
          if (ref.at == p) ref.scenario_out = &w_.services[s].routes[r].scenario, ref.states_out = &w_.services[s].routes[r].states;
      }
    for (std::size_t f = 0; f < w_.faults.size() && f < fault_at_.size(); ++f)
      for (auto& ref : scenario_refs_)
        if (ref.at == fault_at_[f]) ref.scenario_out = &w_.faults[f].when.scenario, ref.states_out = &w_.faults[f].when.states;
    for (auto& ref : scenario_refs_) {
      int sc = ref.scenario.empty() ? -1 : w_.find_scenario(ref.scenario);
      if (sc < 0 || !ref.scenario_out) continue;
      *ref.scenario_out = sc;
      const auto& states = w_.scenarios[sc].states;
      for (const auto& name : ref.states) {
        auto it = std::find(states.begin(), states.end(), name);
        if (it == states.end())
          r_.error(json_pointer(ref.at, "state"), "scenario \"" + ref.scenario + "\" has no state \"" + name + "\" (states: " + join_some(states) + ")");
        else
          ref.states_out->push_back(static_cast<int>(it - states.begin()));
      }
    }
  }
  if (r_.diagnostics().error_count() > errors_before) return std::nullopt;
  return std::move(w_);
}

}  // namespace

int WorldSpec::find_service(std::string_view id) const {
  for (std::size_t i = 0; i < services.size(); ++i)
    if (services[i].id == id) return static_cast<int>(i);
  return -1;
}

int WorldSpec::find_service_by_host(std::string_view host) const {
  for (std::size_t i = 0; i < services.size(); ++i)
    if (services[i].host == host) return static_cast<int>(i);
  return -1;
}

int WorldSpec::find_scenario(std::string_view id) const {
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    if (scenarios[i].id == id) return static_cast<int>(i);
  return -1;
}

Micros Distribution::sample(Rng& rng) const {
  double us = 0;
  switch (kind) {
    case Kind::none: return 0;
    case Kind::fixed: return fixed;
    case Kind::uniform: us = rng.uniform(static_cast<double>(min), static_cast<double>(max)); break;
    case Kind::exponential:
      us = rng.exponential(static_cast<double>(mean));
      if (cap > 0 && us > static_cast<double>(cap)) us = static_cast<double>(cap);
      break;
    case Kind::lognormal: us = rng.lognormal_capped(static_cast<double>(median), sigma, static_cast<double>(cap)); break;
  }
  if (!(us > 0)) return 0;
  if (us > 1e15) us = 1e15;
  return static_cast<Micros>(fl_floor(us + 0.5));
}

std::optional<WorldSpec> parse_world(const Json& world, const std::string& file, const std::string& pointer,
                                     Diagnostics& diags) {
  Parser p(file, diags);
  try {
    return p.world(world, pointer);
  } catch (const std::exception& e) {  // defensive: nlohmann type errors must not escape
    diags.error(file, pointer, std::string("internal error while reading the world: ") + e.what());
    return std::nullopt;
  }
}

std::optional<WorldSpec> parse_world_text(const std::string& text, const std::string& file, Diagnostics& diags) {
  auto j = parse_json(text, file, diags);
  if (!j) return std::nullopt;
  return parse_world(*j, file, "", diags);
}

}  // namespace fl::sim
