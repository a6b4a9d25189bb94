"""The lecturer/student editions: solution stripping, and the stored student edition in sync."""
import json

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


# -- issue 9 §4: never leak a solution, fail in one line, write nothing on failure ---------------
def write_nb(path, cells, **kw):
    nb = nbformat.v4.new_notebook(**kw)
    nb.cells = cells
    nbformat.write(nb, str(path))
    return path


def run_main(capsys, *argv):
    """``(rc, stdout, stderr)`` of the command line."""
    rc = editions.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def assert_one_line_error(rc, err, *must_mention):
    assert rc == 2
    assert err.endswith("\n") and err.count("\n") == 1, err     # one line, no traceback
    assert err.startswith("error: ") and "Traceback" not in err
    for text in must_mention:
        assert str(text) in err, (text, err)


VARIANTS = ["### BEGIN SOLUTION ###", "#### BEGIN SOLUTION", "# BEGIN SOLUTION", "#BEGIN SOLUTION",
            "### begin solution", "### BEGIN  SOLUTION", "## END SOLUTION", "### END SOLUTION ###",
            "answer = 42  ### END SOLUTION", "#### END_SOLUTION"]


@pytest.mark.parametrize("kind", ["markdown", "untagged code", "exercise code"])
@pytest.mark.parametrize("marker", VARIANTS)
def test_a_variant_marker_stops_the_tool_naming_file_cell_and_line(tmp_path, capsys, kind, marker):
    if kind == "markdown":
        cell = nbformat.v4.new_markdown_cell(f"The answer:\n{marker}\n42")
    else:
        cell = nbformat.v4.new_code_cell(f"answer = ...  # your answer here\n{marker}\nanswer = 42",
                                         metadata={"tags": ["exercise"]} if kind == "exercise code" else {})
    path = write_nb(tmp_path / "nb.ipynb", [nbformat.v4.new_markdown_cell("## Intro"), cell])
    rc, out, err = run_main(capsys, path)
    assert_one_line_error(rc, err, path, "cell 2", "line 2", marker.strip()[:20])
    assert not (tmp_path / "student").exists()          # nothing written
    with pytest.raises(editions.EditionError, match="cell 2"):
        editions.student_cells(nbformat.read(str(path), as_version=4), "nb.ipynb")


def test_exact_markers_in_any_cell_are_stripped_and_a_solution_cell_is_not_inspected():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"Why:\n  {editions.BEGIN}\nbecause 42\n  {editions.END}\nend"),
                nbformat.v4.new_code_cell(f"x = 1\n{editions.BEGIN}\nx = 42\n{editions.END}"),
                nbformat.v4.new_markdown_cell("#### BEGIN SOLUTION (lecturers only)", metadata={"tags": ["solution"]})]
    cells = editions.student_cells(nb)
    assert [c.source for c in cells] == ["Why:\nend", "x = 1"]


@pytest.mark.parametrize("bad", [
    "### BEGIN SOLUTION\nx = 1",
    "x = 1\n### END SOLUTION",
    "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION",
])
def test_unbalanced_markers_name_the_cell(tmp_path, capsys, bad):
    path = write_nb(tmp_path / "nb.ipynb", [nbformat.v4.new_code_cell(bad)])
    rc, _, err = run_main(capsys, path)
    assert_one_line_error(rc, err, path, "cell 1", "SOLUTION")


V3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "old"},
      "worksheets": [{"cells": [{"cell_type": "markdown", "metadata": {}, "source": "hello"}], "metadata": {}}]}

