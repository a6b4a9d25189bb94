"""Real-browser test: every notebook opens in JupyterLab (Chromium via Playwright) and renders
without errors; the panels run in a live kernel there (no error, no "Error displaying widget"),
and their sliders, buttons and stepper really redraw them.

The lecturer notebooks, English and Chinese, are opened without a kernel and their stored outputs
checked as JupyterLab renders them: no error output, no traceback, every image loaded, no MathJax
error. Executing them here would add nothing: nbval re-executes every notebook against those
stored outputs in the same `pytest` run.

The panels run live in the dashboards (notebooks/dashboards/, and dashboards/zh/ in Chinese): each
holds one panel built by the same call as in its notebook (`panels.xor_panel()` in 05 and in
dashboards/xor.ipynb). A stored widget view does not render without a kernel, so each panel a
notebook shows must run live in a dashboard of its language: test_notebook_renders_in_jupyterlab
checks that. What this leaves out: running a whole widget notebook in JupyterLab (nbval runs it
in the same ipykernel) and its panel drawn after that notebook's earlier cells.

One JupyterLab page per server: each notebook is opened in it, checked, and closed before the next
(tests/browser/conftest.py orders each notebook's tests together).

Run:  python -m pytest tests/browser -v            (deselect elsewhere with -m "not browser")
Screenshots: tests/browser/artifacts/dashboards/<panel>-panel.png (the panels, for the README
gallery: docs/gallery/<notebook>-panel.png) and <stem>-failure.png on a failure;
BPCORE_BROWSER_SCREENSHOTS=all adds the whole notebook (<notebook-stem>.png, and
<stem>-sliders.png after the slider moves).

The Chinese edition (notebooks/zh/NN_*.ipynb, notebooks/dashboards/zh/) runs the same tests with
its Chinese labels; its screenshots go to tests/browser/artifacts/zh/ and
tests/browser/artifacts/dashboards/zh/ (the README.zh.md gallery: docs/gallery/zh/).

Overrides (for trying it on other notebooks):
  BPCORE_NOTEBOOK_DIR=/tmp/demo_nbs
  BPCORE_SLIDER_NOTEBOOKS='{"02_widgets.ipynb": ["learning rate", "seed"]}'
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = Path(os.environ.get("BPCORE_NOTEBOOK_DIR") or REPO / "notebooks").resolve()
NOTEBOOKS = sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))
DASHBOARDS = sorted(f"dashboards/{p.name}" for p in (NOTEBOOK_DIR / "dashboards").glob("*.ipynb"))

# Notebook -> the `description` of each slider to move. A listed notebook that does not exist yet
# is skipped; one that exists but lacks a listed slider fails. Edit freely.
SLIDER_NOTEBOOKS: dict[str, list[str]] = {
    "dashboards/perceptron.ipynb": ["learning rate", "w1", "w2", "b"],   # 04's panel
    "dashboards/xor.ipynb": ["learning rate", "init scale", "seed"],     # 05's
    "dashboards/playground.ipynb": ["learning rate", "init scale", "hidden layers"],   # 07's
}
if os.environ.get("BPCORE_SLIDER_NOTEBOOKS"):
    SLIDER_NOTEBOOKS = json.loads(os.environ["BPCORE_SLIDER_NOTEBOOKS"])
STEPPER_NOTEBOOK = "dashboards/stepper.ipynb"  # 08's panel; tests/browser/test_stepper_browser.py

# The Chinese edition: its notebooks as paths below NOTEBOOK_DIR, the sliders by their Chinese
# descriptions (bpcore/i18n_zh.py), and the words the playground's buttons and counter show.
ZH_NOTEBOOKS = sorted(f"zh/{p.name}" for p in (NOTEBOOK_DIR / "zh").glob("*.ipynb"))
ZH_DASHBOARDS = sorted(f"dashboards/zh/{p.name}" for p in (NOTEBOOK_DIR / "dashboards" / "zh").glob("*.ipynb"))
ZH_SLIDER_NOTEBOOKS: dict[str, list[str]] = {
    "dashboards/zh/perceptron.ipynb": ["学习率", "w1", "w2", "b"],
    "dashboards/zh/xor.ipynb": ["学习率", "初始化尺度", "随机种子"],
    "dashboards/zh/playground.ipynb": ["学习率", "初始化尺度", "隐藏层数"],
}
EN_WORDS = {"epoch": "epoch", "run": "run", "stop": "stop", "running": "running"}
ZH_WORDS = {"epoch": "轮次", "run": "运行", "stop": "停止", "running": "运行中"}


def stem(name: str) -> str:
    """``04_perceptron`` for 04_perceptron.ipynb, ``zh/04_perceptron`` for zh/04_perceptron.ipynb."""
    return str(Path(name).with_suffix(""))


def is_zh(name: str) -> bool:
    """A notebook of the Chinese edition: zh/04_perceptron.ipynb, dashboards/zh/xor.ipynb."""
    return "zh" in Path(name).parts[:-1]


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PANEL_CALL = re.compile(r"\bpanels\.(\w+)\(")


def widget_cells(name: str) -> list[str]:
    """The source of each code cell of notebook `name` whose stored outputs hold a widget view."""
    nb = json.loads((NOTEBOOK_DIR / name).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"
            and any(WIDGET_VIEW in o.get("data", {}) for o in c.get("outputs", []))]


def panel_calls(name: str) -> set[str]:
    """The ``panels.<call>(`` names in the cells of notebook `name` that show a widget."""
    return {call for source in widget_cells(name) for call in PANEL_CALL.findall(source)}


def live_dashboard(name: str, call: str) -> str | None:
    """The dashboard, in `name`'s language, that builds its panel with ``panels.<call>(``."""
    for dash in ZH_DASHBOARDS if is_zh(name) else DASHBOARDS:
        if call in panel_calls(dash):
            return dash
    return None


# Run all cells in a live kernel: the dashboards (and any notebook listed for sliders or the
# stepper); every other notebook is opened and its stored outputs checked (module docstring).
LIVE = [n for n in NOTEBOOKS + ZH_NOTEBOOKS + DASHBOARDS + ZH_DASHBOARDS
        if n.startswith("dashboards/") or n in {**SLIDER_NOTEBOOKS, **ZH_SLIDER_NOTEBOOKS, STEPPER_NOTEBOOK: 0}]
STATIC = [n for n in NOTEBOOKS + ZH_NOTEBOOKS if n not in LIVE]
# the whole notebook as a screenshot (slow for long notebooks): only when asked
ALL_SCREENSHOTS = os.environ.get("BPCORE_BROWSER_SCREENSHOTS", "").strip().lower() == "all"

# Timeouts (generous but bounded)
PAGE_TIMEOUT = 60.0  # page load until JupyterLab is restored
KERNEL_TIMEOUT = 60.0  # kernel started and idle
RUN_TIMEOUT = 120.0  # run-all (each notebook should take < 10 s)
RENDER_TIMEOUT = 20.0  # widget views and images rendered after the run
SLIDER_TIMEOUT_MS = 2000  # a slider move must change the panel output within this
SLIDER_PRESSES = 3  # key presses tried before giving up on the slider value changing
VIEWPORT = {"width": 1280, "height": 900}
MAX_SCREENSHOT_HEIGHT = 16000

# --------------------------------------------------------------------------------------------
# In-page helpers (JupyterLab is exposed as window.jupyterapp by --LabApp.expose_app_in_browser)

JS_LIB = r"""
() => {
  if (window.__bp) return true;
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim().replace(/:$/, '').trim();
  const hash = (s) => {  // djb2, enough to tell outputs apart
    let h = 5381;
    for (let i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) | 0;
    return (h >>> 0).toString(16) + ':' + s.length;
  };
  const panel = (path) => {
    const app = window.jupyterapp;
    if (!app) return null;
    for (const w of app.shell.widgets('main')) {
      if (w && w.context && w.context.path === path && w.content && w.content.widgets) return w;
    }
    return null;
  };
  const SLIDERS = '.widget-slider, .jupyter-widgets.widget-hslider, .jupyter-widgets.widget-vslider';
  const sliderLabel = (el) => {
    const l = el.querySelector('.widget-label');
    return l ? norm(l.textContent) : '';
  };
  const outputsOf = (el) => {
    const cell = el.closest('.jp-Cell');
    const sel = '.widget-output, .widget-image, .widget-html';
    let outs = cell ? [...cell.querySelectorAll(sel)] : [];
    if (!outs.length) outs = [...document.querySelectorAll('.jp-Notebook .widget-output, .jp-Notebook .widget-image')];
    // outermost only, so nested outputs are not counted twice
    return outs.filter((o) => !outs.some((p) => p !== o && p.contains(o)));
  };
  const snapshot = (key) => {
    const el = document.querySelector(`[data-bp-slider="${key}"]`);
    if (!el) return null;
    let s = '', nimg = 0, text = 0;
    for (const o of outputsOf(el)) {
      const imgs = o.tagName === 'IMG' ? [o] : [...o.querySelectorAll('img')];
      for (const img of imgs) { s += '|img:' + img.src; nimg++; }
      for (const svg of o.querySelectorAll('svg')) { s += '|svg:' + svg.outerHTML; nimg++; }
      const t = o.innerText || '';
      s += '|txt:' + t; text += t.trim().length;
    }
    return {hash: hash(s), nimg, text};
  };
  window.__bp = {
    panel,
    state(path) {
      const p = panel(path);
      if (!p) return {found: false};
      const ctx = p.sessionContext;
      const k = ctx.session ? ctx.session.kernel : null;
      return {
        found: true, contextReady: p.context.isReady, sessionReady: ctx.isReady,
        hasNoKernel: ctx.hasNoKernel, kernel: k ? k.name : null,
        status: k ? k.status : null, connection: k ? k.connectionStatus : null,
        dialog: !!document.querySelector('.jp-Dialog'),
      };
    },
    cells(path) {
      const p = panel(path);
      const res = [];
      p.content.widgets.forEach((c, i) => {
        const m = c.model;
        if (m.type !== 'code') return;
        const src = m.sharedModel.getSource();
        const errors = [];
        for (let j = 0; j < m.outputs.length; j++) {
          const o = m.outputs.get(j).toJSON();
          if (o.output_type === 'error') errors.push(`${o.ename}: ${o.evalue}`);
        }
        res.push({index: i, empty: src.trim() === '', count: m.executionCount,
                  errors, head: src.split('\n')[0].slice(0, 80)});
      });
      return res;
    },
    render(path) {
      // jupyterlab_widgets shows "Loading widget..." until a view is created, then the view,
      // or "Error displaying widget..." (renderer) / ipywidgets' error view (failed model class)
      const root = panel(path).content.node;
      const outs = [...root.querySelectorAll('.jp-OutputArea-output')];
      const pending = outs.filter((o) => o.textContent.trim().startsWith('Loading widget')).length;
      const widgets = root.querySelectorAll('.jupyter-widgets').length;
      const loading = [...root.querySelectorAll('img')]
        .filter((i) => !(i.complete && i.naturalWidth > 0)).length;
      return {widgets, pending, loading};
    },
    problems(path, scopeSel) {
      const root = scopeSel ? document.querySelector(scopeSel) : panel(path).content.node;
      const found = [];
      const cellNo = (e) => {
        const c = e.closest('.jp-Cell');
        return c ? [...c.parentNode.children].filter((x) => x.classList.contains('jp-Cell')).indexOf(c) : -1;
      };
      root.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').forEach((e) => {
        const t = e.textContent;
        if (/Traceback|\w*(Error|Exception)\b/.test(t)) found.push(`cell ${cellNo(e)} stderr: ${t.slice(0, 1500)}`);
      });
      root.querySelectorAll('.jp-RenderedText').forEach((e) => {
        if (e.closest('[data-mime-type="application/vnd.jupyter.stderr"]')) return;  // done above
        const t = e.textContent;
        if (/Traceback/.test(t)) found.push(`cell ${cellNo(e)} output: ${t.slice(0, 1500)}`);
      });
      root.querySelectorAll('.jupyter-widgets-error-widget').forEach((e) => {
        found.push(`cell ${cellNo(e)}: a widget failed to render (ipywidgets error view: `
                   + `${e.textContent.trim().slice(0, 200)}); see the browser console below`);
      });
      root.querySelectorAll('.jp-OutputArea-output, .jupyter-widgets').forEach((e) => {
        const t = e.textContent.trim();
        if (t.startsWith('Error displaying widget')) found.push(`cell ${cellNo(e)}: ${t.slice(0, 200)}`);
      });
      root.querySelectorAll('mjx-merror, .MathJax_Error, .jp-RenderedLatex-error').forEach((e) => {
        found.push(`cell ${cellNo(e)}: MathJax error: ${e.textContent.trim().slice(0, 200)}`);
      });
      const page = document.body.textContent;
      const i = page.indexOf('Error displaying widget');
      if (i >= 0 && !found.length) found.push('page shows: ' + page.slice(i, i + 60));
      return [...new Set(found)];
    },
    sliders(label, key) {
      const all = [...document.querySelectorAll(SLIDERS)]
        .filter((el) => !el.parentElement.closest(SLIDERS));
      const want = norm(label);
      const matches = all.filter((el) => sliderLabel(el) === want);
      document.querySelectorAll(`[data-bp-slider="${key}"], [data-bp-slider-cell="${key}"]`)
        .forEach((el) => { el.removeAttribute('data-bp-slider'); el.removeAttribute('data-bp-slider-cell'); });
      if (matches.length) {
        matches[0].setAttribute('data-bp-slider', key);
        matches[0].closest('.jp-Cell')?.setAttribute('data-bp-slider-cell', key);
      }
      return {count: matches.length, labels: all.map(sliderLabel)};
    },
    snapshot,
    // Resolve when the panel output of slider `key` differs from `before` (and is not empty),
    // timing from the next keydown in the page, or fail after timeoutMs.
    watch(key, before, timeoutMs) {
      const el = document.querySelector(`[data-bp-slider="${key}"]`);
      const cell = el.closest('.jp-Cell') || document.body;
      let t0 = null;
      const onKey = (ev) => { if (t0 === null) t0 = ev.timeStamp || performance.now(); };
      document.addEventListener('keydown', onKey, true);
      window.__bpWatch = new Promise((resolve) => {
        let done = false;
        const finish = (changed) => {
          if (done) return;
          done = true;
          obs.disconnect();
          document.removeEventListener('keydown', onKey, true);
          const now = performance.now();
          resolve({changed, ms: t0 === null ? null : now - t0, snap: snapshot(key)});
        };
        const check = () => {
          const s = snapshot(key);
          if (s && s.hash !== before && (s.nimg > 0 || s.text > 0)) finish(true);
        };
        const obs = new MutationObserver(check);
        obs.observe(cell, {subtree: true, childList: true, attributes: true,
                           attributeFilter: ['src'], characterData: true});
        // the timeout counts from the key press, not from installing the watcher
        const tick = () => {
          if (done) return;
          if (t0 !== null && performance.now() - t0 > timeoutMs) finish(false);
          else if (t0 === null && performance.now() - started > 10000) finish(false);
          else setTimeout(tick, 25);
        };
        const started = performance.now();
        tick();
      });
      return true;
    },
    math(path) {
      // typeset formulas (MathJax 3 containers) and markdown cells still holding TeX delimiters
      const p = panel(path);
      const root = p.content.node;
      const md = p.content.widgets.filter((c) => c.model.type === 'markdown').length;
      const shown = root.querySelectorAll('.jp-MarkdownCell .jp-MarkdownOutput').length;
      const typeset = root.querySelectorAll('mjx-container').length;
      const raw = [...root.querySelectorAll('.jp-MarkdownOutput')]
        .filter((e) => /\$[^$\s][^$]*\$|\\\(|\\\[/.test(e.textContent.replace(/\\\$/g, ''))).length;
      return {md, shown, typeset, raw};
    },
    close(path) {
      const p = panel(path);
      if (p) p.dispose();  // no "save changes?" dialog: the tmp copy is never saved
      return !!p;
    },
    scrollTop(path) {
      const node = panel(path).content.node;
      (node.querySelector('.jp-WindowedPanel-outer') || node).scrollTop = 0;
      return panel(path).content.notebookConfig.windowingMode;
    },
    contentHeight(path) {
      const node = panel(path).content.node;
      const outer = node.querySelector('.jp-WindowedPanel-outer') || node;
      const cells = node.querySelectorAll('.jp-Cell');
      const last = cells.length ? cells[cells.length - 1] : null;
      const content = last
        ? last.getBoundingClientRect().bottom - outer.getBoundingClientRect().top + outer.scrollTop
        : outer.scrollHeight;
      return {content, visible: outer.clientHeight, win: window.innerHeight};
    },
  };
  return true;
}
"""


def _poll(fn, timeout: float, interval: float = 0.1):
    """Call fn() until it returns a truthy value or timeout seconds pass; return the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


class NotebookPage:
    """One notebook open in its own page of the shared browser context."""

    def __init__(self, lab: Lab, name: str):
        self.lab = lab
        self.name = name
        self.page = lab.shared_page()  # JupyterLab loaded once; this notebook opened in it
        self.console_from = len(lab.console)
        self.kernel = False  # a kernel session was started for it
        self.ran_ok = False
        self.timings: dict[str, float] = {}
        self.notes: list[str] = []
        self.settled: tuple | None = None  # (slider key, output hash) last seen settled

    # -- helpers ------------------------------------------------------------------------------
    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    @property
    def console(self) -> list[str]:
        """The page's console errors and warnings since this notebook was opened."""
        return self.lab.console[self.console_from:]

    def context_info(self) -> str:
        console = "\n".join(self.console[-20:]) or "(none)"
        return (
            f"\n--- browser console (last 20 errors/warnings) ---\n{console}"
            f"\n--- jupyter lab log (tail) ---\n{self.lab.server.log_tail(30)}"
        )

    def fail(self, msg: str):
        self.screenshot(suffix="-failure")
        pytest.fail(f"{self.name}: {msg}{self.context_info()}", pytrace=False)

    # -- open, start kernel, run all ----------------------------------------------------------
    def open(self, kernel: bool = True) -> None:
        """Open the notebook in the shared page; with `kernel`, attached to a python3 session
        started through the REST API (without, it stays without a kernel: conftest.py's
        LAB_PAGE_CONFIG)."""
        t0 = time.monotonic()
        try:
            self.lab.server.api("GET", f"/api/contents/{quote(self.name)}?content=0")
        except Exception as exc:
            self.fail(f"the server does not have this notebook: {exc}")
        if kernel:
            # JupyterLab attaches to a session it finds for the path instead of starting one;
            # usually it was started in the background while the previous notebook was tested
            prestart = self.lab.prestart(self.name)
            prestart.join(timeout=KERNEL_TIMEOUT)
            self.lab.prestarting.pop(self.name, None)
            self.kernel = True
            self.timings["session"] = time.monotonic() - t0
        # open the notebook by command: faster than the /tree/ URL route, which waits ~1 s more
        self.js(
            "p => { window.jupyterapp.commands.execute("
            "'docmanager:open', {path: p, factory: 'Notebook'}); }",
            self.name,
        )
        state = _poll(lambda: self.js("p => __bp.state(p)", self.name)["found"], PAGE_TIMEOUT)
        if not state:
            self.fail("the notebook panel did not open")
        self.js(
            "p => { const a = window.jupyterapp; a.shell.activateById(__bp.panel(p).id);"
            " if (a.shell.collapseLeft) a.shell.collapseLeft();"
            " if (a.shell.collapseRight) a.shell.collapseRight(); }",
            self.name,
        )
        self.timings["open"] = time.monotonic() - t0

    def check_stored(self) -> list[str]:
        """Without running anything: wait until the stored outputs are rendered (images loaded,
        formulas typeset); return the problems found (error outputs, tracebacks, widget or
        MathJax errors), empty when all is well."""
        t0 = time.monotonic()
        if not _poll(lambda: self.js("p => __bp.state(p)", self.name)["contextReady"], PAGE_TIMEOUT):
            self.fail(f"the notebook's content did not load within {PAGE_TIMEOUT:.0f} s")
        cells = self.js("p => __bp.cells(p)", self.name)
        errors = [f"cell {c['index']} ({c['head']!r}): stored error output {e}"
                  for c in cells or [] for e in c["errors"]]
        render = _poll(
            lambda: (lambda r: r if r["pending"] == 0 and r["loading"] == 0 else None)(
                self.js("p => __bp.render(p)", self.name)
            ),
            RENDER_TIMEOUT,
        )
        problems = list(errors)
        if not render:
            r = self.js("p => __bp.render(p)", self.name)
            problems.append(f"after {RENDER_TIMEOUT:.0f} s, {r['loading']} images not loaded")
        problems += self.wait_math()
        self.timings["render"] = time.monotonic() - t0
        problems += self.js("p => __bp.problems(p, null)", self.name)
        return problems

    def wait_math(self, timeout: float = RENDER_TIMEOUT) -> list[str]:
        """Until every markdown cell is rendered and MathJax has typeset its formulas (no TeX
        delimiters left in the rendered text, nothing changing for 0.2 s); the problem if not."""
        deadline = time.monotonic() + timeout
        last, since = None, time.monotonic()
        while time.monotonic() < deadline:
            m = self.js("p => __bp.math(p)", self.name)
            if m != last:
                last, since = m, time.monotonic()
            elif m["shown"] >= m["md"] and m["raw"] == 0 and time.monotonic() - since >= 0.2:
                self.timings["formulas"] = m["typeset"]
                return []
            time.sleep(0.05)
        return [f"after {timeout:.0f} s, {last['md'] - last['shown']} of {last['md']} markdown cells "
                f"not rendered, {last['raw']} still showing TeX delimiters (MathJax typeset "
                f"{last['typeset']} formulas)"]

    def start_kernel(self) -> None:
        """Make sure a python3 kernel is running; accept a kernel-selection dialog if shown."""
        t0 = time.monotonic()
        deadline = t0 + KERNEL_TIMEOUT
        asked = False
        while True:
            st = self.js("p => __bp.state(p)", self.name)
            if st["kernel"] and st["status"] == "idle" and st["connection"] == "connected":
                break
            if st["dialog"]:
                dialog = self.page.locator(".jp-Dialog")
                title = dialog.locator(".jp-Dialog-header").first.text_content(timeout=5000)
                self.notes.append(f"accepted dialog {(title or '').strip()!r}")
                buttons = dialog.locator("button.jp-mod-accept")
                if buttons.count():
                    buttons.first.click()
                else:
                    self.page.keyboard.press("Enter")
            elif st["sessionReady"] and st["hasNoKernel"] and not asked:
                asked = True
                self.notes.append("no kernel selected: started python3")
                self.js(
                    "p => { __bp.panel(p).sessionContext.changeKernel({name: 'python3'}); }",
                    self.name,
                )
            if time.monotonic() > deadline:
                self.fail(f"no idle python3 kernel after {KERNEL_TIMEOUT:.0f} s (state {st})")
            time.sleep(0.1)
        if st["kernel"] != "python3":
            self.fail(f"kernel is {st['kernel']!r}, expected 'python3'")
        self.timings["kernel"] = time.monotonic() - t0

    def run_all(self) -> list[str]:
        """Clear outputs (so execution counts start empty), run all cells, wait until done.

        Returns the problems found (errors in outputs, broken widgets); empty when all is well.
        """
        t0 = time.monotonic()
        self.js(
            """async (p) => {
                const app = window.jupyterapp;
                app.shell.activateById(__bp.panel(p).id);
                await Promise.race([app.commands.execute('notebook:clear-all-cell-outputs'),
                                    new Promise((ok) => setTimeout(ok, 10000))]);
                app.commands.execute('notebook:run-all-cells');  // completion is polled
            }""",
            self.name,
        )
        deadline = t0 + RUN_TIMEOUT
        while True:
            cells = self.js("p => __bp.cells(p)", self.name)
            st = self.js("p => __bp.state(p)", self.name)
            errors = [f"cell {c['index']} ({c['head']!r}): {e}" for c in cells for e in c["errors"]]
            pending = [c for c in cells if not c["empty"] and c["count"] is None]
            if errors and st["status"] == "idle":
                break  # run-all stops at the first error; later cells stay unexecuted
            if not pending and st["status"] == "idle":
                break
            if st["status"] in ("dead", "unknown") or st["connection"] == "disconnected":
                self.fail(f"kernel died while running (status {st['status']})")
            if time.monotonic() > deadline:
                self.fail(
                    f"run-all not finished after {RUN_TIMEOUT:.0f} s; "
                    f"{len(pending)} cells pending, first: {pending[0]['head']!r}"
                )
            time.sleep(0.1)
        self.timings["run"] = time.monotonic() - t0

        # let widget views and images render (or fail to)
        t1 = time.monotonic()
        render = _poll(
            lambda: (lambda r: r if r["pending"] == 0 and r["loading"] == 0 else None)(
                self.js("p => __bp.render(p)", self.name)
            ),
            RENDER_TIMEOUT,
        )
        self.timings["render"] = time.monotonic() - t1
        problems = list(errors)
        if not render:
            r = self.js("p => __bp.render(p)", self.name)
            problems.append(
                f"after {RENDER_TIMEOUT:.0f} s, {r['pending']} of {r['widgets']} widget views "
                f"not rendered and {r['loading']} images not loaded"
            )
        problems += self.wait_math()
        problems += self.js("p => __bp.problems(p, null)", self.name)
        self.ran_ok = not problems
        return problems

    # -- screenshots --------------------------------------------------------------------------
    def screenshot(self, suffix: str = "") -> Path | None:
        """Full screenshot of the whole notebook: the viewport is grown to the notebook's height."""
        path = self.lab.artifacts / f"{stem(self.name)}{suffix}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            h = self.js("p => __bp.panel(p) ? __bp.contentHeight(p) : null", self.name)
            if h:
                height = h["win"] - h["visible"] + h["content"] + 60
                height = max(VIEWPORT["height"], min(height, MAX_SCREENSHOT_HEIGHT))
                self.page.set_viewport_size({"width": VIEWPORT["width"], "height": int(height)})
                self.page.wait_for_timeout(300)  # Lumino relayout
                self.js("p => __bp.scrollTop(p)", self.name)  # run-all left it at the bottom
                self.page.wait_for_timeout(100)
            self.page.screenshot(path=str(path), full_page=True, timeout=30_000)
        except Exception as exc:  # a screenshot is evidence, never the reason a test fails
            print(f"screenshot {path} failed: {exc}")
            return None
        finally:
            try:
                self.page.set_viewport_size(VIEWPORT)
            except Exception:
                pass
        return path

    # -- sliders ------------------------------------------------------------------------------
    def wait_settled(self, key: str, timeout: float = 5.0) -> None:
        """Kernel idle and the panel output unchanged for 0.3 s. Returns at once when the output
        is still the one that settled last time (nothing has been pressed since)."""
        deadline = time.monotonic() + timeout
        last, since = None, time.monotonic()
        while time.monotonic() < deadline:
            st = self.js("p => __bp.state(p)", self.name)
            snap = self.js("k => __bp.snapshot(k)", key)
            h = snap and snap["hash"]
            if st["status"] == "idle" and h is not None and self.settled == (key, h):
                return
            if h != last:
                last, since = h, time.monotonic()
            elif st["status"] == "idle" and time.monotonic() - since >= 0.3:
                self.settled = (key, h)
                return
            time.sleep(0.05)

    def move_slider(self, label: str, index: int, arrow: str | None = None) -> float:
        """Press an arrow key on the slider `label` (`arrow`, or ArrowRight unless the slider is
        at its top); return ms until the panel output changed."""
        key = f"s{index}"
        found = self.js("([l, k]) => __bp.sliders(l, k)", [label, key])
        if not found["count"]:
            self.fail(f"no slider with description {label!r}; sliders on the page: {found['labels']}")
        slider = self.page.locator(f'[data-bp-slider="{key}"]')
        handle = slider.locator(".noUi-handle")
        if not handle.count():
            handle = slider.locator("[role=slider]")
        if not handle.count():
            self.fail(f"slider {label!r} has no handle (.noUi-handle / [role=slider])")
        handle = handle.first
        handle.scroll_into_view_if_needed()
        self.wait_settled(key)

        def value():
            return (
                handle.get_attribute("aria-valuenow"),
                slider.locator(".widget-readout").first.text_content()
                if slider.locator(".widget-readout").count()
                else None,
            )

        now, vmax = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
        if arrow is None:
            arrow = "ArrowRight"
            try:
                if now is not None and vmax is not None and float(now) >= float(vmax):
                    arrow = "ArrowLeft"  # already at the top
            except ValueError:
                pass

        before_value = value()
        for attempt in range(SLIDER_PRESSES):
            before = self.js("k => __bp.snapshot(k)", key)["hash"]
            self.js("([k, b, t]) => __bp.watch(k, b, t)", [key, before, SLIDER_TIMEOUT_MS])
            handle.focus()
            handle.press(arrow)
            result = self.page.evaluate("() => window.__bpWatch")
            if result["changed"]:
                self.wait_settled(key)
                problems = self.js(
                    "([p, s]) => __bp.problems(p, s)",
                    [self.name, f'[data-bp-slider-cell="{key}"]'],
                )
                if problems:
                    self.fail(f"moving slider {label!r} produced errors: {problems}")
                return result["ms"]
            if value() != before_value:
                self.fail(
                    f"slider {label!r} moved ({before_value} -> {value()}) but its panel output "
                    f"did not change within {SLIDER_TIMEOUT_MS} ms"
                )
        self.fail(f"slider {label!r}: {SLIDER_PRESSES} x {arrow} did not change its value")

    def panel_screenshot(self, key: str) -> Path | None:
        """The output area of the cell holding slider `key`: the panel alone (README gallery)."""
        path = self.lab.artifacts / f"{stem(self.name)}-panel.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.js("k => document.querySelector(`[data-bp-slider=\"${k}\"]`)"
                    ".closest('.jp-OutputArea-output').setAttribute('data-bp-panel', k)", key)
            area = self.page.locator(f'[data-bp-panel="{key}"]')
            area.scroll_into_view_if_needed(timeout=10_000)
            area.screenshot(path=str(path), timeout=10_000)
        except Exception as exc:  # evidence only, never the reason a test fails
            print(f"panel screenshot {path} failed: {exc}")
            return None
        return path

    def close(self) -> threading.Thread | None:
        """Close the notebook in the page; shut its kernel down in the background (returned
        thread, None without a kernel)."""
        try:
            self.js("p => __bp.close(p)", self.name)
        except Exception:
            pass
        if not self.kernel:
            return None
        t = threading.Thread(target=self.lab.server.shutdown_sessions, args=(self.name,))
        t.start()
        return t


