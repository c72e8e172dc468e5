"""Writes Faultline's changes into a pristine copy of Lua 5.4.4's src/ folder.

The patch file kept in the repository (patches/lua-01-faultline-determinism-and-budgets.patch,
applied by scripts/setup) is generated from this script, so that each change carries its
reason and the patch can be rebuilt after editing:

    rm -rf /tmp/lp && mkdir -p /tmp/lp && cp -r build/deps/lua5.4/src /tmp/lp/a
    rm -f /tmp/lp/a/lua5.4-deb-multiarch.h && cp -r /tmp/lp/a /tmp/lp/b
    python3 patches/make-lua-patch.py /tmp/lp/b
    (cd /tmp/lp && diff -ruN a b) > patches/lua-01-faultline-determinism-and-budgets.patch
    scripts/setup    # re-prepares build/deps/lua-src (the stamp includes the patch checksum)

Every replacement must match exactly once; the script stops otherwise.
"""
import sys, pathlib
b = pathlib.Path(sys.argv[1])
def sub(fname, old, new, count=1):
    p = b / fname
    s = p.read_text()
    if s.count(old) != count:
        raise SystemExit(f"{fname}: expected {count} occurrence(s) of {old!r}, found {s.count(old)}")
    p.write_text(s.replace(old, new))

# --- lua.h: the Faultline API ------------------------------------------------------------
sub("lua.h", "LUA_API int (lua_setcstacklimit) (lua_State *L, unsigned int limit);",
"""LUA_API int (lua_setcstacklimit) (lua_State *L, unsigned int limit);

/*
** Faultline additions (patches/lua-01-faultline-determinism-and-budgets.patch).
** - Every collectable object except strings carries a serial number, given in creation
**   order; tables hash objects by it and tostring/%p print it instead of an address.
** - Work done inside C code that the instruction count hook cannot see (long strings,
**   string comparisons, table accesses from C, pattern matching) is added to
**   'lua_fl_work', which the host's count hook reads and resets.
** - A per-call step limit for the pattern matcher (0 = none).
*/
#if !defined(__cplusplus)
extern _Thread_local size_t lua_fl_work;  /* per OS thread: runs do not share it */
#endif
LUA_API size_t (lua_fl_takework) (void);  /* returns lua_fl_work and resets it */
LUA_API void (lua_fl_charge) (lua_State *L, size_t units);
LUA_API lua_Unsigned (lua_fl_serial) (lua_State *L, int idx);
LUA_API void (lua_fl_setsteplimit) (lua_State *L, size_t steps);
LUA_API lua_Unsigned (lua_fl_count) (lua_State *L, int idx);  /* non-nil entries of a table */
/* A cheap count hook: the VM counts instructions down in 'hookcount' without a hook mask
** (a regular count hook makes every instruction call luaG_traceexec); when the count runs
** out, 'f' is armed as a one-shot count hook for the next instruction, with the usual hook
** rules (it may raise errors or yield). The hook calls lua_fl_disarm first. */
LUA_API void (lua_fl_sethook) (lua_State *L, lua_Hook f, int interval);
LUA_API void (lua_fl_disarm) (lua_State *L);
LUA_API size_t (lua_fl_steplimit) (lua_State *L);""")

# --- luaconf.h: sizes that must not depend on the pointer size ------------------------------
sub("luaconf.h", "#define LUA_EXTRASPACE		(sizeof(void *))",
    "#define LUA_EXTRASPACE		(3 * sizeof(void *))  /* Faultline: agent, task, wait owner */")
sub("luaconf.h", "#define LUAL_BUFFERSIZE   ((int)(16 * sizeof(void*) * sizeof(lua_Number)))",
    "/* Faultline: a constant size, so that buffer boxes (which are numbered objects) are\n"
    "** created at the same moments in 32-bit and 64-bit builds. */\n"
    "#define LUAL_BUFFERSIZE   1024")
sub("luaconf.h", "#define LUAI_MAXSTACK		1000000",
    "/* Faultline: 200,000 slots (~50,000 frames of a small recursive function) end runaway\n"
    "** recursion with \"stack overflow\" in both builds, long before the memory cap; a frame's\n"
    "** size differs between 32-bit and 64-bit builds, so a deeper stack could meet the cap\n"
    "** first in one build only. */\n"
    "#define LUAI_MAXSTACK		200000")

# --- lobject.h: the serial number in every object header ----------------------------------
sub("lobject.h", "#define CommonHeader	struct GCObject *next; lu_byte tt; lu_byte marked",
    "#define CommonHeader	struct GCObject *next; lu_byte tt; lu_byte marked; unsigned int serial")

# --- lstate.h / lstate.c: the counter and the step limit ----------------------------------
sub("lstate.h", "  void *ud_warn;         /* auxiliary data to 'warnf' */\n} global_State;",
    "  void *ud_warn;         /* auxiliary data to 'warnf' */\n"
    "  unsigned int fl_serial;  /* Faultline: last serial number given */\n"
    "  size_t fl_steplimit;  /* Faultline: pattern-matching steps per call (0 = none) */\n"
    "  lua_Hook fl_hook;  /* Faultline: the budget hook (lua_fl_sethook), or NULL */\n"
    "} global_State;")
