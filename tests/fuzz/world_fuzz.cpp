// Any bytes as a lab.json, through the sections of the single lab loader (lab::parse_lab for
// metadata, world, workload, agents and limits; grade::parse_lab_grading and
// grade::check_references for the grading sections): problems are reported, never a crash.
// A lab that loads is run briefly with a small script that calls every service, so the
// request pipeline and the limiter are fuzzed with fuzzed worlds; runs are bounded in events
// and instructions.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "grade/lab_check.h"
#include "lab/run.h"
#include "sim/lab_check.h"

namespace {

const char* const kScript = R"(
for _, host in ipairs(ctx.params.hosts or {}) do
  for _, path in ipairs({"/", "/v1/items/1", "/oauth/token", "/credentials"}) do
    pcall(http.request, {method = "GET", url = "https://" .. host .. path, timeout = 5})
  end
end
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  fl::Diagnostics text_diags;
  fl::sim::check_lab_text(text, "lab.json", text_diags);

  fl::Diagnostics diags;
  auto json = fl::parse_json(text, "lab.json", diags);
  if (!json) return 0;
  auto lab = fl::lab::parse_lab(*json, "lab.json", diags);
  if (!lab && !diags.has_errors()) __builtin_trap();  // a rejection must say why
  auto grading = fl::grade::parse_lab_grading(*json, "lab.json", fl::grade::Registry::builtin(), diags);
  if (grading && lab) fl::grade::check_references(*grading, *lab, "lab.json", diags);
  (void)diags.to_string();  // the printed form (escaping, cutting, per-kind caps) must not crash
  if (!lab) return 0;
  // Every service's host as ctx.params.hosts, for the script above.
  fl::Json hosts = fl::Json::array();
  for (const auto& svc : lab->world->services) hosts.push_back(svc.host);
  lab->workload.params["hosts"] = hosts;
  lab->limits.instructions = std::min<std::int64_t>(lab->limits.instructions, 2'000'000);
  lab->limits.virtual_us = std::min<std::int64_t>(lab->limits.virtual_us, 600'000'000);
  auto shared = std::make_shared<const fl::lab::Lab>(std::move(*lab));
  fl::lab::Run run(shared, kScript, "fuzz.lua", size);
  for (int slice = 0; slice < 20 && !run.step(1000, 200'000); ++slice) {
  }
  run.summary();
  return 0;
}
