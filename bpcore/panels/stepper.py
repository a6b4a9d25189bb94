r"""The backward-pass stepper of notebook 08: reverse-mode autodiff, one edge at a time.

Three layers, as in every panel (see :mod:`.common`):

1. **Compute** (pure): :func:`stepper_graph` builds a small graph of :class:`bpcore.autograd.Value`
   from a fixed menu (:data:`STEPPER_GRAPHS`); :func:`backward_order` lists its nodes in the
   order the backward pass visits them; :func:`backward_steps` replays that pass edge by edge.
   Step 0 seeds :math:`\partial L/\partial L = 1` at the output; every later step is one edge
   :math:`p \to v` of the node ``v`` whose closure runs:

   .. math::

       \underbrace{\frac{\partial v}{\partial p}}_{\text{local}} \cdot
       \underbrace{\frac{\partial L}{\partial v}}_{\text{upstream}} = \text{product},\qquad
       \texttt{p.grad} \mathrel{+}= \text{product}.

   Where two paths meet (a node used twice) the node receives several products: the step shows
   the running sum. :func:`stepper_run` gathers what the panel shows at one step.
2. **Drawing**: :func:`draw_step` draws the graph with :func:`bpcore.plots.computational_graph`,
   the current node ringed and its edge highlighted, every gradient known so far under its node.
3. **Panel**: :func:`stepper_panel` (ipywidgets, imported lazily): a menu of graphs, a step slider,
   and next / previous / reset buttons.
"""
from dataclasses import dataclass
from typing import List, Optional, Tuple

from ..autograd import Value, backward
from ..i18n import tr, tr_plot
from .common import new_figure

# -- the graphs --------------------------------------------------------------------------------


def _seed000_neuron():
    """Seed 000's first neuron with notebook 02's numbers: a1 = sigma(w1 x1 + w2 x2 + w3 x3 + b1)."""
    x = [Value(v, f"x{k}") for k, v in enumerate((0.27, 0.46, 0.49), 1)]
    w = [Value(v, f"w{k}") for k, v in enumerate((0.1, 0.5, -0.3), 1)]
    b = Value(0.1, "b1")
    m = [wk * xk for wk, xk in zip(w, x)]
    for k, mk in enumerate(m, 1):
        mk.label = f"w{k}x{k}"
    s12 = m[0] + m[1]
    s12.label = "s12"
    s123 = s12 + m[2]
    s123.label = "s123"
    z = s123 + b
    z.label = "z1"
    a = z.sigmoid()
    a.label = "a1"
    return a


def _micrograd_demo():
    """L = (a b + c) f with a = 2, b = -3, c = 10, f = -2 (micrograd's demo, notebook 08's step 1)."""
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return L


def _two_paths():
    """z = s^2 e^s at s = 1.2: s reaches z along two paths, which meet with += (notebook 01)."""
    s = Value(1.2, "s")
    u = s ** 2
    u.label = "u"
    v = s.exp()
    v.label = "v"
    z = u * v
    z.label = "z"
    return z


def _tanh_neuron():
    """o = tanh(w1 x1 + w2 x2 + b) with micrograd's numbers, and a loss L = d^2, d = o - y, y = 1."""
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2 = Value(-3.0, "w1"), Value(1.0, "w2")
    b = Value(6.8813735870195432, "b")
    m1, m2 = w1 * x1, w2 * x2
    m1.label, m2.label = "w1x1", "w2x2"
    s = m1 + m2
    s.label = "s"
    n = s + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    d = o - Value(1.0, "y")
    d.label = "d"
    L = d ** 2
    L.label = "L"
    return L


STEPPER_GRAPHS = {
    "seed 000's first neuron: a1 = σ(w1·x1 + w2·x2 + w3·x3 + b1)": _seed000_neuron,
    "two paths meet: z = s² · exp(s)": _two_paths,
    "micrograd's demo: L = (a·b + c) · f": _micrograd_demo,
    "tanh neuron and its loss: L = (tanh(w1·x1 + w2·x2 + b) − y)²": _tanh_neuron,
}
STEPPER_DEFAULT = next(iter(STEPPER_GRAPHS))


def stepper_graph(name):
    """A fresh graph from the menu: its output Value (every node labelled, gradients 0)."""
    if name not in STEPPER_GRAPHS:
        raise ValueError(f"graph must be one of {list(STEPPER_GRAPHS)}; got {name!r}")
    root = STEPPER_GRAPHS[name]()
    used = set()
    for k, v in enumerate(root.topological_order()):
        if not v.label:  # a constant such as the 1.0 in o - 1.0
            v.label = f"{v.data:g}" if not v.parents else f"{v.op}{k}"
        while v.label in used:  # the drawing names nodes by label
            v.label += "'"
        used.add(v.label)
    return root