class Lab:
    """The server, one browser context with one JupyterLab page, and the notebook open in it."""

    def __init__(self, server, context, artifacts):
        self.server = server
        self.context = context
        self.artifacts = artifacts
        self.page = None  # the JupyterLab page, loaded on first use
        self.console: list[str] = []  # its console errors and warnings
        self.timings: dict[str, float] = {}
        self.pages: dict[str, NotebookPage] = {}
        self.closing: list[threading.Thread] = []
        self.prestarting: dict[str, threading.Thread] = {}

    def shared_page(self):
        """The JupyterLab page, loaded (and restored) once; notebooks are opened in it in turn."""
        if self.page is not None and not self.page.is_closed():
            return self.page
        t0 = time.monotonic()
        page = self.context.new_page()
        page.on(
            "console",
            lambda m: self.console.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None,
        )
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        # a workspace of its own, so nothing is restored into it
        url = self.server.url(f"/lab/workspaces/bp-{os.getpid()}-{int(t0 * 1000) % 10**6}")
        page.goto(url, wait_until="domcontentloaded", timeout=PAGE_TIMEOUT * 1000)
        page.wait_for_function("() => !!window.jupyterapp", timeout=PAGE_TIMEOUT * 1000, polling=100)
        page.evaluate(
            "async (ms) => { await Promise.race([window.jupyterapp.restored, new Promise("
            "(_, no) => setTimeout(() => no(new Error('JupyterLab not restored')), ms))]); }",
            PAGE_TIMEOUT * 1000,
        )
        page.evaluate(JS_LIB)
        self.page = page
        self.timings["restored"] = time.monotonic() - t0
        return page

    def _open(self, name: str) -> NotebookPage:
        # one notebook at a time: the in-page helpers look sliders up in the whole page
        for other in list(self.pages):
            self.release(other)
        served = Path(self.server.root) / name
        if not served.is_file() and (NOTEBOOK_DIR / name).is_file():
            shutil.copy2(NOTEBOOK_DIR / name, served)  # written after the server copied the dir
        nb = NotebookPage(self, name)
        self.pages[name] = nb
        return nb

    def open_and_run(self, name: str) -> tuple[NotebookPage, list[str]]:
        """Open `name` with a kernel and run all its cells; returns it and the problems found."""
        nb = self._open(name)
        nb.open(kernel=True)
        self.prestart_next(name)
        nb.start_kernel()
        problems = nb.run_all()
        return nb, problems

    def open_static(self, name: str) -> tuple[NotebookPage, list[str]]:
        """Open `name` without a kernel and check its stored outputs as rendered."""
        nb = self._open(name)
        nb.open(kernel=False)
        self.prestart_next(name)
        return nb, nb.check_stored()

    def prestart_next(self, name: str) -> None:
        """Start the kernel session of the notebook that runs after `name` (in LIVE order, same
        language: conftest.py's order), so it is ready when its test opens it."""
        later = [n for n in LIVE if is_zh(n) == is_zh(name) and n > name]
        if later:
            self.prestart(later[0])

    def prestart(self, name: str) -> threading.Thread:
        """Start `name`'s python3 kernel session via the REST API, in a background thread."""
        if name not in self.prestarting:  # open() consumes (pops) it
            t = threading.Thread(target=self._prestart, args=(name,), daemon=True)
            self.prestarting[name] = t
            t.start()
        return self.prestarting[name]

    def _prestart(self, name: str) -> None:
        body = {"path": name, "name": name, "type": "notebook", "kernel": {"name": "python3"}}
        try:
            self.server.api("POST", "/api/sessions", body, timeout=KERNEL_TIMEOUT)
        except Exception:
            pass  # JupyterLab then starts (or asks for) a kernel itself

    def release(self, name: str) -> None:
        nb = self.pages.pop(name, None)
        if nb is not None:
            t = nb.close()
            if t is not None:
                self.closing.append(t)

    def close_all(self) -> None:
        for name in list(self.pages):
            self.release(name)
        for t in [*self.closing, *self.prestarting.values()]:
            t.join(timeout=30)
        if self.page is not None:
            try:
                self.page.close()
            except Exception:
                pass


