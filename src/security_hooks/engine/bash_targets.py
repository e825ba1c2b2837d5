"""Where a bash command acts: its path operands graded by kind, the directory an archive
is extracted into, git's pathspecs and programs read from stdin.

Pure functions over the analyser's `Segment`s; `predicates_bash` turns them into rule
predicates. Besides the analyser's kinds (`root`, `home`, `system`, `device`, `outside`,
`project`, `temp`, `unknown`) two finer kinds name the places inside the project whose
loss is not a cleanup: `project_root` (the project directory itself, every entry of it,
or everything an unfiltered `find` at its root reaches) and `git_dir` (its history).
"""

from __future__ import annotations

import posixpath

from ..shell import TargetKind, classify_path, operands
from ..shell.launchers import SHELLS as LAUNCHER_SHELLS
from ..shell.model import Segment
from ..shell.options import COMMAND_OPTIONS, git_subcommand_at, option_value, spec, split_options
from ..shell.targets import expand_known
from .event import Event

PROJECT_ROOT = "project_root"
GIT_DIR = "git_dir"
KINDS = frozenset(kind.value for kind in TargetKind) | {PROJECT_ROOT, GIT_DIR}

# A last path component that matches every entry of its directory.
WHOLE_DIR_GLOBS = frozenset({"*", ".*", ".[!.]*", ".[^.]*", "..?*", ".??*", "{*,.*}", "{.*,*}"})
# find tests that pick files by name, place, age, size or owner: a find with one of them
# deletes a selection, a find without them deletes everything under its roots.
FIND_FILTERS = frozenset(
    """
    -name -iname -path -ipath -wholename -iwholename -regex -iregex -lname -ilname
    -mtime -mmin -atime -amin -ctime -cmin -used -size -empty -user -group -nouser -nogroup
    -uid -gid -perm -inum -samefile -links -newer -anewer -cnewer
    """.split()
)
# `npx rimraf`, `npx del-cli`, `npx trash-cli`: npm packages that delete what they are given.
PACKAGE_DELETERS = frozenset({"rimraf", "del", "del-cli", "trash", "trash-cli", "trash-put"})
DELETERS = frozenset({"rm", "rmdir", "unlink", "shred", "srm"}) | PACKAGE_DELETERS


def resolve(operand: str, cwd: str | None, home: str) -> str | None:
    """The absolute, normalised path of an operand; None when an expansion is unknown."""
    path = expand_known(operand, home, cwd)
    if path is None or path.startswith("~") or (cwd is None and not path.startswith("/")):
        return None
    return posixpath.normpath(posixpath.join(cwd or "/", path))


def _whole(path: str, directory: str) -> bool:
    """`path` is `directory` itself or a glob over all of its entries."""
    if path == directory:
        return True
    parent, last = posixpath.split(path)
    return parent == directory and last in WHOLE_DIR_GLOBS


def _history(path: str, project: str) -> bool:
    git = posixpath.join(project, ".git")
    return _whole(path, git) or path in (posixpath.join(git, "objects"), posixpath.join(git, "refs"))


def _found(pattern: str, root: str) -> str:
    """What `find ROOT -exec cmd PATTERN` acts on: the root when the pattern names each
    found path as it is (`{}`, `./{}`), else a path built from one found below the root."""
    whole = pattern.replace("{}", root)
    if posixpath.normpath(whole) == posixpath.normpath(root):
        return root
    return pattern.replace("{}", root.rstrip("/") + "/_")


def find_deletes(find: Segment) -> bool:
    """`find` itself deletes what it finds (-delete outside any -exec command)."""
    inside = False
    for word in find.argv[1:]:
        if inside:
            inside = word not in (";", "+")
        elif word in ("-exec", "-execdir", "-ok", "-okdir"):
            inside = True
        elif word == "-delete":
            return True
    return False


def find_is_filtered(find: Segment) -> bool:
    words = find.argv[1:]
    if any(word in FIND_FILTERS or word.startswith("-newer") for word in words):
        return True
    kinds = {words[i + 1] for i, word in enumerate(words[:-1]) if word in ("-type", "-xtype")}
    # -type l or p picks special files; -delete on directories removes only empty ones.
    return bool(kinds - {"f", "d", "f,d", "d,f"}) or ("d" in kinds and find_deletes(find))


