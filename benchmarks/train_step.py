"""How fast is `nn`? One training step against PyTorch and the video's per-sample loop.

    .venv/bin/python benchmarks/train_step.py            # prints the markdown report
    .venv/bin/python benchmarks/train_step.py --write    # ... and writes benchmarks/RESULTS.md
    BENCH_THREADS=1 BENCH_CLOCK=cpu .venv/bin/python benchmarks/train_step.py --append
                                  # one thread each, timed in CPU time: steadier on a busy machine

Measured in one run, side by side (issue 6):

1. the machine's float32 matrix-multiply rate (numpy's BLAS and torch's, best of several);
2. one training step (forward, MSE loss, backward, SGD update) in float32, for
   nn (``Sequential.train_step``), PyTorch on the CPU with the same number of threads, and
   a per-sample loop with column vectors written like the original video's code;
   every network is Dense -> Tanh -> ... -> Dense -> Tanh, the video's choice;
3. the video's XOR training (10,000 epochs, learning rate 0.1, one sample at a time) against
   nn's fastest way to reach the same loss from the same initial weights;
4. the peak memory (tracemalloc) of one nn training step of the largest case, against the
   bytes that must exist: weights, weight gradients, optimizer state and the activations
   that backward reads.

The machine may be shared: every time is the best (minimum) of several interleaved rounds,
the usual estimate of what the code costs when nothing else runs; medians are shown too.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

THREADS = int(os.environ.get("BENCH_THREADS", len(os.sched_getaffinity(0))))
# BENCH_CLOCK=cpu times with the process's CPU time instead of the wall clock: on a busy
# shared machine it leaves out the time other jobs hold the cores. Only meaningful with
# BENCH_THREADS=1 (with more threads, a BLAS thread that spins while waiting counts too).
CLOCK_NAME = os.environ.get("BENCH_CLOCK", "wall")
clock = {"wall": time.perf_counter, "cpu": time.process_time}[CLOCK_NAME]
if CLOCK_NAME == "cpu" and THREADS != 1:
    sys.exit("BENCH_CLOCK=cpu needs BENCH_THREADS=1")
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, str(THREADS))   # before numpy and torch load their BLAS

import numpy as np  # noqa: E402
import torch  # noqa: E402

import nn  # noqa: E402
from nn.datasets import xor as xor_points  # noqa: E402

torch.set_num_threads(THREADS)

SIZES = [((2, 3, 1), 4), ((64, 32, 10), 32), ((784, 256, 128, 10), 128),
         ((784, 1024, 1024, 10), 512)]
LEARNING_RATE = 0.01
VIDEO_SAMPLES = 16     # the video loop is timed on at most this many samples of a batch
VIDEO_ROUNDS = 5       # and in at most this many rounds: it is far slower, and no target
F32 = np.float32


# -- timing ------------------------------------------------------------------------------

def per_call(function, calls: int) -> float:
    """Seconds per call of ``function``, over ``calls`` calls in a row."""
    start = clock()
    for _ in range(calls):
        function()
    return (clock() - start) / calls


def interleaved(functions: dict, calls: dict, rounds: int,
                limits: dict | None = None) -> dict[str, list[float]]:
    """Time every function once per round, in turn, so that load on a shared machine falls
    on all of them alike (a function named in ``limits`` only in its first rounds).
    Returns the seconds per call of each round, by name."""
    limits = limits or {}
    for name, function in functions.items():
        function()                                   # warm up: allocations, BLAS threads
    times = {name: [] for name in functions}
    for round_ in range(rounds):
        for name, function in functions.items():
            if round_ < limits.get(name, rounds):
                times[name].append(per_call(function, calls[name]))
    return times


def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if abs(seconds) >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def mark(met: bool) -> str:
    return "met" if met else "**not met**"


# -- 1. matrix-multiply rate ---------------------------------------------------------------

def matmul_rates(n: int = 2048, rounds: int = 8) -> dict[str, float]:
    """float32 GFLOP/s of an n x n x n product, best of ``rounds``, for numpy and torch."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((n, n), dtype=F32), rng.standard_normal((n, n), dtype=F32)
    c = np.empty((n, n), F32)
    ta, tb, tc = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(c.copy())
    times = interleaved({"numpy": lambda: np.matmul(a, b, out=c),
                         "torch": lambda: torch.mm(ta, tb, out=tc)},
                        {"numpy": 1, "torch": 1}, rounds)
    return {name: 2 * n ** 3 / min(t) / 1e9 for name, t in times.items()}


