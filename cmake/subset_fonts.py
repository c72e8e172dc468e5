#!/usr/bin/env python3
"""Subsets the bundle's fonts to the glyphs the app draws, for the web data package.

The code points are read from the glyph ranges in src/ui/fonts.cpp (every `const ImWchar
k...Ranges[] = {first, last, ..., 0}`), so the ranges ImGui rasterises and the glyphs shipped
stay one list. pyftsubset (Debian package `fonttools`) keeps only those glyphs and drops what
stb_truetype never reads (hinting, OpenType layout tables). Files are rewritten only when their
bytes change; the stamp is written on every run (the packaging step depends on it).

  subset_fonts.py --ranges src/ui/fonts.cpp --in bundle/fonts --out fonts-web --stamp fonts-web.stamp
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile


def ranges_from(source):
    text = open(source, encoding="utf-8").read()
    arrays = re.findall(r"ImWchar\s+k\w*Ranges\[\]\s*=\s*\{([^}]*)\}", text)
    if not arrays:
        sys.exit(f"subset_fonts: no glyph ranges (const ImWchar k...Ranges[] = {{...}}) in {source}")
    spans = set()
    for body in arrays:
        values = [int(v, 0) for v in re.findall(r"0x[0-9A-Fa-f]+|\d+", body)]
        if values[-1:] != [0] or len(values) % 2 != 1:
            sys.exit(f"subset_fonts: {source}: a range list must be pairs ended by 0: {body.strip()}")
        for first, last in zip(values[0:-1:2], values[1:-1:2]):
            spans.add((first, last))
    return ",".join(f"U+{a:04X}-{b:04X}" for a, b in sorted(spans))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ranges", required=True)
    ap.add_argument("--in", dest="src", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--stamp", required=True)
    args = ap.parse_args()
    tool = shutil.which("pyftsubset")
    if not tool:
        sys.exit("subset_fonts: pyftsubset not found: install Debian's fonttools package (scripts/setup does)")
    unicodes = ranges_from(args.ranges)
    os.makedirs(args.out, exist_ok=True)
    wanted = sorted(f for f in os.listdir(args.src) if f.endswith(".ttf"))
    for stale in set(os.listdir(args.out)) - set(wanted):
        os.remove(os.path.join(args.out, stale))
    with tempfile.TemporaryDirectory() as tmp:
        for name in wanted:
            staged = os.path.join(tmp, name)
            subprocess.run([tool, os.path.join(args.src, name), f"--unicodes={unicodes}", f"--output-file={staged}",
                            "--no-hinting", "--layout-features=", "--drop-tables+=GSUB,GPOS,GDEF,DSIG",
                            "--name-IDs=0,1,2,3,4,5,6,13,14", "--no-recalc-timestamp"], check=True)
            target = os.path.join(args.out, name)
            data = open(staged, "rb").read()
            if not os.path.exists(target) or open(target, "rb").read() != data:
                with open(target, "wb") as f:
                    f.write(data)
    with open(args.stamp, "w") as f:
        f.write(unicodes + "\n")


if __name__ == "__main__":
    main()
