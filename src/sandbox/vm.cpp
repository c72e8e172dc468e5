// A learner's Lua state: the allocator with its cap, the count hook, the safe subset of the
// standard libraries (with wrappers where the originals could reach outside, leak addresses
// or run unbounded), coroutines that can block, and errors in the learner's terms.
// Everything here is Lua zone (see internal.h) unless it says otherwise.
#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "sandbox/internal.h"

namespace fl::sandbox::detail {

// --- memory ---------------------------------------------------------------------------------

void* lua_allocator(void* ud, void* ptr, std::size_t osize, std::size_t nsize) noexcept {
  auto* m = static_cast<MemoryAccount*>(ud);
  std::int64_t old = ptr ? static_cast<std::int64_t>(osize) : 0;
#ifdef FL_SANDBOX_PLAIN_ALLOC
  if (nsize == 0) {
    std::free(ptr);
    m->used -= old;
    return nullptr;
  }
  auto want = static_cast<std::int64_t>(nsize);
  if (want > old && !m->grace && m->used - old + want > m->limit) {
    m->exceeded = true;
    return nullptr;  // Lua collects garbage and retries once before raising a memory error
  }
  void* p = std::realloc(ptr, nsize);
  if (!p) return nullptr;
#else
  constexpr std::size_t kSmall = SmallBlocks::kMax;
  if (nsize == 0) {
    if (ptr) {
      if (osize <= kSmall)
        m->small.put(ptr, osize);
      else
        std::free(ptr);
    }
    m->used -= old;
    return nullptr;
  }
  auto want = static_cast<std::int64_t>(nsize);
  if (want > old && !m->grace && m->used - old + want > m->limit) {
    m->exceeded = true;
    return nullptr;  // Lua collects garbage and retries once before raising a memory error
  }
  void* p;
  bool old_small = ptr && osize <= kSmall;
  if (nsize <= kSmall) {
    if (old_small && SmallBlocks::cls(osize) == SmallBlocks::cls(nsize)) {
      p = ptr;  // same size class: nothing moves
    } else {
      p = m->small.get(nsize);
      if (!p) return nullptr;
      if (ptr) {
        std::memcpy(p, ptr, osize < nsize ? osize : nsize);
        if (old_small)
          m->small.put(ptr, osize);
        else
          std::free(ptr);
      }
    }
  } else if (old_small) {
    p = std::malloc(nsize);
    if (!p) return nullptr;
    std::memcpy(p, ptr, osize);
    m->small.put(ptr, osize);
  } else {
    p = std::realloc(ptr, nsize);
    if (!p) return nullptr;
  }
#endif
  m->used += want - old;
  if (m->used > m->peak) m->peak = m->used;
  return p;
}

// --- positions and tracebacks ---------------------------------------------------------------

namespace {

constexpr const char* kInternalChunk = "=[faultline]";

bool is_learner_frame(const lua_Debug& ar) {
  return ar.what && ar.what[0] != 'C' && ar.source && std::strcmp(ar.source, kInternalChunk) != 0;
}

// Pushes "solution.lua:12: " for the innermost learner frame at or above `level`, or "".
void push_where(lua_State* L, int level) {
  lua_Debug ar;
  for (int i = level; i < level + 40 && lua_getstack(L, i, &ar); ++i) {
    lua_getinfo(L, "Sl", &ar);
    if (is_learner_frame(ar) && ar.currentline > 0) {
      lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
      return;
    }
  }
  lua_pushliteral(L, "");
}

}  // namespace

// The first frame with a current line is the learner's: the sandbox's own Lua (the task
// body and boot functions) only ever sits below learner frames. "l" alone is much cheaper
// than "Sl".
int learner_line(lua_State* L, int first_level) {
  lua_Debug ar;
  for (int i = first_level; i < first_level + 40 && lua_getstack(L, i, &ar); ++i) {
    lua_getinfo(L, "l", &ar);
    if (ar.currentline > 0) {
      lua_getinfo(L, "S", &ar);
      return is_learner_frame(ar) ? ar.currentline : 0;
    }
  }
  return 0;
}

// Mixed on purpose: the Lua calls here (getstack/getinfo without 'f'/'L') neither allocate
// nor raise, so the string building may sit in a try block.
void traceback(lua_State* co, const char* chunkname, std::string& out, int max) noexcept {
  char main_source[256];
  std::snprintf(main_source, sizeof main_source, "@%s", chunkname);
  int main_line = thread_info(co).agent ? thread_info(co).agent->main_line : 0;
  try {
    out.clear();
    lua_Debug ar;
    int shown = 0, skipped = 0;
    // lua_getstack is linear in the level: look at the innermost frames only (a stack
    // overflow has hundreds of thousands).
    for (int level = 0; level < 400 && lua_getstack(co, level, &ar); ++level) {
      lua_getinfo(co, "Sln", &ar);
      if (!is_learner_frame(ar)) continue;
      if (shown == max) {
        ++skipped;
        continue;
      }
      char line[300];
      const char* what;
      char name[200];
      if (*ar.what == 'm') {
        what = "main chunk";
      } else if (ar.name && *ar.namewhat) {
        const char* kind = std::strcmp(ar.namewhat, "method") == 0 ? "method" : "function";
        std::snprintf(name, sizeof name, "%s '%s'", kind, ar.name);
        what = name;
      } else if (main_line > 0 && ar.linedefined == main_line && std::strcmp(ar.source, main_source) == 0) {
        what = "function 'main'";  // called by the sandbox, so Lua has no name for it
      } else {
        std::snprintf(name, sizeof name, "function <%s:%d>", ar.short_src, ar.linedefined);
        what = name;
      }
      if (ar.currentline > 0)
        std::snprintf(line, sizeof line, "%s:%d: in %s", ar.short_src, ar.currentline, what);
      else
        std::snprintf(line, sizeof line, "%s: in %s", ar.short_src, what);
      if (!out.empty()) out += '\n';
      out += line;
      ++shown;
    }
    if (skipped > 0 || lua_getstack(co, 400, &ar)) out += "\n...";
  } catch (...) {
    out.clear();
  }
}

[[noreturn]] void raise_message(lua_State* L, const char* message) {
  push_where(L, 1);
  lua_pushstring(L, message);
  lua_concat(L, 2);
  lua_error(L);
  __builtin_unreachable();
}

int api_error(lua_State* L, const char* fmt, ...) {
  push_where(L, 1);
  va_list ap;
  va_start(ap, fmt);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  lua_concat(L, 2);
  lua_error(L);
  __builtin_unreachable();
}

void set_funcs(lua_State* L, const luaL_Reg* funcs) { luaL_setfuncs(L, funcs, 0); }

void lock_metatable(lua_State* L) {
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
}

// --- the count hook -------------------------------------------------------------------------

void count_hook(lua_State* L, lua_Debug*) {
  lua_fl_disarm(L);  // one shot: the VM counts down to the next call (lua_fl_sethook)
  Impl& sb = sandbox_of(L);
  sb.used_ += kHookInterval + static_cast<std::int64_t>(lua_fl_takework());
  if (sb.dead()) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, agent_of(L).refs.limit_error);
    lua_error(L);
  }
  if (sb.conversion_depth_ > 0 && sb.used_ > sb.conversion_end_)
    luaL_error(L, "the error object's __tostring ran too long");
  if (sb.over_budget()) {
    char msg[200];
    std::snprintf(msg, sizeof msg,
                  "instruction limit reached: the run executed more than %" PRId64 " instructions (an endless loop?)",
                  sb.config().limits.instructions);
    sb.raise_limit(L, limit_names::instructions, msg);
  }
  if (sb.used_ >= sb.slice_end_ && sb.conversion_depth_ == 0 && sb.current() && lua_isyieldable(L)) {
    sb.yield_ = YieldKind::preempt;  // the slice is over: continue this task first next time
    lua_yield(L, 0);
  }
}