# --------------------------------------------------------------------------------------------
# Tests (the `lab` fixture is in conftest.py: one per worker, shared by the browser modules)

FOLLOW_UP = {**SLIDER_NOTEBOOKS, **ZH_SLIDER_NOTEBOOKS, STEPPER_NOTEBOOK: "stepper"}


@pytest.mark.parametrize("name", STATIC)
def test_notebook_renders_in_jupyterlab(lab, name):
    """Open the notebook in a real JupyterLab without running it: every stored output renders, no
    error output or traceback, every image loads, no MathJax error. nbval checks that the same
    outputs come out of a fresh kernel. A stored panel does not render without a kernel: each
    one must run live in a dashboard of the notebook's language, built by the same call."""
    nb, problems = lab.open_static(name)
    for source in widget_cells(name):
        calls = PANEL_CALL.findall(source) or ["(no panels.<name>( call)"]
        problems += [f"its cell {source.splitlines()[0]!r} shows a widget that no dashboard of its "
                     f"language runs live (notebooks/dashboards/; see LIVE)"
                     for call in calls if live_dashboard(name, call) is None]
    shot = nb.screenshot() if ALL_SCREENSHOTS or problems else None
    lab.release(name)
    print(f"{name}: timings (s) {({k: round(v, 2) for k, v in nb.timings.items()})} "
          f"notes {nb.notes} screenshot {shot}")
    if problems:
        pytest.fail(f"{name}: {len(problems)} problem(s) as opened:\n- " + "\n- ".join(problems)
                    + nb.context_info(), pytrace=False)


