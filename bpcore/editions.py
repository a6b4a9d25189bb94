"""Lecturer and student editions of the notebooks, and slide tags for lecture mode.

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
``--slides`` first tags the lecturer notebooks' cells for RISE (jupyterlab-rise): a markdown cell
opening with a ``#`` or ``##`` heading starts a slide, ``###`` a sub-slide, and a section that
would not fit a 1280 x 720 screen gets more sub-slides (before the prose that introduces the next
code); a single cell taller than the screen scrolls (notebook metadata ``rise.scroll``).
"""
import argparse
import pathlib
import sys

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BLANK = "not answered yet"   # what exercises.check prints for an answer left at ``...``
ROOT = pathlib.Path(__file__).resolve().parent.parent / "notebooks"


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


def student_cells(nb):
    """The cells of the student edition, outputs cleared (a new list; ``nb`` is untouched)."""
    import copy

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


def make_student(path, out_dir, execute=True):
    """Write the student edition of the notebook at ``path`` into ``out_dir``, executed.

    Executed, every exercise must answer "not answered yet": a check that says "correct" means part
    of a solution sits outside its markers (and any other verdict, an answer not left at ``...``);
    then nothing is written (``ValueError``).
    """
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    nb.cells = student_cells(nb)
    out_dir.mkdir(parents=True, exist_ok=True)
    if execute:
        from nbclient import NotebookClient

        NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(out_dir)}}).execute()
        said = verdicts(nb)
        leaks = [key for key, v in said.items() if v == "correct"]
        if leaks:
            raise ValueError(f"{path.name}: without solutions these exercises still say 'correct': "
                             f"{', '.join(leaks)} (is a solution outside its markers?)")
        odd = [key for key, v in said.items() if v != BLANK]
        if odd:
            raise ValueError(f"{path.name}: an untouched exercise must say {BLANK!r}; these do not: "
                             f"{', '.join(odd)} (is the answer left at '...'?)")
    nbformat.write(nb, str(out_dir / path.name))
    return nb


def stale_students(src_dir=ROOT, out_dir=None, paths=None):
    """Names of notebooks whose student edition is missing or no longer matches its source.

    Compares every cell's type, source and metadata (tags, slide types) with what
    :func:`student_cells` makes of the lecturer notebook. ``paths``: the lecturer notebooks to
    look at (default: every notebook in ``src_dir``); ``out_dir`` defaults to their ``student/``.
    """
    import nbformat

    def signature(cells):
        return [(c.cell_type, c.source, {k: v for k, v in c.metadata.items() if k != "execution"})
                for c in cells]

    stale = []
    for path in paths or sorted(src_dir.glob("*.ipynb")):
        path = pathlib.Path(path)
        target = (out_dir or path.parent / "student") / path.name
        if not target.exists():
            stale.append(path.name)
            continue
        want = signature(student_cells(nbformat.read(str(path), as_version=4)))
        have = signature(nbformat.read(str(target), as_version=4).cells)
        if want != have:
            stale.append(path.name)
    return stale


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


def tag_slides(path, height=SLIDE_HEIGHT):
    """Tag every cell of the notebook at ``path`` for RISE, in place (metadata only).

    Sets each cell's ``metadata.slideshow.slide_type`` (:func:`slide_types`) and the notebook's
    ``metadata.rise.scroll``, so that a single cell taller than the screen scrolls, not clips.
    """
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    for cell, kind in zip(nb.cells, slide_types(nb.cells, height)):
        cell.metadata["slideshow"] = {"slide_type": kind}
    nb.metadata.setdefault("rise", {})["scroll"] = True
    nbformat.write(nb, str(path))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bpcore.editions", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to process (default: notebooks/*.ipynb)")
    parser.add_argument("--check", action="store_true", help="only report student editions that are out of date")
    parser.add_argument("--slides", action="store_true", help="tag the lecturer notebooks' cells for RISE slides")
    args = parser.parse_args(argv)
    paths = [pathlib.Path(p) for p in args.notebooks] or sorted(ROOT.glob("*.ipynb"))
    if args.check:
        stale = stale_students(paths=paths)
        print("student edition up to date" if not stale else "out of date: " + ", ".join(stale))
        return 1 if stale else 0
    import nbformat

    for path in paths:
        if args.slides:
            tag_slides(path)
        student = make_student(path, path.parent / "student")
        n = len(verdicts(student))
        print(f"wrote {path.parent / 'student' / path.name} ({n} exercise{'s' * (n != 1)}, all '{BLANK}')")
        missing = unsolved(nbformat.read(str(path), as_version=4))
        if missing:
            print(f"  note: no solution block in {path.name} for {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
