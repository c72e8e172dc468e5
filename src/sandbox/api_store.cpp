// store: the durable key-value store (sandbox/durable_store.h) as learner code sees it. Lua
// zone, except the store's own noexcept calls. Reads are free; every write is reported to the
// host (the journal's `store` events), so checks and the timeline see what was recorded.
//
//   store.put("rec-0042", { stage = "charged", charge = "charges_7" })
//   local rec = store.get("rec-0042")                 -- the value, or nil
//   local ok, current = store.cas("cursor", 41, 42)   -- compare-and-set
//   store.delete("rec-0042")
//   for _, key in ipairs(store.keys("rec-")) do ... end
#include "sandbox/durable_store.h"
#include "sandbox/internal.h"

namespace fl::sandbox::detail {

namespace {

const char* store_check_key(lua_State* L, int idx, const char* fn, std::size_t* len) {
  Impl& sb = sandbox_of(L);
  if (lua_type(L, idx) != LUA_TSTRING)
    api_error(L, "%s: the key must be a string, got %s", fn, luaL_typename(L, idx));
  const char* key = lua_tolstring(L, idx, len);
  const std::size_t max = sb.store().limits().key_bytes;
  if (*len == 0 || *len > max) api_error(L, "%s: a key must have 1 to %d bytes, this one has %d", fn, static_cast<int>(max), static_cast<int>(*len));
  return key;
}

// Encodes the value at idx as canonical JSON (pushed on the stack) and checks its size.
std::string_view store_encode_value(lua_State* L, int idx, const char* fn, const char* key) {
  Impl& sb = sandbox_of(L);
  json_encode(L, agent_of(L), idx, fn);
  std::size_t n = 0;
  const char* s = lua_tolstring(L, -1, &n);
  const std::size_t max = sb.store().limits().value_bytes;
  if (n > max)
    api_error(L, "%s: the value for key '%s' is %d bytes as JSON; a value may have at most %d", fn, key,
              static_cast<int>(n), static_cast<int>(max));
  return {s, n};
}

void push_stored(lua_State* L, const std::string* json) {
  if (!json) {
    lua_pushnil(L);
    return;
  }
  char error[200];
  Agent& a = agent_of(L);
  if (!json_decode(L, a, json->data(), json->size(), sandbox_of(L).config().limits.json_depth, error, sizeof error))
    lua_pushnil(L);  // cannot happen: only json.encode output is stored
}

// A refused write: says which limit, so that the learner can delete what is no longer needed.
[[noreturn]] void store_raise_status(lua_State* L, DurableStore::Status st, const char* fn) {
  const StoreLimits& lim = sandbox_of(L).store().limits();
  if (st == DurableStore::Status::too_many_keys)
    api_error(L, "%s: the store already holds %d keys, the most it may; delete keys you no longer need", fn,
              static_cast<int>(lim.keys));
  if (st == DurableStore::Status::too_many_bytes)
    api_error(L, "%s: the store would hold more than %d bytes of keys and values; delete keys you no longer need",
              fn, static_cast<int>(lim.total_bytes));
  api_error(L, "%s: not enough memory", fn);
  __builtin_unreachable();
}

void store_report_write(lua_State* L, const char* op, const char* key, std::size_t key_len, std::string_view json,
                  const char* result) {
  Impl& sb = sandbox_of(L);
  const Origin o = sb.origin(L, sb.current());
  sb.journal_tally().add(JournalKind::store, o.line);
  sb.report({o, StoreWritten{op, std::string_view(key, key_len), json, result}});
  sb.check_journal(L);
}

int store_get(lua_State* L) {
  std::size_t n = 0;
  const char* key = store_check_key(L, 1, "store.get", &n);
  push_stored(L, sandbox_of(L).store().get(std::string_view(key, n)));
  return 1;
}

int store_put(lua_State* L) {
  std::size_t n = 0;
  const char* key = store_check_key(L, 1, "store.put", &n);
  if (lua_isnoneornil(L, 2)) return api_error(L, "store.put: no value for key '%s' (use store.delete to remove a key)", key);
  std::string_view json = store_encode_value(L, 2, "store.put", key);
  DurableStore::Status st = sandbox_of(L).store().put(std::string_view(key, n), json);
  if (st != DurableStore::Status::ok) store_raise_status(L, st, "store.put");
  store_report_write(L, "put", key, n, json, "written");
  return 0;
}

int store_delete(lua_State* L) {
  std::size_t n = 0;
  const char* key = store_check_key(L, 1, "store.delete", &n);
  bool existed = sandbox_of(L).store().remove(std::string_view(key, n)) == DurableStore::Status::ok;
  store_report_write(L, "delete", key, n, {}, existed ? "deleted" : "absent");
  lua_pushboolean(L, existed);
  return 1;
}

// store.cas(key, expected, new): new is written only if the key holds `expected` (nil: absent).
// Returns true, or false and the current value.
int store_cas(lua_State* L) {
  std::size_t n = 0;
  const char* key = store_check_key(L, 1, "store.cas", &n);
  lua_settop(L, 3);
  std::string_view expected, json;
  const bool has_expected = !lua_isnil(L, 2), has_new = !lua_isnil(L, 3);
  if (has_expected) expected = store_encode_value(L, 2, "store.cas", key);  // pushed at 4 (kept alive)
  if (has_new) json = store_encode_value(L, 3, "store.cas", key);          // pushed next
  DurableStore& store = sandbox_of(L).store();
  DurableStore::Status st =
      store.compare_and_set(std::string_view(key, n), has_expected ? &expected : nullptr, has_new ? &json : nullptr);
  if (st == DurableStore::Status::conflict) {
    store_report_write(L, "cas", key, n, json, "conflict");
    lua_pushboolean(L, 0);
    push_stored(L, store.get(std::string_view(key, n)));
    return 2;
  }
  if (st != DurableStore::Status::ok && st != DurableStore::Status::absent) store_raise_status(L, st, "store.cas");
  store_report_write(L, "cas", key, n, json, has_new ? "written" : "deleted");
  lua_pushboolean(L, 1);
  return 1;
}

// store.keys([prefix]): the keys starting with prefix, sorted (a list).
int store_keys(lua_State* L) {
  std::size_t n = 0;
  const char* prefix = "";
  if (!lua_isnoneornil(L, 1)) {
    if (lua_type(L, 1) != LUA_TSTRING) return api_error(L, "store.keys: the prefix must be a string, got %s", luaL_typename(L, 1));
    prefix = lua_tolstring(L, 1, &n);
  }
  const std::string_view p(prefix, n);
  const DurableStore& store = sandbox_of(L).store();
  lua_newtable(L);
  lua_Integer i = 0;
  for (const std::string* k = store.key_at_or_after(p); k && k->compare(0, n, p) == 0; k = store.key_after(*k)) {
    sandbox_of(L).charge(static_cast<std::int64_t>(k->size() / 16 + 4));  // copying keys is work for the learner
    lua_pushlstring(L, k->data(), k->size());
    lua_rawseti(L, -2, ++i);
  }
  return 1;
}

}  // namespace

void open_store(lua_State* L, Agent&) {
  static const luaL_Reg funcs[] = {{"get", store_get},   {"put", store_put},   {"delete", store_delete},
                                   {"cas", store_cas},   {"keys", store_keys}, {nullptr, nullptr}};
  lua_newtable(L);
  luaL_setfuncs(L, funcs, 0);
  lua_setglobal(L, "store");
}

}  // namespace fl::sandbox::detail
