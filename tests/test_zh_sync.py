"""The Chinese edition (notebooks/zh/) kept in sync with the English one (notebooks/).

A zh notebook is its English twin with Chinese prose, Chinese string literals and comments, and
``bpcore.set_language("zh")`` at the top of its first code cell. Everything else must match: the
cells (types, tags, slide types), the ``#``/``##`` sections, the exercise keys and every code
token. Change a notebook in both languages in the same commit.
"""
import io
import re
import tokenize

import nbformat
import pytest

from bpcore import editions

EN_DIR, ZH_DIR = editions.ROOT, editions.ZH_ROOT
EN = sorted(p.name for p in EN_DIR.glob("*.ipynb"))
ZH = sorted(p.name for p in ZH_DIR.glob("*.ipynb"))
PAIRS = [name for name in ZH if name in EN]
# The only lines a zh first code cell may add in front of the English one:
LANGUAGE_LINES = ('import bpcore', 'bpcore.set_language("zh")')


def read(path):
    return nbformat.read(str(path), as_version=4)


def names(folder):
    return sorted(p.name for p in folder.glob("*.ipynb"))


def test_every_notebook_has_a_chinese_twin():
    assert names(ZH_DIR) == names(EN_DIR)
    assert names(ZH_DIR / "student") == names(EN_DIR / "student")


def test_the_chinese_edition_exists_and_has_no_stray_notebooks():
    assert ZH, "notebooks/zh/ holds no notebook"
    assert sorted(set(ZH) - set(EN)) == [], "zh notebooks without an English twin"
    assert names(ZH_DIR / "student") == ZH, "zh lecturer and student notebooks differ"


def test_zh_student_editions_are_up_to_date():
    assert editions.stale_students(ZH_DIR) == []


