#include "lab/lab.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "base/files.h"
#include "base/json_number.h"
#include "lab/package.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace fl::lab {

namespace {

// A number field within [lo, hi]; absent: `fallback`. Reports and returns fallback on error.
double number_in(JsonReader& r, const Json& obj, const std::string& ptr, const char* key, double fallback, double lo,
                 double hi, const char* unit = "") {
  auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  NumberCheck n = check_number(*it, lo, hi);
  if (n.problem == NumberProblem::not_a_number) {
    r.error(json_pointer(ptr, key), "expected a number" + std::string(unit) + ", found " + json_type_name(*it));
    return fallback;
  }
  if (!n.ok()) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "must be between %g and %g%s, found %g", lo, hi, unit, it->get<double>());
    r.error(json_pointer(ptr, key), buf);
    return fallback;
  }
  return n.value;
}

std::int64_t seconds_to_us(double s) { return static_cast<std::int64_t>(std::llround(s * 1e6)); }

std::string replace_n(const std::string& text, std::uint64_t n) {
  std::string out;
  std::size_t i = 0;
  while (true) {
    std::size_t j = text.find("{n}", i);
    if (j == std::string::npos) break;
    out.append(text, i, j - i);
    out += std::to_string(n);
    i = j + 3;
  }
  out.append(text, i, std::string::npos);
  return out;
}

// "{n}" in every string of a data template becomes the item's number.
Json render(const Json& v, std::uint64_t n) {
  if (v.is_string()) return Json(replace_n(v.get_ref<const std::string&>(), n));
  if (v.is_array()) {
    Json out = Json::array();
    for (const auto& x : v) out.push_back(render(x, n));
    return out;
  }
  if (v.is_object()) {
    Json out = Json::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = render(it.value(), n);
    return out;
  }
  return v;
}

// Whether an object key anywhere in `v` contains "{n}" (render() leaves keys alone, so the
// text-substitution shortcut of make_workload would differ).
bool keys_mention_n(const Json& v) {
  if (v.is_array()) {
    for (const auto& x : v)
      if (keys_mention_n(x)) return true;
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it)
      if (it.key().find("{n}") != std::string::npos || keys_mention_n(it.value())) return true;
  }
  return false;
}

std::string pad(std::uint64_t n, std::size_t width) {
  std::string s = std::to_string(n);
  return s.size() >= width ? s : std::string(width - s.size(), '0') + s;
}

// Item ids of a stream: "<id>-0001" (at least 4 digits).
std::string stream_item_id(const StreamSpec& s, std::uint64_t n) {
  std::size_t width = std::max<std::size_t>(4, std::to_string(s.count).size());
  return s.id + "-" + pad(n, width);
}

void check_data(JsonReader& r, const Json& data, const std::string& ptr) {
  for (const char* reserved : {"id", "priority", "arrived_at", "redelivered"})
    if (data.contains(reserved))
      r.error(json_pointer(ptr, reserved), std::string("\"") + reserved +
                                               "\" is set by the runner; use another name for this field");
}

constexpr std::uint64_t kMaxItems = 200'000;
constexpr std::size_t kMaxStreams = 1000;
constexpr std::size_t kMaxVariants = 64;  // each item of a stream is tested against every variant

}  // namespace

