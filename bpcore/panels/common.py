"""What every panel shares: the figure, the PNG, the controls' style and layout, the panel.

Each panel (:mod:`.perceptron`, :mod:`.xor`, :mod:`.playground`) has three layers, each usable
without the next:

1. **Compute** (pure, NumPy only, no warnings at any slider position): a ``*_run`` function that
   takes the slider values and returns a dataclass.
2. **Drawing** (matplotlib, no pyplot state): a ``*View`` class builds its artists once on
   :func:`new_figure` and ``update(data)`` only changes them, so a redraw is cheap.
3. **Panel** (ipywidgets, imported lazily): :func:`build_panel` puts the controls, a status line
   (:func:`status_html`) and the picture in a ``VBox``. A view's ``render()`` redraws only what
   moved (:class:`Frame`) and :func:`rgba_png` encodes it; :func:`figure_png` is the slow,
   complete path for a figure on its own.

This module imports nothing from the panel modules; they import from it.
"""
import io
import math
import numbers
import struct
import zlib

import numpy as np

from ..i18n import choose, get_language, tr

# -- the arguments of the compute functions ---------------------------------------------------

SEED_MAX = 2 ** 32 - 1  # NumPy's legacy seeds (seed 003's np.random.seed) stop here


def integer_in(value, name, low, high):
    """``value`` as an int in [low, high] (a Python or NumPy integer; not a bool, float or str)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}; got {value!r}")
    return int(value)


def number_in(value, name, low=-math.inf, high=math.inf, *, low_open=False):
    """``value`` as a finite float in [low, high] (or (low, high] when ``low_open``)."""
    ok = not isinstance(value, bool) and isinstance(value, numbers.Real)
    if ok:
        try:
            value = float(value)
        except OverflowError:  # an int past float's range, 10**400 say
            value = math.inf if value > 0 else -math.inf
        ok = math.isfinite(value) and (value > low if low_open else value >= low) and value <= high
    if not ok:
        bounds = (f"> {low:g}" if low_open else f">= {low:g}") if math.isfinite(low) else ""
        if math.isfinite(high):
            bounds += (" and " if bounds else "") + f"<= {high:g}"
        raise ValueError(f"{name} must be a finite number{' ' + bounds if bounds else ''}; got {value!r}")
    return value


# -- drawing ---------------------------------------------------------------------------------

CLASS_STYLE = ((0, "o", "tab:blue"), (1, "s", "tab:orange"))  # label, marker, colour
LOSS_FLOOR = 1e-300  # a loss of exactly 0 is drawn here on a log axis
LOSS_CEILING = 1e250  # and a huge one (just before an overflow) here, so the ticks stay finite


def new_figure(ncols=2, figsize=(9.6, 3.8), dpi=100, right=0.98):
    """A figure outside pyplot (no inline auto-display, nothing to close) with ``ncols`` axes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols)
    fig.subplots_adjust(left=0.085, right=right, bottom=0.14, top=0.86, wspace=0.28)
    return fig, axes


def menu_options(keys):
    """Dropdown options for ``keys``: the label in the current language, the value the key itself."""
    return [(tr(k), k) for k in keys]


def class_points(ax, labels):
    """One scatter artist per class, keyed by label (their positions are set by
    :func:`set_class_points`); ``labels`` names the target in the legend ("t" or "y")."""
    return {v: ax.scatter([], [], marker=m, c=c, edgecolors="k", s=50, zorder=4, label=f"{labels} = {v}")
            for v, m, c in CLASS_STYLE}


def set_class_points(scatters, X, t):
    """Move the class scatters of :func:`class_points` to the points X (m, 2) with labels t (m,)."""
    for v, sc in scatters.items():
        sc.set_offsets(X[t == v] if np.any(t == v) else np.empty((0, 2)))


def show_surface(image, contour, ax, xx, yy, surface, linewidth):
    """Put ``surface`` (the output over the grid ``xx, yy``) into ``image`` (masked only where it
    is not finite: a masked array costs more to draw) and replace ``contour`` (or None) by its
    0.5 contour on ``ax``, drawn when the surface is finite and crosses 0.5; returns the contour."""
    finite = bool(np.all(np.isfinite(surface)))
    image.set_data(surface if finite else np.ma.masked_invalid(surface))
    if contour is not None:
        contour.remove()
    if finite and surface.min() < 0.5 < surface.max():
        return ax.contour(xx, yy, surface, levels=[0.5], colors="k", linewidths=linewidth)
    return None


