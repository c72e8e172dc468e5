#pragma once
// Helpers for the simulator tests: worlds from JSON text and blocking-style requests.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "sim/world.h"

namespace fl::sim::test {

inline WorldSpec make_spec(const std::string& json) {
  Diagnostics diags;
  auto spec = parse_world_text(json, "test.json", diags);
  INFO(diags.to_string());
  REQUIRE(spec);
  return std::move(*spec);
}

// Diagnostics of a world that must be rejected.
inline Diagnostics reject(const std::string& json) {
  Diagnostics diags;
  auto spec = parse_world_text(json, "lab.json", diags);
  CHECK_FALSE(spec);
  CHECK(diags.has_errors());
  return diags;
}

inline bool has_error(const Diagnostics& d, const std::string& location, const std::string& fragment) {
  for (const auto& item : d.items())
    if (item.severity == Severity::error && item.location == location && item.message.find(fragment) != std::string::npos)
      return true;
  return false;
}

inline Request req(std::string method, std::string url, Headers headers = {}, std::string body = {}) {
  Request r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

// Sends one request and runs the world until its outcome arrives.
inline Outcome fetch(World& w, Request r, Micros timeout = 30 * kMicrosPerSecond, ClientInfo client = {}) {
  std::optional<Outcome> out;
  w.send(std::move(r), client, timeout, [&](Outcome o) { out = std::move(o); });
  while (!out) {
    if (w.step(1)) break;
  }
  REQUIRE(out);
  return std::move(*out);
}

inline std::string header(const Outcome& o, std::string_view name) {
  auto v = o.response.headers.get(name);
  return v ? std::string(*v) : std::string("<none>");
}

inline std::size_t count_kind(const Journal& j, EventKind kind) {
  std::size_t n = 0;
  for (EventId id = 1; id <= j.size(); ++id) n += j[id].kind == kind;
  return n;
}

// Advances virtual time by `d` with nothing else to do.
inline void wait(World& w, Micros d) { w.run_until(w.now() + d); }

}  // namespace fl::sim::test
