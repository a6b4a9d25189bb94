"""The backward-pass stepper (bpcore.panels.stepper): its pure functions against values worked out
by hand for seed 000's first neuron and for two paths that meet; the drawing; the panel."""
import math

import numpy as np
import pytest

from bpcore.autograd import Value, backward
from bpcore.panels import stepper as st

NEURON = st.STEPPER_DEFAULT
TWO_PATHS = "two paths meet: z = s² · exp(s)"

# Seed 000's first neuron by hand (notebook 02's numbers): x = (0.27, 0.46, 0.49),
# w = (0.1, 0.5, -0.3), b1 = 0.1; z1 = 0.027 + 0.23 - 0.147 + 0.1 = 0.21; a1 = sigma(z1).
A1 = 1.0 / (1.0 + math.exp(-0.21))
SP = A1 * (1.0 - A1)            # sigma'(z1), the only local derivative that is not 1, x or w


def test_hand_numbers_match_notebook_02():
    assert A1 == pytest.approx(0.552308, abs=5e-7)       # printed in notebook 02
    assert SP == pytest.approx(0.247264, abs=5e-7)


def test_neuron_order_of_nodes():
    root = st.stepper_graph(NEURON)
    # the reverse of the topological order (parents left to right): a1 = sigma(z1),
    # z1 = s123 + b1, s123 = s12 + w3x3, s12 = w1x1 + w2x2, wkxk = wk * xk
    assert [v.label for v in st.backward_order(root)] == [
        "a1", "z1", "b1", "s123", "w3x3", "x3", "w3", "s12", "w2x2", "x2", "w2", "w1x1", "x1", "w1"]


def test_neuron_steps_by_hand():
    steps = st.backward_steps(st.stepper_graph(NEURON))
    # (node, via, local, upstream, after): local * upstream = product = after (one path each)
    expected = [
        ("a1", None, None, None, 1.0),
        ("z1", "a1", SP, 1.0, SP),            # d sigma/dz = a1 (1 - a1)
        ("s123", "z1", 1.0, SP, SP),          # a sum passes its gradient on unchanged
        ("b1", "z1", 1.0, SP, SP),
        ("s12", "s123", 1.0, SP, SP),
        ("w3x3", "s123", 1.0, SP, SP),
        ("w3", "w3x3", 0.49, SP, 0.49 * SP),  # d(w3 x3)/d w3 = x3
        ("x3", "w3x3", -0.3, SP, -0.3 * SP),  # d(w3 x3)/d x3 = w3
        ("w1x1", "s12", 1.0, SP, SP),
        ("w2x2", "s12", 1.0, SP, SP),
        ("w2", "w2x2", 0.46, SP, 0.46 * SP),
        ("x2", "w2x2", 0.5, SP, 0.5 * SP),
        ("w1", "w1x1", 0.27, SP, 0.27 * SP),
        ("x1", "w1x1", 0.1, SP, 0.1 * SP),
    ]
    assert len(steps) == len(expected)
    for k, (step, (node, via, local, upstream, after)) in enumerate(zip(steps, expected)):
        assert (step.index, step.node, step.via) == (k, node, via)
        assert (step.before, step.term, step.terms) == (0.0, 1, 1)     # no node is used twice
        assert step.after == pytest.approx(after, rel=1e-14)
        if via is not None:
            assert step.local == pytest.approx(local, rel=1e-14)
            assert step.upstream == pytest.approx(upstream, rel=1e-14)
            assert step.product == pytest.approx(local * upstream, rel=1e-14)
    assert steps[6].text == ("step 6: w3x3 → w3:  local ∂w3x3/∂w3 = 0.49,  upstream ∂L/∂w3x3 = "
                             "0.2473,  product = 0.1212\nw3.grad = 0.1212")


def test_two_paths_meet_with_a_running_sum():
    s = 1.2
    e = math.exp(s)
    steps = st.backward_steps(st.stepper_graph(TWO_PATHS))   # z = u v, u = s^2, v = exp(s)
    got = [(t.node, t.via, t.local, t.upstream, t.before, t.after, t.term, t.terms) for t in steps[1:]]
    want = [("u", "z", e, 1.0, 0.0, e, 1, 1),              # dz/du = v
            ("v", "z", s * s, 1.0, 0.0, s * s, 1, 1),      # dz/dv = u
            ("s", "v", e, s * s, 0.0, e * s * s, 1, 2),    # path through v first
            ("s", "u", 2 * s, e, e * s * s, e * s * s + 2 * s * e, 2, 2)]   # += the path through u
    assert [g[:2] for g in got] == [w[:2] for w in want]
    for g, w in zip(got, want):
        assert np.allclose(g[2:6], w[2:6], rtol=1e-14) and g[6:] == w[6:]
    assert steps[-1].after == pytest.approx((2 * s + s * s) * e, rel=1e-14)   # d/ds s^2 e^s
    assert "path 2 of 2" in steps[-1].text and "+=" in steps[-1].text


