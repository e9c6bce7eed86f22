#!/usr/bin/env python3
"""PyTorch side of the MMD benchmark: the same estimator as AEL's mmd_prior op.

Per step: y = B fresh N(0, I) samples; squared distances by matrix products
(|a|^2 + |b|^2 - 2 a.b, clamped at 0); bandwidth r = lower median of the squared
distances of all unordered pairs of the pooled samples (upper triangles of xx and yy,
all of xy), detached; Gaussian kernel exp(-d2 / r); unbiased MMD^2; backward into x.
float32, torch.set_num_threads(T) set explicitly.

  torch_mmd.py --threads 1 [--batches 256,1024,4096] [--min-time 1.0]
  torch_mmd.py --check FILE     compare with AEL's values written by bench_mmd --check

Run with Debian's interpreter (python3-torch): /usr/bin/python3 bench/mmd/torch_mmd.py
"""
import argparse
import json
import statistics
import time

import torch


def pairwise_sq(a, b):
    d = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2 * a @ b.T
    return d.clamp_min(0)


class Mmd:
    """Unbiased MMD^2 with the median heuristic; masks are built once per batch size."""

    def __init__(self, n, m, dtype):
        self.n, self.m = n, m
        self.upper_x = torch.ones(n, n, dtype=torch.bool).triu(1)
        self.upper_y = torch.ones(m, m, dtype=torch.bool).triu(1)

    def __call__(self, x, y):
        n, m = self.n, self.m
        dxx, dyy, dxy = pairwise_sq(x, x), pairwise_sq(y, y), pairwise_sq(x, y)
        with torch.no_grad():
            pooled = torch.cat([dxx[self.upper_x], dyy[self.upper_y], dxy.reshape(-1)])
            r = pooled.median()  # the lower of the two middle values, like AEL
        kxx, kyy, kxy = torch.exp(-dxx / r), torch.exp(-dyy / r), torch.exp(-dxy / r)
        xx = (kxx.sum() - kxx.diagonal().sum()) / (n * (n - 1))
        yy = (kyy.sum() - kyy.diagonal().sum()) / (m * (m - 1))
        return xx + yy - 2 * kxy.mean()


def median_ms(batch, min_time):
    torch.manual_seed(1)
    x = torch.randn(batch, 6, requires_grad=True)
    mmd = Mmd(batch, batch, torch.float32)
    times, total, step = [], 0.0, 0
    while step < 3 or total < min_time or len(times) < 5:
        start = time.perf_counter()
        y = torch.randn(batch, 6)
        x.grad = None
        loss = mmd(x, y)
        loss.backward()
        s = time.perf_counter() - start
        if step >= 2:
            times.append(s)
            total += s
        step += 1
    return 1000 * statistics.median(times)


def check(path):
    data = {}
    with open(path) as f:
        for line in f:
            name, rows, cols, *values = line.split()
            t = torch.tensor([float(v) for v in values], dtype=torch.float64)
            data[name] = t.reshape(int(cols), int(rows))  # column-major: one row per sample
    x = data["x"].clone().requires_grad_(True)
    y = data["y"]
    loss = Mmd(x.shape[0], y.shape[0], torch.float64)(x, y)
    loss.backward()
    ael_value = data["value"].item()
    value_err = abs(loss.item() - ael_value) / abs(ael_value)
    grad_err = ((x.grad - data["grad_x"]).abs().max() / data["grad_x"].abs().max()).item()
    print(f"check: PyTorch {loss.item():.12g} vs AEL {ael_value:.12g}; relative value "
          f"difference {value_err:.2e}, gradient difference {grad_err:.2e} (of the largest)")
    return value_err < 1e-10 and grad_err < 1e-10


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batches", default="256,1024,4096")
    p.add_argument("--min-time", type=float, default=1.0)
    p.add_argument("--check")
    p.add_argument("--label", default="torch", help="name of this run in the results")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.check:
        raise SystemExit(0 if check(a.check) else 1)
    for batch in [int(b) for b in a.batches.split(",")]:
        print(json.dumps({"impl": a.label, "threads": torch.get_num_threads(), "batch": batch,
                          "ms": round(median_ms(batch, a.min_time), 4)}), flush=True)


if __name__ == "__main__":
    main()
