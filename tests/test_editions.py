"""The lecturer/student editions: solution stripping, and the stored student edition in sync."""
import nbformat
import pytest

from bpcore import editions

CELL = """answer = ...  # your answer here
### BEGIN SOLUTION
answer = 42
### END SOLUTION
exercises.check("xx", answer)"""


def test_strip_solutions_removes_the_marked_block():
    assert editions.strip_solutions(CELL) == 'answer = ...  # your answer here\nexercises.check("xx", answer)'
    assert editions.strip_solutions("x = 1\n") == "x = 1"


@pytest.mark.parametrize("bad", [
    "### BEGIN SOLUTION\nx = 1",
    "x = 1\n### END SOLUTION",
    "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION",
])
def test_unbalanced_markers_are_an_error(bad):
    with pytest.raises(ValueError, match="SOLUTION"):
        editions.strip_solutions(bad)


def test_student_cells_drop_solution_cells_and_outputs():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## Exercise"),
                nbformat.v4.new_markdown_cell("The answer is 42.", metadata={"tags": ["solution"]}),
                nbformat.v4.new_code_cell(CELL, execution_count=3,
                                          outputs=[nbformat.v4.new_output("stream", text="xx: correct\n")])]
    cells = editions.student_cells(nb)
    assert [c.source for c in cells][0] == "## Exercise" and len(cells) == 2
    assert cells[1].outputs == [] and cells[1].execution_count is None
    assert "42" not in cells[1].source and "42" in nb.cells[2].source  # the source is untouched


def test_slide_types():
    md = nbformat.v4.new_markdown_cell
    assert editions.slide_type(md("# Title")) == "slide"
    assert editions.slide_type(md("## Section\ntext")) == "slide"
    assert editions.slide_type(md("### Part")) == "subslide"
    assert editions.slide_type(md("Just prose")) == "-"
    assert editions.slide_type(nbformat.v4.new_code_cell("# a comment")) == "-"


def test_stored_student_edition_is_up_to_date():
    """Regenerate with `python -m bpcore.editions` after editing a notebook."""
    assert editions.stale_students() == []


# -- the stored editions: lecturer says "correct", student says "not yet" ------------------------
NOTEBOOKS = sorted(editions.ROOT.glob("*.ipynb"))
STUDENT = editions.ROOT / "student"


def read(path):
    return nbformat.read(str(path), as_version=4)


def test_verdicts_and_unsolved():
    nb = nbformat.v4.new_notebook()
    out = lambda text: [nbformat.v4.new_output("stream", text=text)]
    nb.cells = [nbformat.v4.new_code_cell(CELL, metadata={"tags": ["exercise"]}, outputs=out("xx: correct\n")),
                nbformat.v4.new_code_cell('answer = ...  # your answer here\nexercises.check("yy", answer)',
                                          metadata={"tags": ["exercise"]}, outputs=out("yy: not yet. Hint: h\n")),
                nbformat.v4.new_code_cell('exercises.check("zz", 1)', outputs=out("zz: correct\n"))]
    assert editions.verdicts(nb) == {"xx": "correct", "yy": "not yet. Hint: h"}
    assert editions.unsolved(nb) == ["yy"]


def test_stale_when_a_tag_changes(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## Part"), nbformat.v4.new_code_cell(CELL)]
    nbformat.write(nb, str(tmp_path / "nb.ipynb"))
    editions.make_student(tmp_path / "nb.ipynb", tmp_path / "student", execute=False)
    assert editions.stale_students(tmp_path) == []
    nb.cells[0].metadata["slideshow"] = {"slide_type": "slide"}
    nbformat.write(nb, str(tmp_path / "nb.ipynb"))
    assert editions.stale_students(tmp_path) == ["nb.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_lecturer_edition_solves_every_exercise(path):
    nb = read(path)
    assert editions.unsolved(nb) == []
    assert set(editions.verdicts(nb).values()) <= {"correct"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_student_edition_has_no_solutions_and_says_not_yet(path):
    nb = read(STUDENT / path.name)
    found = editions.verdicts(nb)
    assert list(found) == list(editions.verdicts(read(path)))          # the same exercises
    assert all(v is not None and v.startswith("not yet. Hint: ") for v in found.values()), found
    for _, cell in editions.exercise_cells(nb):
        assert cell.source.startswith("answer = ...  # your answer here\n")
    text = nbformat.writes(nb)
    assert editions.BEGIN not in text and editions.END not in text
    assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells)
