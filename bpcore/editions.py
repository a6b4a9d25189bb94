"""Lecturer and student editions of the notebooks, slide tags for lecture mode, an nbgrader course.

The notebooks in ``notebooks/`` are the lecturer edition: every exercise cell holds its
solution between marker lines, the way nbgrader writes them::

    answer = ...  # your answer here
    ### BEGIN SOLUTION
    answer = grads.dW[1][0, 2]
    ### END SOLUTION
    exercises.check("02.dL_dw5", answer)

``python -m bpcore.editions`` writes ``notebooks/student/``: the same notebooks with the marked
lines (and any cell tagged ``solution``) removed, executed top to bottom so the self-checks
answer "not answered yet" (a check that still says "correct" stops it: a solution outside its markers).
``--check`` only verifies the student edition is up to date (what the tests run).
The Chinese edition is handled the same way: ``notebooks/zh/*.ipynb`` (lecturer) gives
``notebooks/zh/student/``; both folders are covered when no notebook is named, and the guard
reads the Chinese verdicts ("尚未作答", "正确") as it reads the English ones.
The tool never leaks a solution: a line that mentions BEGIN/END SOLUTION but is not an exact
marker line stops it, naming the file, the cell and the line; so does a file that is missing,
empty, not JSON, not a notebook, or an nbformat 3 notebook (refused, not converted: convert it
yourself with ``jupyter nbconvert --to notebook --nbformat 4``). A failure prints one line and
exits with status 2, and nothing is written: every notebook is processed in memory first.
``--slides`` first tags the lecturer notebooks' cells for RISE (jupyterlab-rise): a markdown cell
opening with a ``#`` or ``##`` heading starts a slide, ``###`` a sub-slide, and a section that
would not fit a 1280 x 720 screen gets more sub-slides (before the prose that introduces the next
code); a single cell taller than the screen scrolls (notebook metadata ``rise.scroll``).
``--nbgrader COURSE_DIR`` writes an nbgrader course: one assignment per notebook with exercises,
each exercise a solution cell followed by a locked, graded test cell with hidden tests (see
:func:`nbgrader_notebook`).
"""
import argparse
import copy
import json
import os
import pathlib
import re
import sys
import tempfile

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BLANK = "not answered yet"   # what exercises.check prints for an answer left at ``...``
CORRECT = "correct"
ROOT = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
ZH_ROOT = ROOT / "zh"          # the Chinese edition: same names, its own student/ folder


def _zh(text):
    from .i18n_zh import CATALOG

    return CATALOG[text]


def is_blank(verdict):
    """True for "not answered yet" in either language."""
    return verdict in (BLANK, _zh(BLANK))


def is_correct(verdict):
    """True for "correct" in either language."""
    return verdict in (CORRECT, _zh(CORRECT))


def lecturer_notebooks():
    """Every lecturer notebook: ``notebooks/*.ipynb``, then ``notebooks/zh/*.ipynb``."""
    return sorted(ROOT.glob("*.ipynb")) + sorted(ZH_ROOT.glob("*.ipynb"))
# anything a lecturer may have meant as a marker: any case, any spacing, any number of #
_MARKER_LIKE = re.compile(r"(BEGIN|END)[\s_-]*SOLUTION", re.IGNORECASE)


class EditionError(ValueError):
    """A notebook the editions tool refuses; the message is one line naming the file."""


