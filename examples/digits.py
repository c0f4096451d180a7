"""Handwritten digits: scikit-learn's bundled 8x8 images, a 64-64-10 network, test accuracy.

    python examples/digits.py

Needs scikit-learn for the data (pip install -e ".[examples]"); the network is plain nn.
"""

from __future__ import annotations

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import nn


def load(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pixels scaled to [0, 1], labels one-hot; a fixed, stratified 75/25 split."""
    digits = load_digits()
    x = digits.data / 16.0                          # (1797, 64), pixel values 0..16
    y = np.eye(10)[digits.target]                   # (1797, 10), one-hot
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.25, random_state=seed, stratify=digits.target)
    return x_train, x_test, y_train, y_test


def accuracy(model: nn.Sequential, x: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(model.predict(x).argmax(axis=1) == y.argmax(axis=1)))


def train(seed: int = 0, epochs: int = 30, verbose: int = 0) -> tuple[nn.Sequential, float]:
    """Train on the training split; return the model and its test accuracy."""
    x_train, x_test, y_train, y_test = load(seed)
    model = nn.Sequential([nn.Dense(64, 64), nn.ReLU(), nn.Dense(10), nn.Softmax()], seed=seed)
    model.fit(x_train, y_train, loss=nn.CategoricalCrossEntropy(),
              optimizer=nn.Adam(learning_rate=0.005), epochs=epochs, batch_size=32,
              verbose=verbose)
    return model, accuracy(model, x_test, y_test)


def main() -> None:
    model, test_accuracy = train(verbose=1)
    model.summary()
    print(f"test accuracy: {test_accuracy:.4f}")


if __name__ == "__main__":
    main()
