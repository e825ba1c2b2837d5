"""Turn a rendered command into a segment, and follow the code it launches.

This is the hot path of `analyze`: it runs once per simple command, so it
avoids building objects it does not need (no `Peeled` unless a wrapper is
present, no `Launch` unless the command starts code).
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, NamedTuple

from .dirs import resolve_dir
from .effects import echo_words, output_text, printf_output
from .embedded import EMBEDDERS, embedded_code, git_environment_settings, git_setting, makefile_commands
from .frame import Origin
from .launchers import LAUNCHER_NAMES, POWERSHELL, SHELLS, Launch, describe_launch
from .model import InlineCode, Redirect, Segment, SegmentFields, new_segment
from .redirects import NO_REDIRECTS, RenderedRedirects
from .words import DYNAMIC, GLOB, UNRESOLVED
from .wrappers import WRAPPERS, Peeled, fold_command, peel

if TYPE_CHECKING:
    from .walker import Walker

_DIRECTORY_COMMANDS = frozenset({"cd", "pushd", "popd"})
_TRANSPARENT = frozenset({"builtin", "command", "time"})
_FEEDERS = frozenset({"echo", "printf", "cat", "find"})
_AFTER_EFFECTS = frozenset({"cd", "pushd", "popd", "read", "alias"})
_PACKAGE_RUNNERS = frozenset({"npm", "yarn", "pnpm", "bun"})
_RUNS_PROJECT_FILES = frozenset({"make", *_PACKAGE_RUNNERS})
_MAKEFILES = ("Makefile", "makefile", "GNUmakefile")
# Names whose segment needs a second look after it is emitted.
_NOTABLE = _FEEDERS | _AFTER_EFFECTS | _RUNS_PROJECT_FILES
_COPIERS = frozenset({"tee"})  # what they write is what a feeder gave them
_REMARKABLE = _NOTABLE | _COPIERS | (LAUNCHER_NAMES - EMBEDDERS.keys()) | frozenset(WRAPPERS)
# Tools that are remarkable only when their words hand over code (`git -c …`).
_CODE_IN_OPTIONS = EMBEDDERS.keys() - _REMARKABLE
_MAX_FEED_ITEMS = 64


class Feed(NamedTuple):
    """What an earlier pipeline stage is known to write to the next one."""

    text: str | None = None
    roots: tuple[str, ...] = ()


class Spawn(NamedTuple):
    """A rendered word list about to run, with what its caller already knows."""

    words: list[str]
    flags: list[int]
    source: str
    assignments: list[tuple[str, str]]
    redirects: RenderedRedirects
    # Substitutions the enclosing shell ran while rendering these words.
    substitutions: list[str]
    context: str | None = None
    implicit_targets: tuple[str, ...] | None = None
    own_pipeline: bool = False


def emit_command(walker: Walker, spawn: Spawn) -> None:
    """Emit the segment for `spawn`; a command of only assignments or redirects too."""
    if spawn.words:
        run_words(walker, spawn)
        return
    place = walker.place()
    rendered = spawn.redirects
    fields = _frame_fields(walker, (), "", spawn.source, place)
    fields["assignments"] = tuple(spawn.assignments)
    fields["redirects"] += tuple(rendered.redirects)
    fields["stdin_text"] = rendered.stdin
    segment = new_segment(fields)
    walker.add_segment(segment)
    if segment.assignments:
        _follow_command_variables(walker, segment, spawn.substitutions)
    if rendered.pipe_stages or rendered.rest:
        rendered.walk_continuations(walker, place)


def unremarkable(walker: Walker, words: list[str]) -> bool:
    """Literal words running a command that wraps, launches, feeds and changes nothing we
    track. `git status` and `tar -xzf a.tgz` are: only some of their words hand over code
    (`git -c core.pager=…`), so those tools stay on this path unless theirs do."""
    name = words[0]
    if name in _CODE_IN_OPTIONS and name not in walker.functions and name not in walker.aliases:
        code, inline = embedded_code(name, words)
        return not code and not inline
    return not (
        name in _REMARKABLE
        or "/" in name
        or "." in name
        or name[:2] == "py"
        or (not name.islower() and name.lower() in POWERSHELL)  # `PWSH`: the case does not matter
        or name in walker.functions
        or name in walker.aliases
    )


def emit_plain(walker: Walker, words: list[str], source: str) -> None:
    """Emit a segment of literal words whose name is `unremarkable`: the hot path."""
    place = walker.frame.pipe
    if place is None:
        place = (walker.new_pipeline(), 0)
    argv = tuple(words)
    walker.add_segment(new_segment(_frame_fields(walker, argv, argv[0], source, place)))


def _frame_fields(
    walker: Walker, argv: tuple[str, ...], name: str, source: str, place: tuple[int, int]
) -> SegmentFields:
    """A segment of literal `argv` run in the current frame: no assignments, wrappers
    or stdin of its own, the frame's redirects. Callers fill in what else they know."""
    frame = walker.frame
    return {
        "argv": argv,
        "name": name,
        "text": " ".join(argv),
        "source": source,
        "assignments": (),
        "redirects": frame.redirects,
        "wrappers": (),
        "privileged": frame.privileged,
        "dynamic": False,
        "context": frame.context,
        "depth": frame.depth,
        "cwd": walker.dirs.cwd,
        "pipeline": place[0],
        "position": place[1],
        "background": frame.background,
        "stdin_text": None,
        "implicit_targets": frame.implicit_targets,
    }