# -- 2. the three systems ------------------------------------------------------------------

def nn_model(sizes) -> nn.Sequential:
    layers = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        layers += [nn.Dense(n_in, n_out), nn.Tanh()]
    return nn.Sequential(layers, seed=0).astype(F32).build(sizes[0])


def torch_twin(model: nn.Sequential) -> torch.nn.Sequential:
    modules = []
    for layer in model.layers:
        if isinstance(layer, nn.Dense):
            out_features, in_features = layer.params["weights"].shape
            linear = torch.nn.Linear(in_features, out_features)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(layer.params["weights"]))
                linear.bias.copy_(torch.from_numpy(layer.params["bias"]))
            modules.append(linear)
        else:
            modules.append(torch.nn.Tanh())
    return torch.nn.Sequential(*modules)


class VideoDense:
    """The original video's Dense: one sample is a column, the update happens in backward."""

    def __init__(self, weights, bias):
        self.weights = weights                     # (j, i)
        self.bias = bias                           # (j, 1)

    def forward(self, input):
        self.input = input
        return np.dot(self.weights, self.input) + self.bias

    def backward(self, output_gradient, learning_rate):
        weights_gradient = np.dot(output_gradient, self.input.T)
        input_gradient = np.dot(self.weights.T, output_gradient)
        self.weights -= learning_rate * weights_gradient
        self.bias -= learning_rate * output_gradient
        return input_gradient


class VideoTanh:
    """The video's Activation(tanh, tanh_prime): f' is computed again from the input."""

    def forward(self, input):
        self.input = input
        return np.tanh(self.input)

    def backward(self, output_gradient, learning_rate):
        return np.multiply(output_gradient, 1 - np.tanh(self.input) ** 2)


def mse(y_true, y_pred):
    return np.mean(np.power(y_true - y_pred, 2))


def mse_prime(y_true, y_pred):
    return 2 * (y_pred - y_true) / np.size(y_true)


def video_network(weights) -> list:
    """The video's layers, from a list of (W, B) with B a column."""
    network = []
    for W, B in weights:
        network += [VideoDense(W.copy(), B.reshape(-1, 1).copy()), VideoTanh()]
    return network


def video_epoch(network, x_train, y_train, learning_rate) -> float:
    """One epoch of the video's train loop: every sample (a column) updates the weights."""
    error = 0
    for x, y in zip(x_train, y_train):
        output = x
        for layer in network:
            output = layer.forward(output)
        error += mse(y, output)
        grad = mse_prime(y, output)
        for layer in reversed(network):
            grad = layer.backward(grad, learning_rate)
    return error / len(x_train)


def video_loss(network, x_train, y_train) -> float:
    """Mean of the per-sample MSE over the data set, without training."""
    errors = []
    for x, y in zip(x_train, y_train):
        output = x
        for layer in network:
            output = layer.forward(output)
        errors.append(mse(y, output))
    return float(np.mean(errors))


def dense_weights(model: nn.Sequential) -> list:
    return [(layer.params["weights"], layer.params["bias"])
            for layer in model.layers if isinstance(layer, nn.Dense)]


def step_flops(sizes, batch: int) -> int:
    """Multiply-adds x 2 that a training step needs: Y = X W^T, dE/dW = dE/dY^T X, and
    dE/dX = dE/dY W for every layer but the first (nothing needs the data's gradient)."""
    products = [batch * n_in * n_out for n_in, n_out in zip(sizes, sizes[1:])]
    return 2 * (3 * sum(products) - products[0])


def step_data(sizes, batch: int):
    if sizes == (2, 3, 1):
        x, y = xor_points()
        return x.astype(F32), y.astype(F32)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((batch, sizes[0]), dtype=F32)
    y = rng.uniform(-0.9, 0.9, (batch, sizes[-1])).astype(F32)
    return x, y


