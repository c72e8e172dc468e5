// ctx: the lab's workload as main(ctx) sees it. Lua zone, except the noexcept host calls.
//
//   function main(ctx)
//     for item in ctx.next do                     -- blocks until an item arrives; nil at the end
//       local ok = handle(item)                   -- item.id, item.priority, item.arrived_at, fields
//       if ok then ctx.done(item) else ctx.dead_letter(item, "http_422") end
//     end
//   end
#include <cstdio>
#include <cstring>

#include "sandbox/internal.h"

namespace fl::sandbox::detail {

namespace {

// ctx.f(...) and ctx:f(...) both work: drop the ctx table when it is passed as self.
void drop_self(lua_State* L) {
  if (lua_rawequal(L, 1, lua_upvalueindex(1))) lua_remove(L, 1);
}

void push_item(lua_State* L, int index) {
  Agent& a = agent_of(L);
  const WorkItem& item = a.sb->items()[static_cast<std::size_t>(index)];
  char error[200];
  if (!json_decode(L, a, item.data_json.data(), item.data_json.size(), 64, error, sizeof error) ||
      lua_type(L, -1) != LUA_TTABLE) {
    if (lua_gettop(L) > 0 && lua_type(L, -1) != LUA_TTABLE) lua_pop(L, 1);
    lua_newtable(L);
  }
  lua_pushlstring(L, item.id.data(), item.id.size());
  lua_setfield(L, -2, "id");
  if (!item.priority.empty()) {
    lua_pushlstring(L, item.priority.data(), item.priority.size());
    lua_setfield(L, -2, "priority");
  }
  lua_pushnumber(L, static_cast<double>(item.at_us) / 1e6);
  lua_setfield(L, -2, "arrived_at");
  if (a.sb->item_states()[static_cast<std::size_t>(index)].redelivered) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "redelivered");
  }
}

int next_k(lua_State* L, int, lua_KContext) {
  Task* t = sandbox_of(L).current();
  if (t->item >= 0) {
    push_item(L, t->item);
    t->item = -1;
  } else {
    lua_pushnil(L);
  }
  return 1;
}

int ctx_next(lua_State* L) {
  drop_self(L);
  Agent& a = agent_of(L);
  Impl& sb = *a.sb;
  Task* t = sb.current();
  if (!t) return api_error(L, "ctx.next cannot be called here");
  int idx = sb.take_item(a);
  if (idx >= 0) {
    sb.report({sb.origin(L, t), ItemTaken{&sb.items()[static_cast<std::size_t>(idx)]}});
    push_item(L, idx);
    return 1;
  }
  if (idx == -2) {
    lua_pushnil(L);
    return 1;
  }
  if (!sb.can_block(L))
    return api_error(L, "ctx.next cannot wait here: it was called from a function that Lua cannot pause");
  int line = learner_line(L, 1);
  sb.begin_wait(*t, Wait::item, line);
  t->item = -1;
  if (!sb.add_item_waiter(t)) {
    sb.end_run(Status::limit, limit_names::memory, "out of memory in the scheduler", a.index, line, "");
    lua_rawgeti(L, LUA_REGISTRYINDEX, a.refs.limit_error);
    return lua_error(L);
  }
  return sb.yield_blocked(L, 0, next_k);
}

int ctx_poll(lua_State* L) {
  drop_self(L);
  Agent& a = agent_of(L);
  Impl& sb = *a.sb;
  int idx = sb.take_item(a);
  if (idx < 0) {
    lua_pushnil(L);
    return 1;
  }
  sb.report({sb.origin(L, sb.current()), ItemTaken{&sb.items()[static_cast<std::size_t>(idx)]}});
  push_item(L, idx);
  return 1;
}

int ctx_remaining(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(sandbox_of(L).items_not_taken()));
  return 1;
}