sub("lstate.c", "  g->seed = luai_makeseed(L);",
    "  g->seed = luai_makeseed(L);\n  g->fl_serial = 0;\n  g->fl_steplimit = 0;\n  g->fl_hook = NULL;\n  L->serial = 0;")
sub("lstate.c", "  L1->tt = LUA_VTHREAD;\n",
    "  L1->tt = LUA_VTHREAD;\n  L1->serial = ++g->fl_serial;\n")

# --- lgc.c: numbering; weak tables disabled ------------------------------------------------
sub("lgc.c", "  o->marked = luaC_white(g);\n  o->tt = tt;\n",
    "  o->marked = luaC_white(g);\n  o->tt = tt;\n"
    "  /* Faultline: strings are interned through an address-keyed cache, so numbering them\n"
    "  ** would make the sequence depend on addresses; they hash by content anyway. */\n"
    "  o->serial = (novariant(tt) == LUA_TSTRING) ? 0 : ++g->fl_serial;\n"
    "  /* Faultline: allocating an object and collecting it later is work (~30 instructions'\n"
    "  ** worth); strings are left out because whether one is created depends on the cache */\n"
    "  if (o->serial != 0) lua_fl_work += 24;\n")
sub("lgc.c", "  const TValue *mode = gfasttm(g, h->metatable, TM_MODE);\n  markobjectN(g, h->metatable);",
    "  /* Faultline: '__mode' is ignored; what a weak table loses depends on when the\n"
    "  ** collector runs, which depends on object sizes (32-bit vs 64-bit builds). */\n"
    "  const TValue *mode = NULL;\n  markobjectN(g, h->metatable);")

# --- lobject.c: number to text is work; one spelling of NaN ----------------------------------
sub("lobject.c", """  if (ttisinteger(obj))
    len = lua_integer2str(buff, MAXNUMBER2STR, ivalue(obj));
  else {
    len = lua_number2str(buff, MAXNUMBER2STR, fltvalue(obj));""", """  if (ttisinteger(obj)) {
    lua_fl_work += 16;  /* Faultline: printf of an integer is work too */
    len = lua_integer2str(buff, MAXNUMBER2STR, ivalue(obj));
  }
  else if (luai_numisnan(fltvalue(obj))) {  /* Faultline: the sign of a NaN is the CPU's */
    lua_fl_work += 48;
    len = lua_number2str(buff, MAXNUMBER2STR, (lua_Number)NAN);
  }
  else {
    lua_fl_work += 48;  /* Faultline: printf of a double is work (~300 ns with %.14g) */
    len = lua_number2str(buff, MAXNUMBER2STR, fltvalue(obj));""")

# --- lvm.c: concatenation is work (the pieces are copied and the result interned) -------------
sub("lvm.c", """  if (total == 1)
    return;  /* "all" values already concatenated */
  do {""", """  if (total == 1)
    return;  /* "all" values already concatenated */
  lua_fl_work += 8 * cast_sizet(total);  /* Faultline */
  do {""")

# --- lapi.c: a call from C into Lua (sort comparators, gsub callbacks, readers) is work -------
sub("lapi.c", """                        lua_KContext ctx, lua_KFunction k) {
  StkId func;
  lua_lock(L);""", """                        lua_KContext ctx, lua_KFunction k) {
  StkId func;
  lua_fl_work += 8;  /* Faultline */
  lua_lock(L);""")
sub("lapi.c", """  struct CallS c;
  int status;
  ptrdiff_t func;
  lua_lock(L);""", """  struct CallS c;
  int status;
  ptrdiff_t func;
  lua_fl_work += 8;  /* Faultline */
  lua_lock(L);""")

# --- lapi.c: C code that reads a long string will likely scan it (a URL checked, a JSON text
# escaped, a header value validated), possibly inside a table argument and just before failing
# under a learner's pcall: charge half a unit a byte on every read of one
sub("lapi.c", """  if (len != NULL)
    *len = vslen(o);
  lua_unlock(L);
  return svalue(o);""", """  if (len != NULL)
    *len = vslen(o);
  if (ttislngstring(o) && G(L)->fl_hook != NULL)  /* Faultline */
    lua_fl_charge(L, tsvalue(o)->u.lnglen >> 1);
  lua_unlock(L);
  return svalue(o);""")

# --- lauxlib.c: growing a string buffer writes (or zero-fills) its bytes --------------------
sub("lauxlib.c", """  box->box = temp;
  box->bsize = newsize;
  return temp;""", """  box->box = temp;
  box->bsize = newsize;
  lua_fl_charge(L, newsize >> 3);  /* Faultline */
  return temp;""")

# --- ltable.c: walking a collision chain is work (keys can be chosen to collide) -------------
sub("ltable.c", """      else {
        int nx = gnext(n);
        if (nx == 0) break;
        n += nx;
      }
    }
    return &absentkey;""", """      else {
        int nx = gnext(n);
        if (nx == 0) break;
        n += nx;
        lua_fl_work += 4;  /* Faultline: a hop is likely a cache miss */
      }
    }
    return &absentkey;""")