def bench_steps(rounds: int, budget: float) -> list[dict]:
    rows = []
    for sizes, batch in SIZES:
        x, y = step_data(sizes, batch)
        model, loss, optimizer = nn_model(sizes), nn.MSE(), nn.SGD(LEARNING_RATE)
        twin = torch_twin(model)
        torch_optimizer = torch.optim.SGD(twin.parameters(), lr=LEARNING_RATE)
        tx, ty = torch.from_numpy(x), torch.from_numpy(y)
        network = video_network(dense_weights(model))
        share = min(batch, VIDEO_SAMPLES) / batch      # the loop's time is linear in samples
        x_columns, y_columns = x[:VIDEO_SAMPLES, :, None], y[:VIDEO_SAMPLES, :, None]

        def nn_step():
            return model.train_step(x, y, loss, optimizer)

        def torch_step():
            torch_optimizer.zero_grad()
            error = torch.nn.functional.mse_loss(twin(tx), ty)
            error.backward()
            torch_optimizer.step()
            return error.item()

        def video_step():
            return video_epoch(network, x_columns, y_columns, LEARNING_RATE)

        # the same step: nn and torch start from the same weights and must agree
        first_nn, first_torch = nn_step(), torch_step()
        agreement = abs(first_nn - first_torch) / max(abs(first_torch), 1e-30)

        once = {name: per_call(f, 1) for name, f in
                (("nn", nn_step), ("torch", torch_step), ("video", video_step))}
        calls = {name: max(1, int(budget / rounds / max(t, 1e-7) / 3))
                 for name, t in once.items()}
        times = interleaved({"nn": nn_step, "torch": torch_step, "video": video_step},
                            calls, rounds, limits={"video": VIDEO_ROUNDS})
        times["video"] = [t / share for t in times["video"]]
        best = {name: min(t) for name, t in times.items()}
        median = {name: statistics.median(t) for name, t in times.items()}
        rows.append({"sizes": sizes, "batch": batch, "best": best, "median": median,
                     "agreement": agreement, "flops": step_flops(sizes, batch),
                     "calls": calls})
        print(f"  {sizes} batch {batch}: nn {fmt_time(best['nn'])}, torch "
              f"{fmt_time(best['torch'])}, video loop {fmt_time(best['video'])}",
              file=sys.stderr, flush=True)
    return rows


# -- what bounds the largest case ------------------------------------------------------------

def largest_case_floor(rounds: int) -> dict[str, float]:
    """Seconds of the largest step's parts, each alone: its matrix products with numpy and
    with torch, and one elementwise pass over one activation (numpy uses one core)."""
    (sizes, batch) = SIZES[-1]
    rng = np.random.default_rng(0)
    Ws = [rng.standard_normal((o, i), dtype=F32) for i, o in zip(sizes, sizes[1:])]
    Xs = [rng.standard_normal((batch, i), dtype=F32) for i in sizes[:-1]]
    Gs = [rng.standard_normal((batch, o), dtype=F32) for o in sizes[1:]]
    tWs, tXs, tGs = ([torch.from_numpy(a) for a in arrays] for arrays in (Ws, Xs, Gs))

    def products(Ws, Xs, Gs):
        for index, (W, X, G) in enumerate(zip(Ws, Xs, Gs)):
            X @ W.T                                  # forward
            G.T @ X                                  # dE/dW
            if index:
                G @ W                                # dE/dX, not for the first layer
    a, b, c = Gs[0].copy(), Gs[0].copy(), np.empty_like(Gs[0])
    Y, B = np.tanh(a), np.zeros(sizes[1], F32)
    W1, W2 = Ws[0].copy(), Ws[1].copy()
    dW1, dW2 = np.zeros_like(W1), np.zeros_like(W2)

    def sgd():
        for W, dW in ((W1, dW1), (W2, dW2)):       # SGD.update, for the two big weights
            W -= LEARNING_RATE * dW
    # nn's elementwise work in one step of the largest case, each piece alone
    pieces = {"+ B (x2)": lambda: np.add(c, B, out=c),           # what x @ W.T + B adds
              "tanh (x2)": lambda: np.tanh(a),
              "tanh' (x2)": lambda: b * (1 - Y ** 2),
              "dE/dB sum (x2)": lambda: b.sum(axis=0),
              "SGD update of W1, W2": sgd}
    times = interleaved({"products": lambda: products(Ws, Xs, Gs),
                         "torch products": lambda: products(tWs, tXs, tGs),
                         "pass": lambda: np.multiply(a, b, out=c), **pieces},
                        {"products": 1, "torch products": 1, "pass": 20,
                         **{name: 10 for name in pieces}}, rounds)
    best = {name: min(t) for name, t in times.items()}
    best["pieces"] = {name: best.pop(name) * (1 if name.startswith("SGD") else 2)
                      for name in pieces}
    return best


