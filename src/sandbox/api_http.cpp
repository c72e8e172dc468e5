// http.request: the learner's HTTP client. Lua zone, except the noexcept helpers that fill
// the request and call the host (C++ zone).
//
//   local res, err = http.request{ method = "POST", url = "https://payments.mock/v1/charges",
//     headers = { ["Idempotency-Key"] = key }, json = { amount = 1200 }, timeout = 5 }
//   -- res: status, headers (case-insensitive), body, json (decoded on first use), elapsed
//   -- err: { kind = "timeout"|"dns"|"refused"|"reset", message = ..., elapsed = ... }
#include <cinttypes>
#include <cmath>
#include <new>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sandbox/internal.h"

namespace fl::sandbox::detail {

namespace {

// Real servers refuse a request with hundreds of headers (431); here it would also mean
// validating and sorting them in C on every call.
constexpr std::size_t kMaxRequestHeaders = 100;

struct RequestViews {
  char method[16];
  const char* url;
  std::size_t url_len;
  const char* body;
  std::size_t body_len;
  bool json_body;
  std::int64_t timeout_us;
};

bool is_tchar(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != 0;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int header_cmp(const void* x, const void* y) {
  const auto* a = static_cast<const HeaderView*>(x);
  const auto* b = static_cast<const HeaderView*>(y);
  std::size_t n = a->name_len < b->name_len ? a->name_len : b->name_len;
  for (std::size_t i = 0; i < n; ++i) {
    char ca = lower(a->name[i]), cb = lower(b->name[i]);
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  if (a->name_len != b->name_len) return a->name_len < b->name_len ? -1 : 1;
  int c = std::memcmp(a->name, b->name, n);
  return c;
}

bool has_header(const RawArray<HeaderView>& hv, const char* name) {
  std::size_t n = std::strlen(name);
  for (std::size_t i = 0; i < hv.len; ++i) {
    if (hv.data[i].name_len != n) continue;
    bool same = true;
    for (std::size_t j = 0; j < n && same; ++j) same = lower(hv.data[i].name[j]) == lower(name[j]);
    if (same) return true;
  }
  return false;
}

// C++ zone: copies the views into the agent's reusable Request and sends it.
bool fill_and_send(Impl& sb, Agent& a, Task& t, const RequestViews& v, const RawArray<HeaderView>& hv,
                   const Origin& origin, WaitToken token, char* err, std::size_t err_size) noexcept {
  try {
    Request& r = a.scratch.request;
    r.method.assign(v.method);
    r.url.assign(v.url, v.url_len);
    r.body.assign(v.body ? v.body : "", v.body_len);
    r.timeout_us = v.timeout_us;
    r.headers.resize(hv.len + (v.json_body ? 1 : 0));
    std::size_t i = 0;
    for (; i < hv.len; ++i) {
      r.headers[i].name.assign(hv.data[i].name, hv.data[i].name_len);
      r.headers[i].value.assign(hv.data[i].value, hv.data[i].value_len);
    }
    if (v.json_body) {
      r.headers[i].name.assign("Content-Type");
      r.headers[i].value.assign("application/json");
    }
    t.wait_what.assign(r.method);  // describe_waits prints "http.request " + this
    t.wait_what.push_back(' ');
    t.wait_what.append(r.url, 0, 200);
    t.wait_no_timeout = v.timeout_us <= 0;
    sb.host().send_request(origin, r, token);
    return true;
  } catch (const std::exception& e) {
    std::snprintf(err, err_size, "%s", e.what());
  } catch (...) {
    std::snprintf(err, err_size, "unknown exception");
  }
  return false;
}

[[noreturn]] void internal_error(lua_State* L, const char* what) {
  Impl& sb = sandbox_of(L);
  char msg[600];
  std::snprintf(msg, sizeof msg, "internal error in the simulator: %s", what);
  sb.end_run(Status::error, "", msg, agent_of(L).index, learner_line(L, 1), "");
  lua_rawgeti(L, LUA_REGISTRYINDEX, agent_of(L).refs.limit_error);
  lua_error(L);
  __builtin_unreachable();
}

int push_response(lua_State* L);

int http_k(lua_State* L, int, lua_KContext) { return push_response(L); }

// The response object: a userdata (cheaper to make than a table with a headers table, which
// matters at a million requests per second) that reads like a table. It owns no C++ memory
// (no finalizer): user values 1 = body, 2 = the headers, packed as "name\0value\0..." until
// first used and then the headers table, 3 = decoded json (false when the body is not JSON),
// 4 = fields the learner set on it.
struct ResponseBox {
  int status;
  double elapsed;
};

int push_response(lua_State* L) {
  Agent& a = agent_of(L);
  Task* t = a.sb->current();
  HttpResult& r = t->http;
  double elapsed = static_cast<double>(r.elapsed_us) / 1e6;
  if (!r.ok) {
    lua_pushnil(L);
    lua_createtable(L, 0, 3);
    lua_pushlstring(L, r.error_kind.data(), r.error_kind.size());
    lua_setfield(L, -2, "kind");
    lua_pushlstring(L, r.error_message.data(), r.error_message.size());
    lua_setfield(L, -2, "message");
    lua_pushnumber(L, elapsed);
    lua_setfield(L, -2, "elapsed");
    return 2;
  }
  Response& res = r.response;
  auto* box = static_cast<ResponseBox*>(lua_newuserdatauv(L, sizeof(ResponseBox), 4));
  box->status = res.status;
  box->elapsed = elapsed;
  lua_rawgeti(L, LUA_REGISTRYINDEX, a.refs.response_mt);
  lua_setmetatable(L, -2);
  lua_pushlstring(L, res.body.data(), res.body.size());
  lua_setiuservalue(L, -2, 1);
  RawArray<char>& packed = a.scratch.out;
  packed.len = 0;
  for (const Header& h : res.headers) {
    if (!packed.append(h.name.data(), h.name.size()) || !packed.push('\0') ||
        !packed.append(h.value.data(), h.value.size()) || !packed.push('\0')) {
      lua_pushliteral(L, "not enough memory");
      lua_error(L);
    }
  }
  lua_pushlstring(L, packed.data ? packed.data : "", packed.len);
  lua_setiuservalue(L, -2, 2);
  return 1;
}

ResponseBox* check_response(lua_State* L) {
  return static_cast<ResponseBox*>(luaL_checkudata(L, 1, "response"));
}

// The response's metamethods are only ever called by Lua with a response as the first
// argument (its metatable is locked, so learner code cannot call them directly): no check.
ResponseBox* self_response(lua_State* L) { return static_cast<ResponseBox*>(lua_touserdata(L, 1)); }

// Builds the headers table from the packed string at the top (replacing it).
void push_headers(lua_State* L) {
  std::size_t len = 0;
  const char* p = lua_tolstring(L, -1, &len);
  const char* end = p + len;
  lua_createtable(L, 0, 4);
  while (p < end) {
    const char* name = p;
    std::size_t name_len = std::strlen(name);
    const char* value = name + name_len + 1;
    std::size_t value_len = std::strlen(value);
    p = value + value_len + 1;
    char lowered[256];
    std::size_t n = name_len < sizeof lowered ? name_len : sizeof lowered;
    for (std::size_t i = 0; i < n; ++i) lowered[i] = lower(name[i]);
    lua_pushlstring(L, lowered, n);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, -3) == LUA_TSTRING) {  // repeated field: join with ", " (RFC 9110)
      lua_pushliteral(L, ", ");
      lua_pushlstring(L, value, value_len);
      lua_concat(L, 3);
    } else {
      lua_pop(L, 1);
      lua_pushlstring(L, value, value_len);
    }
    lua_rawset(L, -3);
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, agent_of(L).refs.headers_mt);
  lua_setmetatable(L, -2);
  lua_replace(L, -2);
}

// Pushes field `k` (a string at index 2) of the response at index 1.
void push_response_field(lua_State* L, ResponseBox* box, const char* k) {
  Agent& a = agent_of(L);
  if (k == a.keys.status) {
    lua_pushinteger(L, box->status);
  } else if (k == a.keys.body) {
    lua_getiuservalue(L, 1, 1);
  } else if (k == a.keys.elapsed) {
    lua_pushnumber(L, box->elapsed);
  } else if (k == a.keys.headers) {
    if (lua_getiuservalue(L, 1, 2) == LUA_TSTRING) {  // still packed: build the table once
      push_headers(L);
      lua_pushvalue(L, -1);
      lua_setiuservalue(L, 1, 2);
    }
  } else if (k == a.keys.json) {
    if (lua_getiuservalue(L, 1, 3) == LUA_TNIL) {
      lua_pop(L, 1);
      lua_getiuservalue(L, 1, 1);
      std::size_t n = 0;
      const char* body = lua_tolstring(L, -1, &n);
      char error[200];
      if (!body || !json_decode(L, a, body, n, a.sb->config().limits.json_depth, error, sizeof error)) {
        lua_pushboolean(L, 0);
      }
      lua_pushvalue(L, -1);
      lua_setiuservalue(L, 1, 3);
    }
    if (lua_type(L, -1) == LUA_TBOOLEAN) {  // remembered failure
      lua_pop(L, 1);
      lua_pushnil(L);
    }
  } else {
    lua_pushnil(L);
  }
}

int response_index(lua_State* L) {
  ResponseBox* box = self_response(L);
  if (lua_getiuservalue(L, 1, 4) == LUA_TTABLE) {  // the learner's own fields first
    lua_pushvalue(L, 2);
    if (lua_rawget(L, -2) != LUA_TNIL) return 1;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  push_response_field(L, box, lua_tostring(L, 2));
  return 1;
}

int response_newindex(lua_State* L) {
  if (lua_getiuservalue(L, 1, 4) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, 1, 4);
  }
  lua_pushvalue(L, 2);
  lua_pushvalue(L, 3);
  lua_rawset(L, -3);
  return 0;
}

// pairs(res): status, body, elapsed, headers, then the learner's own fields.
int response_next(lua_State* L) {
  ResponseBox* box = check_response(L);
  Agent& a = agent_of(L);
  const char* order[] = {a.keys.status, a.keys.body, a.keys.elapsed, a.keys.headers};
  int at = 0;  // index in `order` of the next key
  if (!lua_isnil(L, 2)) {
    const char* k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : nullptr;
    at = 4;
    for (int i = 0; i < 4; ++i)
      if (k == order[i]) at = i + 1;
    if (at == 4 && k != order[3]) {  // a key of the learner's fields
      if (lua_getiuservalue(L, 1, 4) != LUA_TTABLE) return 0;
      lua_pushvalue(L, 2);
      return lua_next(L, -2) ? 2 : 0;
    }
  }
  if (at < 4) {
    lua_pushstring(L, order[at]);
    lua_pushvalue(L, -1);
    lua_replace(L, 2);
    push_response_field(L, box, order[at]);
    return 2;
  }
  if (lua_getiuservalue(L, 1, 4) != LUA_TTABLE) return 0;
  lua_pushnil(L);
  return lua_next(L, -2) ? 2 : 0;
}

int response_pairs(lua_State* L) {
  lua_pushcfunction(L, response_next);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

int response_tostring(lua_State* L) {
  ResponseBox* box = self_response(L);
  lua_pushfstring(L, "response: %d", box->status);
  return 1;
}

int l_request(lua_State* L) {
  Agent& a = agent_of(L);
  Impl& sb = *a.sb;
  Task* t = sb.current();
  if (!t) return api_error(L, "http.request cannot be called here");
  RequestViews v{};
  std::memcpy(v.method, "GET", 4);
  RawArray<HeaderView>& hv = a.scratch.headers;
  hv.len = 0;
  int json_idx = 0, headers_idx = 0;
  if (lua_type(L, 1) == LUA_TSTRING) {  // http.request(url): a GET without a timeout
    v.url = lua_tolstring(L, 1, &v.url_len);
  } else if (lua_type(L, 1) == LUA_TTABLE) {
    lua_settop(L, 1);
    // The known fields by lookup (the names are upvalues 1-6), most common first, stopping
    // once every entry of the table is accounted for; if some entry is not a known field (a
    // typo such as "timout"), that is an error, not silently ignored.
    const auto entries = static_cast<int>(lua_fl_count(L, 1));
    int found = 0;
    int vt;
    if (found < entries) {
      lua_settop(L, 1);
      lua_pushvalue(L, lua_upvalueindex(2));
      if ((vt = lua_rawget(L, 1)) != LUA_TNIL) {
        ++found;
        if (vt != LUA_TSTRING)
          return api_error(L, "http.request: 'url' must be a string like \"https://echo.mock/get\", got %s",
                           luaL_typename(L, -1));
        v.url = lua_tolstring(L, -1, &v.url_len);  // the request table keeps it alive
      }
    }
    if (found < entries) {
      lua_settop(L, 1);
      lua_pushvalue(L, lua_upvalueindex(6));
      if ((vt = lua_rawget(L, 1)) != LUA_TNIL) {
        ++found;
        if (vt != LUA_TNUMBER)
          return api_error(L, "http.request: 'timeout' must be a number of seconds, got %s", luaL_typename(L, -1));
        double s = lua_tonumber(L, -1);
        if (std::isnan(s)) return api_error(L, "http.request: 'timeout' must be a positive number of seconds, got NaN");
        if (!(s > 0) || std::isinf(s))
          return api_error(L, "http.request: 'timeout' must be a positive, finite number of seconds, got %s",
                           luaL_tolstring(L, -1, nullptr));
        double us = std::ceil(s * 1e6);
        v.timeout_us = us > 1e15 ? static_cast<std::int64_t>(1e15) : static_cast<std::int64_t>(us);
      }
    }
    if (found < entries) {
      lua_settop(L, 1);
      lua_pushvalue(L, lua_upvalueindex(1));
      if ((vt = lua_rawget(L, 1)) != LUA_TNIL) {
        ++found;
        if (vt != LUA_TSTRING) return api_error(L, "http.request: 'method' must be a string like \"GET\", got %s", luaL_typename(L, -1));
        std::size_t n = 0;
        const char* m = lua_tolstring(L, -1, &n);
        if (n == 0 || n >= sizeof v.method) return api_error(L, "http.request: invalid method \"%s\"", m);
        for (std::size_t i = 0; i < n; ++i) {
          char c = m[i];
          if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
          if (c < 'A' || c > 'Z') return api_error(L, "http.request: invalid method \"%s\" (letters only)", m);
          v.method[i] = c;
        }
        v.method[n] = '\0';
      }
    }
    if (found < entries) {
      lua_settop(L, 1);
      lua_pushvalue(L, lua_upvalueindex(3));
      if ((vt = lua_rawget(L, 1)) != LUA_TNIL) {
        ++found;
        if (vt != LUA_TTABLE)
          return api_error(L, "http.request: 'headers' must be a table of name = value strings, got %s",
                           luaL_typename(L, -1));
        headers_idx = 1;
      }
    }
    if (found < entries) {
      lua_settop(L, 1);
      lua_pushvalue(L, lua_upvalueindex(5));
      if (lua_rawget(L, 1) != LUA_TNIL) {
        ++found;
        json_idx = 1;
      }
    }
    if (found < entries) {
      lua_settop(L, 1);
      lua_pushvalue(L, lua_upvalueindex(4));
      if ((vt = lua_rawget(L, 1)) != LUA_TNIL) {
        ++found;
        if (vt != LUA_TSTRING)
          return api_error(L, "http.request: 'body' must be a string (use json = {...} for a JSON body), got %s",
                           luaL_typename(L, -1));
        v.body = lua_tolstring(L, -1, &v.body_len);
      }
    }
    lua_settop(L, 1);
    if (found != entries) {
      // Find the stranger for the message (the slow path).
      lua_pushnil(L);
      while (lua_next(L, 1)) {
        lua_pop(L, 1);
        const char* k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : nullptr;
        if (!k)
          return api_error(L, "http.request: unexpected %s key in the request table (expected method, url, "
                              "headers, body, json, timeout)",
                           luaL_typename(L, -1));
        if (k != a.keys.method && k != a.keys.url && k != a.keys.headers && k != a.keys.body && k != a.keys.json &&
            k != a.keys.timeout)
          return api_error(L,
                           "http.request: unknown field '%s' (expected method, url, headers, body, json, timeout)", k);
      }
    }
  } else {
    return api_error(L, "http.request expects a table like { method = \"GET\", url = \"https://...\" }, got %s",
                     luaL_typename(L, 1));
  }
  if (!v.url) return api_error(L, "http.request: missing 'url' (a string like \"https://echo.mock/get\")");
  if (!(v.url_len > 7 && (std::strncmp(v.url, "http://", 7) == 0 || std::strncmp(v.url, "https://", 8) == 0)))
    return api_error(L, "http.request: 'url' must start with https:// or http://, got \"%s\"", v.url);
  for (std::size_t i = 0; i < v.url_len; ++i)
    if (static_cast<unsigned char>(v.url[i]) <= 0x20 || v.url[i] == 0x7f)
      return api_error(L, "http.request: 'url' contains a space or a control character (percent-encode it)");
  if (json_idx && v.body) return api_error(L, "http.request: give either 'body' or 'json', not both");
  if (headers_idx) {
    lua_getfield(L, 1, "headers");
    int h = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, h)) {
      if (hv.len >= kMaxRequestHeaders)
        return api_error(L, "http.request: more than %d headers (servers refuse such a request with 431)",
                         static_cast<int>(kMaxRequestHeaders));
      if (lua_type(L, -2) != LUA_TSTRING)
        return api_error(L, "http.request: header names must be strings, got %s", luaL_typename(L, -2));
      HeaderView view{};
      view.name = lua_tolstring(L, -2, &view.name_len);
      if (view.name_len == 0) return api_error(L, "http.request: empty header name");
      for (std::size_t i = 0; i < view.name_len; ++i)
        if (!is_tchar(static_cast<unsigned char>(view.name[i])))
          return api_error(L, "http.request: invalid header name \"%s\"", view.name);
      if (lua_type(L, -1) != LUA_TSTRING)
        return api_error(L, "http.request: header '%s' must be a string, got %s (use tostring)", view.name,
                         luaL_typename(L, -1));
      view.value = lua_tolstring(L, -1, &view.value_len);
      for (std::size_t i = 0; i < view.value_len; ++i) {
        auto c = static_cast<unsigned char>(view.value[i]);
        if ((c < 0x20 && c != '\t') || c == 0x7f)
          return api_error(L, "http.request: header '%s' contains a line break or control character", view.name);
      }
      if (!hv.push(view)) return api_error(L, "not enough memory");
      lua_pop(L, 1);
    }
    // the header table stays on the stack (its strings are referenced)
    if (hv.len > 1) std::qsort(hv.data, hv.len, sizeof(HeaderView), header_cmp);
  }
  if (json_idx) {
    lua_getfield(L, 1, "json");
    json_encode(L, a, lua_gettop(L), "http.request: json");
    v.body = lua_tolstring(L, -1, &v.body_len);  // stays on the stack
    v.json_body = !has_header(hv, "Content-Type");
  }
  if (!sb.can_block(L))
    return api_error(L, "http.request cannot wait here: it was called from a function that Lua cannot pause (a "
                        "metamethod such as __tostring or __index, a table.sort comparator, a string.gsub "
                        "callback); call it outside that function");
  if (sb.pending_ops() >= sb.config().limits.pending_events) {
    char msg[160];
    std::snprintf(msg, sizeof msg, "more than %" PRId64 " requests and timers pending at once",
                  sb.config().limits.pending_events);
    sb.raise_limit(L, limit_names::pending_events, msg);
  }
  // The origin's line is not filled in (describe_waits reads it from the suspended coroutine
  // when it needs it); the journal tally takes it once per request.
  Origin origin{a.index, t->id, 0};
  sb.journal_tally().add(JournalKind::request, learner_line(L, 1));  // explains a journal limit
  WaitToken token = sb.begin_wait(*t, Wait::http, 0);
  t->wait_thread = L;
  ++sb.pending_ops();
  ++sb.requests();
  char err[300];
  if (!fill_and_send(sb, a, *t, v, hv, origin, token, err, sizeof err)) internal_error(L, err);
  sb.check_journal(L);  // the request's body and headers are in the journal now
  return sb.yield_blocked(L, 0, http_k);
}

// res.headers["Retry-After"]: looks the name up in lower case.
int headers_index(lua_State* L) {
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  std::size_t n = 0;
  const char* k = lua_tolstring(L, 2, &n);
  char name[256];
  if (n > sizeof name) return 0;
  bool changed = false;
  for (std::size_t i = 0; i < n; ++i) {
    name[i] = lower(k[i]);
    changed = changed || name[i] != k[i];
  }
  if (!changed) return 0;  // already lower case and absent
  lua_pushlstring(L, name, n);
  lua_rawget(L, 1);
  return 1;
}

}  // namespace