# (the same walk in getgeneric and luaH_getshortstr)
sub("ltable.c", """        return &absentkey;  /* not found */
      n += nx;
    }""", """        return &absentkey;  /* not found */
      n += nx;
      lua_fl_work += 4;  /* Faultline: a hop is likely a cache miss */
    }""", count=2)
sub("ltable.c", """      while (othern + gnext(othern) != mp)  /* find previous */
        othern += gnext(othern);""", """      while (othern + gnext(othern) != mp) {  /* find previous */
        othern += gnext(othern);
        lua_fl_work += 4;  /* Faultline */
      }""")

# --- ltable.c: keys chosen to share one hash slot make every lookup walk a long chain, and
# a rehash (one uninterruptible C call) quadratic: refuse the key that would make a chain
# longer than 1,024 (an error, raised before the table is touched; never during a rehash,
# which must not fail half-way)
sub("ltable.c", """  mp = mainpositionTV(t, key);
  if (!isempty(gval(mp)) || isdummy(t)) {  /* main position is taken? */
    Node *othern;
    Node *f = getfreepos(t);  /* get a free place */""", """  mp = mainpositionTV(t, key);
  if (!isempty(gval(mp)) || isdummy(t)) {  /* main position is taken? */
    Node *othern;
    Node *f;
    if (fl_rehashing == 0) {  /* Faultline */
      Node *n = mp;
      int len = 0;
      while (gnext(n) != 0 && len <= 1024) {
        n += gnext(n);
        len++;
      }
      lua_fl_work += 4 * cast_sizet(len);
      if (len > 1024)
        luaG_runerror(L, "more than 1024 keys of this table share one hash slot (sandbox limit)");
    }
    f = getfreepos(t);  /* get a free place */""")
sub("ltable.c", """  reinsert(L, &newt, t);  /* 'newt' now has the old hash */""", """  fl_rehashing++;  /* Faultline */
  reinsert(L, &newt, t);  /* 'newt' now has the old hash */
  fl_rehashing--;""")
sub("ltable.c", """static const TValue *getgeneric (Table *t, const TValue *key, int deadok) {""", """/* Faultline: inside luaH_resize's reinsertion (luaH_newkey must not raise errors then) */
static _Thread_local int fl_rehashing = 0;

static const TValue *getgeneric (Table *t, const TValue *key, int deadok) {""")

# --- ltable.c: multiplicative hashing for numbers ------------------------------------------
sub("ltable.c", """static Node *hashint (const Table *t, lua_Integer i) {
  lua_Unsigned ui = l_castS2U(i);
  if (ui <= (unsigned int)INT_MAX)
    return hashmod(t, cast_int(ui));
  else
    return hashmod(t, ui);
}""", """/* Faultline: numbers hash by their top bits times 2^64/phi (Fibonacci hashing), so keys that
** share a slot in a table of 2^n slots share one in every smaller table too, and the chain
** limit in luaH_newkey also bounds the chains a rehash builds. With Lua's 'key % (size-1|1)',
** multiples of 65535 spread out in smaller tables and all collide once the table has 65536
** slots, making that one rehash quadratic. */
static Node *fl_hashnum (const Table *t, lua_Unsigned u) {
  int b = t->lsizenode;
  return gnode(t, b == 0 ? 0 : cast_int((u * 0x9E3779B97F4A7C15u) >> (64 - b)));
}

static Node *hashint (const Table *t, lua_Integer i) {
  return fl_hashnum(t, l_castS2U(i));
}""")
sub("ltable.c", """      return hashmod(t, l_hashfloat(n));""", """      return fl_hashnum(t, cast(lua_Unsigned, l_hashfloat(n)));  /* Faultline */""")

# --- lcode.c: a long chain of 'or'/'and' compiles in quadratic time (each jump is appended
# by walking the list): bound the walk, since the parser runs in one C call ----------------
sub("llex.h", """typedef struct LexState {
  int current;  /* current character (charint) */""", """typedef struct LexState {
  size_t fl_jumpwalk;  /* Faultline: jump-list steps in this chunk (see luaK_concat) */
  int current;  /* current character (charint) */""")
sub("llex.c", """  ls->t.token = 0;""", """  ls->t.token = 0;
  ls->fl_jumpwalk = 0;  /* Faultline */""")
sub("lcode.c", """    while ((next = getjump(fs, list)) != NO_JUMP)  /* find last element */
      list = next;""", """    while ((next = getjump(fs, list)) != NO_JUMP) {  /* find last element */
      list = next;
      if (l_unlikely(++fs->ls->fl_jumpwalk > 20000000))  /* Faultline */
        luaX_syntaxerror(fs->ls, "expression too complex to compile (a chain of thousands of 'or' or 'and'?)");
    }""")

# --- lstrlib.c: gsub scans its replacement string once per match: count it as matching steps
sub("lstrlib.c", """  const char *news = lua_tolstring(L, 3, &l);
  const char *p;
  while ((p = (char *)memchr(news, L_ESC, l)) != NULL) {""", """  const char *news = lua_tolstring(L, 3, &l);
  const char *p;
  fl_steps(ms, l);  /* Faultline */
  while ((p = (char *)memchr(news, L_ESC, l)) != NULL) {""")

