"""nbgrader itself on the course that ``python -m bpcore.editions --nbgrader`` writes (issue 14).

One course from the whole lecturer edition: ``nbgrader generate_assignment`` for every assignment
and ``nbgrader validate`` on every source notebook (it runs each one and its hidden tests). The
autograde round trip (three submissions per assignment: the released copy unanswered, the
lecturer's solutions, the solutions with one known wrong answer) runs on two notebooks only,
00_overview and 03_matrix_form: each submission is one more kernel run of the notebook, these two
are the fastest with three exercises each, and every other notebook's exercise and test cells
are built by the same code (and its hidden tests run under ``validate``).

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

NOTEBOOKS = sorted(editions.ROOT.glob("*.ipynb"))
# assignment -> (exercise key, a known wrong answer for it, as a student would write it)
ROUND_TRIP = {
    "00_overview": ("00.W2_shape", "answer = (2, 5)   # W^[2] transposed: the classic slip"),
    "03_matrix_form": ("03.dz2_batch", "answer = 0.9 - 0.0   # a - y, forgetting the 1/m of the mean cost"),
}
STUDENTS = ("blank", "lecturer", "one_wrong")


def nbgrader(course, *args):
    """Run ``nbgrader ARGS`` in ``course``; its combined output (it logs to stderr)."""
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True,
                         text=True, timeout=600, env={**os.environ, "PYTHONWARNINGS": "ignore"})
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
    assert names == want and len(names) >= 8
    assert sorted(p.name for p in (course / "source").iterdir()) == want
    assert "answer = ...  # your answer here" in (course / "nbgrader_config.py").read_text()
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
        student = read(editions.ROOT / "student" / f"{name}.ipynb")
        released = [c.source for c in release.cells if c.metadata.get("nbgrader", {}).get("solution")]
        assert released == [c.source for _, c in editions.exercise_cells(student)]
        text = nbformat.writes(release)
        assert "SOLUTION" not in text and "HIDDEN TESTS" not in text and "_expected" not in text
        assert all(not c.get("outputs") for c in release.cells)


def test_validate_runs_every_source_and_its_hidden_tests_pass(course):
    course, names = course
    out = nbgrader(course, "validate", *[f"source/{n}/{n}.ipynb" for n in names])
    assert out.count("Success! Your notebook passes all the tests.") == len(names), out[-3000:]


@pytest.fixture(scope="module")
def graded(course):
    """Three submissions per round-trip assignment, autograded; ``{(assignment, student): (score, max)}``."""
    course, _ = course
    for name, (key, wrong) in ROUND_TRIP.items():
        release = read(course / "release" / name / f"{name}.ipynb")
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
                    cell.source = f'{wrong}\ncorrect = exercises.check("{key}", answer)'
            target = course / "submitted" / student / name / f"{name}.ipynb"
            target.parent.mkdir(parents=True)
            nbformat.write(nb, str(target))
        nbgrader(course, "autograde", name)
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for name in ROUND_TRIP:
            for student in STUDENTS:
                sub = gb.find_submission(name, student)
                per_test = {g.name: g.score for g in sub.notebooks[0].grades}
                scores[name, student] = (sub.score, sub.max_score, per_test)
    return course, scores


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_autograde_blank_scores_zero(graded, name):
    _, scores = graded
    score, full, _ = scores[name, "blank"]
    assert (score, full) == (0, 3)


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_autograde_the_lecturers_solutions_score_full_marks(graded, name):
    _, scores = graded
    score, full, _ = scores[name, "lecturer"]
    assert score == full == 3


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_autograde_one_wrong_answer_costs_exactly_its_points(graded, name):
    course, scores = graded
    key = ROUND_TRIP[name][0]
    score, full, per_test = scores[name, "one_wrong"]
    assert score == full - 1
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
