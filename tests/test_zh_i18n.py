"""The language setting (bpcore.set_language) and the Chinese catalog: complete, consistent, no leaks."""
import ast
import pathlib
import string

import numpy as np
import pytest

import bpcore
from bpcore import exercises, i18n
from bpcore.i18n_zh import CATALOG
from zh_text import english_function_words, english_runs, has_cjk

BPCORE = pathlib.Path(bpcore.__file__).parent


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    bpcore.set_language("en")
    exercises.reset()


def test_default_is_english_and_the_setting_is_explicit():
    assert bpcore.get_language() == "en"
    assert bpcore.set_language("zh") == "zh" and bpcore.get_language() == "zh"
    assert bpcore.set_language("en") == "en" and bpcore.get_language() == "en"


@pytest.mark.parametrize("bad", ["fr", "ZH", "zh_CN", "", None, 1, ["zh"]])
def test_other_languages_are_a_valueerror_naming_lang(bad):
    with pytest.raises(ValueError, match="lang"):
        bpcore.set_language(bad)
    assert bpcore.get_language() == "en"


def test_locale_is_not_consulted(monkeypatch):
    for var in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.setenv(var, "zh_CN.UTF-8")
    assert bpcore.get_language() == "en"
    assert i18n.tr("correct") == "correct"


def test_english_output_is_unchanged(capsys):
    # the exact lines the stored English notebooks hold (independent of the catalog)
    exercises.check("00.n_params", ...)
    exercises.check("00.n_params", 3)
    exercises.check("00.n_params", 21)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "00.n_params: not answered yet"
    assert out[1].startswith("00.n_params: not yet. Hint: every entry of every W")
    assert out[2] == "00.n_params: correct"


def test_chinese_verdicts_keep_the_key_and_colon(capsys):
    bpcore.set_language("zh")
    exercises.check("00.n_params", ...)
    exercises.check("00.n_params", 3)
    exercises.check("00.n_params", 4)
    exercises.check("00.n_params", 21)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "00.n_params: 尚未作答"
    assert out[1].startswith("00.n_params: 还不对。提示：") and "第二提示" not in out[1]
    assert "第二提示：" in out[2]
    assert out[3] == "00.n_params: 正确"


def _tr_calls():
    """(file, line, template) of every tr("...") / tr_plot("...") call with a literal in bpcore."""
    for path in sorted(BPCORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None))
                    in ("tr", "tr_plot") and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                yield f"{path.name}:{node.lineno}", node.args[0].value


def test_the_scan_finds_the_calls():
    assert len(list(_tr_calls())) >= 15    # the scan itself works (it would pass vacuously otherwise)


def test_every_translated_text_has_a_catalog_entry():
    missing = [f"{where}: {text!r}" for where, text in _tr_calls() if text not in CATALOG]
    assert not missing, "no Chinese for:\n" + "\n".join(missing)


def _fields(template):
    return sorted(f for _, f, _, _ in string.Formatter().parse(template) if f is not None)


@pytest.mark.parametrize("en", sorted(CATALOG))
def test_catalog_entry_is_chinese_with_the_same_placeholders(en):
    zh = CATALOG[en]
    assert set(_fields(zh)) <= set(_fields(en))      # Chinese may drop one (an English plural "s")
    assert has_cjk(zh) or zh == en, f"{zh!r} is not Chinese"
    assert not english_runs(zh), f"English left in {zh!r}"


def test_no_chinese_next_to_maths():
    """matplotlib draws a text holding $...$ with mathtext, which has no CJK fallback: tofu."""
    assert not [zh for zh in CATALOG.values() if "$" in zh and has_cjk(zh)]


def test_no_catalog_entry_is_stale():
    """Every English template still occurs in bpcore (as a tr() argument or a default that is)."""
    used = {node.value for path in BPCORE.rglob("*.py") if path.name != "i18n_zh.py"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert not sorted(set(CATALOG) - used)


@pytest.mark.parametrize("key", sorted(exercises._BANK))
def test_every_exercise_has_chinese_hints(key):
    entry = exercises._BANK[key]
    assert entry.zh is not None, f"{key}: no zh= hints"
    hint, hint2 = entry.zh
    assert has_cjk(hint) and not english_runs(hint), hint
    assert (hint2 is None) == (entry.hint2 is None), f"{key}: a second hint in one language only"
    if hint2:
        assert has_cjk(hint2) and not english_runs(hint2), hint2


def _wrong_answer(key):
    entry = exercises._BANK[key]
    if entry.kind == "code":
        return lambda *args: np.zeros_like(args[0]) + 0.123     # right shape, wrong numbers
    expected = entry.solver()
    if isinstance(expected, tuple):
        return tuple(n + 1 for n in expected)
    return np.asarray(expected, dtype=np.float64) + 1000.0


@pytest.mark.parametrize("key", sorted(exercises._BANK))
def test_check_output_in_chinese_has_no_english_sentence(key, capsys):
    bpcore.set_language("zh")
    exercises.check(key, ...)
    exercises.check(key, _wrong_answer(key))
    exercises.check(key, _wrong_answer(key))
    exercises.check(key, "a string")
    out = capsys.readouterr().out
    assert "还不对" in out and "尚未作答" in out
    assert not english_runs(out), out
    assert not english_function_words(out), out


def test_the_leak_detector_finds_english():
    assert english_runs("提示：which two layers does it connect")
    assert english_function_words("还不对。at a = 0.3, out_grad = 1: 第 [0] 项")
    assert not english_function_words("提示：用 np.sum(dA * A, axis=1) 和 x.grad 求 dL/dw")
    assert not english_runs("提示：A_prev W 的形状是 (m, n)，用 `np.sum(dA * A, axis=0)` 求和")