// --- charging C work that runs before the hook can see it ------------------------------------

namespace {

void charge_or_limit(lua_State* L, std::int64_t units) {
  Impl& sb = sandbox_of(L);
  sb.charge(units);
  if (sb.over_budget()) {
    char msg[200];
    std::snprintf(msg, sizeof msg,
                  "instruction limit reached: the run would execute more than %" PRId64 " instructions",
                  sb.config().limits.instructions);
    sb.raise_limit(L, limit_names::instructions, msg);
  }
}

[[noreturn]] void string_limit(lua_State* L, const char* what, double bytes) {
  Impl& sb = sandbox_of(L);
  char msg[240];
  std::snprintf(msg, sizeof msg, "string size limit: %s would build a string of %.0f bytes; the sandbox allows %" PRId64,
                what, bytes, sb.config().limits.string_bytes);
  sb.raise_limit(L, limit_names::string_size, msg);
}

// Calls upvalue 1 (the original library function) with all arguments.
int call_original(lua_State* L) {
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  return lua_gettop(L);
}

// Replaces t[name] (t at the top) by `fn` with the original as its upvalue.
void wrap_field(lua_State* L, const char* name, lua_CFunction fn) {
  lua_getfield(L, -1, name);
  lua_pushcclosure(L, fn, 1);
  lua_setfield(L, -2, name);
}

// string.rep: size cap checked before any work (also: rep("", 1e15) loops in C).
int str_rep(lua_State* L) {
  std::size_t l = 0, lsep = 0;
  luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &lsep);
  if (n <= 0 || (l == 0 && lsep == 0)) {
    lua_pushliteral(L, "");
    return 1;
  }
  double total = static_cast<double>(l) * static_cast<double>(n) + static_cast<double>(lsep) * static_cast<double>(n - 1);
  if (total > static_cast<double>(sandbox_of(L).config().limits.string_bytes)) string_limit(L, "string.rep", total);
  charge_or_limit(L, static_cast<std::int64_t>(total) / 16 + n / 2);  // a memcpy per repetition
  return call_original(L);
}

