// JSON for learner code: json.encode / json.decode / json.null / json.array, and the
// decoding behind res.json. Lua zone throughout (see internal.h): no C++ allocation, output
// in the Agent's raw buffers, errors raised with lua_error.
//
// Mapping: objects <-> tables with string keys (encoded with keys sorted byte-wise, so the
// output is canonical); arrays <-> sequences 1..n (decoded arrays carry a marker metatable,
// so an empty one encodes back as []); null -> nil in objects (the key is absent) and
// json.null in arrays (positions are kept); integers stay integers when they fit.
#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sandbox/internal.h"

namespace fl::sandbox::detail {

namespace {

// --- decoding -------------------------------------------------------------------------------

struct Decoder {
  lua_State* L;
  Agent* a;
  const char* begin;
  const char* p;
  const char* end;
  int max_depth;
  char* error;
  std::size_t error_size;
  bool failed;
};

bool fail(Decoder& d, const char* what) {
  if (d.failed) return false;
  d.failed = true;
  int line = 1, col = 1;
  for (const char* q = d.begin; q < d.p && q < d.end; ++q) {
    if (*q == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  if (d.p >= d.end)
    std::snprintf(d.error, d.error_size, "%s at the end of the text (line %d, column %d)", what, line, col);
  else if (static_cast<unsigned char>(*d.p) >= 0x20 && static_cast<unsigned char>(*d.p) < 0x7f)
    std::snprintf(d.error, d.error_size, "%s near '%c' (line %d, column %d)", what, *d.p, line, col);
  else
    std::snprintf(d.error, d.error_size, "%s (line %d, column %d)", what, line, col);
  return false;
}

void skip_ws(Decoder& d) {
  while (d.p < d.end && (*d.p == ' ' || *d.p == '\t' || *d.p == '\n' || *d.p == '\r')) ++d.p;
}

int hex4(const char* s) {
  int v = 0;
  for (int i = 0; i < 4; ++i) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= c - '0';
    else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
    else return -1;
  }
  return v;
}

void add_utf8(luaL_Buffer* b, unsigned long cp) {
  char out[4];
  int n;
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    n = 1;
  } else if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 4;
  }
  luaL_addlstring(b, out, static_cast<std::size_t>(n));
}

// Pushes the string starting after the opening quote.
bool decode_string(Decoder& d) {
  const char* start = d.p;
  const char* q = d.p;
  while (q < d.end && *q != '"' && *q != '\\' && static_cast<unsigned char>(*q) >= 0x20) ++q;
  if (q < d.end && *q == '"') {  // the common case: no escapes
    lua_pushlstring(d.L, start, static_cast<std::size_t>(q - start));
    d.p = q + 1;
    return true;
  }
  luaL_Buffer b;
  luaL_buffinit(d.L, &b);
  luaL_addlstring(&b, start, static_cast<std::size_t>(q - start));
  d.p = q;
  while (true) {
    if (d.p >= d.end) {
      luaL_pushresult(&b);
      lua_pop(d.L, 1);
      return fail(d, "unterminated string");
    }
    char c = *d.p;
    if (c == '"') {
      ++d.p;
      break;
    }
    if (static_cast<unsigned char>(c) < 0x20) {
      luaL_pushresult(&b);
      lua_pop(d.L, 1);
      return fail(d, "control character in a string");
    }
    if (c != '\\') {
      luaL_addchar(&b, c);
      ++d.p;
      continue;
    }
    if (d.p + 1 >= d.end) {
      luaL_pushresult(&b);
      lua_pop(d.L, 1);
      return fail(d, "unterminated string");
    }
    char e = d.p[1];
    d.p += 2;
    switch (e) {
      case '"': luaL_addchar(&b, '"'); break;
      case '\\': luaL_addchar(&b, '\\'); break;
      case '/': luaL_addchar(&b, '/'); break;
      case 'b': luaL_addchar(&b, '\b'); break;
      case 'f': luaL_addchar(&b, '\f'); break;
      case 'n': luaL_addchar(&b, '\n'); break;
      case 'r': luaL_addchar(&b, '\r'); break;
      case 't': luaL_addchar(&b, '\t'); break;
      case 'u': {
        int v = (d.end - d.p >= 4) ? hex4(d.p) : -1;
        if (v < 0) {
          luaL_pushresult(&b);
          lua_pop(d.L, 1);
          return fail(d, "bad \\u escape");
        }
        d.p += 4;
        unsigned long cp = static_cast<unsigned long>(v);
        if (cp >= 0xD800 && cp <= 0xDBFF && d.end - d.p >= 6 && d.p[0] == '\\' && d.p[1] == 'u') {
          int lo = hex4(d.p + 2);
          if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<unsigned long>(lo) - 0xDC00);
            d.p += 6;
          }
        }
        add_utf8(&b, cp);
        break;
      }
      default:
        --d.p;
        luaL_pushresult(&b);
        lua_pop(d.L, 1);
        return fail(d, "bad escape in a string");
    }
  }
  luaL_pushresult(&b);
  return true;
}

