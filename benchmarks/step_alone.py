"""One library's training step of the largest case, alone in its own process.

    .venv/bin/python benchmarks/step_alone.py nn
    .venv/bin/python benchmarks/step_alone.py torch

train_step.py times nn and PyTorch interleaved in one process: with more than one thread,
their thread pools (OpenBLAS's for numpy, OpenMP's for torch) keep spinning while the other
library works, and each slows the other.  This script times one of them with nothing else
in the process, the same step as train_step.py: (784, 1024, 1024, 10), batch 512, float32,
forward, MSE, backward and an SGD update.  It prints the best of 15 rounds of 5 steps.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_step as bench  # noqa: E402  (the same model, data and torch twin)

import nn  # noqa: E402

SIZES, BATCH = (784, 1024, 1024, 10), 512


def main() -> None:
    if len(sys.argv) != 2 or sys.argv[1] not in ("nn", "torch"):
        sys.exit("usage: step_alone.py nn|torch")
    x, y = bench.step_data(SIZES, BATCH)
    model, loss, optimizer = bench.nn_model(SIZES), nn.MSE(), nn.SGD(bench.LEARNING_RATE)
    if sys.argv[1] == "torch":
        torch = bench.torch
        twin = bench.torch_twin(model)
        torch_optimizer = torch.optim.SGD(twin.parameters(), lr=bench.LEARNING_RATE)
        tx, ty = torch.from_numpy(x), torch.from_numpy(y)

        def step():
            torch_optimizer.zero_grad()
            torch.nn.functional.mse_loss(twin(tx), ty).backward()
            torch_optimizer.step()
    else:
        def step():
            model.train_step(x, y, loss, optimizer)

    for _ in range(5):
        step()
    best = float("inf")
    for _ in range(15):
        start = time.perf_counter()
        for _ in range(5):
            step()
        best = min(best, (time.perf_counter() - start) / 5)
    print(f"{sys.argv[1]}: {best * 1e3:.1f} ms per step ({bench.THREADS} threads, alone)")


if __name__ == "__main__":
    main()
