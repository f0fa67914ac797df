"""The network over a plane of inputs: every output (and every hidden unit) on
a grid of two input components, the others held at x. One batched forward
call evaluates the whole grid."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import even_grid
from .errors import InputError
from .forward import Trace, forward
from .network import Network, check_x

MAX_STEPS = 1001  # per axis: a million points
MAX_COORDINATE = 1e6  # what `actlab landscape --range` takes: the screen's widest zoom
# Every point keeps its x, a and z of each layer: 50 million values are 400 MB.
MAX_VALUES = 50_000_000


@dataclass(frozen=True, eq=False)
class Landscape:
    u: np.ndarray  # values of input i along the columns
    v: np.ndarray  # values of input j along the rows
    i: int  # the inputs on the axes, from 1
    j: int
    trace: Trace  # the batched trace, one sample per grid point (row-major: v, then u)

    @property
    def y(self) -> np.ndarray:
        """y indexed [row (v)][column (u)][output]."""
        return self.layer(len(self.trace.a))

    def layer(self, k: int) -> np.ndarray:
        """z_k (y for the last layer) indexed [row][column][unit]."""
        z = self.trace.z[k - 1]
        return z.reshape(self.v.size, self.u.size, z.shape[-1])

    def winner(self) -> np.ndarray:
        """The index (from 1) of the largest output at each grid point."""
        return np.argmax(self.y, axis=-1) + 1


def landscape(network: Network, x, i: int, j: int, u_range=(-3.0, 3.0), v_range=None,
              steps: int = 101) -> Landscape:
    """Inputs i and j (from 1) swept over their ranges on a steps × steps grid."""
    x = check_x(network, x)
    n = network.n_inputs
    if not (1 <= i <= n and 1 <= j <= n) or i == j:
        raise InputError("landscape_inputs", i=i, j=j, n=n)
    if steps < 2:
        raise InputError("landscape_steps", steps=steps)
    if steps > MAX_STEPS:
        raise InputError("landscape_steps_max", steps=steps, limit=MAX_STEPS)
    per_point = n + 2 * sum(layer.n_out for layer in network.layers)
    if steps * steps * per_point > MAX_VALUES:
        raise InputError("landscape_too_large", steps=steps, per_point=per_point,
                         values=steps * steps * per_point, limit=MAX_VALUES)
    v_range = u_range if v_range is None else v_range
    for low, high in (u_range, v_range):
        # nan fails the comparison; even_grid copes with hi - lo beyond float64
        if not (float(low) < float(high) and np.isfinite([float(low), float(high)]).all()):
            raise InputError("landscape_range", low=low, high=high)
    u = even_grid(u_range[0], u_range[1], steps)
    v = even_grid(v_range[0], v_range[1], steps)
    grid_v, grid_u = np.meshgrid(v, u, indexing="ij")
    batch = np.repeat(np.asarray(x, dtype=np.float64)[None, :], steps * steps, axis=0)
    batch[:, i - 1] = grid_u.ravel()
    batch[:, j - 1] = grid_v.ravel()
    return Landscape(u=u, v=v, i=i, j=j, trace=forward(network, batch))
