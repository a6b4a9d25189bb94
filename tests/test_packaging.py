"""A plain (not editable) `pip install .` ships every module of bpcore, subpackages included."""
import pathlib
import shutil
import subprocess
import sys
import zipfile

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]


def _can_build_a_wheel():
    """setuptools builds wheels itself from 70.1 on; before, it needs the `wheel` package."""
    import importlib.util

    import setuptools

    major, minor = (int(x) for x in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


@pytest.mark.skipif(not _can_build_a_wheel(),
                    reason="setuptools < 70.1 without the wheel package cannot build a wheel offline "
                           "(the lowest-versions venv); the main job builds it")
def test_the_wheel_holds_every_module_of_the_source_tree(tmp_path):
    # built from a copy: a build/ or *.egg-info left in the checkout would hide a missing package
    src = tmp_path / "src"
    shutil.copytree(REPO / "bpcore", src / "bpcore", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path / "dist"), str(src)], check=True, capture_output=True, timeout=300)
    wheel, = (tmp_path / "dist").glob("bpcore-*.whl")
    shipped = {n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".py")}
    source = {p.relative_to(REPO).as_posix() for p in (REPO / "bpcore").rglob("*.py")}
    assert source - shipped == set()  # bpcore/panels/*.py was missing while pyproject listed "bpcore" only
