// The scheduler: agents, tasks, the ready queue, deliveries from the host, the end of a run.
// See internal.h for the two zones (Lua zone / C++ zone) every function here belongs to.
#include "sandbox/sandbox.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "base/utf8.h"
#include "sandbox/internal.h"

namespace fl::sandbox {

const char* to_string(Status s) {
  switch (s) {
    case Status::running: return "running";
    case Status::completed: return "completed";
    case Status::error: return "error";
    case Status::limit: return "limit";
    case Status::stopped: return "stopped";
  }
  return "?";
}

// Names from the tables in host.h.
const char* to_string(LogLevel v) {
  switch (v) {
#define FL_CASE(value, name, function) \
  case LogLevel::value: return name;
    FL_LOG_LEVELS(FL_CASE)
#undef FL_CASE
  }
  return "?";
}

const char* to_string(Outcome v) {
  switch (v) {
#define FL_CASE(value, name, function) \
  case Outcome::value: return name;
    FL_OUTCOMES(FL_CASE)
#undef FL_CASE
  }
  return "?";
}

const char* to_string(AgentEvent v) {
  switch (v) {
#define FL_CASE(value, name, function) \
  case AgentEvent::value: return name;
    FL_AGENT_CHANGES(FL_CASE)
#undef FL_CASE
  }
  return "?";
}

const char* function_name(LogLevel v) {
  switch (v) {
#define FL_CASE(value, name, function) \
  case LogLevel::value: return function;
    FL_LOG_LEVELS(FL_CASE)
#undef FL_CASE
  }
  return "?";
}

const char* function_name(Outcome v) {
  switch (v) {
#define FL_CASE(value, name, function) \
  case Outcome::value: return function;
    FL_OUTCOMES(FL_CASE)
#undef FL_CASE
  }
  return "?";
}

bool journal_over_limit(const Limits& limits, std::int64_t events, std::int64_t bytes, char* message,
                        std::size_t size) {
  if (events > limits.journal_events) {
    std::snprintf(message, size,
                  "journal limit reached: the run recorded more than %lld events (requests and their answers, sleeps, "
                  "log lines, metrics...)",
                  static_cast<long long>(limits.journal_events));
    return true;
  }
  if (bytes > limits.journal_bytes) {
    std::snprintf(message, size,
                  "journal limit reached: the run recorded more than %lld MB (request and response bodies, log "
                  "lines...)",
                  static_cast<long long>(limits.journal_bytes >> 20));
    return true;
  }
  return false;
}

std::string Result::summary() const {
  switch (status) {
    case Status::running: return "running";
    case Status::completed: return "completed";
    case Status::stopped: return "stopped: " + message;
    case Status::error: return "error: " + message;
    case Status::limit: return "limit " + limit + ": " + message;
  }
  return "?";
}

namespace detail {

namespace {

bool safe_assign(std::string& s, std::string_view v) noexcept {
  try {
    s.assign(v.data(), v.size());
    return true;
  } catch (...) {
    return false;
  }
}

// Parses "solution.lua:12:" at the start of a message.
int line_in_message(std::string_view message, std::string_view chunk) {
  if (message.size() <= chunk.size() + 1 || message.substr(0, chunk.size()) != chunk ||
      message[chunk.size()] != ':')
    return 0;
  int line = 0;
  for (std::size_t i = chunk.size() + 1; i < message.size() && message[i] >= '0' && message[i] <= '9'; ++i) {
    line = line * 10 + (message[i] - '0');
    if (line > 100000000) return 0;
  }
  return line;
}

// Lua zone: protected helpers run on an agent's main thread.
int create_main_task(lua_State* L) {
  Agent& a = *static_cast<Agent*>(lua_touserdata(L, 1));
  lua_rawgeti(L, LUA_REGISTRYINDEX, a.refs.boot);
  lua_rawgeti(L, LUA_REGISTRYINDEX, a.refs.chunk);
  Task* t = a.sb->spawn(L, a, 1);  // boot(chunk)
  a.main = t;
  return 0;
}

int convert_error_object(lua_State* L) {
  Task* t = static_cast<Task*>(lua_touserdata(L, 1));
  Agent& a = *t->agent;
  lua_xmove(t->thread, L, 1);  // the error object, from the dead coroutine
  int type = lua_type(L, 2);
  if (type == LUA_TSTRING || type == LUA_TNUMBER) {
    lua_pushvalue(L, 2);
  } else if (luaL_getmetafield(L, 2, "__tostring") != LUA_TNIL) {
    lua_pop(L, 1);
    luaL_tolstring(L, 2, nullptr);  // runs the learner's __tostring (hook still counts)
  } else if (type == LUA_TNIL) {
    lua_pushliteral(L, "nil (error called with no message)");
  } else {
    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 2));
  }
  std::size_t n = 0;
  const char* s = lua_tolstring(L, -1, &n);
  if (!safe_assign(a.scratch.text, std::string_view(s, n))) a.scratch.text.clear();
  return 0;
}

int noop_function(lua_State*) { return 0; }

}  // namespace

