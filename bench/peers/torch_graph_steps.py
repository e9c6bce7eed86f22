#!/usr/bin/env python3
"""PyTorch peer of bench/cpp/graph_steps.cpp: SGD training steps per second, float32, for
the same three models (forward, MSE loss, backward, optimizer step), on AEL_BENCH_THREADS
threads (default 1).

Run with the system Python that has python3-torch: /usr/bin/python3 bench/peers/torch_graph_steps.py
"""
import math
import os
import time

import torch
from torch import nn

THREADS = int(os.environ.get("AEL_BENCH_THREADS", "1"))
torch.set_num_threads(THREADS)
# One thread: CPU time of this process, like Google Benchmark's "CPU" column (the machine
# may be shared). More threads: wall time, which is what they save.
clock = time.process_time if THREADS == 1 else time.perf_counter
torch.manual_seed(1)


def linear_212():
    model = nn.Sequential(nn.Linear(2, 1), nn.Linear(1, 2))
    x = torch.rand(1000, 1) * 2 - 1
    data = torch.cat([x, math.tan(0.5) * x], dim=1)
    return model, data, 100


def relu_ae():
    widths = [3, 64, 64, 6, 64, 64, 3]
    layers = []
    for k in range(1, len(widths)):
        layers.append(nn.Linear(widths[k - 1], widths[k]))
        if k + 1 < len(widths):
            layers.append(nn.ReLU())
    return nn.Sequential(*layers), torch.rand(2560, 3) * 2 - 1, 256


def sigmoid_784():
    model = nn.Sequential(nn.Linear(784, 400), nn.Sigmoid(), nn.Linear(400, 784), nn.Sigmoid())
    return model, torch.rand(1280, 784), 128


def steps_per_second(make, steps, repeats=3):
    model, data, batch = make()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.MSELoss()
    batches = [data[k:k + batch] for k in range(0, data.shape[0] - batch + 1, batch)]
    best = 0.0
    for _ in range(repeats):
        start = clock()
        for k in range(steps):
            xb = batches[k % len(batches)]
            opt.zero_grad()
            loss = loss_fn(model(xb), xb)
            loss.backward()
            opt.step()
        best = max(best, steps / (clock() - start))
    return best


if __name__ == "__main__":
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    for name, make, steps in [("linear_212", linear_212, 2000), ("relu_ae", relu_ae, 500),
                              ("sigmoid_784", sigmoid_784, 50)]:
        rate = steps_per_second(make, steps)
        print(f"{name:12s} {rate:12.1f} steps/s  {1e6 / rate:10.1f} us/step")