@pytest.mark.parametrize("name", LIVE)
def test_notebook_runs_in_jupyterlab(lab, name):
    """Run all cells of a dashboard in a real JupyterLab: no error output, every widget renders."""
    nb, problems = lab.open_and_run(name)
    shot = None
    if ALL_SCREENSHOTS or problems:
        t0 = time.monotonic()
        shot = nb.screenshot()
        nb.timings["screenshot"] = time.monotonic() - t0
    if name not in FOLLOW_UP or problems:  # else the slider or stepper test reuses the page
        t0 = time.monotonic()
        lab.release(name)
        nb.timings["close"] = time.monotonic() - t0
    timings = {k: round(v, 2) for k, v in nb.timings.items()}
    print(f"{name}: timings (s) {timings} notes {nb.notes} screenshot {shot}")
    if problems:
        pytest.fail(
            f"{name}: {len(problems)} problem(s) after run-all:\n- " + "\n- ".join(problems)
            + nb.context_info(),
            pytrace=False,
        )


def reuse_or_run(lab, name):
    """The page `name` was left in by test_notebook_runs_in_jupyterlab, or a fresh run."""
    nb = lab.pages.get(name)
    if nb is None or not nb.ran_ok:
        nb, problems = lab.open_and_run(name)
        if problems:
            lab.release(name)
            pytest.fail(f"{name}: run-all failed, see test_notebook_runs_in_jupyterlab: {problems}")
    return nb


