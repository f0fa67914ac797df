"""The explorer's state: every change whole or not at all, undoable, and
knowing whether it has been saved."""
import numpy as np
import pytest

import core
from tui import i18n
from tui.state import ExplorerState


def test_a_failed_change_leaves_everything_as_it_was():
    state = ExplorerState(core.preset("book"))
    before = (state.network, state.x, state.trace, state.version)
    with pytest.raises(core.ActlabError):
        state.set_layer_activation(1, "softmax")
    with pytest.raises(core.ActlabError):
        state.set_x(1, float("inf"))
    assert (state.network, state.x, state.trace, state.version) == before
    assert not state.can_undo and not state.dirty


def test_every_edit_undoes_and_redoes():
    state = ExplorerState(core.preset("book"))
    state.set_x(1, 2.0)
    state.set_weight(1, 0, 2, 9.0)
    state.set_hidden_activation("relu")
    state.set_units(1, 4)
    assert state.network.sizes == [2, 4, 2, 2] and state.dirty
    assert state.undo() == "layer 1: 4 units"
    assert state.undo() == "hidden layers: ReLU"
    assert state.undo() == "W1"
    assert state.network.layers[0].W[0, 2] == 0.5
    assert state.redo() == "W1" and state.network.layers[0].W[0, 2] == 9.0
    assert state.undo() and state.undo() == "x1"
    assert state.x.tolist() == [1.0, 0.5] and not state.dirty and not state.can_undo
    assert np.array_equal(state.trace.y, core.forward(core.preset("book")).y)


def test_undo_names_the_edit_in_the_language_of_the_moment():
    # Made in English, undone after a switch to Japanese: the label was
    # built in English in state.py once (issue 13's leftover).
    state = ExplorerState(core.preset("book"))
    state.set_units(1, 4)
    state.set_output("softmax")
    state.cycle_target()
    state.gradient_step()
    state.fill_x("zeros")
    try:
        i18n.set_language("ja")
        assert state.undo() == "x: すべて 0"
        assert state.undo() == "勾配降下法で 1 回更新 (学習率 η = 0.1)"
        assert state.undo() == "t: クラス 1"
        assert state.undo() == "出力層: ソフトマックス関数"
        assert state.redo() == "出力層: ソフトマックス関数"
        i18n.set_language("en")
        assert state.redo() == "t: class 1"
        assert state.undo() == "t: class 1"
        assert state.undo() == "output: Softmax"
        assert state.undo() == "layer 1: 4 units"
    finally:
        i18n.set_language("en")


def test_a_new_edit_clears_the_redo_list():
    state = ExplorerState(core.preset("book"))
    state.set_x(1, 2.0)
    state.undo()
    state.set_x(2, 3.0)
    assert not state.can_redo and state.redo() == ""


def test_saving_marks_the_state_clean_until_the_next_edit(tmp_path):
    state = ExplorerState(core.preset("book"))
    state.set_x(1, 3.0)
    assert state.dirty
    state.mark_saved(tmp_path / "net.json")
    assert not state.dirty and state.source == "net.json"
    state.set_x(1, 4.0)
    assert state.dirty
    state.undo()
    assert not state.dirty  # back to exactly what was saved


def test_replacing_the_network_is_undoable_and_resets_the_selection():
    state = ExplorerState(core.preset("book"))
    state.select_unit(2, 2)
    state.replace_network(core.preset("xor"), "preset xor")
    assert state.network.sizes == [2, 2, 1] and (state.layer, state.unit) == (1, 1)
    assert state.x.tolist() == [1.0, 0.0]
    state.undo()
    assert state.network.sizes == [2, 3, 2, 2]


def test_shape_changes_use_the_shown_initialiser_and_seed():
    a, b = ExplorerState(core.preset("book")), ExplorerState(core.preset("book"))
    for state in (a, b):
        state.seed = 7
        state.insert_layer(1, 5)
    assert np.array_equal(a.network.layers[1].W, b.network.layers[1].W)
    a.remove_layer(2)
    assert a.network.sizes == [2, 3, 2, 2]
    a.set_inputs(3)
    assert a.x.tolist() == [1.0, 0.5, 0.0]
    assert a.cycle_init() == "normal"


def test_x_fills():
    state = ExplorerState(core.preset("book"))
    state.fill_x("ones")
    assert state.x.tolist() == [1.0, 1.0]
    state.seed = 3
    state.fill_x("uniform")
    assert state.x.tolist() == np.random.default_rng(3).uniform(0, 1, 2).tolist()


def test_the_drawing_is_the_learners_and_outlives_networks_and_undo():
    # A 28×28 picture, not part of the network: another network (of any
    # shape), an undo or a save does not wipe it; only the canvas's clear does.
    state = ExplorerState(core.random_network([784, 10], ["softmax"], seed=0))
    state.drawing[5:20, 13:15] = 1.0
    drawn = state.drawing.copy()
    state.use_drawing()
    assert np.array_equal(state.x, core.digits.digit_input(drawn))
    state.replace_network(core.preset("book"), "book")
    state.undo()
    state.undo()
    assert np.array_equal(state.drawing, drawn) and not state.dirty
    state.replace_network(core.preset("book"), "book")
    with pytest.raises(core.InputError, match="784 inputs, but this network takes 2"):
        state.use_drawing()
    assert np.array_equal(state.drawing, drawn)
