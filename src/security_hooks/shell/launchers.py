"""Commands that run other code: shells, interpreters, `eval`, `trap`, `find -exec`.

`describe_launch` looks at one peeled command and says what code it starts:
shell strings to parse again, interpreter source, commands spawned by `find`,
and the script file it runs. It only reads the words; the walker acts on it.
"""

from __future__ import annotations

import base64
import binascii
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass

from .embedded import EMBEDDERS, embedded_code
from .options import COMMAND_OPTIONS, find_roots, leading_options_end, option_value, spec
from .sql_clients import SQL_CLIENTS, sql_client
from .wrappers import WATCH_OPTIONS, short_letters

SHELLS = frozenset(
    {"bash", "sh", "zsh", "dash", "ksh", "mksh", "ash", "yash", "rbash", "fish", "tcsh", "csh",
     "ksh93", "posh", "oksh", "loksh", "bosh"}
)
_PYTHON = re.compile(r"^(?:python|pypy)(?:\d+(?:\.\d+)*)?[a-z]?$")
POWERSHELL = frozenset({"pwsh", "powershell", "pwsh-preview"})
_NODE = frozenset({"node", "nodejs"})
# Letters of a perl/ruby cluster whose value is the rest of the cluster.
_ATTACHED_VALUE = {"perl": "iIMmxdDC", "ruby": "iIrxCEFKTW"}
# Letters followed by optional digits only (`-l`, `-0777`).
_DIGIT_VALUE = {"perl": "l0", "ruby": "0"}
_SEPARATE_VALUE = {"perl": "", "ruby": "rICEF"}
_FIND_ACTIONS = frozenset({"-exec", "-execdir", "-ok", "-okdir"})
_PLACEHOLDER = "{}"


@dataclass(slots=True)
class Launch:
    """The code one command starts."""

    # (context, code) pairs: shell source to parse again.
    shell_code: tuple[tuple[str, str], ...] = ()
    # Context under which the command's stdin is shell code (`bash <<EOF`), if so.
    stdin_shell: str | None = None
    # Language of an interpreter that reads its program from stdin.
    stdin_language: str | None = None
    # (language, source) given on the command line.
    inline: tuple[tuple[str, str], ...] = ()
    # Commands `find` runs for each match, as (start, end) slices of the words.
    spawned: tuple[tuple[int, int], ...] = ()
    # The script file run (`bash s.sh`, `python s.py`, `source s.sh`, `./s.sh`).
    script: str | None = None
    # The string runs in this very shell (eval, trap, source): `cd` in it persists.
    same_shell: bool = False
    # Roots `find` works on, when it deletes or spawns.
    find_roots: tuple[str, ...] = ()
    find_deletes: bool = False
    # The code runs as another user (`su -c`).
    privileged: bool = False
    # `$0`, `$1`, ... of a shell string (`sh -c CODE NAME ARG...`).
    positional: tuple[str, ...] = ()
    # Its stdin is a makefile, whose recipes are shell code (`make -f - <<EOF`).
    stdin_makefile: bool = False
    # Its stdin is a script in a language of its own (SQL), whose escapes this finds
    # (`sqlite3 db <<EOF` with `.shell CMD` in it). The rest of the script is data.
    stdin_escapes: Callable[[str], list[str]] | None = None

    def reads_code(self) -> bool:
        """Its stdin is a program, not data."""
        return self.stdin_shell is not None or self.stdin_language is not None or self.stdin_makefile


# Names worth a closer look; anything else starts no code we can see.
_LUA = frozenset({"lua", "luajit", "lua5.1", "lua5.2", "lua5.3", "lua5.4"})
_AWK = frozenset({"awk", "gawk", "mawk", "nawk"})
_DEBUGGERS = frozenset({"gdb", "lldb"})
_R = frozenset({"Rscript", "R"})
# Interpreters whose one-liner is the value of a flag: name -> (language, flags).
_FLAG_CODE = {
    "php": ("php", ("-r", "--run")),
    "julia": ("julia", ("-e", "-E", "--eval", "--print")),
    **{name: ("lua", ("-e",)) for name in _LUA},
}
LAUNCHER_NAMES = SHELLS | POWERSHELL | _NODE | _AWK | _DEBUGGERS | SQL_CLIENTS | _R | set(EMBEDDERS) | {
    *_FLAG_CODE, "eval", "trap", "source", ".", "su", "watch", "find", "perl", "ruby", "deno", "at", "batch",
    "osascript",
    "bun", "python", "python2", "python3", "pypy", "pypy3",
    *(f"python3.{minor}" for minor in range(6, 16)),
}


