"""XOR with the video's own training loop, written with nn's layers, loss and optimizer.

The video trains with a loop over epochs and samples: forward through every layer, the
error, backward through every layer, and the update. Here is that loop with nn; fit
(examples/xor.py) is what it becomes. One difference from the video, on purpose: backward
only computes the gradients, and the optimizer updates every layer afterwards.

Run from the repository root:  python examples/video_loop.py
"""

import numpy as np

import nn

# the XOR truth table: 4 samples, each a batch of one row, shape (1, 2)
X = np.reshape([[0, 0], [0, 1], [1, 0], [1, 1]], (4, 1, 2)).astype(float)
Y = np.reshape([[0], [1], [1], [0]], (4, 1, 1)).astype(float)


def make_network(seed=0):
    """The video's 2-3-1 tanh network. Both Dense layers draw their weights from one
    Generator, in order, as nn.Sequential(..., seed=seed) does: examples/xor.py starts
    from the same weights."""
    rng = np.random.default_rng(seed)
    return [nn.Dense(2, 3, rng=rng), nn.Tanh(), nn.Dense(3, 1, rng=rng), nn.Tanh()]


def train(seed=0, epochs=1000, learning_rate=0.1, verbose=True):
    """Train the network one sample at a time, as the video does; returns (network, error)
    with the mean error of the last epoch."""
    network = make_network(seed)
    loss = nn.MSE()
    optimizer = nn.SGD(learning_rate=learning_rate)

    for epoch in range(epochs):
        error = 0
        for x, y in zip(X, Y):
            # forward
            output = x
            for layer in network:
                output = layer.forward(output)
            error += loss(y, output)

            # backward, then the update
            grad = loss.gradient(y, output)
            for layer in reversed(network):
                grad = layer.backward(grad)
            optimizer.step(network)

        error /= len(X)
        if verbose and (epoch + 1) % max(1, epochs // 10) == 0:
            print(f"epoch {epoch + 1}/{epochs}  error {error:.6f}")
    return network, error


def predict(network, x):
    for layer in network:
        x = layer.forward(x)
    return x


if __name__ == "__main__":
    network, _ = train()
    for x in X:
        print(x[0], "->", round(float(predict(network, x)[0, 0]), 3))