void parse_workload(const Json* w, JsonReader& r, WorkloadSpec& out) {
  out = WorkloadSpec{};
  if (!w) return;
  const std::string ptr = "/workload";
  if (!w->is_object()) {
    r.error(ptr, "expected an object with \"streams\", \"items\" and/or \"params\", found " + json_type_name(*w));
    return;
  }
  r.reject_unknown_keys(*w, ptr, {"streams", "items", "params", "description"});
  std::set<std::string> ids;
  std::uint64_t total = 0;
  if (auto it = w->find("params"); it != w->end()) {
    if (!it->is_object())
      r.error(ptr + "/params", "expected an object (ctx.params), found " + json_type_name(*it));
    else
      out.params = *it;
  }
  if (auto it = w->find("streams"); it != w->end()) {
    if (!it->is_array()) {
      r.error(ptr + "/streams", "expected an array of streams, found " + json_type_name(*it));
    } else if (it->size() > kMaxStreams) {
      r.error(ptr + "/streams", "a workload may hold at most 1000 streams, found " + std::to_string(it->size()));
    } else {
      for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& g = (*it)[i];
        std::string p = json_pointer(ptr + "/streams", i);
        if (!g.is_object()) {
          r.error(p, "expected an object like {\"id\": \"req\", \"count\": 50, \"every_s\": 1}, found " +
                         json_type_name(g));
          continue;
        }
        r.reject_unknown_keys(g, p, {"id", "count", "priority", "start_s", "every_s", "per_arrival", "jitter_s",
                                     "data", "variants", "description"});
        StreamSpec spec;
        if (auto id = r.string(g, p, "id")) {
          if (id->empty() || id->size() > 100) r.error(p + "/id", "a stream id needs 1 to 100 characters");
          spec.id = *id;
        }
        if (!g.contains("count")) r.error(p, "missing required field \"count\"");
        double count = number_in(r, g, p, "count", 0, 1, static_cast<double>(kMaxItems));
        if (count != std::floor(count)) r.error(p + "/count", "expected a whole number");
        spec.count = static_cast<std::uint64_t>(count);
        spec.start_s = number_in(r, g, p, "start_s", 0, 0, 1e7, " seconds");
        spec.every_s = number_in(r, g, p, "every_s", 1, 1e-6, 1e7, " seconds");
        double per = number_in(r, g, p, "per_arrival", 1, 1, static_cast<double>(kMaxItems));
        if (per != std::floor(per)) r.error(p + "/per_arrival", "expected a whole number");
        spec.per_arrival = static_cast<std::uint64_t>(per);
        spec.jitter_us = seconds_to_us(number_in(r, g, p, "jitter_s", 0, 0, 86400, " seconds"));
        if (auto pr = g.find("priority"); pr != g.end()) {
          if (pr->is_string()) {
            spec.priorities.emplace_back(pr->get<std::string>(), 1.0);
          } else if (pr->is_object() && !pr->empty()) {
            double sum = 0;
            for (auto e = pr->begin(); e != pr->end(); ++e) {
              if (!e->is_number() || e->get<double>() < 0) {
                r.error(json_pointer(p + "/priority", e.key()), "a priority's weight must be a number >= 0");
                continue;
              }
              sum += e->get<double>();
              spec.priorities.emplace_back(e.key(), e->get<double>());
            }
            if (sum <= 0) r.error(p + "/priority", "the weights must add up to more than 0");
          } else {
            r.error(p + "/priority",
                    "expected a priority name or weights like {\"urgent\": 1, \"batch\": 4}, found " +
                        json_type_name(*pr));
          }
        }
        if (auto d = g.find("data"); d != g.end()) {
          if (!d->is_object()) {
            r.error(p + "/data", "expected an object (the items' fields), found " + json_type_name(*d));
          } else {
            check_data(r, *d, p + "/data");
            spec.data = *d;
          }
        }
        if (auto vs = g.find("variants"); vs != g.end()) {
          if (!vs->is_array()) r.error(p + "/variants", "expected an array, found " + json_type_name(*vs));
          else if (vs->size() > kMaxVariants)
            r.error(p + "/variants", "a stream may have at most 64 variants, found " + std::to_string(vs->size()));
          if (vs->is_array() && vs->size() > kMaxVariants) continue;
          for (std::size_t k = 0; vs->is_array() && k < vs->size(); ++k) {
            const Json& v = (*vs)[k];
            std::string vp = json_pointer(p + "/variants", k);
            if (!v.is_object()) {
              r.error(vp, "expected {\"every\": 5, \"offset\": 0, \"data\": {...}}, found " + json_type_name(v));
              continue;
            }
            r.reject_unknown_keys(v, vp, {"every", "offset", "data", "priority"});
            StreamVariant var;
            if (!v.contains("every")) r.error(vp, "missing required field \"every\"");
            double every = number_in(r, v, vp, "every", 1, 1, static_cast<double>(kMaxItems));
            double offset = number_in(r, v, vp, "offset", 0, 0, static_cast<double>(kMaxItems));
            if (every != std::floor(every)) r.error(vp + "/every", "expected a whole number");
            if (offset != std::floor(offset)) r.error(vp + "/offset", "expected a whole number");
            var.every = static_cast<std::size_t>(every);
            var.offset = static_cast<std::size_t>(offset);
            if (auto d = v.find("data"); d != v.end()) {
              if (!d->is_object())
                r.error(vp + "/data", "expected an object, found " + json_type_name(*d));
              else
                var.data = *d;
            }
            var.priority = r.string_or(v, vp, "priority", "");
            spec.variants.push_back(std::move(var));
          }
        }
        total += spec.count;
        if (total > kMaxItems) {
          r.error(p + "/count", "a workload may hold at most 200000 items");
          spec.count = 0;
        }
        for (std::uint64_t n = 1; n <= spec.count && !spec.id.empty(); ++n)
          if (!ids.insert(stream_item_id(spec, n)).second) {
            r.error(p + "/id", "work item id \"" + stream_item_id(spec, n) + "\" is used twice");
            break;
          }
        out.streams.push_back(std::move(spec));
      }
    }
  }
  if (auto it = w->find("items"); it != w->end()) {
    if (!it->is_array()) {
      r.error(ptr + "/items", "expected an array of items, found " + json_type_name(*it));
    } else {
      for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& item = (*it)[i];
        std::string p = json_pointer(ptr + "/items", i);
        if (!item.is_object()) {
          r.error(p, "expected an object like {\"id\": \"q-1\", \"at_s\": 0}, found " + json_type_name(item));
          continue;
        }
        r.reject_unknown_keys(item, p, {"id", "at_s", "priority", "data"});
        ItemSpec spec;
        if (auto id = r.string(item, p, "id")) {
          if (id->empty() || id->size() > 200) r.error(p + "/id", "an item id needs 1 to 200 characters");
          if (!ids.insert(*id).second) r.error(p + "/id", "work item id \"" + *id + "\" is used twice");
          spec.id = *id;
        }
        spec.at_us = sim::from_seconds(number_in(r, item, p, "at_s", 0, 0, 1e7, " seconds"));
        spec.priority = r.string_or(item, p, "priority", "");
        if (auto d = item.find("data"); d != item.end()) {
          if (!d->is_object()) {
            r.error(p + "/data", "expected an object (the item's fields), found " + json_type_name(*d));
          } else {
            check_data(r, *d, p + "/data");
            spec.data = *d;
          }
        }
        if (++total > kMaxItems) r.error(p, "a workload may hold at most 200000 items");
        out.items.push_back(std::move(spec));
      }
    }
  }
}

