#include "course/quiz.h"

#include <cmath>
#include <set>

#include "base/files.h"
#include "base/json_file.h"

namespace fl::course {

const char* to_string(QuestionKind kind) { return kind == QuestionKind::single ? "single" : "multiple"; }

const char* to_string(Scoring scoring) { return scoring == Scoring::partial ? "partial" : "all_or_nothing"; }

std::size_t Question::correct_count() const {
  std::size_t n = 0;
  for (const auto& o : options) n += o.correct;
  return n;
}

const Option* Question::find_option(const std::string& option_id) const {
  for (const auto& o : options)
    if (o.id == option_id) return &o;
  return nullptr;
}

std::size_t Quiz::active_count() const {
  std::size_t n = 0;
  for (const auto& q : questions) n += !q.retired;
  return n;
}

const Question* Quiz::find(const std::string& question_id) const {
  for (const auto& q : questions)
    if (q.id == question_id) return &q;
  return nullptr;
}

bool is_valid_id(const std::string& id) {
  if (id.empty() || id.size() > 100) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.';
    if (!ok) return false;
  }
  return true;
}

namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// A required string that must say something.
std::string text_field(JsonReader& r, const Json& obj, const std::string& at, const char* key) {
  auto s = r.string(obj, at, key);
  if (!s) return "";
  if (blank(*s)) r.error(json_pointer(at, key), std::string("\"") + key + "\" must not be empty");
  return *s;
}

std::string id_field(JsonReader& r, const Json& obj, const std::string& at, const char* key = "id") {
  auto s = r.string(obj, at, key);
  if (!s) return "";
  if (!is_valid_id(*s))
    r.error(json_pointer(at, key), "invalid id \"" + *s + "\" (use letters, digits, '-', '_' or '.', at most 100)");
  return *s;
}

std::optional<PassMark> pass_mark_field(JsonReader& r, const Json& obj, bool required) {
  if (!obj.contains("pass_mark")) {
    if (required) r.error("", "missing required field \"pass_mark\" (the module test needs one, e.g. 0.7)");
    return std::nullopt;
  }
  auto x = r.number(obj, "", "pass_mark");
  if (!x) return std::nullopt;
  if (!(*x > 0.0 && *x <= 1.0)) {
    r.error("/pass_mark", "pass_mark must be greater than 0 and at most 1 (a fraction: 0.7 means 70 %)");
    return std::nullopt;
  }
  double scaled = *x * 10000.0;
  long long rounded = std::llround(scaled);
  if (std::abs(scaled - static_cast<double>(rounded)) > 1e-6) {
    r.error("/pass_mark", "pass_mark may have at most four decimal places");
    return std::nullopt;
  }
  return PassMark{static_cast<std::uint32_t>(rounded)};
}

// Returns false when the option's correctness is unknown (so the answer set is not judged).
bool parse_option(JsonReader& r, const Json& j, const std::string& at, Question& q, std::set<std::string>& ids) {
  if (!j.is_object()) {
    r.error(at, "expected an option object {id, text, correct, feedback}, found " + json_type_name(j));
    return false;
  }
  r.reject_unknown_keys(j, at, {"id", "text", "correct", "feedback"});
  Option o;
  o.id = id_field(r, j, at);
  if (!o.id.empty() && !ids.insert(o.id).second)
    r.error(json_pointer(at, "id"), "duplicate option id \"" + o.id + "\" in this question");
  o.text = text_field(r, j, at, "text");
  auto correct = r.boolean(j, at, "correct");
  o.correct = correct.value_or(false);
  if (!j.contains("feedback"))
    r.error(at, "missing required field \"feedback\" (every option says why it is right or wrong)");
  else
    o.feedback = text_field(r, j, at, "feedback");
  q.options.push_back(std::move(o));
  return correct.has_value();
}