// --- construction ---------------------------------------------------------------------------

Impl::Impl(Config config, Host& host) : config_(std::move(config)), host_(host) {
  memory_.limit = config_.limits.memory_bytes;
  items_ = config_.workload;
  std::stable_sort(items_.begin(), items_.end(),
                   [](const WorkItem& x, const WorkItem& y) { return x.at_us < y.at_us; });
  item_states_.resize(items_.size());
  for (std::size_t i = 0; i < items_.size(); ++i) item_index_.emplace(items_[i].id, static_cast<int>(i));
}

Impl::~Impl() {
  memory_.grace = true;  // closing frees; nothing may fail
  for (auto& a : agents_)
    if (a->L) lua_close(a->L);
}

std::int64_t Impl::now_us() const {
  try {
    return host_.now_us();
  } catch (...) {
    return 0;
  }
}

bool Impl::create_agent(Agent& a) {
  a.L = lua_newstate(lua_allocator, &memory_);
  if (!a.L) {
    end_run(Status::error, "", "cannot create a Lua state: out of memory", a.index, 0, "");
    return false;
  }
  thread_info(a.L) = ThreadInfo{&a, nullptr, nullptr};
  lua_fl_setsteplimit(a.L, static_cast<std::size_t>(std::max<std::int64_t>(1, config_.limits.pattern_steps)));
  memory_.grace = true;  // pushing the function allocates a closure; the host must not fail here
  lua_pushcfunction(a.L, open_sandbox);
  lua_pushlightuserdata(a.L, &a);
  memory_.grace = false;
  int st = lua_pcall(a.L, 1, 0, 0);
  if (st != LUA_OK) {
    const char* m = lua_tostring(a.L, -1);
    if (st == LUA_ERRMEM)
      end_run(Status::limit, limit_names::memory, "the sandbox's memory limit is too small to start an agent",
              a.index, 0, "");
    else
      end_run(Status::error, "", std::string("cannot prepare the sandbox: ") + (m ? m : "?"), a.index, 0, "");
    return false;
  }
  // The chunk, parsed in the agent's state (text only: no binary chunks).
  std::string chunk = "@" + config_.chunkname;
  st = luaL_loadbufferx(a.L, config_.code.data(), config_.code.size(), chunk.c_str(), "t");
  if (st != LUA_OK) {
    std::size_t n = 0;
    const char* m = lua_tolstring(a.L, -1, &n);
    std::string message = m ? std::string(m, n) : "syntax error";
    lua_pop(a.L, 1);
    if (st == LUA_ERRMEM)
      end_run(Status::limit, limit_names::memory, "the solution is too large to load within the memory limit",
              a.index, 0, "");
    else
      end_run(Status::error, "", message, a.index, line_in_message(message, config_.chunkname), "");
    return false;
  }
  memory_.grace = true;
  a.refs.chunk = luaL_ref(a.L, LUA_REGISTRYINDEX);
  memory_.grace = false;
  // The budget hook: the VM counts instructions down and calls count_hook every
  // kHookInterval of them (threads created from now on inherit the count).
  lua_fl_sethook(a.L, count_hook, kHookInterval);
  memory_.grace = true;
  lua_pushcfunction(a.L, create_main_task);
  lua_pushlightuserdata(a.L, &a);
  memory_.grace = false;
  st = lua_pcall(a.L, 1, 0, 0);
  if (st != LUA_OK) {
    lua_pop(a.L, 1);
    if (result_.status == Status::running)
      end_run(Status::limit, limit_names::memory, "the sandbox's limits are too small to start an agent", a.index, 0,
              "");
    return false;
  }
  (void)noop_function;
  return true;
}

