"""Commands handed to a program in an option: `tar --to-command=CMD`, `rsync -e CMD`,
`git -c core.pager=CMD`, `vim -c '!CMD'`, `tmux new-session CMD`, `ssh -o ProxyCommand=CMD`,
`script -c CMD`, `flock -c CMD`, `npx -c CMD`, `make --eval='all:; CMD'`.

Each of these programs is an everyday tool, and each runs the string it is given
through a shell (or as a program with arguments, which the shell parser reads the same
way). `embedded_code` finds those strings so that the walker parses them like `sh -c`.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Sequence

from .options import (
    COMMAND_OPTIONS,
    git_settings,
    git_subcommand_at,
    leading_options_end,
    option_value,
    spec,
    split_options,
)
from .wrappers import NPX_OPTIONS, entr_command, short_letters

# (shell commands, (language, source) pairs) found in one command's words.
Found = tuple[list[str], list[tuple[str, str]]]


_TAR_CODE = (
    "-I",
    "-F",
    "--to-command",
    "--rsh-command",
    "--use-compress-program",
    "--info-script",
    "--new-volume-script",
    "--checkpoint-action",
)


def _tar(words: list[str]) -> Found:
    if not any(w.startswith(_TAR_CODE) for w in words):
        return [], []  # `tar -xzf a.tgz`: the common case, in one pass
    code = [*option_value(words, "", "to-command"), *option_value(words, "", "rsh-command")]
    code += option_value(words, "", "use-compress-program")
    code += option_value(words, "", "info-script") + option_value(words, "", "new-volume-script")
    code += _short_values(words, "IF")
    for action in option_value(words, "", "checkpoint-action"):
        if action.startswith("exec="):
            code.append(action[5:])
    return code, []


def _short_values(words: list[str], letters: str) -> list[str]:
    """Values of the single-dash options `-X VALUE` or `-XVALUE` (not clusters with
    other letters before, which tar reads as flags)."""
    values = []
    for i, word in enumerate(words):
        if len(word) >= 2 and word[0] == "-" and word[1] in letters:
            if len(word) > 2:
                values.append(word[2:])
            elif i + 1 < len(words):
                values.append(words[i + 1])
    return values


def _rsync(words: list[str]) -> Found:
    return option_value(words, "e", "rsh", COMMAND_OPTIONS["rsync"]), []


def _zip(words: list[str]) -> Found:
    code = option_value(words, "", "unzip-command")
    code += [words[i + 1] for i, w in enumerate(words[:-1]) if w == "-TT"]
    return code, []


_SSH_COMMAND_KEYS = re.compile(r"^\s*(?:proxycommand|localcommand)\s*[= ]\s*(.*)$", re.IGNORECASE | re.DOTALL)


_SSH_VALUE_LETTERS = frozenset("BbcDEeFIiJLlmOopQRSWw")
# Hosts that are this machine: a command sent to one runs here.
_LOCAL_HOST = re.compile(
    r"^(?:localhost(?:\.localdomain)?|127(?:\.\d{1,3}){3}|::1|0\.0\.0\.0|0)$", re.IGNORECASE
)


def _ssh_options(words: list[str]) -> list[str]:
    code = []
    for value in option_value(words, "o", ""):
        found = _SSH_COMMAND_KEYS.match(value)
        if found:
            code.append(found.group(1))
    return code


def _ssh(words: list[str]) -> Found:
    """ProxyCommand and LocalCommand run here; so does the remote command when the host
    is this machine (`ssh localhost 'rm -rf ~'`)."""
    code = _ssh_options(words)
    destination, i = None, 0
    while i < len(words):  # options may come before and after the destination
        word = words[i]
        if word == "--":
            i += 1
            if destination is None and i < len(words):
                destination, i = words[i], i + 1
            break
        if word.startswith("-") and len(word) > 1:
            letters = word[1:]
            value_at = next((k for k, c in enumerate(letters) if c in _SSH_VALUE_LETTERS), None)
            i += 2 if value_at is not None and value_at == len(letters) - 1 else 1
        elif destination is None:
            destination, i = word, i + 1
        else:
            break
    if destination is not None and i < len(words):
        host = destination.rpartition("@")[2]
        if host.startswith("ssh://"):
            host = host[6:].rpartition("@")[2].split(":")[0]
        if _LOCAL_HOST.match(host.strip("[]")):
            code.append(" ".join(words[i:]))
    return code, []


def _scp(words: list[str]) -> Found:
    return _ssh_options(words) + option_value(words, "S", ""), []


# Git settings whose value git runs through a shell, and those it runs only when the
# value starts with "!".
_GIT_COMMANDS = frozenset(
    {
        "core.pager",
        "core.editor",
        "core.sshcommand",
        "core.fsmonitor",
        "sequence.editor",
        "diff.external",
        "gpg.program",
        "gpg.ssh.program",
        "gpg.x509.program",
        "uploadpack.packobjectshook",
        "core.askpass",
    }
)
_GIT_BANG = re.compile(r"^(?:alias\.[^=]+|credential\.(?:[^=]*\.)?helper)$", re.IGNORECASE)
_GIT_PAGERS = re.compile(r"^pager\.[^=]+$", re.IGNORECASE)


def git_setting(key: str, value: str) -> str | None:
    """The command a git setting will run, if it is one that runs commands."""
    lowered = key.lower()
    if lowered in _GIT_COMMANDS or _GIT_PAGERS.match(key):
        return value
    if _GIT_BANG.match(key) and value.startswith("!"):
        return value[1:]
    return None


_GIT_CONFIG_PAIR = re.compile(r"GIT_CONFIG_(KEY|VALUE)_(\d+)")


def git_environment_settings(assignments: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The settings git takes from its environment, as `-c` would give them:
    `GIT_CONFIG_KEY_<n>`/`GIT_CONFIG_VALUE_<n>` pairs and `GIT_CONFIG_PARAMETERS`
    (`'core.pager'='less'`, the form git passes to its children)."""
    keys: dict[str, str] = {}
    values: dict[str, str] = {}
    settings = []
    for name, value in assignments:
        pair = _GIT_CONFIG_PAIR.fullmatch(name)
        if pair is not None:
            (keys if pair.group(1) == "KEY" else values)[pair.group(2)] = value
        elif name == "GIT_CONFIG_PARAMETERS":
            try:
                words = shlex.split(value)
            except ValueError:
                continue
            settings += [(key, setting) for key, _, setting in (w.partition("=") for w in words)]
    settings += [(keys[n], values[n]) for n in keys if n in values]
    return settings