// A NaN's sign bit is whatever the CPU's arithmetic left there (x86 sets it, ARM does not):
// printf shows it ("-nan") and string.pack stores it. Give every NaN argument one spelling.
void canonical_nans(lua_State* L) {
  for (int i = 1, n = lua_gettop(L); i <= n; ++i)
    if (lua_type(L, i) == LUA_TNUMBER && !lua_isinteger(L, i) && std::isnan(lua_tonumber(L, i))) {
      lua_pushnumber(L, std::numeric_limits<double>::quiet_NaN());
      lua_replace(L, i);
    }
}

// string.format: the result is at most the format plus the arguments (numbers are short).
// Charged per conversion (a printf each, ~100 ns) and per byte of the format.
int str_format(lua_State* L) {
  int n = lua_gettop(L);
  canonical_nans(L);
  double total = 0;
  std::int64_t work = 24 * static_cast<std::int64_t>(n > 1 ? n - 1 : 0);
  for (int i = 1; i <= n; ++i) {
    if (lua_type(L, i) == LUA_TSTRING) {
      std::size_t len = 0;
      lua_tolstring(L, i, &len);
      total += static_cast<double>(len);
      // the format is scanned; string arguments are copied, or escaped by %q (a printf a byte)
      work += i == 1 ? static_cast<std::int64_t>(len / 2) : 6 * static_cast<std::int64_t>(len);
    } else {
      total += 512;
    }
  }
  if (total > static_cast<double>(sandbox_of(L).config().limits.string_bytes)) string_limit(L, "string.format", total);
  charge_or_limit(L, work);
  return call_original(L);
}

int str_pack(lua_State* L) {
  canonical_nans(L);
  return call_original(L);
}

// Length of the list at `idx` as the original functions see it (may call __len).
lua_Integer list_len(lua_State* L, int idx) {
  lua_Integer n = luaL_len(L, idx);
  return n;
}

