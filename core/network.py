"""Layers and networks, in the book's row-vector convention: a = z·W + b.

A Network is immutable (its arrays are read-only), so an editor can keep old
networks for undo without copying, and nothing can change one behind a
trace's back. Every change returns a new Network.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from . import activations, messages
from .errors import InputError, NetworkError

MAX_PARAMETERS = 10_000_000  # refuse larger files before allocating them


def _frozen(values, dtype=np.float64) -> np.ndarray:
    array = np.array(values, dtype=dtype)  # always a copy: the caller keeps theirs
    array.flags.writeable = False
    return array


def first_nonfinite(array: np.ndarray) -> tuple[float, tuple[int, ...]] | None:
    """The first NaN or infinity and where it sits, counted from 1."""
    bad = np.argwhere(~np.isfinite(array))
    if bad.size == 0:
        return None
    return float(array[tuple(bad[0])]), tuple(int(i) + 1 for i in bad[0])


@dataclass(frozen=True)
class Layer:
    W: np.ndarray
    b: np.ndarray
    activation: str = "sigmoid"

    @property
    def n_in(self) -> int:
        return self.W.shape[0]

    @property
    def n_out(self) -> int:
        return self.W.shape[1]

    @property
    def n_parameters(self) -> int:
        return self.W.size + self.b.size

    def __repr__(self):
        return f"Layer({self.n_in}→{self.n_out}, {self.activation})"


@dataclass(frozen=True)
class Network:
    layers: tuple[Layer, ...]
    x: np.ndarray | None = field(default=None, compare=False)  # stored input, if any

    def __post_init__(self):
        object.__setattr__(self, "layers", tuple(self.layers))
        _validate(self.layers)
        if self.x is not None:
            object.__setattr__(self, "x", check_x(self, self.x))

    @classmethod
    def build(cls, weights, biases, functions, x=None) -> "Network":
        """From plain lists: weights [W1, W2, ...], biases [b1, ...], names."""
        layers = []
        for k, (W, b, name) in enumerate(zip(weights, biases, functions), start=1):
            W = _as_numbers(W, f"W{k}", k)
            b = _as_numbers(b, f"b{k}", k)
            layers.append(Layer(_frozen(W), _frozen(b), name))
        return cls(tuple(layers), x=None if x is None else _as_numbers(x, "x", None))

    # --- shape -------------------------------------------------------------
    @property
    def n_inputs(self) -> int:
        return self.layers[0].n_in

    @property
    def n_outputs(self) -> int:
        return self.layers[-1].n_out

    @property
    def sizes(self) -> list[int]:
        return [self.n_inputs] + [layer.n_out for layer in self.layers]

    @property
    def n_parameters(self) -> int:
        return sum(layer.n_parameters for layer in self.layers)

    @property
    def activations(self) -> list[str]:
        return [layer.activation for layer in self.layers]

    def __len__(self):
        return len(self.layers)

    def same_as(self, other: "Network") -> bool:
        """The same functions and the same weights, value for value (the
        stored x aside): an edit and its reverse give the network back."""
        return self is other or (
            self.activations == other.activations and self.sizes == other.sizes and
            all(np.array_equal(a.W, b.W) and np.array_equal(a.b, b.b)
                for a, b in zip(self.layers, other.layers)))

    def __repr__(self):
        shape = "-".join(str(n) for n in self.sizes)
        return f"Network({shape}, {', '.join(self.activations)})"

    def default_x(self) -> np.ndarray:
        """The stored x, else zeros: what a trace uses when given no input."""
        return self.x if self.x is not None else np.zeros(self.n_inputs)

    # --- changes, each returning a new network -------------------------------
    def with_x(self, x) -> "Network":
        return replace(self, x=None if x is None else _frozen(x))

    def with_activation(self, k: int, name: str) -> "Network":
        """Layer k (from 1) computes `name`."""
        layers = list(self.layers)
        layers[k - 1] = replace(layers[k - 1], activation=name)
        return replace(self, layers=tuple(layers))

    def with_hidden_activation(self, name: str) -> "Network":
        layers = [replace(layer, activation=name) for layer in self.layers[:-1]]
        return replace(self, layers=tuple(layers) + self.layers[-1:])

    def with_output(self, name: str) -> "Network":
        return self.with_activation(len(self.layers), name)

    def with_weight(self, k: int, row: int, column: int, value: float) -> "Network":
        """W_k[row, column] = value, counted from 0; row n_in means the bias."""
        layer = self.layers[k - 1]
        W, b = np.array(layer.W), np.array(layer.b)
        if row == layer.n_in:
            b[column] = value
        else:
            W[row, column] = value
        layers = list(self.layers)
        layers[k - 1] = Layer(_frozen(W), _frozen(b), layer.activation)
        return replace(self, layers=tuple(layers))


def _as_numbers(values, label: str, k: int | None) -> np.ndarray:
    """float64 array from lists or arrays, or a clear error naming the array."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        text = str(exc)
        if "inhomogeneous" in text or "sequence" in text:
            error = NetworkError("rows_differ", label=label)
        else:
            error = NetworkError("not_numbers", label=label, detail=text)
        raise (error if k is None else NetworkError("in_layer", k=k, error=error)) from None
    return array


