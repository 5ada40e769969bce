#!/usr/bin/env bash
# Jinja rendering benchmark: Flowgate's engine vs Python jinja2 (promptflow's settings), same template,
# same variables, same machine, same invocation. Prints both throughputs and their ratio.
#   bash benchmarks/run-jinja.sh [SECONDS]        (default 5 s per engine)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-5}"
template=benchmarks/fixtures/chat.jinja2
vars=benchmarks/fixtures/chat_vars.json
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

python3 -c 'import jinja2' 2>/dev/null || { echo "needs Python jinja2: pip install jinja2" >&2; exit 2; }
swift build -c release --product JinjaBench >/dev/null
bin="$(swift build -c release --show-bin-path)/JinjaBench"

py=$(python3 benchmarks/jinja_bench.py "$template" "$vars" "$seconds" "$out/python.txt")
sw=$("$bin" "$template" "$vars" "$seconds" "$out/flowgate.txt")
if ! cmp -s "$out/python.txt" "$out/flowgate.txt"; then
  echo "outputs differ: the benchmark only counts when both engines render the same bytes" >&2
  diff "$out/python.txt" "$out/flowgate.txt" | head -20 >&2
  exit 1
fi
echo "template: $template ($(wc -c <"$out/python.txt") bytes rendered, 20-turn chat history)"
echo "python jinja2: $py"
echo "flowgate:      $sw"
python3 - "$py" "$sw" <<'PY'
import json, sys
py, sw = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"ratio: flowgate renders {sw['per_second'] / py['per_second']:.1f}x python jinja2's throughput")
PY
