#!/usr/bin/env python3
"""Writes web/favicon.ico: a 32x32 and a 16x16 PNG inside one ICO file (no dependencies).

The mark: a rounded dark square crossed by a bright zig-zag fault line. Run it again after
changing the drawing; the .ico is committed.
"""
import math
import os
import struct
import zlib

BG = (0x1e, 0x21, 0x29)
LINE = (0x7a, 0xa7, 0xff)
ACCENT = (0xe5, 0xb4, 0x54)


def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def render(n):
    s = n / 32.0
    radius = 7 * s
    # A fault line: the left half sits higher than the right, joined by a steep step.
    points = [(4, 12), (13, 12), (19, 20), (28, 20)]
    points = [(x * s, y * s) for x, y in points]
    width = 2.6 * s
    rows = []
    for y in range(n):
        row = bytearray([0])  # PNG filter: none
        for x in range(n):
            # 4x4 supersampling for smooth edges.
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(4):
                for sx in range(4):
                    px, py = x + (sx + 0.5) / 4, y + (sy + 0.5) / 4
                    # rounded square coverage
                    qx = max(radius - px, 0, px - (n - radius))
                    qy = max(radius - py, 0, py - (n - radius))
                    if math.hypot(qx, qy) > radius:
                        continue
                    d = min(seg_dist(px, py, *points[i], *points[i + 1]) for i in range(3))
                    colour = BG
                    if d < width / 2:
                        colour = ACCENT if points[1][0] <= px <= points[2][0] else LINE
                    for c in range(3):
                        acc[c] += colour[c]
                    acc[3] += 255
            k = 16
            alpha = acc[3] / k
            if alpha:
                row += bytes([round(acc[0] / (acc[3] / 255)), round(acc[1] / (acc[3] / 255)),
                              round(acc[2] / (acc[3] / 255)), round(alpha)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return b"".join(rows)


def png(n):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    ihdr = struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(render(n), 9)) + chunk(b"IEND", b"")


def ico(sizes):
    images = [png(n) for n in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for n, data in zip(sizes, images):
        out += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "favicon.ico"), "wb") as f:
        f.write(ico([32, 16]))
