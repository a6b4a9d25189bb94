import os
import sys
from pathlib import Path

import matplotlib
import pytest

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


@pytest.fixture(autouse=True)
def _close_figures():
    """Every test starts with no open matplotlib figure."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