def _validate(layers) -> None:
    if not layers:
        raise NetworkError("no_layers")
    total = 0
    for k, layer in enumerate(layers, start=1):
        W, b = layer.W, layer.b
        if W.ndim != 2:
            raise NetworkError("not_matrix", k=k, shape=W.shape)
        if b.ndim != 1:
            raise NetworkError("not_vector", k=k, shape=b.shape)
        if W.shape[0] == 0 or W.shape[1] == 0:
            raise NetworkError("empty_matrix", k=k, shape=W.shape)
        if k > 1 and W.shape[0] != layers[k - 2].n_out:
            raise NetworkError("rows_mismatch", k=k, rows=W.shape[0], previous=k - 1,
                               outputs=layers[k - 2].n_out)
        if b.shape[0] != W.shape[1]:
            raise NetworkError("bias_mismatch", k=k, values=b.shape[0], columns=W.shape[1])
        for label, array in ((f"W{k}", W), (f"b{k}", b)):
            bad = first_nonfinite(array)
            if bad and array.ndim == 2:
                raise NetworkError("nonfinite_matrix", k=k, label=label, value=bad[0],
                                   row=bad[1][0], column=bad[1][1])
            if bad:
                raise NetworkError("nonfinite_vector", k=k, label=label, value=bad[0],
                                   position=bad[1][0])
        try:
            function = activations.get(layer.activation)
        except activations.UnknownNameError as exc:
            raise NetworkError("in_layer", k=k, error=exc) from None
        if function.output_only and k != len(layers):
            raise NetworkError("output_only", k=k, name=layer.activation)
        total += layer.n_parameters
    if total > MAX_PARAMETERS:
        raise NetworkError("too_many_parameters", source=messages.render("the_network", {}),
                           total=total, limit=MAX_PARAMETERS)


def check_x(network: Network, x, finite: bool = True) -> np.ndarray:
    """x as read-only float64, one vector (n_in) or a batch (N × n_in).

    With finite=True (what people type or load), NaN and infinity are refused;
    forward() skips that scan of large batches and lets NaN flow through.
    """
    try:
        x = np.asarray(x, dtype=np.float64).view()  # a view: the caller's array stays writable
    except (TypeError, ValueError):
        raise InputError("x_not_numbers") from None
    n = network.n_inputs
    if x.ndim not in (1, 2) or x.shape[-1] != n:
        got = x.shape[-1] if x.ndim in (1, 2) else f"shape {x.shape}"
        raise InputError("x_length", got=got, n=n)
    if finite:
        bad = np.argwhere(~np.isfinite(x))
        if bad.size:
            position = bad[0][-1] + 1
            raise InputError("x_nonfinite", position=position, value=x[tuple(bad[0])])
    x.flags.writeable = False
    return x


# --- initialisers ------------------------------------------------------------

