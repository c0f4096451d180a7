"""The story as a program: the Python file that trains the story's network with `nn`.

Chapter 18 shows it, runs it and shows what it prints.  It is generated from the story's
configuration (data set, layers, activation, loss, optimizer, learning rate, epochs, batch
size, seed) in the style of examples/xor.py, and for the default story it *is*
examples/xor.py, byte for byte, so the original's chapter stays the original's.

    python -m scenes.program               # the default story's program
    python -m scenes.program my.toml       # the program of a story configuration

The program trains exactly as the story run does (same data, same seed, same steps), so
its network ends with the story's last weights.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .story import StoryConfig, current_config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "xor.py"
SHOWN_SAMPLES = 4                 # predictions printed by a program on generated data

DATA_WORDS = {
    "circles": "two noisy concentric rings",
    "moons": "two interleaved half moons",
    "spiral": "two interleaved spiral arms",
}
CLASS_NAMES = {"tanh": "Tanh", "sigmoid": "Sigmoid"}
OPTIMIZER_WORDS = {"sgd": "stochastic gradient descent", "adam": "Adam"}
OPTIMIZER_CODE = {"sgd": "nn.SGD", "adam": "nn.Adam"}


@dataclass(frozen=True)
class Program:
    """A story's program: its file name, its text and the words that describe it."""

    name: str
    text: str
    data_words: str              # what the data is, for the narration
    training_words: str          # how it trains: loss, optimizer, batches

    def run(self) -> str:
        """Write the program to a file and run it as `python <file>` from the repository
        root, as a user would; return what it printed."""
        with tempfile.TemporaryDirectory(prefix="nn-story-program-") as folder:
            path = Path(folder) / self.name
            path.write_text(self.text)
            env = dict(os.environ, PYTHONPATH=str(ROOT))
            done = subprocess.run([sys.executable, str(path)], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"the story's program {self.name} failed "
                               f"(exit {done.returncode}):\n{done.stderr[-2000:]}")
        return done.stdout


def _batches(config: StoryConfig) -> str:
    if config.batch_size == 1:
        return "one sample per step"
    if config.batch_size is None or config.batch_size >= config.n_samples:
        return "the whole data set per step"
    return f"batches of {config.batch_size} samples"


def _network(config: StoryConfig) -> str:
    activation = CLASS_NAMES[config.activation]
    lines = []
    for n_in, n_out in zip(config.layers, config.layers[1:]):
        lines += [f"    nn.Dense({n_in}, {n_out}),", f"    nn.{activation}(),"]
    return "\n".join(["network = nn.Sequential([", *lines, f"], seed={config.seed})"])


def _data(config: StoryConfig) -> tuple[str, str, str]:
    """The data lines of the program, its imports, and the narration's words for it."""
    if config.dataset == "xor":
        return ("# the XOR truth table, one sample per row\n"
                "X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])\n"
                "Y = np.array([[0], [1], [1], [0]])",
                "import nn",
                "XOR's truth table, one sample per row, four rows of two inputs and four "
                "targets")
    words = DATA_WORDS[config.dataset]
    return (f"# {config.samples} points of {words}, labelled 0 and 1, one sample per row\n"
            f"X, Y = datasets.{config.dataset}({config.samples}, "
            f"np.random.default_rng({config.seed}))",
            "import nn\nfrom nn import datasets",
            f"{config.samples} points of {words}, made by nn's data sets from the seed "
            f"{config.seed}, one sample per row")


def _test(config: StoryConfig) -> str:
    if config.dataset == "xor":
        return ("# test\n"
                "for x, y in zip(X, network.predict(X)):\n"
                '    print(x, "->", round(float(y[0]), 3))')
    return (f"# test: the first {SHOWN_SAMPLES} samples, then the accuracy on all of them\n"
            "predictions = network.predict(X)\n"
            f"for x, y in zip(X[:{SHOWN_SAMPLES}], predictions[:{SHOWN_SAMPLES}]):\n"
            '    print(x.round(2), "->", round(float(y[0]), 3))\n'
            "accuracy = np.mean((predictions > 0.5) == (Y > 0.5))\n"
            'print("accuracy:", round(float(accuracy), 3))')


def program_for(config: StoryConfig | None = None) -> Program:
    """The program of ``config`` (default: the current story)."""
    config = config or current_config()
    sizes = "-".join(str(n) for n in config.layers)
    title = "XOR, as in the video" if config.dataset == "xor" else config.dataset.capitalize()
    optimizer = OPTIMIZER_WORDS[config.optimizer]
    name = "xor.py" if config.dataset == "xor" else f"{config.dataset}.py"
    where = f"examples/{name}" if config.dataset == "xor" else name
    data, imports, data_words = _data(config)
    batch = "None" if config.batch_size is None else str(config.batch_size)
    text = f'''"""{title}: a {sizes} network with {config.activation}, trained
on the mean squared error by {optimizer}.

Run from the repository root:  python {where}
"""

import numpy as np

{imports}

{data}

{_network(config)}

# train: {_batches(config)}, {config.epochs} epochs
network.fit(X, Y, loss=nn.MSE(),
            optimizer={OPTIMIZER_CODE[config.optimizer]}(learning_rate={config.learning_rate}),
            epochs={config.epochs}, batch_size={batch}, verbose=0)

{_test(config)}
'''
    training = (f"the mean squared error as the loss, {optimizer} with a learning rate of "
                f"{config.learning_rate} as the optimizer, {_batches(config)}, and "
                f"{config.epochs} epochs")
    return Program(name=name, text=text, data_words=data_words, training_words=training)


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print("usage: python -m scenes.program [story.toml]", file=sys.stderr)
        return 2
    config = StoryConfig.from_toml(argv[0]) if argv else current_config()
    sys.stdout.write(program_for(config).text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
