import os
import sys
from pathlib import Path

# One BLAS thread per process, set before NumPy loads OpenBLAS (here, in the workers, and in every
# kernel they start, which inherit it): pytest-xdist already runs a process per core, and
# OpenBLAS's own threads busy-wait for each other when the cores are oversubscribed (09's 100x100
# layer stack took 2.3 s instead of 0.55 s in one nbval cell on 2 cores). A value set by the user
# wins. The thread count changes no output: the notebooks print only stable digits, and the
# bit-for-bit tests compare two computations made in the same process.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib  # noqa: E402
import pytest  # noqa: E402

matplotlib.use("Agg")  # tests never open windows
sys.path.insert(0, os.path.dirname(__file__))  # so tests can import tests/seeds/*

REPO = Path(__file__).resolve().parent.parent
# Left out of a run that loads this conftest (`pytest`, `pytest tests notebooks`) unless
# --student-editions is given: tests/test_student_outputs.py checks their stored outputs against
# the lecturer's, which nbval re-executes. A path given on the command line is always collected
# (`pytest notebooks/student/04_perceptron.ipynb`), and `pytest notebooks` (which does not load
# this conftest) runs them all, as .ci/run's second pass does.
STUDENT_DIRS = (REPO / "notebooks" / "student", REPO / "notebooks" / "zh" / "student")


def pytest_addoption(parser):
    parser.addoption(
        "--student-editions",
        action="store_true",
        help="also run nbval on notebooks/student and notebooks/zh/student (left out by default)",
    )


class _LeaveOutStudentEditions:
    """A plugin, not a conftest hook: a conftest's hooks only see paths below its folder."""

    @staticmethod
    def pytest_ignore_collect(collection_path, config):
        if Path(collection_path).resolve() in STUDENT_DIRS:
            return True
        return None


def pytest_configure(config):
    if not config.getoption("student_editions"):
        config.pluginmanager.register(_LeaveOutStudentEditions(), "bpcore-leave-out-student-editions")


@pytest.fixture(scope="session")
def torch():
    """PyTorch, the independent reference (requirements-bench.txt), or a skip without it. A fixture,
    not a module-level import: the tests beside it that need no PyTorch still run without it, and
    a worker that runs none of them never imports it (1 s each)."""
    return pytest.importorskip("torch")


@pytest.fixture(autouse=True)
def _close_figures():
    """Every test starts with no open matplotlib figure and no live widget."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
    # ipywidgets keeps every widget it made alive until it is closed, and with it each panel's
    # figure and pictures: without this, every panel a test built stayed in memory to the end
    # (740 MB for the panel tests) and made each garbage collection and the worker's exit slower
    if "ipywidgets" in sys.modules:
        sys.modules["ipywidgets"].Widget.close_all()


# -- the dashboards: run live by the browser test, or by nbval -------------------------------------
# A dashboard (notebooks/dashboards/) is one panel cell marked nbval-ignore-output: nbval only
# proves it runs without an error in a fresh kernel. The browser test runs the same dashboard in a
# live JupyterLab kernel and checks more (no error output, every widget renders, its sliders,
# buttons and stepper redraw it), so when that test is selected and can run here, nbval leaves the
# dashboard to it (about 1 s of CPU each). Without Chromium or Playwright, with -m "not browser"
# (CI's lowest-versions job), with BPCORE_NOTEBOOK_DIR, or in `pytest notebooks` (CI's second pass,
# which does not load this file), nbval runs them.
DASHBOARD_DIR = REPO / "notebooks" / "dashboards"


def _browser_tests_can_run():
    import importlib.util

    from browser.conftest import find_chromium

    return (find_chromium() is not None and importlib.util.find_spec("playwright") is not None
            and not os.environ.get("BPCORE_NOTEBOOK_DIR"))


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected theirs
def pytest_collection_modifyitems(config, items):
    runs = "tests/browser/test_notebooks_browser.py::test_notebook_runs_in_jupyterlab["
    live = {REPO / "notebooks" / item.callspec.params["name"] for item in items if item.nodeid.startswith(runs)}
    live = {path for path in live if path.is_relative_to(DASHBOARD_DIR)}  # not a notebook run by override
    if not live or not _browser_tests_can_run():
        return
    by_browser = [item for item in items if Path(str(item.path)).resolve() in live]
    if by_browser:
        config.hook.pytest_deselected(items=by_browser)
        gone = set(by_browser)
        items[:] = [item for item in items if item not in gone]


# -- xdist: one worker more than cores when the browser tests run -----------------------------------
# A browser test mostly waits for Chromium, JupyterLab and its kernel: measured alone, the browser
# tests keep about half a core busy. `-n auto` gives one worker per core, so while one worker drove
# the browser a core stood half idle; one more worker fills it with the CPU-bound tests. With
# `-m "not browser"` (CI's lowest-versions job) xdist's own count stands.


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    if "not browser" in (config.getoption("markexpr") or ""):
        return None  # xdist's default
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) + 1


# -- xdist: the browser tests first, as one unit, then the longest files -----------------------------
# `--dist loadfile` sends each file whole to one worker, largest files (by test count) first, so the
# browser tests (few, long tests) started late: the critical path. This scheduler sends them first,
# as one unit that runs in order on one worker, sharing one JupyterLab server, Chromium and page
# (tests/browser/conftest.py): the notebooks open without a kernel and the dashboards' panels run
# live, so the whole unit keeps about half a core busy for 90 s. (Split in two, English and
# Chinese, it cost a second server, browser and first page load, about 8 s of CPU, for no shorter
# run.) Every other file stays one unit; the files in LONGEST come next (the nbgrader round trip
# alone takes about 30 s: started last, it ran on alone at the end), then the rest in xdist's
# order. The order changes no result, only when each file starts.
BROWSER_DIR = "tests/browser/"
LONGEST = ("tests/test_nbgrader.py", "tests/test_widgets.py", "tests/test_playground.py",
           "notebooks/09_softmax_vjp.ipynb", "notebooks/zh/09_softmax_vjp.ipynb",
           "tests/test_widget_compute.py", "tests/test_editions.py")


def browser_unit(nodeid):
    """The work unit of a browser test's node id, None for any other test."""
    return BROWSER_DIR if nodeid.startswith(BROWSER_DIR) else None


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadfile":
        return None
    from collections import OrderedDict

    from xdist.scheduler import LoadFileScheduling

    class BrowserFirstQueue(OrderedDict):
        """xdist pops the next unit with popitem(last=False): the browser units come first, then
        LONGEST."""

        def popitem(self, last=True):
            if not last:
                first = sorted(s for s in self if s.startswith(BROWSER_DIR))
                first += [s for s in LONGEST if s in self]
                if first:
                    return first[0], self.pop(first[0])
            return super().popitem(last=last)

    class BrowserFirstScheduling(LoadFileScheduling):
        def __init__(self, config, log=None):
            super().__init__(config, log)
            self.workqueue = BrowserFirstQueue()

        def _split_scope(self, nodeid):
            return browser_unit(nodeid) or super()._split_scope(nodeid)

    return BrowserFirstScheduling(config, log)
