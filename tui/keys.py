"""Bindings named after their catalogue entries, so that a language switch can
retranslate every footer label and help line in place."""
from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from .i18n import t


def key(keys: str, action: str, name: str, **options) -> Binding:
    """A binding whose id is `name`, labelled by key.<name> and tip.<name>."""
    return Binding(keys, action, t(f"key.{name}"), tooltip=t(f"tip.{name}"), id=name,
                   **options)


def retranslate(node: DOMNode) -> None:
    """Relabel the node's named bindings in the current language."""
    node._bindings = BindingsMap.from_keys({
        keys: [replace(b, description=t(f"key.{b.id}"), tooltip=t(f"tip.{b.id}"))
               if b.id else b for b in bindings]
        for keys, bindings in node._bindings.key_to_bindings.items()})


def localise(node: DOMNode) -> None:
    """Relabel a node and everything in it: class bindings are made when their
    module is imported, which may be before the language was chosen."""
    for each in [node, *node.walk_children()]:
        retranslate(each)