bool Impl::start() {
  if (result_.status != Status::running) return false;
  if (config_.code.size() > (std::size_t{4} << 20)) {
    end_run(Status::error, "", config_.chunkname + " is larger than 4 MB", 0, 0, "");
    return false;
  }
  int n = std::clamp(config_.agents, 1, 1000);
  for (int i = 1; i <= n; ++i) {
    auto a = std::make_unique<Agent>();
    a->sb = this;
    a->index = i;
    a->name = "agent-" + std::to_string(i);
    agents_.push_back(std::move(a));
    if (!create_agent(*agents_.back())) return false;
  }
  std::int64_t now = now_us();
  for (std::size_t i = 0; i < items_.size(); ++i) {
    ++pending_ops_;
    host_.wake_at(std::max(items_[i].at_us, now), kArrivalToken | i);
  }
  for (auto& a : agents_) {
    std::size_t i = static_cast<std::size_t>(a->index - 1);
    std::int64_t at = i < config_.agent_start_us.size() ? config_.agent_start_us[i] : 0;
    if (at > now) {
      ++pending_ops_;
      host_.wake_at(at, kStartToken | static_cast<WaitToken>(a->index));
    } else {
      a->started = true;
      host_.report({Origin{a->index, 0, 0}, AgentChanged{AgentEvent::started, {}}});
      make_ready(*a->main);
    }
  }
  return result_.status == Status::running;
}

// --- tasks ----------------------------------------------------------------------------------

Task* Impl::new_task(Agent& a) {
  try {
    Task* t;
    if (!free_slots_.empty()) {
      t = slots_[free_slots_.back()].get();
      free_slots_.pop_back();
    } else {
      slots_.push_back(std::make_unique<Task>());
      t = slots_.back().get();
      t->slot = static_cast<std::uint32_t>(slots_.size() - 1);
    }
    ++t->gen;
    t->id = a.next_task_id++;
    t->agent = &a;
    t->thread = nullptr;
    t->thread_ref = t->handle_ref = LUA_NOREF;
    t->state = TaskState::ready;
    t->wait = Wait::none;
    t->nargs = 0;
    t->started = false;
    t->wait_line = 0;
    t->wait_until = 0;
    t->wait_no_timeout = false;
    t->wait_what.clear();
    t->waiting_for = nullptr;
    t->http = HttpResult{};
    t->item = -1;
    t->waiters.clear();
    t->chain.clear();
    return t;
  } catch (...) {
    return nullptr;
  }
}

Task* Impl::spawn(lua_State* L, Agent& a, int nargs) {
  // L: ... fn args(nargs) -> L: ... handle
  const int spawn_line = learner_line(L, 1);
  if (live_tasks_ >= config_.limits.tasks) {
    char msg[400];
    {  // the string must be gone before raise_limit long-jumps
      std::int64_t n = 0;
      std::string where = tasks_by_spawn_line(nullptr, &n);
      std::snprintf(msg, sizeof msg,
                    "more than %" PRId64 " tasks alive at once (task.spawn in a loop?): %s; a task counts until its "
                    "function returns",
                    config_.limits.tasks, where.c_str());
    }
    raise_limit(L, limit_names::tasks, msg);
  }
  lua_State* co = lua_newthread(L);                       // ... fn args co
  lua_rawgeti(co, LUA_REGISTRYINDEX, a.refs.task_body);   // co: body
  if (!lua_checkstack(co, nargs + 2)) luaL_error(L, "task.spawn: too many arguments");
  lua_insert(L, -(nargs + 2));                            // ... co fn args
  lua_xmove(L, co, nargs + 1);                            // ... co        co: body fn args
  auto* h = static_cast<TaskHandle*>(lua_newuserdatauv(L, sizeof(TaskHandle), 1));
  h->task = nullptr;
  h->id = 0;
  h->ok = 0;
  lua_rawgeti(L, LUA_REGISTRYINDEX, a.refs.handle_mt);
  lua_setmetatable(L, -2);                                // ... co handle
  lua_pushvalue(L, -1);
  int href = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushvalue(L, -2);
  int tref = luaL_ref(L, LUA_REGISTRYINDEX);
  Task* t = new_task(a);
  if (!t) {
    luaL_unref(L, LUA_REGISTRYINDEX, href);
    luaL_unref(L, LUA_REGISTRYINDEX, tref);
    lua_pushliteral(L, "not enough memory");
    lua_error(L);
  }
  t->thread = co;
  t->thread_ref = tref;
  t->handle_ref = href;
  t->nargs = nargs + 1;
  t->spawn_line = spawn_line;
  h->task = t;
  h->id = t->id;
  thread_info(co).task = t;
  lua_remove(L, -2);  // ... handle
  ++live_tasks_;
  ++tasks_spawned_;
  return t;
}