def decade_limits(values, floor=LOSS_FLOOR, ceiling=LOSS_CEILING, least=None):
    """y limits for a log axis showing the finite ``values`` (clipped to [floor, ceiling]): powers
    of ten, with at least a factor 1.2 of room each side, so the axis always has a labelled tick.
    They change only when the values cross a decade, so a panel keeps the axis (its ticks and
    labels) from one picture to the next: see :class:`Frame`. With ``least`` = (low, high) the
    limits span at least that range, so they change more rarely still."""
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    if not len(finite):
        lo, hi = 0.1, 10.0
    else:
        lo, hi = float(max(finite.min(), floor)), float(min(finite.max(), ceiling))
        lo, hi = (10.0 ** math.floor(math.log10(lo / 1.2)),
                  min(10.0 ** math.ceil(math.log10(hi * 1.2)), 10 * ceiling))
    return (lo, hi) if least is None else (min(lo, least[0]), max(hi, least[1]))


def nice_ceiling(n):
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is >= n (an axis end that rarely moves)."""
    n, step = max(float(n), 1.0), 1.0
    while True:
        for k in (1, 2, 5):
            if k * step >= n:
                return int(k * step)
        step *= 10


def axes_key(fig):
    """What the static part of ``fig`` looks like: every axes' limits, scales, axis labels and
    legend (titles are left out: a panel whose title changes draws it as a dynamic artist).
    Two states with the same key have the same static picture (see :class:`Frame`)."""
    return (fig.bbox.bounds,) + tuple(
        (ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(), ax.get_xlabel(),
         ax.get_ylabel(), legend_texts(ax), ax.get_visible()) for ax in fig.axes)


def legend_texts(ax):
    """The labels of ``ax``'s legend (None without one)."""
    legend = ax.get_legend()
    return None if legend is None else tuple(t.get_text() for t in legend.get_texts())


class FramedView:
    """What every panel's view shares: :meth:`render` draws the picture through a :class:`Frame`
    kept on the view, so only the artists of ``self.dynamic()`` are redrawn while
    :meth:`static_key` stays the same. A view sets ``self.fig`` and defines ``dynamic()``.

    A view built with ``in_panel=True`` (what the panels do) leaves out of its picture the titles
    that change at every slider move and only repeat the controls or the status line: text is the
    slowest artist to draw (matplotlib lays out and rasterises every glyph again), and the panel
    shows those words on its status line instead (:meth:`status_extra`). Its legends sit where no
    moving artist reaches them, so they stay in the static layer. A view for a figure on its own
    (``draw_xor`` and friends, the notebooks' stored pictures) keeps every title.
    """

    frame = None
    in_panel = False

    def static_key(self):
        """What the static layer looks like (:func:`axes_key`); a view may add what it knows."""
        return axes_key(self.fig)

    def status_extra(self, data):
        """What a panel's status line adds after ``data.message`` (words its picture leaves out)."""
        return ""

    def render(self):
        """The picture of the last update as RGBA pixels; redraws only what moved."""
        if self.frame is None:
            self.frame = Frame(self.fig)
        return self.frame.render(self.dynamic(), self.static_key())


