"""A trace as text for other tools: JSON (the `actlab trace --json` format),
CSV and Markdown. Floats keep full precision; NaN and infinity, which JSON
cannot hold, become null (and "nan"/"inf" in CSV and Markdown)."""
from __future__ import annotations

import csv
import io
import json
import math

import numpy as np

from .forward import Trace


def json_list(values):
    """Floats at full precision for JSON; NaN and infinity become null."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        value = float(array)
        return value if math.isfinite(value) else None
    return [json_list(v) for v in array]


def trace_dict(trace: Trace) -> dict:
    """{"x", "a1", "z1", ..., "aL", "y", "layers": [{"activation", "a", "z"}]}."""
    data = {name: json_list(values) for name, values in trace.as_dict().items()}
    data["layers"] = [
        {"activation": name, "a": json_list(a), "z": json_list(z)}
        for name, a, z in zip(trace.activations, trace.a, trace.z)
    ]
    return data


def trace_json(trace: Trace) -> str:
    return json.dumps(trace_dict(trace))


def _rows(trace: Trace):
    """(layer, activation, unit, a, z) for every unit, z named as the book does."""
    for k, (name, a, z) in enumerate(zip(trace.activations, trace.a, trace.z), start=1):
        for j, (a_j, z_j) in enumerate(zip(a, z), start=1):
            yield k, name, j, float(a_j), float(z_j)


def trace_csv(trace: Trace) -> str:
    """One row per unit: layer,activation,unit,a,z (z of the last layer is y)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["layer", "activation", "unit", "a", "z"])
    for row in _rows(trace):
        writer.writerow([*row[:3], repr(row[3]), repr(row[4])])
    return out.getvalue()


def trace_markdown(trace: Trace) -> str:
    """A table per layer, as one would paste into notes."""
    x = ", ".join(repr(float(v)) for v in trace.x)
    lines = [f"x = [{x}]", ""]
    for k, (name, a, z) in enumerate(zip(trace.activations, trace.a, trace.z), start=1):
        z_name = "y" if k == trace.depth else f"z{k}"
        lines += [f"### layer {k} ({name})", "", f"| unit | a{k} | {z_name} |",
                  "|---:|---:|---:|"]
        lines += [f"| {j} | {float(a_j)!r} | {float(z_j)!r} |"
                  for j, (a_j, z_j) in enumerate(zip(a, z), start=1)]
        lines.append("")
    y = ", ".join(repr(float(v)) for v in trace.y)
    lines.append(f"y = [{y}]")
    return "\n".join(lines) + "\n"


EXPORTS = {"markdown": (trace_markdown, ".md"), "csv": (trace_csv, ".csv"),
           "json": (lambda trace: trace_json(trace) + "\n", ".json")}
