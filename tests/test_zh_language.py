"""The prose of the Chinese edition reads as Chinese throughout.

English may remain only in code spans, maths ($...$), bracketed terms (（English） or (English)),
URLs, quoted sources ("...", “...”, > blockquotes) and a glossary table's "English" column. Outside
those, a run of 4 or more English words is a sentence that was not translated.
"""
import re

import nbformat
import pytest

from bpcore import editions
from zh_text import english_runs, has_cjk

ZH = sorted(editions.ZH_ROOT.glob("*.ipynb"))


def without_english_columns(text):
    """A markdown table's cells under an "English" header removed (the glossary's English column)."""
    out, drop = [], set()
    for line in text.split("\n"):
        if not line.strip().startswith("|"):
            drop = set()
            out.append(line)
            continue
        cells = line.strip().strip("|").split("|")
        if not drop and any(c.strip() == "English" for c in cells):
            drop = {i for i, c in enumerate(cells) if c.strip() == "English"}
        out.append("|".join(c for i, c in enumerate(cells) if i not in drop))
    return "\n".join(out)


def prose(markdown):
    """``markdown`` with the places where English is allowed removed."""
    text = without_english_columns(markdown)
    text = re.sub(r"^\s*>.*$", " ", text, flags=re.M)             # blockquotes (quoted sources)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)           # code blocks
    text = re.sub(r"`[^`]*`", " ", text)                         # code spans
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)         # display maths
    text = re.sub(r"\$[^$]*\$", " ", text)                       # inline maths
    text = re.sub(r"https?://\S+", " ", text)                    # URLs
    text = re.sub(r"\]\([^)]*\)", "]", text)                     # link targets
    text = re.sub(r"<[^>]+>", " ", text)                         # HTML tags
    for _ in range(2):                                           # brackets, nested once
        text = re.sub(r"（[^（）]*）|\([^()]*\)", " ", text)
    text = re.sub(r"\"[^\"]*\"|“[^”]*”", " ", text)               # quoted sources
    return text


@pytest.mark.skipif(not ZH, reason="notebooks/zh/ holds no notebook yet")
@pytest.mark.parametrize("path", ZH, ids=lambda p: p.name)
def test_zh_prose_is_chinese(path):
    nb = nbformat.read(str(path), as_version=4)
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        text = prose(cell.source)
        if re.search(r"[A-Za-z]{2,}", text) and not has_cjk(cell.source):
            problems.append(f"cell {i}: no Chinese at all")
        problems += [f"cell {i}: {run!r}" for run in english_runs(text)]
    assert not problems, "\n".join(problems)


def test_the_filter_keeps_english_sentences_and_drops_the_allowed_places():
    assert english_runs(prose("这一节讲 the chain rule for two variables 的两种情形。"))
    assert not english_runs(prose("链式法则（the chain rule for two paths）、`for i in range(10)`、"
                                  "$\\sum over all samples here$、见 https://example.com/a-b-c-d。"))
    assert not english_runs(prose("| 中文 | English |\n|---|---|\n| 前馈神经网络 | feed forward neural network |"))
    assert english_runs(prose("| 中文 | 含义 |\n|---|---|\n| 前馈神经网络 | feed forward neural network |"))


def test_the_english_edition_would_fail():
    nb = nbformat.read(str(editions.ROOT / "00_overview.ipynb"), as_version=4)
    assert sum(len(english_runs(prose(c.source))) for c in nb.cells if c.cell_type == "markdown") > 10
