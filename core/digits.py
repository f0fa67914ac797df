"""A hand-drawn digit prepared as MNIST prepared its digits: scaled to fit a
20×20 box, then placed in 28×28 with its centre of mass in the middle."""
from __future__ import annotations

import numpy as np

from .errors import InputError

SIDE = 28
BOX = 20
CENTRE = (SIDE - 1) / 2  # 13.5: the middle of the 28 pixel centres


def as_intensities(image) -> np.ndarray:
    """A 2-D drawing as float64 in 0..1 (values above 1 are taken as 0..255)."""
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise InputError("digit_shape", shape=image.shape)
    if not np.all(np.isfinite(image)):
        raise InputError("digit_nonfinite")
    if image.max(initial=0.0) > 1.0:
        image = image / 255.0
    return np.clip(image, 0.0, 1.0)


def _resize_matrix(n_out: int, n_in: int) -> np.ndarray:
    """Linear interpolation from n_in samples to n_out, as a matrix."""
    matrix = np.zeros((n_out, n_in))
    if n_in == 1:
        matrix[:, 0] = 1.0
        return matrix
    positions = (np.arange(n_out) + 0.5) * n_in / n_out - 0.5
    positions = np.clip(positions, 0, n_in - 1)
    low = np.floor(positions).astype(int)
    high = np.minimum(low + 1, n_in - 1)
    weight = positions - low
    matrix[np.arange(n_out), low] += 1.0 - weight
    matrix[np.arange(n_out), high] += weight
    return matrix


def resize(image: np.ndarray, rows: int, columns: int) -> np.ndarray:
    return _resize_matrix(rows, image.shape[0]) @ image @ _resize_matrix(columns, image.shape[1]).T


def centre_digit(image) -> np.ndarray:
    """28×28 in 0..1: the drawing's ink scaled into 20×20 (aspect kept) and
    shifted so that its centre of mass sits at the middle of the field."""
    image = as_intensities(image)
    ink = np.argwhere(image > 0)
    if ink.size == 0:
        return np.zeros((SIDE, SIDE))
    (top, left), (bottom, right) = ink.min(axis=0), ink.max(axis=0) + 1
    crop = image[top:bottom, left:right]
    height, width = crop.shape
    if max(height, width) != BOX:
        scale = BOX / max(height, width)
        height, width = max(1, round(height * scale)), max(1, round(width * scale))
        crop = np.clip(resize(crop, height, width), 0.0, 1.0)
    field = np.zeros((SIDE, SIDE))
    row, column = (SIDE - height) // 2, (SIDE - width) // 2
    field[row:row + height, column:column + width] = crop
    return shift_to_centre(field)


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    total = image.sum()
    rows, columns = np.indices(image.shape)
    return float((rows * image).sum() / total), float((columns * image).sum() / total)


def shift_to_centre(field: np.ndarray) -> np.ndarray:
    """Move the ink by whole pixels so that its centre of mass is nearest the middle."""
    cy, cx = centre_of_mass(field)
    dy, dx = int(round(CENTRE - cy)), int(round(CENTRE - cx))
    shifted = np.zeros_like(field)
    rows = slice(max(0, dy), min(SIDE, SIDE + dy))
    columns = slice(max(0, dx), min(SIDE, SIDE + dx))
    source_rows = slice(max(0, -dy), min(SIDE, SIDE - dy))
    source_columns = slice(max(0, -dx), min(SIDE, SIDE - dx))
    shifted[rows, columns] = field[source_rows, source_columns]
    return shifted


def digit_input(image) -> np.ndarray:
    """The 784 inputs the book's network reads: centred, flattened row by row."""
    return centre_digit(image).reshape(-1)
