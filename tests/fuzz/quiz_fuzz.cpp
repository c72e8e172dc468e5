// Any bytes as a quiz or the module test: diagnostics, never a crash. A quiz that loads can
// be taken, scored, saved and restored, and its score stays within bounds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "course/quiz.h"
#include "course/quiz_engine.h"

namespace {

void take(const fl::course::Quiz& quiz, std::uint64_t seed) {
  using namespace fl::course;
  Attempt a = Attempt::start(quiz, seed);
  if (a.questions().size() != quiz.active_count()) __builtin_trap();
  SplitMix64 rng(seed);
  for (std::size_t q = 0; q < a.questions().size(); ++q)
    for (std::size_t o = 0; o < a.questions()[q].options.size(); ++o)
      if (rng.next() & 1) a.toggle(q, o);
  std::string error;
  auto resumed = Attempt::from_json(quiz, a.to_json(), &error);
  if (!resumed) __builtin_trap();  // an attempt must restore from its own state
  const AttemptResult& r = a.submit();
  if (r.earned.units < 0 || r.earned.units > r.possible.units) __builtin_trap();
  for (const auto& qr : r.questions)
    if (qr.earned.units < 0 || qr.earned.units > kPointUnits) __builtin_trap();
  auto reviewed = Attempt::from_json(quiz, a.to_json(), &error);
  if (!reviewed || !reviewed->result() || !(reviewed->result()->earned == r.earned)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fl::course;
  std::string text(reinterpret_cast<const char*>(data), size);
  for (QuizRole role : {QuizRole::quiz, QuizRole::module_test}) {
    fl::Diagnostics diags;
    auto quiz = parse_quiz(text, "quiz.json", role, diags);
    if (!quiz && !diags.has_errors()) __builtin_trap();  // a rejection must say why
    if (quiz) take(*quiz, size);
  }
  return 0;
}
