"""The interactive panels of the notebooks, one module each, on what they share in :mod:`.common`.

=================  =====================================  ========================================
module             compute / drawing                      panel (ipywidgets)
=================  =====================================  ========================================
:mod:`.perceptron` ``perceptron_run``, ``PerceptronView``  ``perceptron_panel()`` (notebook 04)
:mod:`.xor`        ``xor_run``, ``XorView``               ``xor_panel()`` (notebook 05)
:mod:`.playground` ``Playground``, ``playground_run``,    ``playground()`` (notebook 07)
                   ``playground_steps``, ``PlaygroundView``
:mod:`.stepper`    ``stepper_run``, ``backward_steps``,   ``stepper_panel()`` (notebook 08)
                   ``StepperView``, ``draw_step``
=================  =====================================  ========================================

``from bpcore import panels; panels.xor_panel()``. The compute and drawing layers need only NumPy
and matplotlib; ipywidgets is imported when a panel is built. ``import bpcore`` does not load
this package. Imports go one way: common <- each panel module <- this file.

Note: the function :func:`playground` shadows the submodule of the same name as an attribute of
this package; reach the module with ``importlib.import_module("bpcore.panels.playground")``.
"""
from .common import (CLASS_STYLE, LOSS_CEILING, LOSS_FLOOR, MENU_WIDTH, SEED_MAX, SLIDER_STYLE,
                     SLIDER_WIDTH, Frame, axes_key, build_panel, class_points, control_width,
                     decade_limits, error_html, escape, failure_text, figure_png, integer_in,
                     kernel_loop, new_figure, next_value, nice_ceiling, number_in, rgba_png,
                     set_class_points, status_html, undo_change)
from .perceptron import (PERCEPTRON_BOUNDS, PERCEPTRON_DATA, PERCEPTRON_DEFAULTS, PERCEPTRON_STOPS,
                         PerceptronRun, PerceptronView, draw_perceptron, half_planes, line_through,
                         perceptron_panel, perceptron_run, perceptron_xor)
from .xor import (MAX_CURVE_POINTS, XOR_ACTIVATIONS, XOR_BOUNDS, XOR_DEFAULTS, XOR_INITS, XOR_LOSSES,
                  XOR_OUTPUTS, XOR_PANEL_RESOLUTION, XorRun, XorView, draw_xor, xor_grid,
                  xor_network, xor_panel, xor_run)
from .playground import (GRAD_FLOOR, PLAYGROUND_ACTIVATIONS, PLAYGROUND_CHUNK, PLAYGROUND_DATASETS,
                         PLAYGROUND_DEFAULTS, PLAYGROUND_EPOCHS, PLAYGROUND_INITS, PLAYGROUND_LOSSES,
                         PLAYGROUND_LRS, PLAYGROUND_MAX_LAYERS, PLAYGROUND_PANEL_DEFAULTS,
                         PLAYGROUND_PANEL_RESOLUTION, PLAYGROUND_PAUSE, PLAYGROUND_RESOLUTION,
                         Playground, PlaygroundSnapshot, PlaygroundView, draw_playground, playground,
                         playground_run, playground_steps)
from .stepper import (STEPPER_DEFAULT, STEPPER_GRAPHS, Step, StepperRun, StepperView, backward_order,
                      backward_steps, draw_step, graph_layout, stepper_figure, stepper_graph,
                      stepper_panel, stepper_run)

__all__ = [
    # common
    "CLASS_STYLE", "LOSS_CEILING", "LOSS_FLOOR", "MENU_WIDTH", "SEED_MAX", "SLIDER_STYLE",
    "SLIDER_WIDTH", "Frame", "axes_key", "build_panel", "class_points", "control_width",
    "decade_limits", "error_html", "escape", "failure_text", "figure_png", "integer_in",
    "new_figure", "next_value", "nice_ceiling", "number_in", "rgba_png", "set_class_points", "status_html",
    "undo_change",
    # perceptron (notebook 04)
    "PERCEPTRON_BOUNDS", "PERCEPTRON_DATA", "PERCEPTRON_DEFAULTS", "PERCEPTRON_STOPS",
    "PerceptronRun", "PerceptronView", "draw_perceptron", "half_planes", "line_through", "perceptron_panel",
    "perceptron_run", "perceptron_xor",
    # xor (notebook 05)
    "MAX_CURVE_POINTS", "XOR_ACTIVATIONS", "XOR_BOUNDS", "XOR_DEFAULTS", "XOR_INITS", "XOR_LOSSES",
    "XOR_OUTPUTS", "XOR_PANEL_RESOLUTION", "XorRun", "XorView", "draw_xor", "xor_grid",
    "xor_network", "xor_panel", "xor_run",
    # playground (notebook 07)
    "GRAD_FLOOR", "PLAYGROUND_ACTIVATIONS", "PLAYGROUND_CHUNK", "PLAYGROUND_DATASETS",
    "PLAYGROUND_DEFAULTS", "PLAYGROUND_EPOCHS", "PLAYGROUND_INITS", "PLAYGROUND_LOSSES",
    "PLAYGROUND_LRS", "PLAYGROUND_MAX_LAYERS", "PLAYGROUND_PANEL_DEFAULTS",
    "PLAYGROUND_PANEL_RESOLUTION", "PLAYGROUND_PAUSE",
    "PLAYGROUND_RESOLUTION", "Playground", "PlaygroundSnapshot", "PlaygroundView", "draw_playground",
    "kernel_loop", "playground", "playground_run", "playground_steps",
    # stepper (notebook 08)
    "STEPPER_DEFAULT", "STEPPER_GRAPHS", "Step", "StepperRun", "StepperView", "backward_order",
    "backward_steps", "draw_step", "graph_layout", "stepper_figure", "stepper_graph",
    "stepper_panel", "stepper_run",
]
