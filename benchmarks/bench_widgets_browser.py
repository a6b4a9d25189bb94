"""Browser latency of the slider panels: key press on a slider -> the panel's output changed.

Starts the same isolated JupyterLab + headless Chromium as tests/browser, runs each notebook of
SLIDER_NOTEBOOKS (tests/browser/test_notebooks_browser.py) that exists, then presses an arrow key
on every listed slider `--repeat` times. Time is measured inside the page, from the keydown event
to the DOM mutation that puts the new plot (or text) into the panel, so it covers the widget
round trip, the kernel's recompute and redraw, and the browser's update.

    python benchmarks/bench_widgets_browser.py [--repeat 10] [--only stepper]
    BPCORE_NOTEBOOK_DIR=/tmp/nbs BPCORE_SLIDER_NOTEBOOKS='{"a.ipynb": ["lr"]}' python benchmarks/...

Prints one line per slider (median, min, max ms) and exits non-zero if something failed.
A second section times notebook 08's backward-pass stepper (tests/browser/test_stepper_browser.py):
the arrow key on its "step" slider and Enter on its "next" button, each until the picture changed
(target: under 150 ms per step). Not run by the tests.
"""

from __future__ import annotations

import argparse
import importlib.util
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=10, help="key presses per slider (default 10)")
    ap.add_argument("--only", choices=["sliders", "stepper"], default=None,
                    help="run one section only (default: both)")
    args = ap.parse_args()

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

    wanted = {n: labels for n, labels in tests.SLIDER_NOTEBOOKS.items()
              if (tests.NOTEBOOK_DIR / n).is_file()}  # fmt: skip
    if args.only == "stepper":
        wanted = {}
    run_stepper = args.only != "sliders" and (tests.NOTEBOOK_DIR / stepper.NAME).is_file()
    missing = [] if args.only == "stepper" else sorted(set(tests.SLIDER_NOTEBOOKS) - set(wanted))
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
                    if problems:
                        raise RuntimeError(f"run-all problems: {problems}")
                    for i, label in enumerate(labels):
                        ms = [nb.move_slider(label, i) for _ in range(args.repeat)]
                        print(
                            f"{name:<24} {label:<20} {statistics.median(ms):>6.0f}ms "
                            f"{min(ms):>6.0f} {max(ms):>6.0f}  {len(ms)}",
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
