"""How fast is nn.Conv2D? Forward and backward against PyTorch's conv2d on the CPU.

    .venv/bin/python benchmarks/conv.py            # prints the markdown table
    .venv/bin/python benchmarks/conv.py --write    # ... and writes benchmarks/CONV_RESULTS.md
    BENCH_THREADS=1 BENCH_CLOCK=cpu .venv/bin/python benchmarks/conv.py
                                  # one thread each, timed in CPU time: steadier on a busy machine

For each size and dtype, from the same images, kernels, biases and dE/dY:

- forward: ``Conv2D.forward`` against ``torch.nn.functional.conv2d`` under ``no_grad``;
- forward + backward: ``forward`` then ``backward`` (dE/dX, dE/dK, dE/dB) against conv2d
  and autograd's ``backward`` with every gradient asked for;
- first layer: ``forward`` then ``backward_params`` (dE/dK and dE/dB only: a first layer's
  input is the data) against autograd with an input that needs no gradient.

Both libraries get the same number of threads (numpy's BLAS and torch's). Every time is the
best of several interleaved rounds (the usual estimate of what the code costs when nothing
else runs); the results of both are compared, so the table also says that they agree.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from train_step import CLOCK_NAME, THREADS, cpu_idle, fmt_time, interleaved, per_call

import numpy as np  # noqa: E402  (after train_step has set the BLAS threads)
import torch  # noqa: E402

import nn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# (batch, in channels, out channels, kernel, image side): the sequel's digits, then MNIST's
CASES = [(64, 1, 5, 3, 8), (64, 1, 5, 3, 28), (64, 8, 16, 3, 28)]
DTYPES = [np.float32, np.float64]
ROUNDS, BUDGET = 15, 2.0         # interleaved timing rounds; seconds of timing per case


def case_data(case, dtype):
    batch, c_in, c_out, k, side = case
    rng = np.random.default_rng(0)
    layer = nn.Conv2D(c_in, c_out, k, rng=rng)
    layer.params = {key: value.astype(dtype) for key, value in layer.params.items()}
    layer.params["bias"][...] = rng.standard_normal(c_out)
    layer.grads = {key: np.zeros_like(value) for key, value in layer.params.items()}
    x = rng.standard_normal((batch, c_in, side, side)).astype(dtype)
    upstream = rng.standard_normal((batch, c_out, side - k + 1, side - k + 1)).astype(dtype)
    return layer, x, upstream


def bench_case(case, dtype, rounds: int, budget: float) -> dict:
    layer, x, upstream = case_data(case, dtype)
    tx, tx_data = torch.from_numpy(x).requires_grad_(), torch.from_numpy(x)
    tk = torch.from_numpy(layer.params["kernels"]).requires_grad_()
    tb = torch.from_numpy(layer.params["bias"]).requires_grad_()
    tg = torch.from_numpy(upstream)
    conv2d = torch.nn.functional.conv2d

    def nn_forward():
        return layer.forward(x)

    def torch_forward():
        with torch.no_grad():
            return conv2d(tx_data, tk, tb)

    def nn_backward():
        layer.forward(x)
        return layer.backward(upstream)

    def torch_backward():
        tx.grad = tk.grad = tb.grad = None
        conv2d(tx, tk, tb).backward(tg)
        return tx.grad

    def nn_first():
        layer.forward(x)
        layer.backward_params(upstream)

    def torch_first():
        tk.grad = tb.grad = None
        conv2d(tx_data, tk, tb).backward(tg)

    # the same numbers first: forward, then every gradient
    agreement = max(
        _difference(nn_forward(), torch_forward().numpy()),
        _difference(nn_backward(), torch_backward().numpy()),
        _difference(layer.grads["kernels"], tk.grad.numpy()),
        _difference(layer.grads["bias"], tb.grad.numpy()))

    functions = {"nn forward": nn_forward, "torch forward": torch_forward,
                 "nn backward": nn_backward, "torch backward": torch_backward,
                 "nn first": nn_first, "torch first": torch_first}
    once = {name: per_call(function, 1) for name, function in functions.items()}
    calls = {name: max(1, int(budget / rounds / max(t, 1e-7) / len(functions)))
             for name, t in once.items()}
    times = interleaved(functions, calls, rounds)
    best = {name: min(t) for name, t in times.items()}
    print(f"  {case} {np.dtype(dtype).name}: " + ", ".join(
        f"{name} {fmt_time(t)}" for name, t in best.items()), file=sys.stderr, flush=True)
    slower = best["nn backward"] > best["torch backward"]
    return {"case": case, "dtype": np.dtype(dtype).name, "best": best,
            "agreement": agreement,
            "products": products_alone(case, dtype, rounds) if slower else None}


def products_alone(case, dtype, rounds: int) -> float:
    """Seconds of the three matrix products that nn's forward and backward make (in
    ``nn.conv.correlate``), alone, on ready operands of their shapes: forward's kernels x
    image windows, dE/dK's windows x dE/dY, dE/dX's kernel pixels x padded dE/dY."""
    batch, c_in, c_out, k, side = case
    out, padded = side - k + 1, side + k - 1
    shapes = [(c_out, c_in * k * k, batch * out * out),          # forward
              (c_in * k * k, batch * out * out, c_out),          # dE/dK
              (c_in * k * k, c_out, batch * padded * padded)]    # dE/dX
    rng = np.random.default_rng(0)
    operands = [(rng.standard_normal((m, inner)).astype(dtype),
                 rng.standard_normal((inner, n)).astype(dtype)) for m, inner, n in shapes]

    def products():
        for a, b in operands:
            a @ b
    once = per_call(products, 1)
    return min(interleaved({"products": products},
                           {"products": max(1, int(0.2 / rounds / once))}, rounds)["products"])


def _difference(got: np.ndarray, expected: np.ndarray) -> float:
    """The largest difference relative to the largest value."""
    return float(np.abs(got - expected).max() / max(np.abs(expected).max(), 1e-30))


def machine() -> str:
    try:
        model = next(line.split(":", 1)[1].strip() for line in
                     Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor() or "unknown CPU"
    return f"{model}, {platform.machine()}, {os.cpu_count()} cores"


def commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "nn", "benchmarks/conv.py"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return result.stdout.strip() + (" (nn or this script edited since)" if dirty else "")


def case_name(case) -> str:
    batch, c_in, c_out, k, side = case
    return f"{batch}, {c_in} -> {c_out}, {side}x{side}"


def ratio(nn_s: float, torch_s: float) -> str:
    speed = torch_s / nn_s
    return f"**{speed:.2f}x**" if speed >= 1 else f"{speed:.2f}x"


def report(rows: list[dict], command: str, seconds: float, busy: float) -> str:
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    lines = [
        "# `nn.Conv2D` against PyTorch's conv2d, CPU",
        "",
        f"Produced by `{command}` on {stamp} UTC ({seconds:.0f} s), commit {commit()}.",
        f"Machine: {machine()}; {THREADS} thread(s) for numpy's BLAS and for torch; numpy "
        f"{np.__version__}, torch {torch.__version__}, Python {platform.python_version()}.",
        f"Clock: {'wall time' if CLOCK_NAME == 'wall' else 'CPU time of this process'}; "
        f"best of several interleaved rounds; the machine's cores were {busy:.0%} busy "
        "during the run, this run included.",
        "",
        "Valid cross-correlation, stride 1, no padding, 3x3 kernels, batch 64. A speed-up "
        "above 1 (bold) means nn is faster. \"first layer\" is forward plus the kernel and "
        "bias gradients only (nn's `backward_params`; torch's input needs no gradient). "
        "\"agree\" is the largest difference between nn's and torch's output and gradients, "
        "relative to the largest value. Both libraries take their large temporaries from "
        "the C allocator (glibc), whose fresh pages cost page faults: part of every time "
        "here, as in use.",
        "",
        "| batch, channels, image | dtype | forward nn | torch | speed-up | forward + backward "
        "nn | torch | speed-up | first layer nn | torch | speed-up | agree |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        best = row["best"]
        cells = [case_name(row["case"]), row["dtype"]]
        for part in ("forward", "backward", "first"):
            nn_s, torch_s = best[f"nn {part}"], best[f"torch {part}"]
            cells += [fmt_time(nn_s), fmt_time(torch_s), ratio(nn_s, torch_s)]
        cells.append(f"{row['agreement']:.1g}")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines + bounds(rows))


def bounds(rows: list[dict]) -> list[str]:
    """Where nn's forward + backward is slower than torch's: its matrix products alone
    (numpy's BLAS, on ready operands) against the rest, and torch's whole time."""
    slower = [row for row in rows if row["products"] is not None]
    if not slower:
        return ["nn's forward + backward is at least as fast as torch's at every size.", ""]
    lines = [
        "## What bounds nn where it is slower",
        "",
        "nn's conv is im2col-style: copies of image windows (or shifted sums) and one "
        "matrix product each for forward, dE/dK and dE/dX, through numpy's BLAS. torch's "
        "CPU conv2d runs oneDNN's convolution kernels in float32 (`mkldnn_convolution`) and "
        "im2col with matrix products in float64 (`_slow_conv2d_forward` and `_backward`, as "
        "nn). The products alone, on ready operands of the same shapes:",
        "",
        "| batch, channels, image | dtype | nn forward + backward | its 3 matrix products "
        "alone | the rest (copies, shifted sums, bias) | torch forward + backward |",
        "|---|---|---|---|---|---|",
    ]
    for row in slower:
        total, products = row["best"]["nn backward"], row["products"]
        lines.append(f"| {case_name(row['case'])} | {row['dtype']} | "
                     f"{fmt_time(total)} | {fmt_time(products)} | "
                     f"{fmt_time(max(total - products, 0))} | "
                     f"{fmt_time(row['best']['torch backward'])} |")
    lines += ["", "Where the products alone take about as long as torch's whole forward and "
              "backward, numpy's matrix products at these shapes (few rows: 5 to 16 kernels) "
              "are the bound; the rest is memory traffic (copied windows, shifted sums, "
              "numpy's one-core elementwise passes) that oneDNN's kernels avoid, and at 8x8 "
              "numpy's per-call overheads.", ""]
    return lines


def main() -> None:
    settings = [f"{name}={os.environ[name]}" for name in ("BENCH_THREADS", "BENCH_CLOCK")
                if name in os.environ]
    command = " ".join([*settings, ".venv/bin/python", "benchmarks/conv.py", *sys.argv[1:]])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true",
                        help="also write the report to benchmarks/CONV_RESULTS.md")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke test: 2 short rounds (numbers not meaningful)")
    arguments = parser.parse_args()
    rounds, budget = (2, 0.1) if arguments.quick else (ROUNDS, BUDGET)
    began, idle_before = time.perf_counter(), cpu_idle()
    rows = [bench_case(case, dtype, rounds, budget)
            for case in CASES for dtype in DTYPES]
    idle_after = cpu_idle()
    busy = 1 - (idle_after[0] - idle_before[0]) / max(idle_after[1] - idle_before[1], 1)
    text = report(rows, command, time.perf_counter() - began, busy)
    print(text)
    if arguments.write:
        (Path(__file__).parent / "CONV_RESULTS.md").write_text(text)


if __name__ == "__main__":
    main()