void Impl::make_ready(Task& t) {
  t.state = TaskState::ready;
  t.wait = Wait::none;
  try {
    ready_.push_back({&t, t.gen});
  } catch (...) {
    end_run(Status::limit, limit_names::memory, "out of memory in the scheduler", t.agent->index, 0, "");
  }
}

WaitToken Impl::begin_wait(Task& t, Wait kind, int line) {
  ++t.gen;
  t.wait = kind;
  t.wait_line = line;
  t.wait_thread = nullptr;
  t.state = TaskState::blocked;
  return (static_cast<WaitToken>(t.slot) << 32) | t.gen;
}

int Impl::yield_blocked(lua_State* L, lua_KContext ctx, lua_KFunction k) {
  yield_ = YieldKind::block;
  return lua_yieldk(L, 0, ctx, k);
}

bool Impl::can_block(lua_State* L) const {
  Task* t = current_;
  if (!t || !lua_isyieldable(L)) return false;
  if (L == t->thread) return true;
  if (t->chain.empty() || t->chain.back() != L) return false;
  if (!lua_isyieldable(t->thread)) return false;
  for (lua_State* c : t->chain)
    if (!lua_isyieldable(c)) return false;
  return true;
}

void Impl::free_task(Task& t) {
  Agent& a = *t.agent;
  if (t.handle_ref != LUA_NOREF) {
    lua_rawgeti(a.L, LUA_REGISTRYINDEX, t.handle_ref);
    auto* h = static_cast<TaskHandle*>(lua_touserdata(a.L, -1));
    if (h && h->task == &t) h->task = nullptr;
    lua_pop(a.L, 1);
    luaL_unref(a.L, LUA_REGISTRYINDEX, t.handle_ref);
  }
  if (t.thread_ref != LUA_NOREF) luaL_unref(a.L, LUA_REGISTRYINDEX, t.thread_ref);
  t.handle_ref = t.thread_ref = LUA_NOREF;
  t.thread = nullptr;
  t.state = TaskState::finished;
  t.wait = Wait::none;
  ++t.gen;
  t.waiters.clear();
  t.chain.clear();
  try {
    free_slots_.push_back(t.slot);
  } catch (...) {
    // the slot is simply not reused
  }
}

void Impl::kill_task(Task& t) {
  if (t.state == TaskState::finished) return;
  --live_tasks_;
  free_task(t);
}

void Impl::task_finished(Task& t) {
  --live_tasks_;
  Agent& a = *t.agent;
  if (&t == a.main) {
    finish_agent(a);
    return;
  }
  // task_body stored the results in the handle; wake whoever waits for them.
  std::vector<Task*> waiters;
  waiters.swap(t.waiters);
  for (Task* w : waiters)
    if (w->state == TaskState::blocked && w->wait == Wait::task && w->waiting_for == &t) make_ready(*w);
  free_task(t);
}

std::string Impl::tasks_by_spawn_line(const Agent* agent, std::int64_t* count) const {
  *count = 0;
  try {
    std::map<int, std::int64_t> by_line;
    for (const auto& slot : slots_) {
      const Task& t = *slot;
      if (t.state == TaskState::finished || (agent && t.agent != agent) || (t.agent && &t == t.agent->main)) continue;
      ++by_line[t.spawn_line];
      ++*count;
    }
    std::vector<std::pair<std::int64_t, int>> order;  // most first, then by line
    for (const auto& [line, n] : by_line) order.push_back({-n, line});
    std::sort(order.begin(), order.end());
    std::string out;
    for (std::size_t i = 0; i < order.size() && i < 3; ++i) {
      if (i) out += ", ";
      out += std::to_string(-order[i].first) + (i ? "" : (-order[i].first == 1 ? " was" : " were")) + " spawned at ";
      out += order[i].second > 0 ? "line " + std::to_string(order[i].second) : "an unknown line";
    }
    if (order.size() > 3) out += " and others elsewhere";
    return out;
  } catch (...) {
    return std::string();
  }
}

