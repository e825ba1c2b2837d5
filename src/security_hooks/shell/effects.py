"""Files a command reads and writes, and files it writes and then runs."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from .model import InlineCode, PathUse, Segment
from .options import COMMAND_OPTIONS, EMPTY, find_roots, git_subcommand_at, option_value, spec, split_options
from .sql_clients import SQL_CLIENTS, sql_files
from .wrappers import short_letters

_WRITE_OPS = frozenset({">", ">>", "&>", "&>>", ">|", "<>"})
# Pseudo-files whose use says nothing about the file system.
_HARMLESS = frozenset({"/dev/null", "/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/tty", "-"})
_READERS = frozenset({"cat", "less", "more", "head", "tail", "bat", "batcat", "base64", "xxd",
                      "od", "strings", "hexdump", "nl", "tac"})
_GREPS = frozenset({"grep", "egrep", "fgrep", "rg", "zgrep"})

Uses = list[PathUse]
Handler = Callable[[Segment, int, Uses, Uses], None]


def _harmless(path: str) -> bool:
    return not path or path in _HARMLESS or path.startswith("/dev/fd/")


def _operands(segment: Segment) -> tuple[list[str], list[str]]:
    opts = COMMAND_OPTIONS.get(segment.name, EMPTY)
    return split_options(segment.argv, 1, opts)


def _add(
    uses: Uses, path: str, via: str, index: int, content: str | None = None, append: bool = False
) -> None:
    if not _harmless(path):
        uses.append(PathUse(path, via, index, content, append))


_ECHO_FLAGS = frozenset({"-n", "-e", "-E", "-ne", "-en"})


def echo_words(args: Sequence[str]) -> list[str]:
    """`echo`'s arguments without its leading flags: the words it prints."""
    words = list(args)
    while words and words[0] in _ECHO_FLAGS:
        words.pop(0)
    return words


_PRINTF_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'", "a": "\a"}
_PRINTF_FIELD = re.compile(r"%(?:%|[-+ #0]*\d*(?:\.\d+)?([sbdiuxXoc]))")


def printf_output(args: list[str]) -> str | None:
    """What `printf FORMAT ARGS...` prints: the format's escapes and `%s`-style fields
    filled, the format used again while arguments are left. A conversion it does not
    know leaves the words as they are, joined (a target in them is still seen);
    `printf -v NAME` prints nothing."""
    if args[:1] == ["--"]:
        args = args[1:]
    if not args or args[0].startswith("-v"):
        return None if args else ""
    fmt, rest = _printf_escapes(args[0]), args[1:]
    if "%" in _PRINTF_FIELD.sub("", fmt):
        return " ".join(args)
    out: list[str] = []
    while True:
        text, used = _printf_pass(fmt, rest)
        out.append(text)
        rest = rest[used:]
        if not rest or not used:
            return "".join(out)


def _printf_pass(fmt: str, args: list[str]) -> tuple[str, int]:
    """One use of the format: its text, and how many arguments it took."""
    used = 0

    def fill(field: re.Match[str]) -> str:
        nonlocal used
        if field.group(0) == "%%":
            return "%"
        value = args[used] if used < len(args) else ""
        used += 1
        return _printf_escapes(value) if field.group(1) == "b" else value

    return _PRINTF_FIELD.sub(fill, fmt), used


def _printf_escapes(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _PRINTF_ESCAPES.get(m.group(1), m.group(0)), text)


def output_text(segment: Segment) -> str | None:
    """What the command prints, when its words say so: `echo` and `printf` words (any
    `$VAR` left as written), or the heredoc or here-string `cat` copies."""
    if segment.dynamic:
        return None
    args = list(segment.argv[1:])
    if segment.name == "echo":
        return " ".join(echo_words(args)) + "\n"
    if segment.name == "printf" and args:
        return printf_output(args)
    if segment.name == "cat" and not args:
        return segment.stdin_text
    return None


