// Rate limiters: token bucket, fixed window, sliding window (exact log), partitioned globally,
// per client, per credential or per header value. Headers always reflect the real state:
// X-RateLimit-Limit/Remaining/Reset, the IETF draft's RateLimit-Policy/RateLimit, Retry-After.
#include <algorithm>
#include <cstdint>

#include "sim/world_impl.h"

namespace fl::sim {

namespace {

constexpr std::int64_t kMicroTokens = 1000000;
// The loader keeps limit and cost within kMaxRateAmount, so capacity, need and their sums in
// micro-tokens stay far from the int64 range; the window counters add at most two amounts.
static_assert(kMaxRateAmount * kMicroTokens <= INT64_MAX / 4, "micro-token maths must not overflow");

// No default member initialisers: apply_rate_limits keeps 16 of these on the stack per
// request and fills only those it uses (evaluate() starts from Decision{true}).
struct Decision {
  bool allowed;
  bool penalized;
  std::int64_t remaining;  // after this request (if allowed)
  Micros reset;            // until the limit is fully restored
  Micros retry_after;      // rejected: until this request could pass
};

// Token bucket: refill is integer arithmetic on micro-tokens, identical on every platform.
void refill(const LimiterSpec& l, LimiterPartition& p, Micros now) {
  std::int64_t cap = l.limit * kMicroTokens;
  if (!p.initialised) {
    p.micro_tokens = cap;
    p.last = now;
    p.initialised = true;
    return;
  }
  Micros dt = now - p.last;
  p.last = now;
  if (dt <= 0 || p.micro_tokens >= cap) return;
  double add = static_cast<double>(dt) * l.refill_per_s;  // micro-tokens: dt[us] * rate[1/s]
  if (add >= static_cast<double>(cap - p.micro_tokens))
    p.micro_tokens = cap;
  else
    p.micro_tokens += static_cast<std::int64_t>(add);
}

Micros time_for_tokens(const LimiterSpec& l, std::int64_t missing_micro) {
  if (missing_micro <= 0) return 0;
  double us = static_cast<double>(missing_micro) / l.refill_per_s;
  if (!(us < 4e18)) return static_cast<Micros>(4e18);  // absurdly slow refill rates
  auto t = static_cast<Micros>(us);
  return static_cast<double>(t) < us ? t + 1 : t;
}

Decision evaluate(const LimiterSpec& l, LimiterPartition& p, Micros now, std::int64_t cost) {
  Decision d{true, false, 0, 0, 0};
  switch (l.algorithm) {
    case LimiterAlgorithm::token_bucket: {
      refill(l, p, now);
      std::int64_t need = cost * kMicroTokens, cap = l.limit * kMicroTokens;
      if (p.micro_tokens >= need) {
        d.remaining = (p.micro_tokens - need) / kMicroTokens;
        d.reset = time_for_tokens(l, cap - (p.micro_tokens - need));
      } else {
        d.allowed = false;
        d.remaining = p.micro_tokens / kMicroTokens;
        d.reset = time_for_tokens(l, cap - p.micro_tokens);
        d.retry_after = need > cap ? d.reset : time_for_tokens(l, need - p.micro_tokens);
      }
      break;
    }
    case LimiterAlgorithm::fixed_window: {
      std::int64_t index = now / l.window;
      if (index != p.window_index) {
        p.window_index = index;
        p.window_count = 0;
      }
      Micros end = (index + 1) * l.window;
      d.reset = end - now;
      if (p.window_count + cost <= l.limit) {
        d.remaining = l.limit - p.window_count - cost;
      } else {
        d.allowed = false;
        d.remaining = std::max<std::int64_t>(0, l.limit - p.window_count);
        d.retry_after = end - now;
      }
      break;
    }
    case LimiterAlgorithm::sliding_window: {
      while (!p.log.empty() && p.log.front().first + l.window <= now) {
        p.log_used -= p.log.front().second;
        p.log.pop_front();
      }
      if (p.log_used + cost <= l.limit) {
        d.remaining = l.limit - p.log_used - cost;
        Micros oldest = p.log.empty() ? now : p.log.front().first;
        d.reset = oldest + l.window - now;
      } else {
        d.allowed = false;
        d.remaining = std::max<std::int64_t>(0, l.limit - p.log_used);
        d.reset = p.log.empty() ? 0 : p.log.front().first + l.window - now;
        // Until enough old requests leave the window for this one to fit.
        std::int64_t freed = l.limit - p.log_used;
        d.retry_after = d.reset;
        for (const auto& [t, c] : p.log) {
          freed += c;
          if (freed >= cost) {
            d.retry_after = t + l.window - now;
            break;
          }
        }
      }
      break;
    }
  }
  if (d.retry_after <= 0 && !d.allowed) d.retry_after = 1;
  return d;
}

void commit(const LimiterSpec& l, LimiterPartition& p, Micros now, std::int64_t cost) {
  switch (l.algorithm) {
    case LimiterAlgorithm::token_bucket: p.micro_tokens -= cost * kMicroTokens; break;
    case LimiterAlgorithm::fixed_window: p.window_count += cost; break;
    case LimiterAlgorithm::sliding_window:
      if (cost > 0) {
        p.log.emplace_back(now, cost);
        p.log_used += cost;
      }
      break;
  }
}

Micros policy_window(const LimiterSpec& l) {
  if (l.algorithm != LimiterAlgorithm::token_bucket) return l.window;
  // A token bucket's quota is `limit` per the time it takes to refill completely.
  return from_seconds(static_cast<double>(l.limit) / l.refill_per_s);
}

void append_ietf(std::string& policy, std::string& state, const LimiterSpec& l, std::int64_t remaining, Micros reset) {
  if (!policy.empty()) policy += ", ";
  if (!state.empty()) state += ", ";
  policy += "\"" + l.id + "\";q=" + std::to_string(l.limit) + ";w=" + std::to_string(std::max<std::int64_t>(1, ceil_seconds(policy_window(l))));
  state += "\"" + l.id + "\";r=" + std::to_string(remaining) + ";t=" + std::to_string(ceil_seconds(reset));
}

}  // namespace

bool World::Impl::apply_rate_limits(Exchange& x) {
  const ServiceSpec& svc = spec->services[x.service];
  if (svc.rate_limits.empty()) return true;
  ServiceRuntime& srt = services[x.service];
  std::size_t route_slot = x.route >= 0 ? static_cast<std::size_t>(x.route) : svc.routes.size();
  std::int64_t cost = x.route >= 0 ? svc.routes[x.route].cost : 1;

  // Evaluate every applicable limiter; charge them only if all admit the request.
  LimiterPartition* parts[16];
  Decision decisions[16];
  std::string* partition_names = limiter_keys;  // scratch reused across requests
  std::size_t n = std::min<std::size_t>(svc.rate_limits.size(), 16);
  int rejected = -1;
  for (std::size_t i = 0; i < n; ++i) {
    const LimiterSpec& l = svc.rate_limits[i];
    LimiterRuntime& lr = srt.limiters[i];
    parts[i] = nullptr;
    partition_names[i].clear();
    if (!lr.applies[route_slot]) continue;
    if (l.partition == Partition::global) {
      parts[i] = &lr.global;
    } else {
      std::string& key = partition_names[i];
      switch (l.partition) {
        case Partition::client: key = journal.str(x.client.agent); break;
        case Partition::key: key = x.credential.empty() ? "client:" + std::string(journal.str(x.client.agent)) : x.credential; break;
        case Partition::header: {
          auto h = x.req.headers.get(l.partition_header);
          key = h ? std::string(*h) : std::string();
          break;
        }
        case Partition::global: break;
      }
      auto it = lr.partitions.find(key);
      if (it == lr.partitions.end()) it = lr.partitions.emplace(key, LimiterPartition{}).first;
      parts[i] = &it->second;
    }
    LimiterPartition& p = *parts[i];
    if (l.penalty > 0 && now < p.blocked_until) {
      Decision& d = decisions[i];
      d.allowed = false;
      d.penalized = true;
      p.blocked_until = add_sat(now, l.penalty);
      d.retry_after = l.penalty;
      Decision cur = evaluate(l, p, now, cost);
      d.remaining = 0;
      d.reset = std::max(cur.reset, l.penalty);
    } else {
      decisions[i] = evaluate(l, p, now, cost);
    }
    if (!decisions[i].allowed) {
      rejected = static_cast<int>(i);
      break;
    }
  }

  auto journal_decision = [&](std::size_t i) {
    const Decision& d = decisions[i];
    RateLimitEvent e;
    e.agent = Name::of(x.client.agent);
    e.task = Name::of(x.client.task);
    e.service = Name::of(srt.atom);
    e.request = x.request_event;
    e.limiter = Name::of(srt.limiters[i].atom);
    e.decision = d.allowed ? LimitDecision::allowed : d.penalized ? LimitDecision::penalized : LimitDecision::rejected;
    e.partition = partition_names[i];
    e.limit = static_cast<int>(std::min<std::int64_t>(svc.rate_limits[i].limit, INT32_MAX));
    e.remaining = d.remaining;
    e.reset = d.allowed ? d.reset : d.retry_after;
    sim::record(journal, now, e);
  };

  if (rejected >= 0) {
    const LimiterSpec& l = svc.rate_limits[rejected];
    Decision& d = decisions[rejected];
    LimiterPartition& p = *parts[rejected];
    if (!d.penalized) p.blocked_until = add_sat(now, d.retry_after);
    journal_decision(rejected);
    answer(x, l.status, srt.limiters[rejected].rejection_body, l.body.json || l.body.text.empty());
    Headers& h = x.response.headers;
    if (l.retry_after == RetryAfterStyle::seconds)
      h.add("Retry-After", std::to_string(std::max<std::int64_t>(1, ceil_seconds(d.retry_after))));
    else if (l.retry_after == RetryAfterStyle::http_date)
      h.add("Retry-After", http_date(spec->epoch_seconds + ceil_seconds(add_sat(now, d.retry_after))));
    if (l.x_ratelimit_headers) {
      x.limit_header_limiter = rejected;
      x.limit_remaining = 0;
      x.limit_reset = std::max(d.reset, d.retry_after);
    }
    if (l.ietf_headers) append_ietf(x.ietf_policy, x.ietf_state, l, 0, std::max(d.reset, d.retry_after));
    return false;
  }

  // Admitted: charge every limiter, journal each decision, and report the tightest one.
  int tightest = -1;
  for (std::size_t i = 0; i < n; ++i) {
    if (!parts[i]) continue;
    const LimiterSpec& l = svc.rate_limits[i];
    commit(l, *parts[i], now, cost);
    journal_decision(i);
    if (l.x_ratelimit_headers && (tightest < 0 || decisions[i].remaining < decisions[tightest].remaining))
      tightest = static_cast<int>(i);
    if (l.ietf_headers) append_ietf(x.ietf_policy, x.ietf_state, l, decisions[i].remaining, decisions[i].reset);
  }
  if (tightest >= 0) {
    x.limit_header_limiter = tightest;
    x.limit_remaining = decisions[tightest].remaining;
    x.limit_reset = decisions[tightest].reset;
  }
  return true;
}

}  // namespace fl::sim
