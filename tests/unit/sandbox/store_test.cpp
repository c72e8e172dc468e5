// store: the durable key-value store. Values round-trip through JSON, compare-and-set is
// atomic, bounds are errors that say which bound, every write is reported, and all agents of
// a run share one store.
#include <catch2/catch.hpp>

#include "sandbox/fake_host.h"

using namespace fl::sandbox;
using namespace fl::sandbox::testing;
using Catch::Contains;

TEST_CASE("store.put, get, delete and keys round-trip JSON values", "[sandbox][store]") {
  auto r = run_code(R"(
    store.put("inv-2", { stage = "charged", n = 3, tags = { "a", "b" } })
    store.put("inv-1", "new")
    store.put("other", true)
    local v = store.get("inv-2")
    v.stage = "changed locally"                     -- a copy: the stored value stays
    print(store.get("inv-2").stage, store.get("inv-2").tags[2], store.get("inv-1"), store.get("missing"))
    print(table.concat(store.keys("inv-"), ","), #store.keys())
    print(store.delete("inv-1"), store.delete("inv-1"), store.get("inv-1"))
  )");
  INFO(r->result.message);
  REQUIRE(r->result.status == Status::completed);
  REQUIRE(r->host.logs.size() == 3);
  CHECK(r->host.logs[0] == "info charged\tb\tnew\tnil");
  CHECK(r->host.logs[1] == "info inv-1,inv-2\t3");
  CHECK(r->host.logs[2] == "info true\tfalse\tnil");
  REQUIRE(r->host.store_writes.size() == 5);
  CHECK(r->host.store_writes[0] == R"(put inv-2 {"n":3,"stage":"charged","tags":["a","b"]} written)");
  CHECK(r->host.store_writes[3] == "delete inv-1 deleted");
  CHECK(r->host.store_writes[4] == "delete inv-1 absent");
}

TEST_CASE("store.cas sets only when the current value is the expected one", "[sandbox][store]") {
  auto r = run_code(R"(
    print(store.cas("cursor", nil, 1))            -- absent: set
    local ok, current = store.cas("cursor", nil, 5)
    print(ok, current)                            -- taken already
    print(store.cas("cursor", 1, { at = 2 }))     -- matches: set
    ok, current = store.cas("cursor", 1, 3)
    print(ok, current.at)
    print(store.cas("cursor", { at = 2 }, nil), store.get("cursor"))   -- matches: removed
  )");
  INFO(r->result.message);
  REQUIRE(r->result.status == Status::completed);
  REQUIRE(r->host.logs.size() == 5);
  CHECK(r->host.logs[0] == "info true");
  CHECK(r->host.logs[1] == "info false\t1");
  CHECK(r->host.logs[2] == "info true");
  CHECK(r->host.logs[3] == "info false\t2");
  CHECK(r->host.logs[4] == "info true\tnil");
  CHECK(r->host.store_writes[1] == "cas cursor 5 conflict");
  CHECK(r->host.store_writes[4] == "cas cursor deleted");
}

TEST_CASE("store errors name the call, the key and the bound", "[sandbox][store]") {
  auto err = [](const std::string& code) {
    auto r = run_code(code);
    CHECK(r->result.status == Status::error);
    return r->result.message;
  };
  CHECK_THAT(err("store.put(42, 1)"), Contains("store.put: the key must be a string, got number"));
  CHECK_THAT(err("store.get('')"), Contains("store.get: a key must have 1 to 200 bytes, this one has 0"));
  CHECK_THAT(err("store.put('k')"), Contains("store.put: no value for key 'k' (use store.delete to remove a key)"));
  CHECK_THAT(err("store.put('k', function() end)"), Contains("cannot encode a function"));
  CHECK_THAT(err("store.put('big', string.rep('x', 70000))"),
             Contains("store.put: the value for key 'big' is 70002 bytes as JSON; a value may have at most 65536"));
  CHECK_THAT(err("for i = 1, 10001 do store.put('k' .. i, i) end"),
             Contains("store.put: the store already holds 10000 keys, the most it may"));
  // A bound is an error, not a limit: pcall catches it and the store is unchanged.
  auto r = run_code("local ok = pcall(store.put, 'big', string.rep('x', 70000)) print(ok, store.get('big'))");
  CHECK(r->result.status == Status::completed);
  CHECK(r->host.logs.at(0) == "info false\tnil");
}

TEST_CASE("all agents of a run share one store", "[sandbox][store]") {
  Config c = config_for(R"(
    function main(ctx)
      if ctx.agent == 1 then store.put("from-1", "hello") return end
      time.sleep(1)
      print(store.get("from-1"))
    end
  )");
  c.agents = 2;
  auto r = run_code(std::move(c));
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.logs == std::vector<std::string>{"info hello"});
}
