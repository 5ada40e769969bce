from typing import List

from promptflow.core import log_metric, tool


@tool
def accuracy(grades: List[str]) -> dict:
    """Runs once per batch run with every line's grade; logs and returns the metrics."""
    total = len(grades)
    correct = sum(1 for g in grades if g == "Correct")
    value = round(correct / total, 2) if total else 0.0
    log_metric(key="accuracy", value=value)
    log_metric(key="graded_lines", value=total)
    return {"accuracy": value, "graded_lines": total}
