#!/usr/bin/env python3
"""Builds the benchmark data set shared by the DEAP and AEL runs.

Inputs, as in the paper (Anecone 2024, NOTES.md section 2): California Housing
HouseAge = housing_median_age and AveRooms = total_rooms / households, each min-max
scaled to [0, 1] over all 20,640 rows (no split, as in the authors' code).

Targets: the two latents of a fixed 2-16-8-2 tanh encoder, the architecture of the
paper's encoder (Linear 2->16, tanh, Linear 16->8, tanh, Linear 8->2), with weights
given by closed-form expressions instead of training, so that both tools fit the same
smooth, latent-like functions without a training step:
    W1[i][j] = 1.5 sin(1.3 i + 0.7 j + 0.5),  b1[i] = 0.1 cos(i)       (16 x 2)
    W2[i][j] = 0.6 sin(0.9 i - 1.1 j + 0.2),  b2[i] = 0.05 sin(i)      (8 x 16)
    W3[i][j] = 0.8 cos(0.8 i + 1.7 j),        b3 = 0                   (2 x 8)
    z = W3 tanh(W2 tanh(W1 x + b1) + b2)
Output: CSV with header HouseAge,AveRooms,z0,z1 and 17 significant digits, so both
readers get the same doubles.
"""
import argparse
import csv
import math
import os
import tempfile

import numpy as np


def encoder_weights():
    W1 = np.array([[1.5 * math.sin(1.3 * i + 0.7 * j + 0.5) for j in range(2)] for i in range(16)])
    b1 = np.array([0.1 * math.cos(i) for i in range(16)])
    W2 = np.array([[0.6 * math.sin(0.9 * i - 1.1 * j + 0.2) for j in range(16)] for i in range(8)])
    b2 = np.array([0.05 * math.sin(i) for i in range(8)])
    W3 = np.array([[0.8 * math.cos(0.8 * i + 1.7 * j) for j in range(8)] for i in range(2)])
    return W1, b1, W2, b2, W3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--housing", default="/work/shared/data/california_housing.csv")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    age, rooms = [], []
    with open(args.housing, newline="") as f:
        for row in csv.DictReader(f):
            age.append(float(row["housing_median_age"]))
            rooms.append(float(row["total_rooms"]) / float(row["households"]))
    X = np.array([age, rooms])  # features x rows
    lo = X.min(axis=1, keepdims=True)
    hi = X.max(axis=1, keepdims=True)
    X = (X - lo) / (hi - lo)

    W1, b1, W2, b2, W3 = encoder_weights()
    H1 = np.tanh(W1 @ X + b1[:, None])
    H2 = np.tanh(W2 @ H1 + b2[:, None])
    Z = W3 @ H2

    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_dir, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        f.write("HouseAge,AveRooms,z0,z1\n")
        for c in range(X.shape[1]):
            f.write("%.17g,%.17g,%.17g,%.17g\n" % (X[0, c], X[1, c], Z[0, c], Z[1, c]))
    os.replace(tmp, args.out)  # atomic: a crash never leaves half a file
    print("wrote %s: %d rows; target variance z0 %.4g, z1 %.4g"
          % (args.out, X.shape[1], Z[0].var(), Z[1].var()))


if __name__ == "__main__":
    main()