BAD_FILES = {
    "empty": (b"", "empty file"),
    "blank": (b"  \n\n", "empty file"),
    "invalid JSON": (b'{"cells": [', "not valid JSON (line 1"),
    "not UTF-8": (b"\xff\xfe{}", "not UTF-8"),
    "JSON object, not a notebook": (b'{"name": "x"}', "not a Jupyter notebook"),
    "JSON list": (b"[1, 2]", "not a Jupyter notebook"),
    "JSON string": (b'"text"', "not a Jupyter notebook"),
    "nbformat as a string": (b'{"nbformat": "4", "cells": []}', "not a Jupyter notebook"),
    "v4 without cells": (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "not a Jupyter notebook"),
    "v4 failing the schema": (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code"}]}',
                              "not a valid nbformat 4 notebook"),
    "nbformat 3": (json.dumps(V3).encode(), "nbformat 3 notebook"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_gives_one_line_naming_it(tmp_path, capsys, name):
    content, reason = BAD_FILES[name]
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    for argv in ([path], ["--check", path], ["--slides", path]):
        rc, out, err = run_main(capsys, *argv)
        assert_one_line_error(rc, err, path, reason)
    assert path.read_bytes() == content and not (tmp_path / "student").exists()


def test_nbformat_3_is_refused_not_converted(tmp_path):
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(V3))
    with pytest.raises(editions.EditionError, match="nbformat 3 .* does not convert silently.*nbconvert"):
        editions.read_notebook(path)
    assert json.loads(path.read_text()) == V3


def test_a_missing_file_or_a_directory(tmp_path, capsys):
    rc, _, err = run_main(capsys, tmp_path / "nope.ipynb")
    assert_one_line_error(rc, err, tmp_path / "nope.ipynb", "no such file")
    rc, _, err = run_main(capsys, tmp_path)
    assert_one_line_error(rc, err, tmp_path, "is a directory")


def test_check_on_a_missing_file_says_missing_not_out_of_date(tmp_path, capsys):
    rc, out, err = run_main(capsys, "--check", tmp_path / "nope.ipynb")
    assert_one_line_error(rc, err, "nope.ipynb", "no such file")
    assert "out of date" not in out + err
    # the lecturer file exists, its student edition does not
    path = write_nb(tmp_path / "nb.ipynb", [nbformat.v4.new_markdown_cell("## Part")])
    rc, out, err = run_main(capsys, "--check", path)
    assert (rc, out, err) == (1, "missing: student/nb.ipynb\n", "")
    editions.make_student(path, tmp_path / "student", execute=False)
    assert run_main(capsys, "--check", path) == (0, "student edition up to date\n", "")
    write_nb(path, [nbformat.v4.new_markdown_cell("## Part two")])
    assert run_main(capsys, "--check", path) == (1, "out of date: nb.ipynb\n", "")


def test_the_command_line_prints_one_line_and_exits_2(tmp_path):
    """The process itself, not just main(): no traceback reaches the terminal."""
    import subprocess
    import sys

    (tmp_path / "bad.ipynb").write_text("{not json")
    run = subprocess.run([sys.executable, "-m", "bpcore.editions", str(tmp_path / "bad.ipynb")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and "bad.ipynb: not valid JSON" in run.stderr, run.stderr


def test_slides_writes_nothing_when_any_notebook_fails(tmp_path, capsys):
    """The second notebook raises when executed as the student edition: neither lecturer file is
    re-tagged, and no student edition is written (one kernel run per notebook)."""
    good = write_nb(tmp_path / "a.ipynb", [nbformat.v4.new_markdown_cell("## A"), nbformat.v4.new_code_cell("x = 1")])
    bad = write_nb(tmp_path / "b.ipynb", [nbformat.v4.new_markdown_cell("## B"),
                                         nbformat.v4.new_code_cell('raise RuntimeError("boom")')])
    before = {p: p.read_bytes() for p in (good, bad)}
    rc, out, err = run_main(capsys, "--slides", good, bad)
    assert_one_line_error(rc, err, bad, "cell 2", "RuntimeError: boom")
    assert out == "" and {p: p.read_bytes() for p in (good, bad)} == before
    assert not (tmp_path / "student").exists()
    # without the failing notebook both steps happen
    rc, out, err = run_main(capsys, "--slides", good)
    assert rc == 0 and err == "" and (tmp_path / "student" / "a.ipynb").exists()
    assert read(good).cells[0].metadata["slideshow"] == {"slide_type": "slide"}


def test_a_leaking_exercise_writes_nothing(tmp_path, capsys):
    """A solution outside its markers makes the student check say "correct": refused."""
    cell = nbformat.v4.new_code_cell('from bpcore import exercises\nanswer = (5, 2)\n'
                                     f'{editions.BEGIN}\nanswer = (5, 2)\n{editions.END}\n'
                                     'correct = exercises.check("00.W2_shape", answer)', metadata={"tags": ["exercise"]})
    path = write_nb(tmp_path / "nb.ipynb", [cell])
    rc, out, err = run_main(capsys, path)
    assert_one_line_error(rc, err, path, "00.W2_shape", "outside its markers")
    assert not (tmp_path / "student").exists()


# -- the nbgrader source (no nbgrader needed; tests/test_nbgrader.py runs nbgrader itself) -------
def test_nbgrader_notebook_makes_solution_and_locked_test_cells():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[
        md("## Exercise"),
        md("Worked answer: 42.", metadata={"tags": ["solution"]}),
        code(CELL.replace("exercises.check", "correct = exercises.check"), metadata={"tags": ["exercise"]},
             execution_count=4, outputs=[nbformat.v4.new_output("stream", text="xx: correct\n")]),
        code(f"y = 1\n{editions.BEGIN}\ny = 2\n{editions.END}"),
    ])
    source = editions.nbgrader_notebook(nb, {"xx": {"value": 42.0}}, "nb.ipynb")
    kinds = [(c.cell_type, c.metadata.get("nbgrader", {}).get("grade_id")) for c in source.cells]
    assert kinds == [("markdown", None), ("code", "ex_xx"), ("code", "test_xx"), ("code", "code_4")]
    ex, test = source.cells[1], source.cells[2]
    assert ex.metadata.nbgrader["solution"] and not ex.metadata.nbgrader["locked"] and ex.outputs == []
    assert ex.source.startswith("answer = ...  # your answer here\n") and 'exercises.check("xx", answer)' in ex.source
    meta = test.metadata.nbgrader
    assert meta["grade"] and meta["locked"] and meta["points"] == 1 and meta["schema_version"] == 3
    visible, hidden = test.source.split("### BEGIN HIDDEN TESTS\n")
    assert "42" not in visible and "_np.array(42.0)" in hidden and "bpcore" not in test.source
    assert "Worked answer" not in nbformat.writes(source)


def test_hidden_tests_judge_answers_without_bpcore():
    """Run the generated hidden tests as the grader would, on right and wrong answers."""
    def passes(key, expected, **names):
        code = editions.hidden_test(key, expected).replace("### BEGIN HIDDEN TESTS", "").replace("### END HIDDEN TESTS", "")
        try:
            exec(code, dict(names))
        except (AssertionError, TypeError, ValueError, NameError):
            return False
        return True

    assert passes("k", {"shape": [5, 2]}, answer=(5, 2)) and passes("k", {"shape": [5, 2]}, answer=[5, 2])
    assert not any(passes("k", {"shape": [5, 2]}, answer=a) for a in [(2, 5), "52", {5: 0, 2: 0}, ..., None])
    assert passes("k", {"value": 0.225}, answer=0.225 * (1 + 1e-9))
    assert not any(passes("k", {"value": 0.225}, answer=a) for a in [0.9, "0.225", [0.225], ..., None])
    calls = {"name": "f", "calls": [[[[[1.0, 2.0]]], [[2.0, 4.0]]]]}
    assert passes("k", calls, f=lambda x: 2 * x)
    assert not any(passes("k", calls, f=f) for f in [lambda x: x, lambda x: None, lambda x: (2 * x).T])
    scalars = {"name": "g", "calls": [[[3.0, 0.5], [1.5, 3.5]]]}    # (a, b) -> (a * b, a + b)
    assert passes("k", scalars, g=lambda a, b: (a * b, a + b))
    assert not passes("k", scalars, g=lambda a, b: (a * b, b))
    assert passes("k", {"name": "dz", "value": 2.0}, dz=2.0) and not passes("k", {"name": "dz", "value": 2.0}, answer=2.0)


def test_nbgrader_refuses_markers_in_markdown_and_a_cell_without_one_check():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"{editions.BEGIN}\n42\n{editions.END}")])
    with pytest.raises(editions.EditionError, match="cell 1 .*markdown"):
        editions.nbgrader_notebook(nb, {}, "nb.ipynb")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL + '\nexercises.check("yy", answer)',
                                                                   metadata={"tags": ["exercise"]})])
    with pytest.raises(editions.EditionError, match="exactly one exercises.check"):
        editions.nbgrader_notebook(nb, {"xx": {"value": 42.0}}, "nb.ipynb")


def test_nbgrader_on_a_bad_file_says_one_line_and_writes_nothing(tmp_path, capsys):
    good = write_nb(tmp_path / "a.ipynb", [nbformat.v4.new_markdown_cell("## no exercises")])
    (tmp_path / "b.ipynb").write_text("{")
    rc, out, err = run_main(capsys, "--nbgrader", tmp_path / "course", good, tmp_path / "b.ipynb")
    assert_one_line_error(rc, err, tmp_path / "b.ipynb", "not valid JSON")
    assert not (tmp_path / "course").exists()
