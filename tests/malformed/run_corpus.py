#!/usr/bin/env python3
"""Malformed-input corpus (issue 15): variants of the shipped course and labs, each with one
thing broken, run through the CLI. Each case names the exit code and a message fragment it
expects; a crash, a hang (10 s), a sanitizer report or an unbounded output fails the case.

    run_corpus.py SOURCE_ROOT FAULTLINE_COMMAND...      (e.g. build/dev/faultline, or node faultline.js)

The shipped content/ and labs/ are copied once into a scratch root; each case edits one file,
runs, and restores it, so the whole corpus takes seconds.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

LAB = "labs/02-rate-limits"
LJ = LAB + "/lab.json"
LJ1 = "labs/01-auth/lab.json"


def edit_json(path, fn):
    def apply(root):
        full = os.path.join(root, path)
        with open(full, encoding="utf-8") as f:
            data = json.load(f)
        fn(data)
        with open(full, "w", encoding="utf-8") as f:
            json.dump(data, f)
    return apply


def write(path, data):
    def apply(root):
        full = os.path.join(root, path)
        if os.path.lexists(full):
            os.remove(full)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return apply


def symlink(path, target):
    def apply(root):
        full = os.path.join(root, path)
        os.remove(full)
        os.symlink(target, full)
    return apply


def fifo(path):
    def apply(root):
        full = os.path.join(root, path)
        os.remove(full)
        os.mkfifo(full)
    return apply


def limiter(field, value):
    def fn(j):
        j["world"]["services"][0]["rate_limits"][0][field] = value
    return fn


def setitem(*keys_and_value):
    *keys, value = keys_and_value
    def fn(j):
        for k in keys[:-1]:
            j = j[k]
        j[keys[-1]] = value
    return fn


def check_param(kind, key, value):
    def fn(j):
        for c in j["checks"]:
            if c["kind"] == kind:
                c.setdefault("params", {})[key] = value
                return
        raise SystemExit(f"corpus: no {kind} check in {j['id']}")
    return fn


def add_route(route):
    def fn(j):
        j["world"]["services"][0]["routes"].append(route)
    return fn


def add_check(check):
    def fn(j):
        j["checks"].append(check)
    return fn


def course_item(kind, key, value):
    def fn(j):
        for item in j["items"]:
            if item["kind"] == kind and item.get("status") != "planned":
                item[key] = value
                return
    return fn


def many_states(j):
    j["world"]["scenarios"] = [{"id": "s", "states": [f"s{i}" for i in range(2000)],
                                "transitions": [{"from": "nope", "to": "s1", "after_requests": 1}] * 300}]


# (name, [mutations], command (check | grade | run), exit code, fragment of the output)
CASES = [
    ("harmless: shipped files", [], "check", 0, "0 error(s)"),
    ("window below a microsecond", [edit_json(LJ, limiter("window_s", 1e-9))], "check", 2,
     LJ + ": /world/services/0/rate_limits/0/window_s: error: must be at least 0.000001 seconds"),
    ("limit past 1e12", [edit_json(LJ, limiter("limit", 1e15))], "check", 2,
     "/rate_limits/0/limit: error: too large: at most 1000000000000"),
    ("run refuses what check rejects", [edit_json(LJ, limiter("limit", 1e15))], "run", 2,
     "/rate_limits/0/limit: error: too large"),
    ("grade refuses what check rejects", [edit_json(LJ, limiter("window_s", 0))], "grade", 2,
     "/rate_limits/0/window_s: error: must be more than zero seconds"),
    ("unknown top-level key", [edit_json(LJ, setitem("titel", "x"))], "check", 2,
     LJ + ": /titel: error: unknown field \"titel\""),
    ("empty lab title", [edit_json(LJ, setitem("title", ""))], "check", 2, LJ + ": /title: error: the lab title cannot be empty"),
    ("typo in a check's secret", [edit_json(LJ, check_param("secrets_not_leaked", "secrets", ["NOPE"]))], "check", 2,
     "/params/secrets/0: error: no secret is named \"NOPE\""),
    ("typo in a check's service", [edit_json(LJ, add_check({"id": "share", "kind": "status_share", "name": "Few 429s",
                                                             "params": {"max_share": 0.5, "service": "nope"}}))],
     "check", 2, "/params/service: error: no service is named \"nope\""),
    ("empty host", [edit_json(LJ, lambda j: j["world"]["services"][0].update(host=""))], "check", 2,
     LJ + ": /world/services/0/host: error: a service needs a host name"),
    ("empty method", [edit_json(LJ, lambda j: j["world"]["services"][0]["routes"][0].update(method=""))], "run", 2,
     LJ + ": /world/services/0/routes/0/method: error: an empty method"),
    ("template names no path parameter", [edit_json(LJ, add_route({"id": "item", "path": "/v1/items/{id}",
                                                                   "responses": [{"body": "item {{param.idd}}"}]}))],
     "check", 2, "/responses/0: error: {{param.idd}} names no {idd} segment"),
    ("a check's issuer names a plain service", [edit_json(LJ1, check_param("single_flight_refresh", "issuer", "calendar"))], "check", 2,
     "/params/issuer: error: no token issuer (an oauth or metadata service) is named \"calendar\""),
    ("a check's users name nobody", [edit_json(LJ1, check_param("consent_escalation", "users", ["alice", "mallory"]))],
     "check", 2, "/params/users/1: error: no OAuth user (a user of an authorization code) is named \"mallory\""),
    ("typo in a check's priority", [edit_json(LJ, check_param("task_latency", "priority", "urgnet"))], "check", 2,
     "/params/priority: error: no work item priority is named \"urgnet\""),
    ("too many seeds", [edit_json(LJ, setitem("seeds", list(range(101))))], "check", 2, LJ + ": /seeds: error: at most 100 seeds"),
    ("2,000 states, 300 bad transitions: bounded output", [edit_json(LJ, many_states)], "check", 2,
     "a scenario has at most 1000 states"),
    ("starter.lua syntax error", [write(LAB + "/starter.lua", "if true then\n")], "check", 2,
     LAB + "/starter.lua: line 2: error: Lua syntax error"),
    ("naive solution syntax error", [write(LAB + "/naive/no-timeout.lua", "return )\n")], "check", 2,
     LAB + "/naive/no-timeout.lua: line 1: error: Lua syntax error"),
    ("brief.md symlink out of the root", [symlink(LAB + "/brief.md", "/etc/hostname")], "check", 2,
     LAB + "/brief.md: error: cannot read"),
    ("starter.lua -> /dev/zero", [symlink(LAB + "/starter.lua", "/dev/zero")], "check", 2,
     "not a regular file"),
    ("lab.json is a named pipe", [fifo(LJ)], "check", 2, LJ + ": error: cannot read"),
    ("lab.json is a named pipe (grade)", [fifo(LJ)], "grade", 2, "not a regular file"),
    ("huge key echoed cut and escaped", [edit_json(LJ, setitem("\x1b[2J" + "k" * 100000 + "\nforged: error", 1))], "check", 2,
     "unknown field \"\\x1b[2Jkkkk"),
    ("number overflow names its line", [write(LJ, "{\n \"id\": 1e400\n}\n")], "check", 2,
     LJ + ": line 2, column 8: error: invalid JSON: number overflow"),
    ("course.json path escapes the root", [edit_json("content/course.json", course_item("lesson", "file", "../../etc/passwd"))],
     "check", 2, "content/course.json: /items/0/file: error: expected a relative path inside content/"),
    ("lab dir \".\"", [edit_json("content/course.json", course_item("lab", "dir", "."))], "check", 2,
     "/dir: error: expected the name of one folder under labs/"),
    ("lab id differs from course.json", [edit_json(LJ, setitem("id", "lab-other"))], "check", 2,
     LJ + ": /id: error: lab id \"lab-other\" differs from its id in content/course.json"),
    ("lab lesson unknown", [edit_json(LJ, setitem("lesson", "l9-none"))], "check", 2,
     LJ + ": /lesson: error: \"l9-none\" is not a lesson id"),
    ("lesson with two titles", [write("content/lessons/02-rate-limits.md", "# One\n\ntext\n\n# Two\n")], "check", 2,
     "content/lessons/02-rate-limits.md: line 5: error: a second `#` title"),
    ("lesson with a javascript: link", [write("content/lessons/02-rate-limits.md", "# T\n\n[x](javascript:alert(1))\n")], "check", 2,
     "content/lessons/02-rate-limits.md: line 3: error: link to \"javascript:alert(1)\" is not allowed"),
    ("empty lesson", [write("content/lessons/02-rate-limits.md", "\n")], "check", 2,
     "content/lessons/02-rate-limits.md: line 1: error: the lesson is empty"),
    ("lesson not UTF-8", [write("content/lessons/02-rate-limits.md", b"# T\n\n\xff\xfe\n")], "check", 2,
     "content/lessons/02-rate-limits.md: line 3: error: invalid UTF-8"),
]

MAX_OUTPUT = 200_000  # bytes: "unbounded output" fails


def main():
    source, command = sys.argv[1], sys.argv[2:]
    scratch = tempfile.mkdtemp(prefix="fl-corpus-")
    failures = 0
    try:
        root = os.path.join(scratch, "root")
        for part in ("content", "labs"):
            shutil.copytree(os.path.join(source, part), os.path.join(root, part), symlinks=True)
        pristine = os.path.join(scratch, "pristine")
        shutil.copytree(root, pristine, symlinks=True)
        for name, mutations, verb, want_exit, fragment in CASES:
            for m in mutations:
                m(root)
            lab = os.path.join(root, LAB)
            args = {"check": ["check", root], "run": ["run", lab, os.path.join(lab, "reference.lua")],
                    "grade": ["grade", lab, os.path.join(lab, "reference.lua")]}[verb]
            try:
                p = subprocess.run(command + args, capture_output=True, timeout=10)
                out = (p.stdout + p.stderr).decode("utf-8", "replace")
                problems = []
                if p.returncode != want_exit:
                    problems.append(f"exit {p.returncode}, expected {want_exit}")
                if fragment not in out:
                    problems.append(f"no {fragment!r} in the output")
                if len(out) > MAX_OUTPUT:
                    problems.append(f"{len(out)} bytes of output")
                if "Sanitizer" in out or "runtime error:" in out:
                    problems.append("sanitizer report")
            except subprocess.TimeoutExpired:
                problems, out = ["hung for 10 s"], ""
            if problems:
                failures += 1
                print(f"FAIL {name}: {'; '.join(problems)}\n{out[:3000]}")
            else:
                print(f"ok   {name}")
            shutil.rmtree(root)
            shutil.copytree(pristine, root, symlinks=True)
    finally:
        shutil.rmtree(scratch)
    print(f"{len(CASES) - failures} of {len(CASES)} malformed-input cases as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
