"""Option scanning shared by wrappers, effects and operands.

Each spec names the options that take a separate argument, so that
`sudo -u alice rm` skips `alice` and `head -n 5 f` does not read a file
called `5`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """Options of one command that consume an argument."""

    short: frozenset[str] = frozenset()
    long: frozenset[str] = frozenset()
    # Options whose argument is optional and may only be attached (`-i.bak`).
    attached_only: frozenset[str] = frozenset()
    # Digits after `-` are an option (`nice -10`), not an operand.
    numeric_flags: bool = False


def spec(short: str = "", long: str = "", attached: str = "", numeric: bool = False) -> OptionSpec:
    return OptionSpec(
        frozenset(short),
        frozenset(long.split()),
        frozenset(attached),
        numeric,
    )


EMPTY = OptionSpec()


def option_width(words: list[str] | tuple[str, ...], i: int, opts: OptionSpec) -> int:
    """How many words the option at `words[i]` spans (1 or 2); 0 if not an option."""
    word = words[i]
    if len(word) < 2 or word[0] != "-":
        return 0
    if word.startswith("--"):
        if word == "--":
            return 0
        name = word[2:]
        if "=" in name:
            return 1
        return 2 if name in opts.long and i + 1 < len(words) else 1
    if opts.numeric_flags and word[1:].isdigit():
        return 1
    for pos in range(1, len(word)):
        letter = word[pos]
        if letter in opts.attached_only:
            return 1
        if letter in opts.short:
            return 1 if pos + 1 < len(word) else min(2, len(words) - i)
    return 1


def split_options(
    words: list[str] | tuple[str, ...], start: int, opts: OptionSpec
) -> tuple[list[str], list[str]]:
    """Options and operands of `words[start:]`, honouring `--`.

    Options may be interleaved with operands (GNU style); the option list
    keeps an option's argument next to it.
    """
    options: list[str] = []
    operands: list[str] = []
    i = start
    n = len(words)
    while i < n:
        word = words[i]
        if word[:1] != "-" or word == "-":
            operands.append(word)
            i += 1
            continue
        if word == "--":
            operands.extend(words[i + 1 :])
            break
        width = option_width(words, i, opts)
        if width == 0:
            operands.append(word)
            i += 1
            continue
        options.extend(words[i : i + width])
        i += width
    return options, operands


def leading_options_end(words: list[str] | tuple[str, ...], start: int, opts: OptionSpec) -> int:
    """Index of the first word after the leading options (POSIX style: stop at an operand)."""
    i = start
    n = len(words)
    while i < n:
        if words[i] == "--":
            return i + 1
        width = option_width(words, i, opts)
        if width == 0:
            return i
        i += width
    return i


def option_value(
    words: list[str] | tuple[str, ...], short: str, long: str, opts: OptionSpec | None = None
) -> list[str]:
    """Values given to `-x VALUE`, `-xVALUE`, `--long VALUE` or `--long=VALUE`.

    With the command's `opts`, this is `values_of`: a cluster is read as the command
    reads it (`-Hx-d` is `-H` with the value `x-d` when `H` takes one). Without them, a
    letter later in a cluster may be a flag or part of another option's value: its value
    is taken either way, but the next word is still read as an option, so
    `curl -Hx-d -d @FILE` cannot hide `@FILE`.
    """
    if opts is not None:
        return values_of(words, 0, opts, short, long)
    values: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else None
        if word.startswith("--"):
            taken = _long_value(word[2:], long, following, values)
        elif len(word) > 1 and word[0] == "-":
            taken = _cluster_value(word, short, following, values)
        else:
            taken = 0
        i += 1 + taken
    return values


def _long_value(word: str, long: str, following: str | None, values: list[str]) -> int:
    """How many words after `--word` it takes (0 or 1); the value is added when it is `long`'s."""
    name, equals, attached = word.partition("=")
    if not long or name != long:
        return 0
    if equals:
        values.append(attached)
        return 0
    if following is None:
        return 0
    values.append(following)
    return 1


