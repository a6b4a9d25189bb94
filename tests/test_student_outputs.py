"""The stored student editions' outputs, checked without executing them again.

``notebooks/student/`` and ``notebooks/zh/student/`` are written by ``python -m bpcore.editions``,
which strips the solutions and *executes* each student notebook to store its outputs. The default
``pytest`` no longer re-executes them with nbval (``tests/conftest.py`` leaves them out of the
collection; CI's second pass and ``pytest --student-editions`` still do). What it proves instead,
per notebook:

* the cells are the lecturer's after stripping (``test_editions.py`` and ``test_zh_sync.py``:
  ``stale_students``), paired here one to one (lecturer cells tagged ``solution`` have no twin);
* every student code cell that is not an exercise stored exactly the outputs its lecturer twin
  stored (images byte for byte; only widget model ids, execution counts and the way stdout was
  split into chunks may differ), and nbval re-executes every lecturer notebook against its stored
  outputs in the same run;
* every exercise cell stored exactly one line, ``<key>: not answered yet`` (``尚未作答`` in the
  Chinese edition), where the lecturer's says ``<key>: correct`` (``正确``).

So a stale student edition (a lecturer notebook re-executed or edited without regenerating the
students) or an output edited by hand fails here.
"""
import re

import nbformat
import pytest

from bpcore import editions

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# what exercises.check prints for an answer left at `...`, and for the right one (bpcore/exercises.py,
# bpcore/i18n_zh.py), written out here rather than imported
VERDICTS = {"en": ("not answered yet", "correct"), "zh": ("尚未作答", "正确")}
CHECK = re.compile(r'exercises\.check\(\s*"([^"]+)"')

PAIRS = [(p, "en") for p in sorted(editions.ROOT.glob("*.ipynb"))] + [
    (p, "zh") for p in sorted(editions.ZH_ROOT.glob("*.ipynb"))
]


def normalized(outputs):
    """Outputs as comparable data: consecutive stream chunks joined, run-specific ids dropped."""
    out = []
    for o in outputs:
        o = nbformat.from_dict(o)  # a copy
        o.pop("execution_count", None)
        if o.get("output_type") == "stream":
            if out and out[-1].get("output_type") == "stream" and out[-1]["name"] == o["name"]:
                out[-1]["text"] += o["text"]
                continue
        view = o.get("data", {}).get(WIDGET_VIEW)
        if view is not None:
            view.pop("model_id", None)
        out.append(o)
    return out


def test_normalized_joins_stream_chunks_and_drops_only_widget_ids():
    a = [{"output_type": "stream", "name": "stdout", "text": "x\n"},
         {"output_type": "stream", "name": "stdout", "text": "y\n"},
         {"output_type": "display_data", "metadata": {},
          "data": {WIDGET_VIEW: {"model_id": "a1", "version_major": 2}, "text/plain": "VBox()"}}]
    b = [{"output_type": "stream", "name": "stdout", "text": "x\ny\n"},
         {"output_type": "display_data", "metadata": {},
          "data": {WIDGET_VIEW: {"model_id": "b2", "version_major": 2}, "text/plain": "VBox()"}}]
    assert normalized(a) == normalized(b)
    assert normalized(a) != normalized([{**b[0], "text": "x\nz\n"}, b[1]])
    assert normalized(a) != normalized([{**b[0], "name": "stderr"}, b[1]])
    assert normalized(a[:2]) != normalized(a[:1])


@pytest.mark.parametrize("path,lang", PAIRS,
                         ids=[str(p.relative_to(editions.ROOT).with_suffix("")) for p, _ in PAIRS])
def test_student_outputs_are_the_lecturers_but_blank_verdicts(path, lang):
    lecturer = nbformat.read(str(path), as_version=4)
    student = nbformat.read(str(path.parent / "student" / path.name), as_version=4)
    twins = [c for c in lecturer.cells if "solution" not in c.metadata.get("tags", [])]
    assert [c.cell_type for c in student.cells] == [c.cell_type for c in twins]
    blank, correct = VERDICTS[lang]
    exercises = 0
    for index, (lec, stu) in enumerate(zip(twins, student.cells), start=1):
        if stu.cell_type != "code":
            continue
        where = f"{path.name} cell {index} ({stu.source.splitlines()[0][:50] if stu.source else ''!r})"
        if "exercise" in stu.metadata.get("tags", []):
            exercises += 1
            key = CHECK.search(stu.source).group(1)
            assert normalized(lec.outputs) == normalized(
                [nbformat.v4.new_output("stream", name="stdout", text=f"{key}: {correct}\n")]), where
            assert normalized(stu.outputs) == normalized(
                [nbformat.v4.new_output("stream", name="stdout", text=f"{key}: {blank}\n")]), where
        else:
            assert stu.execution_count is not None or not stu.source.strip(), f"{where}: not executed"
            assert normalized(stu.outputs) == normalized(lec.outputs), (
                f"{where}: the student edition stored other outputs than the lecturer's; "
                "regenerate it with `python -m bpcore.editions`")
    assert exercises == len(list(editions.exercise_cells(lecturer)))
