#!/usr/bin/env bash
# Executor overhead benchmark (issue 3, 9a): a generated 10-node prompt-only flow (fan-out, pairs, join; tiny
# templates), one run at a time in process. Same invocation, same machine, two references:
#   - the same ten templates rendered directly with Flowgate's Jinja engine (what the executor adds on top),
#   - promptflow 1.18.5's own FlowExecutor.exec_line on the same flow folder (what Flowgate replaces).
# Refuses to report when the outputs differ.
#   bash benchmarks/run-engine.sh [SECONDS]        (default 5 s per measurement)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds="${1:-5}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# promptflow 1.18.5 in a venv: /tmp/pfvenv when it already has it, else .build-bench-venv (ignored by git).
pf_python() {
  for venv in /tmp/pfvenv .build-bench-venv; do
    if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import promptflow._version as v; assert v.VERSION == "1.18.5"' 2>/dev/null; then
      echo "$(cd "$venv" && pwd)/bin/python"; return
    fi
  done
  python3 -m venv .build-bench-venv >&2
  .build-bench-venv/bin/pip install --quiet promptflow==1.18.5 >&2
  echo "$root/.build-bench-venv/bin/python"
}
python=$(pf_python)

swift build -c release --product EngineBench >/dev/null
bin="$(swift build -c release --show-bin-path)/EngineBench"
sw=$("$bin" "$work/flow" "$seconds")
# promptflow writes .promptflow/ caches next to where it runs: run it inside the temporary folder.
pf=$(cd "$work" && "$python" "$root/benchmarks/engine_bench_pf.py" "$work/flow" "$seconds" 2>/dev/null | tail -1)
python3 - "$sw" "$pf" <<'PY'
import json, sys
sw, pf = json.loads(sys.argv[1]), json.loads(sys.argv[2])
if not (sw["engine_output"] == sw["direct_output"] == pf["output"]):
    sys.exit(f"outputs differ, not reporting: {sw['engine_output']!r} {sw['direct_output']!r} {pf['output']!r}")
e, d, p = sw["engine_runs_per_second"], sw["direct_renders_per_second"], pf["runs_per_second"]
print("flow: 10 prompt nodes (n0 -> n1..n4 -> n5,n6 -> n7,n8 -> n9), one run at a time, in process")
print(f"flowgate FlowExecutor.run:        {e:10.0f} runs/s  ({1e6 / e:7.1f} us per run)")
print(f"direct Jinja renders (10 nodes):  {d:10.0f} runs/s  ({1e6 / d:7.1f} us per run)")
print(f"promptflow 1.18.5 exec_line:      {p:10.1f} runs/s  ({1e6 / p:7.1f} us per run)")
print(f"executor overhead: {(1e6 / e - 1e6 / d):.1f} us per run ({d / e:.1f}x the bare renders)")
print(f"ratio: flowgate runs {e / p:.0f}x promptflow's executor throughput")
PY