void Impl::finish_agent(Agent& a) {
  a.finished = true;
  ++agents_finished_;
  // Like a program's exit: the agent's other tasks stop where they are. Say so, with where
  // they were spawned: a main that forgets task.wait loses work without an error.
  std::int64_t running = 0;
  std::string where = tasks_by_spawn_line(&a, &running);
  std::string note;
  if (running > 0) {
    try {
      note = "main returned while " + std::to_string(running) + (running == 1 ? " task" : " tasks") +
             " it started " + (running == 1 ? "was" : "were") + " still running; " +
             (running == 1 ? "it was" : "they were") + " stopped (" + where +
             " of " + config_.chunkname + "). Wait for them with task.wait or task.all before main returns.";
    } catch (...) {
    }
  }
  for (auto& slot : slots_)
    if (slot->agent == &a && slot->state != TaskState::finished && slot.get() != a.main) kill_task(*slot);
  free_task(*a.main);
  try {
    host_.report({Origin{a.index, 0, 0}, AgentChanged{AgentEvent::finished, note}});
  } catch (...) {
  }
  if (agents_finished_ == static_cast<int>(agents_.size())) end_run(Status::completed, "", "", 0, 0, "");
}

// --- running --------------------------------------------------------------------------------

void Impl::account_work() { used_ += static_cast<std::int64_t>(lua_fl_takework()); }

std::int64_t Impl::run(std::int64_t max_instructions) {
  std::int64_t begin = used_;
  // Saturating: run_to_end passes INT64_MAX, and work may have been charged before the first slice.
  slice_end_ = used_ + std::clamp<std::int64_t>(max_instructions, 1, INT64_MAX - used_);
  while (result_.status == Status::running && !ready_.empty() && used_ < slice_end_) {
    ReadyEntry e = ready_.front();
    ready_.pop_front();
    if (e.task->gen != e.gen || e.task->state != TaskState::ready) continue;
    resume(*e.task);
  }
  return used_ - begin;
}

void Impl::resume(Task& t) {
  current_ = &t;
  t.state = TaskState::running;
  yield_ = YieldKind::none;
  int nargs = t.started ? 0 : t.nargs;
  t.started = true;
  (void)lua_fl_takework();  // work charged by another run on this thread is not ours
  int nres = 0;
  int st = lua_resume(t.thread, t.agent->L, nargs, &nres);
  current_ = nullptr;
  ++resumes_;
  account_work();
  if (result_.status != Status::running) return;  // a limit or stop inside: the run is over
  if (st == LUA_YIELD) {
    YieldKind k = yield_;
    yield_ = YieldKind::none;
    if (k == YieldKind::preempt) {
      t.state = TaskState::ready;
      try {
        ready_.push_front({&t, t.gen});
      } catch (...) {
        end_run(Status::limit, limit_names::memory, "out of memory in the scheduler", t.agent->index, 0, "");
      }
    } else if (k != YieldKind::block) {
      end_run(Status::error, "", "coroutine.yield was called outside a coroutine", t.agent->index, 0, "");
    }
  } else if (st == LUA_OK) {
    lua_settop(t.thread, 0);
    task_finished(t);
  } else {
    fail_task(t, st);
  }
  if (result_.status == Status::running && over_budget()) {
    char msg[200];
    std::snprintf(msg, sizeof msg,
                  "instruction limit reached: the run executed more than %" PRId64 " instructions (an endless loop?)",
                  config_.limits.instructions);
    note_limit(limit_names::instructions, msg, t.agent->index);
  }
}

void Impl::fail_task(Task& t, int status) {
  Agent& a = *t.agent;
  if (status == LUA_ERRMEM || (memory_.exceeded && status == LUA_ERRERR)) {
    char msg[160];
    std::snprintf(msg, sizeof msg, "memory limit reached: the agents used more than %" PRId64 " MB",
                  config_.limits.memory_bytes >> 20);
    note_limit(limit_names::memory, msg, a.index);
    return;
  }
  std::string tb;
  traceback(t.thread, config_.chunkname.c_str(), tb, 10);
  // Convert the error object under a budget of its own: its __tostring is learner code.
  a.scratch.text.clear();
  ++conversion_depth_;
  conversion_end_ = used_ + 1'000'000;
  memory_.grace = true;
  lua_pushcfunction(a.L, convert_error_object);
  lua_pushlightuserdata(a.L, &t);
  memory_.grace = false;
  int st = lua_pcall(a.L, 1, 0, 0);
  --conversion_depth_;
  account_work();
  if (result_.status != Status::running) return;  // a limit hit inside __tostring
  std::string message;
  if (st != LUA_OK) {
    const char* m = lua_tostring(a.L, -1);
    message = std::string("(error object whose __tostring failed: ") + (m ? m : "?") + ")";
    lua_pop(a.L, 1);
  } else {
    message = a.scratch.text;
  }
  int line = line_in_message(message, config_.chunkname);
  if (line == 0 && !tb.empty()) line = line_in_message(tb, config_.chunkname);
  end_run(Status::error, "", message, a.index, line, tb);
}