INITIALISERS = {
    # name: the standard deviation of N(0, s²) for a layer with n_in inputs
    "normal": lambda n_in, std: std,
    "xavier": lambda n_in, std: 1.0 / np.sqrt(n_in),  # the book's Xavier: 1/√n
    "he": lambda n_in, std: np.sqrt(2.0 / n_in),  # He: √(2/n), for ReLU
}


def random_weights(rng: np.random.Generator, n_in: int, n_out: int,
                   init: str = "he", std: float = 0.01, fan_in: int | None = None) -> np.ndarray:
    """An n_in × n_out weight matrix drawn from N(0, s²) with s set by `init`
    for a layer of fan_in inputs (n_in unless a part of the matrix is drawn)."""
    try:
        scale = INITIALISERS[init](n_in if fan_in is None else fan_in, std)
    except KeyError:
        raise NetworkError("unknown_initialiser", name=init,
                           choices=", ".join(INITIALISERS)) from None
    return rng.standard_normal((n_in, n_out)) * scale


def random_network(sizes: list[int], functions: list[str], init: str = "he",
                   std: float = 0.01, seed: int = 0) -> Network:
    """A network of the given sizes with seeded random weights and zero biases."""
    rng = np.random.default_rng(seed)
    weights = [random_weights(rng, n_in, n_out, init, std)
               for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    biases = [np.zeros(n) for n in sizes[1:]]
    return Network.build(weights, biases, functions)


# --- shape changes: new weights from a seeded initialiser -----------------------

def _replace_layer(network: Network, k: int, W, b, activation: str | None = None) -> list[Layer]:
    layers = list(network.layers)
    old = layers[k - 1]
    layers[k - 1] = Layer(_frozen(W), _frozen(b), activation or old.activation)
    return layers


def _unit_rng(seed: int, part: int, k: int, j: int) -> np.random.Generator:
    """The draw for unit j (from 0) of layer k (0: an input): each new unit
    gets its own, so two units added in a row are not the same unit twice
    (symmetric units learn the same thing: ch. 6), and the same seed and
    place give the same weights again."""
    return np.random.default_rng((seed, part, k, j))  # part 0: weights in, 1: out


def _new_columns(n_in: int, first: int, last: int, k: int, init: str, std: float,
                 seed: int) -> np.ndarray:
    """The weights into units first..last-1 of layer k, one draw per unit."""
    columns = [random_weights(_unit_rng(seed, 0, k, j), n_in, 1, init, std)
               for j in range(first, last)]
    return np.hstack(columns) if columns else np.zeros((n_in, 0))


def _new_rows(n_out: int, first: int, last: int, k: int, init: str, std: float,
              seed: int, fan_in: int) -> np.ndarray:
    """The weights out of units first..last-1 of layer k (k = 0: inputs) into
    the next layer's n_out units, one draw per unit, scaled for fan_in inputs."""
    rows = [random_weights(_unit_rng(seed, 1, k, i), 1, n_out, init, std, fan_in)
            for i in range(first, last)]
    return np.vstack(rows) if rows else np.zeros((0, n_out))


def with_units(network: Network, k: int, n: int, init: str = "he", std: float = 0.01,
               seed: int = 0) -> Network:
    """Hidden layer k (from 1) with n units: each new unit gets its own seeded
    random weights in and out (and zero bias); removed units take their
    weights with them."""
    if not 1 <= k < len(network.layers):
        raise NetworkError("not_hidden", k=k)
    if n < 1:
        raise NetworkError("no_units", k=k)
    layer, after = network.layers[k - 1], network.layers[k]
    have = layer.n_out
    if n <= have:
        W, b, W_next = layer.W[:, :n], layer.b[:n], after.W[:n, :]
    else:
        W = np.hstack([layer.W, _new_columns(layer.n_in, have, n, k, init, std, seed)])
        b = np.concatenate([layer.b, np.zeros(n - have)])
        W_next = np.vstack([after.W, _new_rows(after.n_out, have, n, k, init, std, seed, n)])
    layers = _replace_layer(network, k, W, b)
    layers[k] = Layer(_frozen(W_next), after.b, after.activation)
    return replace(network, layers=tuple(layers))


def _reading(layer: Layer, n_in: int, k: int, init: str, std: float, seed: int) -> Layer:
    """`layer` made to read n_in values: its own weights when it already does,
    else its first rows kept and each missing input's row drawn on its own."""
    have = layer.n_in
    if n_in <= have:
        W = layer.W[:n_in, :]
    else:
        W = np.vstack([layer.W, _new_rows(layer.n_out, have, n_in, k, init, std, seed, n_in)])
    return Layer(_frozen(W), layer.b, layer.activation)


def with_layer_inserted(network: Network, k: int, n: int, activation: str | None = None,
                        init: str = "he", std: float = 0.01, seed: int = 0) -> Network:
    """A new hidden layer of n units after layer k (k = 0: right after x), with
    seeded weights and zero bias.

    The layer that follows keeps its weights when n is the width it read
    before; otherwise it keeps its first rows and gets a seeded row for each
    new input (or loses its last rows)."""
    if not 0 <= k < len(network.layers):
        raise NetworkError("insert_where", last=len(network) - 1)
    if n < 1:
        raise NetworkError("no_units", k=k + 1)
    n_in = network.sizes[k]
    activation = activation or (network.layers[k - 1].activation if k else "sigmoid")
    new = Layer(_frozen(_new_columns(n_in, 0, n, k + 1, init, std, seed)),
                _frozen(np.zeros(n)), activation)
    following = _reading(network.layers[k], n, k + 1, init, std, seed)
    layers = list(network.layers[:k]) + [new, following] + list(network.layers[k + 1:])
    return replace(network, layers=tuple(layers))


def without_layer(network: Network, k: int, init: str = "he", std: float = 0.01,
                  seed: int = 0) -> Network:
    """Hidden layer k removed; the layer after it now reads what layer k read.
    It keeps its weights when layer k had as many units as inputs (so
    inserting a layer and removing it again gives the network back);
    otherwise it keeps its first rows and gets a seeded row for each input
    it lacked."""
    if not 1 <= k < len(network.layers):
        raise NetworkError("output_stays", k=k)
    removed = network.layers[k - 1]
    following = _reading(network.layers[k], removed.n_in, k - 1, init, std, seed)
    layers = list(network.layers[:k - 1]) + [following] + list(network.layers[k + 1:])
    return replace(network, layers=tuple(layers))


def with_inputs(network: Network, n: int, init: str = "he", std: float = 0.01,
                seed: int = 0) -> Network:
    """n inputs: W1 gains seeded rows or loses its last ones; a stored x is
    padded with zeros or cut to match."""
    if n < 1:
        raise NetworkError("no_inputs")
    layers = list(network.layers)
    layers[0] = _reading(network.layers[0], n, 0, init, std, seed)
    have = network.n_inputs
    x = None
    if network.x is not None:
        x = np.concatenate([network.x, np.zeros(max(0, n - have))])[:n]
    return Network(tuple(layers), x=x)


def randomised(network: Network, init: str = "he", std: float = 0.01, seed: int = 0) -> Network:
    """The same shape and functions with every weight redrawn (biases zero)."""
    fresh = random_network(network.sizes, network.activations, init=init, std=std, seed=seed)
    return replace(fresh, x=network.x)


def collapsed(network: Network) -> Network | None:
    """The single layer that computes the same y when every hidden layer is
    linear (identity): W = W1·W2·…·WL, b = (…(b1·W2 + b2)·W3 + …) + bL, with
    the output function kept. None when a hidden layer is not linear: that is
    what the book's h(x) = cx argument says non-linearity is for."""
    if any(name != "identity" for name in network.activations[:-1]):
        return None
    W, b = network.layers[0].W, network.layers[0].b
    for layer in network.layers[1:]:
        W, b = W @ layer.W, b @ layer.W + layer.b
    single = Network.build([W], [b], [network.activations[-1]])
    return single if network.x is None else single.with_x(network.x)
