"""Notebook 08's backward-pass stepper in a real JupyterLab (Playwright + system Chromium).

The stepper runs in its dashboard (notebooks/dashboards/stepper.ipynb: the same
`panels.stepper_panel()` as 08). test_notebook_runs_in_jupyterlab[dashboards/stepper.ipynb] has
run it and leaves its page open for this test (conftest.py runs the two in a row; alone, this
test runs the dashboard itself); then the stepper is moved with the keyboard only: arrow keys on
its "step" slider, Enter / Space on its "next", "previous" and "reset" buttons. After every key
the panel's picture must change and its status line must name the expected step. Key press ->
new picture times are printed (measured in the page); the latency target is checked by
benchmarks/bench_widgets_browser.py, not here.

    pytest -n 0 tests/browser/test_stepper_browser.py
"""
from __future__ import annotations

import re
import time

import pytest

# `lab` is conftest.py's fixture: the same page test_notebooks_browser.py ran the notebook in
from .test_notebooks_browser import NOTEBOOK_DIR, SLIDER_TIMEOUT_MS, STEPPER_NOTEBOOK, reuse_or_run

pytestmark = pytest.mark.browser

NAME = STEPPER_NOTEBOOK
KEY = "s0"  # the data-bp-slider key given to the stepper's slider


def status_step(nb) -> int | None:
    """The step number the stepper's status line shows (its cell's 'step k:' text)."""
    text = nb.js("""k => {
        const cell = document.querySelector(`[data-bp-slider-cell="${k}"]`);
        const html = cell ? [...cell.querySelectorAll('.widget-html')] : [];
        const s = html.map((e) => e.innerText).find((t) => /^\\s*step \\d+:/.test(t));
        return s || null;
    }""", KEY)
    match = re.match(r"\s*step (\d+):", text or "")
    return int(match.group(1)) if match else None


def slider_value(nb) -> int:
    handle = nb.page.locator(f'[data-bp-slider="{KEY}"]').locator(".noUi-handle, [role=slider]").first
    return int(float(handle.get_attribute("aria-valuenow")))


def press_button(nb, label: str, key: str) -> float:
    """Focus the stepper's button `label`, press `key`; ms until the picture changed."""
    button = nb.page.locator(f'[data-bp-slider-cell="{KEY}"] button.widget-button',
                             has_text=re.compile(rf"^\s*{label}\s*$")).first
    button.scroll_into_view_if_needed()
    nb.wait_settled(KEY)
    before = nb.js("k => __bp.snapshot(k)", KEY)["hash"]
    nb.js("([k, b, t]) => __bp.watch(k, b, t)", [KEY, before, SLIDER_TIMEOUT_MS])
    button.focus()
    button.press(key)
    result = nb.page.evaluate("() => window.__bpWatch")
    if not result["changed"]:
        nb.fail(f"{key} on the {label!r} button did not change the stepper's picture "
                f"within {SLIDER_TIMEOUT_MS} ms")
    nb.wait_settled(KEY)
    return result["ms"]


def expect_step(nb, want: int, what: str) -> None:
    deadline = time.monotonic() + 5
    while (got := (status_step(nb), slider_value(nb))) != (want, want):
        if time.monotonic() > deadline:
            nb.fail(f"after {what}: status line and slider show steps {got}, expected {want}")
        time.sleep(0.05)


def test_stepper_moves_by_keyboard(lab):
    if not (NOTEBOOK_DIR / NAME).is_file():
        pytest.skip(f"{NAME} not in {NOTEBOOK_DIR}")
    nb = reuse_or_run(lab, NAME)  # the page test_notebook_runs_in_jupyterlab ran it in
    try:
        times = {}
        times["slider ArrowRight x3"] = [nb.move_slider("step", 0) for _ in range(3)]
        expect_step(nb, 3, "three ArrowRight presses on the step slider")
        times["next (Enter)"] = [press_button(nb, "next", "Enter")]
        expect_step(nb, 4, "Enter on next")
        times["next (Space)"] = [press_button(nb, "next", " ")]
        expect_step(nb, 5, "Space on next")
        times["previous (Enter)"] = [press_button(nb, "previous", "Enter")]
        expect_step(nb, 4, "Enter on previous")
        times["reset (Enter)"] = [press_button(nb, "reset", "Enter")]
        expect_step(nb, 0, "Enter on reset")
        for _ in range(10):
            press_button(nb, "next", "Enter")
        expect_step(nb, 10, "ten presses of next")   # the step of the notebook's static picture
        problems = nb.js("([p, s]) => __bp.problems(p, s)", [nb.name, f'[data-bp-slider-cell="{KEY}"]'])
        if problems:
            nb.fail(f"stepping produced errors: {problems}")
        nb.panel_screenshot(KEY)
        print(f"{NAME}: key press -> new stepper picture (ms): "
              + "; ".join(f"{k} " + ", ".join(f"{t:.0f}" for t in v) for k, v in times.items()))
    finally:
        lab.release(NAME)
