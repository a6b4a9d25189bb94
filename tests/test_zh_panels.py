"""The panels in Chinese: every label, menu entry, button, caption and status line a student sees
is Chinese (or a name from the code), and the values behind the menus stay the English keys."""
import re

import pytest

import bpcore
from zh_text import english_function_words, english_runs, has_cjk, has_stepper

pytest.importorskip("ipywidgets")

# Shown as they are: names from the code and the maths (a slider "w1", a menu entry "tanh").
CODE = re.compile(r"^(w1|w2|b|sigmoid|tanh|relu|identity|xavier|he|half_sse|abs_error|bce|mse|"
                  r"cross_entropy|[0-9.e+-]+)$")


@pytest.fixture(autouse=True)
def _chinese_then_english():
    bpcore.set_language("zh")
    yield
    bpcore.set_language("en")


def panels():
    from bpcore import widgets

    built = {"perceptron": widgets.perceptron_panel(), "xor": widgets.xor_panel(epochs=200),
             "playground": widgets.playground(epochs=100)}
    if has_stepper():
        from bpcore.panels import stepper

        built["stepper"] = stepper.stepper_panel()
    return built


def text_of(html):
    return re.sub(r"<[^>]+>", "", html)


def shown_texts(panel):
    """(what, text) for everything the panel shows in words."""
    import ipywidgets as W

    out = []
    for key, c in panel.controls.items():
        out.append((f"{key}.description", c.description))
        if isinstance(c, W.Dropdown):
            out += [(f"{key} menu", label) for label in c._options_labels]
    for name, b in getattr(panel, "buttons", {}).items():
        out += [(f"button {name}", b.description), (f"button {name} tooltip", b.tooltip or "")]
    for w in panel.children:
        if isinstance(w, W.HTML):
            out.append(("caption/status", text_of(w.value)))
    out.append(("status", text_of(panel.status.value)))
    if hasattr(panel, "epoch_label"):
        out.append(("epoch label", text_of(panel.epoch_label.value)))
    return [(what, t) for what, t in out if t.strip()]


def test_every_shown_text_is_chinese():
    problems = []
    for name, panel in panels().items():
        for what, text in shown_texts(panel):
            if english_runs(text) or english_function_words(text) or not (
                    has_cjk(text) or CODE.match(text.strip())):
                problems.append(f"{name} {what}: {text!r}")
    assert not problems, "\n".join(problems)


def test_menus_keep_their_english_values():
    from bpcore import widgets

    p = widgets.perceptron_panel()
    assert p.controls["data"].value == "seed 001" and has_cjk(p.controls["data"].label)
    p.controls["data"].value = "XOR (not separable)"          # set by key, as in English
    assert p.data.params["data"] == "XOR (not separable)"
    assert has_cjk(p.status.value)


def test_a_refused_value_is_reported_in_chinese():
    from bpcore import widgets

    p = widgets.xor_panel(epochs=200)
    p.controls["lr"].value = float("nan")                   # refused by the compute function
    assert "被拒绝" in p.status.value
