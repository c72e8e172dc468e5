// task.spawn / task.wait / task.done, the body every task runs, and the agent's boot
// function (the chunk, then main(ctx)). Lua zone.
#include <cstdio>
#include <cstring>

#include "sandbox/internal.h"

namespace fl::sandbox::detail {

namespace {

TaskHandle* check_handle(lua_State* L, int idx, const char* fn) {
  auto* h = static_cast<TaskHandle*>(luaL_testudata(L, idx, "task"));
  if (!h) api_error(L, "%s expects a task (the value task.spawn returned), got %s", fn, luaL_typename(L, idx));
  return h;
}

// Pushes the results stored in the handle at idx (user value 1: {n = count, ...}).
int push_results(lua_State* L, int idx) {
  if (lua_getiuservalue(L, idx, 1) != LUA_TTABLE) {
    lua_pop(L, 1);
    return 0;
  }
  int tbl = lua_gettop(L);
  lua_getfield(L, tbl, "n");
  auto n = static_cast<int>(lua_tointeger(L, -1));
  lua_pop(L, 1);
  luaL_checkstack(L, n, "task.wait: too many results");
  sandbox_of(L).charge(n);  // pushed again on every wait
  for (int i = 1; i <= n; ++i) lua_rawgeti(L, tbl, i);
  return n;
}

// --- the body of every task -----------------------------------------------------------------
// Written in Lua so that learner code runs in the luaV_execute that lua_resume starts (no C
// frame in between): a blocking call can then yield by returning instead of with a longjmp
// (see the Lua patch, "yield by returning"). The helpers they call are C.

// store(...): the task's function returned these values: keep them for task.wait.
int task_store(lua_State* L) {
  Task* t = thread_info(L).task;
  int n = lua_gettop(L);
  lua_createtable(L, n, 1);
  for (int i = 1; i <= n; ++i) {
    lua_pushvalue(L, i);
    lua_rawseti(L, -2, i);
  }
  lua_pushinteger(L, n);
  lua_setfield(L, -2, "n");
  lua_rawgeti(L, LUA_REGISTRYINDEX, t->handle_ref);
  lua_insert(L, -2);
  lua_setiuservalue(L, -2, 1);
  auto* h = static_cast<TaskHandle*>(lua_touserdata(L, -1));
  h->ok = 1;
  return 0;
}

// getmain(): main and ctx when the chunk defined main (read raw: _G may have metamethods).
// Errors carry no position (the caller is the sandbox's own code).
int task_getmain(lua_State* L) {
  Agent& a = agent_of(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  lua_pushliteral(L, "main");
  int t = lua_rawget(L, -2);
  if (t == LUA_TNIL) {
    if (a.sb->config().require_main) {
      lua_pushfstring(L, "%s does not define function main(ctx), which this lab calls",
                      a.sb->config().chunkname.c_str());
      return lua_error(L);
    }
    return 0;
  }
  if (t != LUA_TFUNCTION) {
    lua_pushfstring(L, "main must be a function (function main(ctx) ... end), got %s", luaL_typename(L, -1));
    return lua_error(L);
  }
  lua_Debug ar;
  lua_pushvalue(L, -1);
  lua_getinfo(L, ">S", &ar);
  a.main_line = ar.linedefined;
  lua_rawgeti(L, LUA_REGISTRYINDEX, a.refs.ctx);
  return 2;
}

const char kTaskCode[] = R"LUA(
local store, getmain = ...
local function body(fn, ...)
  return store(fn(...))
end
local function boot(chunk)
  chunk()
  local main, ctx = getmain()
  if main then main(ctx) end
end
return body, boot
)LUA";

// --- the task library ---------------------------------------------------------------------------

int l_spawn(lua_State* L) {
  if (lua_type(L, 1) != LUA_TFUNCTION)
    return api_error(L, "task.spawn expects a function as its first argument, got %s", luaL_typename(L, 1));
  Agent& a = agent_of(L);
  Impl& sb = *a.sb;
  if (!sb.current()) return api_error(L, "task.spawn cannot be called here");
  Task* t = sb.spawn(L, a, lua_gettop(L) - 1);
  sb.make_ready(*t);
  return 1;
}

int wait_k(lua_State* L, int, lua_KContext) { return push_results(L, 1); }

int l_wait(lua_State* L) {
  TaskHandle* h = check_handle(L, 1, "task.wait");
  lua_settop(L, 1);
  if (!h->task) return push_results(L, 1);
  Impl& sb = sandbox_of(L);
  Task* self = sb.current();
  if (!self) return api_error(L, "task.wait cannot be called here");
  if (h->task == self) return api_error(L, "task.wait: a task cannot wait for itself");
  if (!sb.can_block(L))
    return api_error(L, "task.wait cannot wait here: it was called from a function that Lua cannot pause (a "
                        "metamethod, a table.sort comparator, a string.gsub callback)");
  Task* target = h->task;
  int line = learner_line(L, 1);
  bool ok = true;
  try {
    target->waiters.push_back(self);
  } catch (...) {
    ok = false;
  }
  if (!ok) return api_error(L, "not enough memory");
  sb.begin_wait(*self, Wait::task, line);
  self->waiting_for = target;
  return sb.yield_blocked(L, 0, wait_k);
}

// task.all(list): waits for every task of the list, in order; returns a list of the first
// value each returned. Continues (after a wait) in all_k with the index in the context.
int all_k(lua_State* L, int, lua_KContext ctx);

int all_from(lua_State* L, lua_Integer i) {
  // stack: 1 = list, 2 = results
  Impl& sb = sandbox_of(L);
  for (;; ++i) {
    lua_settop(L, 2);
    if (lua_geti(L, 1, i) == LUA_TNIL) break;
    TaskHandle* h = check_handle(L, 3, "task.all (each element of the list)");
    if (h->task) {
      Task* self = sb.current();
      if (!self) return api_error(L, "task.all cannot be called here");
      if (h->task == self) return api_error(L, "task.all: a task cannot wait for itself");
      if (!sb.can_block(L))
        return api_error(L, "task.all cannot wait here: it was called from a function that Lua cannot pause");
      Task* target = h->task;
      bool ok = true;
      try {
        target->waiters.push_back(self);
      } catch (...) {
        ok = false;
      }
      if (!ok) return api_error(L, "not enough memory");
      sb.begin_wait(*self, Wait::task, learner_line(L, 1));
      self->waiting_for = target;
      return sb.yield_blocked(L, static_cast<lua_KContext>(i), all_k);
    }
    int n = push_results(L, 3);  // (results table at 4), values from 5
    if (n == 0) lua_pushnil(L);
    lua_settop(L, 5);  // the first value (or nil)
    lua_rawseti(L, 2, i);
  }
  lua_settop(L, 2);
  return 1;
}

int all_k(lua_State* L, int, lua_KContext ctx) { return all_from(L, static_cast<lua_Integer>(ctx)); }

int l_all(lua_State* L) {
  if (lua_type(L, 1) != LUA_TTABLE) return api_error(L, "task.all expects a list of tasks, got %s", luaL_typename(L, 1));
  lua_settop(L, 1);
  lua_newtable(L);
  return all_from(L, 1);
}

int l_done(lua_State* L) {
  TaskHandle* h = check_handle(L, 1, "task.done");
  lua_pushboolean(L, h->task == nullptr);
  return 1;
}

int handle_tostring(lua_State* L) {
  auto* h = static_cast<TaskHandle*>(lua_touserdata(L, 1));
  lua_pushfstring(L, "task#%d", static_cast<int>(h->id));
  return 1;
}

}  // namespace

void open_task(lua_State* L, Agent& a) {
  static const luaL_Reg funcs[] = {
      {"spawn", l_spawn}, {"wait", l_wait}, {"all", l_all}, {"done", l_done}, {nullptr, nullptr}};
  lua_newtable(L);
  luaL_setfuncs(L, funcs, 0);
  // Handles: userdata with methods (t:wait(), t:done()).
  luaL_newmetatable(L, "task");
  lua_pushcfunction(L, handle_tostring);
  lua_setfield(L, -2, "__tostring");
  lock_metatable(L);
  lua_createtable(L, 0, 2);
  lua_getfield(L, -3, "wait");
  lua_setfield(L, -2, "wait");
  lua_getfield(L, -3, "done");
  lua_setfield(L, -2, "done");
  lua_setfield(L, -2, "__index");
  lua_pushvalue(L, -1);
  a.refs.handle_mt = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pop(L, 1);
  lua_setglobal(L, "task");

  if (luaL_loadbufferx(L, kTaskCode, sizeof kTaskCode - 1, "=[faultline]", "t") != LUA_OK) lua_error(L);
  lua_pushcfunction(L, task_store);
  lua_pushcfunction(L, task_getmain);
  lua_call(L, 2, 2);
  a.refs.boot = luaL_ref(L, LUA_REGISTRYINDEX);
  a.refs.task_body = luaL_ref(L, LUA_REGISTRYINDEX);
}

}  // namespace fl::sandbox::detail