# -- 3. XOR: the video's training against nn's fastest way to the same loss ----------------

XOR_SEEDS = range(10)
VIDEO_EPOCHS, VIDEO_LEARNING_RATE = 10_000, 0.1
XOR_CHUNK = 10
XOR_NN_TEXT = ("full batch (the 4 points), Adam(learning_rate=0.05, beta_2=0.95); `fit` "
               f"{XOR_CHUNK} epochs at a time until the loss on the 4 points is at most the "
               "video's final loss")


def xor_start(seed: int) -> list:
    """The video's initialisation, np.random.randn for W and B, from a seeded Generator."""
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal((3, 2)), rng.standard_normal(3)),
            (rng.standard_normal((1, 3)), rng.standard_normal(1))]


def xor_video(seed: int) -> tuple[float, float]:
    """The video's run in float64 as in the original (without its per-epoch print):
    seconds, final loss on the 4 points."""
    x, y = xor_points()
    x_columns, y_columns = x[:, :, None], y[:, :, None]
    network = video_network(xor_start(seed))
    start = clock()
    for _ in range(VIDEO_EPOCHS):
        video_epoch(network, x_columns, y_columns, VIDEO_LEARNING_RATE)
    seconds = clock() - start
    return seconds, video_loss(network, x_columns, y_columns)


def xor_nn(seed: int, target: float) -> tuple[float, float, int]:
    """nn from the same initial weights, trained with ``fit`` until its loss on the 4
    points is at most ``target`` (at most the video's 10,000 epochs):
    seconds, final loss, epochs."""
    x, y = xor_points()
    (W1, B1), (W2, B2) = xor_start(seed)
    model = nn.Sequential([nn.Dense(2, 3), nn.Tanh(), nn.Dense(3, 1), nn.Tanh()], seed=0)
    model.build(2).set_weights([{"weights": W1, "bias": B1}, {},
                                {"weights": W2, "bias": B2}, {}])
    optimizer = nn.Adam(learning_rate=0.05, beta_2=0.95)
    start = clock()
    epochs, error = 0, float("inf")
    while error > target and epochs < VIDEO_EPOCHS:
        model.fit(x, y, loss=nn.MSE(), optimizer=optimizer, epochs=XOR_CHUNK, verbose=0)
        epochs += XOR_CHUNK
        error = model.evaluate(x, y, loss=nn.MSE())
    return clock() - start, error, epochs


def bench_xor(repeats: int) -> list[dict]:
    """Every seed: the video's run and nn's run, each ``repeats`` times in turn (best)."""
    runs = []
    for seed in XOR_SEEDS:
        video_runs, nn_runs = [], []
        for _ in range(repeats):
            video_runs.append(xor_video(seed))
            nn_runs.append(xor_nn(seed, video_runs[0][1]))
        video_seconds, video_error = min(t for t, _ in video_runs), video_runs[0][1]
        nn_seconds = min(t for t, _, _ in nn_runs)
        _, nn_error, epochs = nn_runs[0]
        runs.append({"seed": seed, "video": (video_seconds, video_error),
                     "nn": (nn_seconds, nn_error), "epochs": epochs,
                     "speedup": video_seconds / nn_seconds,
                     "reached": nn_error <= video_error})
        print(f"  seed {seed}: video {fmt_time(video_seconds)} loss {video_error:.3g}, nn "
              f"{fmt_time(nn_seconds)} loss {nn_error:.3g} ({epochs} epochs)",
              file=sys.stderr, flush=True)
    return runs


# -- 4. memory -----------------------------------------------------------------------------

def bench_memory() -> dict:
    sizes, batch = SIZES[-1]
    tracemalloc.start()
    x, y = step_data(sizes, batch)
    model, loss, optimizer = nn_model(sizes), nn.MSE(), nn.SGD(LEARNING_RATE)
    model.train_step(x, y, loss, optimizer)           # every array of a step exists once
    tracemalloc.reset_peak()
    model.train_step(x, y, loss, optimizer)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    parameters = sum(p.nbytes for layer in model.layers for p in layer.params.values())
    state = sum(s.nbytes for _, *slots in optimizer.state.values() for s in slots)
    kept = sum(layer.output.nbytes for layer in model.layers if isinstance(layer, nn.Tanh))
    needed = {"weights": parameters, "gradients": parameters, "optimizer state": state,
              "activations (x, y, every Tanh output)": x.nbytes + y.nbytes + kept}
    return {"peak": peak, "needed": needed, "total": sum(needed.values())}