void open_http(lua_State* L, Agent& a) {
  const char** slots[] = {&a.keys.method,  &a.keys.url,    &a.keys.headers, &a.keys.body,
                          &a.keys.json,    &a.keys.timeout, &a.keys.status, &a.keys.elapsed};
  const char* names[] = {"method", "url", "headers", "body", "json", "timeout", "status", "elapsed"};
  for (int i = 0; i < 8; ++i) {
    lua_pushstring(L, names[i]);
    *slots[i] = lua_tostring(L, -1);
    luaL_ref(L, LUA_REGISTRYINDEX);  // anchored for the state's life
  }
  lua_createtable(L, 0, 3);
  lua_pushcfunction(L, headers_index);
  lua_setfield(L, -2, "__index");
  lua_pushliteral(L, "headers");
  lua_setfield(L, -2, "__name");
  lock_metatable(L);
  a.refs.headers_mt = luaL_ref(L, LUA_REGISTRYINDEX);
  luaL_newmetatable(L, "response");
  static const luaL_Reg mt[] = {{"__index", response_index},
                                {"__newindex", response_newindex},
                                {"__pairs", response_pairs},
                                {"__tostring", response_tostring},
                                {nullptr, nullptr}};
  luaL_setfuncs(L, mt, 0);
  lock_metatable(L);
  a.refs.response_mt = luaL_ref(L, LUA_REGISTRYINDEX);

  lua_createtable(L, 0, 1);
  for (int i = 0; i < 6; ++i) lua_pushstring(L, names[i]);
  lua_pushcclosure(L, l_request, 6);
  lua_setfield(L, -2, "request");
  lua_setglobal(L, "http");
}

}  // namespace fl::sandbox::detail
