// time, log, print, metrics, trace and secrets. Lua zone, except the noexcept helpers that
// call the host (C++ zone).
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "sandbox/internal.h"

namespace fl::sandbox::detail {

namespace {

// --- C++ zone: host calls ---------------------------------------------------------------------

bool host_wake(Impl& sb, std::int64_t at, WaitToken token) noexcept {
  try {
    sb.host().wake_at(at, token);
    return true;
  } catch (...) {
    return false;
  }
}

// Copies the secret into `out`; false when there is no such secret (or on failure).
bool host_secret(Impl& sb, std::string_view name, std::string& out) noexcept {
  try {
    auto v = sb.host().secret(name);
    if (!v) return false;
    out = std::move(*v);
    return true;
  } catch (...) {
    return false;
  }
}

void secret_names(Impl& sb, std::string& out) noexcept {
  try {
    out.clear();
    for (const auto& n : sb.host().secret_names()) {
      if (!out.empty()) out += ", ";
      out += n;
    }
  } catch (...) {
    out.clear();
  }
}

[[noreturn]] void host_failed(lua_State* L) {
  Impl& sb = sandbox_of(L);
  sb.end_run(Status::error, "", "internal error: the simulator refused a timer", agent_of(L).index, 0, "");
  lua_rawgeti(L, LUA_REGISTRYINDEX, agent_of(L).refs.limit_error);
  lua_error(L);
  __builtin_unreachable();
}

// --- time -----------------------------------------------------------------------------------

int time_now(lua_State* L) {
  lua_pushnumber(L, static_cast<double>(sandbox_of(L).now_us()) / 1e6);
  return 1;
}

int sleep_k(lua_State*, int, lua_KContext) { return 0; }

int time_sleep(lua_State* L) {
  Impl& sb = sandbox_of(L);
  Task* t = sb.current();
  if (lua_type(L, 1) != LUA_TNUMBER)
    return api_error(L, "time.sleep expects a number of seconds, got %s", luaL_typename(L, 1));
  double s = lua_tonumber(L, 1);
  if (std::isnan(s)) return api_error(L, "time.sleep expects a number of seconds, got NaN");
  if (s < 0) return api_error(L, "time.sleep expects a number of seconds >= 0, got %s", luaL_tolstring(L, 1, nullptr));
  if (std::isinf(s)) return api_error(L, "time.sleep expects a finite number of seconds, got inf");
  if (!t || !sb.can_block(L))
    return api_error(L, "time.sleep cannot wait here: it was called from a function that Lua cannot pause (a "
                        "metamethod, a table.sort comparator, a string.gsub callback)");
  if (sb.pending_ops() >= sb.config().limits.pending_events) {
    char msg[160];
    std::snprintf(msg, sizeof msg, "more than %" PRId64 " requests and timers pending at once",
                  sb.config().limits.pending_events);
    sb.raise_limit(L, limit_names::pending_events, msg);
  }
  // Rounded up to the clock's resolution (1 us): a sleep never ends early, and any positive
  // sleep moves the clock, so "sleep until the bucket has a token" loops make progress.
  double us = std::ceil(s * 1e6);
  constexpr double kMax = 4.0e18;  // far beyond any run's virtual time limit
  std::int64_t d = us > kMax ? static_cast<std::int64_t>(kMax) : static_cast<std::int64_t>(us);
  std::int64_t now = sb.now_us();
  std::int64_t at = now + d;
  sb.check_journal(L);  // a loop of short sleeps fills the journal without other calls
  Origin o{agent_of(L).index, t->id, 0};
  sb.journal_tally().add(d == 0 ? JournalKind::zero_sleep : JournalKind::sleep, learner_line(L, 1));
  WaitToken token = sb.begin_wait(*t, Wait::sleep, 0);
  t->wait_thread = L;
  t->wait_until = at;
  ++sb.pending_ops();
  sb.report({o, Slept{d}});
  if (!host_wake(sb, at, token)) host_failed(L);
  return sb.yield_blocked(L, 0, sleep_k);
}

// --- log and print --------------------------------------------------------------------------

void emit_log(lua_State* L, LogLevel level, const char* msg, std::size_t msg_len, int fields_idx,
              const char* fn) {
  Impl& sb = sandbox_of(L);
  Agent& a = agent_of(L);
  const char* fields = "";
  std::size_t fields_len = 0;
  if (fields_idx) {
    json_encode(L, a, fields_idx, fn);
    fields = lua_tolstring(L, -1, &fields_len);
  }
  const Limits& lim = sb.config().limits;
  sb.log_lines() += 1;
  sb.log_bytes() += static_cast<std::int64_t>(msg_len + fields_len);
  if (sb.log_lines() > lim.log_lines || sb.log_bytes() > lim.log_bytes) {
    char m[200];
    std::snprintf(m, sizeof m, "log output limit: more than %" PRId64 " lines or %" PRId64 " bytes of log output",
                  lim.log_lines, lim.log_bytes);
    sb.raise_limit(L, limit_names::log_output, m);
  }
  Origin o = sb.origin(L, sb.current());
  sb.journal_tally().add(JournalKind::log, o.line);
  sb.report({o, Logged{level, std::string_view(msg, msg_len), std::string_view(fields, fields_len)}});
  sb.check_journal(L);
}

template <LogLevel level>
int log_fn(lua_State* L) {
  const char* fn = function_name(level);
  int t = lua_type(L, 1);
  if (t != LUA_TSTRING && t != LUA_TNUMBER)
    return api_error(L, "%s expects a message string as its first argument, got %s", fn, luaL_typename(L, 1));
  int ft = lua_type(L, 2);
  if (ft != LUA_TNONE && ft != LUA_TNIL && ft != LUA_TTABLE)
    return api_error(L, "%s: the second argument must be a table of fields, got %s", fn, luaL_typename(L, 2));
  std::size_t n = 0;
  const char* msg = lua_tolstring(L, 1, &n);
  emit_log(L, level, msg, n, ft == LUA_TTABLE ? 2 : 0, fn);
  return 0;
}

// print(...): one info log line, values separated by tabs (as the standard print).
int l_print(lua_State* L) {
  int n = lua_gettop(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 1; i <= n; ++i) {
    luaL_tolstring(L, i, nullptr);
    if (i > 1) {
      lua_pushliteral(L, "\t");
      lua_insert(L, -2);
      lua_concat(L, 2);
    }
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  std::size_t len = 0;
  const char* msg = lua_tolstring(L, -1, &len);
  emit_log(L, LogLevel::info, msg, len, 0, "print");
  return 0;
}

// --- metrics, trace, secrets ----------------------------------------------------------------

const char* check_name(lua_State* L, const char* fn, std::size_t* len) {
  if (lua_type(L, 1) != LUA_TSTRING)
    api_error(L, "%s expects a name string as its first argument, got %s", fn, luaL_typename(L, 1));
  const char* s = lua_tolstring(L, 1, len);
  if (*len == 0 || *len > 200) api_error(L, "%s: the name must have 1 to 200 characters", fn);
  return s;
}

int metrics_inc(lua_State* L) {
  std::size_t n = 0;
  const char* name = check_name(L, "metrics.inc", &n);
  double v = 1;
  if (!lua_isnoneornil(L, 2)) {
    if (lua_type(L, 2) != LUA_TNUMBER)
      return api_error(L, "metrics.inc: the amount must be a number, got %s", luaL_typename(L, 2));
    v = lua_tonumber(L, 2);
    if (!std::isfinite(v)) return api_error(L, "metrics.inc: the amount must be a finite number");
  }
  Impl& sb = sandbox_of(L);
  const Origin o = sb.origin(L, sb.current());
  sb.journal_tally().add(JournalKind::metric, o.line);
  sb.report({o, MetricRecorded{"inc", std::string_view(name, n), v}});
  sb.check_journal(L);
  return 0;
}

int metrics_observe(lua_State* L) {
  std::size_t n = 0;
  const char* name = check_name(L, "metrics.observe", &n);
  if (lua_type(L, 2) != LUA_TNUMBER)
    return api_error(L, "metrics.observe: the value must be a number, got %s", luaL_typename(L, 2));
  double v = lua_tonumber(L, 2);
  if (!std::isfinite(v)) return api_error(L, "metrics.observe: the value must be a finite number");
  Impl& sb = sandbox_of(L);
  const Origin o = sb.origin(L, sb.current());
  sb.journal_tally().add(JournalKind::metric, o.line);
  sb.report({o, MetricRecorded{"observe", std::string_view(name, n), v}});
  sb.check_journal(L);
  return 0;
}

int trace_state(lua_State* L) {
  std::size_t n = 0, vn = 0;
  const char* name = check_name(L, "trace.state", &n);
  const char* value = "";
  int t = lua_type(L, 2);
  if (t == LUA_TSTRING || t == LUA_TNUMBER) {
    value = lua_tolstring(L, 2, &vn);
  } else if (t == LUA_TBOOLEAN) {
    value = lua_toboolean(L, 2) ? "true" : "false";
    vn = std::strlen(value);
  } else if (t != LUA_TNONE && t != LUA_TNIL) {
    return api_error(L, "trace.state: the value must be a string, number or boolean, got %s", luaL_typename(L, 2));
  }
  if (vn > 200) return api_error(L, "trace.state: the value must have at most 200 characters");
  Impl& sb = sandbox_of(L);
  const Origin o = sb.origin(L, sb.current());
  sb.journal_tally().add(JournalKind::state, o.line);
  sb.report({o, StateSet{std::string_view(name, n), std::string_view(value, vn)}});
  sb.check_journal(L);
  return 0;
}

int secrets_get(lua_State* L) {
  if (lua_type(L, 1) != LUA_TSTRING)
    return api_error(L, "secrets.get expects the secret's name, got %s", luaL_typename(L, 1));
  std::size_t n = 0;
  const char* name = lua_tolstring(L, 1, &n);
  Agent& a = agent_of(L);
  if (!host_secret(*a.sb, std::string_view(name, n), a.scratch.text)) {
    secret_names(*a.sb, a.scratch.text2);
    if (a.scratch.text2.empty()) return api_error(L, "secrets.get: no secret named '%s' (this lab has none)", name);
    return api_error(L, "secrets.get: no secret named '%s' (this lab has: %s)", name, a.scratch.text2.c_str());
  }
  lua_pushlstring(L, a.scratch.text.data(), a.scratch.text.size());
  return 1;
}

void new_lib(lua_State* L, const char* name, const luaL_Reg* funcs) {
  lua_newtable(L);
  luaL_setfuncs(L, funcs, 0);
  lua_setglobal(L, name);
}

}  // namespace

void open_time(lua_State* L, Agent&) {
  static const luaL_Reg funcs[] = {{"now", time_now}, {"sleep", time_sleep}, {nullptr, nullptr}};
  new_lib(L, "time", funcs);
}

void open_log(lua_State* L, Agent&) {
  static const luaL_Reg log_funcs[] = {{"debug", log_fn<LogLevel::debug>},
                                       {"info", log_fn<LogLevel::info>},
                                       {"warn", log_fn<LogLevel::warn>},
                                       {"error", log_fn<LogLevel::error>},
                                       {nullptr, nullptr}};
  new_lib(L, "log", log_funcs);
  static const luaL_Reg metric_funcs[] = {{"inc", metrics_inc}, {"observe", metrics_observe}, {nullptr, nullptr}};
  new_lib(L, "metrics", metric_funcs);
  static const luaL_Reg trace_funcs[] = {{"state", trace_state}, {nullptr, nullptr}};
  new_lib(L, "trace", trace_funcs);
  static const luaL_Reg secret_funcs[] = {{"get", secrets_get}, {nullptr, nullptr}};
  new_lib(L, "secrets", secret_funcs);
  lua_pushcfunction(L, l_print);
  lua_setglobal(L, "print");
}

}  // namespace fl::sandbox::detail
