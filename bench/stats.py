#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Summarise the NAME<TAB>ROUND<TAB>NS lines of bench/timer as a table.

    stats.py RESULTS.tsv REFERENCE_NAME [--subtract NAME=OVERHEAD_NAME]...

Prints, per name in order of first appearance, the number of runs, the
median, the 10th and 90th percentiles in milliseconds and the ratio of the
median to REFERENCE_NAME's median.  --subtract adds a row "NAME - OVERHEAD"
whose median is NAME's median minus OVERHEAD_NAME's median (an estimate:
medians do not subtract exactly).
"""

import argparse
import statistics


def percentile(sorted_values, fraction):
    """Return the nearest-rank percentile of an already sorted list."""
    index = round(fraction * (len(sorted_values) - 1))
    return sorted_values[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("results")
    parser.add_argument("reference")
    parser.add_argument("--subtract", action="append", default=[])
    options = parser.parse_args()

    samples = {}
    with open(options.results) as f:
        for line in f:
            name, _, ns = line.split("\t")
            samples.setdefault(name, []).append(int(ns) / 1e6)
    medians = {name: statistics.median(v) for name, v in samples.items()}
    reference = medians[options.reference]

    print(f"| command | runs | median ms | p10-p90 ms | "
          f"ratio to {options.reference} |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, values in samples.items():
        values.sort()
        print(f"| {name} | {len(values)} | {medians[name]:.2f} | "
              f"{percentile(values, 0.1):.2f}-{percentile(values, 0.9):.2f}"
              f" | {medians[name] / reference:.2f} |")
    for pair in options.subtract:
        name, overhead = pair.split("=")
        median = medians[name] - medians[overhead]
        print(f"| {name} - {overhead} | | {median:.2f} | | "
              f"{median / reference:.2f} |")


if __name__ == "__main__":
    main()
