"""Browser latency of the slider panels: key press on a slider -> the panel's output changed.

Starts the same isolated JupyterLab + headless Chromium as tests/browser, runs each notebook whose
panel SLIDER_NOTEBOOKS and ZH_SLIDER_NOTEBOOKS (tests/browser/test_notebooks_browser.py) list:
the tests drive the panels in their dashboards, this measures them where students meet them, in
notebooks 04, 05, 07 and 08 (English and Chinese). Then it presses an arrow key on every listed slider `--repeat` times (for the XOR panel, then
back and forth too: it computes the next step ahead, so reversing is its slow path). Time is measured inside the page, from the keydown event
to the DOM mutation that puts the new plot (or text) into the panel, so it covers the widget
round trip, the kernel's recompute and redraw, and the browser's update.

    python benchmarks/bench_widgets_browser.py [--repeat 10] [--only stepper] [--floor]
    BPCORE_NOTEBOOK_DIR=/tmp/nbs BPCORE_SLIDER_NOTEBOOKS='{"a.ipynb": ["lr"]}' python benchmarks/...

Prints one line per slider (median, min, max ms) and exits non-zero if something failed.
For the playground (notebook 07) it then measures run mode: Reset, Run to the epochs target,
and the rate at which new pictures reach the page (pictures per second, from the first picture
to the last; target >= 20); and Stop: click Stop during a run, time until the panel says it
stopped (the kernel must hear the click between chunks).
A last section times notebook 08's backward-pass stepper (tests/browser/test_stepper_browser.py):
the arrow key on its "step" slider and Enter on its "next" button, each until the picture changed
(target: under 150 ms per step).
Not run by the tests.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BROWSER_TESTS = REPO / "tests" / "browser"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


RUN_TARGET_PER_S = 20.0

FRAMES_JS = r"""
() => {
  const run = [...document.querySelectorAll('button.widget-button')]
    .find((b) => b.textContent.trim() === 'run');
  if (!run) return false;
  const img = run.closest('.jp-Cell').querySelector('.widget-image');
  if (window.__bpFramesObs) window.__bpFramesObs.disconnect();
  window.__bpFrames = [];
  window.__bpFramesObs = new MutationObserver(() => window.__bpFrames.push(performance.now()));
  window.__bpFramesObs.observe(img, {attributes: true, attributeFilter: ['src']});
  return true;
}
"""

STOP_JS = r"""
async () => {
  const buttons = [...document.querySelectorAll('button.widget-button')];
  const stop = buttons.find((b) => b.textContent.trim() === 'stop');
  const counter = [...document.querySelectorAll('.widget-html')]
    .find((e) => /epoch \d+ \/ \d+/.test(e.innerText));
  const t0 = performance.now();
  stop.click();
  await new Promise((resolve) => {
    const check = () => (counter.innerText.includes('running') ? setTimeout(check, 2) : resolve());
    check();
  });
  return performance.now() - t0;
}
"""


def playground_run_mode(nb, stops=5):
    """Pictures per second during Run, and ms from a Stop click to the panel saying it stopped."""
    import re

    page = nb.page
    counter = page.locator(".widget-html", has_text=re.compile(r"epoch \d+ / \d+")).first

    def press(label):
        button = page.locator("button.widget-button", has_text=re.compile(rf"^\s*{label}\s*$")).first
        button.scroll_into_view_if_needed(timeout=5_000)
        button.click(timeout=5_000)

    def epoch():
        m = re.search(r"epoch (\d+) / (\d+)", counter.inner_text())
        return int(m.group(1)), int(m.group(2)), "running" in counter.inner_text()

    def wait_for(cond, seconds):
        deadline = time.monotonic() + seconds
        while not cond():
            if time.monotonic() > deadline:
                raise RuntimeError(f"playground: timed out; counter reads {counter.inner_text()!r}")
            time.sleep(0.02)

    press("reset")
    wait_for(lambda: epoch()[0] == 0, 10)
    if not nb.js(FRAMES_JS):
        raise RuntimeError("playground: no run button / image found")
    press("run")
    wait_for(lambda: epoch()[2], 10)
    wait_for(lambda: epoch()[0] == epoch()[1] and not epoch()[2], 120)
    frames = page.evaluate("() => window.__bpFrames")
    target = epoch()[1]
    rate = (len(frames) - 1) / ((frames[-1] - frames[0]) / 1e3) if len(frames) > 1 else float("nan")
    stop_ms = []
    for _ in range(stops):
        press("reset")
        wait_for(lambda: epoch()[0] == 0, 10)
        press("run")
        wait_for(lambda: epoch()[0] >= 100, 20)
        stop_ms.append(page.evaluate(STOP_JS))
    return rate, len(frames), target, stop_ms


FLOOR_CODE = """\
import ipywidgets as W
from bpcore import panels