# -- the report ----------------------------------------------------------------------------

def bounds(rates, rows, floor) -> list[str]:
    """What limits the largest case, from this run's measurements, when a target is missed."""
    peak_rate = max(rates.values())
    largest = rows[-1]
    nn_s, torch_s = largest["best"]["nn"], largest["best"]["torch"]
    products, torch_products = floor["products"], floor["torch products"]
    elementwise = sum(floor["pieces"].values())
    products_rate = largest["flops"] / products / 1e9
    lines = []
    if nn_s >= torch_s:
        lines.append(
            f"- **Faster than PyTorch at the largest size: not met** ({fmt_time(nn_s)} vs "
            f"{fmt_time(torch_s)}). nn's step is its matrix products plus its elementwise "
            f"passes. The products alone take {fmt_time(products)} through numpy's BLAS "
            f"(OpenBLAS) and {fmt_time(torch_products)} through torch's (MKL). The "
            f"elementwise pieces, each measured alone (table above), add up to "
            f"{fmt_time(elementwise)}: numpy runs them one unfused ufunc at a time on one "
            f"core (one pass c = a * b over a {largest['batch']}x{largest['sizes'][1]} "
            f"activation: {fmt_time(floor['pass'])}), so tanh' x dE/dY costs three passes "
            f"(Y*Y, 1 - ., * dE/dY) and the SGD update two (lr * g, W -= .), where torch "
            f"fuses each into one" + (f" and spreads them over {THREADS} threads" if
                                      THREADS > 1 else "") +
            f". To win, nn's elementwise work would have to fit in torch's step minus "
            f"numpy's products, {fmt_time(torch_s - products)}.")
    if nn_s and largest["flops"] / nn_s / 1e9 < 0.8 * peak_rate:
        lines.append(
            f"- **80% of the matrix-multiply rate: not met.** The step's products alone, "
            f"through numpy, run at {products_rate:.0f} GFLOP/s = "
            f"{100 * products_rate / peak_rate:.0f}% of the best measured rate "
            f"({peak_rate:.0f} GFLOP/s, {max(rates, key=rates.get)}'s 2048x2048 product; "
            f"the 10-wide last layer and the batch of {largest['batch']} make smaller, "
            f"slower products). 80% needs the whole step in "
            f"{fmt_time(largest['flops'] / (0.8 * peak_rate * 1e9))}, which leaves "
            f"{fmt_time(largest['flops'] / (0.8 * peak_rate * 1e9) - products)} for the "
            f"{fmt_time(elementwise)} of elementwise passes.")
    if lines:
        lines = ["### What bounds the targets not met", ""] + lines + [""]
    return lines


