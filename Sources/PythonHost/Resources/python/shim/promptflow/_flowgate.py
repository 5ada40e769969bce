"""Hooks between the shim and Flowgate's worker host (not part of promptflow's API)."""

# Set by the host: called as metric_sink(key, value, variant_id) for the call in progress.
metric_sink = None


def log_metric(key, value, variant_id=None):
    """Log a metric for the current run (an aggregation node's result), as promptflow's log_metric does."""
    if metric_sink is not None:
        metric_sink(key, value, variant_id)
