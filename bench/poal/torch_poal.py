"""PyTorch peer of the poal_mae benchmark: 1600 2-1-2 linear AEs (160 angles x 10), each
trained on its own 1000 points of the line y = tan(theta) x for 50 epochs of batch 100
with Adam(lr 0.05), MSE -- the same work as the first stage of scripts/poal_mae.ael.

Two forms: a plain loop over models (one nn.Sequential + optimizer each), and all models
stacked into batched tensors trained together with bmm (one optimizer over the stacks).
Prints JSON lines with wall seconds for each form.
"""
import json
import math
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
models = int(sys.argv[2]) if len(sys.argv) > 2 else 1600
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 50
torch.set_num_threads(threads)
torch.manual_seed(0)

n, batch = 1000, 100
angles = [(-80 + (i // 10)) for i in range(models)]
xs = torch.rand(models, n, 1) * 20 - 10
slopes = torch.tensor([math.tan(math.radians(a)) for a in angles]).view(models, 1, 1)
data = torch.cat([xs, xs * slopes], dim=2)  # models x n x 2


def loop_form():
    start = time.perf_counter()
    for m in range(models):
        net = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.Linear(1, 2))
        opt = torch.optim.Adam(net.parameters(), lr=0.05)
        pts = data[m]
        for _ in range(epochs):
            perm = torch.randperm(n)
            for b in range(0, n, batch):
                x = pts[perm[b:b + batch]]
                opt.zero_grad()
                loss = torch.nn.functional.mse_loss(net(x), x)
                loss.backward()
                opt.step()
    return time.perf_counter() - start


def stacked_form():
    start = time.perf_counter()
    bound = 1 / math.sqrt(2)
    w1 = (torch.rand(models, 2, 1) * 2 - 1).mul_(bound).requires_grad_()
    b1 = (torch.rand(models, 1, 1) * 2 - 1).mul_(bound).requires_grad_()
    w2 = (torch.rand(models, 1, 2) * 2 - 1).requires_grad_()
    b2 = (torch.rand(models, 1, 2) * 2 - 1).requires_grad_()
    opt = torch.optim.Adam([w1, b1, w2, b2], lr=0.05)
    for _ in range(epochs):
        perm = torch.randperm(n)
        for b in range(0, n, batch):
            x = data[:, perm[b:b + batch], :]  # models x batch x 2
            opt.zero_grad()
            out = torch.bmm(torch.bmm(x, w1) + b1, w2) + b2
            # per-model mean, summed: each model's gradient equals its own MSE's
            loss = ((out - x) ** 2).mean(dim=(1, 2)).sum()
            loss.backward()
            opt.step()
    return time.perf_counter() - start


print(json.dumps({"form": "torch_stacked", "threads": threads, "models": models, "seconds": stacked_form()}))
loop_models = min(models, 160)  # the loop form is slow: time a tenth and scale
scale = models / loop_models
models_saved, models = models, loop_models
t = loop_form()
models = models_saved
print(json.dumps({"form": "torch_loop", "threads": threads, "models": models, "seconds": t * scale,
                  "measured_models": loop_models}))