bool decode_number(Decoder& d) {
  const char* s = d.p;
  const char* q = s;
  bool is_float = false;
  if (q < d.end && *q == '-') ++q;
  if (q >= d.end || !(*q >= '0' && *q <= '9')) return fail(d, "invalid number");
  if (*q == '0') {
    ++q;
  } else {
    while (q < d.end && *q >= '0' && *q <= '9') ++q;
  }
  if (q < d.end && *q == '.') {
    is_float = true;
    ++q;
    if (q >= d.end || !(*q >= '0' && *q <= '9')) return fail(d, "invalid number");
    while (q < d.end && *q >= '0' && *q <= '9') ++q;
  }
  if (q < d.end && (*q == 'e' || *q == 'E')) {
    is_float = true;
    ++q;
    if (q < d.end && (*q == '+' || *q == '-')) ++q;
    if (q >= d.end || !(*q >= '0' && *q <= '9')) return fail(d, "invalid number");
    while (q < d.end && *q >= '0' && *q <= '9') ++q;
  }
  std::size_t n = static_cast<std::size_t>(q - s);
  char buf[128];
  if (n >= sizeof buf) return fail(d, "number too long");
  std::memcpy(buf, s, n);
  buf[n] = '\0';
  d.p = q;
  if (!is_float) {
    errno = 0;
    char* endp = nullptr;
    long long v = std::strtoll(buf, &endp, 10);
    if (errno == 0 && endp == buf + n) {
      lua_pushinteger(d.L, static_cast<lua_Integer>(v));
      return true;
    }
  }
  lua_pushnumber(d.L, std::strtod(buf, nullptr));
  return true;
}

bool decode_value(Decoder& d, int depth, bool in_array);

bool decode_literal(Decoder& d, const char* word, std::size_t n) {
  if (static_cast<std::size_t>(d.end - d.p) < n || std::memcmp(d.p, word, n) != 0) return fail(d, "unexpected character");
  d.p += n;
  return true;
}

