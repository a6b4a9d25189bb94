"""Real-browser test of a Voila dashboard (issue 14): ``voila`` serves notebooks/dashboards/xor.ipynb
on 127.0.0.1, Chromium (Playwright) opens it, a key press moves the "learning rate" slider, and
the panel's picture must change. The page must show no traceback and no "Error displaying widget".

Needs voila (``pip install -r requirements-dashboards.txt``), Playwright and Chromium, like the
other browser tests: where one is missing the test is skipped with a reason; under ``CI=true`` it
fails instead. Screenshots: tests/browser/artifacts/voila-xor{,-moved}.png.
"""
from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import socket
import tempfile
import time
from pathlib import Path

import pytest

from .conftest import REPO, _free_port, require

pytestmark = [pytest.mark.browser, pytest.mark.classroom]

DASHBOARD = REPO / "notebooks" / "dashboards" / "xor.ipynb"
SLIDER = "learning rate"
START_TIMEOUT = 60.0       # s until voila answers
RENDER_TIMEOUT = 120_000   # ms until the panel's picture shows (the kernel runs the notebook first)
CHANGE_TIMEOUT = 20_000    # ms for a slider move to change the picture (XOR re-trains 2000 epochs)


@pytest.fixture(scope="module")
def voila_url(chromium_path, sync_playwright_api):
    require(importlib.util.find_spec("voila") is not None,
            "voila is not installed (pip install -r requirements-dashboards.txt)")
    tmp = Path(tempfile.mkdtemp(prefix="bpcore-voila-"))
    dirs = {name: tmp / name for name in ("config", "runtime", "data", "ipython", "mpl")}
    for d in dirs.values():
        d.mkdir()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
               JUPYTER_DATA_DIR=str(dirs["data"]), IPYTHONDIR=str(dirs["ipython"]),
               MPLCONFIGDIR=str(dirs["mpl"]), JUPYTER_PLATFORM_DIRS="1", PYTHONUNBUFFERED="1",
               PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p))
    env.pop("MPLBACKEND", None)          # Agg would keep ipykernel from the inline backend
    port = _free_port()
    log = open(tmp / "voila.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "voila", str(DASHBOARD), "--no-browser",
                             "--Voila.ip=127.0.0.1", f"--port={port}", "--Voila.port_retries=0",
                             "--show_tracebacks=True"],
                            cwd=DASHBOARD.parent, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + START_TIMEOUT
    while True:   # wait for the port (a GET of the page would start a kernel)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                proc.kill()
                pytest.fail(f"voila did not start:\n{(tmp / 'voila.log').read_text()[-3000:]}")
            time.sleep(0.3)
    try:
        yield url, tmp / "voila.log"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def test_a_slider_move_changes_the_dashboards_picture(voila_url, chromium_browser, artifacts_dir):
    url, log = voila_url
    page = chromium_browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=RENDER_TIMEOUT)
        picture = page.locator(".jupyter-widgets img, .widget-image").first
        picture.wait_for(state="visible", timeout=RENDER_TIMEOUT)
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle(),
                               timeout=RENDER_TIMEOUT)
        page.screenshot(path=str(artifacts_dir / "voila-xor.png"), full_page=True)
        text = page.inner_text("body")
        assert "Error displaying widget" not in text and "Traceback" not in text, text[-2000:]
        assert "XOR" in text                                   # the caption is there

        slider = page.locator(".widget-slider, .jupyter-widgets.widget-hslider").filter(has_text=SLIDER).first
        slider.wait_for(state="visible", timeout=10_000)
        readout = slider.locator(".widget-readout").first
        before_value, before_src = readout.text_content(), picture.get_attribute("src")
        handle = slider.locator(".noUi-handle, [role=slider]").first
        handle.focus()
        handle.press("ArrowRight")
        page.wait_for_function("([img, src]) => img.getAttribute('src') !== src && img.complete && img.naturalWidth > 0",
                               arg=[picture.element_handle(), before_src], timeout=CHANGE_TIMEOUT)
        assert readout.text_content() != before_value            # the slider really moved
        page.screenshot(path=str(artifacts_dir / "voila-xor-moved.png"), full_page=True)
        text = page.inner_text("body")
        assert "Error displaying widget" not in text and "Traceback" not in text, text[-2000:]
        assert not problems, problems
    except Exception:
        page.screenshot(path=str(artifacts_dir / "voila-xor-failed.png"), full_page=True)
        print(log.read_text()[-3000:])
        raise
    finally:
        page.close()
