#pragma once
// Quizzes and the module test (content/quizzes/NN-*.json, content/module-test.json): the model,
// the loader and its validation. Every problem is reported with the file and the JSON pointer
// of the offending value ("content/quizzes/02-rate-limits.json: /questions/3/options: ...").
// The format is documented for instructors in docs/content-format.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace fl::course {

enum class QuestionKind { single, multiple };
// How a multiple-answer question is scored (single-answer questions score 1 or 0):
//  all_or_nothing: 1 point when the picked set equals the correct set exactly, else 0;
//  partial: max(0, correct picked - incorrect picked) / number of correct options.
enum class Scoring { all_or_nothing, partial };

const char* to_string(QuestionKind kind);
const char* to_string(Scoring scoring);

struct Option {
  std::string id;        // stable within its question ("a", "b", ...)
  std::string text;      // Markdown inline text (code spans allowed)
  bool correct = false;
  std::string feedback;  // why this option is right or wrong; shown after submission
};

struct Question {
  std::string id;  // stable across the course: progress refers to it; never reused
  QuestionKind kind = QuestionKind::single;
  Scoring scoring = Scoring::all_or_nothing;  // meaningful for multiple-answer questions only
  std::string prompt;
  std::vector<Option> options;  // in authored order; attempts shuffle them
  std::string explanation;
  std::string lesson;  // optional: id of the lesson the question draws on
  bool retired = false;  // kept so old attempts can be reviewed, never asked again

  std::size_t correct_count() const;
  const Option* find_option(const std::string& option_id) const;
};

// A pass mark as an exact fraction: per_10000 / 10000 (0.7 -> 7000). Authors write a decimal
// number in (0, 1] with at most four decimal places.
struct PassMark {
  std::uint32_t per_10000 = 7000;
  double value() const { return per_10000 / 10000.0; }
};

enum class QuizRole { quiz, module_test };

struct Quiz {
  std::string id;
  std::string title;
  PassMark pass_mark;  // a quiz may omit it (0.7); the module test must give it
  std::vector<Question> questions;  // including retired ones, in authored order

  std::size_t active_count() const;
  const Question* find(const std::string& question_id) const;
};

inline constexpr std::size_t kModuleTestQuestions = 15;
inline constexpr std::size_t kMinOptions = 2;
inline constexpr std::size_t kMaxOptions = 6;

// Parses and validates quiz JSON text; `file` names it in diagnostics. Returns nullopt when
// anything is wrong (all problems are reported, not only the first).
std::optional<Quiz> parse_quiz(const std::string& text, const std::string& file, QuizRole role, Diagnostics& diags);

// Reads `path` and parses it; diagnostics name it `display_name`.
std::optional<Quiz> load_quiz(const std::string& path, const std::string& display_name, QuizRole role,
                              Diagnostics& diags);

// Ids (quiz, question, option): letters, digits, '-', '_' and '.'; non-empty.
bool is_valid_id(const std::string& id);

}  // namespace fl::course