bool decode_value(Decoder& d, int depth, bool in_array) {
  skip_ws(d);
  if (d.p >= d.end) return fail(d, "unexpected end");
  char c = *d.p;
  switch (c) {
    case '{': {
      if (depth >= d.max_depth) return fail(d, "nested too deeply");
      luaL_checkstack(d.L, 6, "json.decode: nested too deeply");
      ++d.p;
      lua_createtable(d.L, 0, 4);
      skip_ws(d);
      if (d.p < d.end && *d.p == '}') {
        ++d.p;
        return true;
      }
      while (true) {
        skip_ws(d);
        if (d.p >= d.end || *d.p != '"') {
          lua_pop(d.L, 1);
          return fail(d, "expected a string key");
        }
        ++d.p;
        if (!decode_string(d)) {
          lua_pop(d.L, 1);
          return false;
        }
        skip_ws(d);
        if (d.p >= d.end || *d.p != ':') {
          lua_pop(d.L, 2);
          return fail(d, "expected ':'");
        }
        ++d.p;
        if (!decode_value(d, depth + 1, false)) {
          lua_pop(d.L, 2);
          return false;
        }
        if (lua_isnil(d.L, -1))
          lua_pop(d.L, 2);  // null in an object: the key is absent
        else
          lua_rawset(d.L, -3);
        skip_ws(d);
        if (d.p < d.end && *d.p == ',') {
          ++d.p;
          continue;
        }
        if (d.p < d.end && *d.p == '}') {
          ++d.p;
          return true;
        }
        lua_pop(d.L, 1);
        return fail(d, "expected ',' or '}'");
      }
    }
    case '[': {
      if (depth >= d.max_depth) return fail(d, "nested too deeply");
      luaL_checkstack(d.L, 6, "json.decode: nested too deeply");
      ++d.p;
      lua_createtable(d.L, 4, 0);
      lua_rawgeti(d.L, LUA_REGISTRYINDEX, d.a->refs.array_mt);
      lua_setmetatable(d.L, -2);
      skip_ws(d);
      if (d.p < d.end && *d.p == ']') {
        ++d.p;
        return true;
      }
      lua_Integer i = 0;
      while (true) {
        if (!decode_value(d, depth + 1, true)) {
          lua_pop(d.L, 1);
          return false;
        }
        lua_rawseti(d.L, -2, ++i);
        skip_ws(d);
        if (d.p < d.end && *d.p == ',') {
          ++d.p;
          continue;
        }
        if (d.p < d.end && *d.p == ']') {
          ++d.p;
          return true;
        }
        lua_pop(d.L, 1);
        return fail(d, "expected ',' or ']'");
      }
    }
    case '"':
      ++d.p;
      return decode_string(d);
    case 't':
      if (!decode_literal(d, "true", 4)) return false;
      lua_pushboolean(d.L, 1);
      return true;
    case 'f':
      if (!decode_literal(d, "false", 5)) return false;
      lua_pushboolean(d.L, 0);
      return true;
    case 'n':
      if (!decode_literal(d, "null", 4)) return false;
      if (in_array)
        lua_rawgeti(d.L, LUA_REGISTRYINDEX, d.a->refs.null_value);
      else
        lua_pushnil(d.L);
      return true;
    default:
      if (c == '-' || (c >= '0' && c <= '9')) return decode_number(d);
      return fail(d, "unexpected character");
  }
}

// --- encoding -------------------------------------------------------------------------------

struct Encoder {
  lua_State* L;
  Agent* a;
  int max_depth;
  std::size_t max_bytes;
  const char* what;  // "json.encode", "log.info", ...
};

[[noreturn]] void encode_error(Encoder& e, const char* problem) {
  // "json.encode: cannot encode a function (at $.handlers[2])"
  lua_State* L = e.L;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, e.what);
  luaL_addstring(&b, ": ");
  luaL_addstring(&b, problem);
  RawArray<PathStep>& path = e.a->scratch.path;
  if (path.len > 0) {
    luaL_addstring(&b, " (at $");
    std::size_t from = 0;
    if (path.len > 8) {  // deep paths (a cycle): the last steps are the telling ones
      luaL_addstring(&b, "...");
      from = path.len - 8;
    }
    for (std::size_t i = from; i < path.len; ++i) {
      const PathStep& s = path.data[i];
      char num[32];
      if (s.key) {
        luaL_addchar(&b, '.');
        luaL_addlstring(&b, s.key, s.len > 60 ? 60 : s.len);
      } else {
        std::snprintf(num, sizeof num, "[%lld]", s.index);
        luaL_addstring(&b, num);
      }
    }
    luaL_addchar(&b, ')');
  }
  luaL_pushresult(&b);
  // position of the learner's call
  lua_Debug ar;
  int line = 0;
  for (int i = 1; i < 40 && lua_getstack(L, i, &ar); ++i) {
    lua_getinfo(L, "Sl", &ar);
    if (ar.what[0] != 'C' && ar.currentline > 0 && std::strcmp(ar.source, "=[faultline]") != 0) {
      lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
      lua_insert(L, -2);
      lua_concat(L, 2);
      line = ar.currentline;
      break;
    }
  }
  (void)line;
  lua_error(L);
  __builtin_unreachable();
}