def sections(nb):
    """(cell index, heading level) of every #/## heading: the sections, in order."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for line in cell.source.split("\n"):
                m = re.match(r"(#{1,2}) \S", line)
                if m:
                    found.append((i, len(m.group(1))))
    return found


def exercise_keys(nb):
    return [key for cell in nb.cells if cell.cell_type == "code"
            for key in re.findall(r'exercises\.check\(\s*"([^"]+)"', cell.source)]


def layout(nb):
    """Per cell: its type, its tags and its slide type."""
    return [(c.cell_type, sorted(c.metadata.get("tags", [])),
             c.metadata.get("slideshow", {}).get("slide_type")) for c in nb.cells]


def code_tokens(source):
    """The Python tokens of a cell with strings (f-strings whole) and comments left out."""
    source = "\n".join(line for line in source.split("\n")
                       if not line.lstrip().startswith(("%", "!")))       # IPython magics
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.STRING, tokenize.ENCODING}
    fstring = [getattr(tokenize, n) for n in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
               if hasattr(tokenize, n)]
    out, depth = [], 0
    for tok in tokenize.generate_tokens(io.StringIO(source + "\n").readline):
        if fstring and tok.type == fstring[0]:
            depth += 1
            if depth == 1:
                out.append("<str>")
            continue
        if fstring and tok.type == fstring[2]:
            depth -= 1
            continue
        if depth or tok.type in skip:
            continue
        out.append((tokenize.tok_name[tok.type], tok.string))
    return out


def strip_language_lines(source):
    """The zh first code cell without its leading language lines; raises if they are missing."""
    lines = source.split("\n")
    head = []
    while lines and (lines[0].strip() in LANGUAGE_LINES or (head and not lines[0].strip())):
        head.append(lines.pop(0).strip())
    assert 'bpcore.set_language("zh")' in head, \
        f'the first code cell must start with {LANGUAGE_LINES[0]!r} / {LANGUAGE_LINES[1]!r}'
    return "\n".join(lines)


@pytest.fixture(params=PAIRS)
def pair(request):
    return read(EN_DIR / request.param), read(ZH_DIR / request.param)


def test_same_cells_tags_and_slide_types(pair):
    en, zh = pair
    assert layout(zh) == layout(en)


def test_same_sections(pair):
    en, zh = pair
    assert sections(zh) == sections(en)


def test_same_exercise_keys(pair):
    en, zh = pair
    assert exercise_keys(zh) == exercise_keys(en)


def test_code_differs_only_in_strings_and_comments(pair):
    en, zh = pair
    en_code = [c.source for c in en.cells if c.cell_type == "code"]
    zh_code = [c.source for c in zh.cells if c.cell_type == "code"]
    assert len(zh_code) == len(en_code)
    assert zh_code, "no code cell"
    zh_code[0] = strip_language_lines(zh_code[0])
    for i, (a, b) in enumerate(zip(en_code, zh_code)):
        assert code_tokens(b) == code_tokens(a), f"code cell {i} differs:\n--- en\n{a}\n--- zh\n{b}"


# -- the checks themselves, on made-up cells (so they cannot pass vacuously) -------------------
def test_token_comparison_ignores_only_strings_and_comments():
    en = 'x = f(1, "a")  # add\nprint(f"layer {i + 1}: {x:.3f}")'
    assert code_tokens('x = f(1, "甲")  # 加\n\nprint(f"第 {i + 1} 层：{x:.3f}")') == code_tokens(en)
    assert code_tokens('x = f(2, "a")') != code_tokens(en)
    assert code_tokens('x = f(1, "a")\nprint(x)') != code_tokens(en)


def test_language_lines_are_required_and_limited():
    assert strip_language_lines('import bpcore\nbpcore.set_language("zh")\n\nimport numpy') == "import numpy"
    with pytest.raises(AssertionError):
        strip_language_lines("import numpy")
    assert strip_language_lines('bpcore.set_language("zh")\nx = 1\nimport bpcore') == "x = 1\nimport bpcore"


@pytest.mark.skipif(not PAIRS, reason="no zh notebook yet")
def test_the_checks_catch_a_drifted_copy():
    """Each check fails on a copy of a real zh notebook with one thing changed."""
    import copy

    name = PAIRS[0]
    en, zh = read(EN_DIR / name), read(ZH_DIR / name)
    code = [c for c in zh.cells if c.cell_type == "code"]
    drift = copy.deepcopy(zh)
    [c for c in drift.cells if c.cell_type == "code"][-1].source += "\nanswer = 0"
    assert code_tokens([c for c in drift.cells if c.cell_type == "code"][-1].source) != \
        code_tokens([c for c in en.cells if c.cell_type == "code"][-1].source)
    drift = copy.deepcopy(zh)
    md = next(c for c in drift.cells if c.cell_type == "markdown" and c.source.startswith("## "))
    md.source = md.source[3:]
    assert sections(drift) != sections(en)
    drift = copy.deepcopy(zh)
    drift.cells[0].metadata["slideshow"] = {"slide_type": "skip"}
    assert layout(drift) != layout(en)
    if exercise_keys(en):
        drift = copy.deepcopy(zh)
        cell = next(c for c in drift.cells if c.cell_type == "code" and "exercises.check(" in c.source)
        cell.source = cell.source.replace('exercises.check("', 'exercises.check("x', 1)
        assert exercise_keys(drift) != exercise_keys(en)
    assert code, "no code"


def test_editions_cover_the_zh_folder():
    found = editions.lecturer_notebooks()
    assert [p.name for p in found if p.parent == EN_DIR] == EN
    assert [p.name for p in found if p.parent == ZH_DIR] == ZH


def _zh_exercise_notebook(answer_line):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(
        'import bpcore\nbpcore.set_language("zh")\nfrom bpcore import exercises\n'
        f'answer = ...  # 在这里填写你的答案\n{answer_line}exercises.check("00.n_params", answer)',
        metadata={"tags": ["exercise"]})
    nb.cells = [cell]
    return nb


def test_the_student_guard_reads_chinese_verdicts(tmp_path):
    """A zh student edition must say 尚未作答; a solution outside its markers (正确) is refused."""
    good = tmp_path / "good.ipynb"
    nbformat.write(_zh_exercise_notebook("### BEGIN SOLUTION\nanswer = 21\n### END SOLUTION\n"), str(good))
    student = editions.make_student(good, tmp_path / "student")
    assert editions.verdicts(student) == {"00.n_params": "尚未作答"}
    leak = tmp_path / "leak.ipynb"
    nbformat.write(_zh_exercise_notebook("answer = 21\n"), str(leak))
    with pytest.raises(ValueError, match="correct"):
        editions.make_student(leak, tmp_path / "student")
