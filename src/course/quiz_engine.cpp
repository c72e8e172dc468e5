#include "course/quiz_engine.h"

#include <algorithm>
#include <set>

#include "base/hash.h"

namespace fl::course {

using Json = nlohmann::json;

bool passes(Points earned, Points possible, PassMark mark) {
  if (possible.units <= 0) return false;
  return earned.units * 10000 >= static_cast<std::int64_t>(mark.per_10000) * possible.units;
}

Points score_question(const Question& question, const std::vector<bool>& picked) {
  std::int64_t correct = 0, correct_picked = 0, wrong_picked = 0;
  for (std::size_t i = 0; i < question.options.size(); ++i) {
    bool p = i < picked.size() && picked[i];
    if (question.options[i].correct) {
      ++correct;
      correct_picked += p;
    } else {
      wrong_picked += p;
    }
  }
  if (correct == 0) return {};
  bool exact = correct_picked == correct && wrong_picked == 0;
  if (question.kind == QuestionKind::single || question.scoring == Scoring::all_or_nothing)
    return {exact ? kPointUnits : 0};
  std::int64_t net = std::max<std::int64_t>(0, correct_picked - wrong_picked);
  // At most five correct options (six options, one incorrect) and 60 is divisible by 1..5,
  // so this division is exact; it is still floored for out-of-spec input.
  return {net * kPointUnits / correct};
}

std::vector<std::size_t> shuffled_order(std::size_t option_count, std::uint64_t seed, const std::string& question_id) {
  std::vector<std::size_t> order(option_count);
  for (std::size_t i = 0; i < option_count; ++i) order[i] = i;
  SplitMix64 mix(seed);
  SplitMix64 rng(mix.next() ^ fnv1a64(question_id));
  for (std::size_t i = option_count; i > 1; --i) {
    std::size_t j = static_cast<std::size_t>(rng.below(i));
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

void Attempt::add_question(const Question& question, const std::vector<std::size_t>& order) {
  PresentedQuestion p;
  p.id = question.id;
  p.kind = question.kind;
  p.scoring = question.scoring;
  p.prompt = question.prompt;
  Question key = question;
  key.options.clear();
  for (std::size_t i : order) {
    p.options.push_back({question.options[i].id, question.options[i].text});
    key.options.push_back(question.options[i]);
  }
  presented_.push_back(std::move(p));
  picked_.emplace_back(order.size(), false);
  key_.push_back(std::move(key));
}

Attempt Attempt::start(const Quiz& quiz, std::uint64_t seed) {
  Attempt a;
  a.quiz_id_ = quiz.id;
  a.seed_ = seed;
  a.pass_mark_ = quiz.pass_mark;
  for (const auto& q : quiz.questions) {
    if (q.retired) continue;
    a.add_question(q, shuffled_order(q.options.size(), seed, q.id));
  }
  return a;
}

bool Attempt::in_range(std::size_t question, std::size_t option) const {
  return question < picked_.size() && option < picked_[question].size();
}

bool Attempt::pick(std::size_t question, std::size_t option) {
  if (submitted() || !in_range(question, option)) return false;
  auto& row = picked_[question];
  if (presented_[question].kind == QuestionKind::single) std::fill(row.begin(), row.end(), false);
  row[option] = true;
  return true;
}

bool Attempt::unpick(std::size_t question, std::size_t option) {
  if (submitted() || !in_range(question, option)) return false;
  picked_[question][option] = false;
  return true;
}

bool Attempt::toggle(std::size_t question, std::size_t option) {
  if (submitted() || !in_range(question, option)) return false;
  if (presented_[question].kind == QuestionKind::single) return pick(question, option);
  picked_[question][option] = !picked_[question][option];
  return true;
}

bool Attempt::clear(std::size_t question) {
  if (submitted() || question >= picked_.size()) return false;
  std::fill(picked_[question].begin(), picked_[question].end(), false);
  return true;
}

bool Attempt::picked(std::size_t question, std::size_t option) const {
  return in_range(question, option) && picked_[question][option];
}

bool Attempt::answered(std::size_t question) const {
  if (question >= picked_.size()) return false;
  const auto& row = picked_[question];
  return std::find(row.begin(), row.end(), true) != row.end();
}

std::size_t Attempt::answered_count() const {
  std::size_t n = 0;
  for (std::size_t q = 0; q < picked_.size(); ++q) n += answered(q);
  return n;
}

const AttemptResult& Attempt::submit() {
  if (result_) return *result_;
  AttemptResult r;
  r.pass_mark = pass_mark_;
  for (std::size_t qi = 0; qi < key_.size(); ++qi) {
    const Question& q = key_[qi];
    QuestionReview review;
    review.id = q.id;
    review.kind = q.kind;
    review.scoring = q.scoring;
    review.prompt = q.prompt;
    review.explanation = q.explanation;
    review.lesson = q.lesson;
    review.answered = answered(qi);
    for (std::size_t oi = 0; oi < q.options.size(); ++oi) {
      const Option& o = q.options[oi];
      review.options.push_back({o.id, o.text, picked_[qi][oi], o.correct, o.feedback});
    }
    review.earned = score_question(q, picked_[qi]);
    r.earned.units += review.earned.units;
    r.possible.units += kPointUnits;
    r.questions.push_back(std::move(review));
  }
  r.passed = passes(r.earned, r.possible, r.pass_mark);
  result_ = std::move(r);
  return *result_;
}

Json Attempt::to_json() const {
  Json questions = Json::array();
  for (std::size_t qi = 0; qi < presented_.size(); ++qi) {
    Json order = Json::array(), picked = Json::array();
    for (std::size_t oi = 0; oi < presented_[qi].options.size(); ++oi) {
      order.push_back(presented_[qi].options[oi].id);
      if (picked_[qi][oi]) picked.push_back(presented_[qi].options[oi].id);
    }
    questions.push_back({{"id", presented_[qi].id}, {"order", std::move(order)}, {"picked", std::move(picked)}});
  }
  Json j = {{"format", 1},
            {"quiz", quiz_id_},
            {"seed", seed_},
            {"pass_mark_per_10000", pass_mark_.per_10000},
            {"submitted", submitted()},
            {"questions", std::move(questions)}};
  if (result_) {
    j["earned_units"] = result_->earned.units;
    j["possible_units"] = result_->possible.units;
    j["passed"] = result_->passed;
  }
  return j;
}

std::optional<Attempt> Attempt::from_json(const Quiz& quiz, const Json& state, std::string* error) {
  auto fail = [error](const std::string& message) -> std::optional<Attempt> {
    if (error) *error = "saved attempt: " + message;
    return std::nullopt;
  };
  if (!state.is_object()) return fail("expected an object");
  auto format = state.find("format");
  if (format == state.end() || !format->is_number_integer() || *format != 1) return fail("unknown format (expected 1)");
  auto quiz_id = state.find("quiz");
  if (quiz_id == state.end() || !quiz_id->is_string() || *quiz_id != quiz.id)
    return fail("it belongs to another quiz than \"" + quiz.id + "\"");
  auto seed = state.find("seed");
  if (seed == state.end() || !seed->is_number_unsigned()) return fail("\"seed\" must be a non-negative integer");
  auto submitted = state.find("submitted");
  if (submitted == state.end() || !submitted->is_boolean()) return fail("\"submitted\" must be true or false");
  auto questions = state.find("questions");
  if (questions == state.end() || !questions->is_array()) return fail("\"questions\" must be an array");

  Attempt a;
  a.quiz_id_ = quiz.id;
  a.seed_ = seed->get<std::uint64_t>();
  // The pass mark in force when the attempt was taken, when recorded.
  a.pass_mark_ = quiz.pass_mark;
  auto mark = state.find("pass_mark_per_10000");
  if (mark != state.end()) {
    if (!mark->is_number_unsigned() || *mark == 0 || *mark > 10000) return fail("bad \"pass_mark_per_10000\"");
    a.pass_mark_.per_10000 = mark->get<std::uint32_t>();
  }
  std::set<std::string> seen;
  for (std::size_t qi = 0; qi < questions->size(); ++qi) {
    const Json& jq = (*questions)[qi];
    std::string at = "question " + std::to_string(qi + 1);
    if (!jq.is_object() || !jq.contains("id") || !jq["id"].is_string()) return fail(at + " has no id");
    std::string id = jq["id"].get<std::string>();
    const Question* q = quiz.find(id);
    if (!q) return fail(at + ": the quiz no longer has question \"" + id + "\"");
    if (!seen.insert(id).second) return fail(at + ": question \"" + id + "\" appears twice");
    if (!jq.contains("order") || !jq["order"].is_array() || !jq.contains("picked") || !jq["picked"].is_array())
      return fail(at + " needs \"order\" and \"picked\" arrays");
    const Json& jorder = jq["order"];
    if (jorder.size() != q->options.size())
      return fail("question \"" + id + "\" has changed since the attempt (its options differ)");
    std::vector<std::size_t> order;
    std::set<std::size_t> used;
    for (const Json& jo : jorder) {
      std::size_t index = q->options.size();
      if (jo.is_string())
        for (std::size_t i = 0; i < q->options.size(); ++i)
          if (q->options[i].id == jo.get<std::string>()) index = i;
      if (index == q->options.size() || !used.insert(index).second)
        return fail("question \"" + id + "\" has changed since the attempt (its options differ)");
      order.push_back(index);
    }
    a.add_question(*q, order);
    std::size_t npicked = 0;
    for (const Json& jp : jq["picked"]) {
      bool found = false;
      for (std::size_t oi = 0; oi < order.size() && jp.is_string(); ++oi) {
        if (q->options[order[oi]].id == jp.get<std::string>()) {
          found = !a.picked_.back()[oi];
          a.picked_.back()[oi] = true;
        }
      }
      if (!found) return fail("question \"" + id + "\": bad picked option");
      ++npicked;
    }
    if (q->kind == QuestionKind::single && npicked > 1)
      return fail("question \"" + id + "\" is single-answer but has several picks");
  }
  if (submitted->get<bool>()) a.submit();
  return a;
}

}  // namespace fl::course