xor = panels.xor_panel()
pictures = [xor.image.value]
xor.controls["lr"].value = 2.0
pictures.append(xor.image.value)
slider = W.FloatSlider(description="learning rate", continuous_update=False)
image = W.Image(value=pictures[0], format="png", layout=W.Layout(width="auto", max_width="100%"))
status = W.HTML()


def swap(change):
    image.value = pictures[round(10 * change["new"]) % 2]
    status.value = str(change["new"])


slider.observe(swap, names="value")
display(W.VBox([slider, status, image]))
"""


def _floor_notebook() -> str:
    """A folder holding floor.ipynb (FLOOR_CODE in one cell); its path."""
    import json
    import tempfile

    folder = tempfile.mkdtemp(prefix="bpcore-floor-")
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "floor", "metadata": {},
                     "outputs": [], "source": FLOOR_CODE}],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                      "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    Path(folder, "floor.ipynb").write_text(json.dumps(nb))
    return folder


def in_notebook(tests, name: str) -> str:
    """The lecturer notebook, in the same language, that shows the panel the dashboard ``name``
    builds (the same ``panels.<call>(``: dashboards/xor.ipynb -> 05_k2_delta.ipynb,
    dashboards/zh/xor.ipynb -> zh/05_k2_delta.ipynb); any other name as it is."""
    if not name.startswith("dashboards/"):
        return name
    shown = tests.panel_calls(name)
    return next((n for n in (tests.ZH_NOTEBOOKS if tests.is_zh(name) else tests.NOTEBOOKS)
                 if shown & tests.panel_calls(n)), name)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=10, help="key presses per slider (default 10)")
    ap.add_argument("--keep-going", action="store_true",
                    help="measure the panels even when run-all reported a problem in another cell "
                         "(printed as a warning)")
    ap.add_argument("--only", choices=["sliders", "stepper"], default=None,
                    help="run one section only (default: both)")
    ap.add_argument("--floor", action="store_true",
                    help="only the round trip with nothing to compute or draw: a slider whose "
                         "observer swaps two ready PNGs of the XOR panel's size (the floor under "
                         "every panel's time)")
    args = ap.parse_args()
    if args.floor:
        os.environ["BPCORE_NOTEBOOK_DIR"] = _floor_notebook()
        os.environ["BPCORE_SLIDER_NOTEBOOKS"] = '{"floor.ipynb": ["learning rate"]}'
        args.only = "sliders"

    conftest = _load("bp_browser_conftest", BROWSER_TESTS / "conftest.py")
    tests = _load("bp_browser_tests", BROWSER_TESTS / "test_notebooks_browser.py")
    # the stepper test imports its helpers relatively (from .test_notebooks_browser)
    sys.modules.setdefault("bp_browser", type(sys)("bp_browser")).__path__ = [str(BROWSER_TESTS)]
    sys.modules["bp_browser.test_notebooks_browser"] = tests
    stepper = _load("bp_browser.test_stepper_browser", BROWSER_TESTS / "test_stepper_browser.py")

    chromium = conftest.find_chromium()
    if chromium is None:
        print("Chromium not found (/usr/bin/chromium or `chromium` on PATH)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    every = dict(tests.SLIDER_NOTEBOOKS)
    if not os.environ.get("BPCORE_SLIDER_NOTEBOOKS"):
        every.update(tests.ZH_SLIDER_NOTEBOOKS)  # the Chinese panels: the same code, Chinese words
        every = {in_notebook(tests, n): labels for n, labels in every.items()}
    stepper.NAME = in_notebook(tests, stepper.NAME)
    wanted = {n: labels for n, labels in every.items()
              if (tests.NOTEBOOK_DIR / n).is_file()}  # fmt: skip
    if args.only == "stepper":
        wanted = {}
    run_stepper = args.only != "sliders" and (tests.NOTEBOOK_DIR / stepper.NAME).is_file()
    missing = [] if args.only == "stepper" else sorted(set(every) - set(wanted))
    if missing:
        print(f"not written yet, skipped: {', '.join(missing)}")
    if not wanted and not run_stepper:
        print(f"no slider notebooks in {tests.NOTEBOOK_DIR}", file=sys.stderr)
        return 2

    failures = 0
    t_start = time.monotonic()
    server = conftest.start_lab_server(tests.NOTEBOOK_DIR)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium, headless=True, args=conftest.CHROMIUM_ARGS
            )
            context = browser.new_context(viewport=tests.VIEWPORT)
            context.set_default_timeout(30_000)
            artifacts = conftest.ARTIFACTS
            artifacts.mkdir(parents=True, exist_ok=True)
            lab = tests.Lab(server, context, artifacts)
            print(f"{'notebook':<24} {'slider':<20} {'median':>8} {'min':>6} {'max':>6}  n")
            for name, labels in sorted(wanted.items()):
                try:
                    nb, problems = lab.open_and_run(name)
                    if problems and not args.keep_going:
                        raise RuntimeError(f"run-all problems: {problems}")
                    if problems:
                        print(f"{name}: WARNING, run-all problems (measuring anyway): "
                              f"{str(problems)[:300]}", flush=True)
                    for i, label in enumerate(labels):
                        ms = [nb.move_slider(label, i) for _ in range(args.repeat)]
                        print(
                            f"{name:<24} {label:<20} {statistics.median(ms):>6.0f}ms "
                            f"{min(ms):>6.0f} {max(ms):>6.0f}  {len(ms)}",
                            flush=True,
                        )
                    if name.endswith("05_k2_delta.ipynb"):
                        # the XOR panel computes the next step ahead in the direction of the last
                        # move: back and forth, every press misses and trains on demand
                        for i, label in enumerate(labels):
                            ms = [nb.move_slider(label, i, "ArrowRight" if k % 2 else "ArrowLeft")
                                  for k in range(args.repeat)]
                            row = f"{label}, back & forth"
                            print(
                                f"{name:<24} {row:<20} {statistics.median(ms):>6.0f}ms "
                                f"{min(ms):>6.0f} {max(ms):>6.0f}  {len(ms)}",
                                flush=True,
                            )
                    if name == "07_playground.ipynb":
                        rate, n, target, stop_ms = playground_run_mode(nb)
                        print(
                            f"{name:<24} {'run mode':<20} {rate:>6.1f}/s pictures "
                            f"({n} pictures for {target} epochs; target >= {RUN_TARGET_PER_S:.0f}/s)\n"
                            f"{name:<24} {'stop -> stopped':<20} {statistics.median(stop_ms):>6.0f}ms "
                            f"{min(stop_ms):>6.0f} {max(stop_ms):>6.0f}  {len(stop_ms)}",
                            flush=True,
                        )
                except BaseException as exc:  # pytest.fail raises an OutcomeException
                    if isinstance(exc, KeyboardInterrupt):
                        raise
                    failures += 1
                    print(f"{name}: FAILED: {str(exc)[:2000]}", file=sys.stderr)
                finally:
                    lab.release(name)
            if run_stepper:
                failures += bench_stepper(lab, stepper, args.repeat)
            lab.close_all()
            context.close()
            browser.close()
    finally:
        server.stop()
    print(f"total {time.monotonic() - t_start:.1f} s; key press -> new panel output, in-page time")
    return 1 if failures else 0


def bench_stepper(lab, stepper, repeat: int) -> int:
    """Notebook 08's stepper: `repeat` arrow keys on its step slider, `repeat` Enter presses on
    its next button (back to step 0 in between); one line each. Returns the number of failures."""
    name = stepper.NAME
    try:
        nb, problems = lab.open_and_run(name)
        if problems:
            raise RuntimeError(f"run-all problems: {problems}")
        nb.page.bring_to_front()
        rows = {"step slider, arrow key": [nb.move_slider("step", 0) for _ in range(repeat)]}
        stepper.press_button(nb, "reset", "Enter")
        rows["next button, Enter"] = [stepper.press_button(nb, "next", "Enter") for _ in range(repeat)]
        for label, ms in rows.items():
            print(f"{name:<24} {label:<24} {statistics.median(ms):>6.0f}ms "
                  f"{min(ms):>6.0f} {max(ms):>6.0f}  {len(ms)}", flush=True)
        return 0
    except BaseException as exc:  # pytest.fail raises an OutcomeException
        if isinstance(exc, KeyboardInterrupt):
            raise
        print(f"{name} stepper: FAILED: {str(exc)[:2000]}", file=sys.stderr)
        return 1
    finally:
        lab.release(name)


if __name__ == "__main__":
    sys.exit(main())
