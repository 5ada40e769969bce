"""Reference side of the Jinja benchmark: Python jinja2 with promptflow's settings.

Usage: jinja_bench.py TEMPLATE VARS.json SECONDS OUTPUT_FILE
Renders TEMPLATE with VARS for SECONDS, writes the rendered text to OUTPUT_FILE and prints
one JSON line: {"engine": "python-jinja2", "renders": N, "seconds": S, "per_second": R}
"""
import json
import sys
import time

from jinja2.sandbox import SandboxedEnvironment


def main() -> None:
    template_path, vars_path, seconds, output_path = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    env = SandboxedEnvironment(trim_blocks=True, keep_trailing_newline=True)
    with open(template_path, encoding="utf-8") as f:
        template = env.from_string(f.read())
    with open(vars_path, encoding="utf-8") as f:
        variables = json.load(f)
    output = template.render(**variables)
    with open(output_path, "w", encoding="utf-8") as f:
        f.write(output)
    for _ in range(200):  # warm-up
        template.render(**variables)
    renders = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(100):
            template.render(**variables)
        renders += 100
        now = time.perf_counter()
        if now >= deadline:
            break
    elapsed = now - start
    print(json.dumps({
        "engine": "python-jinja2",
        "renders": renders,
        "seconds": round(elapsed, 3),
        "per_second": round(renders / elapsed, 1),
    }))


if __name__ == "__main__":
    main()
