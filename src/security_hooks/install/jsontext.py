"""Rewriting a JSON document so that everything that did not change keeps its bytes.

`parse` records where every value sits in the text. `splice(doc, new)` then writes
`new`, copying the original text of each unchanged value verbatim (formatting,
escapes, one-line arrays and all) and the original whitespace around the members that
stay. Only the containers on the path to a change are rebuilt, and new values are
written in the document's own style: its indent unit, or compact when it is compact.

The input must already be valid JSON (the caller parses it first and refuses what it
cannot read). `render` checks the splice by parsing it back; if it ever differed from
`new`, the whole document would be written fresh instead, in the same indent style.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SPACE = re.compile(r"[ \t\n\r]*")
_LITERALS = {"true": True, "false": False, "null": None}


@dataclass
class Node:
    start: int
    end: int
    value: Any
    children: list[Child] = field(default_factory=list)  # members of an object, items of an array
    closing: str = ""  # whitespace before the closing bracket


@dataclass
class Child:
    lead: str  # whitespace before the member or item
    node: Node
    key: str | None = None
    head: str = ""  # for members: the key as written, up to the value ('"key": ')
    colon: str = ""  # for members: the text between the key and the value (': ')


@dataclass(frozen=True)
class Document:
    text: str
    root: Node
    unit: str | None  # the indent unit, or None for a compact document
    colon: str  # how this document writes the colon after a key


def parse(text: str) -> Document:
    position = _SPACE.match(text, 0)
    assert position is not None
    root = _value(text, position.end())
    colon = root.children[0].colon if root.children and root.children[0].key is not None else ": "
    return Document(text, root, _indent_unit(root), colon)


def _skip(text: str, index: int) -> tuple[str, int]:
    found = _SPACE.match(text, index)
    assert found is not None
    return found.group(), found.end()


def _value(text: str, index: int) -> Node:
    char = text[index]
    if char == "{":
        return _container(text, index, "}")
    if char == "[":
        return _container(text, index, "]")
    if char == '"':
        value, end = scanstring(text, index + 1)
        return Node(index, end, value)
    for word, literal in _LITERALS.items():
        if text.startswith(word, index):
            return Node(index, index + len(word), literal)
    number = _NUMBER.match(text, index)
    if number is None:
        raise ValueError(f"not JSON at offset {index}")
    return Node(index, number.end(), json.loads(number.group()))


def _container(text: str, start: int, close: str) -> Node:
    node = Node(start, start, {} if close == "}" else [])
    lead, index = _skip(text, start + 1)
    while text[index] != close:
        if close == "}":
            key, after_key = scanstring(text, index + 1)
            _, after_colon = _skip(text, after_key)
            _, value_at = _skip(text, after_colon + 1)
            child = _value(text, value_at)
            head, colon = text[index:value_at], text[after_key:value_at]
            node.children.append(Child(lead, child, key, head, colon))
            node.value[key] = child.value
        else:
            child = _value(text, index)
            node.children.append(Child(lead, child))
            node.value.append(child.value)
        space, index = _skip(text, child.end)
        if text[index] == ",":
            lead, index = _skip(text, index + 1)
        else:
            node.closing = space
    node.closing = node.closing if node.children else lead
    node.end = index + 1
    return node


def _indent_unit(root: Node) -> str | None:
    if not root.children:
        return "  "
    lead = root.children[0].lead
    return lead.rsplit("\n", 1)[1] if "\n" in lead else None


def same(a: Any, b: Any) -> bool:
    """Equal as JSON text would be: types, values and key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def dumps(value: Any, unit: str | None, base: str = "", colon: str = ": ") -> str:
    if unit is None:
        return json.dumps(value, ensure_ascii=False, separators=("," + colon[1:], colon))
    return json.dumps(value, ensure_ascii=False, indent=unit).replace("\n", "\n" + base)


def splice(doc: Document, new: Any) -> str:
    """The document's text with its value replaced by `new`, changing as little as possible."""
    root = doc.root
    body = _Renderer(doc).value(root, new, "", doc.unit)
    return doc.text[: root.start] + body + doc.text[root.end :]


def render(doc: Document, new: Any) -> str:
    """`splice`, checked by parsing it back; a fresh document if that ever differs."""
    text = splice(doc, new)
    try:
        if same(json.loads(text), new):
            return text
    except ValueError:
        pass
    return dumps(new, doc.unit or "  ") + "\n"  # pragma: no cover - a safety net


class _Renderer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def value(self, node: Node, new: Any, base: str, unit: str | None) -> str:
        """`unit` is the layout of the container holding `node`, for a value written fresh."""
        if same(node.value, new):
            return self.doc.text[node.start : node.end]
        if isinstance(node.value, dict) and isinstance(new, dict):
            return self.container(node, list(new.items()), base, "{}")
        if isinstance(node.value, list) and isinstance(new, list):
            return self.container(node, self.align(node, new), base, "[]")
        return dumps(new, unit, base, self.doc.colon)

    def unit_for(self, node: Node) -> str | None:
        """New values inside `node` follow its layout: one per line, or all on one line."""
        if node.children:
            return self.doc.unit if "\n" in node.children[0].lead else None
        return self.doc.unit

    def align(self, node: Node, new: list[Any]) -> list[tuple[Child | None, Any]]:
        """Pair each new item with the old item it continues, if any."""
        old = [json.dumps(c.node.value) for c in node.children]
        fresh = [json.dumps(v) for v in new]
        pairs: list[tuple[Child | None, Any]] = []
        matcher = SequenceMatcher(None, old, fresh, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            for offset, j in enumerate(range(j1, j2)):
                i = i1 + offset
                paired = tag in ("equal", "replace") and i < i2
                pairs.append((node.children[i] if paired else None, new[j]))
        return pairs

    def container(self, node: Node, items: list[Any], base: str, brackets: str) -> str:
        unit = self.unit_for(node)
        first, other = self.leads(node, unit, base)
        by_key = {c.key: c for c in node.children}
        parts: list[str] = []
        for position, item in enumerate(items):
            if brackets == "{}":
                key, value = item
                child = by_key.get(key)
                fresh_head = json.dumps(key, ensure_ascii=False) + self.doc.colon
            else:
                child, value = item
                fresh_head = ""
            lead = first if position == 0 else other
            if child is not None and (position == 0) == (child is node.children[0]):
                lead = child.lead
            inner = lead.rsplit("\n", 1)[1] if "\n" in lead else base
            if child is not None:
                parts.append(lead + child.head + self.value(child.node, value, inner, unit))
            else:
                parts.append(lead + fresh_head + dumps(value, unit, inner, self.doc.colon))
        closing = ""
        if items:
            closing = node.closing if node.children else ("\n" + base if unit is not None else "")
        return brackets[0] + ",".join(parts) + closing + brackets[1]

    def leads(self, node: Node, unit: str | None, base: str) -> tuple[str, str]:
        """Whitespace before the first member and before the others."""
        children = node.children
        spaced = "" if self.doc.colon == ":" else " "  # {"a":1,"b":2} or {"a": 1, "b": 2}
        if children:
            first = children[0].lead
            other = children[1].lead if len(children) > 1 else (first if "\n" in first else spaced)
            return first, other
        if unit is None:
            return "", spaced
        return "\n" + base + unit, "\n" + base + unit
