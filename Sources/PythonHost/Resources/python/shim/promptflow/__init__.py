"""Flowgate's minimal stand-in for `promptflow`, importable only when the real package is not installed.

It gives tool files what they import: `tool`, `log_metric`, connection classes, `trace`, `PromptTemplate`.
"""
from promptflow._tool import tool
from promptflow._flowgate import log_metric

log_flow_metric = log_metric

__all__ = ["tool", "log_metric", "log_flow_metric"]
