"""Fixtures for the real-browser test: one JupyterLab server and one Chromium per session.

The server runs on a temporary copy of ``notebooks/`` (so nothing is modified in place) with its
own config, runtime, data, settings and workspace dirs (so a user's settings don't leak in) and
with everything that would reach the internet switched off (news, update checks).

Environment variables:
  BPCORE_NOTEBOOK_DIR   notebooks to serve (default: <repo>/notebooks)
  BPCORE_CHROMIUM       Chromium executable (default: /usr/bin/chromium, else `chromium` on PATH)
  BPCORE_BROWSER_ARTIFACTS  where screenshots go (default: tests/browser/artifacts)
  CI=true               a missing Chromium / Playwright / JupyterLab fails instead of skipping
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = Path(os.environ.get("BPCORE_NOTEBOOK_DIR") or REPO / "notebooks").resolve()
ARTIFACTS = Path(
    os.environ.get("BPCORE_BROWSER_ARTIFACTS") or Path(__file__).resolve().parent / "artifacts"
)

SERVER_START_TIMEOUT = 60.0  # s until /api/status answers
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
    "--no-default-browser-check",
]

# JupyterLab user settings written into the isolated settings dir.
LAB_SETTINGS = {
    # every cell stays in the DOM, so outputs render and screenshots show the whole notebook
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    # no news feed, no update check: nothing needs the internet, no popup covers the page
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    # the tmp copies are never written back, and no "file changed on disk" dialogs
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser: real-browser test (JupyterLab + Playwright + system Chromium); "
        'deselect with -m "not browser"',
    )


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require(ok: bool, reason: str) -> None:
    """Skip with `reason` when a prerequisite is missing; under CI=true, fail instead."""
    if ok:
        return
    if in_ci():
        pytest.fail(f"CI=true but the browser test cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    override = os.environ.get("BPCORE_CHROMIUM")
    candidates = [override] if override else ["/usr/bin/chromium", shutil.which("chromium")]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


# --------------------------------------------------------------------------------------------
# Chromium via Playwright


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    require(
        path is not None,
        "Chromium not found (looked for "
        + (os.environ.get("BPCORE_CHROMIUM") or "/usr/bin/chromium and `chromium` on PATH")
        + "); install it with `apt-get install chromium`",
    )
    return path


@pytest.fixture(scope="session")
def sync_playwright_api(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the environment
        require(False, f"playwright is not importable ({exc}); pip install playwright")
    return sync_playwright


@pytest.fixture(scope="package")
def chromium_browser(sync_playwright_api, chromium_path):
    """One headless Chromium for the browser tests (Playwright sync API). Package scope, not
    session: the sync API keeps its event loop marked as running while it is open, which other
    tests would see; pytest closes it as soon as a worker leaves tests/browser (the browser tests
    are collected, and sent to an xdist worker, together: tests/conftest.py)."""
    with sync_playwright_api() as pw:
        b = pw.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=CHROMIUM_ARGS,
            timeout=60_000,
        )
        try:
            yield b
        finally:
            b.close()


# --------------------------------------------------------------------------------------------
# JupyterLab server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """A running `jupyter lab` on 127.0.0.1 with a random token."""

    def __init__(self, proc, base_url, token, root, log_path, tmp):
        self.proc = proc
        self.tmp = tmp
        self.base_url = base_url
        self.token = token
        self.root = root  # the tmp copy of the notebooks (the server's root_dir)
        self.log_path = log_path

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"

    def api(self, method: str, path: str, body=None, timeout: float = 10.0):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def log_tail(self, n: int = 60) -> str:
        try:
            lines = Path(self.log_path).read_text(errors="replace").splitlines()
        except OSError:
            return "(no server log)"
        return "\n".join(lines[-n:])

    def shutdown_sessions(self, path: str | None = None) -> None:
        """Shut down the kernel sessions of `path` (all sessions when None)."""
        try:
            sessions = self.api("GET", "/api/sessions")
        except Exception:
            return
        for s in sessions or []:
            if path is None or s.get("path") == path:
                try:
                    self.api("DELETE", f"/api/sessions/{s['id']}")
                except Exception:
                    pass

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.shutdown_sessions()
            try:
                for k in self.api("GET", "/api/kernels") or []:
                    self.api("DELETE", f"/api/kernels/{k['id']}")
            except Exception:
                pass
            try:
                self.api("POST", "/api/shutdown", timeout=5)
            except Exception:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            if self.proc.poll() is not None:
                break
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)


# JupyterLab page config written into the isolated config dir (labconfig/page_config.json).
# A notebook opened without a kernel session stays without one (JupyterLab's own
# "notebookStartsKernel" switch): the notebooks without widgets are only opened and their stored
# outputs checked; the ones that run get their kernel session through the REST API first
# (Lab.prestart in test_notebooks_browser.py), which JupyterLab attaches to.
LAB_PAGE_CONFIG = {"notebookStartsKernel": "false"}


def _write_lab_settings(settings_dir: Path) -> None:
    for plugin, values in LAB_SETTINGS.items():
        f = settings_dir / f"{plugin}.jupyterlab-settings"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(values, indent=2))


def _write_page_config(config_dir: Path) -> None:
    f = config_dir / "labconfig" / "page_config.json"
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(json.dumps(LAB_PAGE_CONFIG, indent=2))


class LabServerError(RuntimeError):
    pass


def start_lab_server(notebook_dir: Path = NOTEBOOK_DIR) -> LabServer:
    """Start `jupyter lab` on a tmp copy of `notebook_dir`; return it once /api/status answers.

    Raises LabServerError (with the server log) if it exits or does not answer in time.
    Call `.stop()` on the result: it shuts down kernels and server and removes the tmp dir.
    """
    tmp = Path(tempfile.mkdtemp(prefix="bpcore-lab-"))
    # <tmp>/work mirrors the repo: notebooks/ copied, bpcore/ (and data files) linked beside it,
    # so both `import bpcore` and relative paths like ../bpcore keep working in the notebooks.
    work = tmp / "work"
    root = work / "notebooks"
    if notebook_dir.is_dir():
        shutil.copytree(
            notebook_dir,
            root,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )
    else:
        root.mkdir(parents=True)
    for name in ("bpcore", "data", "requirements.txt", "README.md"):
        src = REPO / name
        if src.exists() and not (work / name).exists():
            (work / name).symlink_to(src)

    dirs = {
        name: tmp / name
        for name in ("config", "runtime", "data", "settings", "workspaces", "ipython", "mpl")
    }
    for d in dirs.values():
        d.mkdir()
    _write_lab_settings(dirs["settings"])
    _write_page_config(dirs["config"])

    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
        JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
        IPYTHONDIR=str(dirs["ipython"]),
        MPLCONFIGDIR=str(dirs["mpl"]),
        JUPYTER_PLATFORM_DIRS="1",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p),
    )
    # an MPLBACKEND like Agg would stop ipykernel choosing the inline backend: no plots
    env.pop("MPLBACKEND", None)
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)

    port = _free_port()
    token = secrets.token_hex(24)
    cmd = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser",
        "--allow-root",  # CI runs as root
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.terminals_enabled=False",
        # kernels on Unix sockets, not TCP ports: with nbval's kernels starting in the other
        # workers, a port picked free could be taken before the kernel bound it
        "--KernelManager.transport=ipc",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    log_path = tmp / "jupyter-lab.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: teardown can kill all it started
        )
    server = LabServer(proc, f"http://127.0.0.1:{port}", token, root, log_path, tmp)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if proc.poll() is not None:
            msg = f"jupyter lab exited with code {proc.returncode} while starting:\n"
            msg += server.log_tail()
            server.stop()
            raise LabServerError(msg)
        try:
            server.api("GET", "/api/status", timeout=2)
            return server
        except (urllib.error.URLError, ConnectionError, OSError, ValueError):
            pass
        if time.monotonic() > deadline:
            msg = f"jupyter lab did not answer /api/status within {SERVER_START_TIMEOUT:.0f} s:\n"
            msg += server.log_tail()
            server.stop()
            raise LabServerError(msg)
        time.sleep(0.2)


@pytest.fixture(scope="package")
def lab_server(chromium_path, sync_playwright_api):
    """JupyterLab on a tmp copy of the notebooks; always stopped (with its kernels) at the end."""
    try:
        import jupyterlab  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        require(False, f"jupyterlab is not importable ({exc}); pip install jupyterlab")
    try:
        server = start_lab_server(NOTEBOOK_DIR)
    except LabServerError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="package")
def lab(chromium_browser, lab_server, artifacts_dir):
    """One browser context and JupyterLab page (test_notebooks_browser.Lab) for the browser tests
    a worker runs in a row; here, not in a test module, so every browser module shares it."""
    from .test_notebooks_browser import VIEWPORT, Lab

    context = chromium_browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(30_000)
    lab = Lab(lab_server, context, artifacts_dir)
    try:
        yield lab
    finally:
        lab.close_all()
        context.close()


def notebook_of(item) -> str | None:
    """The notebook a browser test is about (its `name` parameter, or the stepper's)."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "name" in callspec.params:
        return callspec.params["name"]
    return getattr(item.module, "NAME", None)


KIND_ORDER = ("test_notebook_renders_in_jupyterlab", "test_notebook_runs_in_jupyterlab",
              "test_sliders_redraw_panel", "test_stepper_moves_by_keyboard")


def pytest_collection_modifyitems(config, items):
    """Each notebook's tests one after the other (open or run-all, then its sliders or stepper),
    so a test can reuse the page the previous one left; English first, then Chinese. Only the
    browser tests move, and they stay together where the first one was collected."""
    here = Path(__file__).resolve().parent
    browser = [i for i in items if Path(str(i.path)).resolve().parent == here]
    if not browser:
        return
    from .test_notebooks_browser import is_zh   # collected by now: the browser tests are here

    def key(item):
        name = notebook_of(item)
        if not isinstance(name, str) or item.originalname not in KIND_ORDER:
            return (2, "", 0)  # the rest (Voila) after the notebooks
        return (1 if is_zh(name) else 0, name, KIND_ORDER.index(item.originalname))

    first = items.index(browser[0])
    moved = set(browser)
    rest = [i for i in items if i not in moved]
    items[:] = rest[:first] + sorted(browser, key=key) + rest[first:]


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
