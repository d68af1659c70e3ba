#!/usr/bin/env python3
"""Markdown tables from `entente bench --articles` reports (JSON), for docs/benchmarks.md.

usage: bench/scale/table.py REPORT.json [REPORT.json ...]

Sizes from every report are listed together (smallest first); the per-article cost ratio is
each size's seconds per article over the smallest listed size's, per stage and for the pipeline;
the incremental day of each report is listed against the full run of that report's largest size.
"""
import json
import sys

STAGES = ["ingest", "annotate", "comentions", "topics"]


def rate(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:.2f}"


def main(paths):
    sizes, days = [], []
    for p in paths:
        with open(p) as f:
            r = json.load(f)
        sizes += r.get("sizes", [])
        if "incremental_day" in r:
            days.append((r["incremental_day"], r["sizes"][-1]))
    sizes.sort(key=lambda s: s["articles"])
    stages = [s for s in STAGES if all(s in run.get("stages", {}) for run in sizes)]

    print("| articles | input (gzip MB) | " + " | ".join(f"{s} s (articles/s)" for s in stages)
          + " | pipeline s | peak heap MB |")
    print("| ---: | ---: | " + " | ".join("---:" for _ in stages) + " | ---: | ---: |")
    for run in sizes:
        st = run["stages"]
        total = sum(st[s]["seconds"] for s in stages)
        peak = max(st[s].get("peak_heap_mb", 0) for s in stages)
        cells = [f"{st[s]['seconds']:.1f} ({rate(st[s]['articles_per_second'])})" for s in stages]
        print(f"| {run['articles']:,} | {run['input_gzip_bytes'] / 1e6:.1f} | " + " | ".join(cells)
              + f" | {total:.1f} | {peak:,} |")

    base = sizes[0]
    print()
    print(f"Seconds per article against {base['articles']:,} articles:")
    print()
    print("| articles | × size | " + " | ".join(stages) + " | pipeline |")
    print("| ---: | ---: | " + " | ".join("---:" for _ in stages) + " | ---: |")
    for run in sizes[1:]:
        n, n0 = run["articles"], base["articles"]
        cells = []
        t, t0 = 0.0, 0.0
        for s in stages:
            a, b = run["stages"][s]["seconds"], base["stages"][s]["seconds"]
            t, t0 = t + a, t0 + b
            cells.append(f"{(a / n) / (b / n0):.2f}")
        print(f"| {n:,} | {n / n0:g} | " + " | ".join(cells) + f" | {(t / n) / (t0 / n0):.2f} |")

    for day, full in days:
        print()
        print(f"One day's batch ({day['articles']:,} articles dated {day['date']}) added to the "
              f"{full['articles']:,}-article warehouse, against that warehouse's full run:")
        print()
        print("| stage | day s | full run s | day / full | articles day / full |")
        print("| --- | ---: | ---: | ---: | ---: |")
        share = day["articles"] / full["articles"]
        td, tf = 0.0, 0.0
        for s in stages:
            d, f_ = day["stages"][s]["seconds"], full["stages"][s]["seconds"]
            td, tf = td + d, tf + f_
            print(f"| {s} | {d:.1f} | {f_:.1f} | {d / f_:.3f} | {share:.5f} |")
        print(f"| pipeline | {td:.1f} | {tf:.1f} | {td / tf:.3f} | {share:.5f} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