# Subcommand options whose value git runs through a shell: (short, long) pairs.
_GIT_CODE_OPTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "rebase": (("x", "exec"),),
    "difftool": (("x", "extcmd"),),
    "filter-branch": tuple(
        ("", f"{kind}-filter")
        for kind in ("env", "tree", "index", "parent", "msg", "commit", "tag-name")
    ) + (("", "setup"),),
    "send-email": tuple(("", f"{kind}-cmd") for kind in ("to", "cc", "header", "sendmail")),
    # Local repositories run the transport's program here (`git clone -u CMD ./repo`).
    "clone": (("u", "upload-pack"),),
    "fetch": (("", "upload-pack"),),
    "pull": (("", "upload-pack"),),
    "ls-remote": (("", "upload-pack"),),
    "push": (("", "receive-pack"), ("", "exec")),
    "archive": (("", "exec"),),
}


def _git(words: list[str]) -> Found:
    """`git -c KEY=CMD ...` runs CMD now; `git config KEY CMD` stores it to run later,
    which is judged as if run now. Some subcommands run a command they are given:
    `rebase --exec CMD`, `bisect run CMD ARGS`, `submodule foreach CMD`,
    `difftool --extcmd CMD`, `filter-branch --tree-filter CMD`, `grep -OCMD`."""
    code = [command for key, value in git_settings(words) if (command := git_setting(key, value))]
    at = git_subcommand_at(words, 0)
    if at is None:
        return code, []
    subcommand, rest = words[at], words[at + 1 :]
    for short, long in _GIT_CODE_OPTIONS.get(subcommand, ()):
        code += option_value(rest, short, long)
    if subcommand == "bisect" and rest[:1] == ["run"] and len(rest) > 1:
        code.append(shlex.join(rest[1:]))  # a program and its arguments
    elif subcommand == "submodule":
        operands = [w for w in rest if not w.startswith("-")]
        if operands[:1] == ["foreach"] and len(operands) > 1:
            code.append(" ".join(operands[1:]))  # git joins them and runs the string
    elif subcommand == "grep":
        code += [w[2:] for w in rest if w.startswith("-O") and len(w) > 2]
        code += [w.partition("=")[2] for w in rest if w.startswith("--open-files-in-pager=")]
    return code, []