@pytest.mark.parametrize("name", sorted(SLIDER_NOTEBOOKS) + sorted(ZH_SLIDER_NOTEBOOKS))
def test_sliders_redraw_panel(request, name):
    """Each listed slider, moved by the keyboard, changes its panel's plot within 2 s."""
    if name not in LIVE:  # as collected, so both tests see the same notebooks
        pytest.skip("notebook not written yet")
    sliders = {**SLIDER_NOTEBOOKS, **ZH_SLIDER_NOTEBOOKS}[name]
    lab = request.getfixturevalue("lab")
    nb = reuse_or_run(lab, name)
    try:
        times = {}
        for i, label in enumerate(sliders):
            times[label] = nb.move_slider(label, i)
        if name in BUTTON_CHECKS:
            BUTTON_CHECKS[name](nb)
        if ALL_SCREENSHOTS:
            nb.screenshot(suffix="-sliders")
        nb.panel_screenshot("s0")
        print(f"{name}: key press -> new panel output (ms): "
              + ", ".join(f"{k}={v:.0f}" for k, v in times.items()))
    finally:
        lab.release(name)


def check_playground_run_stop(nb, words=EN_WORDS):
    """Run trains in chunks while the kernel stays free: the epoch counter climbs; Stop halts it;
    a second Run trains to the end (the state the panel screenshot shows). ``words``: the
    labels in the notebook's language."""
    page = nb.page
    counter_re = rf"{words['epoch']} (\d+) / (\d+)"
    counter = page.locator(".widget-html", has_text=re.compile(counter_re)).first

    def press(label):
        button = page.locator("button.widget-button", has_text=re.compile(rf"^\s*{label}\s*$")).first
        button.scroll_into_view_if_needed(timeout=5_000)
        button.click(timeout=5_000)

    def epoch():
        match = re.search(counter_re, counter.inner_text())
        return int(match.group(1)), int(match.group(2))

    def wait_for(condition, seconds, what):
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                nb.fail(f"playground: {what} within {seconds} s (counter reads {counter.inner_text()!r})")
            time.sleep(0.05)

    start, target = epoch()
    press(words["run"])
    wait_for(lambda: epoch()[0] > start, 10, "run did not advance the epoch counter")
    press(words["stop"])
    wait_for(lambda: words["running"] not in counter.inner_text(), 5, "stop did not end the run")
    stopped = epoch()[0]
    time.sleep(1.0)
    if epoch()[0] != stopped or stopped >= target:
        nb.fail(f"playground: training went on after stop ({stopped} -> {epoch()[0]} of {target})")
    press(words["run"])
    wait_for(lambda: epoch()[0] == target and words["running"] not in counter.inner_text(), 30,
             "a second run did not reach the target epoch")
    problems = nb.js("([p, s]) => __bp.problems(p, s)", [nb.name, None])
    if problems:
        nb.fail(f"playground: errors after run/stop: {problems}")


BUTTON_CHECKS = {"dashboards/playground.ipynb": check_playground_run_stop,
                 "dashboards/zh/playground.ipynb": lambda nb: check_playground_run_stop(nb, ZH_WORDS)}
