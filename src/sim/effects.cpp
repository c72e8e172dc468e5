// Effects ledgers: routes that change server state (a charge, a record) append an entry to a
// named ledger. A request carrying an idempotency key that was already applied gets the stored
// response again (no new entry); the same key with a different body is a 422 conflict; without
// a key every request applies anew, so a blind retry shows up as a duplicate effect.
#include "base/json_file.h"
#include "sim/world_impl.h"

namespace fl::sim {

void World::Impl::run_effect_route(Exchange& x) {
  const ServiceSpec& svc = spec->services[x.service];
  const RouteSpec& rt = svc.routes[x.route];
  if (rt.lookup) {
    run_lookup_route(x);
    return;
  }
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

void World::Impl::run_lookup_route(Exchange& x) {
  const RouteSpec& rt = spec->services[x.service].routes[x.route];
  const LookupSpec& lk = *rt.lookup;
  ++services[x.service].routes[x.route].served;
  std::string wanted;
  bool given = false;
  for (auto& [name, value] : parse_query(x.url->query))
    if (name == lk.field) {
      wanted = std::move(value);
      given = true;
      break;
    }
  if (!given) {
    answer(x, 400, json_error("missing_parameter", "add ?" + lk.field + "=... to look entries up"));
    return;
  }
  Json data = Json::array();
  auto it = ledgers.find(lk.ledger);
  if (it != ledgers.end())
    for (const LedgerEntry& entry : it->second.entries) {
      Json body = parse_json_or_discarded(entry.request_body);
      if (!body.is_object()) continue;
      auto f = body.find(lk.field);
      if (f == body.end() || !f->is_string() || f->get<std::string>() != wanted) continue;
      Json stored = parse_json_or_discarded(entry.response_body);
      data.push_back(stored.is_discarded() ? Json(entry.response_body) : std::move(stored));
    }
  answer(x, 200, safe_dump(Json{{"data", std::move(data)}}));
}

}  // namespace fl::sim