# An ex command that runs a shell command (`!cmd`, `silent !cmd`, `r !cmd`, `w !cmd`),
# calls system() on a string, or runs Python.
_EX_SHELL = re.compile(r"^[\s:]*(?:silent!?\s*)?[%.,$\d]*(?:(?:r|read|w|write)\s*)?!(.*)$", re.DOTALL)
_EX_SYSTEM = re.compile(r"""\bsystem(?:list)?\s*\(\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')""")
_EX_PYTHON = re.compile(r"^[\s:]*(?:silent!?\s*)?(?:py3?|python3?|pyx|pythonx)\s+(.*)$", re.DOTALL)
_VIM_COMMANDS = frozenset({"-c", "--cmd"})


def _vim(words: list[str]) -> Found:
    commands = [words[i + 1] for i, w in enumerate(words[:-1]) if w in _VIM_COMMANDS]
    commands += [w[1:] for w in words if w.startswith("+") and len(w) > 1]
    code: list[str] = []
    inline: list[tuple[str, str]] = []
    for command in commands:
        if shell := _EX_SHELL.match(command):
            code.append(shell.group(1))
        elif python := _EX_PYTHON.match(command):
            inline.append(("python", python.group(1)))
        for call in _EX_SYSTEM.finditer(command):
            code.append(call.group(1) if call.group(1) is not None else call.group(2))
    return code, inline


def _less(words: list[str]) -> Found:
    return [w[2:] for w in words if w.startswith("+!")], []


def _man(words: list[str]) -> Found:
    return option_value(words, "P", "pager"), []


# tmux commands that start a shell command, with the options that take a value.
_TMUX_SPAWN = {
    "new-session": spec("cefFnstxy"),
    "new": spec("cefFnstxy"),
    "new-window": spec("ceFnt"),
    "neww": spec("ceFnt"),
    "split-window": spec("celFtp"),
    "splitw": spec("celFtp"),
    "respawn-pane": spec("cet"),
    "respawnp": spec("cet"),
    "respawn-window": spec("cet"),
    "respawnw": spec("cet"),
    "run-shell": spec("cdt"),
    "run": spec("cdt"),
    "send-keys": spec("Nt"),
    "send": spec("Nt"),
    "if-shell": spec("t"),
    "if": spec("t"),
}
_TMUX_GLOBAL = spec("cfLST")
# Keys send-keys types that are not text.
_TMUX_KEYS = re.compile(r"^(?:Enter|KPEnter|C-m|C-j|C-c|C-d|Escape|Tab|Space|BSpace)$")


def _tmux(words: list[str]) -> Found:
    """`tmux -c CMD`, `tmux new-session CMD`, `tmux run-shell CMD`, `tmux send-keys CMD
    Enter` (typed into the pane's shell), `tmux if-shell CMD ...`."""
    start = leading_options_end(words, 0, _TMUX_GLOBAL)
    code = option_value(words[:start], "c", "")
    if start < len(words) and words[start] in _TMUX_SPAWN:
        subcommand = words[start]
        rest = leading_options_end(words, start + 1, _TMUX_SPAWN[subcommand])
        operands = words[rest:]
        if subcommand in ("send-keys", "send"):
            operands = [w for w in operands if not _TMUX_KEYS.match(w)]
        elif subcommand in ("if-shell", "if"):
            operands = operands[:1]
        if operands:
            code.append(" ".join(operands))
    return code, []


# One sed command's address (`1`, `$`, `/re/`, `1,5`, `/a/,+2`) and its negation.
_SED_ADDRESS = re.compile(
    r"^\s*(?:(?:\d+(?:~\d+)?|\$|/(?:[^/\\]|\\.)*/I?)"
    r"(?:\s*,\s*(?:\d+|\$|/(?:[^/\\]|\\.)*/I?|[+~]\d+))?)?\s*!?\s*"
)
_SED_SUBSTITUTE = re.compile(
    r"^s(.)(?:(?!\1)[^\\\n]|\\.)*\1(?:(?!\1)[^\\\n]|\\.)*\1([gpeiImM0-9]*)(?:\s|\}|#|w\b|$)"
)
# What GNU sed runs that is built at run time (`e` alone, `s///e`): the walker's
# placeholder for code that arrives at run time, as in `xargs sh -c {}`.
DYNAMIC_CODE = "{}"
_SED_OPTIONS = spec("efl", "expression file line-length", attached="iI")


