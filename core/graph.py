"""The computational graph of chapter 5: nodes (×, +, the activation, the loss)
joined by edges, each edge carrying its forward value and, coming back, its
backward gradient ∂(result)/∂(edge).

Two graphs, both built from the book's layers' local rules (layer_naive.py's
MulLayer: dx = dout·y, dy = dout·x; AddLayer: dx = dy = dout):

- apple_graph(): the book's first example (buy_apple.py), two apples at 100
  each and a tax of 1.1, walked back from dprice = 1;
- unit_graph(): one unit j of layer k of the learner's network: x_i × W_k[i, j]
  for every input, their sum + b_k[j] = a_k[j], the activation h giving z_k[j],
  and the rest of the network up to the loss L. Walking back starts from
  δ_k[j] = ∂L/∂a_k[j] as core.backward computed it (the activation node's
  backward; for a softmax output it is the book's Softmax-with-Loss node, not
  an elementwise h'), so every gradient here is one of backward's numbers or
  the product the book's Mul/Add layers make of them.

Pure numpy, as all of core.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .backward import Gradients
from .forward import Trace
from .network import Network

MUL, ADD, LOSS = "×", "+", "L"


@dataclass(frozen=True)
class Edge:
    """A value flowing forward and its gradient flowing back."""
    name: str  # the book's name: "apple", "x1", "W1[1,2]", "a1[2]"
    forward: float
    backward: float


@dataclass(frozen=True)
class Node:
    """An operation: op is MUL, ADD, LOSS or an activation's name."""
    op: str
    inputs: tuple[Edge, ...]
    output: Edge


@dataclass(frozen=True)
class Graph:
    """Nodes in forward order; the last node's output is the result."""
    nodes: tuple[Node, ...]

    @property
    def result(self) -> Edge:
        return self.nodes[-1].output

    def edge(self, name: str) -> Edge:
        for node in self.nodes:
            for each in (*node.inputs, node.output):
                if each.name == name:
                    return each
        raise KeyError(name)


def mul_backward(x: float, y: float, dout: float) -> tuple[float, float]:
    """The book's MulLayer.backward: each input's gradient is dout times the other input."""
    return dout * y, dout * x


def add_backward(dout: float, n: int) -> tuple[float, ...]:
    """The book's AddLayer.backward, for n inputs: dout passes to each unchanged."""
    return (dout,) * n


def apple_graph(apple: float = 100.0, apple_num: float = 2.0, tax: float = 1.1) -> Graph:
    """buy_apple.py: price = apple × apple_num × tax, walked back from dprice = 1."""
    apple_price = apple * apple_num
    price = apple_price * tax
    dprice = 1.0
    dapple_price, dtax = mul_backward(apple_price, tax, dprice)
    dapple, dapple_num = mul_backward(apple, apple_num, dapple_price)
    first = Node(MUL, (Edge("apple", apple, dapple), Edge("apple_num", apple_num, dapple_num)),
                 Edge("apple_price", apple_price, dapple_price))
    second = Node(MUL, (first.output, Edge("tax", tax, dtax)), Edge("price", price, dprice))
    return Graph((first, second))


@dataclass(frozen=True)
class UnitGraph(Graph):
    """One unit's graph, and where it sits in the network."""
    layer: int = 1  # k, from 1
    unit: int = 1  # j, from 1
    loss: float = 0.0  # L, the result the gradients are of
    output: bool = False  # an output unit: its activation node feeds the loss directly


def unit_graph(network: Network, trace: Trace, gradients: Gradients, k: int, j: int) -> UnitGraph:
    """Unit j of layer k (both from 1) of a single-sample pass, with backward's
    gradients: one × node per input, the + node with the bias, the activation
    node and the loss node (the rest of the network, for a hidden unit)."""
    layer = network.layers[k - 1]
    inputs = trace.x if k == 1 else trace.z[k - 2]
    name = "x" if k == 1 else f"z{k - 1}"
    W, b = layer.W[:, j - 1], float(layer.b[j - 1])
    a, z = float(trace.a[k - 1][j - 1]), float(trace.z[k - 1][j - 1])
    delta = float(gradients.delta[k - 1][j - 1])  # the activation node's backward: ∂L/∂a
    dz = float(gradients.dz[k - 1][j - 1])  # what the loss side sends back: ∂L/∂z
    with np.errstate(over="ignore", invalid="ignore"):
        products = [float(inputs[i]) * float(W[i]) for i in range(len(W))]
        dproducts = add_backward(delta, len(W) + 1)
        nodes = []
        for i, (value, product, dproduct) in enumerate(zip(inputs, products, dproducts), start=1):
            dx, dw = mul_backward(float(value), float(W[i - 1]), dproduct)
            nodes.append(Node(MUL, (Edge(f"{name}[{i}]", float(value), dx),
                                    Edge(f"W{k}[{i},{j}]", float(W[i - 1]), dw)),
                              Edge(f"{name}[{i}]·W{k}[{i},{j}]", product, dproduct)))
    a_edge = Edge(f"a{k}[{j}]", a, delta)
    nodes.append(Node(ADD, (*(node.output for node in nodes), Edge(f"b{k}[{j}]", b, dproducts[-1])),
                      a_edge))
    z_name = "y" if k == trace.depth else f"z{k}"
    z_edge = Edge(f"{z_name}[{j}]", z, dz)
    nodes.append(Node(network.activations[k - 1], (a_edge,), z_edge))
    nodes.append(Node(LOSS, (z_edge,), Edge("L", gradients.loss, 1.0)))
    return UnitGraph(tuple(nodes), layer=k, unit=j, loss=gradients.loss, output=k == trace.depth)