# --- lvm.c: a long string comparison is charged in l_strcmp, which has no lua_State: make the
# hook look at the work at once (a loop of comparisons may otherwise run a thousand times
# before the next hook)
sub("lvm.c", """    return l_strcmp(tsvalue(l), tsvalue(r)) < 0;""", """    {  /* Faultline */
      int res = l_strcmp(tsvalue(l), tsvalue(r)) < 0;
      lua_fl_charge(L, 0);
      return res;
    }""")
sub("lvm.c", """    return l_strcmp(tsvalue(l), tsvalue(r)) <= 0;""", """    {  /* Faultline */
      int res = l_strcmp(tsvalue(l), tsvalue(r)) <= 0;
      lua_fl_charge(L, 0);
      return res;
    }""")

# --- lstate.c / ldo.c: deep recursion allocates a CallInfo per level and grows the stack by
# copying it; a pcall loop around a stack overflow repeats both (and the shrink) each time
sub("lstate.c", """  ci = luaM_new(L, CallInfo);
  lua_assert(L->ci->next == NULL);""", """  ci = luaM_new(L, CallInfo);
  lua_fl_work += 64;  /* Faultline */
  lua_assert(L->ci->next == NULL);""")
sub("ldo.c", """  int oldsize = stacksize(L);
  int i;
  StkId newstack = luaM_reallocvector(L, NULL, 0,""", """  int oldsize = stacksize(L);
  int i;
  StkId newstack;
  lua_fl_work += cast_sizet(newsize);  /* Faultline: the slots are copied */
  newstack = luaM_reallocvector(L, NULL, 0,""")

# --- lzio.c: parsing is work, per byte read ----------------------------------------------------
sub("lzio.c", """  if (buff == NULL || size == 0)
    return EOZ;
  z->n = size - 1;  /* discount char being returned */""", """  if (buff == NULL || size == 0)
    return EOZ;
  lua_fl_charge(L, size * 4);  /* Faultline: the lexer and parser run in C (~40 ns a byte) */
  z->n = size - 1;  /* discount char being returned */""")

# --- ltable.c: hash objects by serial number ---------------------------------------------
sub("ltable.c", "    default: {\n      GCObject *o = gcvalue(key);\n      return hashpointer(t, o);\n    }",
    "    default: {  /* Faultline: by serial number, never by address */\n"
    "      GCObject *o = gcvalue(key);\n      return hashmod(t, o->serial);\n    }")

# --- lapi.c: C functions are always closures; the Faultline API ----------------------------
sub("lapi.c", """  lua_lock(L);
  if (n == 0) {
    setfvalue(s2v(L->top), fn);
    api_incr_top(L);
  }
  else {
    CClosure *cl;""", """  lua_lock(L);
  /* Faultline: no light C functions; a closure is numbered like any other object (a
  ** function pointer differs between builds and would leak through hashing). */
  {
    CClosure *cl;""")
sub("lapi.c", """  lua_lock(L);
  t = index2value(L, idx);
  if (luaV_fastgeti(L, t, n, slot)) {
    setobj2s(L, L->top, slot);
  }""", """  lua_lock(L);
  lua_fl_work++;  /* Faultline: table loops in C libraries are work too */
  t = index2value(L, idx);
  if (luaV_fastgeti(L, t, n, slot)) {
    setobj2s(L, L->top, slot);
  }""")
sub("lapi.c", """  lua_lock(L);
  api_checknelems(L, 1);
  t = index2value(L, idx);
  if (luaV_fastgeti(L, t, n, slot)) {
    luaV_finishfastset(L, t, slot, s2v(L->top - 1));
  }""", """  lua_lock(L);
  lua_fl_work++;  /* Faultline */
  api_checknelems(L, 1);
  t = index2value(L, idx);
  if (luaV_fastgeti(L, t, n, slot)) {
    luaV_finishfastset(L, t, slot, s2v(L->top - 1));
  }""")