def _sed(words: list[str]) -> Found:
    """GNU sed's `e COMMAND` runs COMMAND; `e` alone and the `s///e` flag run the
    pattern space, which is only known at run time."""
    options, operands = split_options(words, 0, _SED_OPTIONS)
    scripts = option_value(options, "e", "expression", _SED_OPTIONS)
    if not scripts and not option_value(options, "f", "file", _SED_OPTIONS) and operands:
        scripts = [operands[0]]
    code: list[str] = []
    for script in scripts:
        if "e" not in script:
            continue  # `sed -n 1,5p`: no e command and no e flag
        for piece in re.split(r"[;\n]", script):
            address = _SED_ADDRESS.match(piece)
            command = piece[address.end() :] if address else piece
            if command[:1] == "e" and command[1:2] in ("", " ", "\t"):
                code.append(command[1:].strip() or DYNAMIC_CODE)
            elif (substitute := _SED_SUBSTITUTE.match(command)) and "e" in substitute.group(2):
                code.append(DYNAMIC_CODE)
    return code, []


def _flock(words: list[str]) -> Found:
    return option_value(words, "c", "command")[-1:], []  # the last -c counts


def _script(words: list[str]) -> Found:
    return option_value(words, "c", "command"), []  # util-linux: options anywhere


def _npx(words: list[str]) -> Found:
    """`npx -c CMD`: options before the package only (`npx jest -c x` is jest's)."""
    return option_value(words[: leading_options_end(words, 0, NPX_OPTIONS)], "c", "call"), []


def _npm(words: list[str]) -> Found:
    """`npm exec -c CMD`, and the scripts `npm pkg set scripts.NAME=CMD` (or the older
    `npm set-script NAME CMD`) writes into package.json: the next `npm run NAME`, or an
    install for a lifecycle script, runs CMD as it is."""
    if words[:1] in (["exec"], ["x"]):
        return _npx(words[1:])
    if words[:2] == ["pkg", "set"]:
        settings = (word.partition("=") for word in words[2:])
        return [value for key, sep, value in settings if sep and key.startswith("scripts.")], []
    if words[:1] == ["set-script"] and len(words) >= 3:
        return [words[2]], []
    return [], []


_MAKE_REFERENCE = re.compile(r"\$[({]([A-Za-z_][A-Za-z0-9_.]*)[)}]")
_MAKE_RULE = re.compile(r"^[^\t#=:][^#=:]*::?[^=;]*;(.*)$")


_MAKE_FILE_READ = re.compile(r"\$\(file\s*<\s*([^()\s,]+)\s*\)")


def _path_word(path: str) -> str:
    """`path` as one shell word, a leading `~/` left to expand."""
    home = "~/" if path.startswith("~/") else ""
    return home + shlex.quote(path[len(home) :])


def makefile_commands(text: str) -> list[str]:
    """The shell commands in makefile text: recipe lines (a tab first, or after `;` on
    the rule line) and `$(shell …)` calls. Make's `$$` is the shell's `$`; a make variable
    `$(NAME)` becomes the shell variable `${NAME}`, whose value is not known. Make's own
    read of a file, `$(file <PATH)`, stands as `cat -- PATH`, so the read is seen."""
    commands = [f"cat -- {_path_word(path)}" for path in _MAKE_FILE_READ.findall(text)]
    for line in text.replace("\\\n", " ").splitlines():
        start = line.find("$(shell ")
        while start >= 0:
            depth, end = 0, start + 1
            for end in range(start + 1, len(line)):
                depth += {"(": 1, ")": -1}.get(line[end], 0)
                if depth == 0:
                    break
            commands.append(line[start + 8 : end])
            start = line.find("$(shell ", start + 1)
        rule = _MAKE_RULE.match(line)
        recipe = line[1:] if line.startswith("\t") else rule.group(1) if rule else None
        if recipe and recipe.strip():
            recipe = recipe.strip().lstrip("@+-")
            recipe = _MAKE_REFERENCE.sub(r"${\1}", recipe.replace("$$", "\x00")).replace("\x00", "$")
            commands.append(recipe)
    return commands


def _make(words: list[str]) -> Found:
    """`make --eval=TEXT` (or `-E TEXT`) reads TEXT as makefile lines before the others."""
    code: list[str] = []
    for text in option_value(words, "E", "eval"):
        code += makefile_commands(text)
    return code, []


def _nix_shell(words: list[str]) -> Found:
    """`nix-shell --run CMD` and `--command CMD` run CMD in the shell it builds."""
    return option_value(words, "", "run") + option_value(words, "", "command"), []


