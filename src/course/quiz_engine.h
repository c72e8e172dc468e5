#pragma once
// Taking a quiz or the module test: an Attempt presents the active questions with each
// question's options in an order shuffled from a recorded seed, collects the learner's picks,
// and scores them on submission. Before submission the Attempt exposes no correctness,
// feedback or explanation; after it, result() holds the full review.
//
// Scores are exact. Every question is worth one point, kept in sixtieths (kPointUnits): a
// partially scored question has at most five correct options, so its score
// (correct picked - incorrect picked) / correct count is always a whole number of sixtieths.
// Pass or fail is an integer comparison: earned * 10000 >= pass_mark.per_10000 * possible,
// so 7/10 and 10.5/15 pass a 0.7 pass mark exactly.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/splitmix.h"
#include "course/quiz.h"

namespace fl::course {

inline constexpr std::int64_t kPointUnits = 60;  // one question = 60 units

struct Points {
  std::int64_t units = 0;
  double value() const { return static_cast<double>(units) / kPointUnits; }  // for display
  friend bool operator==(Points a, Points b) { return a.units == b.units; }
};

// True when earned/possible reaches the pass mark (exact integer arithmetic).
bool passes(Points earned, Points possible, PassMark mark);

// The score of one question given which of its options (authored order) were picked.
Points score_question(const Question& question, const std::vector<bool>& picked);

// The project's portable generator for attempt seeds and shuffles (src/base/splitmix.h).
using fl::SplitMix64;

// The presentation order of `option_count` options for one question of an attempt: a
// Fisher-Yates shuffle driven by splitmix64 seeded from (seed, question id), so a question's
// order does not change when other questions are added or retired.
std::vector<std::size_t> shuffled_order(std::size_t option_count, std::uint64_t seed, const std::string& question_id);

// What the learner sees while answering: no correctness, feedback or explanation.
struct PresentedOption {
  std::string id;
  std::string text;
};

struct PresentedQuestion {
  std::string id;
  QuestionKind kind = QuestionKind::single;
  Scoring scoring = Scoring::all_or_nothing;
  std::string prompt;
  std::vector<PresentedOption> options;  // in this attempt's shuffled order
};

// After submission: everything, in the order the learner saw it.
struct OptionReview {
  std::string id;
  std::string text;
  bool picked = false;
  bool correct = false;
  std::string feedback;
};

struct QuestionReview {
  std::string id;
  QuestionKind kind = QuestionKind::single;
  Scoring scoring = Scoring::all_or_nothing;
  std::string prompt;
  std::vector<OptionReview> options;  // presented order
  std::string explanation;
  std::string lesson;     // the lesson to revisit, when the question names one
  bool answered = false;  // at least one option picked
  Points earned;          // 0 .. kPointUnits
  bool full_marks() const { return earned.units == kPointUnits; }
};

struct AttemptResult {
  std::vector<QuestionReview> questions;
  Points earned;
  Points possible;  // one point per question
  PassMark pass_mark;
  bool passed = false;
  double fraction() const { return possible.units ? static_cast<double>(earned.units) / possible.units : 0.0; }
};

class Attempt {
 public:
  // A new attempt over the quiz's active questions (authored order), options shuffled from
  // `seed`. The caller chooses and records the seed (the core has no clock or entropy).
  static Attempt start(const Quiz& quiz, std::uint64_t seed);

  // Restores a saved attempt (see to_json) against the quiz it was taken on. Questions are
  // looked up by id, retired ones included, so finished attempts stay reviewable. Returns
  // nullopt with *error set when the state does not fit the quiz.
  static std::optional<Attempt> from_json(const Quiz& quiz, const nlohmann::json& state, std::string* error);

  // {"format":1, "quiz", "seed", "pass_mark_per_10000", "submitted", "questions":[{"id",
  //  "order":[option ids as presented], "picked":[option ids]}]} and, once submitted,
  //  "earned_units", "possible_units", "passed" (for the record; from_json rescores). A restored
  //  attempt keeps the recorded order and pass mark, so it reads exactly as it was taken.
  nlohmann::json to_json() const;

  const std::string& quiz_id() const { return quiz_id_; }
  std::uint64_t seed() const { return seed_; }
  PassMark pass_mark() const { return pass_mark_; }
  const std::vector<PresentedQuestion>& questions() const { return presented_; }

  // Answering; indices are in presented order. All return false (and change nothing) once
  // submitted or when an index is out of range.
  bool pick(std::size_t question, std::size_t option);    // single: replaces the pick
  bool unpick(std::size_t question, std::size_t option);
  bool toggle(std::size_t question, std::size_t option);  // single: picks; multiple: flips
  bool clear(std::size_t question);
  bool picked(std::size_t question, std::size_t option) const;
  bool answered(std::size_t question) const;
  std::size_t answered_count() const;

  // Scores the attempt and locks it. Submitting twice returns the same result.
  const AttemptResult& submit();
  bool submitted() const { return result_.has_value(); }
  const AttemptResult* result() const { return result_ ? &*result_ : nullptr; }

 private:
  Attempt() = default;
  void add_question(const Question& question, const std::vector<std::size_t>& order);
  bool in_range(std::size_t question, std::size_t option) const;

  std::string quiz_id_;
  std::uint64_t seed_ = 0;
  PassMark pass_mark_;
  std::vector<PresentedQuestion> presented_;
  std::vector<Question> key_;                   // same questions, options in presented order
  std::vector<std::vector<bool>> picked_;       // [question][presented option]
  std::optional<AttemptResult> result_;
};

}  // namespace fl::course
