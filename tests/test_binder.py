"""binder/: what repo2docker (Binder, a JupyterHub image) builds from this repository (issue 14).

The requirement checks need nothing; the Dockerfile check needs repo2docker
(``pip install jupyter-repo2docker``; ``--no-build`` needs no Docker). Without it that test is
skipped with a reason, except under ``CI=true``, where it fails.
"""
import importlib.util
import os
import pathlib
import re
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
BINDER = REPO / "binder"
TEST_TOOLS = {"pytest", "pytest-xdist", "nbval", "playwright", "hypothesis", "nbgrader", "torch",
              "jupyter-repo2docker"}
RUNTIME = {"numpy", "matplotlib", "ipywidgets", "jupyterlab-widgets", "jupyterlab", "ipykernel"}


def requirements(path):
    """``{normalised name: the line}`` for the package lines of a requirements file."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        name = re.match(r"[A-Za-z0-9._-]+", line).group(0)
        found[re.sub(r"[-_.]+", "-", name).lower()] = line.replace(" ", "")
    return found


def python_version():
    text = (BINDER / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", text), text
    return text.removeprefix("python-")


def test_binder_requirements_hold_the_runtime_and_no_test_tools():
    binder, root = requirements(BINDER / "requirements.txt"), requirements(REPO / "requirements.txt")
    assert not set(binder) & TEST_TOOLS, set(binder) & TEST_TOOLS
    assert RUNTIME <= set(binder) and RUNTIME <= set(root)
    for name in RUNTIME:                      # the same bounds as the root file, so they cannot drift
        assert binder[name] == root[name], (binder[name], root[name])
    lines = [line.strip() for line in (BINDER / "requirements.txt").read_text().splitlines()]
    assert "-e ." in lines                     # bpcore itself: the notebooks import it


def test_runtime_python_is_one_the_project_supports():
    version = python_version()
    # a regex, not tomllib: the project supports Python 3.10, which has no tomllib
    requires = re.search(r'requires-python\s*=\s*"([^"]+)"', (REPO / "pyproject.toml").read_text()).group(1)
    low = re.fullmatch(r">=\s*3\.(\d+)", requires).group(1)
    assert int(version.split(".")[1]) >= int(low)


@pytest.mark.classroom
def test_repo2docker_builds_the_binder_python_without_test_tools():
    if importlib.util.find_spec("repo2docker") is None:
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail("repo2docker is not installed, and CI=true: pip install jupyter-repo2docker")
        pytest.skip("repo2docker is not installed (pip install jupyter-repo2docker); this test runs it")
    run = subprocess.run([sys.executable, "-m", "repo2docker", "--no-build", "--debug", str(REPO)],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-3000:]
    assert "FROM " in out and 'ENTRYPOINT ["/usr/local/bin/repo2docker-entrypoint"]' in out  # a Dockerfile
    version = python_version()
    assert f"Building conda environment for python={version}" in out
    # the conda lock file of that Python (repo2docker escapes "." as "-2e" and "-" as "-2d")
    assert f"environment-2epy-2d{version.replace('.', '-2e')}" in out
    # the only requirements installed are binder's: not the root file with the test tools
    installs = re.findall(r"pip install [^\n]*", out)
    assert installs == ['pip install --no-cache-dir -r "binder/requirements.txt"'], installs
    assert "requirements-bench" not in out and "binder/postBuild" not in out   # none needed
    for tool in TEST_TOOLS - {"jupyter-repo2docker"}:
        assert not re.search(rf"\b{tool}\b", out), tool
