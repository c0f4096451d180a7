"""Handwritten digits with a small convolutional network: scikit-learn's bundled 8x8 images,
all ten classes, Conv2D(1 -> 5, 3x3) -> ReLU -> Flatten -> Dense(10) -> Softmax.

    python examples/digits_cnn.py

Needs scikit-learn for the data (pip install -e ".[examples]"; nothing is downloaded: the
1797 images ship inside its wheel); the network is plain nn.
"""

from __future__ import annotations

import time

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import nn

KERNELS, KERNEL_SIZE, EPOCHS, BATCH, LEARNING_RATE = 5, 3, 20, 32, 0.005


def load(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Images (batch, 1, 8, 8) scaled to [0, 1], labels one-hot; a fixed, stratified 75/25
    split."""
    digits = load_digits()
    x = digits.images[:, None] / 16.0               # (1797, 1, 8, 8): one channel, 0..16
    y = np.eye(10)[digits.target]                   # (1797, 10), one-hot
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.25, random_state=seed, stratify=digits.target)
    return x_train, x_test, y_train, y_test


def model_for(seed: int = 0, kernels: int = KERNELS, kernel_size: int = KERNEL_SIZE,
              activation=nn.ReLU) -> nn.Sequential:
    return nn.Sequential([nn.Conv2D(1, kernels, kernel_size), activation(), nn.Flatten(),
                          nn.Dense(10), nn.Softmax()], seed=seed)


def train(seed: int = 0, epochs: int = EPOCHS, verbose: int = 0,
          **sizes) -> tuple[nn.Sequential, float]:
    """Train on the training split; return the model and its test accuracy."""
    x_train, x_test, y_train, y_test = load(seed)
    model = model_for(seed, **sizes)
    model.fit(x_train, y_train, loss=nn.CategoricalCrossEntropy(),
              optimizer=nn.Adam(learning_rate=LEARNING_RATE), epochs=epochs,
              batch_size=BATCH, verbose=verbose)
    test = model.evaluate(x_test, y_test, loss=nn.CategoricalCrossEntropy(),
                          metrics=["accuracy"])
    return model, test["accuracy"]


def main() -> None:
    start = time.perf_counter()
    model, test_accuracy = train(verbose=1)
    seconds = time.perf_counter() - start
    model.summary()
    print(f"test accuracy: {test_accuracy:.4f} ({seconds:.1f} s, data and training)")


if __name__ == "__main__":
    main()