// table.concat: the size cap, computed from the pieces first.
int tab_concat(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  std::size_t lsep = 0;
  luaL_optlstring(L, 2, "", &lsep);
  lua_Integer i = luaL_optinteger(L, 3, 1);
  lua_Integer last = lua_isnoneornil(L, 4) ? list_len(L, 1) : luaL_checkinteger(L, 4);
  double cap = static_cast<double>(sandbox_of(L).config().limits.string_bytes);
  double total = 0;
  for (lua_Integer k = i; k <= last; ++k) {
    lua_geti(L, 1, k);
    if (lua_type(L, -1) == LUA_TSTRING) {
      std::size_t len = 0;
      lua_tolstring(L, -1, &len);
      total += static_cast<double>(len);
    } else if (lua_type(L, -1) == LUA_TNUMBER) {
      total += 24;
    } else {
      lua_pop(L, 1);
      break;  // the original reports the bad value
    }
    lua_pop(L, 1);
    if (k > i) total += static_cast<double>(lsep);
    if (total > cap) string_limit(L, "table.concat", total);
    if (k == LUA_MAXINTEGER) break;
  }
  if (last >= i) {  // the original reads each piece again
    double pieces = std::min(static_cast<double>(last) - static_cast<double>(i) + 1, 1e15);
    charge_or_limit(L, 2 * static_cast<std::int64_t>(pieces));
  }
  return call_original(L);
}

// table.insert/remove/move shift elements in a C loop: charge the loop before it runs
// (a __len metamethod can claim any length).
int tab_insert(lua_State* L) {
  if (lua_gettop(L) == 3 && lua_istable(L, 1)) {
    lua_Integer n = list_len(L, 1);
    lua_Integer pos = luaL_checkinteger(L, 2);
    if (n - pos > 0) charge_or_limit(L, (n - pos) * 2);
  }
  return call_original(L);
}

int tab_remove(lua_State* L) {
  if (lua_gettop(L) >= 2 && lua_istable(L, 1)) {
    lua_Integer n = list_len(L, 1);
    lua_Integer pos = luaL_optinteger(L, 2, n);
    if (n - pos > 0) charge_or_limit(L, (n - pos) * 2);
  }
  return call_original(L);
}

// table.sort compares in C (lua_lessthan, no charge of its own) about 1.4·n·log2(n) times.
int tab_sort(lua_State* L) {
  if (lua_istable(L, 1)) {
    double n = static_cast<double>(list_len(L, 1));
    if (n > 1) charge_or_limit(L, static_cast<std::int64_t>(std::min(2 * n * std::log2(n), 1e15)));
  }
  return call_original(L);
}

int tab_move(lua_State* L) {
  lua_Integer f = luaL_checkinteger(L, 2);
  lua_Integer e = luaL_checkinteger(L, 3);
  if (e >= f) {
    double count = static_cast<double>(e) - static_cast<double>(f) + 1;
    if (count > 1e15) count = 1e15;
    charge_or_limit(L, static_cast<std::int64_t>(count) * 2);
  }
  return call_original(L);
}

// --- utf8: the scans are C loops the instruction count does not see ----------------------------

// A byte position as Lua's utf8 functions read it (negative: from the end).
lua_Integer utf8_pos(lua_Integer pos, lua_Integer len) {
  if (pos >= 0) return pos;
  return -pos > len ? 0 : len + pos + 1;
}

// One unit per byte scanned (utf8.len over megabytes in a loop must hit the limit).
void charge_bytes(lua_State* L, lua_Integer from, lua_Integer to) {
  if (to >= from) charge_or_limit(L, static_cast<std::int64_t>(to - from + 1));
}

int utf8_len(lua_State* L) {
  std::size_t n = 0;
  if (lua_type(L, 1) == LUA_TSTRING) lua_tolstring(L, 1, &n);
  auto len = static_cast<lua_Integer>(n);
  lua_Integer i = utf8_pos(luaL_optinteger(L, 2, 1), len), j = utf8_pos(luaL_optinteger(L, 3, -1), len);
  charge_bytes(L, i, j < len ? j : len);
  return call_original(L);
}

