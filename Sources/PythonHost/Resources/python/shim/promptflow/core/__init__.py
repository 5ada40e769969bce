"""promptflow.core as far as tool files use it: `tool`, `log_metric`, `ToolProvider`."""
from promptflow._flowgate import log_metric
from promptflow._tool import ToolProvider, tool

log_flow_metric = log_metric

__all__ = ["tool", "log_metric", "log_flow_metric", "ToolProvider"]