void parse_agents(const Json* a, JsonReader& r, AgentsSpec& out) {
  out = AgentsSpec{};
  if (!a) return;
  if (a->is_number()) {
    double n = a->get<double>();
    if (!(n >= 1 && n <= 100) || n != std::floor(n))
      r.error("/agents", "the number of agents must be a whole number from 1 to 100");
    else
      out.count = static_cast<int>(n);
    return;
  }
  if (!a->is_object()) {
    r.error("/agents", "expected a number of agents or {\"count\": 3, \"stagger_s\": 0.5}, found " + json_type_name(*a));
    return;
  }
  r.reject_unknown_keys(*a, "/agents", {"count", "stagger_s", "crashes"});
  double n = number_in(r, *a, "/agents", "count", 1, 1, 100);
  if (n != std::floor(n)) r.error("/agents/count", "the number of agents must be a whole number");
  out.count = static_cast<int>(n);
  out.stagger_us = seconds_to_us(number_in(r, *a, "/agents", "stagger_s", 0, 0, 3600, " seconds"));
  if (auto c = a->find("crashes"); c != a->end()) parse_crashes(*c, r, "/agents/crashes", out.count, out.crashes);
}

void parse_limits(const Json* l, JsonReader& r, sandbox::Limits& out) {
  out = sandbox::Limits{};
  if (!l) return;
  const std::string p = "/limits";
  if (!l->is_object()) {
    r.error(p, "expected an object of limits, found " + json_type_name(*l));
    return;
  }
  r.reject_unknown_keys(*l, p,
                        {"instructions", "memory_mb", "string_mb", "pattern_steps", "json_depth", "tasks",
                         "pending_events", "virtual_s", "journal_events", "journal_mb", "log_lines", "log_kb"});
  auto whole = [&](const char* key, double v) {
    if (v != std::floor(v)) r.error(json_pointer(p, key), "expected a whole number");
    return static_cast<std::int64_t>(v);
  };
  out.instructions = whole("instructions", number_in(r, *l, p, "instructions", static_cast<double>(out.instructions), 1e5, 2e9));
  out.memory_bytes = static_cast<std::int64_t>(
      number_in(r, *l, p, "memory_mb", static_cast<double>(out.memory_bytes >> 20), 1, 1024, " MB") * 1048576.0);
  out.string_bytes = static_cast<std::int64_t>(
      number_in(r, *l, p, "string_mb", static_cast<double>(out.string_bytes) / 1048576.0, 0.01, 256, " MB") * 1048576.0);
  out.pattern_steps = whole("pattern_steps", number_in(r, *l, p, "pattern_steps", static_cast<double>(out.pattern_steps), 1e3, 1e9));
  out.json_depth = static_cast<int>(whole("json_depth", number_in(r, *l, p, "json_depth", out.json_depth, 8, 1000)));
  out.tasks = whole("tasks", number_in(r, *l, p, "tasks", static_cast<double>(out.tasks), 1, 1e5));
  out.pending_events = whole("pending_events", number_in(r, *l, p, "pending_events", static_cast<double>(out.pending_events), 1, 1e6));
  out.virtual_us = seconds_to_us(
      number_in(r, *l, p, "virtual_s", static_cast<double>(out.virtual_us) / 1e6, 1, 30.0 * 86400, " seconds"));
  out.journal_events = whole("journal_events", number_in(r, *l, p, "journal_events", static_cast<double>(out.journal_events), 1e3, 1e8));
  out.journal_bytes = static_cast<std::int64_t>(
      number_in(r, *l, p, "journal_mb", static_cast<double>(out.journal_bytes >> 20), 1, 4096, " MB") * 1048576.0);
  out.log_lines = whole("log_lines", number_in(r, *l, p, "log_lines", static_cast<double>(out.log_lines), 1, 1e7));
  out.log_bytes = static_cast<std::int64_t>(
      number_in(r, *l, p, "log_kb", static_cast<double>(out.log_bytes) / 1024.0, 1, 1e6, " KB") * 1024.0);
}