void Impl::note_limit(std::string_view limit, std::string_view message, int agent) noexcept {
  end_run(Status::limit, limit, message, agent, 0, "");
}

void Impl::check_journal(lua_State* L) {
  Host::JournalFill fill;
  try {
    fill = host_.journal_fill();
  } catch (...) {
  }
  char msg[200];
  if (journal_over_limit(config_.limits, fill.events, fill.bytes, msg, sizeof msg))
    raise_limit(L, limit_names::journal, msg);
}

void Impl::raise_limit(lua_State* L, std::string_view limit, const char* message) {
  Agent& a = agent_of(L);
  int line = learner_line(L, 0);
  char buf[600];
  if (line > 0)
    std::snprintf(buf, sizeof buf, "%s:%d: %s", config_.chunkname.c_str(), line, message);
  else
    std::snprintf(buf, sizeof buf, "%s", message);
  end_run(Status::limit, limit, buf, a.index, line, "");
  lua_rawgeti(L, LUA_REGISTRYINDEX, a.refs.limit_error);
  lua_error(L);
  __builtin_unreachable();  // lua_error does not return
}

void Impl::end_run(Status status, std::string_view limit, std::string_view message, int agent, int line,
                   std::string_view tb) noexcept {
  if (result_.status != Status::running) return;
  // A message is shown in the console, printed by `faultline run` and kept with the run: a
  // megabyte-long one (error(string.rep("x", 8e6)), a deadlock of 2,000 tasks) is cut.
  std::string clipped;
  try {
    clipped = utf8_clip(std::string(message.substr(0, kMaxErrorMessageBytes + 1)), kMaxErrorMessageBytes);
  } catch (...) {
  }
  message = clipped;
  if (status == Status::limit && limit == limit_names::journal) {
    // What filled it, and the line most responsible when the limit was noticed outside Lua.
    try {
      JournalKind kind = JournalKind::sleep;
      int top_line = 0;
      if (journal_tally_.top(&kind, &top_line) > 0 && line == 0) line = top_line;
      clipped += journal_tally_.explain(host_.journal_fill().events, config_.chunkname);
      message = clipped;
    } catch (...) {
    }
  }
  result_.status = status;
  safe_assign(result_.limit, limit);
  safe_assign(result_.message, message);
  safe_assign(result_.traceback, tb);
  result_.line = line;
  result_.agent = agent;
  dead_ = true;
  if ((status == Status::error || status == Status::limit) && agent > 0) {
    try {
      host_.report({Origin{agent, 0, line}, AgentChanged{AgentEvent::failed, message}});
    } catch (...) {
    }
  }
}

// --- deliveries -----------------------------------------------------------------------------

void Impl::deliver(WaitToken token, HttpResult* r) {
  if (result_.status != Status::running) return;
  --pending_ops_;
  if (token & kArrivalToken) {
    on_arrival(static_cast<std::size_t>(token & ~kArrivalToken));
    return;
  }
  if (token & kRestartToken) {
    std::size_t i = static_cast<std::size_t>(token & ~kRestartToken);
    if (i >= 1 && i <= agents_.size() && !agents_[i - 1]->L) restart_agent(*agents_[i - 1]);
    return;
  }
  if (token & kStartToken) {
    std::size_t i = static_cast<std::size_t>(token & ~kStartToken);
    if (i >= 1 && i <= agents_.size()) {
      Agent& a = *agents_[i - 1];
      if (!a.started && a.main && a.main->state == TaskState::ready) {
        a.started = true;
        host_.report({Origin{a.index, 0, 0}, AgentChanged{AgentEvent::started, {}}});
        make_ready(*a.main);
      }
    }
    return;
  }
  std::size_t slot = static_cast<std::size_t>(token >> 32);
  auto gen = static_cast<std::uint32_t>(token);
  if (slot >= slots_.size()) return;
  Task& t = *slots_[slot];
  if (t.gen != gen || t.state != TaskState::blocked) return;
  if (r) {
    // Member by member (std::swap would move every string through a temporary): the host
    // gets the previous buffers back, reused by hosts that keep one HttpResult.
    HttpResult& h = t.http;
    std::swap(h.ok, r->ok);
    std::swap(h.response.status, r->response.status);
    h.response.headers.swap(r->response.headers);
    h.response.body.swap(r->response.body);
    h.error_kind.swap(r->error_kind);
    h.error_message.swap(r->error_message);
    std::swap(h.elapsed_us, r->elapsed_us);
    std::swap(h.request_event, r->request_event);
  }
  make_ready(t);
}