sub("lapi.c", "LUA_API const void *lua_topointer (lua_State *L, int idx) {",
"""/* Faultline additions (see lua.h) */
_Thread_local size_t lua_fl_work = 0;

LUA_API size_t lua_fl_takework (void) {
  size_t w = lua_fl_work;
  lua_fl_work = 0;
  return w;
}

LUA_API void lua_fl_charge (lua_State *L, size_t units) {
  lua_fl_work += units;
  /* much work pending: let the count hook look at it at the next instruction */
  if (lua_fl_work >= 4096 && L != NULL && G(L)->fl_hook != NULL)
    L->hookcount = 1;
}

LUA_API lua_Unsigned lua_fl_serial (lua_State *L, int idx) {
  const TValue *o = index2value(L, idx);
  if (ttisstring(o)) {  /* by content: strings are not numbered */
    TString *ts = tsvalue(o);
    return (ts->tt == LUA_VSHRSTR) ? ts->hash : luaS_hashlongstr(ts);
  }
  return iscollectable(o) ? gcvalue(o)->serial : 0;
}

LUA_API lua_Unsigned lua_fl_count (lua_State *L, int idx) {
  const TValue *o = index2value(L, idx);
  Table *t;
  lua_Unsigned n = 0;
  unsigned int i, size;
  api_check(L, ttistable(o), "table expected");
  t = hvalue(o);
  size = luaH_realasize(t);
  for (i = 0; i < size; i++)
    if (!isempty(&t->array[i])) n++;
  size = sizenode(t);
  for (i = 0; i < size; i++)
    if (!isempty(gval(gnode(t, i)))) n++;
  lua_fl_work += (lua_Unsigned)luaH_realasize(t) + sizenode(t);
  return n;
}

LUA_API void lua_fl_sethook (lua_State *L, lua_Hook f, int interval) {
  G(L)->fl_hook = f;
  L->basehookcount = interval;
  L->hookcount = interval;
}

LUA_API void lua_fl_disarm (lua_State *L) {
  L->hookmask = 0;
  L->hook = NULL;
  L->hookcount = L->basehookcount;
}

LUA_API void lua_fl_setsteplimit (lua_State *L, size_t steps) {
  G(L)->fl_steplimit = steps;
}

LUA_API size_t lua_fl_steplimit (lua_State *L) {
  return G(L)->fl_steplimit;
}


LUA_API const void *lua_topointer (lua_State *L, int idx) {""")

# --- ldo.c: long string arguments to C functions are work -----------------------------------
sub("ldo.c", """  lua_unlock(L);
  n = (*f)(L);  /* do the actual call */
  lua_lock(L);
  api_checknelems(L, n);
  luaD_poscall(L, ci, n);
  return n;""", """  if (G(L)->fl_hook != NULL) {  /* Faultline: C loops over arguments and long strings */
    StkId a;
    lua_fl_work += cast_sizet(L->top - func);  /* one unit per argument (and the call) */
    for (a = func + 1; a < L->top; a++)
      if (ttislngstring(s2v(a)))
        lua_fl_charge(L, tsvalue(s2v(a))->u.lnglen >> 1);
  }
  lua_unlock(L);
  n = (*f)(L);  /* do the actual call */
  lua_lock(L);
  api_checknelems(L, n);
  luaD_poscall(L, ci, n);
  return n;""")

# --- ldo.c: the instruction countdown continues across coroutine switches ------------------
# (otherwise code spread over many short coroutines, each ending before its own countdown
# reaches zero, would never be counted)
sub("ldo.c", """  L->nCcalls++;
  luai_userstateresume(L, nargs);
  api_checknelems(L, (L->status == LUA_OK) ? nargs + 1 : nargs);
  status = luaD_rawrunprotected(L, resume, &nargs);""", """  L->nCcalls++;
  luai_userstateresume(L, nargs);
  api_checknelems(L, (L->status == LUA_OK) ? nargs + 1 : nargs);
  if (from != NULL && G(L)->fl_hook != NULL)
    L->hookcount = from->hookcount;  /* Faultline: one countdown */
  status = luaD_rawrunprotected(L, resume, &nargs);
  if (from != NULL && G(L)->fl_hook != NULL)
    from->hookcount = L->hookcount;  /* Faultline */""")

# --- lstring.c: creating and comparing long strings is work -------------------------------
sub("lstring.c", """  return (a == b) ||  /* same instance or... */
    ((len == b->u.lnglen) &&  /* equal length and ... */
     (memcmp(getstr(a), getstr(b), len) == 0));  /* equal contents */""",
"""  if (a == b) return 1;  /* same instance */
  if (len != b->u.lnglen) return 0;
  lua_fl_work += len >> 4;  /* Faultline */
  return memcmp(getstr(a), getstr(b), len) == 0;  /* equal contents */""")
sub("lstring.c", """  TString *ts = createstrobj(L, l, LUA_VLNGSTR, G(L)->seed);
  ts->u.lnglen = l;
  return ts;""", """  TString *ts = createstrobj(L, l, LUA_VLNGSTR, G(L)->seed);
  ts->u.lnglen = l;
  lua_fl_charge(L, l >> 3);  /* Faultline: the bytes are about to be written */
  return ts;""")

# --- lvm.c: string order by bytes (no locale), and charged -----------------------------------
sub("lvm.c", """  size_t lr = tsslen(rs);
  for (;;) {  /* for each segment */
    int temp = strcoll(l, r);""", """  size_t lr = tsslen(rs);
  lua_fl_work += ((ll < lr) ? ll : lr) >> 1;  /* Faultline: embedded NULs cost a strcmp each */
  for (;;) {  /* for each segment */
    int temp = strcmp(l, r);  /* Faultline: no locale */""")

# --- lauxlib.c: tostring prints the serial number ---------------------------------------------
sub("lauxlib.c", """        lua_pushfstring(L, "%s: %p", kind, lua_topointer(L, idx));""",
"""        char fl_id[32];  /* Faultline: a serial number, never an address */
        snprintf(fl_id, sizeof(fl_id), "0x%08llx",
                 (unsigned long long)lua_fl_serial(L, idx));
        lua_pushfstring(L, "%s: %s", kind, fl_id);""")