def supplying_find(segments: tuple[Segment, ...], index: int) -> Segment | None:
    """The `find` whose results become this command's operands: the command itself, or
    the nearest find before a command that has find roots as implicit targets (run by
    -exec, by xargs reading find's output, or by a shell string either of them starts).
    The analyser passes roots on only when find's output reaches the command unchanged."""
    segment = segments[index]
    if segment.name == "find":
        return segment
    if not segment.implicit_targets:
        return None
    for earlier in reversed(segments[:index]):
        if earlier.name == "find":
            return earlier
    return None


def target_kinds(
    segments: tuple[Segment, ...], index: int, event: Event, named: list[str] | None = None
) -> set[str]:
    """The kinds of every path the command at `index` acts on: its operands and what find
    feeds it; or only the paths `named`, as written."""
    segment = segments[index]
    cwd = segment.cwd  # None after a cd to somewhere unknown: relative paths are unknown
    home, project = event.home, event.project_dir
    found: set[str] = set()
    roots = segment.implicit_targets
    if named is None:
        named = list(operands(segment))
    else:
        named, roots = [p for p in named if "{}" not in p], ()
    paths = [p for p in named if not (roots and "{}" in p)]
    for pattern in (p for p in named if roots and "{}" in p):
        paths.extend(_found(pattern, root) for root in roots)  # find -exec rm ./{}
    if roots and (not named or segment.context in ("xargs", "parallel")):
        paths.extend(roots)  # xargs puts find's results into the command, whatever -I names them
    if not paths and segment.context in ("xargs", "parallel") and segment.name in DELETERS:
        found.add(TargetKind.UNKNOWN.value)  # names arrive on stdin or from a file
    finder = supplying_find(segments, index)
    whole = finder is not None and not find_is_filtered(finder)
    from_find = segment.name == "find" or bool(roots)
    for path in paths:
        found.add(classify_path(path, cwd=cwd, home=home, project_dir=project).value)
        full = resolve(path, cwd, home) if cwd is not None or path.startswith(("/", "~")) else None
        if full is None or (from_find and not whole):
            continue
        if _whole(full, project):
            found.add(PROJECT_ROOT)
        if _history(full, project):
            found.add(GIT_DIR)
    return found


_MOVERS = frozenset({"mv", "gmv"})
MV_OPTIONS = COMMAND_OPTIONS["mv"]
_SEVEN_ZIP = frozenset({"7z", "7za", "7zr"})


def removed_sources(segment: Segment) -> list[str] | None:
    """The paths a command takes away from where they were: `mv`'s sources, and what an
    archiver deletes once archived (`tar --remove-files`, `zip -m`, `7z a -sdel`). Only
    paths as written count: `find … -exec mv {} {}.bak` renames each file it finds."""
    name, argv = segment.name, segment.argv
    if name in _MOVERS:
        options, named = split_options(argv, 1, MV_OPTIONS)
        return named if option_value(options, "t", "target-directory", MV_OPTIONS) else named[:-1]
    if name in ARCHIVERS and "--remove-files" in argv:
        return list(operands(segment))
    if name == "zip" and ("--move" in argv or any(
        w.startswith("-") and not w.startswith("--") and "m" in w for w in argv[1:]
    )):
        return list(operands(segment))[1:]  # the archive, then what goes into it
    if name in _SEVEN_ZIP and "-sdel" in argv:
        return [w for w in argv[1:] if not w.startswith("-")][2:]  # `a ARCHIVE files...`
    return None


def move_destination(segment: Segment) -> str | None:
    """Where `mv` puts what it moves: `-t DIR`, or its last operand. None for others."""
    if segment.name not in _MOVERS:
        return None
    options, named = split_options(segment.argv, 1, MV_OPTIONS)
    target = option_value(options, "t", "target-directory", MV_OPTIONS)
    if target:
        return target[-1]
    return named[-1] if len(named) >= 2 else None


_RCLONE_DELETES = {"sync": 1, "move": 0, "delete": 0, "purge": 0}  # subcommand -> operand emptied