void Impl::on_arrival(std::size_t i) {
  if (i >= items_.size() || item_states_[i].arrived) return;
  item_states_[i].arrived = true;
  ++arrived_;
  host_.report({Origin{}, ItemArrived{&items_[i]}});
  serve_item_waiters();
}

void Impl::serve_item_waiters() {
  while (!item_waiters_.empty()) {
    auto [w, gen] = item_waiters_.front();
    if (w->gen != gen || w->state != TaskState::blocked || w->wait != Wait::item) {
      item_waiters_.pop_front();
      continue;
    }
    if (handed_back_.empty() && (next_item_ >= items_.size() || !item_states_[next_item_].arrived)) break;
    item_waiters_.pop_front();
    int idx = take_item(*w->agent);  // may wake (and drop) the remaining waiters
    w->item = idx;
    if (idx >= 0) {
      Origin o{w->agent->index, w->id, w->wait_line};
      host_.report({o, ItemTaken{&items_[static_cast<std::size_t>(idx)]}});
    }
    make_ready(*w);
  }
}

int Impl::take_item(Agent& a) {
  int idx = -1;
  if (!handed_back_.empty()) {  // items of a crashed agent go first: they arrived first
    idx = static_cast<int>(handed_back_.front());
    handed_back_.pop_front();
  } else {
    if (next_item_ >= items_.size()) return -2;
    if (!item_states_[next_item_].arrived) return -1;
    idx = static_cast<int>(next_item_++);
  }
  item_states_[static_cast<std::size_t>(idx)].taken = true;
  item_states_[static_cast<std::size_t>(idx)].agent = a.index;
  if (next_item_ >= items_.size() && handed_back_.empty()) {
    // Nothing more will come: tasks still waiting get nil.
    for (auto [w, gen] : item_waiters_)
      if (w->gen == gen && w->state == TaskState::blocked && w->wait == Wait::item) {
        w->item = -2;
        make_ready(*w);
      }
    item_waiters_.clear();
  }
  return idx;
}

// --- crash and restart ----------------------------------------------------------------------

bool Impl::crash_agent(int index, std::int64_t restart_at_us, std::string_view cause) {
  if (result_.status != Status::running || current_ || index < 1 || index > static_cast<int>(agents_.size()))
    return false;
  Agent& a = *agents_[static_cast<std::size_t>(index - 1)];
  if (!a.started || a.finished || !a.L) return false;
  // Every task stops where it is, main included; answers still on their way are dropped
  // (their tokens are stale once the tasks are freed).
  std::int64_t stopped = 0;
  for (auto& slot : slots_)
    if (slot->agent == &a && slot->state != TaskState::finished) {
      kill_task(*slot);
      ++stopped;
    }
  // Items taken and not reported go back to the queue, ahead of new ones, in arrival order.
  std::vector<std::size_t> handed;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    ItemState& st = item_states_[i];
    if (!st.taken || st.reported || st.agent != index) continue;
    st.taken = false;
    st.agent = 0;
    st.redelivered = true;
    handed.push_back(i);
  }
  handed_back_.insert(handed_back_.end(), handed.begin(), handed.end());
  std::string message = std::string(cause) + "; " + std::to_string(stopped) + (stopped == 1 ? " task" : " tasks") +
                        " stopped, " + std::to_string(handed.size()) +
                        (handed.size() == 1 ? " work item" : " work items") + " handed back to the queue";
  report({Origin{index, 0, 0}, AgentChanged{AgentEvent::crashed, message}});
  for (std::size_t i : handed) report({Origin{index, 0, 0}, ItemHandedBack{&items_[i]}});
  memory_.grace = true;  // closing frees; nothing may fail
  lua_close(a.L);
  memory_.grace = false;
  a.L = nullptr;
  a.main = nullptr;
  a.started = false;
  ++pending_ops_;
  host_.wake_at(std::max(restart_at_us, now_us()), kRestartToken | static_cast<WaitToken>(index));
  serve_item_waiters();  // another agent waiting in ctx.next may take them now
  return true;
}