def run_words(walker: Walker, spawn: Spawn) -> None:
    """Peel wrappers off `spawn.words`, emit the segment, then follow what it runs."""
    frame = walker.frame
    rendered = spawn.redirects
    place = frame.pipe
    if place is None or spawn.own_pipeline:
        place = (walker.new_pipeline(), 0)
    feed = walker.feeds.get((place[0], place[1] - 1)) if place[1] else None
    implicit = frame.implicit_targets if spawn.implicit_targets is None else spawn.implicit_targets
    words, flags = spawn.words, spawn.flags
    argv0, name = fold_command(words[0])
    peeled = peel(words, flags) if name in WRAPPERS else None
    if peeled is not None:
        if feed is None and rendered.stdin is not None:  # `xargs … <<< items`, `<<EOF`
            feed = Feed(text=rendered.stdin)
        implicit = _finish_peel(peeled, feed, implicit)
        words, flags = peeled.words, peeled.flags
        argv0, name = fold_command(words[0])
    first = flags[0]
    if first & (UNRESOLVED | GLOB):
        name = ""
    launch = None
    if name in LAUNCHER_NAMES or "/" in words[0] or name[:2] == "py" or name.lower() in POWERSHELL:
        launch = describe_launch(name, words)
        if launch is not None and launch.find_deletes:
            implicit = launch.find_roots
    fields = _frame_fields(walker, (argv0, *words[1:]), name, spawn.source, place)
    fields["assignments"] = tuple(spawn.assignments)
    fields["redirects"] += tuple(rendered.redirects)
    fields["dynamic"] = bool(first & (DYNAMIC | GLOB))
    fields["context"] = spawn.context or frame.context
    if launch is None or not launch.reads_code():
        fields["stdin_text"] = rendered.stdin
        if name == "tee" and rendered.stdin is None and feed is not None:
            fields["stdin_text"] = feed.text  # `echo x | tee f`: what it copies is known
    fields["implicit_targets"] = implicit
    if peeled is not None:
        _apply_peel(walker, fields, peeled)
    segment = new_segment(fields)
    index = walker.add_segment(segment)
    if segment.assignments:
        _follow_command_variables(walker, segment, spawn.substitutions)
    if (
        launch is not None
        or name in _NOTABLE
        or rendered.pipe_stages
        or rendered.rest
        or name in walker.functions
        or name in walker.aliases
    ):
        _afterwards(walker, index, segment, spawn, peeled, launch, feed)


