// json.encode / json.decode: canonical output, the null and array conventions, errors.
#include <catch2/catch.hpp>

#include "sandbox/fake_host.h"

using namespace fl::sandbox;
using namespace fl::sandbox::testing;

namespace {
std::vector<std::string> lines(const std::string& code) {
  auto r = run_code(code);
  INFO(r->result.summary());
  CHECK(r->result.status == Status::completed);
  std::vector<std::string> out;
  for (auto& l : r->host.logs) out.push_back(l.substr(5));  // drop "info "
  return out;
}
}  // namespace

TEST_CASE("json.encode is canonical") {
  CHECK(lines(R"(print(json.encode({ b = 1, a = { 3, 2.5, "x" }, c = { d = false }, e = "q\"\n\1" })))") ==
        std::vector<std::string>{R"({"a":[3,2.5,"x"],"b":1,"c":{"d":false},"e":"q\"\n\u0001"})"});
  CHECK(lines("print(json.encode({}), json.encode(json.array()), json.encode(0.1), json.encode(1e300), "
              "json.encode(-0.0), json.encode(2^53))") ==
        std::vector<std::string>{"{}\t[]\t0.1\t1e+300\t-0\t9007199254740992"});
}

TEST_CASE("json.decode maps objects, arrays, null and numbers") {
  CHECK(lines(R"(
    local v = json.decode[[{"a": [1, null, 3], "b": null, "c": 1.5, "d": "\u00e9\ud83d\ude00", "e": 12345678901234}]]
    print(#v.a, v.a[2] == json.null, v.b, v.c, v.d, math.type(v.e), v.e)
    print(json.encode(v))
    print(json.encode(json.decode("[]")), tostring(json.null))
  )") == std::vector<std::string>{"3\ttrue\tnil\t1.5\t\xC3\xA9\xF0\x9F\x98\x80\tinteger\t12345678901234",
                                  "{\"a\":[1,null,3],\"c\":1.5,\"d\":\"\xC3\xA9\xF0\x9F\x98\x80\",\"e\":12345678901234}",
                                  "[]\tjson.null"});
}

TEST_CASE("json.decode reports bad text as nil, err") {
  CHECK(lines(R"(print(json.decode('{"a": 1,}')))") ==
        std::vector<std::string>{"nil\tjson.decode: expected a string key near '}' (line 1, column 9)"});
  CHECK(lines(R"(print(json.decode('[1, 2')))") ==
        std::vector<std::string>{"nil\tjson.decode: expected ',' or ']' at the end of the text (line 1, column 6)"});
  CHECK(lines(R"(print(json.decode(string.rep('[', 200) .. string.rep(']', 200))))") ==
        std::vector<std::string>{"nil\tjson.decode: nested too deeply near '[' (line 1, column 129)"});
}

TEST_CASE("json.encode refuses what JSON cannot hold") {
  struct Case {
    const char* code;
    const char* message;
  };
  Case cases[] = {
      {"json.encode({ 1, 2, nil, 4 })", "solution.lua:1: json.encode: cannot encode a sparse array (a list with holes; use json.null)"},
      {"json.encode({ 1, x = 2 })", "solution.lua:1: json.encode: cannot encode a table that mixes list items and named keys"},
      {"json.encode({ a = { 0/0 } })", "solution.lua:1: json.encode: cannot encode NaN (not a number) (at $.a[1])"},
      {"local t = {} t.self = t json.encode(t)",
       "solution.lua:1: json.encode: nested too deeply (a table that contains itself?) (at $....self.self.self.self.self.self.self.self)"},
      {"json.encode({ [true] = 1 })", "solution.lua:1: json.encode: cannot encode a table with a boolean key (object keys must be strings)"},
      {"json.decode({})", "solution.lua:1: json.decode expects a string, got table"},
  };
  for (const auto& c : cases) {
    auto r = run_code(c.code);
    INFO(c.code);
    CHECK(r->result.status == Status::error);
    CHECK(r->result.message == c.message);
  }
}
