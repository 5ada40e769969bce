#!/usr/bin/env bash
# Serving benchmark (issue 4, item 5): `flowgate flow serve` vs `pf flow serve` (promptflow 1.18.5, its default
# Flask server) on the same flows with the same wrk load, plus a bare Hummingbird server (HelloBench) as the ceiling.
#   bash benchmarks/serve-vs-pf/run.sh [SECONDS] [CONNECTIONS]      (defaults 10 and 16)
# For each server: time from launch to the first 200 from POST /score (median of three launches), RSS, private and
# anonymous memory of its whole process tree when idle, RSS at the peak of the load run, then one warm-up wrk run (3 s) and the measured one (SECONDS), wrk's p50/p99.
# The server runs on core 0, wrk and the test LLM server on core 1 (taskset), so they do not share a core.
# Flows (flows/): python-only (2 python nodes), prompt-llm (prompt + llm node), chat-stream (chat flow asked
# with Accept: text/event-stream, SSE from both), prompt-only (flowgate only, compared with HelloBench).
# The LLM is flowgate-test-llm, a deterministic OpenAI-compatible test double; both servers reach it through an
# open_ai connection named open_ai_connection (pf: `pf connection create`; flowgate: the environment override).
# Environment: FLOWGATE_WORKERS (flowgate --workers; default flowgate's own), KEEP=1 keeps the work directory,
# SERVERS (default "hello pf flowgate") runs only some of the servers.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
duration="${1:-10}"
connections="${2:-16}"
warmup=3
work=$(mktemp -d /tmp/serve-vs-pf.XXXXXX)
llm_port=18790
port=18791
sessions=()

# Each server is started with setsid, so it leads its own session: stopping it stops exactly its process tree.
stop_session() {
  local sid=$1
  kill -TERM -- "-$sid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 -- "-$sid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$sid" 2>/dev/null || true
}
cleanup() {
  for sid in "${sessions[@]}"; do stop_session "$sid"; done
  [ -n "${venv:-}" ] && HOME="$work/pf-home" "$venv/bin/pf" service stop >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# promptflow 1.18.5 with promptflow-tools (the llm node); an existing venv is reused (run-bulk.sh's included).
pf_venv() {
  for candidate in /tmp/pfvenv .build-bench-venv; do
    if [ -x "$candidate/bin/pf" ] && "$candidate/bin/python" -c '
import promptflow._version as v, promptflow.tools
assert v.VERSION == "1.18.5"' 2>/dev/null; then
      (cd "$candidate" && pwd)
      return
    fi
  done
  [ -x .build-bench-venv/bin/python ] || python3 -m venv .build-bench-venv >&2
  echo "installing promptflow 1.18.5 and promptflow-tools into .build-bench-venv ..." >&2
  .build-bench-venv/bin/pip install --quiet promptflow==1.18.5 promptflow-tools >&2
  echo "$root/.build-bench-venv"
}
venv=$(pf_venv)
# The harness's helpers run on pf's base python, never a version manager's shim (pyenv's `python3` is a bash
# script, ~0.1 s per start on a loaded machine).
py=$("$venv/bin/python" -c 'import sys; print(sys._base_executable)')
# Flowgate's workers run in their own empty venv made from that same interpreter, as pf runs in its venv: a venv
# does not read the base installation's site-packages, whose .pth files can import packages at every start
# (on the machines these numbers come from, one imports certifi: ~25 ms per interpreter start).
if [ -z "${FLOWGATE_PYTHON:-}" ]; then
  [ -x .build-bench-fg-venv/bin/python ] || "$py" -m venv .build-bench-fg-venv >&2
  FLOWGATE_PYTHON="$root/.build-bench-fg-venv/bin/python"
fi
export FLOWGATE_PYTHON
# Python caches compiled modules unless told not to; some machines (these included) set PYTHONDONTWRITEBYTECODE for
# every process. pf's code was byte-compiled when pip installed it, flowgate's host modules only get a cache when
# Python may write one, so both servers run without the variable, as on a default installation.
unset PYTHONDONTWRITEBYTECODE

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package) ..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else sudo apt-get install -y wrk >/dev/null; fi
fi

servers=" ${SERVERS:-hello pf flowgate} "
wants() { [[ "$servers" == *" $1 "* ]]; }
products=(flowgate-test-llm)
wants hello && products+=(HelloBench)
wants flowgate && products+=(flowgate)
# Release binaries with the Swift runtime and Foundation linked in (--static-swift-stdlib), as a flowgate binary
# is built for deployment (README, "A binary to deploy"): it needs no Swift toolchain on the host, and starts
# faster (no symbol lookups across a dozen shared libraries at every launch). HelloBench is built the same way,
# so the ceiling stays comparable. Their own scratch path: switching a .build between static and dynamic
# linking rebuilds everything.
build=(swift build -c release --static-swift-stdlib --scratch-path "${FLOWGATE_BENCH_BUILD:-.build-release-static}")
echo "building release binaries: ${products[*]} ..." >&2
# One product per call: swift build keeps only the last of several --product options.
for product in "${products[@]}"; do "${build[@]}" --product "$product" >&2; done
bin=$("${build[@]}" --show-bin-path)

