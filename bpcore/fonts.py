"""A CJK font for matplotlib when the language is Chinese, found among the system's fonts.

Chinese text drawn with matplotlib's default DejaVu Sans comes out as empty boxes ("tofu").
:func:`use_cjk_font` looks for one of :data:`CJK_FONTS` (the common free and system fonts with
simplified Chinese) and puts it into ``font.sans-serif`` *after* DejaVu Sans: Latin letters,
digits and the minus sign keep the English edition's look, and matplotlib (>= 3.6) falls back to
the CJK font glyph by glyph for the Chinese ones. When none is installed, plots stay English and
one note (printed once per kernel) names the packages to install; prints and widgets are Chinese
either way. On Debian/Ubuntu: ``apt-get install fonts-noto-cjk fonts-wqy-microhei``.
"""
CJK_FONTS = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "SimHei", "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans",
)
MISSING_NOTE = ("注意：没有找到中文字体（例如 Noto Sans CJK 或文泉驿微米黑），图中文字保持英文。"
                "安装字体后重启内核即可显示中文：apt-get install fonts-noto-cjk fonts-wqy-microhei")
_STATE = {"saved": None, "noted": False}


def find_cjk_font():
    """The first of :data:`CJK_FONTS` that matplotlib knows on this machine, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            return name
    return None


def use_cjk_font():
    """Add a CJK font to matplotlib's ``font.sans-serif`` (after DejaVu Sans); return its name.

    Returns None, and prints :data:`MISSING_NOTE` the first time, when no CJK font is installed.
    """
    import matplotlib

    name = find_cjk_font()
    if name is None:
        if not _STATE["noted"]:
            print(MISSING_NOTE)
            _STATE["noted"] = True
        return None
    current = list(matplotlib.rcParams["font.sans-serif"])
    if _STATE["saved"] is None:
        _STATE["saved"] = current
    base = [f for f in _STATE["saved"] if f not in CJK_FONTS]
    latin = ["DejaVu Sans"] + [f for f in base if f != "DejaVu Sans"]
    matplotlib.rcParams["font.sans-serif"] = latin[:1] + [name] + latin[1:]
    return name


def restore_fonts():
    """Put ``font.sans-serif`` back as it was before :func:`use_cjk_font` (nothing if never called)."""
    if _STATE["saved"] is not None:
        import matplotlib

        matplotlib.rcParams["font.sans-serif"] = _STATE["saved"]
        _STATE["saved"] = None
