"""The result types: frozen, tuple-based, and the fast constructor agrees."""

from __future__ import annotations

import dataclasses

import pytest

from security_hooks.shell import Redirect, Segment
from security_hooks.shell.model import SegmentFields, new_segment


def _fields() -> SegmentFields:
    return {
        "argv": ("rm", "-rf", "/"),
        "name": "rm",
        "text": "rm -rf /",
        "source": "sudo rm -rf / > x",
        "assignments": (("A", "1"),),
        "redirects": (Redirect(">", "x", None),),
        "wrappers": ("sudo",),
        "privileged": True,
        "dynamic": False,
        "context": "top",
        "depth": 0,
        "cwd": "/p",
        "pipeline": 3,
        "position": 1,
        "background": True,
        "stdin_text": None,
        "implicit_targets": ("/",),
    }


def test_new_segment_builds_the_same_frozen_segment() -> None:
    fast = new_segment(_fields())
    slow = Segment(**_fields())
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.name = "ls"  # type: ignore[misc]


def test_segment_fields_cover_every_field() -> None:
    assert set(SegmentFields.__annotations__) == {f.name for f in dataclasses.fields(Segment)}

