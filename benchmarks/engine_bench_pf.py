"""promptflow side of the executor overhead benchmark: runs the same generated flow with promptflow's own
FlowExecutor.exec_line, one line at a time, and prints one JSON line (runs per second and the output)."""
import json
import logging
import os
import sys
import time

os.environ.setdefault("PF_DISABLE_TRACING", "true")
logging.disable(logging.WARNING)

from promptflow.executor import FlowExecutor  # noqa: E402

flow_dir, seconds = sys.argv[1], float(sys.argv[2])
executor = FlowExecutor.create(os.path.join(flow_dir, "flow.dag.yaml"), {})
inputs = {"name": "Ada", "topic": "flows"}
output = executor.exec_line(inputs).output["out"]
for _ in range(20):
    executor.exec_line(inputs)
count, start = 0, time.perf_counter()
while time.perf_counter() - start < seconds:
    for _ in range(10):
        executor.exec_line(inputs)
    count += 10
elapsed = time.perf_counter() - start
print(json.dumps({"runs_per_second": count / elapsed, "output": output}))
