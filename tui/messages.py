"""What panes ask of the app. Panes never change the state themselves: the
app does, in one place, and then every pane hears of it."""
from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class NudgeX(Message):
    component: int
    steps: float


@dataclass
class SetX(Message):
    component: int
    value: float


@dataclass
class SelectComponent(Message):
    component: int


@dataclass
class SelectUnit(Message):
    layer: int
    unit: int