def read_notebook(path):
    """The notebook at ``path`` (nbformat 4), or :class:`EditionError` with a one-line reason.

    Refused: a missing file or a directory, an empty file, bytes that are not UTF-8 JSON, JSON
    that is not a notebook (no integer ``nbformat``, or it fails the nbformat 4 schema), and an
    nbformat 3 (or older) notebook, which nbformat would otherwise convert silently.
    """
    import nbformat

    path = pathlib.Path(path)
    if not path.exists():
        raise EditionError(f"{path}: no such file")
    if path.is_dir():
        raise EditionError(f"{path}: is a directory, not a notebook")
    raw = path.read_bytes()
    if not raw.strip():
        raise EditionError(f"{path}: empty file, not a notebook")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise EditionError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start}), not a notebook") from None
    except json.JSONDecodeError as err:
        raise EditionError(f"{path}: not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})") from None
    version = data.get("nbformat") if isinstance(data, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or "cells" not in data and version >= 4:
        raise EditionError(f"{path}: JSON but not a Jupyter notebook (no nbformat version and cells)")
    if version != 4:
        raise EditionError(f"{path}: nbformat {version} notebook; this tool reads nbformat 4 only and does "
                           f"not convert silently: run `jupyter nbconvert --to notebook --nbformat 4 "
                           f"--output {path.name} {path}` and check the result")
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # nbformat's ValidationError and friends: report, never a traceback
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise EditionError(f"{path}: not a valid nbformat 4 notebook ({first[:200]})") from None
    return nb


def _where(name, index, cell, line_no=None):
    first = cell.source.strip().split("\n", 1)[0][:50]
    line = f", line {line_no}" if line_no is not None else ""
    return f"{name}: cell {index} ({cell.cell_type}, starting {first!r}){line}"


def check_markers(nb, name="notebook"):
    """Refuse a notebook where a line mentions BEGIN/END SOLUTION without being a marker.

    A marker is a line that is exactly ``### BEGIN SOLUTION`` or ``### END SOLUTION`` after
    stripping its indentation. Anything else (``#### BEGIN SOLUTION``, ``# BEGIN SOLUTION``,
    ``### BEGIN SOLUTION ###``, ``x = 1  ### END SOLUTION``, in any cell type) would leave the
    solution in the student edition, so it raises :class:`EditionError` naming ``name``, the
    cell (1-based index, type, first line) and the line. Cells tagged ``solution`` are dropped
    whole from the student edition, so they are not inspected. Unbalanced or nested markers are
    reported the same way.
    """
    for index, cell in enumerate(nb.cells, start=1):
        if is_solution(cell):
            continue
        for line_no, line in enumerate(cell.source.splitlines(), start=1):
            if _MARKER_LIKE.search(line) and line.strip() not in (BEGIN, END):
                raise EditionError(f"{_where(name, index, cell, line_no)}: {line.strip()[:60]!r} is not an exact "
                                   f"marker; write {BEGIN!r} / {END!r} alone on their lines")
        try:
            strip_solutions(cell.source)
        except ValueError as err:
            raise EditionError(f"{_where(name, index, cell)}: {err}") from None


def strip_solutions(source):
    """The cell source without the lines from BEGIN to END (inclusive)."""
    kept, inside = [], False
    for line in source.splitlines(keepends=True):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ValueError(f"nested {BEGIN!r}")
            inside = True
        elif marker == END:
            if not inside:
                raise ValueError(f"{END!r} without {BEGIN!r}")
            inside = False
        elif not inside:
            kept.append(line)
    if inside:
        raise ValueError(f"{BEGIN!r} without {END!r}")
    return "".join(kept).rstrip("\n")


def student_cells(nb, name="notebook"):
    """The cells of the student edition, outputs cleared (a new list; ``nb`` is untouched).

    Raises :class:`EditionError` (via :func:`check_markers`) rather than leak a solution.
    """
    check_markers(nb, name)
    cells = []
    for cell in nb.cells:
        if is_solution(cell):
            continue
        cell = copy.deepcopy(cell)
        cell.source = strip_solutions(cell.source)
        cell.metadata.pop("execution", None)   # the lecturer run's timestamps
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    return cells


def exercise_cells(nb):
    """``(key, cell)`` for every code cell tagged ``exercise``; key from its ``exercises.check("...")``."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "exercise" in cell.get("metadata", {}).get("tags", []):
            yield cell.source.split('exercises.check("', 1)[-1].split('"', 1)[0], cell


def verdicts(nb):
    """``{key: verdict}`` for the exercise cells of an executed notebook.

    ``verdict`` is what ``exercises.check`` printed after ``"key: "`` ("correct", "not answered
    yet", or "not yet. Hint: ..."), or None when the cell printed no such line (not run, or it raised).
    """
    found = {}
    for key, cell in exercise_cells(nb):
        text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
        lines = [line[len(key) + 2:] for line in text.splitlines() if line.startswith(f"{key}: ")]
        found[key] = lines[-1] if lines else None
    return found


def unsolved(nb):
    """Keys of the exercise cells without a solution block (still in their student state)."""
    return [key for key, cell in exercise_cells(nb) if BEGIN not in cell.source]


def student_notebook(nb, name="notebook", execute=True, cwd=None):
    """The student edition of the lecturer notebook ``nb`` (a new notebook), executed in ``cwd``.

    Executed, every exercise must answer "not answered yet": a check that says "correct" means part
    of a solution sits outside its markers (and any other verdict, an answer not left at ``...``);
    then :class:`EditionError` is raised; so it is when a cell raises (one line: the cell and the
    exception).
    """
    student = copy.deepcopy(nb)
    student.cells = student_cells(nb, name)
    if execute:
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        cwd = pathlib.Path(cwd or ".")
        while not cwd.is_dir():   # run where the edition will live; its folder may not exist yet
            cwd = cwd.parent
        client = NotebookClient(student, timeout=120, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(cwd)}})
        try:
            client.execute()
        except CellExecutionError as err:
            index = next((i for i, c in enumerate(student.cells, 1)
                          if any(o.get("output_type") == "error" for o in c.get("outputs", []))), "?")
            raise EditionError(f"{name}: the student edition raised in its cell {index}: "
                               f"{err.ename}: {str(err.evalue).splitlines()[0] if err.evalue else ''}") from None
        except (CellTimeoutError, DeadKernelError) as err:
            raise EditionError(f"{name}: the student edition did not run: {type(err).__name__}") from None
        said = verdicts(student)
        leaks = [key for key, v in said.items() if is_correct(v)]
        if leaks:
            raise EditionError(f"{name}: without solutions these exercises still say 'correct': "
                               f"{', '.join(leaks)} (is a solution outside its markers?)")
        odd = [key for key, v in said.items() if not is_blank(v)]
        if odd:
            raise EditionError(f"{name}: an untouched exercise must say {BLANK!r}; these do not: "
                               f"{', '.join(odd)} (is the answer left at '...'?)")
    return student


def write_notebook(nb, path):
    """Write ``nb`` to ``path`` atomically (a temporary file renamed over it)."""
    import nbformat

    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
        os.replace(tmp, path)
    except BaseException:
        pathlib.Path(tmp).unlink(missing_ok=True)
        raise


def make_student(path, out_dir, execute=True):
    """Write the student edition of the notebook at ``path`` into ``out_dir``, executed.

    Nothing is written when :func:`student_notebook` refuses (``EditionError``).
    """
    path, out_dir = pathlib.Path(path), pathlib.Path(out_dir)
    student = student_notebook(read_notebook(path), str(path), execute, cwd=out_dir)
    write_notebook(student, out_dir / path.name)
    return student


def student_status(paths, out_dir=None):
    """``{name: "missing" | "out of date"}`` for the lecturer notebooks whose student edition is
    missing or no longer matches (cell types, sources and metadata other than timestamps).

    A lecturer notebook that is itself missing or unreadable raises :class:`EditionError`.
    """
    def signature(cells):
        return [(c.cell_type, c.source, {k: v for k, v in c.metadata.items() if k != "execution"})
                for c in cells]

    status = {}
    for path in paths:
        path = pathlib.Path(path)
        want = signature(student_cells(read_notebook(path), str(path)))
        target = pathlib.Path(out_dir or path.parent / "student") / path.name
        if not target.exists():
            status[path.name] = "missing"
        elif signature(read_notebook(target).cells) != want:
            status[path.name] = "out of date"
    return status


def stale_students(src_dir=ROOT, out_dir=None, paths=None):
    """Names of notebooks whose student edition is missing or no longer matches its source.

    ``paths``: the lecturer notebooks to look at (default: every notebook in ``src_dir``);
    ``out_dir`` defaults to their ``student/``. See :func:`student_status`.
    """
    return list(student_status(paths or sorted(pathlib.Path(src_dir).glob("*.ipynb")), out_dir))


# -- lecture mode: slide types for RISE (jupyterlab-rise) -----------------------------------------
# Heights in CSS pixels as RISE lays the notebooks out in a 1280 x 720 window (measured in
# Chromium with jupyterlab-rise 0.43 and its default "simple" theme): code 18 px a line, stream
# output 17 px a line, a PNG at its own height plus margins. Good to ~20 px for prose, ~5 px for code.
SLIDE_HEIGHT = 640  # what fits on a 1280 x 720 screen below the slide's top margin


def is_solution(cell):
    """True for a cell tagged ``solution`` (a lecturer note: no student edition, no slide)."""
    return "solution" in cell.get("metadata", {}).get("tags", [])


def slide_type(cell):
    """The slide type a cell's heading asks for: ``#``/``##`` a slide, ``###`` a sub-slide, else "-"."""
    if cell.cell_type == "markdown":
        first = cell.source.lstrip().split("\n", 1)[0]
        if first.startswith("# ") or first.startswith("## "):
            return "slide"
        if first.startswith("### "):
            return "subslide"
    return "-"


def _png_height(b64):
    import base64
    import struct

    return struct.unpack(">I", base64.b64decode(b64[:64])[20:24])[0]   # the IHDR chunk's height


def _markdown_height(source):
    import math
    import re

    height, para, in_math = 10, 0, False

    def paragraph():
        return 20 * math.ceil(para / 165) + 14 if para else 0

    for line in source.split("\n"):
        s = line.strip()
        if in_math:                                    # inside a $$ ... $$ block
            in_math = not s.endswith("$$")
            height += 12
            continue
        heading = re.match(r"(#+) ", s)
        if not s or s.startswith(("$$", "|")) or heading or re.match(r"([*-]|\d+\.) ", s):
            height, para = height + paragraph(), 0      # a block ends the running paragraph
        if s.startswith("$$"):
            height += 50
            in_math = not (len(s) > 2 and s.endswith("$$"))
        elif heading:
            size, per_line = {1: (64, 36), 2: (48, 48), 3: (38, 62)}.get(len(heading.group(1)), (30, 80))
            height += size * math.ceil(len(s) / per_line) + 24
        elif s.startswith("|"):
            height += 0 if re.fullmatch(r"[|\-: ]+", s) else 23
        elif s:
            para += len(s) + 1
    return height + paragraph()


def cell_height(cell):
    """Estimated height of ``cell`` on a 1280 x 720 RISE slide, in CSS pixels."""
    if cell.cell_type != "code":
        return _markdown_height(cell.source)
    height = 18 * len(cell.source.split("\n")) + 22
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if out.get("output_type") == "stream":
            height += 17 * len(out.get("text", "").rstrip("\n").split("\n")) + 4
        elif "image/png" in data:
            height += _png_height(data["image/png"]) + 63
        elif "text/plain" in data:
            height += 17 * len(data["text/plain"].split("\n")) + 4
        else:
            height += 170                              # an error, a widget: a rough guess
    return height


def slide_types(cells, height=SLIDE_HEIGHT):
    """A slide type per cell: headings as :func:`slide_type` says, plus sub-slides so that no
    slide grows taller than ``height`` pixels where a cell boundary can prevent it.

    A section that does not fit is cut before the markdown cell that introduces the next
    code (prose stays with its code), or, if that block alone is too tall, before a code cell.
    A cell tagged ``solution`` (a lecturer note) is ``"skip"``: the slides keep it out.
    """
    types, used = [], 0
    for i, cell in enumerate(cells):
        if is_solution(cell):                          # lecturer notes stay out of the slides
            types.append("skip")
            continue
        kind, h = slide_type(cell), cell_height(cell)
        if kind == "-" and i > 0 and used > 0:
            block = h
            if cell.cell_type == "markdown":           # the prose and the code cells it introduces
                for nxt in cells[i + 1:]:
                    if is_solution(nxt):
                        continue
                    if nxt.cell_type == "markdown":
                        break
                    block += cell_height(nxt)
            if used + block > height and (cell.cell_type == "markdown" or used + h > height):
                kind = "subslide"
        types.append(kind)
        used = h if kind != "-" else used + h
    return types


def tagged_for_slides(nb, height=SLIDE_HEIGHT):
    """A copy of ``nb`` with every cell tagged for RISE (metadata only).

    Sets each cell's ``metadata.slideshow.slide_type`` (:func:`slide_types`) and the notebook's
    ``metadata.rise.scroll``, so that a single cell taller than the screen scrolls, not clips.
    """
    nb = copy.deepcopy(nb)
    for cell, kind in zip(nb.cells, slide_types(nb.cells, height)):
        cell.metadata["slideshow"] = {"slide_type": kind}
    nb.metadata.setdefault("rise", {})["scroll"] = True
    return nb


def tag_slides(path, height=SLIDE_HEIGHT):
    """Tag every cell of the notebook at ``path`` for RISE, in place (see :func:`tagged_for_slides`)."""
    write_notebook(tagged_for_slides(read_notebook(path), height), path)


# -- nbgrader: one assignment per notebook with exercises --------------------------------------
# nbgrader replaces a solution region by its code stub (default `raise NotImplementedError()`).
# Each exercise already carries its own stub above the region, `answer = ...  # your answer here`
# or, in a function, `...  # your code here`; one stub cannot fit both, so the stub is empty and
# the released cell keeps the exercise's own line (plus one blank line where the solution was).
CODE_STUB = ""
POINTS = 1                  # per exercise
RTOL, ATOL = 1e-6, 1e-9     # the hidden tests' tolerance, the same as bpcore.exercises' default
NBGRADER_CONFIG = f'''# nbgrader configuration written by `python -m bpcore.editions --nbgrader`.
c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "bpcore"
# The released exercise cells keep the suite's own stub, `answer = ...  # your answer here` (or
# `...  # your code here` in a function), instead of nbgrader's `raise NotImplementedError()`:
# the solution region is replaced by nothing, and the stub line above it stays.
c.ClearSolutions.code_stub = {{"python": {CODE_STUB!r}}}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
# each notebook runs top to bottom in well under 10 s; 120 s per cell is a generous cap
c.Execute.timeout = 120
'''
_PROBE = "bpcore-answer:"
_CHECK = re.compile(r'exercises\.check\(\s*"([^"]+)"\s*,\s*([A-Za-z_][A-Za-z_0-9]*)\s*\)')


def _grade_id(prefix, key):
    return prefix + re.sub(r"[^A-Za-z0-9]+", "_", key)


def _checked(cell, where):
    """``(key, name)`` from the exercise cell's ``exercises.check("key", name)``: ``name`` is
    ``answer`` for a number or shape exercise, the student's function for a code exercise."""
    found = _CHECK.findall(cell.source)
    if len(found) != 1:
        raise EditionError(f"{where}: an exercise cell needs exactly one exercises.check(\"key\", name) "
                           f"line; found {len(found)}")
    return found[0]


def _answer_probe(key, name):
    """A code cell printing, as JSON, what the lecturer's exercise cell left in ``name``: a shape
    or numbers; for a function (a code exercise), its inputs and outputs on the calls that
    ``bpcore.exercises``' tester makes (the tester must accept the function)."""
    return "\n".join([
        "import json as _bp_json, numpy as _bp_np",
        "from bpcore import exercises as _bp_exercises",
        f"_bp_value = {name}",
        "if callable(_bp_value):",
        "    _bp_calls = []",
        "    def _bp_record(*args):",
        "        out = _bp_value(*args)",
        "        _bp_calls.append(([_bp_np.asarray(a, dtype=float).tolist() for a in args],",
        "                          _bp_np.asarray(out, dtype=float).tolist()))",
        "        return out",
        # the tester draws from np.random.default_rng(): seeded here, so the course is the same every time
        "    _bp_rng = _bp_np.random.default_rng",
        "    _bp_np.random.default_rng = lambda seed=None: _bp_rng(20141 if seed is None else seed)",
        "    try:",
        f"        _bp_ok = _bp_exercises.is_correct({key!r}, _bp_record)",
        "    finally:",
        "        _bp_np.random.default_rng = _bp_rng",
        "    assert _bp_ok, 'the tester refuses the lecturer function'",
        "    _bp_found = {'calls': _bp_calls}",
        "elif isinstance(_bp_value, tuple) and all(isinstance(v, (int, _bp_np.integer)) for v in _bp_value):",
        "    _bp_found = {'shape': [int(v) for v in _bp_value]}",
        "else:",
        "    _bp_found = {'value': _bp_np.asarray(_bp_value, dtype=float).tolist()}",
        f"print({_PROBE!r} + _bp_json.dumps(dict(_bp_found, name={name!r})))",
    ])


def lecturer_answers(nb, name="notebook", cwd=None):
    """``{key: expected}``: what each exercise cell of the lecturer notebook ``nb`` produces,
    found by running the notebook in a kernel (up to its last exercise). ``expected`` is
    ``{"name": the checked variable, "shape": [...]}`` or ``{"name", "value": nested list}``, or
    for a code exercise ``{"name": the function, "calls": [(args, out), ...]}`` (the lecturer's
    function on the inputs ``bpcore.exercises``' tester drew).

    Every value must be accepted by ``bpcore.exercises.is_correct`` (two independent routes to
    the same answer), else :class:`EditionError`.
    """
    import numpy as np
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from . import exercises

    probed = copy.deepcopy(nb)
    cells = []
    for index, cell in enumerate(probed.cells, start=1):
        cells.append(cell)
        if cell.cell_type == "code" and "exercise" in cell.get("metadata", {}).get("tags", []):
            import nbformat

            key, fn = _checked(cell, _where(name, index, cell))
            cells.append(nbformat.v4.new_code_cell(_answer_probe(key, fn), metadata={"bpcore_probe": key}))
    last = max((i for i, c in enumerate(cells) if "bpcore_probe" in c.metadata), default=-1)
    probed.cells = cells[:last + 1]      # what follows the last exercise cannot change an answer
    try:
        NotebookClient(probed, timeout=120, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(cwd or ".")}}).execute()
    except CellExecutionError as err:
        raise EditionError(f"{name}: the lecturer edition raised when run: {err.ename}: "
                           f"{str(err.evalue).splitlines()[0] if err.evalue else ''}") from None
    found = {}
    for cell in probed.cells:
        key = cell.metadata.get("bpcore_probe")
        if key is None:
            continue
        text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
        found[key] = json.loads(text.split(_PROBE, 1)[1])
        if "calls" in found[key]:
            if not found[key]["calls"]:
                raise EditionError(f"{name}: the tester of {key} never called the lecturer's function")
            continue   # the probe itself asserted that the tester accepts the function
        given = tuple(found[key]["shape"]) if "shape" in found[key] else np.array(found[key]["value"])
        if not exercises.is_correct(key, given):
            raise EditionError(f"{name}: the lecturer's answer to {key} ({given!r}) is not what "
                               f"bpcore.exercises expects; fix one of them")
    return found