def describe_launch(name: str, words: list[str]) -> Launch | None:
    """What code the command `words` (peeled; `name` is words[0] folded) starts.

    None when it starts nothing we can see, the common case.
    """
    if name not in LAUNCHER_NAMES and "/" not in words[0] and not _PYTHON.match(name) and (
        name.lower() not in POWERSHELL  # `PWSH`: PowerShell's name is case-insensitive
    ):
        return None
    launch = Launch()
    if name in EMBEDDERS:
        code, inline = embedded_code(name, words)
        launch.stdin_makefile = name in _MAKES and _makefile_from_stdin(words)
        if not code and not inline and not launch.stdin_makefile and "/" not in words[0]:
            return None  # `git status`, `tar -xzf a.tgz`: the common case
        launch.shell_code += tuple(("shell-c", c) for c in code)
        launch.inline += tuple(inline)
    elif name == "fish":
        _fish(words, launch)
    elif name in SHELLS:
        _shell(words, launch)
    elif name == "eval":
        _eval(words, launch)
    elif name == "trap":
        _trap(words, launch)
    elif name in ("source", "."):
        _source(words, launch)
    elif name == "su":
        _su(words, launch)
    elif name == "watch":
        _watch(words, launch)
    elif name in ("at", "batch"):
        _at(words, launch)
    elif name == "find":
        _find(words, launch)
    else:
        _interpreter(name, words, launch)
    if launch.script is None and "/" in words[0]:
        launch.script = words[0]
    return launch


_MAKES = frozenset({"make", "gmake"})
_STDIN_FILES = ("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")


def _makefile_from_stdin(words: list[str]) -> bool:
    """`make -f -` and the other spellings of reading the makefile from stdin."""
    make = COMMAND_OPTIONS["make"]
    return any(value in _STDIN_FILES for value in option_value(words[1:], "f", "file", make)) or any(
        value in _STDIN_FILES for value in option_value(words[1:], "", "makefile", make)
    )


def _eval(words: list[str], launch: Launch) -> None:
    args = words[2:] if words[1:2] == ["--"] else words[1:]
    if args:
        launch.shell_code += (("eval", " ".join(args)),)
    launch.same_shell = True


def _shell(words: list[str], launch: Launch) -> None:
    i, command_mode, stdin_mode = 1, False, False
    n = len(words)
    while i < n:
        word = words[i]
        if word in ("-", "--"):
            i += 1
            break
        if word in ("--rcfile", "--init-file", "--init-command"):
            i += 2
            continue
        if word.startswith("--") or len(word) < 2 or word[0] not in "-+":
            if word.startswith("--"):
                i += 1
                continue
            break
        letters = word[1:]
        command_mode = command_mode or "c" in letters
        stdin_mode = stdin_mode or "s" in letters
        i += 2 if letters[-1] in "oOC" else 1
    if command_mode:
        if i < n:
            launch.shell_code += (("shell-c", words[i]),)
            launch.positional = tuple(words[i + 1 :])
        else:
            launch.shell_code += (("shell-c", _PLACEHOLDER),)
    elif stdin_mode or i >= n:
        launch.stdin_shell = "heredoc"
    else:
        launch.script = words[i]


_FISH_CODE = ("--command", "--init-command")
_FISH_VALUE = frozenset("pdoDf")


