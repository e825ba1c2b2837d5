"""Plausibility checks that separate real secrets from look-alikes.

A pattern match only says a string has the shape of a secret. These checks
reject the shapes people write when they do not hold a real one: documented
example keys, masked or repeated characters, counting sequences, template
interpolations and low-entropy bodies.
"""

from __future__ import annotations

import math
from collections import Counter

# Stand-in words, in the cases people write them. Each is five characters or
# more, so a random body contains one by chance with odds below 1e-7; short
# masks such as "xxxx" are caught by the run check instead.
_MARKERS = (
    "example",
    "EXAMPLE",
    "Example",
    "your_",
    "YOUR_",
    "your-",
    "YOUR-",
    "changeme",
    "CHANGEME",
    "change-me",
    "change_me",
    "placeholder",
    "PLACEHOLDER",
    "redacted",
    "REDACTED",
    "dummy",
    "DUMMY",
    "sample",
    "SAMPLE",
)
_MASKS = ("***", "...", "\u2026", "<", ">")

# Shapes of values that are filled in later rather than written down.
_INTERPOLATION_MARKERS = ("${", "$(", "{{", "}}", "%(", "%s", "%d", "process.env", "environ")

_RUN = 5


def shannon_entropy(value: str) -> float:
    """Bits per character of *value* (0.0 for the empty string)."""
    if not value:
        return 0.0
    size = len(value)
    return -sum(n / size * math.log2(n / size) for n in Counter(value).values())


def _has_run(value: str) -> bool:
    """True for five equal characters in a row, or five consecutive ones (12345, abcde)."""
    same = up = down = 1
    for prev, cur in zip(value, value[1:], strict=False):
        step = ord(cur) - ord(prev)
        same = same + 1 if step == 0 else 1
        up = up + 1 if step == 1 and cur.isalnum() else 1
        down = down + 1 if step == -1 and cur.isalnum() else 1
        if max(same, up, down) >= _RUN:
            return True
    return False


def looks_like_placeholder(value: str) -> bool:
    """True when *value* reads as a stand-in rather than a credential."""
    if any(marker in value for marker in _MARKERS):
        return True
    if any(mask in value for mask in _MASKS):
        return True
    return _has_run(value)


def _has_format_field(value: str) -> bool:
    """True when *value* holds a ``{name}`` / ``{obj.attr}`` / ``{0}`` format field."""
    start = value.find("{")
    while start != -1:
        end = value.find("}", start + 1)
        if end == -1:
            return False
        field = value[start + 1 : end]
        if field and all(char.isalnum() or char in "_.[]'\"" for char in field):
            return True
        start = value.find("{", start + 1)
    return False


def is_interpolation(value: str) -> bool:
    """True for ``${VAR}``, ``$VAR``, ``{{ var }}``, ``%(var)s``, ``{var}`` and friends."""
    if any(marker in value for marker in _INTERPOLATION_MARKERS):
        return True
    if value.startswith("$") and len(value) > 1 and (value[1].isalpha() or value[1] == "_"):
        return True
    return _has_format_field(value)


def plausible_token(body: str, min_entropy: float) -> bool:
    """The common test for fixed-prefix tokens: no stand-in shape, enough entropy."""
    return not looks_like_placeholder(body) and shannon_entropy(body) >= min_entropy
