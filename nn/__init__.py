"""nn: a neural-network library in pure numpy, one class per layer, as in the video.

    model = nn.Sequential([nn.Dense(2, 3), nn.Tanh(), nn.Dense(3, 1), nn.Tanh()], seed=0)
    model.fit(X, Y, loss=nn.MSE(), optimizer=nn.SGD(learning_rate=0.1), epochs=1000)

Beyond vectors: ``nn.Conv2D(1, 5, 3)`` takes images (batch, channels, height, width), and
``nn.Flatten()`` turns them into vectors for a Dense.

Layers also work alone, as in the video's own loop: ``nn.Dense(2, 3)`` has its weights at
once, and ``nn.SGD(0.1).step(layers)`` updates a list of layers from their gradients.
"""

from . import initializers, metrics
from .activations import Activation, OutputActivation, ReLU, Sigmoid, Softmax, Tanh
from .callbacks import Callback, EarlyStopping
from .conv import Conv2D
from .dense import Dense
from .gradcheck import gradcheck, gradcheck_loss
from .layer import LAYERS, Layer, NotBuiltError
from .losses import MSE, BinaryCrossEntropy, CategoricalCrossEntropy, Loss
from .model import History, Sequential
from .optimizers import SGD, Adam, Optimizer
from .record import LayerRecord, RunRecord, StepRecord, record_run, record_step
from .reshape import Flatten, Reshape

__all__ = [
    "Layer", "LAYERS", "NotBuiltError", "Dense", "Activation", "OutputActivation", "Tanh",
    "Sigmoid", "ReLU", "Softmax", "Conv2D", "Flatten", "Reshape",
    "Loss", "MSE", "BinaryCrossEntropy", "CategoricalCrossEntropy",
    "Optimizer", "SGD", "Adam",
    "Sequential", "History", "Callback", "EarlyStopping",
    "record_step", "record_run", "StepRecord", "LayerRecord", "RunRecord",
    "gradcheck", "gradcheck_loss", "initializers", "metrics",
]
