"""Database clients: the shell commands they run and the files they read and write.

Each client reads SQL, from its arguments or its stdin, and each has commands of its
own that hand a line to a shell: sqlite3's `.shell CMD` and `.output |CMD`, mysql's
`\\! CMD` and `pager CMD`, psql's `\\! CMD` and `\\o |CMD`. `sql_client` finds them in
the command line, and the reader it returns finds them in a script fed on stdin
(`sqlite3 db <<EOF`), so that the walker parses them like `sh -c`. `sql_files` finds
the files the same scripts read and write (`.import FILE`, `\\i FILE`, `\\o FILE`,
`readfile('FILE')`), so that a credential read through a database client is a read
like `cat`'s. SQL itself is data: nothing else is read as code.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

from .options import spec, values_of

SQLITE = frozenset({"sqlite3", "sqlite"})
MYSQL = frozenset({"mysql", "mariadb"})
PSQL = frozenset({"psql"})
SQL_CLIENTS = SQLITE | MYSQL | PSQL

# sqlite3's dot-commands that run their arguments, and those that take `|CMD` as a file:
# output piped into CMD, or CMD's output read as input.
_SQLITE_RUN = re.compile(r"^\s*\.(?:shell|system)\b(.*)$")
_SQLITE_FILE = re.compile(r"^\s*\.(output|once|read|import|save|backup|restore)\b(.*)$")
_SQLITE_READS = frozenset({"read", "import", "restore"})
_SQLITE_PIPES = frozenset({"output", "once", "read", "import"})
# mysql's client commands: `\! CMD` and `system CMD` run CMD, `\P CMD` and `pager CMD`
# pipe every result through it; `source FILE` and `\. FILE` read a script, `tee FILE`
# and `\T FILE` copy the output.
_MYSQL_RUN = re.compile(r"\s*(?:\\[!P]|(?i:system|pager)\s)(.*)$")  # matched at each start
_MYSQL_READ = re.compile(r"\s*(?:\\\.|(?i:source)\s)\s*(\S+)")
_MYSQL_WRITE = re.compile(r"\s*(?:\\T|(?i:tee)\s)\s*(\S+)")
# psql's: `\! CMD`, and `|CMD` as the file of `\o`, `\g`, `\gx`, `\w` or `\copy … program`;
# `\i FILE` reads a script, `\o FILE` and the others write the output there.
_PSQL_RUN = re.compile(r"^\s*\\!(.*)$")
_PSQL_FILE = re.compile(r"^\s*\\(i|ir|include|include_relative|o|out|g|gx|w|write)\s+(.*)$")
_PSQL_READS = frozenset({"i", "ir", "include", "include_relative"})
_PSQL_PROGRAM = re.compile(r"^\s*\\copy\b.*?\bprogram\s+'((?:[^']|'')*)'", re.IGNORECASE)
_PSQL_COPY = re.compile(r"^\s*\\copy\b.*?\b(from|to)\s+(?:'((?:[^']|'')*)'|(\S+))", re.IGNORECASE)
# Functions that read or write a file named in a string: sqlite3's fileio, MySQL's
# LOAD_FILE and LOAD DATA, PostgreSQL's pg_read_file; INTO OUTFILE writes.
_READ_CALL = re.compile(
    r"\b(?:readfile|load_file|pg_read_file|pg_read_binary_file)\s*\(\s*'((?:[^']|'')*)'"
    r"|\bload\s+data\s+(?:low_priority\s+|concurrent\s+)?local\s+infile\s+'((?:[^']|'')*)'",
    re.IGNORECASE,
)
_WRITE_CALL = re.compile(
    r"\bwritefile\s*\(\s*'((?:[^']|'')*)'|\binto\s+(?:outfile|dumpfile)\s+'((?:[^']|'')*)'",
    re.IGNORECASE,
)
_NOT_FILES = frozenset({"", "stdout", "stderr", "-", "off"})

# Options that take a value, so that the database and the SQL after it are found.
_SQLITE_OPTIONS = {
    "-cmd", "-init", "-separator", "-newline", "-nullvalue", "-vfs", "-maxsize", "-mmap",
    "-heap", "-lookaside", "-pagecache", "-pcachetrace", "-escape",
}  # fmt: skip
# Options that take a value. mysql's `-p` takes it only attached (`-pSECRET`: a bare `-p`
# asks for the password), and so does `--pager` (alone, it means the default pager).
_MYSQL_OPTIONS = spec(
    "eDhuPSO", "execute database host user port socket tee init-command", attached="p"
)
_PSQL_OPTIONS = spec(
    "cdfhpUoLvPTF", "command dbname file host port username output log-file set variable pset"
)

Reader = Callable[[str], list[str]]


def sql_client(name: str, words: list[str]) -> tuple[list[str], Reader]:
    """The shell commands `words` (a command named `name`) runs from its own arguments,
    and the reader of the same escapes in a script on its stdin."""
    escapes = _ESCAPES[_dialect(name)]
    commands = [c for script in _scripts(name, words) for c in escapes(script)]
    if name in MYSQL:
        commands += values_of(words, 1, _MYSQL_OPTIONS, "", "pager")
    return [c for c in commands if c.strip()], escapes


def sql_files(name: str, words: list[str], stdin: str | None) -> tuple[list[str], list[str]]:
    """(read, written): the files the scripts of `words`, and `stdin`, name."""
    reads, writes = _script_files(name, words), []
    scripts = _scripts(name, words) + ([stdin] if stdin is not None else [])
    files = _FILES[_dialect(name)]
    for script in scripts:
        read, written = files(script)
        reads += read
        writes += written
    for script in scripts:
        for match in _READ_CALL.finditer(script):
            reads.append(_sql_string(match.group(1) or match.group(2) or ""))
        for match in _WRITE_CALL.finditer(script):
            writes.append(_sql_string(match.group(1) or match.group(2) or ""))
    return [p for p in reads if p not in _NOT_FILES], [p for p in writes if p not in _NOT_FILES]


def _dialect(name: str) -> str:
    return "sqlite" if name in SQLITE else "mysql" if name in MYSQL else "psql"


def _scripts(name: str, words: list[str]) -> list[str]:
    """The scripts given on the command line: sqlite3's SQL arguments after the database
    and its `-cmd` values, mysql's `-e`, psql's `-c`."""
    if name in SQLITE:
        options, operands = _sqlite_words(words)
        return [value for flag, value in options if flag == "-cmd"] + operands[1:]
    if name in MYSQL:
        return values_of(words, 1, _MYSQL_OPTIONS, "e", "execute")
    return values_of(words, 1, _PSQL_OPTIONS, "c", "command")


def _script_files(name: str, words: list[str]) -> list[str]:
    """Script files named by an option: sqlite3's `-init FILE`, psql's `-f FILE`."""
    if name in SQLITE:
        return [value for flag, value in _sqlite_words(words)[0] if flag == "-init"]
    if name in PSQL:
        return values_of(words, 1, _PSQL_OPTIONS, "f", "file")
    return []


def _sqlite_words(words: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """(options with their values, operands) of `sqlite3 [options] DB [SQL]...`."""
    options, operands, i = [], [], 1
    while i < len(words):
        word = words[i]
        flag = "-" + word.lstrip("-") if word.startswith("-") else word
        if flag in _SQLITE_OPTIONS and i + 1 < len(words):
            options.append((flag, words[i + 1]))
            i += 2
            continue
        if not word.startswith("-") or word == "-":
            operands.append(word)
        i += 1
    return options, operands


def sqlite_escapes(script: str) -> list[str]:
    commands = []
    for line in script.splitlines():
        if run := _SQLITE_RUN.match(line):
            commands.append(_unquoted(run.group(1)))
        elif (found := _SQLITE_FILE.match(line)) and found.group(1) in _SQLITE_PIPES:
            commands += [a[1:] for a in _arguments(found.group(2)) if a.startswith("|")]
    return [c for c in commands if c.strip()]


def _sqlite_files(script: str) -> tuple[list[str], list[str]]:
    reads: list[str] = []
    writes: list[str] = []
    for line in script.splitlines():
        found = _SQLITE_FILE.match(line)
        if not found:
            continue
        command, arguments = found.group(1), [a for a in _arguments(found.group(2)) if not a.startswith("-")]
        if not arguments or arguments[0].startswith("|"):
            continue
        if command == "import":
            reads.append(arguments[0])  # `.import FILE TABLE`
        elif command in ("backup", "restore"):
            (reads if command == "restore" else writes).append(arguments[-1])  # `[DB] FILE`
        else:
            (reads if command in _SQLITE_READS else writes).append(arguments[0])
    return reads, writes


def mysql_escapes(script: str) -> list[str]:
    """A client command runs to the end of its line, and may follow a `;`."""
    commands = []
    for line in script.splitlines():
        found = _at_statement_start(line, _MYSQL_RUN)
        if found and found.group(1).strip():
            commands.append(found.group(1).strip())
    return commands


def _mysql_files(script: str) -> tuple[list[str], list[str]]:
    reads: list[str] = []
    writes: list[str] = []
    for line in script.splitlines():
        if read := _at_statement_start(line, _MYSQL_READ):
            reads.append(read.group(1).rstrip(";"))
        if written := _at_statement_start(line, _MYSQL_WRITE):
            writes.append(written.group(1).rstrip(";"))
    return reads, writes


def _at_statement_start(line: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    starts = [0] + [i + 1 for i, c in enumerate(line) if c == ";"]
    return next((m for start in starts if (m := pattern.match(line, start))), None)


def psql_escapes(script: str) -> list[str]:
    commands = []
    for line in script.splitlines():
        if run := _PSQL_RUN.match(line):
            commands.append(run.group(1))
        elif (found := _PSQL_FILE.match(line)) and found.group(2).lstrip().startswith("|"):
            commands.append(found.group(2).lstrip()[1:])
        if program := _PSQL_PROGRAM.match(line):
            commands.append(_sql_string(program.group(1)))
    return [c for c in commands if c.strip()]


def _psql_files(script: str) -> tuple[list[str], list[str]]:
    reads: list[str] = []
    writes: list[str] = []
    for line in script.splitlines():
        if (found := _PSQL_FILE.match(line)) and not found.group(2).lstrip().startswith("|"):
            arguments = _arguments(found.group(2))
            if arguments:
                (reads if found.group(1) in _PSQL_READS else writes).append(arguments[0])
        if (copy := _PSQL_COPY.match(line)) and not _PSQL_PROGRAM.match(line):
            path = _sql_string(copy.group(2)) if copy.group(2) is not None else copy.group(3)
            if path.lower() not in ("stdin", "stdout", "pstdin", "pstdout"):
                (reads if copy.group(1).lower() == "from" else writes).append(path)
    return reads, writes


_ESCAPES: dict[str, Reader] = {"sqlite": sqlite_escapes, "mysql": mysql_escapes, "psql": psql_escapes}
_FILES: dict[str, Callable[[str], tuple[list[str], list[str]]]] = {
    "sqlite": _sqlite_files,
    "mysql": _mysql_files,
    "psql": _psql_files,
}


def _sql_string(text: str) -> str:
    return text.replace("''", "'")


def _arguments(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _unquoted(text: str) -> str:
    """sqlite3 passes `.shell`'s arguments to the shell joined by spaces, quotes taken off."""
    return " ".join(_arguments(text))
