"""The language of everything bpcore prints or draws in a notebook: English (default) or Chinese.

A notebook chooses its language explicitly, in its first code cell::

    import bpcore
    bpcore.set_language("zh")      # 中文版; "en" (the default) switches back

Nothing is guessed from the locale. The setting covers ``exercises.check`` verdicts and hints,
panel labels, menus and status lines, the printed verdicts of shared helpers, and plot titles,
axis labels and legends. Variable names, code and values stay English (a dropdown shows a
Chinese label, its value is still the English key).

Library text is written in English and passed through :func:`tr`::

    print(tr("all points right after {epochs} epochs", epochs=3))

In English that is the string itself (formatted when keyword arguments are given), so English
output is byte-identical to what it was before this module existed; in Chinese the template is
looked up in :data:`bpcore.i18n_zh.CATALOG`. Text drawn by matplotlib goes through
:func:`tr_plot`, which stays English when no CJK font was found (one printed note says so, see
:mod:`bpcore.fonts`): Chinese glyphs must never come out as empty boxes.
"""
LANGUAGES = ("en", "zh")
_STATE = {"lang": "en", "plot_zh": False}


def set_language(lang):
    """Set the language of bpcore's printed and drawn text: ``"en"`` or ``"zh"``; returns it.

    ``"zh"`` also looks for a CJK system font and adds it to matplotlib's ``font.sans-serif``
    (:func:`bpcore.fonts.use_cjk_font`); without one, plot text stays English and a single note
    says so. ``"en"`` restores matplotlib's font list. Raises ValueError for anything else.
    """
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}; got {lang!r}")
    from . import fonts

    if lang == "zh":
        _STATE["plot_zh"] = fonts.use_cjk_font() is not None
    else:
        fonts.restore_fonts()
        _STATE["plot_zh"] = False
    _STATE["lang"] = lang
    return lang


def get_language():
    """The current language, ``"en"`` or ``"zh"`` (``"en"`` until :func:`set_language` is called)."""
    return _STATE["lang"]


def plot_language():
    """The language of text drawn in figures: ``"zh"`` only when Chinese is set and a CJK font was found."""
    return "zh" if _STATE["lang"] == "zh" and _STATE["plot_zh"] else "en"


def _translate(text, lang, fmt):
    if lang == "zh":
        from .i18n_zh import CATALOG

        text = CATALOG.get(text, text)
    return text.format(**fmt) if fmt else text


def tr(text, /, **fmt):
    """``text`` (an English template) in the current language, formatted with ``fmt``.

    Without ``fmt`` the text is returned as it is (braces need no escaping). An English template
    missing from the Chinese catalog comes out in English; ``tests/test_zh_i18n.py`` makes sure
    every ``tr("...")`` in bpcore has its entry.
    """
    return _translate(text, _STATE["lang"], fmt)


def tr_plot(text, /, **fmt):
    """Like :func:`tr`, for text matplotlib draws: English when no CJK font is available."""
    return _translate(text, plot_language(), fmt)


def tr_reason(reason, plot=False):
    """A divergence reason of :mod:`bpcore.network` ("loss not finite", "loss ×24.5 of its start",
    ...) in the current language (for a plot when ``plot``); None stays None."""
    import re

    if reason is None:
        return None
    t = tr_plot if plot else tr
    m = re.fullmatch(r"loss ×(\S+) of its start", reason)
    if m:
        return t("loss ×{ratio} of its start", ratio=m.group(1))
    return t(reason)


def choose(en, zh):
    """``zh`` when Chinese is set (and ``zh`` is given), else ``en``: for text kept beside its
    English, such as the exercises' hints."""
    return zh if _STATE["lang"] == "zh" and zh else en