# -- the backward pass, step by step ------------------------------------------------------------


def backward_order(root):
    """The nodes in the order the backward pass visits them: the reverse topological order."""
    if not isinstance(root, Value):
        raise ValueError(f"root must be a Value; got {type(root).__name__}")
    return list(reversed(root.topological_order()))


@dataclass(frozen=True)
class Step:
    r"""One step of the backward pass.

    node: the label of the node whose gradient changes (the current node).
    via: the label of the node whose closure pushes to it (None at step 0, the seed).
    local: :math:`\partial\,via/\partial\,node`; upstream: :math:`\partial L/\partial\,via`;
    product = local * upstream (at step 0 all three are None and ``after`` is 1).
    before, after: ``node.grad`` before and after this step's ``+=``.
    term, terms: this is the ``term``-th of the ``terms`` products the node receives
    (terms > 1 where paths meet).
    """

    index: int
    node: str
    via: Optional[str]
    local: Optional[float]
    upstream: Optional[float]
    product: Optional[float]
    before: float
    after: float
    term: int
    terms: int

    @property
    def text(self):
        """One or two lines describing the step, with 4 significant digits (in the language
        of :func:`bpcore.set_language`)."""
        return self._describe(tr)

    @property
    def plot_text(self):
        """:attr:`text` for a figure title (English when no CJK font was found)."""
        return self._describe(tr_plot)

    def _describe(self, t):
        if self.via is None:
            return t("step 0: seed ∂L/∂{node} = 1 at the output", node=self.node)
        line1 = t("step {index}: {via} → {node}:  local ∂{via}/∂{node} = {local:.4g},  "
                  "upstream ∂L/∂{via} = {upstream:.4g},  product = {product:.4g}",
                  index=self.index, via=self.via, node=self.node, local=self.local,
                  upstream=self.upstream, product=self.product)
        if self.terms == 1:
            line2 = f"{self.node}.grad = {self.after:.4g}"
        else:
            line2 = (f"{self.node}.grad += {self.product:.4g}:  {self.before:.4g} → {self.after:.4g}  "
                     + t("(path {term} of {terms}: the paths meet, so their products add)",
                         term=self.term, terms=self.terms))
        return line1 + "\n" + line2


def backward_steps(root):
    """Replay ``backward(root)`` one edge at a time; returns the list of :class:`Step`.

    The local derivatives come from each node's own closure (``Value.local_grads``). The gradients
    of the graph are left as ``backward(root)`` leaves them.
    """
    order = backward_order(root)
    locals_of = {id(v): v.local_grads() for v in order}
    terms = {id(v): 0 for v in order}
    for v in order:
        for p, _ in locals_of[id(v)]:
            terms[id(p)] += 1
    grad = {id(v): 0.0 for v in order}
    grad[id(root)] = 1.0
    steps = [Step(0, root.label, None, None, None, None, 0.0, 1.0, 1, 1)]
    seen = {id(v): 0 for v in order}
    for v in order:
        for p, local in locals_of[id(v)]:
            before = grad[id(p)]
            product = local * grad[id(v)]
            grad[id(p)] = before + product
            seen[id(p)] += 1
            steps.append(Step(len(steps), p.label, v.label, local, grad[id(v)], product, before,
                              grad[id(p)], seen[id(p)], terms[id(p)]))
    root.zero_grad()
    backward(root)
    return steps


def graph_layout(root, dx=1.7, height=5.0):
    """``{label: (x, y)}``: the output on the right, each node one column left of its farthest
    consumer, columns spread over ``height`` in the order a depth-first walk from the output
    meets them (first parent on top)."""
    order = backward_order(root)
    column = {id(root): 0}
    for v in order:                       # consumers come before their parents in this order
        for p in v.parents:
            column[id(p)] = max(column.get(id(p), 0), column[id(v)] + 1)
    rank, stack, seen = [], [root], set()
    while stack:                          # pre-order walk, parents in order
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        rank.append(v)
        stack.extend(reversed(v.parents))
    n_cols = max(column.values())
    pos = {}
    for c in range(n_cols + 1):
        nodes = [v for v in rank if column[id(v)] == c]
        gap = min(height / max(len(nodes) - 1, 1), 1.4)
        for i, v in enumerate(nodes):
            pos[v.label] = ((n_cols - c) * dx, ((len(nodes) - 1) / 2 - i) * gap)
    return pos


def _graph_edges(root):
    """(parent label, node label, local derivative) for every distinct edge."""
    return [(p.label, v.label, local) for v in backward_order(root) for p, local in v.local_grads()]


