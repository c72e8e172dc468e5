#!/usr/bin/env python3
"""Stages the app bundle: what the web app (as app.data) and the desktop app read at run time.

    bundle/content/...            every file under content/ (lessons, quizzes, module test, outline)
    bundle/labs/NN-x/lab.json     learner-facing lab files only: lab.json, brief.md, starter.lua
    bundle/fonts/*.ttf            Noto Sans (regular, bold, italic) and JetBrains Mono (regular)
    bundle/licenses/*.txt         licence notices of the bundled fonts and libraries
    bundle/licenses/index.json    [{id, name, version, licence, used_for, file}]

Labs are copied by allow-list, the lab loader's own table of learner-facing files (read from
src/lab/package.cpp, the list `faultline lab files --learner` prints): a lab's reference.lua and
naive/ solutions never reach the bundle (the script also refuses to write any such path). Every
file must be a regular file inside its root after resolving symlinks and within the loader's
size cap for its kind (src/base/files.h), or staging stops with an error naming it. Files are rewritten only when their
bytes change, stale files are removed, and the stamp file is touched only when something
changed, so that the web data package is rebuilt only then.

usage: stage_bundle.py --root SRC --deps build/deps --out DIR --platform web|desktop --stamp FILE
"""
import argparse
import json
import os
import re
import struct
import subprocess
import sys

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def loader_rules():
    """The lab loader's own file table (src/lab/package.cpp, lab_file_rules) and size caps
    (src/base/files.h), so the bundle holds exactly the files `faultline lab files --learner`
    lists, under the same rules: {name: (learner_facing, max_bytes)}, {".json": cap, ...}."""
    caps = {}
    for name, amount, shift in re.findall(r"(kMax\w+Bytes) = std::size_t\{(\d+)\} << (\d+);",
                                          text(os.path.join(SOURCE_ROOT, "src", "base", "files.h"))):
        caps[name] = int(amount) << int(shift)
    rules = {}
    for name, learner, cap in re.findall(r'\{"([^"]+)", (true|false), (kMax\w+Bytes)\}',
                                         text(os.path.join(SOURCE_ROOT, "src", "lab", "package.cpp"))):
        rules[name] = (learner == "true", caps[cap])
    if "lab.json" not in rules:
        raise SystemExit("stage_bundle: cannot read the lab file rules from src/lab/package.cpp")
    by_ext = {".json": caps["kMaxJsonFileBytes"], ".md": caps["kMaxMarkdownFileBytes"],
              ".lua": caps["kMaxLuaFileBytes"]}
    return rules, by_ext, caps["kMaxAnyFileBytes"]


def read_inside(root, path, cap):
    """The bytes of `path` if it is a regular file inside `root` (symlinks resolved) of at most
    `cap` bytes: the rule the C++ loader applies (base/files.h, read_file_in_root)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if os.path.commonpath([real_root, real]) != real_root:
        raise SystemExit(f"stage_bundle: refusing {path}: it resolves outside {root}")
    if not os.path.isfile(real):
        raise SystemExit(f"stage_bundle: refusing {path}: not a regular file")
    if os.path.getsize(real) > cap:
        raise SystemExit(f"stage_bundle: refusing {path}: larger than {cap} bytes")
    return read(real)
FONT_FILES = {
    "NotoSans-Regular.ttf": "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf": "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "NotoSans-Italic.ttf": "/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf",
    "JetBrainsMono-Regular.ttf": "/usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Regular.ttf",
}


def read(path):
    with open(path, "rb") as f:
        return f.read()


def text(path):
    return read(path).decode("utf-8", "replace")


def dpkg_version(package):
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    # "3.11.2-2" -> "3.11.2"; "3.1.6~dfsg-5" -> "3.1.6"; "2.242+ds-3" -> "2.242"
    return re.split(r"[-~+]", out.split(":")[-1])[0]


def dir_version(deps, name):
    """build/deps/imgui -> imgui-1.86+ds -> 1.86"""
    target = os.path.basename(os.path.realpath(os.path.join(deps, name)))
    return re.split(r"[+~]", target[len(name) + 1:])[0] if target.startswith(name + "-") else "unknown"


def font_names(path):
    """{name id: string} from a TrueType font's name table (Windows, Unicode entries)."""
    data = read(path)
    tables = {}
    for i in range(struct.unpack(">H", data[4:6])[0]):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = offset
    base = tables[b"name"]
    _, count, strings = struct.unpack(">HHH", data[base:base + 6])
    names = {}
    for i in range(count):
        pid, _, _, nid, length, offset = struct.unpack(">HHHHHH", data[base + 6 + 12 * i:base + 18 + 12 * i])
        if pid == 3 and nid not in names:
            start = base + strings + offset
            names[nid] = data[start:start + length].decode("utf-16-be", "replace")
    return names