int utf8_codepoint(lua_State* L) {
  std::size_t n = 0;
  if (lua_type(L, 1) == LUA_TSTRING) lua_tolstring(L, 1, &n);
  auto len = static_cast<lua_Integer>(n);
  lua_Integer i = utf8_pos(luaL_optinteger(L, 2, 1), len), j = utf8_pos(luaL_optinteger(L, 3, i), len);
  charge_bytes(L, i, j < len ? j : len);
  return call_original(L);
}

int utf8_offset(lua_State* L) {
  std::size_t n = 0;
  if (lua_type(L, 1) == LUA_TSTRING) lua_tolstring(L, 1, &n);
  lua_Integer chars = luaL_optinteger(L, 2, 0);
  double bytes = 4.0 * (chars < 0 ? -static_cast<double>(chars) : static_cast<double>(chars));  // 4 bytes a character at most
  if (bytes > static_cast<double>(n)) bytes = static_cast<double>(n);
  charge_or_limit(L, static_cast<std::int64_t>(bytes));
  return call_original(L);
}

// utf8.char: each argument is checked and encoded through lua_pushfstring (~60 ns).
int utf8_char(lua_State* L) {
  charge_or_limit(L, 16 * static_cast<std::int64_t>(lua_gettop(L)));
  return call_original(L);
}

// --- base library ---------------------------------------------------------------------------

int finish_pcall(lua_State* L, int status, lua_KContext extra) {
  if (status != LUA_OK && status != LUA_YIELD) {
    Impl& sb = sandbox_of(L);
    if (status == LUA_ERRMEM) {
      char msg[160];
      std::snprintf(msg, sizeof msg, "memory limit reached: the agents used more than %" PRId64 " MB",
                    sb.config().limits.memory_bytes >> 20);
      sb.raise_limit(L, limit_names::memory, msg);
    }
    if (sb.must_unwind()) lua_error(L);  // limits are not errors a learner can catch
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L) - static_cast<int>(extra);
}

int base_pcall(lua_State* L) {
  luaL_checkany(L, 1);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_pcall);
  return finish_pcall(L, status, 0);
}

// The learner's message handler, behind a guard: once the run must unwind, the handler is
// not run (an error raised by the count hook would run it with hooks disabled, so a loop in
// it could never be stopped).
int msgh_guard(lua_State* L) {
  if (sandbox_of(L).must_unwind()) return 1;  // the error object, unchanged
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int base_xpcall(lua_State* L) {
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, msgh_guard, 1);
  lua_replace(L, 2);
  lua_pushboolean(L, 1);
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);
  int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_pcall);
  return finish_pcall(L, status, 2);
}

// setmetatable refuses what would make garbage collection observable.
int base_setmetatable(lua_State* L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL)
      return api_error(L, "setmetatable: __gc is not available in the sandbox (finalizers run at moments that "
                          "depend on memory layout)");
    lua_pop(L, 1);
    lua_pushliteral(L, "__mode");
    if (lua_rawget(L, 2) != LUA_TNIL)
      return api_error(L, "setmetatable: weak tables (__mode) are not available in the sandbox (what they lose "
                          "depends on when the garbage collector runs)");
    lua_pop(L, 1);
  }
  return call_original(L);
}

int base_collectgarbage(lua_State* L) {
  const char* opt = luaL_optstring(L, 1, "collect");
  if (std::strcmp(opt, "collect") != 0)
    return api_error(L, "collectgarbage(\"%s\") is not available in the sandbox; only collectgarbage() (a full "
                        "collection) is, because memory figures differ between builds",
                     opt);
  charge_or_limit(L, sandbox_of(L).memory().used / 8);  // a full collection walks the heap
  lua_gc(L, LUA_GCCOLLECT);
  lua_pushinteger(L, 0);
  return 1;
}

