"""nbgrader itself on the course that ``python -m bpcore.editions --nbgrader`` writes (issue 14).

The course and ``nbgrader generate_assignment`` for every assignment in it, then the autograde
round trip: three submissions per assignment (the released copy unanswered, the lecturer's
solutions, the solutions with one known wrong answer) graded by ``nbgrader autograde``.

By default the course holds one notebook, 03_matrix_form: it has every kind of exercise (two
shapes, a number, two functions), and each notebook costs a kernel run to build and three to
autograde. With ``BPCORE_NBGRADER_ALL=1`` (a step of ``.ci/run``) the course is built from every
notebook with exercises, ``nbgrader validate`` runs each source notebook with its hidden tests
(which must pass), and the round trip also covers 00_overview (shapes and a number) and
02_single_sample (numbers and functions). The default run leaves validate out: on one notebook
it would run what autograding the lecturer's solutions runs, the source with its hidden tests.

Needs nbgrader (``pip install nbgrader``, see the README): without it the test is skipped with a
reason, except under ``CI=true``, where it fails.
"""
import importlib.util
import os
import subprocess
import sys

import nbformat
import pytest

from bpcore import editions

pytestmark = pytest.mark.classroom

ALL = os.environ.get("BPCORE_NBGRADER_ALL", "") not in ("", "0")
# assignment -> (exercise key, a known wrong answer: the whole cell as a student would write it)
WRONG = {
    "03_matrix_form": ("03.tanh_backward", 'def tanh_backward(dA, A):\n'
                                           '    return dA * A * (1 - A)   # the sigmoid\'s derivative where tanh\'s belongs\n'
                                           'correct = exercises.check("03.tanh_backward", tanh_backward)'),
    "00_overview": ("00.W2_shape", 'answer = (2, 5)   # W^[2] transposed: the classic slip\n'
                                   'correct = exercises.check("00.W2_shape", answer)'),
    "02_single_sample": ("02.sigmoid_backward", 'def sigmoid_backward(dA, Z):\n'
                                                '    return dA * Z * (1 - Z)   # Z where sigma(Z) belongs\n'
                                                'correct = exercises.check("02.sigmoid_backward", sigmoid_backward)'),
}
ROUND_TRIP = {name: WRONG[name] for name in (WRONG if ALL else ["03_matrix_form"])}
NOTEBOOKS = sorted(p for p in editions.ROOT.glob("*.ipynb") if ALL or p.stem in ROUND_TRIP)
STUDENTS = ("blank", "lecturer", "one_wrong")


def nbgrader(course, *args):
    """Run ``nbgrader ARGS`` in ``course``; its combined output (it logs to stderr)."""
    # nbgrader runs `alembic` from PATH: this interpreter's scripts first, as in an activated venv
    path = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True,
                         text=True, timeout=600, env={**os.environ, "PYTHONWARNINGS": "ignore", "PATH": path})
    out = run.stdout + run.stderr
    assert run.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{out[-3000:]}"
    return out


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    if importlib.util.find_spec("nbgrader") is None:
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail("nbgrader is not installed, and CI=true: pip install nbgrader")
        pytest.skip("nbgrader is not installed (pip install nbgrader); this test runs it")
    course = tmp_path_factory.mktemp("course")
    names = editions.write_course(course, NOTEBOOKS)
    nbgrader(course, "generate_assignment", "--force", "*")
    return course, names


def read(path):
    return nbformat.read(str(path), as_version=4)


def grade_ids(nb, solution):
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution" if solution else "grade")]


def test_every_notebook_with_exercises_is_an_assignment(course):
    course, names = course
    want = [p.stem for p in NOTEBOOKS if any(True for _ in editions.exercise_cells(read(p)))]
    assert names == want and len(names) == (len(want) if ALL else 1) and (not ALL or len(names) >= 8)
    assert sorted(p.name for p in (course / "source").iterdir()) == want
    assert """c.ClearSolutions.code_stub = {"python": ''}""" in (course / "nbgrader_config.py").read_text()
    for name in names:
        source = read(course / "source" / name / f"{name}.ipynb")
        keys = list(editions.verdicts(read(editions.ROOT / f"{name}.ipynb")))
        # each exercise: a solution cell, then a locked graded test cell worth 1 point
        assert grade_ids(source, solution=True) == ["ex_" + k.replace(".", "_") for k in keys]
        assert grade_ids(source, solution=False) == ["test_" + k.replace(".", "_") for k in keys]
        for i, cell in enumerate(source.cells):
            meta = cell.metadata.get("nbgrader", {})
            assert not meta or meta["schema_version"] == 3
            if meta.get("solution"):
                test = source.cells[i + 1].metadata["nbgrader"]
                assert test["grade"] and test["locked"] and test["points"] == 1
                assert "### BEGIN HIDDEN TESTS" in source.cells[i + 1].source
                assert "bpcore" not in source.cells[i + 1].source     # no call the student can make