def dep5_licence(path, name):
    """The text of licence `name` in a Debian (DEP-5) copyright file, un-indented."""
    lines = text(path).split("\n")
    for i, line in enumerate(lines):
        if line.strip() == "License: " + name or line.strip() == "License:  " + name:
            body = []
            for follow in lines[i + 1:]:
                if not follow.startswith(" "):
                    break
                body.append("" if follow.strip() == "." else follow[1:])
            if body:
                return "\n".join(body).strip() + "\n"
    raise SystemExit(f"stage_bundle: licence {name!r} not found in {path}")


def between(source, start, end):
    i = source.index(start)
    j = source.index(end, i)
    return source[i:j]


# The npm packages bundled into dist/editor.js (scripts/build-web), all MIT by CodeMirror's author.
EDITOR_PACKAGES = ["@codemirror/state", "@codemirror/view", "@codemirror/commands", "@codemirror/language",
                   "@codemirror/search", "@codemirror/legacy-modes", "@codemirror/autocomplete", "@codemirror/lint",
                   "@lezer/common", "@lezer/highlight", "style-mod", "w3c-keyname", "crelt",
                   "@marijn/find-cluster-break"]


def codemirror_licence(root):
    modules = os.path.join(root, "web", "node_modules")
    versions, notices = [], {}
    for package in EDITOR_PACKAGES:
        folder = os.path.join(modules, *package.split("/"))
        if not os.path.isdir(folder):
            raise SystemExit(f"stage_bundle: {folder} missing: run 'npm ci' in web/ (scripts/setup does)")
        versions.append(package + " " + json.loads(text(os.path.join(folder, "package.json")))["version"])
        licence = next((f for f in sorted(os.listdir(folder)) if f.upper().startswith("LICENSE")), None)
        if licence:
            notices.setdefault(text(os.path.join(folder, licence)).strip(), []).append(package)
    body = "The code editor (editor.js) bundles these packages:\n  " + "\n  ".join(versions) + "\n"
    for notice, packages in notices.items():
        body += "\n" + ", ".join(packages) + ":\n\n" + notice + "\n"
    return ("codemirror", "CodeMirror 6", versions[1].split(" ")[1], "MIT",
            "The code editor of labs and the playground (in the browser).", body)


def licences(root, deps, platform):
    ofl = dep5_licence("/usr/share/doc/fonts-noto-core/copyright", "OFL-1.1")
    noto = font_names(FONT_FILES["NotoSans-Regular.ttf"])
    mono = font_names(FONT_FILES["JetBrainsMono-Regular.ttf"])
    font_version = lambda names: names.get(5, "").replace("Version ", "").split(";")[0].strip() or "unknown"
    lua_h = text(os.path.join(deps, "lua-src", "lua.h"))
    lua_notice = between(lua_h, "* Copyright (C)", "******************************************************************************/")
    lua_notice = "\n".join(l[2:] if l.startswith("* ") else l.lstrip("*") for l in lua_notice.split("\n")).strip()
    stb = text(os.path.join(deps, "imgui", "imstb_truetype.h"))
    stb_notice = stb[stb.rindex("This software is available under 2 licenses"):].rsplit("*/", 1)[0].strip()
    expat_json = dep5_licence("/usr/share/doc/nlohmann-json3-dev/copyright", "Expat")

    items = [
        ("imgui", "Dear ImGui", dir_version(deps, "imgui"), "MIT",
         "The user interface toolkit.", text(os.path.join(deps, "imgui", "LICENSE.txt"))),
        ("stb", "stb_truetype, stb_rect_pack, stb_textedit", "(in Dear ImGui)", "MIT or public domain",
         "Font rasterisation, glyph packing and text editing, inside Dear ImGui.",
         stb_notice + "\n"),
        ("lua", "Lua", dir_version(deps, "lua5.4"), "MIT",
         "The language lab code is written in; it runs in a sandbox.", lua_notice + "\n"),
        ("sqlite", "SQLite", dir_version(deps, "sqlite3"), "Public domain",
         "The progress database.", "SQLite is in the public domain.\n\n" + text(os.path.join(deps, "sqlite3", "LICENSE.md"))),
        ("md4c", "MD4C", dir_version(deps, "md4c"), "MIT",
         "Markdown parsing of lessons and lab briefs.", text(os.path.join(deps, "md4c", "LICENSE.md"))),
        ("musl", "musl libc", dir_version(deps, "musl"), "MIT",
         "Maths functions shared by the native and WebAssembly builds (identical results); Emscripten's C "
         "library is also based on musl.", text(os.path.join(deps, "musl", "COPYRIGHT"))),
        ("nlohmann-json", "JSON for Modern C++", dpkg_version("nlohmann-json3-dev"), "MIT",
         "Reading course and lab files.", "Copyright (c) 2013-2022 Niels Lohmann\n\n" + expat_json),
        ("noto-sans", "Noto Sans", font_version(noto), "OFL-1.1",
         "The text font (regular, bold and italic).", noto.get(0, "") + "\n\n" + ofl),
        ("jetbrains-mono", "JetBrains Mono", font_version(mono), "OFL-1.1",
         "The code font.",
         mono.get(0, "") + "\n\nThe font file declares: " + mono.get(13, "") + "\n(Debian's copyright file for "
         "fonts-jetbrains-mono names Apache-2.0, the licence of older upstream releases.)\n\n" + ofl),
    ]
    if platform == "web":
        items.append(codemirror_licence(root))
        expat = dep5_licence("/usr/share/doc/emscripten/copyright", "Expat")
        llvm = dep5_licence("/usr/share/doc/emscripten/copyright", "Apache-2.0 with LLVM exception")
        items.append(
            ("emscripten", "Emscripten runtime", dpkg_version("emscripten"), "MIT; Apache-2.0 WITH LLVM-exception",
             "Compiles Faultline to WebAssembly: its JavaScript glue (app.js) and C/C++ runtime libraries "
             "(app.wasm) are part of this site.",
             "Copyright 2010-2022 The Emscripten Authors.\n\nEmscripten is available under two separate "
             "licenses, the MIT license and the University of Illinois/NCSA Open Source License. The MIT "
             "license:\n\n" + expat + "\nlibc++, libc++abi and compiler-rt, compiled into app.wasm, are part of "
             "the LLVM Project, under the Apache License v2.0 with LLVM Exceptions. The exception:\n\n" + llvm))
    else:
        items.append(
            ("glfw", "GLFW", dpkg_version("libglfw3"), "Zlib", "Windows, OpenGL contexts and input of the desktop app.",
             text("/usr/share/doc/libglfw3/copyright")))
    return items


