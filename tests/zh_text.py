"""Helpers for the Chinese-edition tests: is a text Chinese throughout?"""
import re

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# 4+ English words in a row (letters only, 2+ each, separated by blanks, commas or hyphens):
# a sentence that leaked. Identifiers (a_b, a.b, f(x), x[0]) are not words.
WORD = r"[A-Za-z]{2,}"
ENGLISH_RUN = re.compile(rf"(?<![\w.\[(/\\'$-]){WORD}(?:[ ,\-]+{WORD}){{3,}}(?![\w(\[/'])")


def english_runs(text):
    """The runs of 4 or more consecutive English words in ``text`` (code spans `...` removed)."""
    text = re.sub(r"`[^`]*`", " ", text)
    return [m.group(0) for m in ENGLISH_RUN.finditer(text)]


def has_cjk(text):
    return bool(CJK.search(text))


def has_stepper():
    """True when bpcore has the backward-pass stepper (bpcore.panels.stepper, notebook 08)."""
    import importlib.util

    try:
        return importlib.util.find_spec("bpcore.panels.stepper") is not None
    except ModuleNotFoundError:       # no bpcore.panels package at all
        return False


# English function words: one of them outside code in a Chinese library message is a leak even
# when the run of English is shorter than 4 words ("at a = 0.3: ...", "in the engine").
STOPWORDS = {"the", "of", "in", "at", "and", "is", "are", "to", "with", "for", "on", "from",
             "not", "yet", "after", "your", "should", "returned", "give", "entries", "differ"}


def english_function_words(text):
    """The English function words in ``text`` outside code spans, calls and attributes."""
    text = re.sub(r"`[^`]*`", " ", text)
    words = re.findall(r"(?<![.\w])[A-Za-z]+(?![\w(.])", text)
    return [w for w in words if w.lower() in STOPWORDS]