// load: text chunks only; a memory error is the memory limit, not a return value.
int base_load(lua_State* L) {
  int n = lua_gettop(L);
  if (n >= 3 && !lua_isnil(L, 3)) {
    const char* mode = luaL_checkstring(L, 3);
    if (std::strchr(mode, 't') == nullptr)
      return api_error(L, "load: binary chunks are not available in the sandbox (mode must include \"t\")");
  }
  if (n < 3) lua_settop(L, 3);  // keeps a missing env (arg 4) missing
  lua_pushliteral(L, "t");
  lua_replace(L, 3);
  int r = call_original(L);
  if (r >= 2 && lua_isnil(L, -2) && lua_type(L, -1) == LUA_TSTRING &&
      std::strcmp(lua_tostring(L, -1), "not enough memory") == 0) {
    Impl& sb = sandbox_of(L);
    char msg[160];
    std::snprintf(msg, sizeof msg, "memory limit reached: the agents used more than %" PRId64 " MB",
                  sb.config().limits.memory_bytes >> 20);
    sb.raise_limit(L, limit_names::memory, msg);
  }
  return r;
}

int os_time(lua_State* L) {
  if (!lua_isnoneornil(L, 1))
    return api_error(L, "os.time(t) is not available in the sandbox; os.time() gives the current virtual time");
  Impl& sb = sandbox_of(L);
  lua_pushinteger(L, sb.config().epoch_seconds + sb.now_us() / 1'000'000);
  return 1;
}

int os_clock(lua_State* L) {
  lua_pushnumber(L, static_cast<double>(sandbox_of(L).now_us()) / 1e6);
  return 1;
}

int math_randomseed(lua_State* L) {
  if (lua_gettop(L) == 0) {  // the run's seed, not the time of day
    Agent& a = agent_of(L);
    lua_pushinteger(L, static_cast<lua_Integer>(a.sb->config().seed));
    // A restarted agent is a new process: a new stream (the first keeps its old seeding).
    lua_pushinteger(L, a.index + static_cast<lua_Integer>(a.incarnation) * 1'000'003);
  }
  return call_original(L);
}

int refuse(lua_State* L) {
  const char* name = lua_tostring(L, lua_upvalueindex(1));
  return api_error(L, "%s is not available in the sandbox", name ? name : "this function");
}

// --- coroutines that can block --------------------------------------------------------------

int resume_k(lua_State* L, int status, lua_KContext ctx);

// Resumes `co` with `narg` values from the top of L. Returns the number of results moved to
// L, or -1 with the error object on top of L. When `co` is suspended inside a blocking call
// or preempted, L is suspended too (lua_yieldk does not return here) and resume_k goes on.
int resume_loop(lua_State* L, lua_State* co, int narg, lua_KContext ctx) {
  Impl& sb = sandbox_of(L);
  for (;;) {
    sb.charge(20);  // a resume crosses a setjmp (see coro_create)
    Task* t = sb.current();
    bool pushed = false;
    if (t) {
      try {
        t->chain.push_back(co);
        pushed = true;
      } catch (...) {
      }
    }
    int nres = 0;
    int status = lua_resume(co, L, narg, &nres);
    if (pushed) t->chain.pop_back();
    if (status == LUA_YIELD && sb.yield_ != YieldKind::none) {
      if (sb.yield_ == YieldKind::preempt && !lua_isyieldable(L)) {
        sb.yield_ = YieldKind::none;  // cannot pause here: keep going
        narg = 0;
        continue;
      }
      thread_info(co).waiting_in = t;
      return lua_yieldk(L, 0, ctx, resume_k);
    }
    if (status == LUA_OK || status == LUA_YIELD) {
      if (!lua_checkstack(L, nres + 1)) {
        lua_pop(co, nres);
        lua_pushliteral(L, "too many results to resume");
        return -1;
      }
      lua_xmove(co, L, nres);
      return nres;
    }
    lua_xmove(co, L, 1);
    if (status == LUA_ERRMEM) {
      char msg[160];
      std::snprintf(msg, sizeof msg, "memory limit reached: the agents used more than %" PRId64 " MB",
                    sb.config().limits.memory_bytes >> 20);
      sb.raise_limit(L, limit_names::memory, msg);
    }
    if (sb.must_unwind()) lua_error(L);
    return -1;
  }
}

lua_State* check_co(lua_State* L, int idx, const char* fn) {
  lua_State* co = lua_tothread(L, idx);
  if (!co) api_error(L, "%s expects a coroutine, got %s", fn, luaL_typename(L, idx));
  return co;
}

