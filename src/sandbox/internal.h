#pragma once
// Internals shared by the sandbox's source files. Not for use outside src/sandbox.
//
// Two zones, never mixed (this is what keeps C++ exceptions and Lua errors apart):
// - The Lua zone: lua_CFunctions and anything that calls the Lua API. A Lua error unwinds
//   with longjmp (Lua is compiled as C), skipping C++ destructors, so code here has no
//   locals with destructors, never has a Lua call that may raise inside a `try` block (in
//   wasm a catch-all would swallow the longjmp), and never calls anything that may throw
//   outside one. Text it builds goes into buffers owned by the Agent (reused, so an error
//   leaks nothing) or into Lua strings.
// - The C++ zone: code that may throw (allocation, the host). It is entered only through
//   functions marked noexcept that catch everything and return a status; they never call
//   the Lua API. The Lua zone raises a Lua error from that status.
// Lua errors are raised only while Lua code runs (inside lua_resume/lua_pcall); the host
// side touches a Lua state only through protected calls.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "sandbox/durable_store.h"
#include "sandbox/journal_tally.h"
#include "sandbox/sandbox.h"

extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
}

namespace fl::sandbox::detail {

struct Agent;
struct Task;
class Impl;

// Per-thread data in the Lua state's extra space (LUA_EXTRASPACE, see the Lua patch).
// New threads copy the main thread's: agent set, task and waiting_in null.
struct ThreadInfo {
  Agent* agent;
  Task* task;        // set on a task's own thread
  Task* waiting_in;  // set on a learner coroutine while it is suspended inside a blocking call
};
static_assert(sizeof(ThreadInfo) <= LUA_EXTRASPACE, "Lua patch: LUA_EXTRASPACE too small");
inline ThreadInfo& thread_info(lua_State* L) { return *static_cast<ThreadInfo*>(lua_getextraspace(L)); }

enum class Wait : std::uint8_t { none, http, sleep, task, item };
enum class TaskState : std::uint8_t { ready, running, blocked, finished };

// Why the running coroutine yielded to the scheduler (set right before the yield).
enum class YieldKind : std::uint8_t { none, block, preempt };

struct Task {
  std::uint32_t slot = 0;
  std::uint32_t gen = 0;  // bumped at every wait and on reuse: stale tokens are ignored
  std::uint32_t id = 0;   // per agent: 1 = main
  Agent* agent = nullptr;
  lua_State* thread = nullptr;
  int thread_ref = LUA_NOREF;  // registry refs in the agent's state
  int handle_ref = LUA_NOREF;
  TaskState state = TaskState::finished;
  Wait wait = Wait::none;
  int nargs = 0;       // values to pass at the first resume
  bool started = false;
  // What the task waits for (describe_waits) and its payload when woken.
  int wait_line = 0;               // 0: read it from wait_thread when needed
  lua_State* wait_thread = nullptr;  // the coroutine suspended in the wait
  std::int64_t wait_until = 0;
  bool wait_no_timeout = false;
  std::string wait_what;  // "http.request GET https://..." (C++ zone only)
  Task* waiting_for = nullptr;
  HttpResult http;
  int item = -1;        // index of the work item handed over, or -1 (none left)
  int spawn_line = 0;   // the learner line of the task.spawn that made it (0 for main)
  std::vector<Task*> waiters;        // tasks blocked in task.wait on this one
  std::vector<lua_State*> chain;     // learner coroutines being resumed inside this task
};

// A growable byte buffer for the Lua zone: plain realloc, never throws (a failed growth is
// reported as false), owned by the Agent so that a Lua error leaks nothing.
template <class T>
struct RawArray {
  T* data = nullptr;
  std::size_t len = 0, cap = 0;
  RawArray() = default;
  RawArray(const RawArray&) = delete;
  RawArray& operator=(const RawArray&) = delete;
  ~RawArray() { std::free(data); }
  bool reserve(std::size_t n) noexcept {
    if (n <= cap) return true;
    std::size_t c = cap ? cap : 64;
    while (c < n) c *= 2;
    void* p = std::realloc(data, c * sizeof(T));
    if (!p) return false;
    data = static_cast<T*>(p);
    cap = c;
    return true;
  }
  bool push(const T& v) noexcept {
    if (!reserve(len + 1)) return false;
    data[len++] = v;
    return true;
  }
  bool append(const T* p, std::size_t n) noexcept {
    if (!reserve(len + n)) return false;
    if (n) std::memcpy(data + len, p, n * sizeof(T));
    len += n;
    return true;
  }
};

struct KeyRef {
  const char* s;
  std::size_t len;
};
struct HeaderView {
  const char* name;
  std::size_t name_len;
  const char* value;
  std::size_t value_len;
};
struct PathStep {
  const char* key;  // null: an array index
  std::size_t len;
  long long index;
};

// Lua-zone helpers need somewhere to put text without owning it on the C stack.
struct Scratch {
  RawArray<char> out;       // json.encode output
  RawArray<KeyRef> keys;    // json.encode: sorted object keys, a range per nesting level
  RawArray<PathStep> path;  // json.encode: where an error happened
  RawArray<HeaderView> headers;  // http.request
  Request request;
  std::string text;
  std::string text2;
  char message[512] = {0};  // C++-zone failures, copied into Lua before raising
};

// Registry refs created once per agent state.
struct Refs {
  int response_mt = LUA_NOREF;
  int headers_mt = LUA_NOREF;
  int array_mt = LUA_NOREF;
  int null_value = LUA_NOREF;
  int handle_mt = LUA_NOREF;
  int task_body = LUA_NOREF;
  int limit_error = LUA_NOREF;
  int ctx = LUA_NOREF;
  int chunk = LUA_NOREF;
  int boot = LUA_NOREF;
};

struct Agent {
  Impl* sb = nullptr;
  int index = 0;  // 1-based
  std::string name;  // "agent-1"
  lua_State* L = nullptr;
  Refs refs;
  Task* main = nullptr;
  bool started = false;
  bool finished = false;
  int incarnation = 0;  // restarts after a crash so far (each draws a new math.random stream)
  std::uint32_t next_task_id = 1;
  int main_line = 0;  // where main(ctx) is defined (tracebacks name it)
  // Interned field names of http.request's table (compared by pointer: short strings with
  // the same content are one object, anchored in the registry).
  struct {
    const char *method, *url, *headers, *body, *json, *timeout, *status, *elapsed;
  } keys{};
  Scratch scratch;
};

// Userdata behind a task handle (task.spawn's result).
struct TaskHandle {
  Task* task;         // null once the task has finished (results in user value 1)
  std::uint32_t id;
  std::int32_t ok;    // 1 once finished normally
};

// Small blocks (most Lua objects: tables, closures, short strings) come from per-size free
// lists carved out of 64 KiB chunks: a request/response loop allocates and frees several
// of them per call, and glibc's malloc/free cost several times more. Chunks are freed with
// the run. (Sanitizer builds use plain realloc so that ASan sees every Lua block.)
class SmallBlocks {
 public:
  static constexpr std::size_t kGranule = 16, kMax = 256, kClasses = kMax / kGranule;
  SmallBlocks() = default;
  SmallBlocks(const SmallBlocks&) = delete;
  SmallBlocks& operator=(const SmallBlocks&) = delete;
  ~SmallBlocks() {
    for (void* c : chunks_) std::free(c);
  }
  static std::size_t cls(std::size_t n) { return (n + kGranule - 1) / kGranule - 1; }
  void* get(std::size_t n) noexcept {
    std::size_t c = cls(n);
    if (Free* f = free_[c]) {
      free_[c] = f->next;
      return f;
    }
    std::size_t size = (c + 1) * kGranule;
    if (left_ < size) {
      if (chunks_.size() == chunks_.capacity() && !grow_list()) return nullptr;
      void* chunk = std::malloc(kChunk);
      if (!chunk) return nullptr;
      chunks_.push_back(chunk);  // capacity reserved above: does not throw
      cursor_ = static_cast<char*>(chunk);
      left_ = kChunk;
    }
    void* p = cursor_;
    cursor_ += size;
    left_ -= size;
    return p;
  }
  void put(void* p, std::size_t n) noexcept {
    auto* f = static_cast<Free*>(p);
    std::size_t c = cls(n);
    f->next = free_[c];
    free_[c] = f;
  }

