"""Percentiles of request times, shared by the in-process measurement and the load test."""

import math


def percentile(values, share):
    """Nearest-rank percentile: the smallest value at least `share` of the values do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(seconds):
    """p50, p95 and mean of request times given in seconds, in milliseconds."""
    return {
        "n": len(seconds),
        "p50_ms": percentile(seconds, 0.50) * 1000,
        "p95_ms": percentile(seconds, 0.95) * 1000,
        "mean_ms": sum(seconds) / len(seconds) * 1000,
    }
