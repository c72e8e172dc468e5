#include "grade/lab_grading.h"

#include <algorithm>
#include <set>

#include "base/files.h"
#include "base/hash.h"
#include "grade/lab_check.h"

namespace fl::grade {

namespace {

bool valid_check_id(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

constexpr double kMaxSeed = 9007199254740991.0;  // 2^53 - 1: exact in JSON numbers everywhere

std::optional<std::uint64_t> seed_value(const Json& v) {
  if (!v.is_number_integer() && !v.is_number_unsigned()) return std::nullopt;
  if (v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (static_cast<double>(u) > kMaxSeed) return std::nullopt;
    return u;
  }
  auto i = v.get<std::int64_t>();
  if (i < 0 || static_cast<double>(i) > kMaxSeed) return std::nullopt;
  return static_cast<std::uint64_t>(i);
}

constexpr std::size_t kMaxSeeds = 100;  // each seed is a whole run per graded solution

void parse_seed_list(const Json& arr, const std::string& at, JsonReader& r, std::vector<std::uint64_t>& out) {
  if (arr.size() > kMaxSeeds) {
    r.error(at, "at most 100 seeds, found " + std::to_string(arr.size()));
    return;
  }
  std::set<std::uint64_t> seen;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    auto s = seed_value(arr[i]);
    if (!s) {
      r.error(json_pointer(at, i), "expected a seed: an integer from 0 to 2^53-1, found " + arr[i].dump());
      continue;
    }
    if (!seen.insert(*s).second) {
      r.error(json_pointer(at, i), "seed " + std::to_string(*s) + " is listed twice");
      continue;
    }
    out.push_back(*s);
  }
}

}  // namespace

const CheckSpec* LabGrading::find_check(std::string_view check_id) const {
  for (const auto& c : checks)
    if (c.id == check_id) return &c;
  return nullptr;
}

std::string LabGrading::hint_for(std::string_view check_id) const {
  std::string out;
  for (const auto& h : hints)
    if (h.check == check_id) out += (out.empty() ? "" : " ") + h.text;
  return out;
}

std::optional<LabGrading> parse_lab_grading(const Json& lab, const std::string& file, const Registry& registry,
                                            Diagnostics& diags) {
  const std::size_t errors_before = diags.error_count();
  JsonReader r(file, diags);
  LabGrading g;
  if (!lab.is_object()) {
    r.error("", "expected a lab object, found " + json_type_name(lab));
    return std::nullopt;
  }
  g.id = r.string_or(lab, "", "id", "");
  g.title = r.string_or(lab, "", "title", "");
  g.playground = r.string_or(lab, "", "kind", "lab") == "playground";

  // --- seeds ---
  if (const Json* seeds = lab.contains("seeds") ? &lab["seeds"] : nullptr) {
    if (!seeds->is_array()) {
      r.error("/seeds", "expected an array of seeds, found " + json_type_name(*seeds));
    } else {
      parse_seed_list(*seeds, "/seeds", r, g.seeds);
      if (seeds->empty() && !g.playground) r.error("/seeds", "list at least one seed (three or more, so luck does not pass)");
    }
  } else if (!g.playground) {
    r.error("/seeds", "missing: a graded lab lists the seeds it is graded on, e.g. \"seeds\": [101, 202, 303]");
  }

  // --- checks ---
  std::set<std::string> ids;
  if (const Json* checks = lab.contains("checks") ? &lab["checks"] : nullptr) {
    if (!checks->is_array()) {
      r.error("/checks", "expected an array of checks, found " + json_type_name(*checks));
    } else {
      if (checks->empty() && !g.playground) r.error("/checks", "a graded lab needs at least one check");
      for (std::size_t i = 0; i < checks->size(); ++i) {
        const Json& c = (*checks)[i];
        const std::string at = json_pointer("/checks", i);
        if (!c.is_object()) {
          r.error(at, "expected a check object, found " + json_type_name(c));
          continue;
        }
        r.reject_unknown_keys(c, at, {"id", "kind", "name", "points", "task", "params", "description"});
        CheckSpec spec;
        spec.pointer = at;
        auto id = r.string(c, at, "id");
        auto kind = r.string(c, at, "kind");
        auto name = r.string(c, at, "name");
        if (id) {
          if (!valid_check_id(*id))
            r.error(json_pointer(at, "id"), "a check id uses a-z, 0-9, '-' and '_' only (at most 64), found \"" + *id + "\"");
          else if (!ids.insert(*id).second)
            r.error(json_pointer(at, "id"), "check id \"" + *id + "\" is used twice");
          spec.id = *id;
        }
        if (name) {
          if (name->empty()) r.error(json_pointer(at, "name"), "a check needs a name the learner can read");
          spec.name = *name;
        }
        spec.points = r.number_or(c, at, "points", 1);
        if (!(spec.points >= 0 && spec.points <= 1000))
          r.error(json_pointer(at, "points"), "expected points from 0 to 1000");
        if (c.contains("task")) {
          const Json& t = c["task"];
          if (!t.is_number_integer() || t.get<std::int64_t>() < 1 || t.get<std::int64_t>() > 1000)
            r.error(json_pointer(at, "task"), "expected a task number from 1 to 1000, found " + t.dump());
          else
            spec.task_id = static_cast<int>(t.get<std::int64_t>());
        }
        if (spec.task_id == 0) spec.task_id = static_cast<int>(i) + 1;
        spec.params = c.contains("params") ? c["params"] : Json::object();
        if (kind) {
          spec.kind = *kind;
          spec.impl = registry.find(*kind);
          if (!spec.impl) {
            std::string known;
            for (const auto& n : registry.names()) known += (known.empty() ? "" : ", ") + n;
            r.error(json_pointer(at, "kind"), "unknown check kind \"" + *kind + "\"; known kinds: " + known);
          } else {
            ParamReader pr(spec.params, r, json_pointer(at, "params"));
            spec.impl->validate(pr);
          }
        }
        g.checks.push_back(std::move(spec));
      }
    }
  } else if (!g.playground) {
    r.error("/checks", "missing: a graded lab lists its checks");
  }

  // --- hints ---
  if (const Json* hints = lab.contains("hints") ? &lab["hints"] : nullptr) {
    if (!hints->is_array()) {
      r.error("/hints", "expected an array of hints, found " + json_type_name(*hints));
    } else {
      for (std::size_t i = 0; i < hints->size(); ++i) {
        const Json& h = (*hints)[i];
        const std::string at = json_pointer("/hints", i);
        if (!h.is_object()) {
          r.error(at, "expected a hint object {\"check\", \"text\"}, found " + json_type_name(h));
          continue;
        }
        r.reject_unknown_keys(h, at, {"check", "text"});
        auto check = r.string(h, at, "check");
        auto text = r.string(h, at, "text");
        if (check && !ids.count(*check))
          r.error(json_pointer(at, "check"), "no check has the id \"" + *check + "\"");
        if (text && text->empty()) r.error(json_pointer(at, "text"), "a hint needs text");
        if (check && text) g.hints.push_back({*check, *text});
      }
    }
  }

  // --- self_test ---
  if (const Json* st = lab.contains("self_test") ? &lab["self_test"] : nullptr) {
    if (!st->is_object()) {
      r.error("/self_test", "expected an object, found " + json_type_name(*st));
    } else {
      r.reject_unknown_keys(*st, "/self_test", {"naive"});
      const Json* naive = r.array(*st, "/self_test", "naive");
      std::set<std::string> files;
      for (std::size_t i = 0; naive && i < naive->size(); ++i) {
        const Json& n = (*naive)[i];
        const std::string at = json_pointer("/self_test/naive", i);
        if (!n.is_object()) {
          r.error(at, "expected {\"file\", \"fails\", \"may_fail\"?, \"seeds\"?, \"why\"?}, found " + json_type_name(n));
          continue;
        }
        r.reject_unknown_keys(n, at, {"file", "fails", "may_fail", "seeds", "why"});
        NaiveExpectation e;
        e.pointer = at;
        auto f = r.string(n, at, "file");
        if (f) {
          if (f->rfind("naive/", 0) != 0 || f->size() <= 10 || f->substr(f->size() - 4) != ".lua" ||
              f->find("..") != std::string::npos || f->find('/', 6) != std::string::npos)
            r.error(json_pointer(at, "file"), "expected a file in naive/, e.g. \"naive/no-retry.lua\", found \"" + *f + "\"");
          else if (!files.insert(*f).second)
            r.error(json_pointer(at, "file"), "\"" + *f + "\" has two self_test entries");
          e.file = *f;
        }
        if (const Json* fails = r.array(n, at, "fails")) {
          if (fails->empty())
            r.error(json_pointer(at, "fails"), "a naive solution must fail at least one check (list the ids it fails)");
          for (std::size_t k = 0; k < fails->size(); ++k) {
            const Json& x = (*fails)[k];
            const std::string xat = json_pointer(json_pointer(at, "fails"), k);
            if (!x.is_string()) {
              r.error(xat, "expected a check id, found " + json_type_name(x));
              continue;
            }
            if (!ids.count(x.get<std::string>())) r.error(xat, "no check has the id \"" + x.get<std::string>() + "\"");
            else if (std::find(e.fails.begin(), e.fails.end(), x.get<std::string>()) != e.fails.end())
              r.error(xat, "\"" + x.get<std::string>() + "\" is listed twice");
            else e.fails.push_back(x.get<std::string>());
          }
        }
        // Checks the mistake breaks on some seeds only, as a consequence: not compared.
        if (n.contains("may_fail")) {
          const Json& may = n["may_fail"];
          const std::string mat = json_pointer(at, "may_fail");
          if (!may.is_array()) r.error(mat, "expected an array of check ids, found " + json_type_name(may));
          for (std::size_t k = 0; may.is_array() && k < may.size(); ++k) {
            const Json& x = may[k];
            const std::string xat = json_pointer(mat, k);
            if (!x.is_string() || !ids.count(x.get<std::string>()))
              r.error(xat, "expected the id of a check, found " + x.dump());
            else if (std::find(e.fails.begin(), e.fails.end(), x.get<std::string>()) != e.fails.end())
              r.error(xat, "\"" + x.get<std::string>() + "\" is in fails already");
            else e.may_fail.push_back(x.get<std::string>());
          }
        }
        if (n.contains("seeds")) {
          if (!n["seeds"].is_array() || n["seeds"].empty()) {
            r.error(json_pointer(at, "seeds"), "expected a non-empty array of the lab's seeds");
          } else {
            parse_seed_list(n["seeds"], json_pointer(at, "seeds"), r, e.seeds);
            for (std::size_t k = 0; k < e.seeds.size(); ++k)
              if (std::find(g.seeds.begin(), g.seeds.end(), e.seeds[k]) == g.seeds.end())
                r.error(json_pointer(json_pointer(at, "seeds"), k),
                        "seed " + std::to_string(e.seeds[k]) + " is not one of the lab's seeds");
          }
        } else {
          e.seeds = g.seeds;
        }
        e.why = r.string_or(n, at, "why", "");
        g.naive.push_back(std::move(e));
      }
    }
  } else if (!g.playground) {
    r.error("/self_test", "missing: list the naive solutions and the checks each must fail");
  }

  if (diags.error_count() > errors_before) return std::nullopt;
  return g;
}

void check_lab_files(const LabGrading& g, const lab::LabPackage& package, Diagnostics& diags) {
  const std::string& dir_display = package.display;
  const std::vector<std::string>& naive_files = package.naive;
  // A file the package could not read was reported by the package (too large, not a regular
  // file, outside the root); "missing" is for files that are not there at all.
  auto need = [&](const std::string& rel, const std::string& why) {
    if (!package.has(rel) && !package.listed(rel)) diags.error(dir_display + "/" + rel, "", "missing: " + why);
  };
  need("starter.lua", "the learner's starting code");
  need("brief.md", "the lab's brief, stating every threshold its checks apply");
  if (g.playground) return;
  need("reference.lua", "a reference solution that passes every check");
  for (const auto& n : g.naive)
    if (!n.file.empty()) need(n.file, "named by " + n.pointer + " in lab.json");
  for (const auto& f : naive_files) {
    bool listed = std::any_of(g.naive.begin(), g.naive.end(), [&](const NaiveExpectation& n) { return n.file == f; });
    if (!listed)
      diags.error(dir_display + "/lab.json", "/self_test/naive",
                  "\"" + f + "\" has no self_test entry: say which checks it must fail");
  }
}

std::string lab_hash(const std::string& lab_json, const std::string& brief_md, const std::string& starter_lua) {
  std::uint64_t h = kFnvOffset;
  auto add = [&h](std::string_view name, const std::string& bytes) {
    h = fnv1a64(name, h);
    std::string size = std::to_string(bytes.size());
    h = fnv1a64("\n", h);
    h = fnv1a64(size, h);
    h = fnv1a64("\n", h);
    h = fnv1a64(bytes, h);
  };
  add("lab.json", lab_json);
  add("brief.md", brief_md);
  add("starter.lua", starter_lua);
  return fnv1a64_digest(h);
}

}  // namespace fl::grade