# --- lmathlib.c: no wall clock in the default seed ---------------------------------------------
sub("lmathlib.c", """  lua_Unsigned seed1 = (lua_Unsigned)time(NULL);
  lua_Unsigned seed2 = (lua_Unsigned)(size_t)L;""",
"""  /* Faultline: constant; the sandbox seeds every state from the run seed */
  lua_Unsigned seed1 = 0;
  lua_Unsigned seed2 = 0;
  (void)L;""")

# --- lstrlib.c: %p, step budget in the matcher and in plain find ------------------------------
sub("lstrlib.c", """        case 'p': {
          const void *p = lua_topointer(L, arg);
          checkformat(L, form, L_FMTFLAGSC, 0);
          if (p == NULL) {  /* avoid calling 'printf' with argument NULL */
            p = "(null)";  /* result */
            form[strlen(form) - 1] = 's';  /* format it as a string */
          }
          nb = l_sprintf(buff, maxitem, form, p);
          break;
        }""", """        case 'p': {  /* Faultline: a serial number (or hash), never an address */
          lua_Unsigned id = lua_fl_serial(L, arg);
          char fl_id[32];
          const char *p = fl_id;
          checkformat(L, form, L_FMTFLAGSC, 0);
          if (id == 0) p = "(null)";
          else snprintf(fl_id, sizeof(fl_id), "0x%08llx", (unsigned long long)id);
          form[strlen(form) - 1] = 's';  /* format it as a string */
          nb = l_sprintf(buff, maxitem, form, p);
          break;
        }""")
sub("lstrlib.c", """  int matchdepth;  /* control for recursive depth (to avoid C stack overflow) */
  unsigned char level;  /* total number of captures (finished or unfinished) */""",
"""  int matchdepth;  /* control for recursive depth (to avoid C stack overflow) */
  unsigned char level;  /* total number of captures (finished or unfinished) */
  size_t steps;  /* Faultline: steps left in this call */""")
sub("lstrlib.c", """static const char *match (MatchState *ms, const char *s, const char *p);
""", """static const char *match (MatchState *ms, const char *s, const char *p);

/* Faultline: a budget of matching steps per call, charged as work every 1024 steps (two
** units a step: a step costs about twice a VM instruction) */
static void fl_toocomplex (lua_State *L) {
  luaL_error(L, "pattern too complex: more than %I matching steps (sandbox limit)",
             (lua_Integer)lua_fl_steplimit(L));
}

static void fl_steps (MatchState *ms, size_t n) {
  if (l_unlikely(ms->steps < n)) fl_toocomplex(ms->L);
  if (((ms->steps - n) >> 10) != (ms->steps >> 10))
    lua_fl_charge(ms->L, ((ms->steps >> 10) - ((ms->steps - n) >> 10)) << 11);
  ms->steps -= n;
}

static size_t fl_budget (lua_State *L) {
  size_t limit = lua_fl_steplimit(L);
  return (limit == 0) ? (size_t)-1 : limit;
}
""", 1)
sub("lstrlib.c", """  if (l_unlikely(ms->matchdepth-- == 0))
    luaL_error(ms->L, "pattern too complex");
  init: /* using goto's to optimize tail recursion */
  if (p != ms->p_end) {  /* end of pattern? */""", """  if (l_unlikely(ms->matchdepth-- == 0))
    luaL_error(ms->L, "pattern too complex");
  init: /* using goto's to optimize tail recursion */
  fl_steps(ms, 1);  /* Faultline */
  if (p != ms->p_end) {  /* end of pattern? */""")
sub("lstrlib.c", """  while (singlematch(ms, s + i, p, ep))
    i++;""", """  while (singlematch(ms, s + i, p, ep))
    i++;
  fl_steps(ms, (size_t)i);  /* Faultline */""")
sub("lstrlib.c", """static void prepstate (MatchState *ms, lua_State *L,
                       const char *s, size_t ls, const char *p, size_t lp) {
  ms->L = L;""", """static void prepstate (MatchState *ms, lua_State *L,
                       const char *s, size_t ls, const char *p, size_t lp) {
  ms->L = L;
  ms->steps = fl_budget(L);  /* Faultline */""")
sub("lstrlib.c", """static const char *lmemfind (const char *s1, size_t l1,
                               const char *s2, size_t l2) {""", """static const char *lmemfind (lua_State *L, const char *s1, size_t l1,
                               const char *s2, size_t l2) {
  size_t fl_left = fl_budget(L), fl_used = 0;  /* Faultline: candidate comparisons */""")
sub("lstrlib.c", """      init++;   /* 1st char is already checked */
      if (memcmp(init, s2+1, l2) == 0)
        return init-1;""", """      init++;   /* 1st char is already checked */
      fl_used += 1 + (l2 >> 4);  /* Faultline */
      if (l_unlikely(fl_used > fl_left)) fl_toocomplex(L);
      if ((fl_used & 1023) == 0) lua_fl_charge(L, 1024);
      if (memcmp(init, s2+1, l2) == 0)
        return init-1;""")