// Our own checks before resuming; returns false with a message on top of L.
bool may_resume(lua_State* L, lua_State* co) {
  const ThreadInfo& ti = thread_info(co);
  if (ti.task) {
    lua_pushliteral(L, "cannot resume a task's own coroutine (use task.wait to wait for a task)");
    return false;
  }
  if (ti.waiting_in) {
    lua_pushliteral(L, "cannot resume a coroutine that is waiting inside a blocking call (http.request, "
                       "time.sleep, ...): it continues by itself when the wait is over");
    return false;
  }
  return true;
}

int finish_resume(lua_State* L, int n) {
  if (n >= 0) {
    lua_pushboolean(L, 1);
    lua_insert(L, -(n + 1));
    return n + 1;
  }
  lua_pushboolean(L, 0);
  lua_insert(L, -2);
  return 2;
}

int finish_wrap(lua_State* L, lua_State* co, int n) {
  if (n >= 0) return n;
  int stat = lua_status(co);
  if (stat != LUA_OK && stat != LUA_YIELD) {  // an error inside: close its to-be-closed variables
    lua_pop(L, 1);
    stat = lua_resetthread(co);
    lua_xmove(co, L, 1);
    if (sandbox_of(L).must_unwind()) lua_error(L);
  }
  if (stat != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

int resume_k(lua_State* L, int, lua_KContext ctx) {
  lua_State* co = (ctx == 0) ? lua_tothread(L, 1) : lua_tothread(L, lua_upvalueindex(1));
  thread_info(co).waiting_in = nullptr;
  int n = resume_loop(L, co, 0, ctx);
  return ctx == 0 ? finish_resume(L, n) : finish_wrap(L, co, n);
}

int coro_resume(lua_State* L) {
  lua_State* co = check_co(L, 1, "coroutine.resume");
  int narg = lua_gettop(L) - 1;
  if (!may_resume(L, co)) return finish_resume(L, -1);
  if (!lua_checkstack(co, narg)) {
    lua_pushliteral(L, "too many arguments to resume");
    return finish_resume(L, -1);
  }
  lua_xmove(L, co, narg);
  return finish_resume(L, resume_loop(L, co, narg, 0));
}

int coro_wrap_aux(lua_State* L) {
  lua_State* co = lua_tothread(L, lua_upvalueindex(1));
  int narg = lua_gettop(L);
  if (!may_resume(L, co)) return finish_wrap(L, co, -1);
  if (!lua_checkstack(co, narg)) {
    lua_pushliteral(L, "too many arguments to resume");
    return finish_wrap(L, co, -1);
  }
  lua_xmove(L, co, narg);
  return finish_wrap(L, co, resume_loop(L, co, narg, 1));
}

// Creating a coroutine allocates a stack and resuming one crosses a setjmp: work that no
// instruction counts, so charge it (what a few hundred instructions would cost).
constexpr std::int64_t kCreateCost = 200;

int coro_create(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  charge_or_limit(L, kCreateCost);
  lua_State* co = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, co, 1);
  return 1;
}

int coro_wrap(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  charge_or_limit(L, kCreateCost);
  lua_State* co = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, co, 1);
  lua_pushcclosure(L, coro_wrap_aux, 1);
  return 1;
}

int coro_yield(lua_State* L) {
  if (thread_info(L).task)
    return api_error(L, "coroutine.yield called outside a coroutine: a task cannot yield by itself (use time.sleep "
                        "to wait, or task.spawn for concurrency)");
  return lua_yield(L, lua_gettop(L));
}

int coro_isyieldable(lua_State* L) {
  lua_State* co = lua_isnone(L, 1) ? L : check_co(L, 1, "coroutine.isyieldable");
  lua_pushboolean(L, thread_info(co).task == nullptr && lua_isyieldable(co));
  return 1;
}

