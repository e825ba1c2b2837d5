"""Shell commands run by database clients: the escapes of sqlite3, mysql and psql.

Each client reads SQL, from its arguments or its stdin, and each has commands of its
own that hand a line to a shell: sqlite3's `.shell CMD` and `.output |CMD`, mysql's
`\\! CMD` and `pager CMD`, psql's `\\! CMD` and `\\o |CMD`. `sql_client` finds them in the
command line; `stdin_escapes` in a script fed on stdin (`sqlite3 db <<EOF`), so that
the walker parses them like `sh -c`. SQL itself is data: nothing else is read as code.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

SQLITE = frozenset({"sqlite3", "sqlite"})
MYSQL = frozenset({"mysql", "mariadb"})
PSQL = frozenset({"psql"})
SQL_CLIENTS = SQLITE | MYSQL | PSQL

# sqlite3's dot-commands that run their arguments, and those that take `|CMD` as a file:
# output piped into CMD, or CMD's output read as input.
_SQLITE_RUN = re.compile(r"^\s*\.(?:shell|system)\b(.*)$")
_SQLITE_PIPE = re.compile(r"^\s*\.(?:output|once|read|import)\b(.*)$")
# mysql's client commands: `\! CMD` and `system CMD` run CMD, `\P CMD` and `pager CMD`
# pipe every result through it.
_MYSQL_RUN = re.compile(r"\s*(?:\\[!P]|(?i:system|pager)\s)(.*)$")  # matched at each start
# psql's: `\! CMD`, and `|CMD` as the file of `\o`, `\g`, `\gx`, `\w` or `\copy … program`.
_PSQL_RUN = re.compile(r"^\s*\\!(.*)$")
_PSQL_PIPE = re.compile(r"^\s*\\(?:o|out|g|gx|w|write)\s+\|(.*)$")
_PSQL_PROGRAM = re.compile(r"^\s*\\copy\b.*?\bprogram\s+'((?:[^']|'')*)'", re.IGNORECASE)

# Options that take a value, so that the database and the SQL after it are found.
_SQLITE_OPTIONS = {
    "-cmd", "-init", "-separator", "-newline", "-nullvalue", "-vfs", "-maxsize", "-mmap",
    "-heap", "-lookaside", "-pagecache", "-pcachetrace", "-escape",
}  # fmt: skip
# Short options that take a value (attached or in the next word), and those whose value
# may only be attached (mysql's `-pSECRET`: a bare `-p` asks for the password).
_MYSQL_SHORT, _MYSQL_ATTACHED = "eDhuPSO", "p"
_PSQL_SHORT = "cdfhpUoLvPTF"


def sql_client(name: str, words: list[str]) -> tuple[list[str], Callable[[str], list[str]]]:
    """The shell commands `words` (a command named `name`) runs from its own arguments,
    and the reader of the same escapes in a script on its stdin."""
    if name in SQLITE:
        return _sqlite(words), sqlite_escapes
    if name in MYSQL:
        return _mysql(words), mysql_escapes
    return _psql(words), psql_escapes


def _sqlite(words: list[str]) -> list[str]:
    """`sqlite3 [options] DB [SQL]...`: each SQL argument, and each `-cmd`, is a line."""
    lines, operands, i = [], [], 1
    while i < len(words):
        word = words[i]
        flag = "-" + word.lstrip("-") if word.startswith("-") else word
        if flag in _SQLITE_OPTIONS and i + 1 < len(words):
            if flag == "-cmd":
                lines.append(words[i + 1])
            i += 2
            continue
        if not word.startswith("-") or word == "-":
            operands.append(word)
        i += 1
    return [c for line in lines + operands[1:] for c in sqlite_escapes(line)]


def sqlite_escapes(script: str) -> list[str]:
    commands = []
    for line in script.splitlines():
        if run := _SQLITE_RUN.match(line):
            commands.append(_unquoted(run.group(1)))
        elif pipe := _SQLITE_PIPE.match(line):
            for argument in _arguments(pipe.group(1)):
                if argument.startswith("|"):
                    commands.append(argument[1:])
    return [c for c in commands if c.strip()]


def _mysql(words: list[str]) -> list[str]:
    # `--pager` alone means the default pager: only `--pager=CMD` names one.
    commands = _values(words, _MYSQL_SHORT, _MYSQL_ATTACHED, "", "pager", separate=False)
    for script in _values(words, _MYSQL_SHORT, _MYSQL_ATTACHED, "e", "execute"):
        commands += mysql_escapes(script)
    return [c for c in commands if c.strip()]


def mysql_escapes(script: str) -> list[str]:
    """A client command runs to the end of its line, and may follow a `;`."""
    commands = []
    for line in script.splitlines():
        starts = [0] + [i + 1 for i, c in enumerate(line) if c == ";"]
        found = next((m for start in starts if (m := _MYSQL_RUN.match(line, start))), None)
        if found and found.group(1).strip():
            commands.append(found.group(1).strip())
    return commands


def _psql(words: list[str]) -> list[str]:
    return [c for script in _values(words, _PSQL_SHORT, "", "c", "command") for c in psql_escapes(script)]


def psql_escapes(script: str) -> list[str]:
    commands = []
    for line in script.splitlines():
        for pattern in (_PSQL_RUN, _PSQL_PIPE):
            if found := pattern.match(line):
                commands.append(found.group(1))
        if program := _PSQL_PROGRAM.match(line):
            commands.append(program.group(1).replace("''", "'"))
    return [c for c in commands if c.strip()]


def _values(
    words: list[str], short: str, attached: str, letter: str, long: str, *, separate: bool = True
) -> list[str]:
    """Values of `-xVALUE`, `-x VALUE` (also ending a cluster: `-Bse SQL`), `--long=VALUE`
    and, when `separate`, `--long VALUE`; `short` names the options that take a value."""
    values: list[str] = []
    i = 1
    while i < len(words):
        word, following = words[i], words[i + 1] if i + 1 < len(words) else None
        i += 1
        if word == "--":
            break
        if word.startswith("--"):
            name, equals, attached_value = word[2:].partition("=")
            if name == long and equals:
                values.append(attached_value)
            elif name == long and separate and following is not None:
                values.append(following)
                i += 1
            continue
        if not word.startswith("-") or word == "-":
            continue
        for at, flag in enumerate(word[1:], start=2):
            if flag in attached:
                break  # the rest of the word is its value, if any
            if flag in short:
                value = word[at:] or following
                if not word[at:]:
                    i += 1
                if flag == letter and value is not None:
                    values.append(value)
                break
    return values


def _arguments(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _unquoted(text: str) -> str:
    """sqlite3 passes `.shell`'s arguments to the shell joined by spaces, quotes taken off."""
    return " ".join(_arguments(text))
