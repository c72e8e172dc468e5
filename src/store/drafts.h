#pragma once
// The learner's code drafts, one per editor document ("lab:<item id>", "playground"), kept in
// the settings table as `draft:<doc id>` (no schema change; they travel in a progress export
// with the other settings). A missing draft means the document's starter code.
#include <map>
#include <string>

#include "store/database.h"

namespace fl::store {

// Every stored draft, by document id.
std::map<std::string, std::string> load_drafts(const Database& db);
bool save_draft(Database& db, const std::string& doc_id, const std::string& text, std::string* error);
// Back to the starter code: the draft is removed (nothing to do when there is none).
bool delete_draft(Database& db, const std::string& doc_id, std::string* error);

}  // namespace fl::store