def hidden_test(key, expected, points=POINTS):
    """The source of the graded test cell for exercise ``key``: a visible comment, then hidden
    tests comparing the student's answer (the variable or function ``expected["name"]``,
    default ``answer``) with ``expected``: literals from :func:`lecturer_answers`, so nothing
    the student can call or change decides the mark."""
    name = expected.get("name", "answer")
    lines = [f"# Graded test for exercise {key} ({points} point{'s' * (points != 1)}): its tests are hidden",
             "# and run when the notebook is graded. Run this cell; it prints nothing.",
             "### BEGIN HIDDEN TESTS"]
    if "shape" in expected:
        want = tuple(expected["shape"])
        lines += [f"assert isinstance({name}, (tuple, list)) and tuple({name}) == {want!r}, "
                  f"{key + ': not the expected shape'!r}"]
    elif "value" in expected:
        lines += ["import numpy as _np",
                  f"assert {name} is not ... and {name} is not None, {key + ': not answered'!r}",
                  f"assert not isinstance({name}, (str, bytes)), {key + ': a number, not text'!r}",
                  f"_expected = _np.array({expected['value']!r})",
                  f"_answer = _np.asarray({name}, dtype=float)",
                  f"assert _answer.shape == _expected.shape, {key + ': not the expected shape'!r}",
                  f"assert _np.allclose(_answer, _expected, rtol={RTOL!r}, atol={ATOL!r}), "
                  f"{key + ': not the expected value'!r}"]
    else:       # a code exercise: the student's function on the inputs the lecturer's was given
        lines += ["import numpy as _np", "_cases = [   # (inputs, the lecturer function's output)"]
        lines += [f"    ({args!r}, {out!r})," for args, out in expected["calls"]]
        lines += ["]",
                  "for _args, _want in _cases:",
                  f"    _got = {name}(*[_np.array(a, dtype=float) if isinstance(a, list) else a for a in _args])",
                  f"    assert _got is not None, {key + ': not answered (the function returns None)'!r}",
                  "    _got, _want = _np.asarray(_got, dtype=float), _np.array(_want, dtype=float)",
                  f"    assert _got.shape == _want.shape, {key + ': not the expected shape'!r}",
                  f"    assert _np.allclose(_got, _want, rtol={RTOL!r}, atol={ATOL!r}), "
                  f"{key + ': not the expected values'!r}"]
    return "\n".join(lines + ["### END HIDDEN TESTS"])