class Frame:
    """Renders a figure in layers so a panel redraws only what moved.

    The static part of each axes (its ticks, tick labels, axis labels, legend: most of the drawing
    time is spent laying out and rasterising that text) is drawn once and kept as pixels; it is
    drawn again only for a key it has not seen lately (new axis limits, say; the last :attr:`KEEP`
    per axes are kept). So when one axes gets new limits, only that axes is drawn again, not the
    whole figure. Each picture then pastes the static pixels and draws the ``dynamic`` artists
    (lines, images, notes, ...) on top, in order. Artists drawn above a dynamic one (a legend over
    a line, the points over a surface) must be dynamic too.

    ``key`` is :func:`axes_key`-shaped: ``key[0]`` for the figure, then one entry per axes of
    ``fig.axes``. An axes' layer covers its tight bounding box (2 pixels more each side, for
    anti-aliasing); when two of those boxes overlap, the whole figure is drawn as one layer
    instead, so the picture is always exactly what a complete draw gives (tests/test_widgets.py).
    The figure itself is left as it was: ``savefig`` still draws everything.
    """

    KEEP = 6  # static layers kept per axes, most recent last: a slider moved back and forth reuses them
    PAD = 2  # pixels added around an axes' tight bounding box

    def __init__(self, fig):
        self.fig = fig
        self.layers = {}  # (axes index or "figure", key) -> (rows, cols, pixels), least recently used first
        self.full_draws = 0  # pictures that drew some static layer (tests, benchmarks)
        self.layer_draws = 0  # complete canvas draws made for static layers

    def _wanted(self, key):
        """The names of the layers a picture with static ``key`` is made of."""
        axes = self.fig.axes
        if len(key) != 1 + len(axes):
            raise ValueError(f"key must have 1 + {len(axes)} entries (the figure, then each axes); "
                             f"got {len(key)}")
        # an axes' pixels also depend on where it sits: a resized figure or a moved axes is new
        return [("figure", key[0])] + [(i, (key[0], ax.get_position(original=True).bounds, k))
                                       for i, (ax, k) in enumerate(zip(axes, key[1:]))]

    @staticmethod
    def _shown(dynamic):
        """The dynamic artists a picture draws: the visible ones."""
        return [a for a in dynamic if a is not None and a.get_visible()]

    def _draw_missing(self, wanted, shown):
        """Draw and keep those of the layers ``wanted`` not kept yet; returns how many."""
        missing = [w for w in wanted if w not in self.layers]
        if missing:
            self._draw_layers(missing, shown)
        return len(missing)

    def prefetch(self, dynamic, key):
        """Draw and keep the static layers a picture with ``key`` needs, without making the
        picture: for the state a panel expects next, while the kernel is idle. Returns how many
        layers it drew."""
        return self._draw_missing(self._wanted(key), self._shown(dynamic))

    def render(self, dynamic, key):
        """Draw the picture; returns its RGBA pixels, shape (h, w, 4) (a view of the canvas)."""
        shown = self._shown(dynamic)
        wanted = self._wanted(key)
        drew = self._draw_missing(wanted, shown)
        self.full_draws += drew > 0
        layers = [self._use(w) for w in wanted]
        boxes = [(rows, cols) for rows, cols, _ in layers[1:]]
        if _overlapping(boxes):  # pasting one axes' box would cover another's pixels
            whole = ("whole", key)
            if whole not in self.layers:
                self.full_draws += drew == 0
                self._draw_layers([whole], shown)
            layers = [self._use(whole)]
        canvas = self.fig.canvas
        pixels = np.asarray(canvas.buffer_rgba())
        for rows, cols, layer in layers:
            pixels[rows, cols] = layer
        renderer = canvas.get_renderer()
        for a in shown:
            a.draw(renderer)
        return np.asarray(canvas.buffer_rgba())

    def _use(self, name):
        """The layer ``name``, moved to the most recently used end."""
        layer = self.layers.pop(name)
        self.layers[name] = layer
        return layer

    def _draw_layers(self, names, shown):
        """Draw and keep the static layers ``names``: each with every other axes and every
        dynamic artist hidden; the figure's own layer with no axes, the "whole" one with all."""
        fig, canvas = self.fig, self.fig.canvas
        axes = fig.axes
        visible = [ax.get_visible() for ax in axes]
        try:
            for a in shown:
                a.set_visible(False)
            for what, key in names:
                for i, ax in enumerate(axes):
                    ax.set_visible(visible[i] and (what == "whole" or what == i))
                canvas.draw()
                self.layer_draws += 1
                pixels = np.asarray(canvas.buffer_rgba())
                h, w = pixels.shape[:2]
                if what in ("figure", "whole"):
                    rows, cols = slice(0, h), slice(0, w)
                else:
                    rows, cols = _pixel_box(axes[what].get_tightbbox(canvas.get_renderer()), h, w, self.PAD)
                self.layers[what, key] = (rows, cols, pixels[rows, cols].copy())
                kept = [n for n in self.layers if n[0] == what]
                for old in kept[:-self.KEEP]:
                    del self.layers[old]
        finally:
            for ax, v in zip(axes, visible):
                ax.set_visible(v)
            for a in shown:
                a.set_visible(True)


def _pixel_box(bbox, h, w, pad):
    """Row and column slices of the canvas (row 0 at the top) covering ``bbox`` (display units,
    y up) and ``pad`` pixels more each side, clipped to the canvas; empty for an invisible axes."""
    if bbox is None:
        return slice(0, 0), slice(0, 0)
    x0, x1 = max(int(math.floor(bbox.x0)) - pad, 0), min(int(math.ceil(bbox.x1)) + pad, w)
    y0, y1 = max(int(math.floor(bbox.y0)) - pad, 0), min(int(math.ceil(bbox.y1)) + pad, h)
    return slice(h - y1, h - y0), slice(x0, x1)


