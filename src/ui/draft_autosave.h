#pragma once
// When to store the editor's drafts: about a second after the last keystroke (not on every
// one: each store write is a commit and, on the web, an IndexedDB sync), and at once when the
// learner leaves the page. Pure logic over a clock the caller passes (unit-tested).
#include <map>
#include <string>
#include <vector>

namespace fl::ui {

class DraftAutosave {
 public:
  static constexpr double kDelaySeconds = 1.0;

  void edited(const std::string& doc_id, double now_s) { last_edit_[doc_id] = now_s; }
  void forget(const std::string& doc_id) { last_edit_.erase(doc_id); }
  bool pending() const { return !last_edit_.empty(); }
  // The documents to store now (no longer pending afterwards): those untouched for the delay,
  // or every pending one when `all`.
  std::vector<std::string> take_due(double now_s, bool all) {
    std::vector<std::string> due;
    for (auto it = last_edit_.begin(); it != last_edit_.end();) {
      if (all || now_s - it->second >= kDelaySeconds) {
        due.push_back(it->first);
        it = last_edit_.erase(it);
      } else {
        ++it;
      }
    }
    return due;
  }

 private:
  std::map<std::string, double> last_edit_;  // doc id -> time of its last unsaved edit
};

}  // namespace fl::ui
