"""The image set the evaluate and image-training screens read (MNIST or
Fashion-MNIST, issue 15): from `actlab --data PATH`, else the usual places.

Read once per process and kept: the test half (10,000 images, what evaluate
needs) on its own, the training half (60,000, 188 MB) only when training asks
for it. get() reads, so it is called from a worker thread, never the UI's.
"""
from __future__ import annotations

import threading

from core import data


class ImageSets:
    def __init__(self, path: str | None = None):
        self.path = path
        self._lock = threading.Lock()  # two screens' workers read it once, not twice
        self._test: data.DataSet | None = None
        self._both: data.DataSet | None = None

    def where(self) -> str:
        """The path to read, found in the usual places when none was given
        (the one-line FileFormatError says where it looked and how to get one)."""
        return self.path if self.path is not None else str(data.find_data())

    def get(self, train: bool = False) -> data.DataSet:
        with self._lock:
            if self._both is not None:
                return self._both
            if train:
                self._both = data.load_data(self.where(), train=True)
                self._test = None  # the whole set holds it
                return self._both
            if self._test is None:
                self._test = data.load_data(self.where(), train=False)
            return self._test