def _apply_peel(walker: Walker, fields: SegmentFields, peeled: Peeled) -> None:
    """What the peeled wrappers change about the segment."""
    fields["wrappers"] = tuple(peeled.wrappers)
    fields["assignments"] += tuple(peeled.assignments)
    fields["privileged"] = fields["privileged"] or peeled.privileged
    if peeled.context is not None:
        fields["context"] = peeled.context
    if peeled.chdir is not None:
        fields["cwd"] = resolve_dir(walker.dirs.cwd, peeled.chdir, walker.home)
    if peeled.items_file is not None:  # `xargs -a FILE cmd` reads FILE as `xargs cmd < FILE` would
        fields["redirects"] += (Redirect("<", peeled.items_file),)


def _afterwards(
    walker: Walker,
    index: int,
    segment: Segment,
    spawn: Spawn,
    peeled: Peeled | None,
    launch: Launch | None,
    feed: Feed | None,
) -> None:
    """What running `segment` changes or starts, in the order bash would see it."""
    name = segment.name
    place = (segment.pipeline, segment.position)
    if name in _FEEDERS and (walker.frame.pipe is not None or spawn.redirects.pipe_stages):
        _record_feed(walker, segment, launch, place)
    if name in _AFTER_EFFECTS or name in walker.functions or name in walker.aliases:
        _after_effects(walker, segment, peeled)
    if launch is not None or name in _RUNS_PROJECT_FILES:
        _record_executed(walker, index, segment, launch)
    if launch is not None:
        _follow_launch(walker, index, segment, launch, spawn, feed, peeled)
    rendered = spawn.redirects
    if rendered.pipe_stages or rendered.rest:
        rendered.walk_continuations(walker, place)


def _finish_peel(
    peeled: Peeled, feed: Feed | None, implicit: tuple[str, ...]
) -> tuple[str, ...]:
    """Fill in what xargs/parallel receive; return the implicit targets."""
    if peeled.context is not None and feed is not None and peeled.items_file is None:
        implicit = _apply_feed(peeled, feed) or implicit
    if peeled.appended:
        peeled.words.extend(peeled.appended)
        peeled.flags.extend([0] * len(peeled.appended))
    return implicit


def _found_items(peeled: Peeled, placeholder: str | None) -> None:
    """Where xargs/parallel put what `find` finds, spelled `{}` as `find -exec` spells it,
    so the found paths stand there (`find ~/.ssh | xargs -I% curl -F f=@% …`). Without a
    replace string, xargs adds the items at the end, and so does parallel without `{}`."""
    if placeholder is not None and placeholder != "{}":
        peeled.words[:] = [w.replace(placeholder, "{}") for w in peeled.words]
    elif placeholder is None or not any("{}" in w for w in peeled.words[1:]):
        peeled.words.append("{}")
        peeled.flags.append(0)


# A NUL ends an item too: `printf '%s\0' … | xargs -0` (no file name holds one).
_ITEMS = re.compile(r"[\s\x00]+")
_LINES = re.compile(r"\r?\n|\x00")


def _apply_feed(peeled: Peeled, feed: Feed) -> tuple[str, ...]:
    """xargs/parallel fed by a literal `echo` or by `find`: fill in the items."""
    placeholder = peeled.placeholder
    if feed.text is None:
        _found_items(peeled, placeholder)
        return feed.roots
    if placeholder is not None and (
        peeled.context == "xargs" or any(placeholder in word for word in peeled.words)
    ):
        lines = [line for line in _LINES.split(feed.text) if line.strip()]
        item = lines[0] if lines else ""
        peeled.words[:] = [w.replace(placeholder, item) for w in peeled.words]
        return tuple(lines[:_MAX_FEED_ITEMS])
    items = [item for item in _ITEMS.split(feed.text) if item][:_MAX_FEED_ITEMS]
    peeled.words.extend(items)
    peeled.flags.extend([0] * len(items))
    return tuple(items)


def _record_executed(
    walker: Walker, index: int, segment: Segment, launch: Launch | None
) -> None:
    """Files this segment runs as code, for write-then-execute detection."""
    executed = walker.executed
    if launch is not None and launch.script is not None:
        executed.append((index, launch.script))
    if launch is not None and launch.stdin_shell is not None:
        executed.extend((index, r.target) for r in segment.redirects if r.op == "<")
    if segment.name == "make":
        executed.extend((index, name) for name in _MAKEFILES)
    elif segment.name in _PACKAGE_RUNNERS:
        executed.append((index, "package.json"))