def _fish(words: list[str], launch: Launch) -> None:
    """fish runs the strings of `-c`, `-C`, `--command=` and `--init-command=` (long options
    may be abbreviated: `--com=`) given before its script; with none of them, the script
    or stdin."""
    script: str | None = None
    i = 1
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        head, eq, value = word.partition("=")
        if len(head) > 2 and head.startswith("--") and any(long.startswith(head) for long in _FISH_CODE):
            code = value if eq else nxt
            i += 1 if eq else 2
        elif word.startswith("-") and not word.startswith("--") and len(word) > 1:
            letters = word[1:]
            at = next((k for k, c in enumerate(letters) if c in "cC" or c in _FISH_VALUE), None)
            if at is None or letters[at] in _FISH_VALUE:
                i += 1 if at is None or at + 1 < len(letters) else 2
                continue
            code = letters[at + 1 :] or nxt
            i += 1 if letters[at + 1 :] else 2
        else:
            if not word.startswith("-") or word == "-":
                script = word  # options end at the script: the rest are its arguments
                break
            i += 1
            continue
        if code:
            launch.shell_code += (("shell-c", code),)
    if not launch.shell_code:
        if script is None or script == "-":
            launch.stdin_shell = "heredoc"
        else:
            launch.script = script


_AT_NO_JOB = frozenset("lrdc")  # list, remove, delete, cat: no new job


def _at(words: list[str], launch: Launch) -> None:
    """`at TIME` and `batch` read the job's commands from stdin, or `-f FILE`."""
    options = [w for w in words[1:] if w.startswith("-")]
    if any(set(w[1:]) & _AT_NO_JOB for w in options if not w.startswith("--")):
        return
    script = option_value(words[1:], "f", "")
    if script:
        launch.script = script[-1]
    else:
        launch.stdin_shell = "heredoc"


def _trap(words: list[str], launch: Launch) -> None:
    launch.same_shell = True
    operands = [w for w in words[1:] if not w.startswith("-") or w == "-"]
    if len(operands) < 2 or operands[0] == "-":
        return
    if operands[0]:
        launch.shell_code += (("trap", operands[0]),)


def _source(words: list[str], launch: Launch) -> None:
    launch.same_shell = True
    if len(words) < 2:
        return
    target = words[1]
    if target in _STDIN_FILES:
        launch.stdin_shell = "source"
    else:
        launch.script = target


def _su(words: list[str], launch: Launch) -> None:
    code = option_value(words[1:], "c", "command") or option_value(
        words[1:], "", "session-command"
    )
    if code:
        launch.shell_code += (("shell-c", code[-1]),)
        launch.privileged = True


# Options whose value is a debugger command, run at start-up.
_DEBUGGER_COMMANDS = {
    "gdb": frozenset({"-ex", "--ex", "-eval-command", "--eval-command", "-iex", "--iex",
                      "-init-eval-command", "--init-eval-command"}),
    "lldb": frozenset({"-o", "--one-line", "-O", "--one-line-before-file", "-k",
                       "--one-line-on-crash", "-K", "--source-on-crash"}),
}
# A debugger command that hands the rest to a shell, or to Python.
_DEBUGGER_SHELL = re.compile(r"^\s*(?:!|(?:shell|platform\s+shell)\s+)(.*)$", re.DOTALL)
_DEBUGGER_PYTHON = re.compile(r"^\s*(?:python|py|script)\s+(.*)$", re.DOTALL)


# What starts the debugged program and its arguments: `gdb --args PROG ARGS`, `lldb -- PROG ARGS`.
_DEBUGGER_PROGRAM = {"gdb": "--args", "lldb": "--"}


def _debugger(name: str, words: list[str], launch: Launch) -> None:
    """`gdb -batch -ex 'shell CMD'`, `gdb -ex '!CMD'`, `lldb -o 'platform shell CMD'`, and
    the program it debugs (`gdb -batch -ex run --args rm -rf ~` runs `rm -rf ~`)."""
    marker = _DEBUGGER_PROGRAM[name]
    if marker in words[1:-1]:
        launch.shell_code += (("shell-c", shlex.join(words[words.index(marker, 1) + 1 :])),)
        words = words[: words.index(marker, 1)]
    options = _DEBUGGER_COMMANDS[name]
    commands = []
    for i, word in enumerate(words[1:-1], start=1):
        if word in options:
            commands.append(words[i + 1])
    for word in words[1:]:
        flag, equals, value = word.partition("=")
        if equals and flag in options:
            commands.append(value)
    for command in commands:
        if shell := _DEBUGGER_SHELL.match(command):
            launch.shell_code += (("shell-c", shell.group(1)),)
        elif python := _DEBUGGER_PYTHON.match(command):
            launch.inline += (("python", python.group(1)),)


