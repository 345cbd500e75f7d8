"""Figures the in-process measurement and the load test share: percentiles of request times,
resident memory of a process."""

import math
from pathlib import Path


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


def memory_kib(pid="self"):
    """Peak (VmHWM) and current (VmRSS) resident memory of a process, and its proportional
    share of it (Pss: pages shared with other processes count in part), in KiB, from /proc."""
    fields = {}
    for file_name in ("status", "smaps_rollup"):
        for line in Path(f"/proc/{pid}/{file_name}").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS", "Pss"):
                fields[name] = int(value.split()[0])
    return {"peak": fields["VmHWM"], "current": fields["VmRSS"], "share": fields["Pss"]}