def cpu_idle() -> tuple[int, int]:
    """(idle, total) CPU ticks of the whole machine so far, from /proc/stat (Linux)."""
    try:
        ticks = [int(t) for t in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    except OSError:
        return 0, 0
    return ticks[3] + ticks[4], sum(ticks)


def report(rates, rows, floor, xor, memory, seconds, command, busy) -> str:
    peak_rate = max(rates.values())
    largest = rows[-1]
    nn_rate = largest["flops"] / largest["best"]["nn"] / 1e9
    torch_rate = largest["flops"] / largest["best"]["torch"] / 1e9
    speedups = sorted(run["speedup"] for run in xor)
    xor_speedup = statistics.median(speedups)
    reached = sum(run["reached"] for run in xor)
    xor_ok = xor_speedup >= 20 and reached == len(xor)
    memory_ratio = memory["peak"] / memory["total"]
    MB = 1e6

    lines = [
        "# `nn` benchmark: one training step, float32",
        "",
        f"Produced by `{command}` on {datetime.date.today().isoformat()} "
        f"({seconds:.0f} s).",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores; {THREADS} thread(s) for "
        f"numpy's BLAS and for torch; numpy {np.__version__}, torch {torch.__version__}, "
        f"Python {platform.python_version()}.",
        f"Clock: {'wall time' if CLOCK_NAME == 'wall' else 'CPU time of this process'}. "
        "Times are the best of several interleaved rounds (the machine is shared with other "
        f"jobs: during this run the machine's cores were {busy:.0%} busy, this run "
        "included); medians in the detail table.",
        *([""] + ["**The machine was busy: wall times of multi-threaded code are then set by the "
                  "other jobs more than by the code. `BENCH_THREADS=1 BENCH_CLOCK=cpu` gives "
                  "steadier numbers.**"] if CLOCK_NAME == "wall" and busy > 0.5 else []),
        *([""] + ["One thread for each library, timed in CPU time: this leaves out the time "
                  "other jobs hold the core, not the caches and memory bandwidth they share. "
                  "The matrix-multiply rate is then one core's."] if CLOCK_NAME == "cpu"
          else []),
        "",
        "## Targets",
        "",
        "| target | measured | status |",
        "|---|---|---|",
    ]
    for row in rows:
        ratio = row["best"]["torch"] / row["best"]["nn"]
        lines.append(f"| faster than PyTorch, {row['sizes']} batch {row['batch']} | "
                     f"nn {fmt_time(row['best']['nn'])} vs torch "
                     f"{fmt_time(row['best']['torch'])} ({ratio:.2f}x) | {mark(ratio > 1)} |")
    lines += [
        f"| >= 80% of the float32 matmul rate at the largest size | {nn_rate:.0f} GFLOP/s = "
        f"{100 * nn_rate / peak_rate:.0f}% of {peak_rate:.0f} GFLOP/s | "
        f"{mark(nn_rate >= 0.8 * peak_rate)} |",
        f"| >= 20x faster than the video's XOR training, to the same loss | "
        f"median {xor_speedup:.0f}x over {len(xor)} initialisations (lowest "
        f"{speedups[0]:.0f}x); the video's loss reached in {reached}/{len(xor)} | "
        f"{mark(xor_ok)} |",
        f"| peak memory of a step <= 1.5x the bytes that must exist | "
        f"{memory['peak'] / MB:.1f} MB = {memory_ratio:.2f}x {memory['total'] / MB:.1f} MB | "
        f"{mark(memory_ratio <= 1.5)} |",
        "",
        "## One training step (forward, MSE, backward, SGD update)",
        "",
        "Networks are Dense -> Tanh after every layer; x ~ N(0, 1), batch as given (XOR: its "
        "4 points). The video loop processes the same samples one at a time as columns, "
        "updating after each (the video's SGD); it is timed on the first "
        f"{VIDEO_SAMPLES} samples of larger batches and scaled to the batch (its cost is "
        "linear in samples).",
        "",
        "| sizes | batch | nn | PyTorch | video loop | nn vs PyTorch | nn vs video loop | "
        "nn GFLOP/s | nn = torch loss? |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        best, median = row["best"], row["median"]
        lines.append(
            f"| {row['sizes']} | {row['batch']} | {fmt_time(best['nn'])} "
            f"(median {fmt_time(median['nn'])}) | {fmt_time(best['torch'])} (median "
            f"{fmt_time(median['torch'])}) | {fmt_time(best['video'])} | "
            f"{best['torch'] / best['nn']:.2f}x faster | "
            f"{best['video'] / best['nn']:.0f}x faster | "
            f"{row['flops'] / best['nn'] / 1e9:.1f} | "
            f"{'yes' if row['agreement'] < 1e-4 else 'NO'} ({row['agreement']:.1g}) |")
    lines += [
        "",
        "GFLOP/s counts only the products a step needs: forward, dE/dW, and dE/dX for every "
        "layer but the first. The last column compares the first step's loss of nn and "
        "PyTorch from the same weights (relative difference).",
        "",
        "## Matrix-multiply rate and the largest case",
        "",
        "| | GFLOP/s |",
        "|---|---|",
        f"| numpy float32 2048x2048 @ 2048x2048 (numpy's BLAS, what nn uses) | "
        f"{rates['numpy']:.0f} |",
        f"| torch float32 2048x2048 @ 2048x2048 (torch's BLAS) | {rates['torch']:.0f} |",
        f"| the step's own products, alone, with numpy: "
        f"{fmt_time(floor['products'])} | {largest['flops'] / floor['products'] / 1e9:.0f} |",
        f"| the same products, alone, with torch: {fmt_time(floor['torch products'])} | "
        f"{largest['flops'] / floor['torch products'] / 1e9:.0f} |",
        f"| nn's whole step (largest case) | {nn_rate:.0f} "
        f"({100 * nn_rate / peak_rate:.0f}% of the best rate) |",
        f"| PyTorch's whole step (largest case) | {torch_rate:.0f} "
        f"({100 * torch_rate / peak_rate:.0f}%) |",
        "",
        "nn's elementwise work in one step of the largest case, each piece timed alone "
        "(numpy uses one core for it):",
        "",
        "| piece | time |",
        "|---|---|",
        *[f"| {name} | {fmt_time(t)} |" for name, t in floor["pieces"].items()],
        f"| **total** | **{fmt_time(sum(floor['pieces'].values()))}** |",
        f"| nn's whole step minus its products alone | "
        f"{fmt_time(largest['best']['nn'] - floor['products'])} |",
        "",
        *bounds(rates, rows, floor),
        "## XOR: the video's training against nn's fastest way to the same loss",
        "",
        "Network Dense(2, 3) -> Tanh -> Dense(3, 1) -> Tanh, MSE, float64 as in the original; "
        "for each seed both runs start from the same initial weights (the video's N(0, 1) "
        "draw). Each run twice, in turn; the best time of each.",
        "",
        f"- video: one sample at a time (a column), SGD with learning rate "
        f"{VIDEO_LEARNING_RATE}, {VIDEO_EPOCHS:,} epochs, the update inside each layer's "
        "backward (its per-epoch print left out).",
        f"- nn: {XOR_NN_TEXT}. Its time includes every `fit` and `evaluate` call.",
        "",
        "| seed | video time | video final loss | nn time | nn final loss | nn epochs | "
        "speed-up |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in xor:
        (vt, vl), (nt, nl) = run["video"], run["nn"]
        lines.append(f"| {run['seed']} | {fmt_time(vt)} | {vl:.3g} | {fmt_time(nt)} | "
                     f"{nl:.3g}{'' if run['reached'] else ' (not reached)'} | "
                     f"{run['epochs']} | {run['speedup']:.0f}x |")
    lines += [
        "",
        "## Peak memory of one training step, largest case",
        "",
        "tracemalloc, started before the model and data were made; one step to create every "
        "array, then the peak of the next step.",
        "",
        "| | MB |",
        "|---|---|",
    ]
    for name, value in memory["needed"].items():
        lines.append(f"| {name} | {value / MB:.2f} |")
    lines += [
        f"| **must exist** | **{memory['total'] / MB:.2f}** |",
        f"| **nn's peak** | **{memory['peak'] / MB:.2f}** ({memory_ratio:.2f}x) |",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true",
                        help="also write the report to benchmarks/RESULTS.md")
    parser.add_argument("--append", action="store_true",
                        help="also add the report at the end of benchmarks/RESULTS.md")
    parser.add_argument("--rounds", type=int, default=25, help="interleaved timing rounds")
    parser.add_argument("--budget", type=float, default=3.0,
                        help="seconds of timing per size, roughly")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke test: 2 rounds, 2 XOR seeds (numbers not meaningful)")
    arguments = parser.parse_args()
    global XOR_SEEDS
    if arguments.quick:
        arguments.rounds, arguments.budget, XOR_SEEDS = 2, 0.3, range(2)
    settings = [f"{name}={os.environ[name]}" for name in ("BENCH_THREADS", "BENCH_CLOCK")
                if name in os.environ]
    command = " ".join([*settings, ".venv/bin/python", "benchmarks/train_step.py",
                        *sys.argv[1:]])
    began, idle_before = time.perf_counter(), cpu_idle()
    print("matmul rate ...", file=sys.stderr, flush=True)
    rates = matmul_rates()
    print("training steps ...", file=sys.stderr, flush=True)
    rows = bench_steps(arguments.rounds, arguments.budget)
    floor = largest_case_floor(arguments.rounds)
    print("XOR ...", file=sys.stderr, flush=True)
    xor = bench_xor(repeats=2)
    print("memory ...", file=sys.stderr, flush=True)
    memory = bench_memory()
    idle_after = cpu_idle()
    busy = 1 - (idle_after[0] - idle_before[0]) / max(idle_after[1] - idle_before[1], 1)
    text = report(rates, rows, floor, xor, memory, time.perf_counter() - began, command, busy)
    print(text)
    results = Path(__file__).parent / "RESULTS.md"
    if arguments.write:
        results.write_text(text)
    elif arguments.append:
        with open(results, "a") as file:
            file.write("\n" + text)


if __name__ == "__main__":
    main()
