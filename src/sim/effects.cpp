// Effects ledgers: routes that change server state (a charge, a record) append an entry to a
// named ledger. A request carrying an idempotency key that was already applied gets the stored
// response again (no new entry); the same key with a different body is a 422 conflict; without
// a key every request applies anew, so a blind retry shows up as a duplicate effect.
#include "sim/world_impl.h"

namespace fl::sim {

void World::Impl::run_effect_route(Exchange& x) {
  const ServiceSpec& svc = spec->services[x.service];
  const RouteSpec& rt = svc.routes[x.route];
  if (!rt.effect) {
    run_route(x);
    return;
  }
  const EffectSpec& eff = *rt.effect;
  auto journal_effect = [&](const char* result, std::uint64_t entry, std::string_view key) {
    EffectEvent e;
    who(e, x);
    e.request = x.request_event;
    e.ledger = eff.ledger;
    e.result = result;
    e.entry = static_cast<std::int64_t>(entry);
    e.idempotency_key = key;
    sim::record(journal, now, e);
  };
  Ledger& ledger = ledgers[eff.ledger];
  auto key_header = x.req.headers.get(eff.key_header);
  std::string key = key_header ? std::string(*key_header) : std::string();
  if (key.empty() && eff.require_key) {
    journal_effect("missing_key", 0, "");
    answer(x, 400, json_error("idempotency_key_required", "send an " + eff.key_header + " header with this request"));
    return;
  }
  if (!key.empty()) {
    auto it = ledger.by_key.find(key);
    if (it != ledger.by_key.end()) {
      const LedgerEntry& entry = ledger.entries[it->second];
      if (entry.request_body != x.req.body) {
        journal_effect("conflict", entry.number, key);
        answer(x, 422, json_error("idempotency_key_reused",
                                  "this " + eff.key_header + " was already used with a different request body"));
        return;
      }
      journal_effect("replayed", entry.number, key);
      answer(x, entry.status, entry.response_body, true);
      x.response.headers.remove("Content-Type");
      if (!entry.content_type.empty()) x.response.headers.add("Content-Type", entry.content_type);
      x.response.headers.add("Idempotent-Replayed", "true");
      return;
    }
  }
  // A new effect: pick the route's response; 2xx answers apply and are remembered.
  std::uint64_t number = ledger.entries.size() + 1;
  // Render with the would-be effect id, so bodies can say {"id": "{{effect.id}}"}.
  x.effect_id = eff.ledger + "_" + std::to_string(number);
  x.effect_number = number;
  x.effect_key = key;
  run_route(x);
  if (x.response.status < 200 || x.response.status >= 300) return;
  LedgerEntry entry;
  entry.number = number;
  entry.key = key;
  entry.agent = x.client.agent;
  entry.at = now;
  entry.request = x.request_event;
  entry.request_body = x.req.body;
  entry.status = x.response.status;
  entry.response_body = x.response.body;
  if (auto ct = x.response.headers.get("Content-Type")) entry.content_type = std::string(*ct);
  if (!key.empty()) ledger.by_key.emplace(key, ledger.entries.size());
  ledger.entries.push_back(std::move(entry));
  journal_effect("applied", number, key);
}

}  // namespace fl::sim
