// faultline progress export --db FILE [--out FILE.json]
// faultline progress import --db FILE [--replace] FILE.json
// faultline progress show FILE.json | --db FILE
// A learner's progress as a progress file (the format the browser's "Your data" exports and
// imports; docs/progress-format.md): an instructor reads a learner's export with `show`, and
// moves progress between the desktop app, the CLI's --db and a browser.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <map>
#include <memory>
#include <ostream>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/files.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "store/attempts.h"
#include "store/database.h"
#include "store/progress.h"
#include "store/progress_file.h"
#include "store/submissions.h"

namespace fl::cli {

namespace {

struct ProgressOptions {
  std::string db, out, file;
  bool replace = false;
};

std::string utc_time(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm day{};
  if (!gmtime_r(&t, &day)) return std::to_string(seconds);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &day);
  return buf;
}

std::unique_ptr<store::Database> open_db(const std::string& path, CommandContext& ctx) {
  std::string error;
  auto db = store::Database::open(path, &error);
  if (!db) ctx.err << "faultline progress: " << error << "\n";
  return db;
}

int export_command(const ProgressOptions& o, CommandContext& ctx) {
  auto db = open_db(o.db, ctx);
  if (!db) return kBadInput;
  const std::string text = store::export_progress(*db, static_cast<std::int64_t>(std::time(nullptr)));
  if (o.out.empty() || o.out == "-") {
    ctx.out << text;
    return kOk;
  }
  std::ofstream file(o.out, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file.flush()) {
    ctx.err << "faultline progress export: cannot write " << o.out << "\n";
    return kBadInput;
  }
  return kOk;
}

int import_command(const ProgressOptions& o, CommandContext& ctx) {
  std::string error;
  auto text = read_file(o.file, &error);
  if (!text) {
    ctx.err << "faultline progress import: " << error << "\n";
    return kBadInput;
  }
  auto db = open_db(o.db, ctx);
  if (!db) return kBadInput;
  store::ImportCounts counts;
  const auto mode = o.replace ? store::ImportMode::replace : store::ImportMode::merge;
  if (!store::import_progress(*db, *text, o.file, mode, &counts, &error)) {
    ctx.err << error << (error.empty() || error.back() != '\n' ? "\n" : "") << "faultline progress import: nothing was imported\n";
    return kBadInput;
  }
  ctx.out << o.file << ": " << counts.added << " records added";
  if (!o.replace) ctx.out << ", " << counts.skipped << " already in " << o.db;
  ctx.out << "\n";
  return kOk;
}

std::string points(std::int64_t units, std::int64_t possible) {
  std::ostringstream s;
  s << std::setprecision(3) << static_cast<double>(units) / 60.0 << "/" << static_cast<double>(possible) / 60.0;
  return s.str();
}

// What a progress database holds, for people: lessons, quizzes, labs, settings.
void describe(const store::Database& db, std::ostream& out) {
  const auto visited = store::visited_lessons(db);
  out << "Lessons visited (" << visited.size() << ")";
  const char* sep = ": ";
  for (const auto& id : visited) {
    out << sep << id;
    sep = ", ";
  }
  out << "\n";
  const auto quizzes = store::quiz_summaries(db);
  out << "Quizzes and tests submitted (" << quizzes.size() << ")" << (quizzes.empty() ? "" : ":") << "\n";
  for (const auto& [id, q] : quizzes)
    out << "  " << std::left << std::setw(18) << id << q.attempts << (q.attempts == 1 ? " attempt" : " attempts")
        << ", best " << points(q.best_earned_units, q.best_possible_units) << " ("
        << static_cast<int>(q.best_fraction() * 100 + 0.5) << "%), " << (q.passed ? "passed" : "not passed") << "\n";
  const auto submissions = store::list_submissions(db, "");
  std::map<std::string, std::vector<const store::Submission*>> by_lab;
  for (const auto& s : submissions) by_lab[s.lab_id].push_back(&s);
  out << "Lab submissions (" << submissions.size() << ")" << (submissions.empty() ? "" : ":") << "\n";
  for (const auto& [lab, list] : by_lab) {
    const store::Submission* best = list.front();
    for (const auto* s : list)
      if (s->score > best->score) best = s;
    out << "  " << std::left << std::setw(18) << lab << list.size() << (list.size() == 1 ? " submission" : " submissions")
        << ", best " << best->score << "/" << best->max_score << " (" << best->status << "), last "
        << utc_time(list.back()->submitted_at) << "\n";
  }
  for (const char* key : {"theme", "last_route"})
    if (auto value = db.setting(key)) out << "Setting " << key << ": " << *value << "\n";
}

int show_command(const ProgressOptions& o, CommandContext& ctx) {
  if (o.file.empty() == o.db.empty()) {
    ctx.err << "faultline progress show: give a progress file or --db FILE (one of them)\n";
    return kBadInput;
  }
  if (!o.db.empty()) {
    auto db = open_db(o.db, ctx);
    if (!db) return kBadInput;
    ctx.out << o.db << ": progress database, schema " << db->schema_version() << "\n";
    describe(*db, ctx.out);
    return kOk;
  }
  std::string error;
  auto text = read_file(o.file, &error);
  if (!text) {
    ctx.err << "faultline progress show: " << error << "\n";
    return kBadInput;
  }
  auto db = open_db(":memory:", ctx);
  if (!db) return kBadInput;
  if (!store::import_progress(*db, *text, o.file, store::ImportMode::replace, nullptr, &error)) {
    ctx.err << error << (error.empty() || error.back() != '\n' ? "\n" : "");
    return kBadInput;
  }
  const auto doc = nlohmann::json::parse(*text);  // valid: the import checked it
  ctx.out << o.file << ": progress file, format " << doc["version"].get<int>() << ", schema "
          << doc["schema"].get<int>();
  if (doc.contains("exported_at")) ctx.out << ", exported " << utc_time(doc["exported_at"].get<std::int64_t>());
  ctx.out << "\n";
  describe(*db, ctx.out);
  return kOk;
}

}  // namespace

void add_progress_command(CLI::App& app, CommandContext& ctx) {
  auto* progress = app.add_subcommand("progress", "A learner's progress as a JSON file (the browser's export format)");
  progress->require_subcommand(1);
  auto o = std::make_shared<ProgressOptions>();

  auto* ex = progress->add_subcommand("export", "Write a progress database as a progress file (JSON)");
  ex->add_option("--db", o->db, "Progress database (SQLite, as written by grade --db and the desktop app)")->required();
  ex->add_option("--out,-o", o->out, "Write here instead of standard output");
  ex->callback([&ctx, o] { ctx.result = export_command(*o, ctx); });

  auto* im = progress->add_subcommand("import", "Add a progress file's records to a progress database");
  im->add_option("FILE", o->file, "Progress file (JSON), e.g. the browser's export")->required();
  im->add_option("--db", o->db, "Progress database to write (created if missing)")->required();
  im->add_flag("--replace", o->replace, "Replace every record instead of merging (default: merge, local settings win)");
  im->callback([&ctx, o] { ctx.result = import_command(*o, ctx); });

  auto* show = progress->add_subcommand("show", "Summarise a progress file or database: lessons, quizzes, labs");
  show->add_option("FILE", o->file, "Progress file (JSON)");
  show->add_option("--db", o->db, "Progress database instead of a file");
  show->callback([&ctx, o] { ctx.result = show_command(*o, ctx); });
}

}  // namespace fl::cli
