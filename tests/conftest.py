import os
import sys

import matplotlib
import pytest

matplotlib.use("Agg")  # tests never open windows
sys.path.insert(0, os.path.dirname(__file__))  # so tests can import tests/seeds/*


@pytest.fixture(autouse=True)
def _close_figures():
    """Every test starts with no open matplotlib figure."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
