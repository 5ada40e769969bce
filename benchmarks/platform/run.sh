#!/usr/bin/env bash
# Platform benchmarks (issue 5, item 10), one command:
#   bash benchmarks/platform/run.sh [SECONDS] [CONNECTIONS] [DEPLOYS]        (defaults 10, 16, 5)
# 1. Deploy-to-first-200: against a running `flowgate server`, the wall time from the first API call (create the
#    endpoint) through creating a deployment of examples/flows/python-only, waiting for Succeeded, giving it all
#    the traffic and fetching its key, to the first 200 from POST /endpoints/NAME/score. DEPLOYS times, each a new
#    endpoint; min / median / max. (Azure ML's managed online endpoints take about 15 minutes for the same.)
# 2. Gateway overhead: the same flow under the same wrk load, scored through the platform's gateway
#    (/endpoints/NAME/score with the key; one in-process instance) and through `flowgate flow serve` directly;
#    req/s and p99 of both (medians of ROUNDS alternating runs, default 3) and their ratio. Both servers on core 0,
#    wrk on core 1 (taskset).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
duration="${1:-10}"
connections="${2:-16}"
deploys="${3:-5}"
port=18795
work=$(mktemp -d /tmp/platform-bench.XXXXXX)
sessions=()
stop_session() {
  local sid=$1
  kill -TERM -- "-$sid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 -- "-$sid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$sid" 2>/dev/null || true
}
cleanup() {
  for sid in "${sessions[@]}"; do stop_session "$sid"; done
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }
echo "building the release binary ..." >&2
swift build -c release --product flowgate >&2
bin=$(swift build -c release --show-bin-path)
server_core=0
load_core=1
[ "$(nproc)" -lt 2 ] && load_core=0
now() { echo "$EPOCHREALTIME"; }
flow="$root/examples/flows/python-only"
body="$work/body.json"
echo '{"text": "Swift is fast. Swift is safe.", "top_n": 2}' >"$body"
base="http://127.0.0.1:$port"

export FLOWGATE_HOME="$work/home"
setsid taskset -c "$server_core" "$bin/flowgate" server --port "$port" --log-level warning \
  >"$work/server.out" 2>"$work/server.err" &
sessions+=($!)
for _ in $(seq 1 300); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$base/health" >/dev/null || { cat "$work/server.err" >&2; echo "flowgate server did not start" >&2; exit 1; }
admin="Authorization: Bearer $(cat "$FLOWGATE_HOME/admin.key")"
api() { curl -s -H "$admin" -H 'Content-Type: application/json' "$@"; }
state() { api "$base/api/v1/endpoints/$1/deployments/blue" | sed -n 's/.*"provisioning_state" *: *"\([A-Za-z]*\)".*/\1/p'; }

# 1. deploy-to-first-200
times=()
for i in $(seq 1 "$deploys"); do
  name="bench-$i"
  started=$(now)
  api -X POST "$base/api/v1/endpoints" -d "{\"name\": \"$name\"}" >/dev/null
  api -X POST "$base/api/v1/endpoints/$name/deployments" \
    -d "{\"name\": \"blue\", \"model\": \"$flow\", \"request_settings\": {\"max_concurrent_requests_per_instance\": 64, \"request_timeout_ms\": 60000}}" >/dev/null
  while true; do
    s=$(state "$name")
    [ "$s" = Succeeded ] && break
    [ "$s" = Failed ] && { api "$base/api/v1/endpoints/$name/deployments/blue" >&2; exit 1; }
    sleep 0.02
  done
  api -X PATCH "$base/api/v1/endpoints/$name" -d '{"traffic": {"blue": 100}}' >/dev/null
  key=$(api -X POST "$base/api/v1/endpoints/$name/get-credentials" | sed -n 's/.*"primaryKey" *: *"\([^"]*\)".*/\1/p')
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    --data @"$body" "$base/endpoints/$name/score")" = 200 ]; do sleep 0.01; done
  ended=$(now)
  t=$(awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.2f", b - a}')
  echo "deploy $i: first 200 after $t s" >&2
  times+=("$t")
done
deploy_key="$key"
deploy_name="$name"

wrk_run() { # URL AUTH OUT
  BODY_FILE="$body" AUTH="$2" taskset -c "$load_core" wrk -t1 -c"$connections" -d"${duration}s" --timeout 10s \
    -s "$root/benchmarks/serve-vs-pf/post.lua" "$1" >"$3"
}
# 2. The same flow under `flowgate flow serve` on the next port, beside the platform server (same core). The two
#    are measured alternately, ROUNDS times each (default 3), after one warm-up each; the medians are compared,
#    so a change in the machine's load during the run does not land on one side only.
direct_port=$((port + 1))
setsid taskset -c "$server_core" "$bin/flowgate" flow serve "$flow" --port "$direct_port" --log-level warning \
  >"$work/serve.out" 2>"$work/serve.err" &
sessions+=($!)
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$direct_port/health" >/dev/null 2>&1 && break; sleep 0.1; done
gateway_url="$base/endpoints/$deploy_name/score"
direct_url="http://127.0.0.1:$direct_port/score"
duration_saved=$duration
duration=3
wrk_run "$gateway_url" "Bearer $deploy_key" "$work/warm-gateway.wrk"
wrk_run "$direct_url" "" "$work/warm-serve.wrk"
duration=$duration_saved
rounds="${ROUNDS:-3}"
for r in $(seq 1 "$rounds"); do
  wrk_run "$direct_url" "" "$work/serve-$r.wrk"
  wrk_run "$gateway_url" "Bearer $deploy_key" "$work/gateway-$r.wrk"
  echo "round $r done" >&2
done

python3 - "$work" "$duration" "$connections" "$rounds" "${times[@]}" <<'PY'
import json, statistics, sys
work, duration, connections, rounds, *times = sys.argv[1:]
times = sorted(float(t) for t in times)
def one(name):
    line = [l for l in open(f"{work}/{name}.wrk") if l.startswith("{")][-1]
    r = json.loads(line)
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["errors"] = sum(r[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
    return r
def load(name):
    runs = [one(f"{name}-{r}") for r in range(1, int(rounds) + 1)]
    print(f"  {name:8s} req/s per round: " + ", ".join(f"{r['rps']:.0f}" for r in runs), file=sys.stderr)
    return {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50_us", "p99_us")} | {"errors": sum(r["errors"] for r in runs)}
g, s = load("gateway"), load("serve")
print(f"Deploy-to-first-200 (python-only, {len(times)} deploys): min {times[0]:.2f} s, "
      f"median {statistics.median(times):.2f} s, max {times[-1]:.2f} s  (goal <= 5 s)")
print()
print(f"Gateway overhead (python-only, median of {rounds} alternating {duration} s runs, {connections} connections, wrk on its own core)")
print(f"| path | req/s | p50 ms | p99 ms | errors |")
print(f"|---|---:|---:|---:|---:|")
for label, r in (("flowgate flow serve /score", s), ("flowgate server /endpoints/NAME/score", g)):
    print(f"| {label} | {r['rps']:.0f} | {r['p50_us']/1000:.2f} | {r['p99_us']/1000:.2f} | {r['errors']} |")
print(f"| gateway / direct | {g['rps']/s['rps']:.2f}x | | {g['p99_us']/max(s['p99_us'],1):.2f}x | |")
print(f"throughput loss through the gateway: {100*(1-g['rps']/s['rps']):.1f} % (goal <= 10 %)")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
