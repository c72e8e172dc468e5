#!/usr/bin/env bash
# Determinism across builds and runs: for every graded lab, the reference and every naive
# solution are graded by the native faultline (several at once, --jobs 2) and by the wasm
# faultline (Node); the results JSON must be identical (the Exercism JSON has no timing
# fields). The reference is graded natively a second time, alone (its seeds at once): the
# same seeds give the same digests whatever the scheduling. A solution that ends by hitting
# a resource limit need only get the same status.
#
#   tests/compare_native_wasm.sh [NATIVE] [WASM_JS]
# Defaults: build/debug/faultline and build/web/faultline.js. Exit 77 (skipped) when either
# build is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
native=${1:-$root/build/debug/faultline}
wasm=${2:-$root/build/web/faultline.js}
if [ ! -x "$native" ] || [ ! -f "$wasm" ]; then
  echo "compare_native_wasm: skipped (need $native and $wasm)"
  exit 77
fi
cd "$root"
status=0
for lab in labs/*/; do
  lab=${lab%/}
  [ -f "$lab/reference.lua" ] || continue
  files=("$lab/reference.lua")
  for f in "$lab"/naive/*.lua; do [ -f "$f" ] && files+=("$f"); done
  # The wasm run is single-threaded: it runs beside the native ones.
  out=$(mktemp -d)
  node --no-experimental-fetch "$wasm" grade "$lab" "${files[@]}" > "$out/c" || true &
  a=$("$native" grade "$lab" "${files[@]}" --jobs 2 || true)
  b=$("$native" grade "$lab" "$lab/reference.lua" --jobs 2 || true)
  wait
  c=$(cat "$out/c")
  rm -rf "$out"
  node - "$lab" "$a" "$b" "$c" <<'JS' || status=1
const [lab, a, b, c] = process.argv.slice(2);
const lines = (s) => s.split("\n").filter((l) => l.trim() !== "");
const [A, B, C] = [lines(a), lines(b), lines(c)];
let bad = 0;
if (A.length === 0 || B.length !== 1 || A.length !== C.length) {
  console.log(`FAIL ${lab}: ${A.length} native, ${B.length} native reference (again), ${C.length} wasm results`);
  process.exit(1);
}
for (let i = 0; i < A.length; i++) {
  const [x, y, z] = [JSON.parse(A[i]), JSON.parse(B[0]), JSON.parse(C[i])];
  const limited = (r) => r.status === "error" && /limit/.test(r.message);
  const what = `${x.solution}`;
  const twice = i === 0;  // the reference
  if (twice && A[i] !== B[0]) { console.log(`FAIL ${what}: two native runs differ (${x.trace_digest} vs ${y.trace_digest})`); bad++; continue; }
  if (limited(x) || limited(z)) {
    if (x.status !== z.status) { console.log(`FAIL ${what}: native ${x.status}, wasm ${z.status}`); bad++; }
    else console.log(`ok   ${what}: ${x.status} (limit) natively and in wasm`);
    continue;
  }
  if (A[i] !== C[i]) {
    console.log(`FAIL ${what}: native and wasm results differ`);
    console.log(`  native: ${A[i].slice(0, 400)}`);
    console.log(`  wasm:   ${C[i].slice(0, 400)}`);
    bad++;
    continue;
  }
  console.log(`ok   ${what}: ${x.status}, ${x.score}/${x.max_score}, ${x.trace_digest} natively${twice ? ' (twice)' : ''} and in wasm`);
}
process.exit(bad ? 1 : 0);
JS
done
exit $status
