#!/usr/bin/env bash
# Bulk run benchmark (issue 3, 9c): `flowgate run create` vs `pf run create` (promptflow 1.18.5) on the same
# python-only flow (examples/flows/python-only) and the same generated 1,000-line data file, same column mapping,
# both at their default concurrency (4 lines at once). Wall time of each command, ratio, and a check that both
# produced the same 1,000 reports. Each tool first does a 1-line warm-up run so first-use setup (pf's run
# database, flowgate's data directory) is not counted. pf runs with PF_DISABLE_TRACING=true and telemetry off
# (both only make pf faster).
# Both run their Python code on the same interpreter: the base python of pf's venv (flowgate through
# FLOWGATE_PYTHON), never a version manager's shim (pyenv's `python3` is a bash script that costs ~0.1 s per
# worker start on a loaded machine). Times come from bash's $EPOCHREALTIME (no process is started to read the
# clock), each with the load average before and after.
#   bash benchmarks/run-bulk.sh [LINES] [REPEATS]                (default: 1000 lines, 1 repeat)
#   FLOWGATE_BIN=path/to/flowgate bash benchmarks/run-bulk.sh    (a release binary built elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
lines="${1:-1000}"
repeats="${2:-1}"
work=$(mktemp -d)
# pf run create leaves its local service (pfs) running for this HOME: stop it on the way out.
cleanup() {
  [ -n "${venv:-}" ] && HOME="$work/pf-home" "$venv/bin/pf" service stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

pf_venv() {
  for venv in /tmp/pfvenv .build-bench-venv; do
    if [ -x "$venv/bin/pf" ] && "$venv/bin/python" -c 'import promptflow._version as v; assert v.VERSION == "1.18.5"' 2>/dev/null; then
      (cd "$venv" && pwd); return
    fi
  done
  python3 -m venv .build-bench-venv >&2
  .build-bench-venv/bin/pip install --quiet promptflow==1.18.5 >&2
  echo "$root/.build-bench-venv"
}
venv=$(pf_venv)

if [ -n "${FLOWGATE_BIN:-}" ]; then
  flowgate="$FLOWGATE_BIN"
else
  swift build -c release --product flowgate >/dev/null
  flowgate="$(swift build -c release --show-bin-path)/flowgate"
fi
FLOWGATE_PYTHON="${FLOWGATE_PYTHON:-$("$venv/bin/python" -c 'import sys; print(sys._base_executable)')}"
export FLOWGATE_PYTHON

python3 - "$work" "$lines" <<'PY'
import json, random, sys
work, lines = sys.argv[1], int(sys.argv[2])
words = "flows graphs nodes tools run the a swift python promptflow bulk data line output report fast".split()
rng = random.Random(42)
with open(f"{work}/data.jsonl", "w") as f:
    for i in range(lines):
        text = ". ".join(" ".join(rng.choice(words) for _ in range(rng.randint(4, 12))) for _ in range(rng.randint(1, 4)))
        f.write(json.dumps({"text": text + ".", "top_n": rng.randint(1, 4)}) + "\n")
with open(f"{work}/warmup.jsonl", "w") as f:
    f.write(json.dumps({"text": "One fish. Two fish.", "top_n": 1}) + "\n")
PY

flow="$root/examples/flows/python-only"
mapping=(text='${data.text}' top_n='${data.top_n}')
export FLOWGATE_HOME="$work/flowgate-home"
export HOME_PF="$work/pf-home"
mkdir -p "$HOME_PF"

load() { cut -d' ' -f1-3 /proc/loadavg; }
pf_run() {
  (cd "$work" && HOME="$HOME_PF" PF_DISABLE_TRACING=true "$venv/bin/pf" run create --flow "$flow" --data "$1" \
    --column-mapping "${mapping[@]}" --name "$2")
}
# No telemetry upload (it retries against an unreachable host here, which would only slow pf down).
HOME="$HOME_PF" "$venv/bin/pf" config set telemetry.enabled=false >/dev/null 2>&1
"$flowgate" run create --flow "$flow" --data "$work/warmup.jsonl" --column-mapping "${mapping[@]}" --name warmup \
  >/dev/null 2>&1
pf_run "$work/warmup.jsonl" warmup >/dev/null 2>&1

echo "flow: examples/flows/python-only (3 python nodes), $lines lines, concurrency 4 (both defaults)"
echo "python for both: $FLOWGATE_PYTHON; flowgate: $flowgate"
for run in $(seq "$repeats"); do
  before=$(load)
  t0=$EPOCHREALTIME
  "$flowgate" run create --flow "$flow" --data "$work/data.jsonl" --column-mapping "${mapping[@]}" --name "bench$run" \
    >"$work/flowgate.out" 2>"$work/flowgate.err"
  t1=$EPOCHREALTIME
  pf_run "$work/data.jsonl" "bench$run" >"$work/pf.out" 2>"$work/pf.err"
  t2=$EPOCHREALTIME
  python3 - "$work" "$lines" "bench$run" "$t0" "$t1" "$t2" "$before" "$(load)" <<'PY'
import json, sys
work, lines, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
t0, t1, t2 = map(float, sys.argv[4:7])
def load(path):
    rows = {}
    with open(path) as f:
        for line in f:
            row = json.loads(line)
            rows[row["line_number"]] = row["report"]
    return rows
fg = load(f"{work}/flowgate-home/runs/{name}/outputs.jsonl")
pf = load(f"{work}/pf-home/.promptflow/.runs/{name}/flow_outputs/output.jsonl")
if len(fg) != lines or fg != pf:
    diff = [k for k in range(lines) if fg.get(k) != pf.get(k)][:3]
    sys.exit(f"outputs differ ({len(fg)} flowgate lines, {len(pf)} pf lines; e.g. lines {diff}), not reporting")
f, p = t1 - t0, t2 - t1
print(f"run {name[5:]}: flowgate {f:5.2f} s ({lines / f:5.0f} lines/s), pf {p:6.2f} s ({lines / p:3.0f} lines/s), "
      f"ratio {p / f:4.1f}x, same reports; load average {sys.argv[7]} before, {sys.argv[8]} after")
PY
done