def sync_deletions(segment: Segment) -> list[str]:
    """The directories whose files a sync deletes, as globs of their entries, on this
    machine. `rsync --delete SRC/ DEST` deletes from DEST what SRC lacks (from DEST/SRC
    when SRC has no trailing slash), `--remove-source-files` the sources' files;
    `rclone sync SRC DEST` empties DEST of the rest, `rclone move`, `delete` and
    `purge` their first operand. `host:path` and `remote:path` are not on this machine."""
    name, argv = segment.name, segment.argv
    found: list[str] = []
    if name == "rsync":
        named = list(operands(segment))
        if len(named) < 2:
            return []
        sources, destination = named[:-1], named[-1].rstrip("/") or "/"
        if any(w == "--del" or w.startswith("--delete") for w in argv[1:]):
            for source in sources:
                base = posixpath.basename(source)
                whole = source.endswith("/") or base in (".", "")  # its contents, not itself
                found.append(destination if whole else posixpath.join(destination, base))
        if "--remove-source-files" in argv:
            found += [source.rstrip("/") or "/" for source in sources]
    elif name == "rclone":
        words = [w for w in argv[1:] if not w.startswith("-")]
        if words and words[0] in _RCLONE_DELETES and len(words) > 1 + _RCLONE_DELETES[words[0]]:
            found.append(words[1 + _RCLONE_DELETES[words[0]]].rstrip("/") or "/")
    return [f"{path}/*".replace("//*", "/*") for path in found if ":" not in path.split("/", 1)[0]]


# -- archives --------------------------------------------------------------------------

TAR_ARG_LETTERS = frozenset("bCfFgHIKLNTVX")
TAR_LONG_WITH_ARG = frozenset(
    "file directory files-from exclude-from exclude blocking-factor format group owner mode "
    "newer after-date use-compress-program to-command label volno-file tape-length".split()
)
ARCHIVERS = frozenset({"tar", "gtar", "bsdtar", "unzip", "7z", "7za", "7zr", "cpio"})


def _tar_cluster(words: list[str], i: int, found: list[tuple[str, str]]) -> int:
    """Letters of `-xzf` at `words[i]` into `found`; the index of the last word used."""
    word = words[i]
    for pos, letter in enumerate(word[1:], start=1):
        if letter not in TAR_ARG_LETTERS:
            found.append((letter, ""))
            continue
        rest = word[pos + 1 :]
        if rest.startswith("~"):
            rest = "./" + rest  # `-C~`: bash expands a tilde only at the start of a word
        elif not rest and i + 1 < len(words):
            rest, i = words[i + 1], i + 1
        found.append((letter, rest))
        if letter == "C" and pos + 1 < len(word):  # `-xCf a.tar /`: tars differ; count what follows
            found.extend(("C", w) for w in words[i + 1 :] if not w.startswith("-"))
        break
    return i


def _tar_options(argv: tuple[str, ...]) -> list[tuple[str, str]]:
    """(option, value) pairs of a tar command line: a letter, or a long name."""
    words = list(argv[1:])
    found: list[tuple[str, str]] = []
    i = 0
    if words and not words[0].startswith("-") and words[0].isalpha():  # old style: `tar xzf a.tar`
        i = 1
        for letter in words[0]:
            value = ""
            if letter in TAR_ARG_LETTERS and i < len(words):
                value, i = words[i], i + 1
            found.append((letter, value))
    while i < len(words) and words[i] != "--":
        word = words[i]
        if word.startswith("--"):
            name, eq, value = word[2:].partition("=")
            if value.startswith("~"):
                value = "./" + value  # `--directory=~` is a directory named ~
            if name in TAR_LONG_WITH_ARG and not eq and i + 1 < len(words):
                value, i = words[i + 1], i + 1
            found.append((name, value))
        elif word.startswith("-") and len(word) > 1:
            i = _tar_cluster(words, i, found)
        i += 1
    return found


def tar_archives(argv: tuple[str, ...]) -> list[str]:
    """The archives a tar command line names: `-f FILE`, `--file=FILE`, `cf FILE`."""
    return [value for name, value in _tar_options(argv) if name in ("f", "file") and value]


def _tar(argv: tuple[str, ...]) -> tuple[bool, list[str], bool]:
    """(extracts, directories given with -C, --absolute-names) for a tar command line."""
    options = _tar_options(argv)
    names = {name for name, _ in options}
    dirs = [value for name, value in options if name in ("C", "directory")]
    return bool(names & {"x", "extract", "get"}), dirs, bool(names & {"P", "absolute-names"})


UNZIP_OPTS = spec("dxP", "")
SEVEN_ZIP_EXTRACT = frozenset({"x", "e"})


