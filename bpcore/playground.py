"""Compatibility module: the playground moved to :mod:`bpcore.panels.playground`; this only
re-exports its public names. New code: ``from bpcore import panels; panels.playground()``."""
from .panels import (GRAD_FLOOR, PLAYGROUND_ACTIVATIONS, PLAYGROUND_CHUNK,  # noqa: F401
                     PLAYGROUND_DATASETS, PLAYGROUND_DEFAULTS, PLAYGROUND_EPOCHS, PLAYGROUND_INITS,
                     PLAYGROUND_LOSSES, PLAYGROUND_LRS, PLAYGROUND_MAX_LAYERS,
                     PLAYGROUND_PANEL_DEFAULTS, PLAYGROUND_PAUSE, PLAYGROUND_RESOLUTION, Playground,
                     PlaygroundSnapshot, PlaygroundView, draw_playground, kernel_loop, playground,
                     playground_run, playground_steps)