def _copy_like(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    _, operands = _operands(segment)
    target = _values(segment, "t", "target-directory")
    if target:
        destination, sources = target[-1], operands
    elif len(operands) >= 2 or (segment.name == "ln" and operands):
        destination, sources = operands[-1], operands[:-1]
        if segment.name == "ln" and len(operands) == 1:
            destination, sources = posixpath.basename(operands[0].rstrip("/")), operands
    else:
        return
    _add(writes, destination, segment.name, index)
    for source in sources:
        if segment.name == "cp" or segment.name == "install":
            _add(reads, source, segment.name, index)
        elif segment.name == "mv":
            _add(writes, source, "mv", index)


def _remote(path: str) -> bool:
    head = path.split("/", 1)[0]
    return path.startswith("rsync://") or (":" in head and not path.startswith("/"))


def _transfer(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    _, operands = _operands(segment)
    if len(operands) < 2:
        return
    if not _remote(operands[-1]):
        _add(writes, operands[-1], segment.name, index)
    for source in operands[:-1]:
        if not _remote(source):
            _add(reads, source, segment.name, index)


def _in_place(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """`sed -i` and `perl -i` edit their file operands; without `-i` they read them and
    print what they make of them."""
    opts = COMMAND_OPTIONS[segment.name]
    options, operands = _operands(segment)
    letters = [short_letters(o, opts) for o in options]
    in_place_letters = "iI" if segment.name == "sed" else "i"  # BSD sed: -I too
    in_place = any(set(in_place_letters) & set(group) for group in letters) or "--in-place" in options
    script_letters = "eE" if segment.name == "perl" else "ef"
    scripted = any(group[-1:] in tuple(script_letters) for group in letters) or any(
        o.startswith(("--expression", "--file")) for o in options
    )
    if in_place and operands and operands[0] == "":
        operands = operands[1:]  # BSD `sed -i '' ...`
    files = operands if scripted else operands[1:]
    for path in files:
        if in_place:
            _add(writes, path, segment.name + " -i", index)
        else:
            _add(reads, path, segment.name, index)


_AWK_VALUE = frozenset({"-F", "-v", "-i", "-l", "-f", "-e", "-E", "--field-separator", "--assign",
                        "--include", "--load", "--file", "--source", "--exec"})
_AWK_PROGRAM_GIVEN = ("-f", "-e", "-E", "--file", "--source", "--exec")
_INPLACE = ("inplace", "inplace.awk")


def _awk_in_place(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """awk reads its file operands; gawk's `-i inplace` (`--include=inplace`) rewrites them."""
    words = segment.argv
    in_place = program_given = False
    i = 1
    while i < len(words):
        word = words[i]
        if word == "--":
            i += 1
            break
        if not word.startswith("-") or word == "-":
            break
        head, eq, value = word.partition("=") if word.startswith("--") else (word[:2], "", word[2:])
        if not eq and not value and word in _AWK_VALUE:
            value = words[i + 1] if i + 1 < len(words) else ""
            i += 1
        if head in ("-i", "--include") and value in _INPLACE:
            in_place = True
        program_given = program_given or head in _AWK_PROGRAM_GIVEN
        i += 1
    files = words[i if program_given else i + 1:]
    for path in files:
        if _AWK_ASSIGNMENT.match(path):
            continue
        if in_place:
            _add(writes, path, segment.name + " -i inplace", index)
        else:
            _add(reads, path, segment.name, index)


_AWK_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


def _dd(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    for word in segment.argv[1:]:
        if word.startswith("of="):
            _add(writes, word[3:], "dd", index)
        elif word.startswith("if="):
            _add(reads, word[3:], "dd", index)


def _all_operands_written(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    _, operands = _operands(segment)
    for path in operands:
        _add(writes, path, segment.name, index)


def _mode_then_files(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """chmod/chown/chgrp: the first operand is the mode or owner."""
    options, operands = _operands(segment)
    files = operands if any(o.startswith("--reference") for o in options) else operands[1:]
    for path in files:
        _add(writes, path, segment.name, index)


def _tee(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    options, operands = _operands(segment)
    append = any("a" in short_letters(o, EMPTY) for o in options) or "--append" in options
    for path in operands:
        _add(writes, path, "tee", index, segment.stdin_text, append)


def _reader(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    _, operands = _operands(segment)
    for path in operands:
        _add(reads, path, segment.name, index)


def _grep(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    options, operands = _operands(segment)
    grep_options = COMMAND_OPTIONS["grep"]
    has_pattern = any(
        o.startswith(("--regexp", "--file")) or short_letters(o, grep_options)[-1:] in ("e", "f")
        for o in options
    )
    for path in operands if has_pattern else operands[1:]:
        _add(reads, path, segment.name, index)


def _values(segment: Segment, short: str, long: str) -> list[str]:
    """An option's values, read with the command's own option spec where there is one."""
    return option_value(segment.argv[1:], short, long, COMMAND_OPTIONS.get(segment.name))


# curl options whose value reads a file: `@FILE` (or `NAME@FILE`) for the data options,
# `@FILE` for headers (curl 7.55 and later).
_CURL_AT_FILE = (("d", "data"), ("", "data-binary"), ("", "data-ascii"), ("", "data-urlencode"),
                 ("", "json"), ("", "url-query"), ("", "variable"))
_CURL_HEADER_FILE = (("H", "header"), ("", "proxy-header"))


def _curl(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    for short, long in _CURL_AT_FILE:
        for value in _values(segment, short, long):
            if "@" in value:
                _add(reads, value.split("@", 1)[1], "curl", index)
    for short, long in _CURL_HEADER_FILE:
        for value in _values(segment, short, long):
            if value.startswith("@"):
                _add(reads, value[1:], "curl", index)
    for value in _values(segment, "T", "upload-file") + _values(segment, "K", "config"):
        _add(reads, value, "curl", index)
    for value in _values(segment, "F", "form"):
        name_value = value.partition("=")[2]
        if name_value[:1] in ("@", "<"):
            _add(reads, name_value[1:].split(";", 1)[0], "curl", index)
    for value in _values(segment, "o", "output"):
        _add(writes, value, "curl", index)


# wgetrc commands given with `-e` that name a file sent or written (`-e post_file=FILE`).
_WGETRC_READS = frozenset({"post_file", "body_file", "postfile", "bodyfile"})
_WGETRC_WRITES = frozenset({"output_document", "outputdocument"})


def _wget(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    for long in ("post-file", "body-file"):
        for value in _values(segment, "", long):
            _add(reads, value, "wget", index)
    for value in _values(segment, "O", "output-document"):
        _add(writes, value, "wget", index)
    for command in _values(segment, "e", "execute"):
        name, equals, value = command.partition("=")
        name = name.strip().lower().replace("-", "_")
        if equals and name in _WGETRC_READS:
            _add(reads, value.strip(), "wget", index)
        elif equals and name in _WGETRC_WRITES:
            _add(writes, value.strip(), "wget", index)


def _source(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    if len(segment.argv) > 1:
        _add(reads, segment.argv[1], segment.name, index)


def _sort(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    _, operands = _operands(segment)
    for value in _values(segment, "o", "output"):
        _add(writes, value, "sort", index)
    for path in operands:
        _add(reads, path, "sort", index)


_FIND_WRITES = frozenset({"-fprint", "-fprint0", "-fprintf", "-fls"})


def _find(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """`find . -fprint FILE` (and -fprint0, -fprintf, -fls) writes FILE."""
    argv = segment.argv
    for i, word in enumerate(argv[:-1]):
        if word in _FIND_WRITES:
            _add(writes, argv[i + 1], "find", index)


# tar's options that take a value, in clusters and in the old bundled form (`czf out -`).
_TAR = spec("fCTXbgKLNVH", "file directory files-from exclude-from blocking-factor "
            "listed-incremental starting-file tape-length newer label format exclude")


_TAR_ADDS = ("--create", "--append", "--update")


def _tar(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """`tar -czf out.tgz a b` (create, append, update) reads its operands and writes the
    archive."""
    argv = list(segment.argv[1:])
    bundle = argv[0] if argv and not argv[0].startswith("-") else ""
    short = "".join(w for w in argv if w.startswith("-") and not w.startswith("--"))
    if not (set(bundle + short) & set("cru") or any(w.startswith(_TAR_ADDS) for w in argv)):
        return  # extracting or listing (`tar -xzf a.tgz`) reads only the archive
    start, letters, archive = 0, "", []
    if not argv[0].startswith("-"):  # `tar czf out.tgz dir`: values follow the bundle
        letters = argv[0]
        valued = [letter for letter in letters if letter in _TAR.short]
        start = 1 + len(valued)
        archive = [value for letter, value in zip(valued, argv[1:start], strict=False) if letter == "f"]
    options, operands = split_options(argv, start, _TAR)
    for option in options:
        if option.startswith("-") and not option.startswith("--"):
            letters += short_letters(option, _TAR)
    if set(letters) & set("cru") or set(_TAR_ADDS) & set(options):
        for path in operands:
            _add(reads, path, "tar", index)
        for path in archive + option_value(options, "f", "file", _TAR):
            _add(writes, path, "tar", index)


_ZIP_PATTERN_LISTS = frozenset({"-x", "-i", "--exclude", "--include"})


def without_zip_patterns(argv: Sequence[str]) -> list[str]:
    """zip's words without its pattern lists: `-x PATTERN…` and `-i PATTERN…` name what
    to leave out or keep, up to the next option, and are no files it reads."""
    words: list[str] = []
    in_list = False
    for word in argv:
        if word in _ZIP_PATTERN_LISTS:
            in_list = True
        elif in_list and not word.startswith("-"):
            continue
        else:
            in_list = False
            words.append(word)
    return words


def _zip(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """`zip out.zip a b` reads what it adds and writes the archive, its first operand."""
    _, operands = split_options(without_zip_patterns(segment.argv), 1, spec("bnt"))
    for path in operands[1:]:
        _add(reads, path, "zip", index)
    if operands:
        _add(writes, operands[0], "zip", index)


# openssl's file options, single-dash long names on every subcommand.
_OPENSSL_READS = frozenset({"-in", "-inkey", "-key", "-sign", "-prverify", "-kfile", "-passin"})


def _openssl(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """`openssl enc -in FILE -out FILE`; the keys of `-inkey`, `-key`, `-sign`; `-passin file:F`."""
    argv = segment.argv
    for i in range(1, len(argv) - 1):
        value = argv[i + 1]
        if value.startswith("-"):
            continue  # a flag here (`rsautl -sign -inkey k`), a file elsewhere (`dgst -sign k`)
        if argv[i] in _OPENSSL_READS:
            if argv[i] == "-passin":
                if not value.startswith("file:"):
                    continue
                value = value[5:]
            _add(reads, value, "openssl", index)
        elif argv[i] == "-out":
            _add(writes, value, "openssl", index)


def _gpg(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """gpg reads its file operands (what it encrypts, signs or decrypts) and `-o FILE`."""
    options, operands = _operands(segment)
    for path in operands:
        _add(reads, path, "gpg", index)
    for path in option_value(options, "o", "output", COMMAND_OPTIONS["gpg"]):
        _add(writes, path, "gpg", index)
    for path in option_value(options, "", "passphrase-file", COMMAND_OPTIONS["gpg"]):
        _add(reads, path, "gpg", index)


_SOCAT_FILES = frozenset({"file", "open", "gopen"})


def _socat(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """`socat -u FILE:path TCP:host:port`: a file address is read, and written with what
    comes back; a CREATE address is written."""
    for word in segment.argv[1:]:
        kind, colon, rest = word.partition(":")
        if not colon or word.startswith("-"):
            continue
        path = rest.split(",", 1)[0]
        if kind.lower() in _SOCAT_FILES:
            _add(reads, path, "socat", index)
            _add(writes, path, "socat", index)
        elif kind.lower() == "create":
            _add(writes, path, "socat", index)


# `gh` subcommands that upload their file operands: (subcommand, action, leading
# operands that are not files).
_GH_UPLOADS = {("gist", "create"): 0, ("gist", "edit"): 1, ("release", "upload"): 1,
               ("release", "create"): 1}
# `gh` subcommands that post a file's text as a body or notes (`--body-file FILE`, `-F FILE`).
_GH_BODIES = frozenset({("issue", "create"), ("issue", "comment"), ("issue", "edit"), ("pr", "create"),
                        ("pr", "comment"), ("pr", "edit"), ("pr", "review"), ("release", "create"),
                        ("release", "edit"), ("discussion", "create")})


_GH_API = spec("HXfFqtp", "header method raw-field field jq template input preview hostname cache")


def _gh(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """`gh gist create FILE`, `gh release upload TAG FILE`: the files leave the machine.
    So do `gh api`'s `-F key=@FILE` fields and its `--input FILE` body."""
    argv = segment.argv
    if argv[1:2] == ("api",):
        args = list(argv[2:])
        for value in option_value(args, "F", "field", _GH_API):
            if value.partition("=")[2].startswith("@"):
                _add(reads, value.partition("=")[2][1:], "gh", index)
        for value in option_value(args, "", "input", _GH_API):
            if value != "-":
                _add(reads, value, "gh", index)
        return
    command = (argv[1], argv[2]) if len(argv) > 2 else ("", "")
    skip = _GH_UPLOADS.get(command)
    if skip is None and command not in _GH_BODIES:
        return
    if skip is not None:
        operands = [w for w in argv[3:] if not w.startswith("-")]
        for path in operands[skip:]:
            _add(reads, path.split("#", 1)[0], "gh", index)  # release assets: FILE#label
    args = list(argv[3:])
    files = option_value(args, "a", "add") + option_value(args, "F", "body-file")
    for value in files + option_value(args, "", "notes-file"):
        if value != "-":
            _add(reads, value, "gh", index)


def _tftp(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """`tftp HOST -c put FILE [REMOTE]` sends FILE."""
    argv = list(segment.argv)
    for i, word in enumerate(argv[:-2]):
        if word == "-c" and argv[i + 1] == "put":
            _add(reads, argv[i + 2], "tftp", index)


_PUTS = frozenset({"put", "mput", "reput", "append"})


def _file_transfer(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """`put FILE` in the commands an ftp-like client runs: from its stdin (`sftp host <<<
    'put ~/.ssh/id_rsa'`), `lftp -e CMDS` or `smbclient -c CMDS`."""
    scripts = [segment.stdin_text or ""]
    if segment.name in ("lftp", "smbclient"):
        scripts += _values(segment, "e" if segment.name == "lftp" else "c", "")
    for script in scripts:
        for line in re.split(r"[\n;]", script):
            words = line.split()
            if len(words) > 1 and words[0].lower() in _PUTS:
                for path in words[1:] if words[0].lower() == "mput" else words[1:2]:
                    _add(reads, path, segment.name, index)


def _mail(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """Attachments: `mail -A FILE` (mailutils), `mailx -a FILE`, `mutt -a FILE`."""
    argv = segment.argv
    for i in range(1, len(argv) - 1):
        if argv[i] in ("-a", "-A", "--attach"):
            _add(reads, argv[i + 1], segment.name, index)
        elif argv[i].startswith("--attach="):
            _add(reads, argv[i].partition("=")[2], segment.name, index)


_HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_HTTPIE_FILE_ITEM = re.compile(r"^[^=:@/]*(?::=@|=@|@)(.+)$")


def _httpie(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """HTTPie's and xh's request items that read a file: `field@FILE` (an upload),
    `field=@FILE` and `field:=@FILE` (its text as a value)."""
    operands = [w for w in segment.argv[1:] if not w.startswith("-")]
    if operands and operands[0].upper() in _HTTP_METHODS:
        operands = operands[1:]
    for item in operands[1:]:  # after the URL
        found = _HTTPIE_FILE_ITEM.match(item)
        if found is not None:
            _add(reads, found.group(1), segment.name, index)


def _sql_client(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """What a database client's scripts read and write (`.import FILE`, `\\o FILE`), in its
    arguments and in the heredoc or here-string on its stdin."""
    read, written = sql_files(segment.name, list(segment.argv), segment.stdin_text)
    for path in read:
        _add(reads, path, segment.name, index)
    for path in written:
        _add(writes, path, segment.name, index)


_GIT_CLONE = spec(
    "obucj",
    "origin branch upload-pack reference reference-if-able separate-git-dir depth shallow-since "
    "shallow-exclude config template jobs filter bundle-uri server-option",
)


def _git(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """`git clone REPO [DIR]` writes DIR, by default the repository's name in the
    current directory (a directory: everything in it)."""
    at = git_subcommand_at(segment.argv, 1)
    if at is None or segment.argv[at] != "clone":
        return
    _, named = split_options(segment.argv, at + 1, _GIT_CLONE)
    if len(named) >= 2:
        _add(writes, named[1].rstrip("/") + "/", "git", index)
    elif named:
        name = named[0].rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
        if name and name not in (".", ".."):
            _add(writes, name + "/", "git", index)


_PIP_INSTALL_DIRS = (("t", "target"), ("", "prefix"), ("", "root"))


def _pip(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    """`pip install --target DIR` (or `--prefix`, `--root`) writes the packages into DIR,
    where whatever imports from it runs them."""
    if "install" not in segment.argv[1:3]:
        return
    for short, long in _PIP_INSTALL_DIRS:
        for value in option_value(segment.argv[1:], short, long):
            _add(writes, value.rstrip("/") + "/", segment.name, index)


_HANDLERS: dict[str, Handler] = {
    "git": _git,
    **dict.fromkeys(("pip", "pip3"), _pip),
    **dict.fromkeys(SQL_CLIENTS, _sql_client),
    "tftp": _tftp,
    **dict.fromkeys(("sftp", "ftp", "lftp", "smbclient", "ncftp"), _file_transfer),
    **dict.fromkeys(("mail", "mailx", "s-nail", "mutt"), _mail),
    **dict.fromkeys(("http", "https", "xh", "xhs"), _httpie),
    "find": _find,
    "gh": _gh,
    "tar": _tar,
    "gtar": _tar,
    "bsdtar": _tar,
    "zip": _zip,
    "openssl": _openssl,
    "gpg": _gpg,
    "gpg2": _gpg,
    "socat": _socat,
    "cp": _copy_like,
    "mv": _copy_like,
    "install": _copy_like,
    "ln": _copy_like,
    "rsync": _transfer,
    "scp": _transfer,
    "sed": _in_place,
    "perl": _in_place,
    "awk": _awk_in_place,
    "gawk": _awk_in_place,
    "dd": _dd,
    "truncate": _all_operands_written,
    "touch": _all_operands_written,
    "chmod": _mode_then_files,
    "chown": _mode_then_files,
    "chgrp": _mode_then_files,
    "tee": _tee,
    "curl": _curl,
    "wget": _wget,
    "source": _source,
    ".": _source,
    "sort": _sort,
}


_APPEND_OPS = frozenset({">>", "&>>"})


def _redirect_uses(segment: Segment, index: int, reads: Uses, writes: Uses) -> None:
    for redirect in segment.redirects:
        op = redirect.op
        if op in _WRITE_OPS:
            # What stdout carries; `2> f` and `<> f` get no text of it.
            shown = output_text(segment) if op != "<>" and redirect.fd in (None, 1) else None
            _add(writes, redirect.target, op, index, shown, op in _APPEND_OPS)
        elif op == ">&" and not redirect.target.isdigit() and redirect.target != "-":
            _add(writes, redirect.target, op, index)
        elif op == "<":
            _add(reads, redirect.target, op, index)


def collect_paths(
    segments: Sequence[Segment],
    inline: Sequence[InlineCode],
    inline_uses: Sequence[tuple[list[str], list[str]]],
) -> tuple[tuple[PathUse, ...], tuple[PathUse, ...]]:
    """(reads, writes) of every segment and inline program."""
    reads: Uses = []
    writes: Uses = []
    for index, segment in enumerate(segments):
        if segment.redirects:
            _redirect_uses(segment, index, reads, writes)
        name = segment.name
        start, start_writes = len(reads), len(writes)
        if name in _READERS:
            _reader(segment, index, reads, writes)
        elif name in _GREPS:
            _grep(segment, index, reads, writes)
        else:
            handler = _HANDLERS.get(name)
            if handler is not None:
                handler(segment, index, reads, writes)
        if segment.implicit_targets:
            reads[start:] = _found_uses(reads[start:], segments, index)
            writes[start_writes:] = _found_uses(writes[start_writes:], segments, index)
        if name in _NAME_LIST_READERS and _takes_names_on_stdin(segment):
            for path in _piped_names(segments, segment):
                _add(reads, path, name, index)
    for code, (code_reads, code_writes) in zip(inline, inline_uses, strict=True):
        for path in code_reads:
            _add(reads, path, "inline", code.segment)
        for path in code_writes:
            _add(writes, path, "inline", code.segment)
    return tuple(reads), tuple(writes)


_FIND_NAME_TESTS = frozenset({"-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename"})
_NAME_LIST_READERS = frozenset({"cpio", "zip", "tar", "gtar", "bsdtar", "rsync"})
_MAX_PIPED_NAMES = 64


def _takes_names_on_stdin(segment: Segment) -> bool:
    """The command reads the names of the files it takes from stdin: `cpio -o`/`-p`,
    `zip -@`, `tar -T -`, `rsync --files-from=-`."""
    args = list(segment.argv[1:])
    if segment.name == "cpio":  # copy-out and copy-pass modes, alone or in a cluster
        clusters = "".join(w[1:] for w in args if w[:1] == "-" and w[1:2] != "-")
        return bool(set(clusters) & set("op")) or any(w in ("--create", "--pass-through") for w in args)
    if segment.name == "zip":
        return "-@" in args or "--names-stdin" in args
    if segment.name == "rsync":
        return "-" in option_value(args, "", "files-from", COMMAND_OPTIONS["rsync"])
    return "-" in option_value(args, "T", "files-from", COMMAND_OPTIONS.get(segment.name))


def _piped_names(segments: Sequence[Segment], segment: Segment) -> list[str]:
    """The file names the stage before `segment` prints: `echo`/`printf` words, or what
    `find` finds: a file of each name it tests for below each root (`~/.ssh/id_rsa` for
    `find ~/.ssh -name id_rsa`), or, with no name test, each root for all below it."""
    before = next(
        (s for s in segments if s.pipeline == segment.pipeline and s.position == segment.position - 1),
        None,
    )
    if before is None:
        return []
    if before.name == "find":
        roots, _ = find_roots(before.argv)
        examples = _find_examples(before)
        return [posixpath.join(root, e) for root in roots for e in examples] if examples else list(roots)
    text = output_text(before)
    return text.split()[:_MAX_PIPED_NAMES] if text else []


def _found_uses(uses: Uses, segments: Sequence[Segment], index: int) -> Uses:
    """A use of `{}` in a command run on what `find` found (`find ~ -name '*.pem' -exec
    curl -F f=@{} …`) uses each root and, where find names what it picks, a file of that
    name below it: `~/.pem` stands for every `*.pem`, so credential checks see it."""
    if not uses:
        return uses
    segment = segments[index]
    finder = next((s for s in reversed(segments[:index]) if s.name == "find"), None)
    examples = _find_examples(finder) if finder is not None else []
    out: Uses = []
    for use in uses:
        if "{}" not in use.path:
            out.append(use)
            continue
        for root in segment.implicit_targets:
            out.append(replace(use, path=use.path.replace("{}", root)))
            out.extend(replace(use, path=posixpath.join(root, e)) for e in examples)
    return out


def _find_examples(finder: Segment) -> list[str]:
    """A file name for each name `find` tests for: `*.pem` stands as `.pem`, so credential
    checks, which go by name, see what it would pick."""
    words = finder.argv
    names = [words[i + 1] for i in range(1, len(words) - 1) if words[i] in _FIND_NAME_TESTS]
    examples = (n.replace("*", "").replace("?", "x").rsplit("/", 1)[-1] for n in names)
    return [e for e in examples if e]


def _key(path: str, cwd: str | None) -> str:
    if cwd is not None and not path.startswith(("/", "~", "$")):
        path = posixpath.join(cwd, path)
    return posixpath.normpath(path)


def written_then_run(
    segments: Sequence[Segment], writes: Sequence[PathUse], executed: Sequence[tuple[int, str]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Files written by one segment and executed by a later one, and of those the files a
    downloader wrote (`curl -o f URL && sh f`)."""
    if not executed:
        return (), ()
    written: dict[str, list[PathUse]] = {}  # by file: one pass, not one per file run
    for use in writes:
        written.setdefault(_key(use.path, segments[use.segment].cwd), []).append(use)
    found: dict[str, None] = {}
    downloaded: dict[str, None] = {}
    for run_index, path in executed:
        for use in written.get(_key(path, segments[run_index].cwd), ()):
            if use.segment < run_index:
                found.setdefault(use.path)
                if segments[use.segment].name in DOWNLOADERS:
                    downloaded.setdefault(use.path)
    return tuple(found), tuple(downloaded)


# Commands that write what they fetch from the network.
DOWNLOADERS = frozenset({"curl", "wget", "aria2c", "http", "https", "xh", "xhs", "fetch", "lwp-download"})