def _watch(words: list[str], launch: Launch) -> None:
    end = leading_options_end(words, 1, WATCH_OPTIONS)
    if end < len(words):
        launch.shell_code += (("watch", " ".join(words[end:])),)


def _find(words: list[str], launch: Launch) -> None:
    n = len(words)
    roots, i = find_roots(words)
    launch.find_roots = roots
    if "-delete" not in words and _FIND_ACTIONS.isdisjoint(words):
        return
    while i < n:
        word = words[i]
        i += 1
        if word == "-delete":
            launch.find_deletes = True
        elif word in _FIND_ACTIONS:
            start = i
            while i < n and words[i] != ";" and not (words[i] == "+" and words[i - 1] == "{}"):
                i += 1
            if i > start:
                launch.spawned += ((start, i),)
            i += 1


def _interpreter(name: str, words: list[str], launch: Launch) -> None:
    if _PYTHON.match(name):
        _python(words, launch)
    elif name in _NODE or name == "bun":
        _node(words, launch)
    elif name in ("perl", "ruby"):
        _perl_like(name, words, launch)
    elif name in _FLAG_CODE:
        _flag_code(words, launch, *_FLAG_CODE[name])
    elif name == "deno":
        _deno(words, launch)
    elif name in _R:
        script = _lines_code(words, launch, "r", "-e", {"--default-packages", "--encoding"})
        if name == "Rscript":
            launch.script = script
    elif name == "osascript":
        _osascript(words, launch)
    elif name in _AWK:
        _awk(words, launch)
    elif name.lower() in POWERSHELL:
        _powershell(words, launch)
    elif name in _DEBUGGERS:
        _debugger(name, words, launch)
    elif name in SQL_CLIENTS:
        commands, launch.stdin_escapes = sql_client(name, words)
        launch.shell_code += tuple(("shell-c", c) for c in commands)


def _python(words: list[str], launch: Launch) -> None:
    i = 1
    while i < len(words):
        word = words[i]
        if word == "-" or not word.startswith("-") or word == "--":
            break
        letters = short_letters(word, spec("cmWXQ"))
        if letters.endswith("c"):
            value = word[len(letters) + 1 :] or (words[i + 1] if i + 1 < len(words) else "")
            launch.inline += (("python", value),)
            return
        if letters.endswith("m"):
            return
        i += 2 if letters[-1:] in ("W", "X", "Q") and len(word) == len(letters) + 1 else 1
    if i >= len(words) or words[i] == "-":
        launch.stdin_language = "python"
    elif words[i] != "--":
        launch.script = words[i]


_NODE_VALUE = frozenset({"-r", "--require", "--import", "--loader", "-C", "--conditions",
                         "--input-type", "--env-file", "--experimental-loader"})


def _node(words: list[str], launch: Launch) -> None:
    i = 1
    while i < len(words):
        word = words[i]
        head, _, attached = word.partition("=")
        if head in ("-e", "--eval", "-p", "--print", "-pe", "-ep"):
            value = attached if attached else (words[i + 1] if i + 1 < len(words) else "")
            launch.inline += (("javascript", value),)
            return
        if word == "-" or not word.startswith("-"):
            break
        i += 2 if word in _NODE_VALUE else 1
    if i >= len(words) or words[i] == "-":
        launch.stdin_language = "javascript"
    else:
        launch.script = words[i]


def _perl_like(name: str, words: list[str], launch: Launch) -> None:
    attached, separate, digits = _ATTACHED_VALUE[name], _SEPARATE_VALUE[name], _DIGIT_VALUE[name]
    chunks: list[str] = []
    i = 1
    while i < len(words):
        word = words[i]
        if word == "--" or not word.startswith("-") or word == "-":
            break
        i += 1
        pos = 1
        while pos < len(word):
            letter = word[pos]
            pos += 1
            if letter in digits:
                while pos < len(word) and word[pos].isdigit():
                    pos += 1
                continue
            if letter in "eE":
                value = word[pos:]
                if not value and i < len(words):
                    value = words[i]
                    i += 1
                chunks.append(value)
                break
            if letter in separate and pos == len(word):
                i += 1
                break
            if letter in attached:
                break
    if chunks:
        launch.inline += ((name, "\n".join(chunks)),)
    elif i >= len(words) or words[i] == "-":
        launch.stdin_language = name
    else:
        launch.script = words[i]


