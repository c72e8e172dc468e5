#pragma once
// The whole course as the app and `faultline check` see it: the outline (content/course.json)
// plus every lesson, quiz and module test it lists as ready, parsed and validated.
#include <map>
#include <optional>
#include <string>

#include "base/diagnostic.h"
#include "course/markdown.h"
#include "course/outline.h"
#include "course/quiz.h"

namespace fl::course {

struct Course {
  Outline outline;
  std::map<std::string, Document> lessons;  // by outline item id
  std::map<std::string, Quiz> quizzes;      // quizzes and the module test, by outline item id

  const Document* lesson(const std::string& item_id) const;
  const Quiz* quiz(const std::string& item_id) const;
};

// Loads ROOT/content. Diagnostics name files relative to ROOT ("content/quizzes/01-x.json").
// Checks, beyond each file's own format: referenced files exist; a quiz's "id" equals its
// outline item's id; question ids are unique across the whole course; a question's "lesson"
// names a lesson of the outline. Planned items are warnings and are not loaded. Returns
// nullopt only when course.json itself is unusable; a file that fails to load is left out of
// the maps (and reported), so the app can still show the rest.
std::optional<Course> load_course(const std::string& root, Diagnostics& diags);

}  // namespace fl::course