 private:
  struct Free {
    Free* next;
  };
  static constexpr std::size_t kChunk = 64 * 1024;
  bool grow_list() noexcept {
    try {
      chunks_.reserve(chunks_.empty() ? 16 : chunks_.size() * 2);
      return true;
    } catch (...) {
      return false;
    }
  }
  Free* free_[kClasses] = {};
  char* cursor_ = nullptr;
  std::size_t left_ = 0;
  std::vector<void*> chunks_;
};

struct MemoryAccount {
  std::int64_t used = 0;
  std::int64_t peak = 0;
  std::int64_t limit = 0;
  bool grace = false;     // host-side setup: the cap does not apply
  bool exceeded = false;  // an allocation was refused because of the cap
#ifndef FL_SANDBOX_PLAIN_ALLOC
  SmallBlocks small;
#endif
};

inline constexpr int kHookInterval = 1000;
// Longest error message a run keeps (longer ones are cut, with "...").
inline constexpr std::size_t kMaxErrorMessageBytes = 4000;
inline constexpr WaitToken kArrivalToken = 1ull << 63;
inline constexpr WaitToken kStartToken = 1ull << 62;
inline constexpr WaitToken kRestartToken = 1ull << 61;

class Impl {
 public:
  Impl(Config config, Host& host);
  ~Impl();

