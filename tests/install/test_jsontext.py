"""Rewriting JSON text: unchanged values keep their bytes; new ones follow the file's style."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest

from security_hooks.install.jsontext import parse, render, same, splice


def edit(text: str, change: Any) -> str:
    new = json.loads(text)
    change(new)
    return render(parse(text), new)


@pytest.mark.parametrize(
    "text",
    [
        "{}",
        '{"a":1}',
        '{ "a" : [ 1 , 2 ] }\n',
        '\n\n{\n\t"a": "\\u00e9",\n\t"b": 1.50\n}\n\n',
        "[]",
        "[1E3, -0.0, null]",
    ],
)
def test_no_change_gives_back_the_same_text(text: str) -> None:
    assert render(parse(text), json.loads(text)) == text


def test_a_new_member_follows_the_indentation_of_the_file() -> None:
    text = '{\n    "a": 1\n}\n'
    assert (
        edit(text, lambda d: d.update(b={"c": [1]}))
        == '{\n    "a": 1,\n    "b": {\n        "c": [\n            1\n        ]\n    }\n}\n'
    )
    tabs = '{\n\t"a": 1\n}'
    assert edit(tabs, lambda d: d.update(b=[2])) == '{\n\t"a": 1,\n\t"b": [\n\t\t2\n\t]\n}'


def test_compact_documents_stay_compact() -> None:
    assert edit('{"a":1}', lambda d: d.update(b=[1, {"c": 2}])) == '{"a":1,"b":[1,{"c":2}]}'
    assert edit('{"a": 1}', lambda d: d.update(b=[1])) == '{"a": 1, "b": [1]}'


def test_an_empty_object_gets_two_space_indentation() -> None:
    assert edit("{}", lambda d: d.update(a=[1])) == '{\n  "a": [\n    1\n  ]\n}'


def test_odd_formatting_outside_the_change_keeps_its_bytes() -> None:
    text = '{\n  "keep": {"x": [1,2,3],   "y": "\\u00e9\\/"},\n  "list": [\n    {"n": 1},\n    {"n": 2}\n  ]\n}\n'
    out = edit(text, lambda d: d["list"].append({"n": 3}))
    assert '"keep": {"x": [1,2,3],   "y": "\\u00e9\\/"}' in out
    assert out == text.replace('{"n": 2}\n', '{"n": 2},\n    {\n      "n": 3\n    }\n')


@pytest.mark.parametrize(
    ("remove", "expected"),
    [
        ("a", '{\n  "b": 2,\n  "c": 3\n}'),
        ("b", '{\n  "a": 1,\n  "c": 3\n}'),
        ("c", '{\n  "a": 1,\n  "b": 2\n}'),
    ],
)
def test_removing_a_member_removes_its_line_and_comma(remove: str, expected: str) -> None:
    assert edit('{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}', lambda d: d.pop(remove)) == expected


def test_removing_the_only_member_leaves_an_empty_object() -> None:
    assert edit('{\n  "a": 1\n}', lambda d: d.pop("a")) == "{}"


def test_an_item_changed_inside_a_one_line_array_keeps_its_neighbours() -> None:
    text = '{"hooks": [{"c": "theirs", "n": 1}, {"c": "ours", "n": 1}]}'
    out = edit(text, lambda d: d["hooks"][1].update(n=2))
    assert out == '{"hooks": [{"c": "theirs", "n": 1}, {"c": "ours", "n": 2}]}'


def test_same_compares_types_and_key_order() -> None:
    assert same({"a": 1, "b": [True]}, {"a": 1, "b": [True]})
    assert not same({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert not same(1, 1.0) and not same(1, True) and not same([1], [1, 2])


def random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.choice(["obj", "arr", "str", "num", "lit"] if depth < 3 else ["str", "num", "lit"])
    if kind == "obj":
        return {f"k{rng.randrange(6)}": random_value(rng, depth + 1) for _ in range(rng.randrange(4))}
    if kind == "arr":
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == "str":
        return rng.choice(["", "x", "é", 'q"uote', "line\nbreak"])
    if kind == "num":
        return rng.choice([0, -1, 2.5, 10**20])
    return rng.choice([True, False, None])


def mutate(rng: random.Random, value: Any) -> Any:
    if isinstance(value, dict) and value and rng.random() < 0.7:
        key = rng.choice(list(value))
        action = rng.random()
        if action < 0.3:
            del value[key]
        elif action < 0.6:
            value[f"new{rng.randrange(9)}"] = random_value(rng, 2)
        else:
            value[key] = mutate(rng, value[key])
        return value
    if isinstance(value, list) and value and rng.random() < 0.7:
        index = rng.randrange(len(value))
        action = rng.random()
        if action < 0.3:
            del value[index]
        elif action < 0.6:
            value.insert(index, random_value(rng, 2))
        else:
            value[index] = mutate(rng, value[index])
        return value
    return random_value(rng, 2)


@pytest.mark.parametrize("style", [2, "\t", None])
def test_random_edits_always_parse_back_to_the_new_value(style: int | str | None) -> None:
    rng = random.Random(6)
    for _ in range(300):
        old = {"root": random_value(rng), "other": random_value(rng)}
        text = json.dumps(old, indent=style, ensure_ascii=rng.random() < 0.5)
        new = mutate(rng, copy.deepcopy(old))
        out = splice(parse(text), new)  # no safety net here
        assert same(json.loads(out), new), (text, new, out)
