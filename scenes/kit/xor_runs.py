"""The extra `nn` runs and views the XOR chapters need, computed from the story's config.

- ``linear_run``: the same training as the story (data, seed, loss, optimizer, learning
  rate, batch size, epochs) for a network with no hidden layer: one Dense and the
  activation.  Its 0.5 level set is a straight line: the best line gradient descent finds.
- ``hidden_view``: the data mapped through the trained story network up to its last
  hidden layer, with the output layer's separating hyperplane there.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

import nn

from ..story import ACTIVATIONS, Story, StoryConfig, make_data, make_optimizer



def linear_model(config: StoryConfig) -> nn.Sequential:
    """Input straight to output: Dense(inputs -> outputs) and the story's activation."""
    return nn.Sequential([nn.Dense(config.layers[0], config.layers[-1]),
                          ACTIVATIONS[config.activation]()], seed=config.seed)


@functools.cache
def linear_run(config: StoryConfig) -> tuple[nn.Sequential, nn.RunRecord]:
    """Train the no-hidden-layer network exactly as the story trains its own.

    Returns the trained model and its record (snapshots every epoch, like story.run).
    """
    x, y = make_data(config)
    model = linear_model(config)
    record = nn.record_run(model, x, y, loss=nn.MSE(), optimizer=make_optimizer(config),
                           epochs=config.epochs, batch_size=config.batch_size)
    return model, record


def activation_inverse(config: StoryConfig, level: float) -> float:
    """The pre-activation z with f(z) = level, for the story's activation f (found
    numerically from the nn layer itself, so any monotone activation works)."""
    z = np.linspace(-20, 20, 400001)[:, None]
    f = ACTIVATIONS[config.activation]().forward(z)[:, 0]
    return float(np.interp(level, f, z[:, 0]))


@dataclass(frozen=True)
class HiddenView:
    """Where the trained network puts the data just before its output layer.

    features: (n, k) the last hidden layer's output for each sample.
    weights, bias: the output Dense layer's W (1, k) and B (1,).
    threshold: the pre-activation at which the output crosses the decision level, so
    the samples split by the hyperplane  W h + B = threshold.
    layer: 1-based number of that hidden layer (1 for 2-3-1, 2 for 2-8-8-1).
    low, high: the range of the activation (the cube the features live in).
    """

    features: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    threshold: float
    layer: int
    low: float
    high: float

    @property
    def scores(self) -> np.ndarray:
        """W h + B - threshold for every sample: its signed side of the hyperplane."""
        return self.features @ self.weights[0] + self.bias[0] - self.threshold


def hidden_view(story: Story, level: float) -> HiddenView:
    """The final trained story network, cut before its last Dense layer."""
    model = story.model_at(-1)
    last_dense = max(i for i, layer in enumerate(model.layers) if isinstance(layer, nn.Dense))
    signal = story.x
    for layer in model.layers[:last_dense]:
        signal = layer.forward(signal)
    out = model.layers[last_dense]
    activation = ACTIVATIONS[story.config.activation]()
    low, high = (float(v) for v in activation.forward(np.array([[-50.0, 50.0]]))[0])
    n_hidden = sum(isinstance(layer, nn.Dense) for layer in model.layers[:last_dense])
    return HiddenView(features=signal.copy(), weights=out.params["weights"].copy(),
                      bias=out.params["bias"].copy(),
                      threshold=activation_inverse(story.config, level),
                      layer=n_hidden, low=round(low, 6), high=round(high, 6))
