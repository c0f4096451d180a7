"""Softmax and the categorical cross-entropy, with the numbers of the story beyond the video.

``softmax_numbers(story)`` takes the recorded training step of that story (one sample
through the fresh network; scenes.story.beyond_story) and works out, in plain numpy and
with the formulas of the chapter, every number the softmax chapter shows: the logits and
their exponentials, the max-subtracted form, what overflows without it, the Jacobian
y_i(δ_ij − y_j), dE/dX by the full Jacobian, by nn's cheap form and by the shortcut
(Y − Y*)/n, and the loss.  Each is paired with what nn itself returned (``recorded`` or a
fresh call of nn's own Softmax), so the chapter can show that they agree.  Nothing here
draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import nn

from ..story import Story

SHIFT = 1000.0        # added to every logit: the same probabilities, but e^x overflows
EXP_LIMIT = float(np.log(np.finfo(np.float64).max))     # 709.78: e^x is inf beyond


@dataclass(frozen=True)
class SoftmaxNumbers:
    """One sample's trip through softmax and the cross-entropy, forward and back.

    Vectors are 1-D, one entry per class.  ``n`` is the batch size nn divides by."""

    logits: np.ndarray          # X: the softmax layer's input (the last Dense's output)
    exp: np.ndarray             # e^X
    total: float                # sum of e^X
    probabilities: np.ndarray   # Y = e^X / sum: computed here
    recorded_output: np.ndarray  # Y as nn's Softmax.forward returned it
    shifted: np.ndarray         # X - max X
    exp_shifted: np.ndarray
    total_shifted: float
    stable: np.ndarray          # e^(X - max) / sum: computed here
    big_logits: np.ndarray      # X + SHIFT
    big_exp: np.ndarray         # e^(X + SHIFT) in float64: inf
    big_naive: np.ndarray       # e^x / sum e^x without the max: nan
    big_nn: np.ndarray          # nn's Softmax on X + SHIFT
    target: np.ndarray          # Y*, one-hot
    log_probabilities: np.ndarray
    loss: float                 # -sum y* log y / n: computed here
    recorded_loss: float        # what nn's CategoricalCrossEntropy returned
    loss_gradient: np.ndarray   # dE/dY = -y*/y / n: computed here
    recorded_loss_gradient: np.ndarray
    jacobian: np.ndarray        # J_ij = y_i (δ_ij − y_j)
    by_jacobian: np.ndarray     # (diag(Y) - Y Y^T) dE/dY
    dot: float                  # sum_k dE/dy_k y_k
    cheap: np.ndarray           # Y * (dE/dY - dot): the form nn computes
    recorded_input_gradient: np.ndarray   # dE/dX as nn's Softmax.backward returned it
    shortcut: np.ndarray        # (Y - Y*) / n
    n: int

    @property
    def true_class(self) -> int:
        return int(np.argmax(self.target))


def _nn_softmax(x: np.ndarray) -> np.ndarray:
    """nn's own Softmax.forward on one row."""
    return nn.Softmax().forward(np.atleast_2d(x))[0]


def softmax_numbers(story: Story) -> SoftmaxNumbers:
    """The chapter's numbers for the story's recorded step (its last layer is a Softmax)."""
    step = story.step
    layer = step.layers[-1]
    if layer.kind != "Softmax":
        raise ValueError(f"the story's last layer is {layer.kind}, not Softmax")
    n = len(step.y_pred)
    x, target = layer.input[0], step.y_true[0]
    exp = np.exp(x)
    probabilities = exp / exp.sum()
    shifted = x - x.max()
    exp_shifted = np.exp(shifted)
    big = x + SHIFT
    with np.errstate(over="ignore", invalid="ignore"):
        big_exp = np.exp(big)
        big_naive = big_exp / big_exp.sum()
    gradient = -target / probabilities / n
    jacobian = np.diag(probabilities) - np.outer(probabilities, probabilities)
    dot = float(gradient @ probabilities)
    return SoftmaxNumbers(
        logits=x, exp=exp, total=float(exp.sum()), probabilities=probabilities,
        recorded_output=layer.output[0], shifted=shifted, exp_shifted=exp_shifted,
        total_shifted=float(exp_shifted.sum()), stable=exp_shifted / exp_shifted.sum(),
        big_logits=big, big_exp=big_exp, big_naive=big_naive, big_nn=_nn_softmax(big),
        target=target, log_probabilities=np.log(probabilities),
        loss=float(-(target * np.log(probabilities)).sum() / n), recorded_loss=step.loss,
        loss_gradient=gradient, recorded_loss_gradient=step.loss_gradient[0],
        jacobian=jacobian, by_jacobian=jacobian @ gradient, dot=dot,
        cheap=probabilities * (gradient - dot),
        recorded_input_gradient=layer.input_gradient[0],
        shortcut=(probabilities - target) / n, n=n)


def fused_and_chained(story: Story) -> tuple[np.ndarray, np.ndarray]:
    """dE/dX for the story's whole data set as one batch, both ways: as nn computed it
    (Softmax.backward of the loss's gradient, recorded in batch_step) and by the shortcut
    (Y - Y*)/n."""
    batch = story.batch_step
    return batch.layers[-1].input_gradient, (batch.y_pred - batch.y_true) / len(batch.y_pred)