int coro_close(lua_State* L) {
  lua_State* co = check_co(L, 1, "coroutine.close");
  if (thread_info(co).task) return api_error(L, "coroutine.close: cannot close a task's own coroutine");
  if (thread_info(co).waiting_in)
    return api_error(L, "coroutine.close: cannot close a coroutine that is waiting inside a blocking call");
  int r = call_original(L);
  if (sandbox_of(L).must_unwind()) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, agent_of(L).refs.limit_error);
    lua_error(L);
  }
  return r;
}

}  // namespace

void open_coroutine(lua_State* L, Agent&) {
  luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 1);
  static const luaL_Reg funcs[] = {{"create", coro_create}, {"resume", coro_resume},   {"wrap", coro_wrap},   {"yield", coro_yield},
                                   {"isyieldable", coro_isyieldable}, {nullptr, nullptr}};
  luaL_setfuncs(L, funcs, 0);
  wrap_field(L, "close", coro_close);
  lua_pop(L, 1);
}

void open_base(lua_State* L, Agent& a) {
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);  // _G
  static const char* const removed[] = {"dofile", "loadfile", "warn", "require", nullptr};
  for (const char* const* r = removed; *r; ++r) {
    lua_pushnil(L);
    lua_setfield(L, -2, *r);
  }
  static const luaL_Reg funcs[] = {{"pcall", base_pcall},
                                   {"xpcall", base_xpcall},
                                   {"collectgarbage", base_collectgarbage},
                                   {nullptr, nullptr}};
  luaL_setfuncs(L, funcs, 0);
  wrap_field(L, "setmetatable", base_setmetatable);
  wrap_field(L, "load", base_load);
  lua_pop(L, 1);

  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  wrap_field(L, "rep", str_rep);
  wrap_field(L, "format", str_format);
  wrap_field(L, "pack", str_pack);
  lua_pop(L, 1);
  // The string metatable is shared by every string: lock it.
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lock_metatable(L);
  lua_pop(L, 2);

  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
  wrap_field(L, "concat", tab_concat);
  wrap_field(L, "insert", tab_insert);
  wrap_field(L, "remove", tab_remove);
  wrap_field(L, "move", tab_move);
  wrap_field(L, "sort", tab_sort);
  lua_pop(L, 1);

  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
  wrap_field(L, "randomseed", math_randomseed);
  lua_getfield(L, -1, "randomseed");  // seed from the run: (seed, agent number)
  lua_call(L, 0, 0);
  lua_pop(L, 1);

  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
  wrap_field(L, "len", utf8_len);
  wrap_field(L, "codepoint", utf8_codepoint);
  wrap_field(L, "offset", utf8_offset);
  wrap_field(L, "char", utf8_char);
  lua_pop(L, 1);

  lua_createtable(L, 0, 2);  // os: virtual time only
  lua_pushcfunction(L, os_time);
  lua_setfield(L, -2, "time");
  lua_pushcfunction(L, os_clock);
  lua_setfield(L, -2, "clock");
  static const char* const os_refused[] = {"execute", "exit", "getenv", "remove", "rename", "tmpname", "date",
                                           "difftime", "setlocale", nullptr};
  for (const char* const* r = os_refused; *r; ++r) {
    lua_pushfstring(L, "os.%s", *r);
    lua_pushcclosure(L, refuse, 1);
    lua_setfield(L, -2, *r);
  }
  lua_setglobal(L, "os");
  (void)a;
}

int open_sandbox(lua_State* L) {
  Agent& a = *static_cast<Agent*>(lua_touserdata(L, 1));
  open_base(L, a);
  open_coroutine(L, a);
  open_json(L, a);
  open_http(L, a);
  open_time(L, a);
  open_log(L, a);
  open_task(L, a);
  open_ctx(L, a);
  open_store(L, a);
  // The value raised when a limit ends the run (pcall re-raises it; never shown).
  lua_pushliteral(L, "the run was stopped by a sandbox limit");
  a.refs.limit_error = luaL_ref(L, LUA_REGISTRYINDEX);
  // Generational collection suits the many short-lived tables of request/response loops.
  lua_gc(L, LUA_GCGEN, 0, 0);
  return 0;
}

}  // namespace fl::sandbox::detail
