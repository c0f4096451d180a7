"""XOR, as in the video: a 2-3-1 network with tanh, trained
on the mean squared error by stochastic gradient descent.

Run from the repository root:  python examples/xor.py
"""

import numpy as np

import nn

# the XOR truth table, one sample per row
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
Y = np.array([[0], [1], [1], [0]])

network = nn.Sequential([
    nn.Dense(2, 3),
    nn.Tanh(),
    nn.Dense(3, 1),
    nn.Tanh(),
], seed=0)

# train: one sample per step, 10000 epochs
network.fit(X, Y, loss=nn.MSE(),
            optimizer=nn.SGD(learning_rate=0.1),
            epochs=10000, batch_size=1, verbose=0)

# test
for x, y in zip(X, network.predict(X)):
    print(x, "->", round(float(y[0]), 3))
