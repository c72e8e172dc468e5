// Any bytes as a lab.json: the world loader and `faultline check` report problems, never crash.
// Worlds that load are also run briefly, so the request pipeline is fuzzed with them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/lab_check.h"
#include "sim/world.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  fl::Diagnostics diags;
  fl::sim::check_lab_text(text, "lab.json", diags);

  fl::Diagnostics world_diags;
  auto json = fl::parse_json(text, "lab.json", world_diags);
  if (!json || !json->is_object() || !json->contains("world")) return 0;
  auto spec = fl::sim::parse_world((*json)["world"], "lab.json", "/world", world_diags);
  if (!spec && !world_diags.has_errors()) __builtin_trap();  // a rejection must say why
  if (!spec) return 0;
  fl::sim::World world(*spec, size);
  // A few requests to every service's host, then run for a bounded number of events.
  for (const auto& svc : spec->services) {
    for (const char* path : {"/", "/v1/items/1", "/oauth/token", "/credentials"}) {
      fl::sim::Request r;
      r.method = path[1] == 'o' ? "POST" : "GET";
      r.url = "https://" + svc.host + path;
      r.body = "grant_type=client_credentials&client_id=a&client_secret=b";
      world.send(std::move(r), {}, 5 * fl::sim::kMicrosPerSecond, [](fl::sim::Outcome) {});
    }
  }
  world.step(10000);
  world.journal().digest();
  return 0;
}