@dataclass
class StepperRun:
    """What the panel shows: the graph's nodes and edges, every step, the chosen one."""

    graph: str
    step: int
    steps: List[Step]
    data: dict          # label -> the node's value
    edges: List[Tuple[str, str, float]]
    pos: dict
    grads: dict         # label -> its gradient after this step (absent: nothing received yet)

    @property
    def current(self):
        return self.steps[self.step]

    @property
    def message(self):
        return self.current.text.replace("\n", "  ·  ")


def stepper_run(graph=STEPPER_DEFAULT, step=0):
    """The state after ``step`` steps of the backward pass of the menu graph ``graph``.

    ``step`` past the last step is clamped to the last (a menu change may shorten the pass);
    a negative or non-integer ``step`` raises ValueError.
    """
    if isinstance(step, bool) or not isinstance(step, int) or step < 0:
        raise ValueError(f"step must be a whole number >= 0; got {step!r}")
    root = stepper_graph(graph)
    steps = backward_steps(root)
    step = min(step, len(steps) - 1)
    grads = {}
    for s in steps[:step + 1]:
        grads[s.node] = s.after
    data = {v.label: v.data for v in root.topological_order()}
    return StepperRun(graph, step, steps, data, _graph_edges(root), graph_layout(root), grads)


# -- drawing -----------------------------------------------------------------------------------


class StepperDrawing:
    """The graph of one :class:`StepperRun` drawn on ``ax`` once; :meth:`show` moves the overlays
    (the current node's ring, its edge in red, the gradients known so far, the step's text), so
    stepping redraws no node or edge."""

    def __init__(self, run, ax, radius=0.42):
        from matplotlib.patches import Circle, FancyArrowPatch

        from ..plots import computational_graph

        self.graph, self.ax, self.radius, self.pos = run.graph, ax, radius, run.pos
        nodes = {name: (x, y, f"{name}\n{run.data[name]:.3g}") for name, (x, y) in run.pos.items()}
        edges = [(p, v, f"{local:.3g}") for p, v, local in run.edges]
        ax.clear()
        computational_graph(nodes, edges, ax=ax, title=None, radius=radius, fontsize=9,
                            label_pos=0.45)
        y0, y1 = ax.get_ylim()
        ax.set_ylim(y0 - radius, y1)
        self.ring = ax.add_patch(Circle((0, 0), radius * 1.18, fill=False, edgecolor="crimson",
                                        lw=3, zorder=5))
        self.arrow = ax.add_patch(FancyArrowPatch((0, 0), (1, 0), arrowstyle="-|>", mutation_scale=16,
                                                  lw=2.8, color="crimson", zorder=1.5))
        self.grad_text = {name: ax.text(x, y - radius * 1.35, "", ha="center", va="top", fontsize=8.5,
                                        zorder=6) for name, (x, y) in run.pos.items()}
        self.title = ax.set_title("", fontsize=9.5, loc="left")
        self.overlays = [self.arrow, self.ring, self.title, *self.grad_text.values()]

    def show(self, run):
        """Overlays for ``run``'s step (``run`` must be of the graph drawn)."""
        import numpy as np

        cur, r = run.current, self.radius
        self.ring.set_center(self.pos[cur.node])
        self.ring.set_visible(True)
        self.title.set_visible(True)
        self.arrow.set_visible(cur.via is not None)
        if cur.via is not None:
            a, b = np.array(self.pos[cur.node]), np.array(self.pos[cur.via])
            u = (b - a) / np.linalg.norm(b - a)
            self.arrow.set_positions(tuple(a + r * u), tuple(b - r * u))
        for name, text in self.grad_text.items():
            known = name in run.grads
            text.set_visible(known)
            if known:
                text.set_text(tr_plot("grad {value:.4g}", value=run.grads[name]))
                text.set_color("crimson" if name == cur.node else "darkgreen")
        self.title.set_text(cur.plot_text)


def draw_step(run, ax, radius=0.42):
    """Draw ``run`` (a :class:`StepperRun`) on ``ax``: values in the nodes, local derivatives on
    the edges, the current node ringed and its edge red, the gradients known so far under their
    nodes (the current one red). Returns the :class:`StepperDrawing`."""
    drawing = StepperDrawing(run, ax, radius)
    drawing.show(run)
    return drawing