std::optional<Lab> parse_lab(const Json& root, const std::string& file, Diagnostics& diags) {
  JsonReader r(file, diags);
  std::size_t errors_before = diags.error_count();
  if (!root.is_object()) {
    r.error("", "expected an object with \"id\", \"title\" and \"world\", found " + json_type_name(root));
    return std::nullopt;
  }
  Lab lab;
  lab.raw = root;
  if (auto id = r.string(root, "", "id")) {
    if (id->empty()) r.error("/id", "the lab id cannot be empty");
    lab.id = *id;
  }
  if (auto title = r.string(root, "", "title")) {
    if (title->empty()) r.error("/title", "the lab title cannot be empty");
    lab.title = *title;
  }
  lab.kind = r.string_or(root, "", "kind", "lab");
  if (lab.kind != "lab" && lab.kind != "playground")
    r.error("/kind", "unknown kind \"" + lab.kind + "\" (expected lab or playground)");
  lab.summary = r.string_or(root, "", "summary", "");
  for (const char* text : {"lesson", "summary", "description"})
    if (root.contains(text) && r.string_or(root, "", text, "x").empty())
      r.error(json_pointer("", text), std::string("\"") + text + "\" cannot be empty (leave it out instead)");
  if (const Json* world = r.object(root, "", "world")) {
    auto spec = sim::parse_world(*world, file, "/world", diags);
    if (spec) lab.world = std::make_shared<const sim::WorldSpec>(std::move(*spec));
  }
  auto find = [&](const char* key) -> const Json* {
    auto it = root.find(key);
    return it == root.end() ? nullptr : &*it;
  };
  parse_workload(find("workload"), r, lab.workload);
  parse_agents(find("agents"), r, lab.agents);
  if (lab.world) check_crash_references(lab.agents.crashes, *lab.world, r, "/agents/crashes");
  parse_limits(find("limits"), r, lab.limits);
  if (const Json* seeds = find("seeds")) {
    if (seeds->is_array())
      for (const auto& s : *seeds)
        if (s.is_number_unsigned() || (s.is_number_integer() && s.get<std::int64_t>() >= 0))
          lab.seeds.push_back(s.get<std::uint64_t>());
  }
  if (lab.seeds.empty()) lab.seeds.push_back(1);
  if (diags.error_count() > errors_before || !lab.world) return std::nullopt;
  return lab;
}

