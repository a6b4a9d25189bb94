"""The lecturer/student editions: solution stripping, and the stored student edition in sync."""
import nbformat
import pytest

from bpcore import editions

NOTEBOOKS = sorted(editions.ROOT.glob("*.ipynb"))
STUDENT = editions.ROOT / "student"


def read(path):
    return nbformat.read(str(path), as_version=4)


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


def code_cell(lines, out_lines=0, png_height=None):
    outputs = []
    if out_lines:
        outputs.append(nbformat.v4.new_output("stream", text="x\n" * out_lines))
    if png_height:
        import base64
        import struct
        header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + struct.pack(">II", 640, png_height) + b"\x08\x06\x00\x00\x00"
        outputs.append(nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(header).decode()}))
    return nbformat.v4.new_code_cell("\n".join(["x = 1"] * lines), outputs=outputs)


def test_lecturer_notes_are_skipped_in_the_slides():
    note = nbformat.v4.new_markdown_cell("## Lecturer note\nCommon wrong answers ...", metadata={"tags": ["solution"]})
    cells = [nbformat.v4.new_markdown_cell("## Part"), note, nbformat.v4.new_code_cell("x = 1"),
             nbformat.v4.new_markdown_cell("text")]
    assert editions.slide_types(cells) == ["slide", "skip", "-", "-"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_stored_slide_tags_skip_every_lecturer_note(path):
    nb = read(path)
    for cell in nb.cells:
        if "solution" in cell.metadata.get("tags", []) and "slideshow" in cell.metadata:
            assert cell.metadata["slideshow"]["slide_type"] == "skip", cell.source[:40]


def test_cell_height_counts_lines_and_pictures():
    assert editions.cell_height(code_cell(10)) == 18 * 10 + 22
    assert editions.cell_height(code_cell(10, out_lines=3)) == 18 * 10 + 22 + 17 * 3 + 4
    assert editions.cell_height(code_cell(2, png_height=400)) == 18 * 2 + 22 + 400 + 63
    md = nbformat.v4.new_markdown_cell
    short, long = editions.cell_height(md("Some prose.")), editions.cell_height(md("word " * 200))
    assert 30 < short < long
    assert editions.cell_height(md("## Title\n\n$$x = 1$$")) > editions.cell_height(md("## Title"))
    table = "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 10
    assert editions.cell_height(md(table)) > editions.cell_height(md("| a | b |\n|---|---|\n| 1 | 2 |"))


def test_a_long_section_gets_subslides_at_prose_or_code():
    md = nbformat.v4.new_markdown_cell
    cells = [md("## Section"), md("Prose for the first code."), code_cell(12),
             md("Prose for the picture."), code_cell(3, png_height=420),
             code_cell(20), md("### Part"), md("More prose."), md("## Next")]
    types = editions.slide_types(cells)
    assert types == ["slide", "-", "-", "subslide", "-", "subslide", "subslide", "-", "slide"]
    # the heading-only rule is what a tall screen gets
    assert editions.slide_types(cells, height=10_000) == [editions.slide_type(c) for c in cells]


def test_tag_slides_changes_metadata_only(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), code_cell(3, out_lines=2)]
    nbformat.write(nb, str(tmp_path / "nb.ipynb"))
    editions.tag_slides(tmp_path / "nb.ipynb")
    tagged = read(tmp_path / "nb.ipynb")
    assert [c.metadata["slideshow"]["slide_type"] for c in tagged.cells] == ["slide", "-"]
    assert tagged.metadata["rise"] == {"scroll": True}
    assert [(c.source, c.get("outputs")) for c in tagged.cells] == [(c.source, c.get("outputs")) for c in nb.cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_tagged_notebooks_start_a_slide_at_every_section(path):
    nb = read(path)
    tagged = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
    if not any(tagged):
        pytest.skip("not tagged for slides yet (python -m bpcore.editions --slides)")
    assert None not in tagged
    for cell, kind in zip(nb.cells, tagged):
        if editions.slide_type(cell) != "-":
            assert kind == editions.slide_type(cell), cell.source[:40]
    assert nb.metadata.get("rise", {}).get("scroll") is True


# -- the stored editions: lecturer says "correct", student says "not yet" ------------------------
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


@pytest.mark.parametrize("body, refusal", [
    ('answer = 21\nexercises.check("00.n_params", answer)', "still say 'correct': 00.n_params"),
    ('answer = 20\nexercises.check("00.n_params", answer)', "must say 'not answered yet'"),
])
def test_make_student_refuses_a_check_that_is_not_blank(tmp_path, body, refusal):
    """The guard: a leaked solution ("correct") or a prefilled answer stops the student edition."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from bpcore import exercises"),
                nbformat.v4.new_code_cell(body, metadata={"tags": ["exercise"]})]
    nbformat.write(nb, str(tmp_path / "nb.ipynb"))
    with pytest.raises(ValueError, match=refusal):
        editions.make_student(tmp_path / "nb.ipynb", tmp_path / "student")
    assert not (tmp_path / "student" / "nb.ipynb").exists()


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
    assert all(v == "not answered yet" for v in found.values()), found      # no hint before a try
    for _, cell in editions.exercise_cells(nb):
        assert (cell.source.startswith("answer = ...  # your answer here\n")
                or "    ...  # your code here\n" in cell.source), cell.source
    text = nbformat.writes(nb)
    assert editions.BEGIN not in text and editions.END not in text
    assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells)


def test_stored_student_edition_is_up_to_date():
    """Regenerate with `python -m bpcore.editions` after editing a notebook."""
    assert editions.stale_students() == []
