"""A CJK font for matplotlib when the language is Chinese, found among the system's fonts.

Chinese text drawn with matplotlib's default DejaVu Sans comes out as empty boxes ("tofu").
:func:`use_cjk_font` looks for one of :data:`CJK_FONTS` (the common free and system fonts with
simplified Chinese) and adds it to ``font.sans-serif`` and, as a fallback, to ``font.family``:
Latin letters, digits and the minus sign keep the English edition's DejaVu Sans, and matplotlib
(>= 3.6) falls back to the CJK font glyph by glyph for the Chinese ones. When none is installed, plots stay English and
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


# File names of the same fonts, for a font installed after matplotlib built its font cache.
CJK_FILES = ("NotoSansCJK", "SourceHanSans", "NotoSansSC", "wqy-microhei", "wqy-zenhei", "msyh",
             "PingFang", "Hiragino Sans GB", "simhei")


def find_cjk_font():
    """The first of :data:`CJK_FONTS` that matplotlib knows on this machine, or None.

    When matplotlib's font cache predates the font (installed afterwards), the system's font
    files are searched once by name (:data:`CJK_FILES`) and added to matplotlib's font manager.
    """
    from matplotlib import font_manager

    def known():
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in installed), None)

    name = known()
    if name is None and not _STATE.get("searched"):
        _STATE["searched"] = True
        for path in font_manager.findSystemFonts():
            if any(part.lower() in path.lower() for part in CJK_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                except Exception:          # an unreadable font file: skip it, as matplotlib does
                    continue
        name = known()
    return name


def use_cjk_font():
    """Make matplotlib draw Chinese with a CJK system font; return the font's name.

    The font goes into ``font.sans-serif`` after DejaVu Sans, and into ``font.family`` after the
    families already there: matplotlib falls back along ``font.family`` glyph by glyph, so
    Latin letters, digits and the minus sign keep DejaVu Sans (the English edition's look) and
    only the Chinese characters come from the CJK font. Returns None, and prints
    :data:`MISSING_NOTE` the first time, when no CJK font is installed.
    """
    import matplotlib

    name = find_cjk_font()
    if name is None:
        if not _STATE["noted"]:
            print(MISSING_NOTE)
            _STATE["noted"] = True
        return None
    rc = matplotlib.rcParams
    if _STATE["saved"] is None:
        _STATE["saved"] = {"font.sans-serif": list(rc["font.sans-serif"]),
                           "font.family": list(rc["font.family"])}
    saved = _STATE["saved"]
    latin = [f for f in saved["font.sans-serif"] if f not in CJK_FONTS]
    latin = ["DejaVu Sans"] + [f for f in latin if f != "DejaVu Sans"]
    rc["font.sans-serif"] = latin[:1] + [name] + latin[1:]
    rc["font.family"] = [f for f in saved["font.family"] if f not in CJK_FONTS] + [name]
    return name


def restore_fonts():
    """Put ``font.sans-serif`` and ``font.family`` back as they were before :func:`use_cjk_font`."""
    if _STATE["saved"] is not None:
        import matplotlib

        matplotlib.rcParams.update(_STATE["saved"])
        _STATE["saved"] = None
