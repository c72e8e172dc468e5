#pragma once
// Graded lab submissions (schema v2): one row per graded solution, written by
// `faultline grade --db FILE` and by the app's Submit. Wall-clock time comes from the caller.
#include <cstdint>
#include <string>
#include <vector>

#include "store/database.h"

namespace fl::store {

struct Submission {
  std::int64_t id = 0;          // set by add_submission / list_submissions
  std::string lab_id;
  std::string solution;         // path as given, or "editor"
  std::string code;
  std::string status;           // pass | fail | error
  double score = 0, max_score = 0;
  std::string lab_hash;
  std::string trace_digest;
  std::string results_json;
  std::int64_t submitted_at = 0;
};

// Appends one submission in its own transaction; sets s.id.
bool add_submission(Database& db, Submission& s, std::string* error);
// Every submission of `lab_id` ("" = all labs), oldest first.
std::vector<Submission> list_submissions(const Database& db, const std::string& lab_id);

}  // namespace fl::store
