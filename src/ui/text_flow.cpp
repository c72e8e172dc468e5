#include "ui/text_flow.h"

namespace fl::ui {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// Length of the UTF-8 sequence starting at s[i] (1 for a stray continuation byte).
std::size_t utf8_len(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  return i + n <= s.size() ? n : 1;
}

// A piece of a word in one span, and the spaces after it (same span).
struct Atom {
  std::size_t span, begin, end, space_end;
};

class Flow {
 public:
  Flow(const course::Inlines& spans, float max_width, const MeasureFn& measure)
      : spans_(spans), max_(max_width > 1 ? max_width : 1), measure_(measure) {
    lines_.emplace_back();
  }

  void add_word(const std::vector<Atom>& word) {
    float width = 0;
    for (const Atom& a : word) width += text_width(a.span, a.begin, a.end);
    FlowLine& line = lines_.back();
    if (!line.pieces.empty() && x_ + pending_space_ + width > max_) new_line();
    if (width > max_ && lines_.back().pieces.empty()) {
      split_word(word);
    } else {
      for (const Atom& a : word) place(a, text_width(a.span, a.begin, a.end));
    }
  }

  void hard_break() { new_line(); }

  // Spaces at the start of a span: they separate it from the word before.
  void add_space(std::size_t span, std::size_t begin, std::size_t end) {
    if (!lines_.back().pieces.empty()) pending_space_ += text_width(span, begin, end);
  }

  std::vector<FlowLine> finish() {
    if (lines_.size() > 1 && lines_.back().pieces.empty()) lines_.pop_back();
    return std::move(lines_);
  }

 private:
  float text_width(std::size_t span, std::size_t begin, std::size_t end) const {
    if (begin >= end) return 0;
    return measure_(spans_[span], std::string_view(spans_[span].text).substr(begin, end - begin));
  }

  void place(const Atom& a, float width) {
    FlowLine& line = lines_.back();
    if (!line.pieces.empty()) {
      line.pieces.back().space_after = pending_space_;
      x_ += pending_space_;
    }
    line.pieces.push_back(FlowPiece{a.span, a.begin, a.end, x_, width, 0});
    x_ += width;
    line.width = x_;
    pending_space_ = text_width(a.span, a.end, a.space_end);
  }

  // A word wider than a line: as many characters per line as fit (at least one).
  void split_word(const std::vector<Atom>& word) {
    for (const Atom& a : word) {
      const std::string_view text(spans_[a.span].text);
      std::size_t start = a.begin;
      while (start < a.end) {
        std::size_t end = start + utf8_len(text, start);
        float width = text_width(a.span, start, end);
        while (end < a.end) {
          std::size_t next = end + utf8_len(text, end);
          float w = text_width(a.span, start, next);
          if (x_ + w > max_) break;
          end = next;
          width = w;
        }
        const bool last = end >= a.end;
        place(Atom{a.span, start, end, last ? a.space_end : end}, width);
        if (!last) new_line();
        start = end;
      }
    }
  }

  void new_line() {
    lines_.emplace_back();
    x_ = 0;
    pending_space_ = 0;
  }

  const course::Inlines& spans_;
  float max_;
  const MeasureFn& measure_;
  std::vector<FlowLine> lines_;
  float x_ = 0, pending_space_ = 0;
};

}  // namespace

std::vector<FlowLine> flow_inlines(const course::Inlines& spans, float max_width, const MeasureFn& measure) {
  Flow flow(spans, max_width, measure);
  std::vector<Atom> word;  // pieces of the current word, possibly across spans
  for (std::size_t s = 0; s < spans.size(); ++s) {
    const course::Span& span = spans[s];
    if (span.line_break) {
      if (!word.empty()) flow.add_word(word);
      word.clear();
      flow.hard_break();
      continue;
    }
    const std::string& t = span.text;
    std::size_t i = 0;
    // Leading spaces end the word carried over from the previous span.
    if (i < t.size() && is_space(t[i])) {
      std::size_t j = i;
      while (j < t.size() && is_space(t[j])) ++j;
      if (!word.empty()) flow.add_word(word);
      word.clear();
      flow.add_space(s, i, j);
      i = j;
    }
    while (i < t.size()) {
      std::size_t end = i;
      while (end < t.size() && !is_space(t[end])) ++end;
      std::size_t space_end = end;
      while (space_end < t.size() && is_space(t[space_end])) ++space_end;
      word.push_back(Atom{s, i, end, space_end});
      if (space_end > end) {  // a break opportunity
        flow.add_word(word);
        word.clear();
      }
      i = space_end;
    }
  }
  if (!word.empty()) flow.add_word(word);
  return flow.finish();
}

}  // namespace fl::ui