template <Outcome outcome>
int ctx_report(lua_State* L) {
  const char* fn = function_name(outcome);
  drop_self(L);
  Agent& a = agent_of(L);
  Impl& sb = *a.sb;
  // The item: the table ctx.next returned, or its id.
  const char* id = nullptr;
  std::size_t id_len = 0;
  if (lua_type(L, 1) == LUA_TTABLE) {
    lua_pushliteral(L, "id");
    lua_rawget(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) id = lua_tolstring(L, -1, &id_len);
    lua_pop(L, 1);  // the item table keeps the string alive
  } else if (lua_type(L, 1) == LUA_TSTRING) {
    id = lua_tolstring(L, 1, &id_len);
  }
  if (!id) return api_error(L, "%s expects a work item (from ctx.next) or its id, got %s", fn, luaL_typename(L, 1));
  // reason (required except for done), then details
  int details = 2;
  const char* reason = "";
  std::size_t reason_len = 0;
  if (outcome != Outcome::done) {
    if (lua_type(L, 2) != LUA_TSTRING || lua_rawlen(L, 2) == 0)
      return api_error(L, "%s needs a reason as its second argument (a short string such as \"http_422\"), got %s", fn,
                       luaL_typename(L, 2));
    reason = lua_tolstring(L, 2, &reason_len);
    details = 3;
  }
  int dt = lua_type(L, details);
  if (dt != LUA_TNONE && dt != LUA_TNIL && dt != LUA_TTABLE)
    return api_error(L, "%s: details must be a table, got %s", fn, luaL_typename(L, details));
  auto& index = sb.item_index();
  int found = -1;
  try {
    auto it = index.find(std::string(id, id_len));
    if (it != index.end()) found = it->second;
  } catch (...) {
    found = -2;
  }
  if (found == -2) return api_error(L, "not enough memory");
  if (found < 0) return api_error(L, "%s: no work item has the id '%s'", fn, id);
  auto& st = sb.item_states()[static_cast<std::size_t>(found)];
  if (!st.taken || st.agent != a.index)
    return api_error(L, "%s: work item '%s' was not handed to this agent (ctx.next gives items out)", fn, id);
  if (st.reported)
    return api_error(L, "%s: work item '%s' already has an outcome (%s)", fn, id, to_string(st.outcome));
  const char* djson = "";
  std::size_t djson_len = 0;
  if (dt == LUA_TTABLE) {
    json_encode(L, a, details, fn);
    djson = lua_tolstring(L, -1, &djson_len);
  }
  st.reported = true;
  st.outcome = outcome;
  sb.report({sb.origin(L, sb.current()), ItemOutcome{&sb.items()[static_cast<std::size_t>(found)], outcome,
                                                     std::string_view(reason, reason_len),
                                                     std::string_view(djson, djson_len)}});
  return 0;
}

}  // namespace

void open_ctx(lua_State* L, Agent& a) {
  Impl& sb = *a.sb;
  lua_createtable(L, 0, 12);
  int ctx = lua_gettop(L);
  lua_pushinteger(L, a.index);
  lua_setfield(L, ctx, "agent");
  lua_pushinteger(L, sb.config().agents < 1 ? 1 : sb.config().agents);
  lua_setfield(L, ctx, "agents");
  char error[200];
  const std::string& params = sb.config().params_json;
  if (params.empty() || !json_decode(L, a, params.data(), params.size(), 64, error, sizeof error)) lua_newtable(L);
  lua_setfield(L, ctx, "params");
  static const luaL_Reg funcs[] = {{"next", ctx_next},
                                   {"poll", ctx_poll},
                                   {"remaining", ctx_remaining},
                                   {"done", ctx_report<Outcome::done>},
                                   {"fallback", ctx_report<Outcome::fallback>},
                                   {"escalate", ctx_report<Outcome::escalated>},
                                   {"dead_letter", ctx_report<Outcome::dead_letter>},
                                   {nullptr, nullptr}};
  lua_pushvalue(L, ctx);
  luaL_setfuncs(L, funcs, 1);  // each function has ctx as upvalue 1 (for ctx:f() calls)
  a.refs.ctx = luaL_ref(L, LUA_REGISTRYINDEX);
}

}  // namespace fl::sandbox::detail