def extraction(segment: Segment) -> tuple[list[str], bool] | None:
    """(directories an archive is unpacked into, may write absolute paths); None if it is not."""
    name, argv = segment.name, segment.argv
    if name not in ARCHIVERS:
        return None
    cwd = segment.cwd or "."
    if name in ("tar", "gtar", "bsdtar"):
        extracts, dirs, absolute = _tar(argv)
        return (dirs or [cwd], absolute) if extracts else None
    if name == "unzip":
        options, _ = split_options(argv, 1, UNZIP_OPTS)
        if any(o.startswith("-") and not o.startswith("--") and set(o[1:]) & set("lvtZzpc") for o in options):
            return None
        dirs = [options[i + 1] for i, o in enumerate(options[:-1]) if o == "-d"]
        dirs += [o[2:] for o in options if o.startswith("-d") and len(o) > 2]
        return dirs or [cwd], False
    if name == "cpio":
        modes = [w for w in argv[1:] if w.startswith("-") and not w.startswith("--")]
        if not ("--extract" in argv or any("i" in w[1:] for w in modes)):
            return None
        dirs = [argv[i + 1] for i, w in enumerate(argv[:-1]) if w in ("-D", "--directory")]
        dirs += [w.split("=", 1)[1] for w in argv if w.startswith("--directory=")]
        return dirs or [cwd], False
    if len(argv) < 2 or argv[1] not in SEVEN_ZIP_EXTRACT:  # 7z x archive -oDIR
        return None
    return [w[2:] for w in argv[2:] if w.startswith("-o") and len(w) > 2] or [cwd], False


def extraction_kinds(segment: Segment, event: Event) -> set[str]:
    found = extraction(segment)
    if found is None:
        return set()
    dirs, absolute = found
    cwd = segment.cwd
    # The members land inside the directory: graded as its entries are, so unpacking into
    # /tmp itself is into a temporary directory, and into / is over the root.
    entries = [(d.rstrip("/") or ("/" if d else ".")) + "/*" for d in dirs]
    kinds = {classify_path(e, cwd=cwd, home=event.home, project_dir=event.project_dir).value for e in entries}
    if absolute:
        kinds.add(TargetKind.UNKNOWN.value)  # members with absolute names land anywhere
    return kinds


# -- file servers --------------------------------------------------------------------------

_PYTHON_SERVERS = frozenset({"http.server", "SimpleHTTPServer"})
_NODE_SERVERS = frozenset({"http-server", "serve", "live-server"})
_NODE_SERVER_VALUES = frozenset({"-p", "--port", "-a", "--address", "-c", "-l", "--listen", "-C", "-K"})


def _value_after(words: list[str], names: tuple[str, ...]) -> str | None:
    """The value of the last of `names` (`-d DIR`, `--directory=DIR`, `-dDIR`)."""
    found = None
    for i, word in enumerate(words):
        for name in names:
            if word == name and i + 1 < len(words):
                found = words[i + 1]
            elif name.startswith("--") and word.startswith(name + "="):
                found = word[len(name) + 1 :]
            elif len(name) == 2 and word.startswith(name) and len(word) > 2 and not word.startswith("--"):
                found = word[2:]
    return found


def served_directory(segment: Segment) -> str | None:
    """The directory a one-line file server publishes: `python -m http.server`, `php -S`,
    `ruby -run -e httpd`, `http-server`/`serve`, `kubectl proxy --www`; the working
    directory when none is named."""
    name, argv = segment.name, list(segment.argv)
    if name.startswith("python") and "-m" in argv:
        at = argv.index("-m")
        if argv[at + 1 : at + 2] and argv[at + 1] in _PYTHON_SERVERS:
            return _value_after(argv[at + 2 :], ("-d", "--directory")) or "."
        return None
    if name == "php" and any(w == "-S" or w.startswith("-S") for w in argv[1:]):
        return _value_after(argv[1:], ("-t",)) or "."
    loads_un = "-run" in argv or any(a == "-r" and b == "un" for a, b in zip(argv, argv[1:], strict=False))
    if name == "ruby" and "httpd" in argv and loads_un:  # `ruby -run -e httpd DIR`
        rest = argv[argv.index("httpd") + 1 :]
        operands_ = [w for i, w in enumerate(rest) if not w.startswith("-") and rest[i - 1 : i] != ["-p"]]
        return operands_[0] if operands_ else "."
    if name == "kubectl" and argv[1:2] == ["proxy"]:  # `--www=DIR` serves DIR beside the API
        found = option_value(argv[2:], "w", "www")
        return found[0] if found else None
    if name in _NODE_SERVERS:
        rest = argv[1:]
        operands_ = [
            w for i, w in enumerate(rest)
            if not w.startswith("-") and (i == 0 or rest[i - 1] not in _NODE_SERVER_VALUES)
        ]
        return operands_[0] if operands_ else "."
    return None


