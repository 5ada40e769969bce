"""Prints run.sh's results as a Markdown table: each metric for pf and Flowgate with the Flowgate/pf ratio and
the issue's goal, then HelloBench (bare Hummingbird) as the ceiling and the prompt-only flow as a share of it.

    python3 report.py WORK_DIR SECONDS CONNECTIONS "LOAD_BEFORE" "LOAD_AFTER"
"""

import json
import os
import sys

work, seconds, connections, load_before, load_after = sys.argv[1:6]


def load(name):
    path = os.path.join(work, f"{name}.json")
    return json.load(open(path)) if os.path.exists(path) else None


def response(name):
    path = os.path.join(work, f"{name}.response")
    return open(path, "rb").read() if os.path.exists(path) else None


def compare(pf_body, fg_body):
    """Byte-equal, else equal as JSON (Flask's jsonify ends the body with a newline), else different."""
    if pf_body == fg_body:
        return "same response bytes"
    try:
        if json.loads(pf_body) == json.loads(fg_body):
            return "same JSON (bytes differ)"
    except ValueError:
        pass
    return "RESPONSES DIFFER"


def ratio(fg, pf):
    if not pf or fg is None:
        return None
    return fg / pf


def shown_ratio(value):
    if value is None:
        return "n/a"
    if value >= 1:
        return f"{value:.1f}×"
    return f"{value:.3f} (1/{1 / value:.0f})" if value > 0 else "0"


# metric: (label, key, scale, format, goal as (kind, bound) for Flowgate/pf)
METRICS = [
    ("req/s", "rps", 1, "{:.0f}", None),
    ("p50 ms", "p50_us", 1e-3, "{:.2f}", None),
    ("p99 ms", "p99_us", 1e-3, "{:.2f}", ("<=", 1 / 20)),
    ("idle RSS MB", "idle_mb", 1, "{:.1f}", ("<=", 1 / 5)),
    ("idle private MB", "idle_private_mb", 1, "{:.1f}", None),
    ("idle anonymous MB", "idle_anonymous_mb", 1, "{:.1f}", None),
    ("loaded RSS MB", "loaded_mb", 1, "{:.1f}", None),
    ("start to first 200 s (median of 3)", "start_s", 1, "{:.3f}", ("<=", 1 / 20)),
]
THROUGHPUT_GOALS = {"python-only": 30, "prompt-llm": 20}

print(f"wrk -t1 -c{connections}, {seconds} s per server after a 3 s warm-up; server on core 0, wrk and the test "
      f"LLM on core 1.")
print(f"load average (1/5/15 min) before: {load_before}; after: {load_after}")
print()
print("| flow | metric | pf 1.18.5 | Flowgate | Flowgate/pf | goal |")
print("|---|---|---|---|---|---|")
missed = []
for flow in ("python-only", "prompt-llm", "chat-stream"):
    pf, fg = load(f"{flow}-pf"), load(f"{flow}-flowgate")
    for index, (label, key, scale, fmt, goal) in enumerate(METRICS):
        pv = pf[key] * scale if pf else None
        fv = fg[key] * scale if fg else None
        r = ratio(fv, pv)
        if key == "rps" and flow in THROUGHPUT_GOALS:
            goal = (">=", THROUGHPUT_GOALS[flow])
        goal_text = ""
        if goal:
            kind, bound = goal
            met = r is not None and (r >= bound if kind == ">=" else r <= bound)
            bound_text = f"{bound:.0f}×" if bound >= 1 else f"1/{1 / bound:.0f}"
            goal_text = f"{'≥' if kind == '>=' else '≤'} {bound_text} {'met' if met else 'MISSED'}"
            if not met:
                missed.append(f"{flow} {label}")
        print(f"| {flow if index == 0 else ''} | {label} | {fmt.format(pv) if pv is not None else 'failed'} | "
              f"{fmt.format(fv) if fv is not None else 'failed'} | {shown_ratio(r)} | {goal_text} |")
    errors = [f"{s}: {d['errors']}" for s, d in (("pf", pf), ("Flowgate", fg)) if d and d["errors"]]
    pf_body, fg_body = response(f"{flow}-pf"), response(f"{flow}-flowgate")
    note = "n/a" if pf_body is None or fg_body is None else compare(pf_body, fg_body)
    print(f"| | check | | | {note} | {'; '.join('errors ' + e for e in errors)} |")

hello, prompt = load("hello"), load("prompt-only-flowgate")
print()
print("| ceiling | req/s | p50 ms | p99 ms | idle RSS MB | loaded RSS MB | start s |")
print("|---|---|---|---|---|---|---|")
for label, d in (("HelloBench (bare Hummingbird 2)", hello), ("Flowgate, prompt-only flow", prompt)):
    if d:
        print(f"| {label} | {d['rps']:.0f} | {d['p50_us'] / 1000:.2f} | {d['p99_us'] / 1000:.2f} | "
              f"{d['idle_mb']:.1f} | {d['loaded_mb']:.1f} | {d['start_s']:.2f} |")
    else:
        print(f"| {label} | failed | | | | | |")
if hello and prompt:
    share = prompt["rps"] / hello["rps"]
    met = share >= 0.5
    if not met:
        missed.append("prompt-only share of the ceiling")
    print(f"\nprompt-only flow: {share * 100:.0f}% of the bare Hummingbird ceiling (goal ≥ 50%: "
          f"{'met' if met else 'MISSED'})")
print("\ngoals missed: " + (", ".join(missed) if missed else "none"))