def _record_feed(
    walker: Walker, segment: Segment, launch: Launch | None, place: tuple[int, int]
) -> None:
    """Remember what this stage writes to the next one, when the command shows it."""
    if segment.name in ("echo", "printf"):
        text = literal_output(segment)
        if text is not None:
            walker.feeds[place] = Feed(text=text)
    elif segment.name == "cat" and len(segment.argv) == 1 and segment.stdin_text is not None:
        walker.feeds[place] = Feed(text=segment.stdin_text)
    elif segment.name == "find" and launch is not None:
        walker.feeds[place] = Feed(roots=launch.find_roots)


def _after_effects(walker: Walker, segment: Segment, peeled: Peeled | None) -> None:
    """`cd` moves, `read` forgets a variable, a function or alias runs its body."""
    name = segment.name
    if peeled is not None and not set(peeled.wrappers) <= _TRANSPARENT:
        return
    if name in _DIRECTORY_COMMANDS:
        walker.dirs.apply(name, list(segment.argv[1:]))
    elif name == "read":
        for word in segment.argv[1:]:
            walker.variables.pop(word, None)
    elif name == "alias":
        for word in segment.argv[1:]:
            alias, equals, value = word.partition("=")
            if equals:
                walker.aliases[alias] = value
    elif name in walker.aliases and name not in walker.expanding:
        # Aliases only expand where enabled; assume they are, as an agent's shell may do.
        origin = Origin(segment.cwd, segment.privileged, segment.implicit_targets,
                        segment.background)
        walker.expanding.add(name)
        code = " ".join((walker.aliases[name], *segment.argv[1:]))
        walker.run_nested(code, "eval", True, origin, [])
        walker.expanding.discard(name)
    else:
        walker.call_function(name)


def _follow_launch(
    walker: Walker,
    index: int,
    segment: Segment,
    launch: Launch,
    spawn: Spawn,
    feed: Feed | None,
    peeled: Peeled | None,
) -> None:
    """Walk the code `segment` starts: strings, stdin, interpreter source, find -exec."""
    origin = Origin(
        segment.cwd,
        segment.privileged or launch.privileged,
        segment.implicit_targets,
        segment.background,
    )
    placeholders = {"{}", (peeled and peeled.placeholder) or "{}"}
    ran = spawn.substitutions
    for context, code in launch.shell_code:
        if code in placeholders:
            _emit_placeholder(walker, segment, code)
        else:
            walker.run_nested(code, context, launch.same_shell, origin, ran, launch.positional)
    stdin = spawn.redirects.stdin
    if stdin is None and feed is not None:
        stdin = feed.text
    if stdin is not None and launch.stdin_shell is not None:
        same = launch.stdin_shell == "source"
        walker.run_nested(stdin, launch.stdin_shell, same, origin, ran)
    if stdin is not None and launch.stdin_language is not None:
        walker.add_inline(InlineCode(launch.stdin_language, stdin, index), origin)
    if stdin is not None and launch.stdin_makefile:
        for code in makefile_commands(stdin):
            walker.run_nested(code, "shell-c", False, origin, ran)
    if stdin is not None and launch.stdin_escapes is not None:
        for code in launch.stdin_escapes(stdin):
            walker.run_nested(code, "shell-c", False, origin, ran)
    for language, code in launch.inline:
        walker.add_inline(InlineCode(language, code, index), origin)
    script = launch.script
    if script and script.startswith("<(") and script.endswith(")") and (
        segment.name in SHELLS or segment.name in ("source", ".")
    ):
        # `sh <(echo 'rm -rf ~')`, `. <(printf …)`: the script is what the substitution
        # prints, and when that is literal it is code like any other.
        inner = script[2:-1].strip()
        printer = next(
            (s for s in walker.segments if s.context == "procsub" and s.source == inner), None
        )
        text = output_text(printer) if printer is not None else None
        if text:
            walker.run_nested(text, "shell-c", launch.same_shell, origin, ran)
    words = spawn.words if peeled is None else peeled.words
    flags = spawn.flags if peeled is None else peeled.flags
    for start, end in launch.spawned:
        found = Spawn(
            words[start:end],
            flags[start:end],
            segment.source,
            [],
            NO_REDIRECTS,
            [],
            context="find-exec",
            implicit_targets=launch.find_roots,
            own_pipeline=True,
        )
        run_words(walker, found)