  // --- lifecycle (sandbox.cpp) ---
  bool start();
  std::int64_t run(std::int64_t max_instructions);
  void deliver(WaitToken token, HttpResult* result);
  void end_run(Status status, std::string_view limit, std::string_view message, int agent, int line,
               std::string_view traceback) noexcept;
  std::string describe_waits(bool* any_request_without_timeout) const;
  bool crash_agent(int agent, std::int64_t restart_at_us, std::string_view cause);

  // --- used by the bindings (Lua zone unless noted) ---
  Task* current() const { return current_; }
  // Registers a blocking wait for the running task and returns its token.
  WaitToken begin_wait(Task& t, Wait kind, int line);
  // Lua zone: yields the current coroutine for a blocking call (sets yield_ = block).
  int yield_blocked(lua_State* L, lua_KContext ctx, lua_KFunction k);
  // Can the coroutine L suspend the whole task from here? (no C boundary in the chain)
  bool can_block(lua_State* L) const;
  // Lua zone: raises a limit (ends the run) from a binding or the hook. Never returns.
  [[noreturn]] void raise_limit(lua_State* L, std::string_view limit, const char* message);
  // Lua zone: raises the journal limit when the host has recorded too many events (a loop of
  // metrics.inc never blocks, so the lab runner's own check between slices would come late).
  void check_journal(lua_State* L);
  // Marks the run as ended by a limit without raising (for checks outside Lua).
  void note_limit(std::string_view limit, std::string_view message, int agent) noexcept;
  bool dead() const { return dead_; }
  // Lua must unwind to the scheduler: the run ended, or an error object's __tostring ran
  // past its budget. Learner pcalls re-raise instead of catching then.
  bool must_unwind() const { return dead_ || (conversion_depth_ > 0 && used_ > conversion_end_); }
  bool has_ready_tasks() const { return !ready_.empty(); }
  void charge(std::int64_t units) { used_ += units; }
  bool over_budget() const { return used_ > config_.limits.instructions; }

  // Spawning (api_task.cpp uses it): creates a task whose function and args are on top of L.
  // Lua zone. Returns the task (its handle is pushed on L).
  Task* spawn(lua_State* L, Agent& a, int nargs);
  void make_ready(Task& t);
  void task_finished(Task& t);  // bookkeeping after the task's coroutine returned

  // Workload.
  int take_item(Agent& a);  // index of an available item, or -1; -2 when none will come
  // C++ zone, noexcept: false when out of memory.
  // Call after begin_wait (the entry remembers the wait's generation).
  bool add_item_waiter(Task* t) noexcept {
    try {
      item_waiters_.push_back({t, t->gen});
      return true;
    } catch (...) {
      return false;
    }
  }

  Host& host() { return host_; }
  // Tells the host what happened (C++ zone: a throwing host is ignored, never reaches Lua).
  void report(const HostEvent& event) noexcept {
    try {
      host_.report(event);
    } catch (...) {
    }
  }
  const Config& config() const { return config_; }
  MemoryAccount& memory() { return memory_; }
  Origin origin(lua_State* L, const Task* t) const;  // Lua zone (reads the line)
  std::int64_t now_us() const;                        // host time, exceptions swallowed
  std::int64_t& log_lines() { return log_lines_; }
  std::int64_t& log_bytes() { return log_bytes_; }
  std::int64_t& pending_ops() { return pending_ops_; }
  std::uint64_t& requests() { return requests_; }
  JournalTally& journal_tally() { return journal_tally_; }

  struct ItemState {
    bool arrived = false;
    bool taken = false;
    bool reported = false;
    bool redelivered = false;  // handed back after its agent crashed
    int agent = 0;
    Outcome outcome = Outcome::done;
  };
  std::vector<WorkItem>& items() { return items_; }
  std::vector<ItemState>& item_states() { return item_states_; }
  // Items are taken in arrival order, so those not taken yet are the ones from next_item_ on.
  std::size_t items_not_taken() const { return items_.size() - next_item_ + handed_back_.size(); }
  DurableStore& store() { return store_; }
  std::map<std::string, int>& item_index() { return item_index_; }

  Result result_;
  std::int64_t used_ = 0;        // instructions charged so far
  std::int64_t slice_end_ = 0;   // preempt when used_ passes this
  YieldKind yield_ = YieldKind::none;
  int conversion_depth_ = 0;     // >0 while converting an error object (no preemption)
  std::int64_t conversion_end_ = 0;
  std::uint64_t tasks_spawned_ = 0;
  std::uint64_t resumes_ = 0;