def _overlapping(boxes):
    """True if two of the (rows, cols) slice pairs share a pixel."""
    def meet(a, b):
        return a.start < b.stop and b.start < a.stop and a.start < a.stop and b.start < b.stop

    return any(meet(r1, r2) and meet(c1, c2)
               for k, (r1, c1) in enumerate(boxes) for r2, c2 in boxes[k + 1:])


def _png_chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def rgba_png(rgba):
    """RGBA pixels (h, w, 4) uint8, as a PNG: a row filter of "none" and zlib level 1.

    About 3x as fast as Pillow's encoder here (it tries every row filter): plots are mostly flat
    colour, which deflate packs anyway. The alpha byte stays (the canvas is opaque, so it is 255
    everywhere): dropping it means a strided copy of every pixel, which costs more than deflating
    the extra byte.
    """
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    h, w = rgba.shape[:2]
    raw = np.empty((h, 1 + 4 * w), dtype=np.uint8)  # each row: filter byte 0, then R G B A ...
    raw[:, 0] = 0
    raw[:, 1:] = rgba.reshape(h, 4 * w)
    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8 bits, truecolour + alpha, no interlace
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(raw, 1)) + _png_chunk(b"IEND", b""))


def figure_png(fig, dpi=None):
    """The figure as PNG bytes (no tight bbox: the layout is fixed, so this is fast)."""
    buf = io.BytesIO()
    # zlib level 1: about 3x faster to encode than the default 6, for a somewhat larger file
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


# -- controls and the panel ------------------------------------------------------------------

def kernel_loop():
    """The running event loop of a Jupyter kernel; None in a script or a test, even when some
    other library (Playwright's sync API, say) has left an event loop marked as running."""
    import asyncio

    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def next_value(control, change):
    """The value the slider ``control`` takes one more step in the direction of ``change`` (its
    last move, old -> new), or None past its end or for a control without steps (a menu)."""
    import ipywidgets as W

    old, new = change.get("old"), change.get("new")
    try:
        if isinstance(control, W.FloatLogSlider):  # steps of the exponent, on its grid from min
            def exponent(v):
                steps = round((math.log(v, control.base) - control.min) / control.step)
                return control.min + steps * control.step
            up = exponent(new) > exponent(old)
            e = exponent(new) + (control.step if up else -control.step)
            return control.base ** e if control.min <= e <= control.max else None
        if isinstance(control, (W.IntSlider, W.FloatSlider)):
            v = new + (control.step if new > old else -control.step)
            return v if control.min <= v <= control.max else None
    except (TypeError, ValueError, OverflowError):  # an odd old value (None, NaN): no guess
        return None
    return None


SLIDER_STYLE = {"description_width": "90px"}
SLIDER_WIDTH, MENU_WIDTH = "340px", "250px"


def escape(text):
    """``text`` safe inside HTML."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def status_html(message):
    """The status line for a result's ``message``."""
    return f"<b>{escape(message)}</b>"


def status_line_html(message, extra=""):
    """The status line: ``message`` in bold, then ``extra`` (what the picture leaves out)."""
    return status_html(message) + (choose("; ", "；") + escape(extra) if extra else "")


def error_html(message):
    """The status line when a control's value was refused (the picture keeps the last good state)."""
    return f"<b style='color:crimson'>{escape(message)}</b>"


def control_width(control):
    """Menus are narrower than sliders, so three of either fit on a row."""
    import ipywidgets as W

    return MENU_WIDTH if isinstance(control, W.Dropdown) else SLIDER_WIDTH


def failure_text(exc, change=None):
    """The status line's words when a control's value was refused or a run failed: the control
    and its value, then the error's own message (a ValueError names the argument)."""
    text = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
    owner = change.get("owner") if isinstance(change, dict) else None
    if owner is not None:
        label = getattr(owner, "description", "") or change.get("name", "value")
        text = tr("{label} = {new!r} refused ({text}); kept {old!r}", label=label,
                  new=change.get("new"), text=text, old=change.get("old"))
    return text


def undo_change(change, guard):
    """Put the control of ``change`` back to its old value; ``guard["busy"]`` is True meanwhile so
    the panel's observer ignores this change (the picture already shows the old value)."""
    owner = change.get("owner") if isinstance(change, dict) else None
    if owner is None:
        return
    guard["busy"] = True
    try:
        owner.value = change["old"]
    except Exception:  # an old value the control no longer takes: leave it, the status says why
        pass
    finally:
        guard["busy"] = False