def served_kinds(segment: Segment, event: Event) -> set[str]:
    directory = served_directory(segment)
    if directory is None:
        return set()
    kind = classify_path(directory, cwd=segment.cwd, home=event.home, project_dir=event.project_dir)
    return {kind.value}


# -- git ---------------------------------------------------------------------------------

CHECKOUT_WITH_VALUE = frozenset(
    {"-b", "-B", "--orphan", "--conflict", "-U", "--unified", "--inter-hunk-context"}
)


def git_subcommand_index(segment: Segment) -> int | None:
    """Index in argv of git's subcommand, after global options and a `--` ending them."""
    if segment.name != "git":
        return None
    return git_subcommand_at(segment.argv, 1)


def git_pathspec(segment: Segment) -> bool:
    """`git checkout` given paths: after `--`, `.`, a second operand, or from a file."""
    start = git_subcommand_index(segment)
    if start is None or segment.argv[start] != "checkout":
        return False
    words = segment.argv[start + 1 :]
    found: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            return i + 1 < len(words)
        if word.startswith("--pathspec-from-file"):
            return True
        if word in CHECKOUT_WITH_VALUE:
            i += 1
        elif not word.startswith("-"):
            found.append(word)
        i += 1
    return len(found) >= 2 or "." in found


# -- programs read from stdin ------------------------------------------------------------

SHELLS = LAUNCHER_SHELLS | {"busybox"}  # the shells the analyser knows, and `busybox sh`
STDIN_NAMES = frozenset({"-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"})
# Options that hand the program over on the command line, per interpreter family.
INLINE_CODE = {
    "shell": frozenset({"c"}),
    "python": frozenset({"c", "m"}),
    "node": frozenset({"e", "p"}),
    "perl": frozenset({"e", "E"}),
    "ruby": frozenset({"e"}),
    "php": frozenset({"r", "f"}),
}
INLINE_LONG = frozenset({"--eval", "--print", "--command", "-Command", "-File", "--file"})
WITH_VALUE = frozenset(
    {"-o", "+o", "-O", "+O", "--rcfile", "--init-file", "-W", "-X", "-r", "--require", "-I"}
)


def _family(name: str) -> str | None:
    if name in SHELLS:
        return "shell"
    if name.startswith("python") or name in ("pypy", "pypy3"):
        return "python"
    if name in ("node", "nodejs", "bun"):
        return "node"
    if name in ("perl", "ruby", "php"):
        return name
    return None


def program_source(segment: Segment) -> str | None:
    """Where an interpreter takes its program from: "inline" (-c, -e, ...), "stdin" or a
    "file"; None when the command is not an interpreter."""
    family = _family(segment.name)
    if family is None:
        if segment.name in ("source", "."):
            return "stdin" if any(w in STDIN_NAMES for w in segment.argv[1:2]) else "file"
        return None
    words = segment.argv[1:]
    if segment.name == "busybox" and words and words[0] in SHELLS:
        words = words[1:]
    i = 0
    while i < len(words):
        word = words[i]
        if word in INLINE_LONG or word.startswith(("--eval=", "--command=", "--print=")):
            return "inline"
        if word == "--" or not word.startswith(("-", "+")) or word in STDIN_NAMES:
            rest = words[i + 1 :] if word == "--" else words[i:]
            return "stdin" if not rest or rest[0] in STDIN_NAMES else "file"
        if not word.startswith("--") and set(word[1:]) & INLINE_CODE[family]:
            return "inline"
        if word in WITH_VALUE:
            i += 2
            continue
        if family == "shell" and not word.startswith("--") and "s" in word[1:]:
            return "stdin"  # `bash -s args`: the arguments are parameters, the program is stdin
        i += 1
    return "stdin"


def reads_program_from_stdin(segment: Segment) -> bool:
    """The command is an interpreter that takes its program from standard input."""
    return program_source(segment) == "stdin"
