"""Shell command understanding: what a Bash command string would actually run.

`analyze(command)` parses the string with tree-sitter-bash and walks the tree
in execution order. Every simple command that would run becomes a `Segment`:
its words after quote removal (command name folded, so `\\rm`, `"rm"`,
`$'\\x72m'` and `/bin/rm` all read `rm`), its assignments and redirects, the
wrappers peeled off it (`sudo`, `env`, `timeout`, `xargs`, ...), the directory
it runs in, and how it is reached (`context`: top level, a substitution, the
string of `bash -c`, `eval`, a heredoc fed to a shell, `find -exec`, ...).

Code hidden in strings is parsed again, up to `max_depth` levels: `-c`
strings, `eval`, `trap`, `watch`, `su -c`, heredocs and here-strings fed to a
shell, and the shell strings that interpreter one-liners hand to
`os.system` & co. Text that is only data (arguments of `echo`, `grep`,
`git commit -m`, heredocs fed to `cat`) never becomes a segment; substitutions
inside double quotes or unquoted heredocs do, because bash runs them.

What cannot be known statically is kept as text and flagged: a command name
built from expansions is `dynamic` (and resolved when a literal assignment
earlier in the same command gives its value), an unparsable string clears
`parse_ok`, and nesting beyond the limit sets `depth_exceeded`.

`targets.classify_path` and `targets.operands` grade path arguments, and
`inline.scan_inline` reports what interpreter one-liners do.
"""

from __future__ import annotations

from .analyze import analyze
from .inline import InlineFinding, scan_inline
from .model import CONTEXTS, InlineCode, PathUse, Redirect, Segment, ShellAnalysis
from .targets import TargetKind, classify_path, operands

__all__ = [
    "CONTEXTS",
    "InlineCode",
    "InlineFinding",
    "PathUse",
    "Redirect",
    "Segment",
    "ShellAnalysis",
    "TargetKind",
    "analyze",
    "classify_path",
    "operands",
    "scan_inline",
]