# hyperfine: options whose values are commands, and how many words the others take.
_HYPERFINE_CODE = frozenset(
    {"-s", "--setup", "-p", "--prepare", "-c", "--cleanup", "--conclude", "--reference"}
)
_HYPERFINE_VALUES = {
    **dict.fromkeys(("-w", "--warmup", "-m", "--min-runs", "-M", "--max-runs", "-r", "--runs", "-D",
                     "--parameter-step-size", "-S", "--shell", "-u", "--time-unit", "-n", "--command-name",
                     "--style", "--sort", "--output", "--input", "--export-asciidoc", "--export-csv",
                     "--export-json", "--export-markdown", "--export-orgmode"), 1),
    **dict.fromkeys(("-L", "--parameter-list"), 2),
    **dict.fromkeys(("-P", "--parameter-scan"), 3),
}


def _hyperfine(words: list[str]) -> Found:
    """Each operand of `hyperfine` is a command it runs through a shell, and so are the
    values of `--setup`, `--prepare`, `--cleanup`, `--conclude` and `--reference`."""
    code: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        name, equals, value = word.partition("=")
        if word == "--":
            code += words[i + 1 :]
            break
        if name in _HYPERFINE_CODE and equals:
            code.append(value)
        elif word in _HYPERFINE_CODE:
            code += words[i + 1 : i + 2]
            i += 1
        elif word in _HYPERFINE_VALUES:
            i += _HYPERFINE_VALUES[word]
        elif word[:2] in _HYPERFINE_CODE and len(word) > 2:
            code.append(word[2:])  # `-p'make clean'`
        elif not word.startswith("-") or word == "-":
            code.append(word)
        i += 1
    return code, []


def _nodemon(words: list[str]) -> Found:
    """`nodemon --exec CMD` runs CMD through a shell each time a file changes."""
    return option_value(words, "x", "exec"), []


def _sg(words: list[str]) -> Found:
    """`sg [-] GROUP [-c] CMD` runs CMD through `/bin/sh -c` as a member of GROUP."""
    rest = words[1:] if words[:1] == ["-"] else words
    command = rest[1:]
    if command[:1] == ["-c"]:
        command = command[1:]
    return ([" ".join(command)] if command else []), []


def _entr(words: list[str]) -> Found:
    """`entr -s CMD` runs CMD through a shell (without `-s`, entr is a wrapper)."""
    found = entr_command(words)
    return ([words[found[0]]] if found is not None and found[1] else []), []


_WATCHEXEC = spec(
    "wWFefijsEod",
    "watch watch-non-recursive watch-file exts filter filter-file filter-prog ignore ignore-file debounce "
    "delay-run signal stop-signal stop-timeout shell env workdir on-busy-update project-origin "
    "emit-events-to wrap-process color",
)


def _watchexec(words: list[str]) -> Found:
    """`watchexec [options] [--] CMD ...` joins the words after its options and runs them
    through a shell; with `-n` or `--shell=none`, as a program with arguments."""
    end = leading_options_end(words, 0, _WATCHEXEC)
    if end >= len(words):
        return [], []
    options = words[:end]
    direct = any(
        "n" in short_letters(word, _WATCHEXEC)
        or word == "--shell=none"
        or options[i : i + 2] == ["--shell", "none"]
        for i, word in enumerate(options)
    )
    command = words[end:]
    return [shlex.join(command) if direct else " ".join(command)], []


EMBEDDERS: dict[str, Callable[[list[str]], Found]] = {
    "tar": _tar,
    "gtar": _tar,
    "gnutar": _tar,
    "rsync": _rsync,
    "zip": _zip,
    "ssh": _ssh,
    "scp": _scp,
    "sftp": _scp,
    "git": _git,
    "vim": _vim,
    "vi": _vim,
    "nvim": _vim,
    "view": _vim,
    "vimdiff": _vim,
    "ex": _vim,
    "gvim": _vim,
    "less": _less,
    "man": _man,
    "tmux": _tmux,
    "sed": _sed,
    "gsed": _sed,
    "flock": _flock,
    "script": _script,
    "npx": _npx,
    "npm": _npm,
    "make": _make,
    "gmake": _make,
    "nix-shell": _nix_shell,
    "hyperfine": _hyperfine,
    "nodemon": _nodemon,
    "sg": _sg,
    "entr": _entr,
    "watchexec": _watchexec,
}


def embedded_code(name: str, words: list[str]) -> Found:
    """The shell commands and interpreter source that `words` (a command named `name`)
    hands to a shell, or ([], []) for none."""
    return EMBEDDERS[name](words[1:])
