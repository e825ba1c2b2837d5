"""Walk a bash syntax tree in execution order and collect what runs.

The walker owns the state one analysis builds up: segments, pipelines, the
current directory, literal variables and function bodies. Statement nodes are
dispatched by type; simple commands are assembled in `commands.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from tree_sitter import Node

from . import commands, grammar
from .commands import build_command, build_declaration
from .dirs import DirSnapshot, DirState
from .emit import Feed, emit_plain, literal_output, unremarkable
from .flows import LoopBinding
from .frame import Frame, Origin, named_statements, rightmost_command
from .inline import scan_inline
from .model import InlineCode, Segment
from .redirects import dropped_words, render_redirects
from .words import GLOB, UNRESOLVED, WordRenderer, expand_braces

# Deepest syntactic nesting walked (subshells in subshells, $( in $( ...).
# It keeps Python's own recursion well inside its limit.
MAX_NESTING = 120
# Loop bodies walked once per literal item, over one whole analysis: enough for
# `for d in build dist; do …`, and a bound on nested loops.
MAX_LOOP_WALKS = 32
# Separators and newlines: the text is more than one plain command (or quotes one).
_SURELY_COMPOUND = re.compile(r"[\n\r|;&<>]")
# Words that start syntax rather than a simple command: the parser handles them.
_RESERVED_WORDS = frozenset(
    "if then elif else fi case esac for select while until do done in function time coproc "
    "! { } [[ ]] export declare local readonly typeset unset".split()
)


class Walker(WordRenderer):
    """Collects segments from one command string and the code nested in it."""

    __slots__ = (
        "segments", "pipelines", "inline", "parse_ok", "depth_exceeded", "max_depth", "home",
        "dirs", "variables", "functions", "expanding", "frame", "nesting", "trailing_redirects",
        "feeds", "already_run", "substitution_log", "executed", "aliases", "loop_walks",
        "loop_bindings",
    )

    def __init__(self, *, cwd: str | None, home: str | None, max_depth: int) -> None:
        self.segments: list[Segment] = []
        self.pipelines: list[list[int]] = []
        self.inline: list[InlineCode] = []
        self.parse_ok = True
        self.depth_exceeded = False
        self.max_depth = max_depth
        self.home = home
        self.dirs = DirState(cwd, home)
        self.variables: dict[str, str] = {}
        self.functions: dict[str, tuple[Node, Frame]] = {}
        self.aliases: dict[str, str] = {}
        self.expanding: set[str] = set()
        self.frame = Frame(b"")
        self.nesting = 0
        # Redirects that trail a list or pipeline, keyed by the command they bind to.
        self.trailing_redirects: dict[int, list[Node]] = {}
        # Outputs of literal `echo`/`printf` and roots of `find`, by (pipeline, position).
        self.feeds: dict[tuple[int, int], Feed] = {}
        # Substitutions the enclosing shell already ran, by source text.
        self.already_run: set[str] = set()
        # Source text of every substitution walked, in order.
        self.substitution_log: list[str] = []
        # (segment index, path) of files run as code.
        self.executed: list[tuple[int, str]] = []
        # Loop bodies walked once per literal item so far (bounded by MAX_LOOP_WALKS).
        self.loop_walks = 0
        # `for NAME in $(…)`: (first body segment, NAME, the substitutions' segments, the words).
        self.loop_bindings: list[LoopBinding] = []

    # -- entry points ------------------------------------------------------

    def walk_source(self, text: str, frame: Frame) -> None:
        """Parse `text` and walk it under `frame`."""
        previous = self.frame
        if not _SURELY_COMPOUND.search(text):
            line = text.strip(" \t")
            words = commands.plain_words(line) if line else None
            if words is not None and words[0] not in _RESERVED_WORDS:
                # One plain command: no need for the parser.
                self.frame = frame
                commands.emit_literal(self, words, line)
                self.frame = previous
                return
        root = grammar.parse(text).root_node
        self._walk_tree(root, frame)
        if root.has_error:
            self.parse_ok = False
            self._recover(text, frame)

    def _walk_tree(self, root: Node, frame: Frame) -> None:
        previous = self.frame
        self.frame = frame.reading(root.text or b"")
        self.statement(root)
        self.frame = previous

    def _recover(self, text: str, frame: Frame) -> None:
        """The grammar could not parse `text` whole (`[[ -d ~ ]] && rm -rf ~` defeats it),
        so what the error swallowed may still run: each command of its list (`split_list`)
        is walked again on its own. A part that still cannot be parsed is left as it is.
        Lines of a here-document in such a string are taken for commands too: for a string
        that cannot be read, that errs on the side of looking."""
        parts = split_list(text)
        if len(parts) < 2 or self.loop_walks >= MAX_LOOP_WALKS:
            return
        self.loop_walks += 1  # shares the loop budget: recovery cannot multiply work
        for part in parts:
            root = grammar.parse(part).root_node
            if not root.has_error:
                self._walk_tree(root, frame)

    def run_nested(
        self,
        code: str,
        context: str,
        same_shell: bool,
        origin: Origin,
        already_run: list[str],
        positional: tuple[str, ...] = (),
    ) -> None:
        """Walk a code string one level deeper, unless that passes max_depth.

        `already_run` holds substitutions the outer shell ran while building
        the string: they appear in it as text but do not run again.
        """
        depth = self.frame.depth + 1
        if depth > self.max_depth:
            self.depth_exceeded = True
            return
        if self.nesting >= MAX_NESTING:
            self.depth_exceeded = True
            return
        self.nesting += 1
        frame = self.frame.nested(
            context, origin.privileged, origin.implicit_targets, origin.background
        )
        previous_run = self.already_run
        self.already_run = set(already_run)
        if same_shell:
            self.walk_source(code, frame)
        else:
            saved = self._enter_shell()
            self.dirs.cwd = origin.cwd
            for number, value in enumerate(positional):
                self.variables[str(number)] = value
            self.walk_source(code, frame)
            self._leave_shell(saved)
        self.already_run = previous_run
        self.nesting -= 1

    def add_inline(self, code: InlineCode, origin: Origin) -> None:
        """Record interpreter source and walk the shell strings it executes."""
        self.inline.append(code)
        for finding in scan_inline(code):
            if finding.kind == "exec" and finding.argument:
                self.run_nested(finding.argument, "interpreter", False, origin, [])

    # -- statements --------------------------------------------------------

    def statement(self, node: Node) -> None:
        if self.nesting >= MAX_NESTING:
            self.depth_exceeded = True
            return
        self.nesting += 1
        handler = _HANDLERS.get(node.type)
        if handler is not None:
            handler(self, node)
        elif node.type != "comment":
            self._generic(node)
        self.nesting -= 1

    def _sequence(self, node: Node) -> None:
        """Statements in order; a trailing `&` puts the one before it in the background."""
        children = node.children
        count = len(children)
        for index, child in enumerate(children):
            if not child.is_named:
                continue
            if child.type == "comment":
                continue
            nxt = children[index + 1] if index + 1 < count else None
            if nxt is not None and nxt.type == "&" and not self.frame.background:
                previous = self.frame
                self.frame = previous.but(background=True)
                self.statement(child)
                self.frame = previous
            else:
                self.statement(child)

    def _compound(self, node: Node) -> None:
        first = node.children[0] if node.child_count else None
        if first is not None and first.type == "((":
            self.scan_substitutions(node)
            return
        raw = node.text or b""
        if raw[:1] == b"{" and raw[1:2] not in (b" ", b"\t", b"\n", b"\r", b""):
            # `{rm,-rf,/}` is one brace-expanded word, not a group.
            self._brace_word_command(grammar.decode(raw))
            return
        self._sequence(node)

    def _brace_word_command(self, text: str) -> None:
        parts = text.strip().split(None, 1)
        fields = expand_braces(parts[0].rstrip(";"))
        rewritten = " ".join(fields) + (" " + parts[1] if len(parts) > 1 else "")
        self.walk_source(rewritten, self.frame)

    def _subshell(self, node: Node) -> None:
        saved = self._enter_shell()
        self._sequence(node)
        self._leave_shell(saved)

    def _pipeline(self, node: Node) -> None:
        stages = self._stages(node)
        if len(stages) < 2:
            self._sequence(node)
            return
        index = len(self.pipelines)
        self.pipelines.append([])
        self.walk_stages(stages, index, 0)

    def _stages(self, node: Node) -> list[Node]:
        """The stages of a pipeline, flat. The grammar nests `a | b 2>&1 | c` as
        `(a | b) 2>&1` piped to c; bash gives the redirect to b, and a, b and c are
        stages of one pipeline."""
        stages: list[Node] = []
        for child in node.children:
            if not child.is_named or child.type == "comment":
                continue
            if child.type == "redirected_statement":
                body = child.child_by_field_name("body")
                target = rightmost_command(body) if body is not None and body.type == "pipeline" else None
                if body is not None and target is not None:
                    redirects = [c for c in child.children if c.type in _REDIRECTS]
                    self.trailing_redirects.setdefault(target.id, []).extend(redirects)
                    stages.extend(self._stages(body))
                    continue
            stages.append(child)
        return stages

    def walk_stages(self, stages: list[Node], index: int, first_position: int) -> None:
        """Each stage runs in its own subshell: what it changes does not outlive it."""
        previous = self.frame
        for offset, stage in enumerate(stages):
            self.frame = previous.at((index, first_position + offset))
            if stage.type == "command" and stage.id not in self.trailing_redirects:
                text = (stage.text or b"").decode("utf-8", grammar.ERRORS)
                words = commands.plain_words(text)
                if words is not None and unremarkable(self, words):
                    # Literal words running a plain tool: nothing to isolate.
                    emit_plain(self, words, text)
                    continue
            saved = self._enter_shell()
            self.statement(stage)
            self._leave_shell(saved)
        self.frame = previous

    def _redirected(self, node: Node) -> None:
        body = node.child_by_field_name("body")
        redirects = [c for c in node.children if c.type in _REDIRECTS]
        if body is None:
            build_command(self, node, [], [])
            return
        if body.type == "command":
            redirects = self.trailing_redirects.pop(body.id, []) + redirects
            tail = dropped_words(self.frame.doc, body, redirects)
            heredoc = any(r.type == "heredoc_redirect" for r in redirects)
            build_command(self, body, redirects, tail, source=body if heredoc else node)
            return
        if body.type in ("list", "pipeline", "negated_command", "redirected_statement"):
            target = rightmost_command(body)
            if target is not None:
                self.trailing_redirects.setdefault(target.id, []).extend(redirects)
                self.statement(body)
                return
        rendered = render_redirects(self, redirects)
        previous = self.frame
        self.frame = previous.but(redirects=previous.redirects + tuple(rendered.redirects))
        self.statement(body)
        self.frame = previous
        rendered.walk_continuations(self)

    def _conditional(self, node: Node) -> None:
        """if/while/for/case: bodies may not run, so a `cd` inside leaves cwd unknown."""
        before = self.dirs.cwd
        arithmetic = node.type == "c_style_for_statement"
        for child in named_statements(node):
            kind = child.type
            if arithmetic and kind not in ("do_group", "compound_statement"):
                self.scan_substitutions(child)
            elif kind in _HANDLERS or kind == "ERROR":
                self.statement(child)
            elif kind == "variable_name":
                self.variables.pop(grammar.node_text(child), None)
            else:
                self.render(child)
        if self.dirs.cwd != before:
            self.dirs.cwd = None

    def _for(self, node: Node) -> None:
        """`for NAME in WORDS; do BODY; done` with literal words: the body runs once per
        word with NAME set to it, so it is walked that way (`for d in build dist; do rm -rf
        $d; done` deletes build and dist). Words built at run time or globs, or more than
        the walk budget allows, leave NAME unknown and the body walked once."""
        name_node = node.child_by_field_name("variable")
        body = node.child_by_field_name("body")
        values = node.children_by_field_name("value")
        if name_node is None or body is None or not values:
            self._conditional(node)
            return
        before = self.dirs.cwd
        name = grammar.node_text(name_node)
        first = len(self.segments)
        words, flags = commands.render_words(self, values)
        literal = not any(f & (UNRESOLVED | GLOB) for f in flags)
        if literal and 0 < len(words) <= MAX_LOOP_WALKS - self.loop_walks:
            self.loop_walks += len(words)
            for word in words:
                self.variables[name] = word
                self.statement(body)
        else:
            self.variables.pop(name, None)
            made = tuple(range(first, len(self.segments)))
            if made or any("$" in w for w in words):  # NAME holds what they print or copy
                self.loop_bindings.append((len(self.segments), name, made, " ".join(words)))
            self.statement(body)
        if self.dirs.cwd != before:
            self.dirs.cwd = None

    def _case_item(self, node: Node) -> None:
        for child in named_statements(node):
            if child.type in _HANDLERS or child.type == "ERROR":
                self.statement(child)
            else:
                self.render(child)

    def _function_definition(self, node: Node) -> None:
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if name is not None and body is not None:
            self.functions[grammar.node_text(name)] = (body, self.frame)

    def call_function(self, name: str) -> bool:
        """Walk the body of a function defined earlier; False if there is none."""
        entry = self.functions.get(name)
        if entry is None or name in self.expanding:
            return entry is not None
        body, defined = entry
        self.expanding.add(name)
        previous = self.frame
        self.frame = previous.reading(defined.doc)
        self.statement(body)
        self.frame = previous
        self.expanding.discard(name)
        return True

    def _test(self, node: Node) -> None:
        self.scan_substitutions(node)

    def _generic(self, node: Node) -> None:
        """ERROR nodes and anything unexpected: walk what still looks like code."""
        if node.type == "ERROR":
            self.parse_ok = False
        for child in node.children:
            if child.type in _HANDLERS:
                self.statement(child)
            elif child.type in _SUBST_TYPES:
                self.on_substitution(child, "subst")
            elif child.child_count:
                self.scan_substitutions(child)

    def _command(self, node: Node) -> None:
        build_command(self, node, self.trailing_redirects.pop(node.id, []), [])

    def _declaration(self, node: Node) -> None:
        build_declaration(self, node)

    def _assignments(self, node: Node) -> None:
        if node.type == "variable_assignments":
            for child in node.named_children:
                build_command(self, child, [], [])
        else:
            build_command(self, node, [], [])

    # -- substitutions -----------------------------------------------------

    def on_substitution(self, node: Node, kind: str) -> str | None:
        """Walk `$(...)`, backticks or `<(...)`; return the output if it is a literal."""
        text = (node.text or b"").decode("utf-8", grammar.ERRORS)
        if text in self.already_run:
            return None
        self.substitution_log.append(text)
        if self.nesting >= MAX_NESTING:
            self.depth_exceeded = True
            return None
        self.nesting += 1
        saved = self._enter_shell()
        previous = self.frame
        self.frame = previous.substitution(kind)
        first = len(self.segments)
        read = _lone_input(node)
        if read is not None:
            self.walk_source("cat " + read, self.frame)  # `$(< f)` is bash's `$(cat f)`
            if len(self.segments) == first + 1:
                # Its source is the redirection as written, so the command whose words
                # hold the output is found by it (`curl -d "$(< f)"`).
                inner = text[2:-1].strip() if text.startswith("$(") else text
                self.segments[first] = replace(self.segments[first], source=inner)
        else:
            self._sequence(node)
        self.frame = previous
        self._leave_shell(saved)
        self.nesting -= 1
        if kind != "subst" or len(self.segments) != first + 1:
            return None
        return literal_output(self.segments[first])

    # -- subshell isolation --------------------------------------------------

    def _enter_shell(self) -> tuple[DirSnapshot, dict[str, str] | None]:
        return self.dirs.snapshot(), (dict(self.variables) if self.variables else None)

    def _leave_shell(self, saved: tuple[DirSnapshot, dict[str, str] | None]) -> None:
        snap, variables = saved
        self.dirs.restore(snap)
        if variables is None:
            if self.variables:
                self.variables.clear()
        elif variables != self.variables:
            self.variables.clear()
            self.variables.update(variables)

    # -- emission ------------------------------------------------------------

    def new_pipeline(self) -> int:
        self.pipelines.append([])
        return len(self.pipelines) - 1

    def place(self) -> tuple[int, int]:
        """(pipeline, position) for the next segment."""
        pipe = self.frame.pipe
        if pipe is not None:
            return pipe
        return self.new_pipeline(), 0

    def add_segment(self, segment: Segment) -> int:
        index = len(self.segments)
        self.segments.append(segment)
        self.pipelines[segment.pipeline].append(index)
        return index


def _lone_input(node: Node) -> str | None:
    """The file of `$(< file)`: a substitution that is one input redirection."""
    named = node.named_children
    if len(named) != 1 or named[0].type != "file_redirect":
        return None
    redirect = named[0]
    operators = [c.type for c in redirect.children if not c.is_named]
    target = redirect.child_by_field_name("destination")
    if operators != ["<"] or target is None:
        return None
    return (target.text or b"").decode("utf-8", grammar.ERRORS)


_REDIRECTS = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect"})
_SUBST_TYPES = frozenset({"command_substitution", "process_substitution"})

_HANDLERS: dict[str, Callable[[Walker, Node], None]] = {
    "program": Walker._sequence,
    "compound_statement": Walker._compound,
    "do_group": Walker._sequence,
    "else_clause": Walker._sequence,
    "elif_clause": Walker._conditional,
    "list": Walker._sequence,
    "negated_command": Walker._sequence,
    "subshell": Walker._subshell,
    "pipeline": Walker._pipeline,
    "redirected_statement": Walker._redirected,
    "if_statement": Walker._conditional,
    "while_statement": Walker._conditional,
    "for_statement": Walker._for,
    "c_style_for_statement": Walker._conditional,
    "case_statement": Walker._conditional,
    "case_item": Walker._case_item,
    "function_definition": Walker._function_definition,
    "test_command": Walker._test,
    "command": Walker._command,
    "declaration_command": Walker._declaration,
    "unset_command": Walker._declaration,
    "variable_assignment": Walker._assignments,
    "variable_assignments": Walker._assignments,
}


def split_list(text: str) -> list[str]:
    """`text` split at the list operators bash would see (`;`, `&`, `&&`, `||`, newline)
    outside quotes and escapes, pipelines kept whole; each part without the grouping and
    keywords around it (`{`, `(`, `then`, `do`, `}`, `fi`, ...); empty parts dropped."""
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if quote:
            current.append(ch)
            if ch == "\\" and quote == '"' and nxt:
                current.append(nxt)
                i += 1
            elif ch == quote:
                quote = ""
        elif ch == "\\" and nxt:
            current.extend((ch, nxt))
            i += 1
        elif ch in "'\"":
            quote = ch
            current.append(ch)
        elif ch in ";\n" or (ch == "|" and nxt == "|") or (
            ch == "&" and (nxt == "&" or (nxt != ">" and (not current or current[-1] not in "<>")))
        ):
            parts.append("".join(current))
            current = []
            i += 1 if ch in "|&" and nxt == ch else 0
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return [p for p in (_ungrouped(part) for part in parts) if p]


_GROUP_OPENERS = re.compile(r"^(?:\s*(?:[{(!]|then|do|else|elif|if|while|until|time)(?=\s))+\s*")
_GROUP_CLOSERS = re.compile(r"(?:\s+(?:[})]|fi|done|esac))+\s*$|\s*\)+\s*$")


def _ungrouped(part: str) -> str:
    return _GROUP_CLOSERS.sub("", _GROUP_OPENERS.sub("", part.strip())).strip()
