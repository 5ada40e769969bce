#!/usr/bin/env bash
# Python tool call round trip through Flowgate's worker pool (one warm worker, sequential calls): p50 and p99,
# next to references measured by Python in the same invocation: the same function called in process,
# and a bare line echo over pipes to a child python3 (the floor any pipe-based worker pays).
# Then the concurrent case the serving benchmark produces: CALLERS tasks calling at once through a pool of
# POOL workers, everything pinned to core 0 (taskset -c 0), with pipelineDepth 1 (one call per worker at a
# time) and with the pool's default depth: calls/s and per-call p50/p99.
#   bash benchmarks/run-python-call.sh [CALLS] [CALLERS] [POOL]        (defaults 20000, 16, 2)
set -euo pipefail
cd "$(dirname "$0")/.."
calls="${1:-20000}"
callers="${2:-16}"
pool="${3:-2}"
flow=$(mktemp -d)
trap 'rm -rf "$flow"' EXIT
mkdir -p "$flow/tools"
cat >"$flow/tools/trivial.py" <<'PY'
from promptflow.core import tool


@tool
def trivial(x: int) -> int:
    return x
PY

swift build -c release --product PythonCallBench >/dev/null
bin="$(swift build -c release --show-bin-path)/PythonCallBench"

sw=$("$bin" "$flow" "$calls")
depth1=$(taskset -c 0 "$bin" "$flow" "$calls" concurrent "$callers" "$pool" 1)
default_depth=$(sed -n 's/.*defaultPipelineDepth = \([0-9]*\).*/\1/p' Sources/PythonHost/PythonWorkerPool.swift)
pipelined=$(taskset -c 0 "$bin" "$flow" "$calls" concurrent "$callers" "$pool" "$default_depth")
py=$(python3 - "$flow" "$calls" <<'PY'
"""Reference numbers for benchmarks/run-python-call.sh, measured in Python on the same machine:
  in_process:  the same @tool function called directly (kwargs from JSON, result to JSON), no process boundary;
  pipe_echo:   a bare round trip of one line over pipes to a child python3 that echoes it (readline + write).
Arguments: <flow-dir> <calls>; prints one JSON object.
"""
import importlib.util
import json
import os
import subprocess
import sys
import time

ECHO_CHILD = r"""
import os, sys
read = sys.stdin.buffer.readline
out = sys.stdout.fileno()
while True:
    line = read()
    if not line:
        break
    os.write(out, line)
"""


def stats(samples, wall):
    samples.sort()
    pick = lambda p: samples[min(len(samples) - 1, int(len(samples) * p))]
    return {
        "p50_us": round(pick(0.5) * 1e6, 1),
        "p99_us": round(pick(0.99) * 1e6, 1),
        "mean_us": round(sum(samples) / len(samples) * 1e6, 1),
        "per_second": round(len(samples) / wall),
    }


def measure(count, body):
    for _ in range(min(2000, count)):
        body()
    samples = []
    clock = time.perf_counter
    start_all = clock()
    for _ in range(count):
        start = clock()
        body()
        samples.append(clock() - start)
    return stats(samples, clock() - start_all)


def main():
    flow_dir, count = sys.argv[1], int(sys.argv[2])
    sys.path.insert(0, os.path.join(os.getcwd(), "Sources", "PythonHost", "Resources", "python", "shim"))
    spec = importlib.util.spec_from_file_location("trivial", os.path.join(flow_dir, "tools", "trivial.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    payload = b'{"x": 1}'

    def in_process():
        json.dumps(module.trivial(**json.loads(payload)))

    child = subprocess.Popen([sys.executable, "-u", "-c", ECHO_CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    write, read = child.stdin.fileno(), child.stdout.readline
    line = b'p 1 {"x": 1}\n'

    def echo():
        os.write(write, line)
        read()

    result = {"in_process": measure(count, in_process), "pipe_echo": measure(count, echo)}
    child.stdin.close()
    child.wait()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
PY
)
python3 - "$sw" "$py" "$depth1" "$pipelined" <<'PY'
import json, sys
sw, py, depth1, pipelined = (json.loads(arg) for arg in sys.argv[1:5])
def row(name, s):
    print(f"  {name:<46} p50 {s['p50_us']:8.1f} µs   p99 {s['p99_us']:8.1f} µs   {s['per_second']:>8} calls/s")
print(f"{sw['calls']} sequential calls, one warm worker (goal: tool call p50 <= 100 µs)")
row("flowgate: tool call through PythonWorkerPool", sw["tool_call"])
row("flowgate: bare protocol echo through the pool", sw["protocol_echo"])
row("python:   same function called in process", py["in_process"])
row("python:   bare line echo over pipes to python3", py["pipe_echo"])
ratio = sw["tool_call"]["p50_us"] / py["pipe_echo"]["p50_us"]
print(f"tool call p50 is {ratio:.1f}x the bare pipe echo's p50; goal {'met' if sw['tool_call']['p50_us'] <= 100 else 'NOT met'}")
for run in (depth1, pipelined):
    label = f"concurrent: {run['callers']} callers, pool {run['pool_size']}, depth {run['pipeline_depth']}"
    row(label + " (core 0)", run["tool_call"])
ratio = pipelined["tool_call"]["per_second"] / depth1["tool_call"]["per_second"]
print(f"pipelined (depth {pipelined['pipeline_depth']}) / depth 1 throughput: {ratio:.2f}x")
PY
