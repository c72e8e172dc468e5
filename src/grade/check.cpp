#include "grade/check.h"

#include <cmath>
#include <stdexcept>

#include "base/json_number.h"

namespace fl::grade {

// --- ParamReader ---------------------------------------------------------------------

ParamReader::ParamReader(const Json& params, JsonReader& reader, std::string pointer)
    : params_(params), reader_(reader), pointer_(std::move(pointer)) {
  if (!params_.is_null() && !params_.is_object()) {
    reader_.error(pointer_, "expected an object of parameters, found " + json_type_name(params_));
    ok_ = false;
  }
}

const Json* ParamReader::get(const char* key) {
  if (!params_.is_object()) return nullptr;
  auto it = params_.find(key);
  return it == params_.end() ? nullptr : &*it;
}

void ParamReader::error(const char* key, const std::string& message) {
  reader_.error(json_pointer(pointer_, key), message);
  ok_ = false;
}

double ParamReader::number(const char* key, double fallback, double min, double max) {
  const Json* v = get(key);
  if (!v) return fallback;
  NumberCheck n = check_number(*v, min, max);
  if (n.problem == NumberProblem::not_a_number) {
    error(key, "expected a number, found " + json_type_name(*v));
    return fallback;
  }
  if (!n.ok()) {
    error(key, "expected a number from " + number_text(min) + " to " + number_text(max) + ", found " + v->dump());
    return fallback;
  }
  double x = n.value;
  return x;
}

double ParamReader::required_number(const char* key, double min, double max) {
  if (!get(key)) {
    error(key, "missing: this check needs \"" + std::string(key) + "\"");
    return min;
  }
  return number(key, min, min, max);
}

std::int64_t ParamReader::integer(const char* key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  const Json* v = get(key);
  if (!v) return fallback;
  if (!v->is_number_integer()) {
    error(key, "expected an integer, found " + (v->is_number() ? v->dump() : json_type_name(*v)));
    return fallback;
  }
  std::int64_t x = v->get<std::int64_t>();
  if (x < min || x > max) {
    error(key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", found " +
                   std::to_string(x));
    return fallback;
  }
  return x;
}

bool ParamReader::boolean(const char* key, bool fallback) {
  const Json* v = get(key);
  if (!v) return fallback;
  if (!v->is_boolean()) {
    error(key, "expected true or false, found " + json_type_name(*v));
    return fallback;
  }
  return v->get<bool>();
}

std::string ParamReader::string(const char* key, std::string fallback, std::initializer_list<const char*> allowed) {
  const Json* v = get(key);
  if (!v) return fallback;
  if (!v->is_string()) {
    error(key, "expected a string, found " + json_type_name(*v));
    return fallback;
  }
  std::string s = v->get<std::string>();
  if (allowed.size() == 0) return s;
  std::string list;
  for (const char* a : allowed) {
    if (s == a) return s;
    if (!list.empty()) list += ", ";
    list += '"';
    list += a;
    list += '"';
  }
  error(key, "unknown value \"" + s + "\"; expected one of " + list);
  return fallback;
}

std::vector<int> ParamReader::int_list(const char* key, std::vector<int> fallback, int min, int max) {
  const Json* v = get(key);
  if (!v) return fallback;
  if (!v->is_array()) {
    error(key, "expected an array of integers, found " + json_type_name(*v));
    return fallback;
  }
  std::vector<int> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const Json& x = (*v)[i];
    if (!x.is_number_integer() || x.get<std::int64_t>() < min || x.get<std::int64_t>() > max) {
      reader_.error(json_pointer(json_pointer(pointer_, key), i),
                    "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", found " +
                        x.dump());
      ok_ = false;
      continue;
    }
    out.push_back(static_cast<int>(x.get<std::int64_t>()));
  }
  return out;
}

std::vector<std::string> ParamReader::string_list(const char* key, std::vector<std::string> fallback) {
  const Json* v = get(key);
  if (!v) return fallback;
  if (!v->is_array()) {
    error(key, "expected an array of strings, found " + json_type_name(*v));
    return fallback;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const Json& x = (*v)[i];
    if (!x.is_string()) {
      reader_.error(json_pointer(json_pointer(pointer_, key), i), "expected a string, found " + json_type_name(x));
      ok_ = false;
      continue;
    }
    out.push_back(x.get<std::string>());
  }
  return out;
}

void ParamReader::known_keys(std::initializer_list<const char*> keys) {
  if (!params_.is_object()) return;
  for (auto it = params_.begin(); it != params_.end(); ++it) {
    bool known = false;
    for (const char* k : keys) known = known || it.key() == k;
    if (!known) {
      std::string list;
      for (const char* k : keys) {
        if (!list.empty()) list += ", ";
        list += k;
      }
      reader_.error(json_pointer(pointer_, it.key()),
                    "unknown parameter \"" + it.key() + "\"" +
                        (list.empty() ? std::string("; this check takes no parameters")
                                      : "; this check takes: " + list));
      ok_ = false;
    }
  }
}

// --- Registry ------------------------------------------------------------------------

bool Registry::add(std::unique_ptr<CheckKind> kind, std::string* error) {
  if (!kind) {
    if (error) *error = "null check kind";
    return false;
  }
  if (find(kind->name())) {
    if (error) *error = "check kind \"" + std::string(kind->name()) + "\" is already registered";
    return false;
  }
  kinds_.push_back(std::move(kind));
  return true;
}

const CheckKind* Registry::find(std::string_view name) const {
  for (const auto& k : kinds_)
    if (k->name() == name) return k.get();
  return nullptr;
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> out;
  for (const auto& k : kinds_) out.emplace_back(k->name());
  return out;
}

const Registry& Registry::builtin() {
  static const Registry registry = [] {
    Registry r;
    register_run_checks(r);
    register_retry_checks(r);
    register_rate_checks(r);
    register_hygiene_checks(r);
    register_auth_checks(r);
    register_error_checks(r);
    register_pipeline_checks(r);
    return r;
  }();
  return registry;
}

}  // namespace fl::grade