# Environment variables whose value programs run as a command: git's and ssh's helpers,
# pagers and editors, less's input filters.
COMMAND_VARIABLES = frozenset(
    {"GIT_SSH_COMMAND", "GIT_SSH", "GIT_PAGER", "PAGER", "GIT_EDITOR", "EDITOR", "VISUAL",
     "GIT_SEQUENCE_EDITOR", "GIT_EXTERNAL_DIFF", "GIT_ASKPASS", "SSH_ASKPASS", "SUDO_ASKPASS",
     "GIT_PROXY_COMMAND", "LESSOPEN", "LESSCLOSE", "MANPAGER", "SYSTEMD_PAGER", "BROWSER",
     "PROMPT_COMMAND", "FCEDIT"}
)


def _follow_command_variables(walker: Walker, segment: Segment, ran: list[str]) -> None:
    """`GIT_SSH_COMMAND='…' git fetch`, `export PAGER='…'`, `env GIT_PAGER='…' git log`:
    the value is a command some program will run, so it is walked as one."""
    origin = Origin(segment.cwd, segment.privileged, segment.implicit_targets, segment.background)
    for name, value in segment.assignments:
        if name in COMMAND_VARIABLES:
            code = value.lstrip("|").replace("%s", "").strip()  # LESSOPEN='|filter %s'
            if code:
                walker.run_nested(code, "shell-c", False, origin, ran)
    # git's settings given through its environment run as `git -c KEY=CMD` would.
    for key, value in git_environment_settings(segment.assignments):
        command = git_setting(key, value)
        if command:
            walker.run_nested(command, "shell-c", False, origin, ran)


def _emit_placeholder(walker: Walker, launcher: Segment, code: str) -> None:
    """`xargs sh -c {}`: the code arrives at run time, so its name is unknown."""
    if launcher.depth + 1 > walker.max_depth:
        walker.depth_exceeded = True
        return
    fields: SegmentFields = {
        "argv": (code,),
        "name": "",
        "text": code,
        "source": launcher.source,
        "assignments": (),
        "redirects": (),
        "wrappers": (),
        "privileged": launcher.privileged,
        "dynamic": True,
        "context": "shell-c",
        "depth": launcher.depth + 1,
        "cwd": launcher.cwd,
        "pipeline": walker.new_pipeline(),
        "position": 0,
        "background": launcher.background,
        "stdin_text": None,
        "implicit_targets": launcher.implicit_targets,
    }
    walker.add_segment(new_segment(fields))


def literal_output(segment: Segment) -> str | None:
    """What a plain `echo`/`printf` with literal words prints, or `pwd` and `dirname` where
    the directory is known (`rm -rf "$(pwd)/.."`), else None."""
    if segment.dynamic or segment.redirects:
        return None
    args = list(segment.argv[1:])
    if segment.name in ("pwd", "dirname"):
        return _directory_output(segment.name, args, segment.cwd)
    if segment.name not in ("echo", "printf"):
        return None
    if any("$" in a or "`" in a for a in args):
        return None
    if segment.name == "echo":
        return " ".join(echo_words(args))
    return printf_output(args) if args else None


def _directory_output(name: str, args: list[str], cwd: str | None) -> str | None:
    known = cwd is not None and cwd.startswith("/")
    if name == "pwd":
        return cwd if known and all(a in ("-L", "-P") for a in args) else None
    if len(args) != 1:
        return None
    path = args[0]
    for spelling in ("$PWD", "${PWD}"):
        if known and (path == spelling or path.startswith(spelling + "/")):
            path = f"{cwd}{path[len(spelling):]}"
    if not path or "$" in path or "`" in path or "{}" in path or path.startswith("-"):
        return None  # built at run time, or each path find finds
    trimmed = path.rstrip("/")
    if not trimmed:
        return "/"
    return posixpath.dirname(trimmed).rstrip("/") or ("/" if trimmed.startswith("/") else ".")