void Impl::restart_agent(Agent& a) {
  ++a.incarnation;
  a.refs = Refs{};
  a.main = nullptr;
  a.next_task_id = 1;
  a.main_line = 0;
  if (!create_agent(a)) return;  // create_agent ended the run and said why
  a.started = true;
  report({Origin{a.index, 0, 0}, AgentChanged{AgentEvent::restarted, {}}});
  make_ready(*a.main);
}

Origin Impl::origin(lua_State* L, const Task* t) const {
  Origin o;
  o.agent = agent_of(L).index;
  o.task = t ? t->id : 0;
  o.line = learner_line(L, 1);
  return o;
}

std::string Impl::describe_waits(bool* any_request_without_timeout) const {
  std::string out;
  if (any_request_without_timeout) *any_request_without_timeout = false;
  for (const auto& slot : slots_) {
    const Task& t = *slot;
    if (t.state != TaskState::blocked) continue;
    if (!out.empty()) out += "; ";
    out += t.agent->name + (t.id == 1 ? " main" : " task#" + std::to_string(t.id)) + " is waiting for ";
    switch (t.wait) {
      case Wait::http:
        out += "http.request " + t.wait_what;
        if (t.wait_no_timeout) {
          out += " (no timeout)";
          if (any_request_without_timeout) *any_request_without_timeout = true;
        }
        break;
      case Wait::sleep: out += "time.sleep"; break;
      case Wait::task:
        out += "task.wait(task#" + std::to_string(t.waiting_for ? t.waiting_for->id : 0) + ")";
        break;
      case Wait::item: out += "ctx.next()"; break;
      case Wait::none: out += "?"; break;
    }
    int line = t.wait_line;
    if (line == 0 && t.wait_thread) line = learner_line(t.wait_thread, 0);
    if (line > 0) out += " at " + config_.chunkname + ":" + std::to_string(line);
  }
  return out;
}

}  // namespace detail

// --- the public face ----------------------------------------------------------------------------

Sandbox::Sandbox(Config config, Host& host) : impl_(std::make_unique<detail::Impl>(std::move(config), host)) {}
Sandbox::~Sandbox() = default;

bool Sandbox::start() {
  try {
    return impl_->start();
  } catch (const std::exception& e) {
    impl_->end_run(Status::error, "", std::string("internal error: ") + e.what(), 0, 0, "");
    return false;
  }
}

std::int64_t Sandbox::run(std::int64_t max_instructions) { return impl_->run(max_instructions); }
bool Sandbox::has_ready() const { return impl_->result_.status == Status::running && impl_->has_ready_tasks(); }
bool Sandbox::finished() const { return impl_->result_.status != Status::running; }
std::int64_t Sandbox::pending() const { return impl_->pending_ops(); }

void Sandbox::deliver(WaitToken token, HttpResult&& result) {
  try {
    impl_->deliver(token, &result);
  } catch (const std::exception& e) {
    impl_->end_run(Status::error, "", std::string("internal error: ") + e.what(), 0, 0, "");
  }
}

void Sandbox::deliver(WaitToken token) {
  try {
    impl_->deliver(token, nullptr);
  } catch (const std::exception& e) {
    impl_->end_run(Status::error, "", std::string("internal error: ") + e.what(), 0, 0, "");
  }
}

void Sandbox::stop(Status status, std::string limit, std::string message) {
  impl_->end_run(status, limit, message, 0, 0, "");
}

bool Sandbox::crash_agent(int agent, std::int64_t restart_at_us, std::string_view cause) {
  try {
    return impl_->crash_agent(agent, restart_at_us, cause);
  } catch (const std::exception& e) {
    impl_->end_run(Status::error, "", std::string("internal error: ") + e.what(), 0, 0, "");
    return false;
  }
}

std::string Sandbox::describe_waits(bool* any_request_without_timeout) const {
  return impl_->describe_waits(any_request_without_timeout);
}

const Result& Sandbox::result() const { return impl_->result_; }
const Config& Sandbox::config() const { return impl_->config(); }

Stats Sandbox::stats() const {
  Stats s;
  s.instructions = impl_->used_;
  s.memory_bytes = impl_->memory().used;
  s.memory_peak = impl_->memory().peak;
  s.tasks_spawned = impl_->tasks_spawned_;
  s.requests = impl_->requests();
  s.resumes = impl_->resumes_;
  s.log_lines = impl_->log_lines();
  s.log_bytes = impl_->log_bytes();
  return s;
}

}  // namespace fl::sandbox