@pytest.mark.parametrize("graph", list(st.STEPPER_GRAPHS))
def test_steps_end_where_backward_ends(graph):
    """The last running sum of every node is what backward() leaves in its grad."""
    root = st.stepper_graph(graph)
    steps = st.backward_steps(root)
    last = {s.node: s.after for s in steps}
    fresh = st.stepper_graph(graph)
    backward(fresh)
    assert last == pytest.approx({v.label: v.grad for v in fresh.topological_order()}, rel=1e-14)
    labels = [v.label for v in root.topological_order()]
    assert len(labels) == len(set(labels))                 # the drawing names nodes by label


def test_stepper_run_state_and_refusals():
    run = st.stepper_run(NEURON, 3)
    assert run.current.node == "b1" and set(run.grads) == {"a1", "z1", "s123", "b1"}
    assert st.stepper_run(NEURON, 999).step == 13              # clamped to the last step
    assert run.data["z1"] == pytest.approx(0.21, abs=1e-15)
    for bad in (-1, 1.5, True, "2"):
        with pytest.raises(ValueError, match="step"):
            st.stepper_run(NEURON, bad)
    with pytest.raises(ValueError, match="graph must be one of"):
        st.stepper_run("x * y", 0)
    with pytest.raises(ValueError, match="root must be a Value"):
        st.backward_order([Value(1.0)])


def test_layout_puts_parents_left_of_their_nodes():
    root = st.stepper_graph(NEURON)
    pos = st.graph_layout(root)
    assert set(pos) == {v.label for v in root.topological_order()}
    for v in root.topological_order():
        for p in v.parents:
            assert pos[p.label][0] < pos[v.label][0]
    assert len(set(pos.values())) == len(pos)                  # no two nodes on one spot


def test_draw_step_rings_the_current_node():
    import matplotlib.pyplot as plt

    run = st.stepper_run(NEURON, 6)
    fig, ax = plt.subplots()
    drawing = st.draw_step(run, ax)
    assert drawing.ring.center == pytest.approx(run.pos["w3"])
    assert drawing.arrow.get_visible()
    shown = {n for n, t in drawing.grad_text.items() if t.get_visible()}
    assert shown == set(run.grads) and len(shown) == 7
    assert drawing.grad_text["w3"].get_text() == "grad 0.1212"
    assert drawing.title.get_text().startswith("step 6: w3x3 → w3")
    drawing.show(st.stepper_run(NEURON, 0))
    assert not drawing.arrow.get_visible() and drawing.ring.center == pytest.approx(run.pos["a1"])


def test_panel_steps_with_slider_buttons_and_menu():
    pytest.importorskip("ipywidgets")
    panel = st.stepper_panel()
    slider, image = panel.controls["step"], panel.image.value
    assert (slider.min, slider.max, slider.value) == (0, 13, 0)
    slider.value = 6
    assert panel.data.current.node == "w3" and "w3.grad = 0.1212" in panel.status.value
    assert panel.image.value != image and panel.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    panel.buttons["next"].click()
    assert slider.value == 7 and panel.data.current.node == "x3"
    panel.buttons["previous"].click()
    panel.buttons["previous"].click()
    assert slider.value == 5
    panel.buttons["reset"].click()
    panel.buttons["previous"].click()                          # stays at 0
    assert slider.value == 0 and "seed" in panel.status.value
    slider.value = 13
    panel.buttons["next"].click()                              # stays at the last step
    assert slider.value == 13
    panel.controls["graph"].value = TWO_PATHS
    assert (slider.max, slider.value) == (4, 0) and panel.data.graph == TWO_PATHS
    slider.value = 4
    assert "path 2 of 2" in panel.status.value


def test_panel_pictures_are_drawn_once_and_match_a_fresh_drawing():
    pytest.importorskip("ipywidgets")
    panel = st.stepper_panel()
    slider = panel.controls["step"]
    slider.value = 1                      # drawn ahead while step 0 was shown
    assert panel.timings["cached"]
    slider.value = 9                      # a jump: drawn now
    assert not panel.timings["cached"]
    slider.value = 10                     # the step after 9 was drawn ahead
    assert panel.timings["cached"]
    view = st.StepperView()
    view.update(st.stepper_run(NEURON, 10))
    assert panel.image.value == view.png()
    slider.value = 6
    slider.value = 10                     # from the cache, still the same picture
    assert panel.image.value == view.png()
