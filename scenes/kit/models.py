"""Models of the story run, rebuilt from its records, for scenes that need to evaluate them.

These build the model before loading parameters, so they also work for a model whose
first Dense infers its input size (``Story.model_at`` loads into an unbuilt model).
"""

from __future__ import annotations

import nn

from ..story import Story


def built_model(story: Story) -> nn.Sequential:
    model = story.new_model()
    if not model.built:
        model.build(story.x.shape[1])
    return model


def model_at(story: Story, k: int) -> nn.Sequential:
    """The model holding snapshot k of the run (0: before training, -1: the end)."""
    model = built_model(story)
    model.set_weights(story.run.weights[k])
    return model


def model_before_step(story: Story) -> nn.Sequential:
    """The model holding the parameters the recorded step started from."""
    model = built_model(story)
    model.set_weights([layer.params_before for layer in story.step.layers])
    return model
