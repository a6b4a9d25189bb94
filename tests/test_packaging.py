"""A plain (not editable) `pip install .` ships every module of bpcore, subpackages included."""
import pathlib
import shutil
import subprocess
import sys
import zipfile

REPO = pathlib.Path(__file__).resolve().parents[1]


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