def _flag_code(words: list[str], launch: Launch, language: str, flags: tuple[str, ...]) -> None:
    for i, word in enumerate(words[1:], 1):
        if word in flags and i + 1 < len(words):
            launch.inline += ((language, words[i + 1]),)
            return
    if len(words) == 1:
        launch.stdin_language = language


def _lines_code(
    words: list[str], launch: Launch, language: str, flag: str, values: set[str]
) -> str | None:
    """Every `flag LINE` of the command, joined as one program (`Rscript -e A -e B`,
    `osascript -e A -e B`); options in `values` take the next word. Returns the script
    operand, if any: the words after it (or after `--args`) are the program's own."""
    lines: list[str] = []
    i = 1
    while i < len(words):
        word = words[i]
        if word == flag and i + 1 < len(words):
            lines.append(words[i + 1])
            i += 2
            continue
        if word == "--args":
            break
        if word in values:
            i += 2
            continue
        if not word.startswith("-") or word == "-":
            if not lines:
                return word
            break
        i += 1
    if lines:
        launch.inline += ((language, "\n".join(lines)),)
    return None


def _osascript(words: list[str], launch: Launch) -> None:
    """AppleScript, or JavaScript with `-l JavaScript`: `-e` lines, a script file, or the
    program on stdin (`osascript <<EOF`)."""
    language = "applescript"
    for i, word in enumerate(words[1:-1], 1):
        if word == "-l" and words[i + 1].lower() == "javascript":
            language = "javascript"
    script = _lines_code(words, launch, language, "-e", {"-l", "-s"})
    if not launch.inline:
        if script is None or script == "-":
            launch.stdin_language = language
        else:
            launch.script = script


_AWK_VALUE = frozenset({"-F", "-v", "-i", "-l", "--field-separator", "--assign", "--include", "--load"})


def _awk(words: list[str], launch: Launch) -> None:
    """The program of `awk 'PROG' files`, `awk -e PROG` or `--source=PROG`; `-f` names a file."""
    i = 1
    while i < len(words):
        word = words[i]
        head, eq, value = word.partition("=")
        if head in ("-e", "--source"):
            code = value if eq else (words[i + 1] if i + 1 < len(words) else "")
            launch.inline += (("awk", code),)
            return
        if head in ("-f", "--file", "-E", "--exec"):
            launch.script = value if eq else (words[i + 1] if i + 1 < len(words) else None)
            return
        if word == "--":
            i += 1
            break
        if not word.startswith("-") or word == "-":
            break
        i += 2 if word in _AWK_VALUE else 1
    if i < len(words):
        launch.inline += (("awk", words[i]),)


def _deno(words: list[str], launch: Launch) -> None:
    if len(words) > 1 and words[1] == "eval":
        operands = [w for w in words[2:] if not w.startswith("-")]
        if operands:
            launch.inline += (("javascript", operands[0]),)


def _powershell(words: list[str], launch: Launch) -> None:
    for i, word in enumerate(words[1:], 1):
        lower = word.lower()
        if not lower.startswith("-"):
            if i == 1:
                launch.inline += (("powershell", " ".join(words[1:])),)
            return
        rest = words[i + 1 :]
        if "-command".startswith(lower) and len(lower) >= 2:
            launch.inline += (("powershell", " ".join(rest)),)
            return
        encoded = len(lower) > 3 and "-encodedcommand".startswith(lower)
        if lower in ("-e", "-ec", "-enc") or encoded:
            if rest:
                launch.inline += (("powershell", _decode_utf16_base64(rest[0])),)
            return
        if "-file".startswith(lower) and len(lower) >= 2:
            if rest:
                launch.script = rest[0]
            return


def _decode_utf16_base64(text: str) -> str:
    try:
        return base64.b64decode(text, validate=False).decode("utf-16-le", "replace")
    except (binascii.Error, ValueError):
        return text