sub("lstrlib.c", "    const char *s2 = lmemfind(s + init, ls - init, p, lp);",
    "    const char *s2 = lmemfind(L, s + init, ls - init, p, lp);")
sub("lstrlib.c", """  const char *src;
  gm->ms.L = L;
  for (src = gm->src; src <= gm->ms.src_end; src++) {""", """  const char *src;
  gm->ms.L = L;
  gm->ms.steps = fl_budget(L);  /* Faultline: a budget per iterator call */
  for (src = gm->src; src <= gm->ms.src_end; src++) {""")
sub("lstrlib.c", """    int cont = 1;
    while (++s < ms->src_end) {""", """    int cont = 1;
    const char *fl_start = s;  /* Faultline */
    while (++s < ms->src_end) {
      if (l_unlikely(((s - fl_start) & 255) == 0)) fl_steps(ms, 256);""")

sub("ltablib.c", "#if !defined(l_randomizePivot)		/* { */",
    "/* Faultline: no clock or time in the pivot choice (sorting must be reproducible) */\n"
    "#define l_randomizePivot()	0x2545F491u\n\n#if !defined(l_randomizePivot)		/* { */")

# --- lvm.c: the cheap count-down (see lua_fl_sethook) ---------------------------------------
sub("lvm.c", """#define vmfetch()	{ \\
  if (l_unlikely(trap)) {  /* stack reallocation or hooks? */ \\
    trap = luaG_traceexec(L, pc);  /* handle hooks */ \\
    updatebase(ci);  /* correct stack */ \\
  } \\
  i = *(pc++); \\""", """#define vmfetch()	{ \\
  if (l_unlikely(trap)) {  /* stack reallocation or hooks? */ \\
    trap = luaG_traceexec(L, pc);  /* handle hooks */ \\
    updatebase(ci);  /* correct stack */ \\
  } \\
  if (l_unlikely(--L->hookcount <= 0)) trap = fl_arm(L, ci); /* Faultline */ \\
  i = *(pc++); \\""")
sub("lvm.c", """void luaV_execute (lua_State *L, CallInfo *ci) {""", """/* Faultline: the instruction count-down ran out: arm the budget hook as a one-shot count
** hook for the next instruction (lua_fl_sethook). Without one, count down from far away. */
static int fl_arm (lua_State *L, CallInfo *ci) {
  lua_Hook h = G(L)->fl_hook;
  if (h == NULL) {
    L->hookcount = 1 << 30;
    return ci->u.l.trap;
  }
  L->hook = h;
  L->hookmask = LUA_MASKCOUNT;
  L->hookcount = 1;
  ci->u.l.trap = 1;
  return 1;
}


void luaV_execute (lua_State *L, CallInfo *ci) {""")

# --- yield by returning: no longjmp for the common yield -------------------------------------
# A C function called by the VM's OP_CALL/OP_TAILCALL from Lua code that runs directly under
# lua_resume (no C frame or nested luaV_execute between) can yield by returning: lua_yieldk
# returns, the C call is left in place exactly as a thrown yield leaves it, and the VM returns
# to lua_resume. In wasm (emcc 3.1.6 routes longjmp through a JavaScript exception) this
# saves several microseconds per blocking call; natively a few dozen nanoseconds.
sub("lstate.h", "#if defined(LUA_COMPAT_LT_LE)\n#define CIST_LEQ",
    "#define CIST_FLVM	(1<<14)  /* Faultline: C function called by OP_CALL/OP_TAILCALL */\n"
    "#if defined(LUA_COMPAT_LT_LE)\n#define CIST_LEQ")
sub("lstate.h", """  lu_byte status;
  lu_byte allowhook;""", """  lu_byte status;
  lu_byte allowhook;
  lu_byte fl_vmcall;  /* Faultline: the VM is calling (see CIST_FLVM) */""")
sub("lstate.c", """  L->allowhook = 1;
  resethookcount(L);""", """  L->allowhook = 1;
  L->fl_vmcall = 0;
  resethookcount(L);""")
sub("ldo.c", """  L->ci = ci = prepCallInfo(L, func, nresults, CIST_C,
                               L->top + LUA_MINSTACK);""", """  L->ci = ci = prepCallInfo(L, func, nresults, CIST_C,
                               L->top + LUA_MINSTACK);
  if (L->fl_vmcall) {  /* Faultline: called by the VM itself */
    ci->callstatus |= CIST_FLVM;
    L->fl_vmcall = 0;
  }""")
sub("ldo.c", """  n = (*f)(L);  /* do the actual call */
  lua_lock(L);
  api_checknelems(L, n);
  luaD_poscall(L, ci, n);
  return n;""", """  n = (*f)(L);  /* do the actual call */
  lua_lock(L);
  if (l_unlikely(L->status == LUA_YIELD))  /* Faultline: yielded by returning */
    return n;  /* the call stays in place, as after a thrown yield */
  api_checknelems(L, n);
  /* Faultline: work the function did in C (a sort, an unpack) is looked at right away, not
  ** after up to a hook interval of instructions, which a loop of C calls may take long to run */
  if (lua_fl_work >= 4096 && G(L)->fl_hook != NULL)
    L->hookcount = 1;
  luaD_poscall(L, ci, n);
  return n;""")