def _cluster_value(word: str, short: str, following: str | None, values: list[str]) -> int:
    """`_long_value` for a cluster of short options (`-xzf FILE`): only a letter right
    after the dash surely takes the next word."""
    at = word.find(short, 1) if short else -1
    if at < 0:
        return 0
    if word[at + 1 :]:
        values.append(word[at + 1 :])
        return 0
    if following is None:
        return 0
    values.append(following)
    return 1 if at == 1 else 0


def values_of(
    words: list[str] | tuple[str, ...], start: int, opts: OptionSpec, short: str, long: str
) -> list[str]:
    """Values of one option of `words[start:]`, read as `opts` says the command reads them:
    `-xVALUE`, `-x VALUE`, a cluster ending in it (`-Bse SQL`), `--long=VALUE`, and
    `--long VALUE` when `long` is in `opts.long`.

    A letter inside a value is no option: `-pSECRET` (with `p` in `opts.attached_only`)
    holds a password, not `-e`'s value `CRET`.
    """
    options, _ = split_options(words, start, opts)
    values: list[str] = []
    i = 0
    while i < len(options):
        word = options[i]
        following = options[i + 1] if i + 1 < len(options) else None
        i += 1
        if word.startswith("--"):
            name, equals, attached = word[2:].partition("=")
            if equals or name not in opts.long:
                if name == long and equals:
                    values.append(attached)
                continue
            if name == long and following is not None:
                values.append(following)
            i += 1  # the value, its own word
            continue
        for at in range(1, len(word)):
            letter = word[at]
            if letter in opts.attached_only:
                break
            if letter in opts.short:
                value = word[at + 1 :] or following
                if not word[at + 1 :]:
                    i += 1
                if letter == short and value is not None:
                    values.append(value)
                break
    return values


# git's global options that take a value (`git -C dir -c k=v status`).
GIT_GLOBAL_WITH_VALUE = frozenset(
    {"-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env"}
)


def git_subcommand_at(words: Sequence[str], start: int) -> int | None:
    """Index in `words` of git's subcommand, the global options from `start` skipped."""
    i = start
    while i < len(words):
        word = words[i]
        if word in GIT_GLOBAL_WITH_VALUE:
            i += 2
        elif word.startswith("-"):
            i += 1
        else:
            return i
    return None


# `git config` options that take a value, so their value is not the key or the setting.
_GIT_CONFIG_WITH_VALUE = frozenset({"-f", "--file", "--blob", "-t", "--type", "--default", "--comment"})


def git_settings(words: Sequence[str]) -> list[tuple[str, str]]:
    """The (key, value) settings in git's `words` (its name left off): each `-c KEY=VALUE`,
    which applies now, and a `git config [set] KEY VALUE`, which applies to later calls."""
    words = list(words)
    found = git_subcommand_at(words, 0)
    start = len(words) if found is None else found
    settings = []
    for setting in option_value(words[:start], "c", ""):
        key, _, value = setting.partition("=")
        settings.append((key, value))
    if words[start : start + 1] == ["config"]:
        operands = []
        i = start + 1
        while i < len(words):
            word = words[i]
            if word in _GIT_CONFIG_WITH_VALUE:
                i += 1
            elif not word.startswith("-"):
                operands.append(word)
            i += 1
        if operands[:1] == ["set"]:
            operands = operands[1:]
        if len(operands) >= 2:
            settings.append((operands[0], operands[1]))
    return settings


def find_roots(words: Sequence[str]) -> tuple[tuple[str, ...], int]:
    """The directories `find` walks (`.` when it names none), and the index where its
    expression starts. `words[0]` is find itself."""
    i, n = 1, len(words)
    while i < n and (words[i] in ("-H", "-L", "-P") or words[i][:2] in ("-D", "-O")):
        i += 2 if words[i] in ("-D", "-O") else 1
    roots = []
    while i < n and not words[i].startswith("-") and words[i] not in ("(", "!", ",", "\\("):
        roots.append(words[i])
        i += 1
    return tuple(roots) or (".",), i


# Options taking an argument, for commands whose operands rules care about.
_GPG = spec(
    "roujkfzNu",
    "recipient output local-user default-key homedir passphrase passphrase-file passphrase-fd "
    "cipher-algo digest-algo compress-algo compress-level trust-model keyserver hidden-recipient "
    "encrypt-to sig-notation set-filename comment default-recipient",
)