server_core=0
load_core=1
if [ "$(nproc)" -lt 2 ]; then server_core=0; load_core=0; fi
pin_server=(taskset -c "$server_core")
pin_load=(taskset -c "$load_core")

now() { echo "$EPOCHREALTIME"; }
# RSS of a session (the server and every process it started), in MB.
session_rss() { ps -o rss= --sid "$1" 2>/dev/null | awk '{s += $1} END {printf "%.1f", s / 1024}'; }
# The sum over a session's processes of the smaps_rollup fields matching PATTERN, in MB.
session_smaps() {
  local pattern=$1 total=0 pid kb
  for pid in $(ps -o pid= --sid "$2" 2>/dev/null); do
    kb=$(awk -v p="$pattern" '$0 ~ p {s += $2} END {print s + 0}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  awk -v kb="$total" 'BEGIN {printf "%.1f", kb / 1024}'
}
# Private memory of a session (USS: pages only its processes map, anonymous or file-backed; pages shared with
# other processes left out). A binary no other process runs counts here whole (flowgate's, linked with its
# runtime); anonymous memory (heaps, stacks, anonymous mappings: what the processes allocated) leaves every
# file's pages out.
session_private() { session_smaps '^Private_(Clean|Dirty):' "$1"; }
session_anonymous() { session_smaps '^Anonymous:' "$1"; }

# The test LLM server, for the llm flows.
setsid "${pin_load[@]}" "$bin/flowgate-test-llm" "$llm_port" >"$work/llm.out" 2>"$work/llm.err" &
sessions+=($!)
for _ in $(seq 1 100); do grep -q http "$work/llm.out" 2>/dev/null && break; sleep 0.1; done
llm_url=$(head -1 "$work/llm.out")
[ -n "$llm_url" ] || { cat "$work/llm.err" >&2; echo "the test LLM server did not start" >&2; exit 1; }
base_url="${llm_url%/}"
[[ "$base_url" == */v1 ]] || base_url="$base_url/v1"

# pf: a fresh home with the connection in its local store, telemetry and tracing off (both only slow pf down).
export HOME_PF="$work/pf-home"
mkdir -p "$HOME_PF"
HOME="$HOME_PF" "$venv/bin/pf" config set telemetry.enabled=false >/dev/null 2>&1 || true
cat >"$work/connection.yaml" <<EOF
name: open_ai_connection
type: open_ai
api_key: sk-benchmark
base_url: $base_url
EOF
HOME="$HOME_PF" "$venv/bin/pf" connection create -f "$work/connection.yaml" >/dev/null
# flowgate: the same connection through promptflow's environment override (a JSON object named like it).
fg_connection="{\"type\": \"open_ai\", \"api_key\": \"sk-benchmark\", \"base_url\": \"$base_url\"}"
export FLOWGATE_HOME="$work/flowgate-home"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# measure NAME SERVER ACCEPT BODY COMMAND...: start, first 200, idle RSS, warm-up, measured run; writes NAME.json.
# launch NAME ACCEPT BODY COMMAND...: starts the probe, then the server in a session of its own, and waits for the
# first 200. The probe is up before the server starts, so the time to first 200 is the server's alone. Sets
# launched_sid, launched_start and launched_first (seconds since the epoch); without a 200 (the server died, or
# the probe gave up) it shows the server's log, stops it and returns 1.
launch() {
  local name=$1 accept=$2 body=$3 probe
  shift 3
  "$py" "$here/probe.py" "$port" "$body" "$accept" "$work/$name.response" 120 >"$work/$name.first" &
  probe=$!
  sleep 0.2
  launched_start=$(now)
  setsid "${pin_server[@]}" "$@" >"$work/$name.out" 2>"$work/$name.err" &
  launched_sid=$!
  sessions+=("$launched_sid")
  while kill -0 "$probe" 2>/dev/null; do
    kill -0 "$launched_sid" 2>/dev/null || { kill "$probe" 2>/dev/null; break; }
    sleep 0.05
  done
  if ! wait "$probe" || ! launched_first=$(cat "$work/$name.first") || [ -z "$launched_first" ]; then
    echo "$name: no 200 from POST /score; server log:" >&2
    tail -20 "$work/$name.err" "$work/$name.out" >&2
    stop_session "$launched_sid"
    return 1
  fi
}

# cold_start NAME ACCEPT BODY COMMAND...: one launch to the first 200 and a stop; prints the seconds it took.
cold_start() {
  launch "$@" || return 1
  stop_session "$launched_sid"
  awk -v a="$launched_first" -v b="$launched_start" 'BEGIN {printf "%.4f", a - b}'
}

measure() {
  local name=$1 server=$2 accept=$3 body=$4
  shift 4
  local started first sid
  # Two launches before the measured one: the start time reported is the median of three (one launch swings by
  # tens of milliseconds with what else the machine does).
  local extra_starts=()
  for _ in 1 2; do extra_starts+=("$(cold_start "$name" "$accept" "$body" "$@")") || return 1; done
  launch "$name" "$accept" "$body" "$@" || return 1
  sid=$launched_sid
  started=$launched_start
  first=$launched_first
  sleep 1
  local idle private anonymous
  idle=$(session_rss "$sid")
  private=$(session_private "$sid")
  anonymous=$(session_anonymous "$sid")
  BODY_FILE="$body" ACCEPT="$accept" "${pin_load[@]}" wrk -t1 -c"$connections" -d"${warmup}s" --timeout 10s \
    -s "$here/post.lua" "http://127.0.0.1:$port/score" >/dev/null
  local peak=0 rss
  BODY_FILE="$body" ACCEPT="$accept" "${pin_load[@]}" wrk -t1 -c"$connections" -d"${duration}s" --timeout 10s \
    -s "$here/post.lua" "http://127.0.0.1:$port/score" >"$work/$name.wrk" &
  local wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    rss=$(session_rss "$sid")
    peak=$(awk -v a="$peak" -v b="$rss" 'BEGIN {print (b > a) ? b : a}')
    sleep 0.5
  done
  wait "$wrk_pid"
  stop_session "$sid"
  "$py" - "$work" "$name" "$server" "$started" "$first" "$idle" "$peak" "$private" "$anonymous" "${extra_starts[@]}" <<'PY'
import json, statistics, sys
work, name, server, started, first, idle, peak, private, anonymous = sys.argv[1:10]
starts = [float(first) - float(started)] + [float(value) for value in sys.argv[10:]]
line = [l for l in open(f"{work}/{name}.wrk") if l.startswith("{")][-1]
r = json.loads(line)
r.update(server=server, start_s=statistics.median(starts), starts_s=starts, idle_mb=float(idle), loaded_mb=float(peak),
         idle_private_mb=float(private), idle_anonymous_mb=float(anonymous))
r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
r["errors"] = sum(r[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
json.dump(r, open(f"{work}/{name}.json", "w"))
print(f"{name:28s} {r['rps']:9.1f} req/s  p50 {r['p50_us']/1000:8.2f} ms  p99 {r['p99_us']/1000:8.2f} ms  "
      f"idle {r['idle_mb']:6.1f} MB (private {r['idle_private_mb']:5.1f}, anonymous {r['idle_anonymous_mb']:5.1f})  loaded {r['loaded_mb']:6.1f} MB  start {r['start_s']:6.2f} s  errors {r['errors']}",
      file=sys.stderr)
PY
}

fg_workers=()
[ -n "${FLOWGATE_WORKERS:-}" ] && fg_workers=(--workers "$FLOWGATE_WORKERS")
flowgate_serve=(env open_ai_connection="$fg_connection" "$bin/flowgate" flow serve --host 127.0.0.1 --port "$port"
  "${fg_workers[@]}")
pf_serve=(env HOME="$HOME_PF" PF_DISABLE_TRACING=true "$venv/bin/pf" flow serve --host 127.0.0.1 --port "$port"
  --skip-open-browser --source)

json=application/json
sse=text/event-stream
wants hello && measure hello hello "$json" "$here/flows/prompt-only/body.json" "$bin/HelloBench" "$port" || true
wants flowgate && measure prompt-only-flowgate flowgate "$json" "$here/flows/prompt-only/body.json" "${flowgate_serve[@]}" \
  "$here/flows/prompt-only" || true
for flow in python-only prompt-llm chat-stream; do
  accept=$json
  [ "$flow" = chat-stream ] && accept=$sse
  wants pf && measure "$flow-pf" pf "$accept" "$here/flows/$flow/body.json" "${pf_serve[@]}" "$here/flows/$flow" || true
  wants flowgate && measure "$flow-flowgate" flowgate "$accept" "$here/flows/$flow/body.json" "${flowgate_serve[@]}" "$here/flows/$flow" || true
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "python for flowgate's workers: $FLOWGATE_PYTHON"
"$py" "$here/report.py" "$work" "$duration" "$connections" "$load_before" "$load_after"