def _nbgrader_meta(grade_id, solution=False, grade=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def nbgrader_notebook(nb, answers, name="notebook"):
    """The nbgrader source version of the lecturer notebook ``nb`` (a new notebook).

    Every exercise cell becomes a solution cell (its own stub line stays, see :data:`CODE_STUB`;
    its ``exercises.check`` line too, so the student still sees the self-check), followed by a locked, graded test cell
    worth :data:`POINTS` with hidden tests (:func:`hidden_test`, ``answers`` from
    :func:`lecturer_answers`). The student's own check stays in the exercise cell. Cells tagged
    ``solution`` are left out (nbgrader cannot drop a whole cell from the released copy); other
    code cells with markers become ungraded solution cells; a markdown cell with markers is
    refused (nbgrader would grade it by hand).
    """
    import nbformat

    check_markers(nb, name)
    source = copy.deepcopy(nb)
    cells = []
    for index, cell in enumerate(source.cells, start=1):
        tags = cell.get("metadata", {}).get("tags", [])
        if is_solution(cell):
            continue
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        has_markers = BEGIN in cell.source
        if cell.cell_type == "markdown" and has_markers:
            raise EditionError(f"{_where(name, index, cell)}: solution markers in a markdown cell; nbgrader "
                               f"would grade it by hand: tag the cell 'solution' or move it into an exercise")
        cells.append(cell)
        if cell.cell_type != "code" or not has_markers:
            continue
        if "exercise" not in tags:
            cell.metadata["nbgrader"] = _nbgrader_meta(_grade_id("code_", f"{index}"), solution=True)
            continue
        key, _ = _checked(cell, _where(name, index, cell))
        if key not in answers:
            raise EditionError(f"{_where(name, index, cell)}: no lecturer answer for exercise {key}")
        cell.metadata["nbgrader"] = _nbgrader_meta(_grade_id("ex_", key), solution=True)
        cells.append(nbformat.v4.new_code_cell(hidden_test(key, answers[key]), metadata={
            "nbgrader": _nbgrader_meta(_grade_id("test_", key), grade=True, points=POINTS)}))
    source.cells = cells
    return source


def write_course(course_dir, paths):
    """Write an nbgrader course into ``course_dir``: ``source/<stem>/<stem>.ipynb`` for every
    notebook in ``paths`` with exercises, and ``nbgrader_config.py``. Returns the assignment
    names. Everything is built in memory first; a failure writes nothing."""
    course_dir = pathlib.Path(course_dir)
    made = []
    for path in map(pathlib.Path, paths):
        nb = read_notebook(path)
        check_markers(nb, str(path))
        if not any(True for _ in exercise_cells(nb)):
            continue
        answers = lecturer_answers(nb, str(path), cwd=path.parent)
        made.append((path.stem, nbgrader_notebook(nb, answers, str(path))))
    for stem, nb in made:
        write_notebook(nb, course_dir / "source" / stem / f"{stem}.ipynb")
    (course_dir / "nbgrader_config.py").write_text(NBGRADER_CONFIG)
    return [stem for stem, _ in made]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bpcore.editions", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to process (default: notebooks/*.ipynb and notebooks/zh/*.ipynb)")
    parser.add_argument("--check", action="store_true", help="only report student editions that are missing or out of date")
    parser.add_argument("--slides", action="store_true", help="tag the lecturer notebooks' cells for RISE slides")
    parser.add_argument("--nbgrader", metavar="COURSE_DIR",
                        help="write an nbgrader course (one assignment per notebook with exercises) into COURSE_DIR")
    args = parser.parse_args(argv)
    paths = [pathlib.Path(p) for p in args.notebooks] or lecturer_notebooks()
    try:
        if args.nbgrader:
            names = write_course(args.nbgrader, paths)
            print(f"wrote {len(names)} assignment{'s' * (len(names) != 1)} into {args.nbgrader}/source: "
                  + ", ".join(names) + f"; then, in {args.nbgrader}: nbgrader generate_assignment NAME")
            return 0
        if args.check:
            status = student_status(paths)
            for kind in ("missing", "out of date"):
                names = [name for name, said in status.items() if said == kind]
                if names:
                    print(f"{kind}: " + ", ".join(f"student/{n}" if kind == "missing" else n for n in names))
            if not status:
                print("student edition up to date")
            return 1 if status else 0
        # everything in memory first: a failure in any notebook writes nothing at all
        results = []
        for path in paths:
            lecturer = read_notebook(path)
            if args.slides:
                lecturer = tagged_for_slides(lecturer)
            out_dir = path.parent / "student"
            results.append((path, lecturer, student_notebook(lecturer, str(path), cwd=out_dir)))
    except EditionError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for path, lecturer, student in results:
        if args.slides:
            write_notebook(lecturer, path)
        write_notebook(student, path.parent / "student" / path.name)
        n = len(verdicts(student))
        print(f"wrote {path.parent / 'student' / path.name} ({n} exercise{'s' * (n != 1)}, all '{BLANK}')")
        missing = unsolved(lecturer)
        if missing:
            print(f"  note: no solution block in {path.name} for {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
