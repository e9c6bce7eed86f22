#!/usr/bin/env python3
"""Summarises bench/gp results (JSON lines from deap_bench.py and ael_gp_bench)."""
import json
import statistics
import sys


def key(r):
    if r["tool"] == "deap":
        return "DEAP (paper set-up, 1 thread)"
    return "AEL %s mode, %s, %d thread%s" % (r["mode"], r["precision"], r["threads"],
                                            "" if r["threads"] == 1 else "s")


def main():
    runs, micro = [], []
    for line in open(sys.argv[1]):
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        (micro if r.get("micro") else runs).append(r)

    groups = {}
    for r in runs:
        groups.setdefault(key(r), []).append(r)

    print("\nGP on California Housing (HouseAge, AveRooms -> 2 encoder latents), %s"
          % ", ".join(sorted({"population %d x generations %d" % (r["population"], r["generations"])
                              for r in runs})))
    header = "%-40s %6s %9s %9s %8s %14s %14s %12s" % (
        "configuration", "runs", "wall s", "cpu s", "evals", "node-rows/s", "per core*", "median MSE")
    print(header)
    print("-" * len(header))
    summary = {}
    for name, rs in groups.items():
        wall = statistics.mean(r["seconds"] for r in rs)
        cpu = statistics.mean(r["cpu_seconds"] for r in rs)
        evals = statistics.mean(r["evaluations"] for r in rs)
        node_rows = sum(r["node_rows"] for r in rs)
        rate = node_rows / sum(r["seconds"] for r in rs)
        # Per core: node-rows per CPU-second spent computing fitness (AEL measures it;
        # DEAP's whole process time is used for DEAP).
        eval_cpu = sum(r.get("evaluation_seconds", r["cpu_seconds"]) * (1 if r["threads"] == 1 else 0)
                       for r in rs)
        per_core = node_rows / eval_cpu if eval_cpu > 0 else float("nan")
        mse = statistics.median(r["best_mse"] for r in rs)
        summary[name] = {"wall": wall, "cpu": cpu, "rate": rate, "mse": mse, "per_core": per_core}
        print("%-40s %6d %9.3f %9.3f %8.0f %14.4g %14.4g %12.5g" % (
            name, len(rs), wall, cpu, evals, rate, per_core, mse))
    print("* per core: node-rows per second of fitness computation on one thread "
          "(blank for multi-threaded runs)")

    deap = summary.get("DEAP (paper set-up, 1 thread)")
    if deap:
        print("\nRatios against DEAP (same data, primitives, population, generations, operators):")
        for name, s in summary.items():
            if name.startswith("DEAP"):
                continue
            print("  %-40s wall time %7.1fx faster, cpu time %7.1fx less, "
                  "best MSE ratio (DEAP/AEL) %6.3f" % (name, deap["wall"] / s["wall"],
                                                      deap["cpu"] / s["cpu"],
                                                      deap["mse"] / s["mse"]))
        for target in sorted({r["target"] for r in runs}):
            d = [r["best_mse"] for r in groups["DEAP (paper set-up, 1 thread)"] if r["target"] == target]
            line = "  target z%d best MSE per seed: DEAP %s" % (target, " ".join("%.4g" % v for v in d))
            for name, rs in groups.items():
                if name.startswith("AEL") and "1 thread" in name:
                    a = [r["best_mse"] for r in rs if r["target"] == target]
                    line += " | %s %s" % (name.split(",")[0], " ".join("%.4g" % v for v in a))
            print(line)
    for m in micro:
        print("\nEvaluator alone, one core, %s: %.3g node-rows/s (300 random trees of the paper's "
              "primitive set, mean size %.1f, %d rows; thread CPU time)"
              % (m["precision"], m["node_rows_per_second"], m["mean_size"], m["rows"]))


if __name__ == "__main__":
    main()