void out_raw(Encoder& e, const char* s, std::size_t n) {
  RawArray<char>& out = e.a->scratch.out;
  if (out.len + n > e.max_bytes) {
    Impl& sb = *e.a->sb;
    char msg[200];
    std::snprintf(msg, sizeof msg, "string size limit: %s would produce more than %zu bytes of JSON", e.what,
                  e.max_bytes);
    sb.raise_limit(e.L, limit_names::string_size, msg);
  }
  if (!out.append(s, n)) {
    lua_pushliteral(e.L, "not enough memory");
    lua_error(e.L);
  }
  e.a->sb->charge(static_cast<std::int64_t>(n / 4 + 1));  // per write: escapes are many small ones
}

void out_str(Encoder& e, const char* s) { out_raw(e, s, std::strlen(s)); }

void out_quoted(Encoder& e, const char* s, std::size_t n) {
  out_raw(e, "\"", 1);
  std::size_t run = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    const char* esc = nullptr;
    char u[8];
    switch (c) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\b': esc = "\\b"; break;
      case '\f': esc = "\\f"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      default:
        if (c < 0x20) {  // \u00XX (no printf: a string of control characters is a million of them)
          static const char* const hex = "0123456789abcdef";
          std::memcpy(u, "\\u00", 4);
          u[4] = hex[c >> 4];
          u[5] = hex[c & 15];
          u[6] = '\0';
          esc = u;
        }
    }
    if (esc) {
      out_raw(e, s + i - run, run);
      run = 0;
      out_str(e, esc);
    } else {
      ++run;
    }
  }
  out_raw(e, s + n - run, run);
  out_raw(e, "\"", 1);
}

void out_number(Encoder& e, int idx) {
  char buf[64];
  if (lua_isinteger(e.L, idx)) {
    sandbox_of(e.L).charge(16);
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(lua_tointeger(e.L, idx)));
  } else {
    sandbox_of(e.L).charge(48);  // printf, strtod and maybe printf again: a few hundred ns
    double v = lua_tonumber(e.L, idx);
    if (std::isnan(v)) encode_error(e, "cannot encode NaN (not a number)");
    if (std::isinf(v)) encode_error(e, "cannot encode an infinite number");
    std::snprintf(buf, sizeof buf, "%.15g", v);
    if (std::strtod(buf, nullptr) != v) std::snprintf(buf, sizeof buf, "%.17g", v);
  }
  out_str(e, buf);
}

int key_cmp(const void* x, const void* y) {
  const auto* a = static_cast<const KeyRef*>(x);
  const auto* b = static_cast<const KeyRef*>(y);
  std::size_t n = a->len < b->len ? a->len : b->len;
  int c = std::memcmp(a->s, b->s, n);
  if (c != 0) return c;
  return (a->len < b->len) ? -1 : (a->len > b->len) ? 1 : 0;
}

void encode_value(Encoder& e, int idx, int depth);

void push_path(Encoder& e, const char* key, std::size_t len, long long index) {
  if (!e.a->scratch.path.push(PathStep{key, len, index})) {
    lua_pushliteral(e.L, "not enough memory");
    lua_error(e.L);
  }
}