AHEAD_DELAY = 0.03  # seconds between a picture and the computation of the next step ahead
KEPT_RESULTS = 6  # results a prefetching panel keeps (a slider moved back and forth reuses them)


def call_ahead(control, change, work, argument=lambda value: value):
    """In a Jupyter kernel, once it is idle, call ``work(argument(next))`` for ``next``, the
    value the slider ``control`` takes one more step in the direction of ``change``
    (:func:`next_value`); ``argument`` is applied now. Nothing without a kernel event loop (a
    script, a test) or past the slider's end."""
    loop = kernel_loop()
    nxt = next_value(control, change) if loop is not None else None
    if nxt is not None:
        # later, not at once: the picture's message leaves through ipykernel's IOPub thread,
        # which needs the GIL that the work ahead would hold
        loop.call_later(AHEAD_DELAY, work, argument(nxt))


def build_panel(controls, rows, compute, view, caption, prefetch=False):
    """A VBox: the caption, ``rows`` of ``controls`` (tuples of keys), a status line, the picture.

    Every control's change re-runs ``compute(**values)`` and ``view.update`` on its result. The
    VBox carries ``.controls``, ``.image``, ``.status``, ``.view``, ``.data`` (the last result),
    ``.refresh()`` and ``.timings`` (compute_ms, draw_ms of the last refresh).

    A value ``compute`` refuses (a slider set to NaN in code, say) never reaches the user as a
    traceback: the status line says what was refused, the control goes back to its old value and
    the picture keeps the last good state, so the next move works again.

    With ``prefetch`` (for a slow ``compute``: the XOR panel trains 2000 epochs) the panel keeps
    its last :data:`KEPT_RESULTS` results, keyed by every control's exact value (and the
    language), so moving a slider back costs no compute; and after a slider move the kernel
    computes, when it is next idle, the result one more step in the same direction
    (:func:`next_value`): a slider stepped with the arrow keys then only has to be drawn. Only
    results are kept, never pictures, so the view always shows the state of the controls.
    ``.timings["prefetched"]`` says whether the last result was ready. Nothing is computed ahead
    without a running kernel event loop (a script, a test).
    """
    import time

    import ipywidgets as W

    image = W.Image(format="png", layout=W.Layout(width="auto", max_width="100%"))
    status = W.HTML()
    panel = W.VBox([W.HTML(caption)] + [W.HBox([controls[k] for k in row]) for row in rows]
                   + [status, image])
    panel.controls, panel.image, panel.status, panel.view = controls, image, status, view
    panel.timings, panel.error = {}, None
    guard = {"busy": False}
    ahead = {}  # (language, every control's value) -> its result, least recently used first

    def values(**changed):
        return get_language(), tuple((k, changed.get(k, c.value)) for k, c in controls.items())

    def keep(key, data):
        ahead.pop(key, None)
        ahead[key] = data
        while len(ahead) > KEPT_RESULTS:
            ahead.pop(next(iter(ahead)))

    def compute_ahead(key):
        if key not in ahead:
            try:
                keep(key, compute(**dict(key[1])))
            except Exception:  # a value compute refuses: the real move will say why
                pass

    def refresh(change=None):
        if guard["busy"]:
            return
        t0 = time.perf_counter()
        try:
            key = values()
            data = ahead.get(key) if prefetch else None
            prefetched = data is not None
            if data is None:
                data = compute(**dict(key[1]))
            if prefetch:
                keep(key, data)
            t1 = time.perf_counter()
            view.update(data)
            png = rgba_png(view.render())
        except Exception as exc:  # a widget never shows a traceback: say it on the status line
            panel.error = failure_text(exc, change)
            status.value = error_html(panel.error)
            undo_change(change, guard)
            return
        image.value = png
        t2 = time.perf_counter()
        panel.error = None
        panel.data = data
        status.value = status_line_html(data.message, view.status_extra(data))
        panel.timings = {"compute_ms": 1e3 * (t1 - t0), "draw_ms": 1e3 * (t2 - t1),
                         "prefetched": prefetched}
        owner = change.get("owner") if isinstance(change, dict) else None
        name = next((k for k, c in controls.items() if c is owner), None) if prefetch else None
        if name is not None:
            call_ahead(owner, change, compute_ahead, lambda nxt: values(**{name: nxt}))

    for c in controls.values():
        c.layout.width = control_width(c)
        c.observe(refresh, names="value")
    panel.refresh, panel.compute_ahead, panel.ahead = refresh, compute_ahead, ahead
    refresh()
    return panel
