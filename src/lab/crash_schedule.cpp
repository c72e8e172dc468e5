#include "lab/crash_schedule.h"

#include <cmath>
#include <cstdio>

#include "base/json_number.h"

namespace fl::lab {

namespace {

std::string ordinal(std::uint64_t n) {
  const char* suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

// A number in [lo, hi] at obj[key], or nullopt (reported) when absent-and-required or wrong.
std::optional<double> number_field(JsonReader& r, const Json& obj, const std::string& p, const char* key, double lo,
                                   double hi, bool whole) {
  auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  NumberCheck n = check_number(*it, lo, hi);
  if (!n.ok() || (whole && n.value != std::floor(n.value))) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "expected %s from %g to %g", whole ? "a whole number" : "a number", lo, hi);
    r.error(json_pointer(p, key), std::string(buf) + ", found " + it->dump());
    return std::nullopt;
  }
  return n.value;
}

}  // namespace

std::string CrashSpec::describe() const {
  char buf[64];
  switch (trigger) {
    case Trigger::at_time:
      std::snprintf(buf, sizeof buf, "at %g s", static_cast<double>(at_us) / 1e6);
      return std::string("crash scheduled by the lab ") + buf;
    case Trigger::after_requests:
      return "crash scheduled by the lab after its " + ordinal(count) + " request" +
             (service.empty() ? "" : " to " + service) + (route.empty() ? "" : " on route " + route);
    case Trigger::after_effects:
      return "crash scheduled by the lab after its " + ordinal(count) + " applied effect" +
             (ledger.empty() ? "" : " in ledger " + ledger);
  }
  return "crash";
}

void parse_crashes(const Json& crashes, JsonReader& r, const std::string& pointer, int agents,
                   std::vector<CrashSpec>& out) {
  out.clear();
  if (!crashes.is_array()) {
    r.error(pointer, "expected an array of crashes, found " + json_type_name(crashes));
    return;
  }
  if (crashes.size() > 100) r.error(pointer, "at most 100 crashes, found " + std::to_string(crashes.size()));
  for (std::size_t i = 0; i < crashes.size() && i < 100; ++i) {
    const Json& c = crashes[i];
    const std::string p = json_pointer(pointer, i);
    if (!c.is_object()) {
      r.error(p, "expected a crash object such as {\"agent\": 1, \"at_s\": 60, \"restart_after_s\": 5}, found " +
                     json_type_name(c));
      continue;
    }
    r.reject_unknown_keys(c, p, {"agent", "at_s", "after_requests", "after_effects", "service", "route",
                                 "ledger", "restart_after_s", "description"});
    CrashSpec spec;
    spec.agent = static_cast<int>(number_field(r, c, p, "agent", 1, agents, true).value_or(1));
    if (!c.contains("agent")) r.error(json_pointer(p, "agent"), "missing: which agent crashes (1 to " + std::to_string(agents) + ")");
    int triggers = 0;
    if (auto at = number_field(r, c, p, "at_s", 0, 1e7, false)) {
      spec.trigger = CrashSpec::Trigger::at_time;
      spec.at_us = static_cast<std::int64_t>(std::llround(*at * 1e6));
    }
    for (const char* key : {"at_s", "after_requests", "after_effects"}) triggers += c.contains(key) ? 1 : 0;
    if (auto n = number_field(r, c, p, "after_requests", 1, 1e9, true)) {
      spec.trigger = CrashSpec::Trigger::after_requests;
      spec.count = static_cast<std::uint64_t>(*n);
    }
    if (auto n = number_field(r, c, p, "after_effects", 1, 1e9, true)) {
      spec.trigger = CrashSpec::Trigger::after_effects;
      spec.count = static_cast<std::uint64_t>(*n);
    }
    if (triggers != 1)
      r.error(p, "a crash needs exactly one of at_s, after_requests and after_effects, found " + std::to_string(triggers));
    spec.service = r.string_or(c, p, "service", "");
    spec.route = r.string_or(c, p, "route", "");
    spec.ledger = r.string_or(c, p, "ledger", "");
    if (c.contains("route") && spec.trigger != CrashSpec::Trigger::after_requests)
      r.error(json_pointer(p, "route"), "\"route\" only applies to after_requests");
    if (c.contains("service") && spec.trigger != CrashSpec::Trigger::after_requests)
      r.error(json_pointer(p, "service"), "\"service\" only applies to after_requests");
    if (c.contains("ledger") && spec.trigger != CrashSpec::Trigger::after_effects)
      r.error(json_pointer(p, "ledger"), "\"ledger\" only applies to after_effects");
    if (!c.contains("restart_after_s"))
      r.error(json_pointer(p, "restart_after_s"), "missing: how long the agent stays down before it restarts (seconds)");
    auto delay = number_field(r, c, p, "restart_after_s", 0, 86400, false);
    spec.restart_after_us = static_cast<std::int64_t>(std::llround(delay.value_or(0) * 1e6));
    out.push_back(std::move(spec));
  }
}

void check_crash_references(const std::vector<CrashSpec>& crashes, const sim::WorldSpec& world, JsonReader& r,
                            const std::string& pointer) {
  for (std::size_t i = 0; i < crashes.size(); ++i) {
    const CrashSpec& c = crashes[i];
    const std::string p = json_pointer(pointer, i);
    if (!c.service.empty()) {
      bool found = false;
      for (const auto& s : world.services) found = found || s.id == c.service;
      if (!found) r.error(json_pointer(p, "service"), "no service has the id \"" + c.service + "\"");
    }
    if (!c.route.empty()) {
      bool found = false;
      for (const auto& s : world.services)
        for (const auto& route : s.routes) found = found || route.id == c.route;
      if (!found) r.error(json_pointer(p, "route"), "no route has the id \"" + c.route + "\"");
    }
    if (!c.ledger.empty()) {
      bool found = false;
      for (const auto& s : world.services)
        for (const auto& route : s.routes) found = found || (route.effect && route.effect->ledger == c.ledger);
      if (!found) r.error(json_pointer(p, "ledger"), "no route of the world writes to ledger \"" + c.ledger + "\"");
    }
  }
}

}  // namespace fl::lab