class StepperView:
    """One figure for the panel. The graph is rendered once per menu choice and kept as a
    background; a step restores it and draws only the overlays (blitting), so a step costs a few
    text draws and a PNG encoding instead of a whole figure."""

    def __init__(self, figsize=(9.6, 4.8), dpi=90):
        self.fig, ax = new_figure(ncols=1, figsize=figsize, dpi=dpi)
        self.ax = ax
        self.fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.88)
        self.drawing = None
        self._background = None

    def update(self, run):
        """Draw ``run``'s step into the figure's canvas (read it with :meth:`png`)."""
        canvas = self.fig.canvas
        if self.drawing is None or self.drawing.graph != run.graph:
            self.drawing = StepperDrawing(run, self.ax)
            for artist in self.drawing.overlays:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        self.drawing.show(run)
        canvas.restore_region(self._background)
        for artist in self.drawing.overlays:
            if artist.get_visible():
                self.ax.draw_artist(artist)

    def png(self):
        """The canvas as PNG bytes (what :meth:`update` drew)."""
        import io

        from PIL import Image

        canvas = self.fig.canvas
        w, h = canvas.get_width_height()
        buf = io.BytesIO()
        Image.frombuffer("RGBA", (w, h), bytes(canvas.buffer_rgba()), "raw", "RGBA", 0, 1) \
            .save(buf, format="png", compress_level=1)
        return buf.getvalue()


def stepper_figure(graph=STEPPER_DEFAULT, step=0):
    """The panel's picture at one step, as a static figure (the cell after the panel shows it)."""
    view = StepperView()
    view.update(stepper_run(graph, step))
    return view.fig


# -- the panel ---------------------------------------------------------------------------------


def stepper_panel(graph=STEPPER_DEFAULT, step=0):
    """A menu "graph", a slider "step" and buttons "previous", "next", "reset".

    Keys of ``panel.controls``: graph, step; ``panel.buttons``: previous, next, reset. Like the
    panels of :mod:`.common` the VBox carries ``.image``, ``.status``, ``.view``, ``.data``,
    ``.refresh()`` and ``.timings`` (draw_ms of the last refresh, and whether its picture was
    already drawn). A picture is drawn once per (graph, step); after showing a step the panel
    draws the next one, so "next" shows a ready picture.
    """
    import time

    import ipywidgets as W

    from .common import SLIDER_STYLE, SLIDER_WIDTH, error_html, status_html

    n_steps = len(stepper_run(graph, 0).steps)
    controls = {
        # menu labels in the current language; the values stay the English keys
        "graph": W.Dropdown(options=[(tr(name), name) for name in STEPPER_GRAPHS], value=graph,
                            description=tr("graph"),
                            style=SLIDER_STYLE, layout=W.Layout(width="600px")),
        "step": W.IntSlider(value=min(step, n_steps - 1), min=0, max=n_steps - 1, description=tr("step"),
                            continuous_update=False, style=SLIDER_STYLE,
                            layout=W.Layout(width=SLIDER_WIDTH)),
    }
    buttons = {name: W.Button(description=tr(name), icon=icon, layout=W.Layout(width="110px"))
               for name, icon in (("previous", "step-backward"), ("next", "step-forward"),
                                  ("reset", "undo"))}
    caption = W.HTML(tr("<b>Backward-pass stepper</b>: each step runs one edge of a closure: "
                        "local derivative × upstream gradient, added (+=) to the current node's "
                        "gradient (red ring). Click a button or focus the slider and use the arrow keys."))
    image = W.Image(format="png", layout=W.Layout(width="auto", max_width="100%"))
    status = W.HTML()
    view = StepperView()
    panel = W.VBox([caption, controls["graph"],
                    W.HBox([controls["step"], *buttons.values()]), status, image])
    panel.controls, panel.buttons, panel.image, panel.status, panel.view = (
        controls, buttons, image, status, view)
    panel.timings = {}
    slider = controls["step"]

    cache = {}                               # (graph, step) -> (run, PNG bytes)

    def render(graph_name, k):
        if (graph_name, k) not in cache:
            run = stepper_run(graph_name, k)
            view.update(run)
            cache[graph_name, k] = (run, view.png())
        return cache[graph_name, k]

    def refresh(change=None):
        t0 = time.perf_counter()
        try:
            hit = (controls["graph"].value, slider.value) in cache
            run, png = render(controls["graph"].value, slider.value)
        except ValueError as exc:            # never a traceback on the panel
            status.value = error_html(str(exc))
            return
        t1 = time.perf_counter()
        image.value = png
        status.value = status_html(run.message)
        panel.data = run
        panel.timings = {"draw_ms": 1e3 * (t1 - t0), "cached": hit}
        # the likely next press is "next": draw that step now, while the student reads this one
        if run.step < slider.max:
            render(run.graph, run.step + 1)

    def new_graph(change):
        with slider.hold_trait_notifications():
            slider.value = 0
            slider.max = len(stepper_run(change["new"], 0).steps) - 1
        refresh()

    def move(delta):
        def click(_):
            slider.value = min(max(slider.value + delta, 0), slider.max)
        return click

    slider.observe(refresh, names="value")
    controls["graph"].observe(new_graph, names="value")
    buttons["previous"].on_click(move(-1))
    buttons["next"].on_click(move(+1))
    buttons["reset"].on_click(lambda _: setattr(slider, "value", 0))
    panel.refresh = refresh
    refresh()
    return panel
