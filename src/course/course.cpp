#include "course/course.h"

#include <sys/stat.h>

#include "base/files.h"
#include "base/json_file.h"
#include "course/lesson_rules.h"

namespace fl::course {

const Document* Course::lesson(const std::string& item_id) const {
  auto it = lessons.find(item_id);
  return it == lessons.end() ? nullptr : &it->second;
}

const Quiz* Course::quiz(const std::string& item_id) const {
  auto it = quizzes.find(item_id);
  return it == quizzes.end() ? nullptr : &it->second;
}

namespace {

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

std::optional<Course> load_course(const std::string& root, Diagnostics& diags) {
  const std::string rel = "content/course.json";
  std::string error;
  if (!is_directory(root)) {
    diags.error(rel, "", "cannot read " + root + "/" + rel + ": the course root " + root + " does not exist or is not a folder");
    return std::nullopt;
  }
  auto text = read_file_in_root(root, rel, kMaxJsonFileBytes, &error);
  if (!text) {
    diags.error(rel, "", error);
    return std::nullopt;
  }
  auto outline = parse_outline(*text, rel, diags);
  if (!outline) return std::nullopt;

  Course course;
  course.outline = std::move(*outline);
  std::map<std::string, std::string> question_files;  // question id -> file that defines it
  for (std::size_t i = 0; i < course.outline.items.size(); ++i) {
    const auto& item = course.outline.items[i];
    std::string at = json_pointer("/items", i);
    if (item.planned) {
      diags.warning(rel, at, std::string(to_string(item.kind)) + " \"" + item.id + "\" is planned, not written yet");
      continue;
    }
    bool is_lab = item.kind == ItemKind::lab;
    std::string target = is_lab ? "labs/" + item.dir : "content/" + item.file;
    std::string path = root + "/" + target;
    if (!exists(path)) {
      diags.error(rel, at + (is_lab ? "/dir" : "/file"), "references " + target + ", which does not exist");
      continue;
    }
    if (!resolves_inside(root, path)) {
      diags.error(rel, at + (is_lab ? "/dir" : "/file"), "references " + target + ", which resolves (through a symlink) outside the course root");
      continue;
    }
    if (is_lab) continue;  // labs are loaded and checked by lab::load_package

    if (item.kind == ItemKind::lesson) {
      auto md = read_file(path, &error, kMaxMarkdownFileBytes);
      if (!md) {
        diags.error(target, "", error);
        continue;
      }
      course.lessons[item.id] = parse_markdown(*md, target, diags);
      check_lesson_rules(*md, course.lessons[item.id], target, diags);
      continue;
    }

    QuizRole role = item.kind == ItemKind::test ? QuizRole::module_test : QuizRole::quiz;
    auto quiz = load_quiz(path, target, role, diags);
    if (!quiz) continue;
    if (quiz->id != item.id)
      diags.error(target, "/id", "quiz id \"" + quiz->id + "\" differs from its id in " + rel + " (\"" + item.id + "\")");
    for (std::size_t q = 0; q < quiz->questions.size(); ++q) {
      const Question& question = quiz->questions[q];
      std::string qat = json_pointer("/questions", q);
      auto [it, fresh] = question_files.emplace(question.id, target);
      if (!fresh)
        diags.error(target, qat + "/id",
                    "question id \"" + question.id + "\" is also used in " + it->second +
                        " (question ids are unique across the course)");
      if (!question.lesson.empty()) {
        const OutlineItem* lesson = course.outline.find_id(question.lesson);
        if (!lesson || lesson->kind != ItemKind::lesson)
          diags.error(target, qat + "/lesson", "\"" + question.lesson + "\" is not a lesson id in " + rel);
      }
    }
    course.quizzes[item.id] = std::move(*quiz);
  }
  return course;
}

}  // namespace fl::course