def test_released_copies_hold_no_answer_and_match_the_student_edition(course):
    course, names = course
    for name in names:
        release = read(course / "release" / name / f"{name}.ipynb")
        student = nbformat.v4.new_notebook(cells=editions.student_cells(read(editions.ROOT / f"{name}.ipynb")))
        released = [c.source for c in release.cells if c.metadata.get("nbgrader", {}).get("solution")]
        # the student edition's cells, but for one blank line where each solution was
        drop_blank = lambda src: [line for line in src.split("\n") if line.strip()]
        assert [drop_blank(s) for s in released] == [drop_blank(c.source) for _, c in editions.exercise_cells(student)]
        assert all(s.split("\n", 1)[0] == "answer = ...  # your answer here" or s.startswith("def ")
                   for s in released)
        text = nbformat.writes(release)
        assert "SOLUTION" not in text and "HIDDEN TESTS" not in text and "_expected" not in text
        assert all(not c.get("outputs") for c in release.cells)


@pytest.mark.skipif(not ALL, reason="BPCORE_NBGRADER_ALL=1 (CI): the default run's one assignment is "
                                      "proven by autograding the lecturer's solutions, the same run")
def test_validate_runs_every_source_and_its_hidden_tests_pass(course):
    course, names = course
    out = nbgrader(course, "validate", *[f"source/{n}/{n}.ipynb" for n in names])
    assert out.count("Success! Your notebook passes all the tests.") == len(names), out[-3000:]


@pytest.fixture(scope="module")
def graded(course):
    """Three submissions per round-trip assignment, autograded; ``{(assignment, student): (score, max)}``."""
    course, _ = course
    for name, (key, wrong) in ROUND_TRIP.items():
        solutions = {c.metadata["nbgrader"]["grade_id"]: c.source
                     for c in read(course / "source" / name / f"{name}.ipynb").cells
                     if c.metadata.get("nbgrader", {}).get("solution")}
        for student in STUDENTS:
            nb = read(course / "release" / name / f"{name}.ipynb")
            for cell in nb.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if student != "blank" and grade_id in solutions:
                    cell.source = solutions[grade_id]
                if student == "one_wrong" and grade_id == "ex_" + key.replace(".", "_"):
                    cell.source = wrong
            target = course / "submitted" / student / name / f"{name}.ipynb"
            target.parent.mkdir(parents=True)
            nbformat.write(nb, str(target))
    nbgrader(course, "autograde", "*")   # every submission of every assignment, in one process
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for name in ROUND_TRIP:
            for student in STUDENTS:
                sub = gb.find_submission(name, student)
                per_test = {g.name: g.score for g in sub.notebooks[0].grades}
                scores[name, student] = (sub.score, sub.max_score, per_test)
            scores[name] = len(editions.verdicts(read(editions.ROOT / f"{name}.ipynb")))   # exercises
    return course, scores


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_autograde_blank_scores_zero(graded, name):
    _, scores = graded
    score, full, _ = scores[name, "blank"]
    assert (score, full) == (0, scores[name]) and full >= 3


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_autograde_the_lecturers_solutions_score_full_marks(graded, name):
    _, scores = graded
    score, full, _ = scores[name, "lecturer"]
    assert score == full == scores[name]


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_autograde_one_wrong_answer_costs_exactly_its_points(graded, name):
    course, scores = graded
    key = ROUND_TRIP[name][0]
    score, full, per_test = scores[name, "one_wrong"]
    assert full == scores[name] and score == full - 1
    assert [g for g, s in per_test.items() if s == 0] == ["test_" + key.replace(".", "_")]
    # the student's own self-check still speaks in the student's own cell
    said = editions.verdicts(read(course / "autograded" / "one_wrong" / name / f"{name}.ipynb"))
    assert said[key].startswith("not yet") and [k for k, v in said.items() if v == "correct"] == \
        [k for k in said if k != key]


def test_autograded_blank_copy_shows_the_students_not_yet(graded):
    course, _ = graded
    for name in ROUND_TRIP:
        said = editions.verdicts(read(course / "autograded" / "blank" / name / f"{name}.ipynb"))
        assert said and all(v is not None and not v.startswith("correct") for v in said.values()), said
