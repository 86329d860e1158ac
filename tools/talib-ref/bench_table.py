#!/usr/bin/env python3
"""Markdown table from talon_bench_talib --benchmark_format=json output: values (input bars)
per second for TA-Lib, talon batch and talon streaming, and the ratios to TA-Lib's batch.
Usage: talon_bench_talib --benchmark_format=json > out.json; bench_table.py out.json
With --benchmark_repetitions=N the median of the N runs is shown."""
import collections
import json
import sys

runs = json.load(open(sys.argv[1]))
rows = collections.OrderedDict()
medians = any(b.get("aggregate_name") == "median" for b in runs["benchmarks"])
for b in runs["benchmarks"]:
    if medians and b.get("aggregate_name") != "median":
        continue  # with --benchmark_repetitions, report the median of the repetitions
    name, kind = b["run_name"].split("/") if "run_name" in b else b["name"].split("/")
    rows.setdefault(name, {})[kind] = b["items_per_second"] / 1e6


def cell(x):
    return f"{x:,.1f}" if x else "–"


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "–"


print("| indicator | TA-Lib batch (M/s) | talon batch (M/s) | talon streaming (M/s) | batch ÷ TA-Lib | streaming ÷ TA-Lib |")
print("|---|---:|---:|---:|---:|---:|")
for name, v in rows.items():
    t, b, s = v.get("talib"), v.get("talon_batch"), v.get("talon_stream")
    print(f"| {name} | {cell(t)} | {cell(b)} | {cell(s)} | {ratio(b, t)} | {ratio(s, t)} |")
