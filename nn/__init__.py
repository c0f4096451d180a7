"""nn: a neural-network library in pure numpy, one class per layer, as in the video.

    model = nn.Sequential([nn.Dense(2, 3), nn.Tanh(), nn.Dense(3, 1), nn.Tanh()], seed=0)
    model.fit(X, Y, loss=nn.MSE(), optimizer=nn.SGD(learning_rate=0.1), epochs=1000)
"""

from . import initializers
from .activations import Activation, ReLU, Sigmoid, Softmax, Tanh
from .dense import Dense
from .gradcheck import gradcheck, gradcheck_loss
from .layer import Layer
from .losses import MSE, BinaryCrossEntropy, CategoricalCrossEntropy, Loss
from .model import Callback, History, Sequential
from .optimizers import SGD, Adam, Optimizer
from .record import LayerRecord, RunRecord, StepRecord, record_run, record_step

__all__ = [
    "Layer", "Dense", "Activation", "Tanh", "Sigmoid", "ReLU", "Softmax",
    "Loss", "MSE", "BinaryCrossEntropy", "CategoricalCrossEntropy",
    "Optimizer", "SGD", "Adam",
    "Sequential", "History", "Callback",
    "record_step", "record_run", "StepRecord", "LayerRecord", "RunRecord",
    "gradcheck", "gradcheck_loss", "initializers",
]