void encode_table(Encoder& e, int idx, int depth) {
  lua_State* L = e.L;
  if (depth >= e.max_depth) encode_error(e, "nested too deeply (a table that contains itself?)");
  luaL_checkstack(L, 6, "json.encode: nested too deeply");
  sandbox_of(L).charge(1);
  bool marked_array = false;
  if (lua_getmetatable(L, idx)) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, e.a->refs.array_mt);
    marked_array = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
  }
  // Classify by the keys.
  lua_Integer count_int = 0, max_int = 0, count_str = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    sandbox_of(L).charge(8);  // the key is classified now, sorted or indexed and written later
    if (lua_type(L, -1) == LUA_TSTRING) {
      ++count_str;
    } else if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1) {
      ++count_int;
      if (lua_tointeger(L, -1) > max_int) max_int = lua_tointeger(L, -1);
    } else {
      char msg[120];
      std::snprintf(msg, sizeof msg, "cannot encode a table with a %s key (object keys must be strings)",
                    luaL_typename(L, -1));
      encode_error(e, msg);
    }
  }
  if (marked_array || (count_str == 0 && count_int > 0)) {
    if (count_str > 0) encode_error(e, "a json.array has named keys");
    if (max_int != count_int) encode_error(e, "cannot encode a sparse array (a list with holes; use json.null)");
    out_raw(e, "[", 1);
    for (lua_Integer i = 1; i <= count_int; ++i) {
      if (i > 1) out_raw(e, ",", 1);
      push_path(e, nullptr, 0, static_cast<long long>(i));
      lua_rawgeti(L, idx, i);
      encode_value(e, lua_gettop(L), depth + 1);
      lua_pop(L, 1);
      --e.a->scratch.path.len;
    }
    out_raw(e, "]", 1);
    return;
  }
  if (count_int > 0) encode_error(e, "cannot encode a table that mixes list items and named keys");
  // An object: keys sorted byte-wise (canonical output).
  RawArray<KeyRef>& keys = e.a->scratch.keys;
  std::size_t first = keys.len;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    std::size_t len = 0;
    const char* s = lua_tolstring(L, -1, &len);  // a string key: no conversion happens
    if (!keys.push(KeyRef{s, len})) {
      lua_pushliteral(L, "not enough memory");
      lua_error(L);
    }
  }
  std::size_t n = keys.len - first;
  if (n > 1) std::qsort(keys.data + first, n, sizeof(KeyRef), key_cmp);
  out_raw(e, "{", 1);
  for (std::size_t i = 0; i < n; ++i) {
    KeyRef k = keys.data[first + i];  // copy: the array may move while nested tables encode
    if (i > 0) out_raw(e, ",", 1);
    out_quoted(e, k.s, k.len);
    out_raw(e, ":", 1);
    push_path(e, k.s, k.len, 0);
    lua_pushlstring(L, k.s, k.len);
    lua_rawget(L, idx);
    encode_value(e, lua_gettop(L), depth + 1);
    lua_pop(L, 1);
    --e.a->scratch.path.len;
  }
  out_raw(e, "}", 1);
  keys.len = first;
}

void encode_value(Encoder& e, int idx, int depth) {
  lua_State* L = e.L;
  switch (lua_type(L, idx)) {
    case LUA_TNIL: out_raw(e, "null", 4); return;
    case LUA_TBOOLEAN:
      if (lua_toboolean(L, idx))
        out_raw(e, "true", 4);
      else
        out_raw(e, "false", 5);
      return;
    case LUA_TNUMBER: out_number(e, idx); return;
    case LUA_TSTRING: {
      std::size_t n = 0;
      const char* s = lua_tolstring(L, idx, &n);
      out_quoted(e, s, n);
      return;
    }
    case LUA_TTABLE: encode_table(e, idx, depth); return;
    case LUA_TUSERDATA: {
      lua_rawgeti(L, LUA_REGISTRYINDEX, e.a->refs.null_value);
      bool is_null = lua_rawequal(L, -1, idx);
      lua_pop(L, 1);
      if (is_null) {
        out_raw(e, "null", 4);
        return;
      }
      if (luaL_testudata(L, idx, "response")) encode_error(e, "cannot encode a response (encode res.json or res.body)");
      if (luaL_testudata(L, idx, "task")) encode_error(e, "cannot encode a task");
      encode_error(e, "cannot encode a userdata value");
    }
    default: {
      char msg[80];
      std::snprintf(msg, sizeof msg, "cannot encode a %s", lua_typename(L, lua_type(L, idx)));
      encode_error(e, msg);
    }
  }
}