std::optional<LabPackage> load_learner_package(const std::string& dir, const std::string& display,
                                               Diagnostics& diags) {
  PackageOptions options;
  // Grading sections belong to src/grade (grade::load_graded_lab); running needs none of them.
  options.handlers.push_back({{"seeds", "checks", "hints", "self_test"}, nullptr});
  return load_package(dir, display, options, diags);
}

std::optional<Lab> load_lab(const std::string& dir, const std::string& display, Diagnostics& diags) {
  auto package = load_learner_package(dir, display, diags);
  if (!package) return std::nullopt;
  return std::move(package->lab);
}

std::vector<sandbox::WorkItem> make_workload(const Lab& lab, std::uint64_t seed) {
  struct Pending {
    sandbox::WorkItem item;
    std::size_t order;
  };
  std::vector<Pending> all;
  sim::Rng rng = sim::Rng(seed).fork("workload");
  for (const auto& s : lab.workload.streams) {
    std::vector<double> weights;
    for (const auto& pw : s.priorities) weights.push_back(pw.second);
    std::map<std::uint64_t, std::string> shapes;  // variant set -> data JSON with "{n}" left in
    for (std::uint64_t k = 0; k < s.count; ++k) {
      sandbox::WorkItem w;
      w.id = stream_item_id(s, k + 1);
      std::int64_t at = sim::from_seconds(s.start_s + static_cast<double>(k / s.per_arrival) * s.every_s);
      if (s.jitter_us > 0)
        at += static_cast<std::int64_t>(rng.uniform(-static_cast<double>(s.jitter_us), static_cast<double>(s.jitter_us)));
      w.at_us = std::max<std::int64_t>(0, at);
      if (weights.size() == 1)
        w.priority = s.priorities[0].first;
      else if (!weights.empty())
        w.priority = s.priorities[rng.weighted_choice(weights)].first;
      // Items of a stream differ only in {n} and in which variants apply: serialise each
      // combination once and substitute the number into the text (thousands of items).
      std::uint64_t mask = 0;
      for (std::size_t vi = 0; vi < s.variants.size(); ++vi) {
        const auto& v = s.variants[vi];
        if (k % v.every == v.offset % v.every) {
          mask |= vi < 64 ? std::uint64_t{1} << vi : 0;
          if (!v.priority.empty()) w.priority = v.priority;
        }
      }
      auto cached = shapes.find(mask);
      if (cached == shapes.end() || s.variants.size() > 64) {
        Json d = s.data;
        for (const auto& v : s.variants)
          if (k % v.every == v.offset % v.every)
            for (auto it = v.data.begin(); it != v.data.end(); ++it) d[it.key()] = it.value();
        if (s.variants.size() > 64 || keys_mention_n(d)) {
          w.data_json = render(d, k + 1).dump();
          all.push_back({std::move(w), all.size()});
          continue;
        }
        cached = shapes.emplace(mask, d.dump()).first;
      }
      w.data_json = replace_n(cached->second, k + 1);
      all.push_back({std::move(w), all.size()});
    }
  }
  for (const auto& it : lab.workload.items) {
    sandbox::WorkItem w;
    w.id = it.id;
    w.at_us = it.at_us;
    w.priority = it.priority;
    w.data_json = it.data.dump();
    all.push_back({std::move(w), all.size()});
  }
  std::stable_sort(all.begin(), all.end(), [](const Pending& a, const Pending& b) {
    return a.item.at_us != b.item.at_us ? a.item.at_us < b.item.at_us : a.order < b.order;
  });
  std::vector<sandbox::WorkItem> out;
  out.reserve(all.size());
  for (auto& p : all) out.push_back(std::move(p.item));
  return out;
}

}  // namespace fl::lab