void parse_question(JsonReader& r, const Json& j, const std::string& at, Quiz& quiz, std::set<std::string>& ids) {
  if (!j.is_object()) {
    r.error(at, "expected a question object, found " + json_type_name(j));
    return;
  }
  r.reject_unknown_keys(j, at, {"id", "kind", "scoring", "prompt", "options", "explanation", "lesson", "retired"});
  Question q;
  q.id = id_field(r, j, at);
  if (!q.id.empty() && !ids.insert(q.id).second)
    r.error(json_pointer(at, "id"), "duplicate question id \"" + q.id + "\"");

  auto kind = r.string(j, at, "kind");
  bool kind_ok = false;
  if (kind) {
    if (*kind == "single") {
      q.kind = QuestionKind::single;
      kind_ok = true;
    } else if (*kind == "multiple") {
      q.kind = QuestionKind::multiple;
      kind_ok = true;
    } else {
      r.error(json_pointer(at, "kind"), "unknown kind \"" + *kind + "\" (expected single or multiple)");
    }
  }
  if (j.contains("scoring")) {
    auto scoring = r.string(j, at, "scoring");
    if (scoring && *scoring == "partial") q.scoring = Scoring::partial;
    else if (scoring && *scoring != "all_or_nothing")
      r.error(json_pointer(at, "scoring"), "unknown scoring \"" + *scoring + "\" (expected all_or_nothing or partial)");
    if (kind_ok && q.kind == QuestionKind::single)
      r.error(json_pointer(at, "scoring"), "\"scoring\" applies to multiple-answer questions only");
  }
  q.prompt = text_field(r, j, at, "prompt");
  q.explanation = text_field(r, j, at, "explanation");
  if (j.contains("lesson")) q.lesson = id_field(r, j, at, "lesson");
  q.retired = r.boolean_or(j, at, "retired", false);

  if (const Json* options = r.array(j, at, "options")) {
    std::string oat = json_pointer(at, "options");
    std::set<std::string> option_ids;
    bool all_known = true;
    for (std::size_t i = 0; i < options->size(); ++i)
      all_known = parse_option(r, (*options)[i], json_pointer(oat, i), q, option_ids) && all_known;
    std::size_t n = options->size();
    if (n < kMinOptions || n > kMaxOptions) {
      r.error(oat, "a question needs " + std::to_string(kMinOptions) + " to " + std::to_string(kMaxOptions) +
                       " options, found " + std::to_string(n));
    } else if (kind_ok && all_known) {
      std::size_t correct = q.correct_count();
      if (q.kind == QuestionKind::single && correct != 1)
        r.error(oat, "a single-answer question needs exactly one correct option, found " + std::to_string(correct));
      if (q.kind == QuestionKind::multiple && correct == 0)
        r.error(oat, "a multiple-answer question needs at least one correct option, found none");
      if (q.kind == QuestionKind::multiple && correct == n)
        r.error(oat, "a multiple-answer question needs at least one incorrect option, but every option is correct");
    }
  }
  quiz.questions.push_back(std::move(q));
}

}  // namespace

std::optional<Quiz> parse_quiz(const std::string& text, const std::string& file, QuizRole role, Diagnostics& diags) {
  Diagnostics local;
  auto root = parse_json(text, file, local);
  if (!root) {
    diags.append(local);
    return std::nullopt;
  }
  JsonReader r(file, local);
  if (!root->is_object()) {
    r.error("", "expected an object with \"id\", \"title\" and \"questions\", found " + json_type_name(*root));
    diags.append(local);
    return std::nullopt;
  }
  r.reject_unknown_keys(*root, "", {"id", "title", "pass_mark", "questions"});
  Quiz quiz;
  quiz.id = id_field(r, *root, "");
  quiz.title = text_field(r, *root, "", "title");
  if (auto mark = pass_mark_field(r, *root, role == QuizRole::module_test)) quiz.pass_mark = *mark;

  if (const Json* questions = r.array(*root, "", "questions")) {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < questions->size(); ++i)
      parse_question(r, (*questions)[i], json_pointer("/questions", i), quiz, ids);
    std::size_t active = quiz.active_count();
    if (role == QuizRole::module_test && questions->size() == quiz.questions.size() && active != kModuleTestQuestions)
      r.error("/questions", "the module test needs exactly " + std::to_string(kModuleTestQuestions) +
                                " active (not retired) questions, found " + std::to_string(active));
    if (role == QuizRole::quiz && active == 0) r.error("/questions", "the quiz has no active (not retired) questions");
  }
  bool ok = !local.has_errors();
  diags.append(local);
  if (!ok) return std::nullopt;
  return quiz;
}

std::optional<Quiz> load_quiz(const std::string& path, const std::string& display_name, QuizRole role,
                              Diagnostics& diags) {
  std::string error;
  auto text = read_file(path, &error, kMaxJsonFileBytes);
  if (!text) {
    diags.error(display_name, "", error);
    return std::nullopt;
  }
  return parse_quiz(*text, display_name, role, diags);
}

}  // namespace fl::course