// --- the json library -----------------------------------------------------------------------

int l_encode(lua_State* L) {
  luaL_checkany(L, 1);
  json_encode(L, agent_of(L), 1, "json.encode");
  return 1;
}

int l_decode(lua_State* L) {
  std::size_t n = 0;
  const char* s = lua_tolstring(L, 1, &n);
  if (lua_type(L, 1) != LUA_TSTRING)
    return api_error(L, "json.decode expects a string, got %s", luaL_typename(L, 1));
  Agent& a = agent_of(L);
  char error[200];
  if (json_decode(L, a, s, n, a.sb->config().limits.json_depth, error, sizeof error)) return 1;
  lua_pushnil(L);
  lua_pushfstring(L, "json.decode: %s", error);
  return 2;
}

int l_array(lua_State* L) {
  if (lua_isnoneornil(L, 1)) {
    lua_newtable(L);
  } else {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, agent_of(L).refs.array_mt);
  lua_setmetatable(L, 1);
  return 1;
}

int null_tostring(lua_State* L) {
  lua_pushliteral(L, "json.null");
  return 1;
}

}  // namespace

bool json_decode(lua_State* L, Agent& a, const char* s, std::size_t n, int max_depth, char* error,
                 std::size_t error_size) {
  sandbox_of(L).charge(static_cast<std::int64_t>(n));  // ~10 ns a byte: tokens, numbers, tables
  Decoder d{L, &a, s, s, s + n, max_depth, error, error_size, false};
  int top = lua_gettop(L);
  if (!decode_value(d, 0, false)) {
    lua_settop(L, top);
    return false;
  }
  skip_ws(d);
  if (d.p != d.end) {
    lua_settop(L, top);
    fail(d, "unexpected text after the JSON value");
    return false;
  }
  return true;
}

void json_encode(lua_State* L, Agent& a, int idx, const char* what) {
  idx = lua_absindex(L, idx);
  a.scratch.out.len = 0;
  a.scratch.keys.len = 0;
  a.scratch.path.len = 0;
  Encoder e{L, &a, a.sb->config().limits.json_depth,
            static_cast<std::size_t>(a.sb->config().limits.string_bytes), what};
  encode_value(e, idx, 0);
  lua_pushlstring(L, a.scratch.out.data ? a.scratch.out.data : "", a.scratch.out.len);
}

void open_json(lua_State* L, Agent& a) {
  // json.null: a unique value that encodes as null.
  lua_newuserdatauv(L, 0, 0);
  lua_createtable(L, 0, 3);
  lua_pushcfunction(L, null_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushliteral(L, "json.null");
  lua_setfield(L, -2, "__name");
  lock_metatable(L);
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  a.refs.null_value = luaL_ref(L, LUA_REGISTRYINDEX);
  // the array marker
  lua_createtable(L, 0, 2);
  lua_pushliteral(L, "json.array");
  lua_setfield(L, -2, "__name");
  lock_metatable(L);
  a.refs.array_mt = luaL_ref(L, LUA_REGISTRYINDEX);

  static const luaL_Reg funcs[] = {{"encode", l_encode}, {"decode", l_decode}, {"array", l_array}, {nullptr, nullptr}};
  lua_createtable(L, 0, 4);
  luaL_setfuncs(L, funcs, 0);
  lua_insert(L, -2);
  lua_setfield(L, -2, "null");
  lua_setglobal(L, "json");
}

}  // namespace fl::sandbox::detail
