#pragma once
// `faultline check` for labs/: validates every labs/*/lab.json (in sorted folder order):
// JSON syntax, basic metadata (id, title, kind) and the whole `world` object (parse_world).
// Fields that later layers own (workload, agents, seeds, limits, checks, hints, self_test,
// lesson) are accepted unvalidated here. Paths in diagnostics are relative to ROOT
// ("labs/02-rate-limits/lab.json: /world/faults/3/kind: error: unknown fault kind ...").
#include <string>

#include "base/diagnostic.h"

namespace fl::sim {

void check_labs(const std::string& root, Diagnostics& diags);

// Validates one lab.json text (`file` names it in diagnostics).
void check_lab_text(const std::string& text, const std::string& file, Diagnostics& diags);

}  // namespace fl::sim