 private:
  friend class ::fl::sandbox::Sandbox;
  bool create_agent(Agent& a);
  void resume(Task& t);
  void fail_task(Task& t, int status);
  void finish_agent(Agent& a);
  Task* new_task(Agent& a);
  void free_task(Task& t);
  void kill_task(Task& t);
  // "1,998 spawned at line 40, 2 at line 52": live tasks of `agent` (0: every agent) other
  // than main tasks, grouped by their task.spawn line; `count` gets how many there are.
  std::string tasks_by_spawn_line(const Agent* agent, std::int64_t* count) const;
  void on_arrival(std::size_t index);
  // Gives available items to tasks blocked in ctx.next(), first come first served.
  void serve_item_waiters();
  void restart_agent(Agent& a);
  void account_work();

  Config config_;
  Host& host_;
  MemoryAccount memory_;
  std::vector<std::unique_ptr<Agent>> agents_;
  std::vector<std::unique_ptr<Task>> slots_;
  std::vector<std::uint32_t> free_slots_;
  struct ReadyEntry {
    Task* task;
    std::uint32_t gen;
  };
  std::deque<ReadyEntry> ready_;
  Task* current_ = nullptr;
  bool dead_ = false;   // a limit was hit or the run was stopped: Lua must unwind
  std::int64_t live_tasks_ = 0;
  std::int64_t pending_ops_ = 0;
  std::int64_t log_lines_ = 0, log_bytes_ = 0;
  std::uint64_t requests_ = 0;
  JournalTally journal_tally_;       // what learner calls recorded, by kind and line
  int agents_finished_ = 0;
  std::vector<WorkItem> items_;      // sorted by arrival time (stable)
  std::vector<ItemState> item_states_;
  std::map<std::string, int> item_index_;
  std::size_t next_item_ = 0;        // first item not yet taken, in order
  std::size_t arrived_ = 0;          // items that have arrived
  std::deque<std::size_t> handed_back_;  // items of crashed agents, handed out again first
  DurableStore store_;               // survives crashes: it belongs to the run
  std::deque<std::pair<Task*, std::uint32_t>> item_waiters_;  // tasks blocked in ctx.next(), FIFO
};

// --- vm.cpp ---------------------------------------------------------------------------
void* lua_allocator(void* ud, void* ptr, std::size_t osize, std::size_t nsize) noexcept;
void count_hook(lua_State* L, lua_Debug* ar);
// Opens the safe libraries and the learner API into a fresh state (Lua zone: run it
// through lua_pcall).
int open_sandbox(lua_State* L);
// Learner frames only: "solution.lua:12: in function 'fetch'" lines, at most `max` of them.
void traceback(lua_State* co, const char* chunkname, std::string& out, int max) noexcept;
// Line of the innermost learner frame of L (0 if none). Lua zone, allocation-free.
int learner_line(lua_State* L, int first_level);

// --- api_*.cpp: library openers (Lua zone) ------------------------------------------------
void open_http(lua_State* L, Agent& a);
void open_time(lua_State* L, Agent& a);
void open_log(lua_State* L, Agent& a);
void open_task(lua_State* L, Agent& a);
void open_ctx(lua_State* L, Agent& a);
void open_store(lua_State* L, Agent& a);
void open_json(lua_State* L, Agent& a);
void open_coroutine(lua_State* L, Agent& a);
void open_base(lua_State* L, Agent& a);

// --- json.cpp (Lua zone) ---------------------------------------------------------------
// Decodes s[0..n) and pushes the value; on failure pushes nothing and writes a message
// ("unexpected character 'x' at line 1, column 5") into `error` (size `error_size`).
bool json_decode(lua_State* L, Agent& a, const char* s, std::size_t n, int max_depth, char* error,
                 std::size_t error_size);
// Encodes the value at `idx` into a Lua string pushed on the stack; raises a Lua error
// ("json.encode: cannot encode a function (at $.handlers[2])") when it cannot.
void json_encode(lua_State* L, Agent& a, int idx, const char* what);

// Small Lua-zone helpers.
inline Agent& agent_of(lua_State* L) { return *thread_info(L).agent; }
inline Impl& sandbox_of(lua_State* L) { return *thread_info(L).agent->sb; }
// Copies a C++-zone message into Lua and raises it with the learner's position.
[[noreturn]] void raise_message(lua_State* L, const char* message);
// luaL_error with position, for API misuse: "solution.lua:12: http.request: ..."
[[noreturn]] int api_error(lua_State* L, const char* fmt, ...);
// Registers functions from a NULL-terminated luaL_Reg list into the table at the top.
void set_funcs(lua_State* L, const luaL_Reg* funcs);
// Protects the metatable at the top of the stack (__metatable = false): getmetatable returns
// false and setmetatable refuses, so learner code cannot give the sandbox's objects a __gc
// (finalizers run with the instruction hook off) or change how they behave.
void lock_metatable(lua_State* L);

}  // namespace fl::sandbox::detail