sub("ldo.c", """static void unroll (lua_State *L, void *ud) {
  CallInfo *ci;
  UNUSED(ud);
  while ((ci = L->ci) != &L->base_ci) {  /* something in the stack */""", """static void unroll (lua_State *L, void *ud) {
  CallInfo *ci;
  UNUSED(ud);
  while ((ci = L->ci) != &L->base_ci) {  /* something in the stack */
    if (L->status == LUA_YIELD)  /* Faultline: yielded by returning */
      return;""")
sub("ldo.c", """  status = precover(L, status);""", """  status = precover(L, status);
  if (status == LUA_OK && L->status == LUA_YIELD)  /* Faultline: yielded by returning */
    status = LUA_YIELD;""")
sub("ldo.c", """LUA_API int lua_yieldk (lua_State *L, int nresults, lua_KContext ctx,
                        lua_KFunction k) {""", """/* Faultline: can the C function running in 'ci' yield by returning? Only when the VM called
** it (OP_CALL/OP_TAILCALL) and every frame below it is Lua code run by the luaV_execute that
** lua_resume started (a fresh frame other than the bottom one marks a nested luaV_execute). */
static int fl_canreturn (lua_State *L, CallInfo *ci) {
  CallInfo *p;
  if (!(ci->callstatus & CIST_FLVM))
    return 0;
  for (p = ci->previous; p != &L->base_ci; p = p->previous) {
    if (!isLua(p))
      return 0;
    if ((p->callstatus & CIST_FRESH) && p->previous != &L->base_ci)
      return 0;
  }
  return 1;
}


LUA_API int lua_yieldk (lua_State *L, int nresults, lua_KContext ctx,
                        lua_KFunction k) {""")
sub("ldo.c", """    if ((ci->u.c.k = k) != NULL)  /* is there a continuation? */
      ci->u.c.ctx = ctx;  /* save context */
    luaD_throw(L, LUA_YIELD);""", """    if ((ci->u.c.k = k) != NULL)  /* is there a continuation? */
      ci->u.c.ctx = ctx;  /* save context */
    if (fl_canreturn(L, ci)) {  /* Faultline: yield by returning */
      lua_unlock(L);
      return 0;
    }
    luaD_throw(L, LUA_YIELD);""")
sub("lvm.c", """        savepc(L);  /* in case of errors */
        if ((newci = luaD_precall(L, ra, nresults)) == NULL)
          updatetrap(ci);  /* C call; nothing else to be done */""", """        savepc(L);  /* in case of errors */
        L->fl_vmcall = 1;  /* Faultline */
        newci = luaD_precall(L, ra, nresults);
        L->fl_vmcall = 0;
        if (newci == NULL) {
          if (l_unlikely(L->status == LUA_YIELD))  /* Faultline: yielded */
            return;  /* by returning: back to lua_resume */
          updatetrap(ci);  /* C call; nothing else to be done */
        }""")
sub("lvm.c", """        if ((n = luaD_pretailcall(L, ci, ra, b, delta)) < 0)  /* Lua function? */
          goto startfunc;  /* execute the callee */
        else {  /* C function? */""", """        L->fl_vmcall = 1;  /* Faultline */
        n = luaD_pretailcall(L, ci, ra, b, delta);
        L->fl_vmcall = 0;
        if (n < 0)  /* Lua function? */
          goto startfunc;  /* execute the callee */
        else if (l_unlikely(L->status == LUA_YIELD))  /* Faultline: yielded */
          return;  /* by returning: back to lua_resume */
        else {  /* C function? */""")

# A continuation that yields by returning: resume() and finishCcall() stop there (a thrown
# yield would have left them the same way).
sub("ldo.c", """        n = (*ci->u.c.k)(L, LUA_YIELD, ci->u.c.ctx); /* call continuation */
        lua_lock(L);
        api_checknelems(L, n);
      }
      luaD_poscall(L, ci, n);  /* finish 'luaD_call' */""", """        n = (*ci->u.c.k)(L, LUA_YIELD, ci->u.c.ctx); /* call continuation */
        lua_lock(L);
        if (L->status == LUA_YIELD)  /* Faultline: yielded by returning */
          return;
        api_checknelems(L, n);
      }
      luaD_poscall(L, ci, n);  /* finish 'luaD_call' */""")
sub("ldo.c", """    n = (*ci->u.c.k)(L, status, ci->u.c.ctx);  /* call continuation */
    lua_lock(L);
    api_checknelems(L, n);
  }
  luaD_poscall(L, ci, n);  /* finish 'luaD_call' */""", """    n = (*ci->u.c.k)(L, status, ci->u.c.ctx);  /* call continuation */
    lua_lock(L);
    if (L->status == LUA_YIELD)  /* Faultline: yielded by returning */
      return;
    api_checknelems(L, n);
  }
  luaD_poscall(L, ci, n);  /* finish 'luaD_call' */""")