COMMAND_OPTIONS: dict[str, OptionSpec] = {
    "rm": spec(),
    "rmdir": spec(),
    "unlink": spec(),
    "shred": spec("ns", "iterations size random-source"),
    "cp": spec("St", "suffix target-directory backup reflink sparse preserve no-preserve"),
    "mv": spec("St", "suffix target-directory backup"),
    "ln": spec("St", "suffix target-directory backup"),
    "install": spec("gmoStC", "group mode owner suffix target-directory strip-program"),
    "chmod": spec("", "reference"),
    "chown": spec("", "reference from"),
    "chgrp": spec("", "reference"),
    "touch": spec("drt", "date reference time"),
    "truncate": spec("sr", "size reference"),
    "mkdir": spec("m", "mode context"),
    "tee": spec(),
    "cat": spec(),
    "read": spec("adinNptu"),
    "mapfile": spec("dnOsuCc"),
    "readarray": spec("dnOsuCc"),
    "less": spec("bhjkoOpPTxyz#", "log-file LOG-FILE pattern prompt tag"),
    "more": spec("n", "lines"),
    "head": spec("nc", "lines bytes"),
    "tail": spec("ncs", "lines bytes sleep-interval pid max-unchanged-stats"),
    "bat": spec("lmHrp", "language map-syntax highlight-line line-range style theme tabs wrap"),
    "base64": spec("w", "wrap"),
    "xxd": spec("cglosn", "cols groupsize len offset seek name"),
    "od": spec("AjNStw", "address-radix skip-bytes read-bytes strings format width"),
    "strings": spec("nte", "bytes radix encoding output-separator"),
    "grep": spec(
        "efmABCdD",
        "regexp file max-count after-context before-context context include exclude "
        "exclude-dir exclude-from directories devices label color colour binary-files",
    ),
    "egrep": spec("efmABCdD", "regexp file max-count include exclude exclude-dir"),
    "fgrep": spec("efmABCdD", "regexp file max-count include exclude exclude-dir"),
    "rg": spec("efmABCgtTjM", "regexp file max-count glob type type-not threads"),
    "sed": spec("efl", "expression file line-length", attached="iI"),
    "perl": spec("eEIMmlx0", "", attached="i"),
    "sort": spec("oktST", "output key field-separator buffer-size temporary-directory"),
    "find": spec(),
    "dd": spec(),
    "gpg": _GPG,
    "gpg2": _GPG,
    "tar": spec("fCTXbK", "file directory files-from exclude-from exclude"),
    "rsync": spec("eBfT", "rsh exclude include filter temp-dir rsync-path files-from"),
    "scp": spec("cFiJloPS", ""),
    "curl": spec(
        "AbcCdDeEFHKmoPQrtTuUwxXYyz",
        "data data-binary data-raw data-ascii data-urlencode json url-query variable form "
        "form-string header proxy-header upload-file output output-dir request request-target "
        "user-agent cookie cookie-jar cert cert-type key key-type pass cacert capath ciphers "
        "max-time range referer user proxy proxy-user preproxy noproxy url write-out config "
        "connect-timeout retry retry-delay retry-max-time resolve connect-to interface "
        "local-port max-filesize limit-rate dns-servers unix-socket abstract-unix-socket "
        "oauth2-bearer quote continue-at dump-header trace trace-ascii stderr netrc-file "
        "socks4 socks4a socks5 socks5-hostname",
    ),
    "wget": spec(
        "AaBDeIilOoPQRTtUwX",
        "output-document output-file append-output execute directory-prefix tries timeout "
        "user-agent post-data post-file body-data body-file method header user password "
        "http-user http-password ftp-user ftp-password proxy-user proxy-password referer "
        "input-file base wait level accept reject domains exclude-domains exclude-directories "
        "include-directories limit-rate quota load-cookies save-cookies ca-certificate "
        "ca-directory certificate private-key certificate-type private-key-type bind-address "
        "dns-timeout connect-timeout read-timeout waitretry restrict-file-names config",
    ),
    "git": spec("Cc", "git-dir work-tree namespace exec-path config-env"),
    "kill": spec("sn", "signal"),
    "mkfs": spec("tLbCcEIiJmNOrU", "type"),
    "make": spec("CfIjloW", "directory file makefile include-dir jobs load-average"),
}