def manifest(root, deps, platform):
    """{relative path in the bundle: bytes}"""
    files = {}
    rules, caps_by_ext, any_cap = loader_rules()
    content = os.path.join(root, "content")
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = os.path.join(dirpath, name)
            cap = caps_by_ext.get(os.path.splitext(name)[1], any_cap)
            files["content/" + os.path.relpath(path, content).replace(os.sep, "/")] = read_inside(root, path, cap)
    labs = os.path.join(root, "labs")
    if os.path.isdir(labs):
        for lab in sorted(os.listdir(labs)):
            if lab.startswith(".") or not os.path.isdir(os.path.join(labs, lab)):
                continue
            for name, (learner, cap) in rules.items():
                path = os.path.join(labs, lab, name)
                if learner and "*" not in name and os.path.lexists(path):
                    files[f"labs/{lab}/{name}"] = read_inside(os.path.join(labs, lab), path, cap)
    for name, path in FONT_FILES.items():
        files["fonts/" + name] = read(path)
    index = []
    for ident, name, version, licence, used_for, notice in licences(root, deps, platform):
        file = ident + ".txt"
        header = f"{name} {version}\nLicence: {licence}\nUsed for: {used_for}\n\n"
        files["licenses/" + file] = (header + notice.rstrip() + "\n").encode("utf-8")
        index.append({"id": ident, "name": name, "version": version, "licence": licence,
                      "used_for": used_for, "file": file})
    files["licenses/index.json"] = (json.dumps(index, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    for rel in files:
        if rel.endswith("/reference.lua") or "/naive/" in rel:
            raise SystemExit(f"stage_bundle: refusing to bundle {rel}")
    return files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--deps", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--platform", choices=("web", "desktop"), required=True)
    ap.add_argument("--stamp", required=True)
    args = ap.parse_args()

    files = manifest(args.root, args.deps, args.platform)
    changed = not os.path.exists(args.stamp)
    for rel, data in files.items():
        path = os.path.join(args.out, rel)
        if os.path.isfile(path) and read(path) == data:
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        changed = True
    for dirpath, dirnames, filenames in os.walk(args.out, topdown=False):
        for name in filenames:
            rel = os.path.relpath(os.path.join(dirpath, name), args.out).replace(os.sep, "/")
            if rel not in files:
                os.remove(os.path.join(dirpath, name))
                changed = True
        if dirpath != args.out and not os.listdir(dirpath):
            os.rmdir(dirpath)
    if changed:
        with open(args.stamp, "w") as f:
            f.write("\n".join(sorted(files)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
