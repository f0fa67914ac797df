"""core.graph: the book's computational graphs (chapter 5) with their numbers."""
import numpy as np
import pytest

import core
from core import graph


def test_apple_graph_prints_the_books_numbers():
    # ch05/buy_apple.py prints: price: 220, dApple: 2.2, dApple_num: 110, dTax: 200
    # (price and dApple_num through int(), as the book does: 220.00000000000003).
    apples = graph.apple_graph()
    assert int(apples.result.forward) == 220
    assert apples.edge("apple").backward == 2.2
    assert int(apples.edge("apple_num").backward) == 110
    assert apples.edge("tax").backward == 200
    assert apples.edge("apple_price").forward == 200
    assert apples.edge("apple_price").backward == 1.1
    assert apples.result.backward == 1
    assert [node.op for node in apples.nodes] == [graph.MUL, graph.MUL]


def test_apple_graph_gradients_are_the_central_difference():
    def price(apple, apple_num, tax):
        return graph.apple_graph(apple, apple_num, tax).result.forward

    apples, h = graph.apple_graph(), 1e-4
    point = {"apple": 100.0, "apple_num": 2.0, "tax": 1.1}
    for name in point:
        above, below = dict(point), dict(point)
        above[name] += h
        below[name] -= h
        numeric = (price(**above) - price(**below)) / (2 * h)
        assert apples.edge(name).backward == pytest.approx(numeric, rel=1e-9)


def _unit(network, x, t, loss, k, j):
    trace = core.forward(network, x)
    gradients = core.backward(network, trace, t, loss)
    return trace, gradients, graph.unit_graph(network, trace, gradients, k, j)


@pytest.mark.parametrize("k, j", [(1, 1), (1, 3), (2, 2), (3, 1), (3, 2)])
def test_unit_graph_backward_values_are_core_backwards(k, j):
    network = core.preset("book")
    trace, gradients, unit = _unit(network, network.x, [0, 1], "sse", k, j)
    inputs = trace.x if k == 1 else trace.z[k - 2]
    name = "x" if k == 1 else f"z{k - 1}"
    W = network.layers[k - 1].W
    assert unit.edge(f"a{k}[{j}]").backward == gradients.delta[k - 1][j - 1]
    assert unit.edge(f"b{k}[{j}]").backward == gradients.db[k - 1][j - 1]
    for i in range(1, len(inputs) + 1):
        assert unit.edge(f"W{k}[{i},{j}]").backward == pytest.approx(
            gradients.dW[k - 1][i - 1, j - 1], rel=1e-15)
        assert unit.edge(f"W{k}[{i},{j}]").forward == W[i - 1, j - 1]
        assert unit.edge(f"{name}[{i}]").forward == inputs[i - 1]
        # ∂L/∂x_i through this unit alone: W_k[i, j]·δ_k[j] (the sum over j is δ·Wᵀ)
        assert unit.edge(f"{name}[{i}]").backward == pytest.approx(
            W[i - 1, j - 1] * gradients.delta[k - 1][j - 1], rel=1e-15)
    z_name = "y" if k == 3 else f"z{k}"
    assert unit.edge(f"{z_name}[{j}]").forward == trace.z[k - 1][j - 1]
    assert unit.edge(f"{z_name}[{j}]").backward == gradients.dz[k - 1][j - 1]
    assert unit.result.forward == gradients.loss
    assert [node.op for node in unit.nodes] == (
        [graph.MUL] * len(inputs) + [graph.ADD, network.activations[k - 1], graph.LOSS])


def test_unit_graph_sum_node_adds_up_to_a():
    network = core.preset("book")
    trace, _, unit = _unit(network, network.x, [0, 1], "sse", 2, 1)
    add = unit.nodes[-3]
    assert add.op == graph.ADD
    assert sum(edge.forward for edge in add.inputs) == pytest.approx(add.output.forward, rel=1e-15)


def test_unit_graph_is_the_issues_worked_example():
    # issue 13: δ2₁ = −0.0139, ∂L/∂W2[1,1] = z1₁ × δ2₁ = 0.5744 × (−0.0139) = −0.0080
    network = core.preset("book")
    _, _, unit = _unit(network, network.x, [0, 1], "sse", 2, 1)
    assert unit.edge("a2[1]").backward == pytest.approx(-0.0139, abs=5e-5)
    assert unit.edge("z1[1]").forward == pytest.approx(0.5744, abs=5e-5)
    assert unit.edge("W2[1,1]").backward == pytest.approx(-0.0080, abs=5e-5)


def test_unit_graph_of_a_hidden_unit_follows_the_chain_rule_through_h():
    # δ = h'(a)·∂L/∂z for an elementwise h: the sigmoid node's local rule
    network = core.preset("book")
    trace, _, unit = _unit(network, network.x, [0, 1], "sse", 1, 2)
    a, z = unit.edge("a1[2]"), unit.edge("z1[2]")
    assert a.backward == pytest.approx(z.forward * (1 - z.forward) * z.backward, rel=1e-12)


def test_unit_graph_of_a_softmax_output_uses_backwards_fused_delta():
    rng = np.random.default_rng(3)
    network = core.Network.build([rng.standard_normal((3, 4)), rng.standard_normal((4, 3))],
                                 [rng.standard_normal(4), rng.standard_normal(3)],
                                 ["relu", "softmax"])
    x = rng.standard_normal(3)
    trace, gradients, unit = _unit(network, x, [0, 0, 1], "cross_entropy", 2, 3)
    # SoftmaxWithLoss: δ = y − t, not softmax's diagonal times ∂L/∂y
    assert unit.edge("a2[3]").backward == pytest.approx(trace.y[2] - 1.0, rel=1e-12)
    assert unit.result.forward == gradients.loss
