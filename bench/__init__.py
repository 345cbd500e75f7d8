"""Measures the site at scale: `make bench` (python -m bench) writes bench/report.md."""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
