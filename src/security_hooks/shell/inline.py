"""What interpreter one-liners do: delete, execute, reach the network, read env.

A light scan with regular expressions and a small string-literal reader; it
does not parse the languages. The first string literal given to a call is
reported as its argument, so `os.system('rm -rf ~')` yields the shell string
that `analyze` then parses as code.
"""

from __future__ import annotations

import bisect
import functools
import re
import shlex
from dataclasses import dataclass

from .model import InlineCode


@dataclass(frozen=True, slots=True)
class InlineFinding:
    """One notable call. `kind` is delete, exec, network or env. For exec, `argument` is
    the command as shell text, with what is built at run time standing as COMPUTED."""

    kind: str
    call: str
    argument: str | None


_ALL = ("python", "javascript", "perl", "ruby", "php", "powershell", "lua", "julia", "r")
_PY, _JS, _PL, _RB, _PHP, _PS = ("python",), ("javascript",), ("perl",), ("ruby",), ("php",), (
    "powershell",
)
_LUA, _AWK, _JL, _R, _AS = ("lua",), ("awk",), ("julia",), ("r",), ("applescript",)
_PAREN = r"\s*\("  # the call's opening parenthesis
_MAYBE_PAREN = r"\b\s*\(?"  # Ruby and Perl may leave it out


def _calls(names: str, tail: str = _PAREN) -> str:
    """A pattern for any of the space-separated call `names`, captured as `call`."""
    return "(?P<call>" + "|".join(names.split()) + ")" + tail


# (kind, languages, pattern). The argument is read right after the match.
_RULES: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (kind, langs, re.compile(pattern))
    for kind, langs, pattern in (
        ("delete", _PY, _calls(
            r"\bshutil\.rmtree \brmtree \bos\.(?:remove|unlink|rmdir|removedirs)")),
        ("delete", _PY, _calls(r"\.(?:unlink|rmdir)")),
        ("delete", _JS, _calls(
            r"\.(?:rmSync|unlinkSync|rmdirSync) \bfs(?:\.promises)?\.(?:rm|unlink|rmdir)")),
        ("delete", _RB, _calls(
            r"\bFileUtils\.(?:rm_rf|rm_r|rm_f|rm|remove_dir|remove_entry(?:_secure)?|rmtree) "
            r"\bFile\.(?:delete|unlink) \bDir\.(?:rmdir|delete|unlink)", _MAYBE_PAREN)),
        ("delete", _PL, _calls(r"\b(?:unlink|rmtree|remove_tree|rmdir)", _MAYBE_PAREN)),
        ("delete", _PHP, _calls(r"\b(?:unlink|rmdir)")),
        ("delete", _JS + _PY, _calls(r"\bFile\.delete")),
        ("delete", _PS, "(?i)" + _calls(r"\bRemove-Item \brm\b \bdel\b \brmdir\b", r"\s+")),
        ("exec", _PY, _calls(
            r"\bos\.(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?) "
            r"\bsubprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput) "
            r"\bpty\.spawn \bcommands\.getoutput")),
        ("exec", _JS, _calls(
            r"\b(?:execSync|exec|spawnSync|spawn|execFileSync|execFile|fork) "
            r"\bDeno\.(?:run|Command) \bBun\.spawn(?:Sync)?")),
        ("exec", _JS, _calls(r"\bBun\.\$", "`")),
        ("exec", _RB + _PL, _calls(r"\b(?:system|exec|spawn)", _MAYBE_PAREN)),
        ("exec", _RB, _calls(r"\bIO\.popen \bOpen3\.\w+")),
        ("exec", _RB + _PL + _PHP, _calls("`", "")),
        ("exec", _RB, _calls("%x", r"[({\[]")),
        ("exec", _PL, _calls(r"\bqx", r"\s*[({\[/]")),
        ("exec", _PHP, _calls(r"\b(?:system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec)")),
        ("exec", _PS, "(?i)" + _calls(
            r"\bInvoke-Expression \biex \bStart-Process \bcmd(?:\.exe)?\s+/c", r"\s+")),
        ("delete", _LUA, _calls(r"\bos\.remove")),
        ("exec", _LUA, _calls(r"\bos\.execute \bio\.popen")),
        ("exec", _AWK, _calls(r"\bsystem")),
        # Julia: a `cmd` literal is a command object, run by run(), read(), open(), ...
        ("exec", _JL, _calls("`", "")),
        ("delete", _JL, _calls(r"(?<![\w.])rm")),
        ("delete", _R, _calls(r"\bunlink \bfile\.remove \bfs::(?:dir_delete|file_delete|link_delete)")),
        ("exec", _R, _calls(r"\bsystem2? \bshell")),
        # AppleScript's `do shell script "…"`; JavaScript for Automation's doShellScript.
        ("exec", _AS, _calls(r"\bdo\s+shell\s+script", r"\s*")),
        ("exec", _JS, _calls(r"\.doShellScript")),
        # `print ... | "cmd"` and `|&`: the string after the pipe is a shell command line.
        ("exec", _AWK, _calls(r"\|&?", r"\s*(?=\")")),
        ("network", _LUA, _calls(r"\bsocket\.\w+ \brequire\s*\(?\s*['\"]socket", "")),
        ("network", _AWK, _calls(r"/inet\d?/", "")),
        ("network", _JL, _calls(r"\bSockets\b \bDownloads\.\w+ \bdownload\s*\( \bHTTP\.\w+", "")),
        ("network", _PY, _calls(
            r"\burllib\d?(?:\.\w+)* \brequests\.\w+ \bhttpx\.\w+ \bhttp\.client "
            r"\bsocket\.\w+ \baiohttp \burlopen \bsmtplib\.\w+ \bftplib\.\w+ \bxmlrpc\.\w+ "
            r"\bparamiko\.\w+ \bwebsockets?\.\w+", "")),
        ("network", _JS, _calls(
            r"\bfetch\s*\( \bhttps?\.(?:request|get) \bnet\.(?:connect|createConnection) "
            r"\baxios \bXMLHttpRequest \bWebSocket", "")),
        # `require('https').request(...)`: the module itself is the network.
        ("network", _JS, _calls(
            r"\brequire\s*\(\s*['\"](?:node:)?(?:https?|http2|net|tls|dgram)['\"]\s*\)", "")),
        ("network", _PL, _calls(
            r"\bLWP(?:::\w+)* \bHTTP::Tiny \bIO::Socket(?:::\w+)* \bNet::\w+", "")),
        ("network", _RB, _calls(
            r"\bNet::HTTP \bopen-uri \bURI\.open \bTCPSocket \bSocket\.\w+", "")),
        ("network", _R, _calls(
            r"\bdownload\.file \bhttr2?::\w+ \bcurl::\w+ \bRCurl::\w+ \bsocketConnection "
            r"\burl\s*\(\s*['\"]https?:", "")),
        ("network", _PHP, _calls(
            r"\bcurl_exec \bfsockopen \bfile_get_contents\s*\(\s*['\"]https?:", "")),
        ("network", _PS, "(?i)" + _calls(
            r"\bInvoke-WebRequest \biwr\b \bInvoke-RestMethod \birm\b \bNet\.WebClient "
            r"\bDownloadString", "")),
        ("env", _ALL, _calls(
            r"\bos\.environ \bos\.getenv \bprocess\.env \bENV\[ \bENV\.fetch \$ENV\{ "
            r"\bgetenv\s*\( \$env: \bSys\.getenv\s*\(", "")),
    )
)

# The home directory, spelled as code: a delete given one of these deletes the home.
_HOME_FORMS = r"""(?:
        (?:require\s*\(\s*['"](?:node:)?os['"]\s*\)|\bos)\.homedir\s*\(\s*\)
      | (?<![\w.])homedir\s*\(\s*\)
      | \bprocess\.env(?:\.HOME\b|\[\s*['"]HOME['"]\s*\])
      | (?:\bos\.path\.)?\bexpanduser\s*\(\s*[rRbBuU]?['"]~/?['"]\s*\)
      | (?:\bpathlib\.)?\bPath\.home\s*\(\s*\)
      | \bos\.environ(?:\.get\s*\(\s*|\[\s*)['"]HOME['"](?:\s*[\])])?
      | \bos\.getenv\s*\(\s*['"]HOME['"](?:\s*\))?
      | \bDir\.home\b
      | \bENV(?:\[\s*['"]HOME['"]\s*\]|\.fetch\s*\(\s*['"]HOME['"](?:\s*\))?)
      | \bFile\.expand_path\s*\(\s*['"]~/?['"]\s*\)
      | \$ENV\{\s*['"]?HOME['"]?\s*\}
      | \bgetenv\s*\(\s*['"]HOME['"](?:\s*\))?
      | \$_SERVER\[\s*['"]HOME['"](?:\s*\])?
      | \bSys\.getenv\s*\(\s*['"]HOME['"](?:\s*\))?
      | \bpath\.expand\s*\(\s*['"]~/?['"]\s*\)
    )"""
_HOME_EXPRESSION = re.compile(r"\s*\(?\s*" + _HOME_FORMS, re.VERBOSE)
# The home directory interpolated into a string literal: Perl's "$ENV{HOME}/x", Ruby's
# "#{Dir.home}/x", a JavaScript template's `${os.homedir()}/x`, a Python f-string's
# f"{Path.home()}/x", PHP's "{$_SERVER['HOME']}/x".
_INTERPOLATED_HOME = re.compile(
    r"(?:\#|\$)?\{\s*" + _HOME_FORMS + r"\s*\}"
    + r"""| \$ENV\{\s*['"]?HOME['"]?\s*\}
          | \{\s*\$_(?:ENV|SERVER)\[\s*['"]HOME['"]\s*\]\s*\}""",
    re.VERBOSE,
)
_GLOB_CALL = re.compile(r"\s*\(?\s*glob\b\s*\(?")
_LITERAL_START = re.compile(r"\s*[(\[]?\s*(?:[rRbBuUfF]{0,2})(['\"`])")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


_AWK_GETLINE = re.compile(r'"((?:[^"\\]|\\.)*)"\s*\|\s*getline\b')


# Python reaches a module under other names: `__import__('os')`, `import os as o`,
# `from os import system`. They are spelled out as `os.`… before the scan.
_PY_IMPORT_CALL = re.compile(
    r"""(?:\b__import__|\bimportlib\.import_module)\s*\(\s*[rRbBuU]?(['"])([\w.]+)\1\s*\)"""
)
_PY_IMPORT_AS = re.compile(r"\bimport\s+([\w.]+)\s+as\s+(\w+)")
_PY_FROM_IMPORT = re.compile(r"\bfrom\s+([\w.]+)\s+import\s+(?:\(([\w\s,]+)\)|([\w \t,]+))")
_PY_IMPORTED = re.compile(r"(\w+)(?:\s+as\s+(\w+))?")


def python_canonical(source: str) -> str:
    """`source` with other names for a module, or for a function taken from one,
    replaced by the dotted name (`o.system(` and `system(` become `os.system(`)."""
    if "import" not in source:
        return source
    source = _PY_IMPORT_CALL.sub(lambda m: m.group(2), source)
    names: dict[str, str] = {}
    for match in _PY_IMPORT_AS.finditer(source):
        if match.group(2) != match.group(1):
            names[match.group(2)] = match.group(1)
    for match in _PY_FROM_IMPORT.finditer(source):
        module = match.group(1)
        for imported in _PY_IMPORTED.finditer(match.group(2) or match.group(3)):
            name, alias = imported.group(1), imported.group(2)
            names[alias or name] = f"{module}.{name}"
    for alias, dotted in names.items():
        # A use of the name, not an attribute or a definition of something else.
        source = re.sub(rf"(?<![\w.]){re.escape(alias)}(?=\s*[.(])", dotted, source)
    return source


def _source(code: InlineCode) -> str:
    return python_canonical(code.code) if code.language == "python" else code.code


def scan_inline(code: InlineCode) -> tuple[InlineFinding, ...]:
    """Deletes, executions, network use and environment reads in `code`."""
    language = code.language
    source = _source(code)
    found: list[InlineFinding] = []
    if language == "awk":  # `"cmd" | getline`: the command comes before its call
        found.extend(InlineFinding("exec", "getline", m.group(1)) for m in _AWK_GETLINE.finditer(source))
    for kind, languages, pattern in _RULES:
        if language not in languages:
            continue
        covered = 0  # the closing backtick of `...` is no new call
        for match in pattern.finditer(source):
            if match.start() < covered:
                continue
            call = match.group("call").strip().rstrip("(").strip()
            if language == "awk" and call.startswith("|") and _in_string(source, match.start(), language):
                continue  # `printf "%s|", $0`: a bar in a string is no pipe
            if kind == "exec":
                argument = _command(source, match, call, language)
            else:
                argument = _argument(source, match, call, language)
            if call == "`":
                covered = _closing_quote_end(source, match.start())
            found.append(InlineFinding(kind, call, argument))
    return tuple(found)


# What a part of a command built at run time becomes: a value the bash rules know only
# at run time, as they know `"$x"` (`os.system(cmd)` is a computed command name,
# `"rm -rf " + d` deletes a path known only at run time).
COMPUTED = '"$computed"'

# Calls that also name things other than running a process: `/re/.exec(s)` in
# JavaScript. Without a literal they count as running a command only where the source
# takes child_process.
_JS_AMBIGUOUS = frozenset({"exec", "spawn", "fork", "execFile"})
# What joins a string literal to more text, by language: `"rm -rf " + d`, `"rm " . $d`,
# `"rm " .. d`, `"rm %s" % d`, `"rm {}".format(d)`, `"rm " << d`.
_JOINS = {
    "python": ("+", "%", ".format"),
    "javascript": ("+",),
    "ruby": ("+", "%", "<<"),
    "perl": (".",),
    "php": (".",),
    "lua": ("..",),
    "applescript": ("&",),
}
_PY_FIELD = re.compile(r"\{[^{}]*\}")  # an f-string's `{expression}`
_RUBY_FIELD = re.compile(r"#\{[^{}]*\}")  # Ruby's `#{expression}`
_JS_FIELD = re.compile(r"\$\{[^{}]*\}")  # a JavaScript template's `${expression}`
_FIELDS = {"ruby": _RUBY_FIELD, "javascript": _JS_FIELD}
_PERCENT_FIELD = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdrifx]")
_SHLEX_SPLIT = re.compile(r"\s*shlex\.split\s*\(")
_KEYWORD = re.compile(r"\s*(?:\w+\s*(?::(?!:)|=(?!=)|=>)|\{)")


def _command(source: str, match: re.Match[str], call: str, language: str) -> str | None:
    """The command an exec call runs, as shell text: its literal, with the parts built
    at run time (a variable, a call, interpolation, text joined on) as COMPUTED."""
    if call == "`" or call.endswith("$") or call in ("%x", "qx"):
        text = _argument(source, match, call, language)
        fields = _FIELDS.get(language)
        return fields.sub(COMPUTED, text) if text is not None and fields is not None else text
    end = match.end()
    if _HOME_EXPRESSION.match(source, end):
        return "~"
    split = _SHLEX_SPLIT.match(source, end)
    if split is not None:
        end = split.end()  # `subprocess.run(shlex.split('ls -la'))`
    rest = source[end:].lstrip()
    if rest.startswith("["):
        return _read_list(source, source.index("[", end), computed=True)
    literal = _LITERAL_START.match(source, end)
    if literal is None:
        return _unquoted_command(source, match, call, language, end)
    quote_at = literal.end() - 1
    first = _read_literal(source, quote_at)
    if first is None:
        return None
    after = _closing_quote_end(source, quote_at)
    if language == "python" and "f" in source[literal.start() : quote_at].lower():
        first = _PY_FIELD.sub(COMPUTED, first)
    elif language == "ruby" or (language == "javascript" and source[quote_at] == "`"):
        first = _FIELDS[language].sub(COMPUTED, first)
    following = source[after:].lstrip()
    join = next((op for op in _JOINS.get(language, ()) if following.startswith(op)), None)
    if join is not None:
        return _joined(source, len(source) - len(following) + len(join), first)
    if language == "awk":
        if call == "system" and following[:1] not in ("", ")", ",", ";", "|", ">"):
            return first + COMPUTED  # awk joins by juxtaposition: `system("rm " $1)`
        return first
    words = _more_words(source, after, keep_computed=language in ("perl", "ruby", "r"), language=language)
    return " ".join([shlex.quote(first), *words]) if words else first


def _unquoted_command(source: str, match: re.Match[str], call: str, language: str, end: int) -> str | None:
    """An exec call given no literal: nothing, a variable bound once to a literal, or a
    value known only at run time."""
    if source[end:].lstrip().startswith(")") or _in_string(source, match.start(), language):
        return None  # `system()` runs nothing; `print("os.system(x)")` runs nothing either
    if language == "javascript" and call in _JS_AMBIGUOUS and "child_process" not in source:
        return None
    named = _named_literal(source, end, False, language)  # `cmd = 'make test'; os.system(cmd)`
    if named is not None and source[named[1] :].lstrip()[:1] in (")", ","):
        return named[0]
    return COMPUTED


def _joined(source: str, value_at: int, first: str) -> str:
    """`first` joined to the value at `value_at`: the home directory spelled as code stays
    `~`; `%s` and `{}` fields take the joined value; anything else is COMPUTED."""
    value = "~" if _HOME_EXPRESSION.match(source, value_at) else COMPUTED
    if _PERCENT_FIELD.search(first):
        return _PERCENT_FIELD.sub(lambda _: value, first)
    if "{}" in first or _PY_FIELD.search(first):
        return _PY_FIELD.sub(lambda _: value, first)
    return first + value


_QUOTES = {"javascript": "'\"`", "awk": '"'}


def _in_string(source: str, at: int, language: str) -> bool:
    """Whether `at` is inside a string literal, by counting quotes (comments are not
    read). It only ever leaves out what is text: a call written in a string, a bar in an
    awk string (`printf "%s|"`). In awk a `/` before `at` (a regular expression, which may
    hold a quote, or a division) makes it unknown, and then it is no string, so that
    `/"/ { print | "sh" }` still pipes to sh."""
    bounds, slash = _strings(source, language)
    # Inside when the last quote before `at` opens a string (it closes at or after `at`).
    return at <= slash and bisect.bisect_left(bounds, at) % 2 == 1


@functools.lru_cache(maxsize=32)
def _strings(source: str, language: str) -> tuple[tuple[int, ...], int]:
    """Where the string literals of `source` open and close, in order (an unclosed last
    one has only its opening), and for awk where the first `/` outside them is. Computed
    once per source: a long program with many calls would otherwise be read again for
    each of them."""
    quotes = _QUOTES.get(language, "'\"")
    bounds: list[int] = []
    inside: str | None = None
    slash = len(source) + 1
    i = 0
    while i < len(source):
        ch = source[i]
        if inside is not None and ch == "\\":
            i += 2
            continue
        if ch in quotes:
            if inside is None:
                inside = ch
                bounds.append(i)
            elif ch == inside:
                inside = None
                bounds.append(i)
        elif ch == "/" and inside is None and language == "awk":
            slash = i
            break
        i += 1
    return tuple(bounds), slash


def _argument(source: str, match: re.Match[str], call: str, language: str) -> str | None:
    """The first string literal given to the call that `match` found."""
    if call == "`" or call.endswith("$"):
        tail = source[match.end() - 1 : match.end()]
        quote_at = match.end() - 1 if tail == "`" else match.end()
        return _read_literal(source, quote_at)
    if call in ("%x", "qx"):
        return _read_bracketed(source, match.end() - 1)
    end = match.end()
    if call.endswith(("unlink", "rmdir")) and call.startswith("."):
        return _path_receiver(source, match.start())
    if _HOME_EXPRESSION.match(source, end):
        return "~"  # `rmSync(os.homedir())`, `rmtree(Path.home())`, `rm_rf(Dir.home)`
    glob = _GLOB_CALL.match(source, end)
    if glob is not None:
        end = glob.end()  # Perl's `unlink glob "~/*"`
    if source[end : end + 1] == "[" or source[end:].lstrip().startswith("["):
        return _read_list(source, source.index("[", end))
    literal = _LITERAL_START.match(source, end)
    if literal is None:
        named = _named_literal(source, end, False, language)  # `p = '/etc'; shutil.rmtree(p)`
        return named[0] if named is not None else None
    return _literal(source, literal, language)


_COMMA = re.compile(r"\s*,\s*")


def _more_words(source: str, at: int, *, keep_computed: bool, language: str) -> list[str]:
    """The words after a program's name given as separate arguments: Perl's and Ruby's
    `system("rm", "-rf", $ENV{HOME})`, Node's `spawnSync("rm", ["-rf", dir])`, R's
    `system2("rm", c("-rf", "~"))`. Literals, the home directory spelled as code (`~`)
    and a list; with `keep_computed`, any other argument is a COMPUTED word, not the end
    (an option such as `exception: true` is)."""
    words: list[str] = []
    while True:
        comma = _COMMA.match(source, at)
        if comma is None:
            return words
        at = comma.end()
        home = _HOME_EXPRESSION.match(source, at)
        if home is not None:
            words.append("~")
            at = home.end()
            continue
        vector = language == "r" and source.startswith("c(", at)
        if source[at : at + 1] == "[" or vector:
            listed = _read_list(source, at + vector, computed=True)
            if listed:
                words.append(listed)
            return words
        literal = _LITERAL_START.match(source, at)
        if literal is None:
            if keep_computed and _KEYWORD.match(source, at) is None:
                words.append(COMPUTED)
                at = _expression_end(source, at)
                continue
            return words
        value = _read_literal(source, literal.end() - 1)
        if value is None:
            return words
        words.append(shlex.quote(value))
        at = _closing_quote_end(source, literal.end() - 1)


def _expression_end(source: str, at: int) -> int:
    """Where the argument starting at `at` ends: the next `,` or closing bracket at its
    own depth, quotes skipped."""
    depth = 0
    i = at
    while i < len(source):
        ch = source[i]
        if ch in "'\"":
            i = _closing_quote_end(source, i)
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                return i
            depth -= 1
        elif ch == "," and depth == 0:
            return i
        i += 1
    return i


RUNTIME = "$computed"  # a part of a path known only at run time


def _literal(source: str, literal: re.Match[str], language: str) -> str | None:
    """The string literal `literal` (a _LITERAL_START match) found, with what the
    language fills in at run time as RUNTIME: a Python f-string's `{…}`, Ruby's `#{…}`
    and a JavaScript template's `${…}`. (Perl's and PHP's `$name` keeps its `$`.)"""
    quote_at = literal.end() - 1
    text = _read_literal(source, quote_at)
    if text is None:
        return None
    if language == "python" and "f" in source[literal.start() : quote_at].lower():
        return _PY_FIELD.sub(RUNTIME, text)
    if language == "ruby" and source[quote_at] != "'":
        return _RUBY_FIELD.sub(RUNTIME, text)
    if language == "javascript" and source[quote_at] == "`":
        return _JS_FIELD.sub(RUNTIME, text)
    return text


def _read_literal(source: str, quote_at: int) -> str | None:
    """Read the string literal whose opening quote is at `quote_at`."""
    if quote_at >= len(source):
        return None
    quote = source[quote_at]
    if quote not in "'\"`":
        return None
    triple = source[quote_at : quote_at + 3] == quote * 3
    closing = quote * 3 if triple else quote
    i = quote_at + len(closing)
    out: list[str] = []
    while i < len(source):
        if source.startswith(closing, i):
            text = "".join(out)
            return _INTERPOLATED_HOME.sub("~", text) if "{" in text else text
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            nxt = source[i + 1]
            out.append(_SIMPLE_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return None


_BRACKETS = {"(": ")", "{": "}", "[": "]", "/": "/"}


def _read_bracketed(source: str, open_at: int) -> str | None:
    opener = source[open_at : open_at + 1]
    closer = _BRACKETS.get(opener)
    if closer is None:
        return None
    end = source.find(closer, open_at + 1)
    return source[open_at + 1 : end] if end != -1 else None


_PY_EXECUTABLE = re.compile(r"\s*sys\.executable\b")


def _read_list(source: str, open_at: int, *, computed: bool = False) -> str | None:
    """`['rm', '-rf', '/']` -> `rm -rf /` (each element quoted for the shell). With
    `computed`, an element that is no literal is COMPUTED (`['rm', '-rf', d]`), the
    home directory spelled as code is `~`, and `sys.executable` is python3."""
    items: list[str] = []
    i = open_at + 1
    while i < len(source):
        literal = _LITERAL_START.match(source, i)
        if literal is not None:
            value = _read_literal(source, literal.end() - 1)
            if value is None:
                break
            items.append(shlex.quote(value))
            close = _closing_quote_end(source, literal.end() - 1)
        elif not computed or source[i:].lstrip().startswith("]"):
            break
        elif (home := _HOME_EXPRESSION.match(source, i)) is not None:
            items.append("~")
            close = home.end()
        elif (python := _PY_EXECUTABLE.match(source, i)) is not None:
            items.append("python3")
            close = python.end()
        else:
            items.append(COMPUTED)
            close = _expression_end(source, i)
        rest = source[close:].lstrip()
        if not rest.startswith(","):
            break
        i = close + (len(source[close:]) - len(rest)) + 1
    return " ".join(items) if items else None


def _closing_quote_end(source: str, quote_at: int) -> int:
    quote = source[quote_at]
    i = quote_at + 1
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == quote:
            return i + 1
        i += 1
    return len(source)


_PATH_CALL = re.compile(r"Path\s*\(\s*[rRbBuUfF]{0,2}(['\"])((?:\\.|(?!\1).)*)\1\s*\)\s*$")


def _path_receiver(source: str, dot_at: int) -> str | None:
    """`Path('x').unlink()` -> `x`."""
    match = _PATH_CALL.search(source[max(0, dot_at - 400) : dot_at])
    return match.group(2) if match else None


# Files opened for reading or writing, as (pattern, mode group or None, default access).
_FILE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), access)
    for pattern, access in (
        (r"\bopen\s*\(", "open"),
        (r"\bPath\s*\(", "path"),
        (r"(?=(?:\bpathlib\.)?\bPath\.home\s*\(\s*\))", "path"),  # `(Path.home() / 'x').write_text(…)`
        (r"\.(?:writeFileSync|appendFileSync|createWriteStream)\s*\(", "write"),
        (r"\bfs(?:\.promises)?\.(?:writeFile|appendFile)\s*\(", "write"),
        (r"\.(?:readFileSync|createReadStream)\s*\(", "read"),
        (r"\bfs(?:\.promises)?\.readFile\s*\(", "read"),
        (r"\bFile\.(?:write|binwrite)\s*\(", "write"),
        (r"\bFile\.(?:read|readlines|binread)\s*\(", "read"),
        (r"\bfile_put_contents\s*\(", "write"),
        (r"\bfile_get_contents\s*\(", "read"),
    )
)
_MODE = re.compile(r"\s*,\s*(?:mode\s*=\s*)?[rRbB]?(['\"])([rwaxbt+]+)\1")
_FIRST_MODE = re.compile(r"\s*(?:mode\s*=\s*)?(['\"])([rwaxbt+]+)\1")
_PATH_METHOD = re.compile(r"\s*\)\s*\.\s*(write_text|write_bytes|read_text|read_bytes|open)\b")


def inline_paths(code: InlineCode) -> tuple[list[str], list[str]]:
    """(reads, writes): file paths the code opens, when they are literals or the home
    directory spelled as code joined to a literal (`os.path.expanduser('~/.bashrc')`,
    `os.homedir() + '/.bashrc'`, `Path.home() / '.bashrc'`)."""
    reads: list[str] = []
    writes: list[str] = []
    source = _source(code)
    for pattern, access in _FILE_RULES:
        for match in pattern.finditer(source):
            found = _path_expression(source, match.end(), code.language)
            if found is None:
                continue
            path, after = found
            if not path or path.startswith(("http://", "https://")):
                continue
            kind = _access(access, source, after)
            if kind == "write":
                writes.append(path)
            elif kind == "read":
                reads.append(path)
    # One call can be found by two rules (`Path(Path.home() / 'x')`): each path once.
    return list(dict.fromkeys(reads)), list(dict.fromkeys(writes))


_EXPANDUSER = re.compile(r"\s*(?:(?:os\.path\.)?expanduser|File\.expand_path)\s*\(")
_JOIN_CALL = re.compile(r"\s*(?:os\.path\.|path\.|posixpath\.)?join\s*\(")
# `home + '/x'`, `Path.home() / 'x'`, `join(home, 'x')`, `Path.home().joinpath('x')`
_PATH_JOIN = re.compile(r"\s*(?:\+|/|,|\.\s*joinpath\s*\()\s*")


def _path_expression(source: str, at: int, language: str, hops: int = 0) -> tuple[str, int] | None:
    """The path given at `at` and where it ends: a literal, `expanduser(LITERAL)`, or the
    home directory spelled as code (possibly in `join(…)`) followed by a literal."""
    call = _EXPANDUSER.match(source, at) or _JOIN_CALL.match(source, at)
    if call is not None:
        at = call.end()
    home = _HOME_EXPRESSION.match(source, at)
    if home is not None:
        joined = _PATH_JOIN.match(source, home.end())
        literal = _LITERAL_START.match(source, joined.end()) if joined else None
        if literal is None:
            return "~", home.end()
        rest = _literal(source, literal, language)
        if rest is None:
            return None
        after = _closing_quote_end(source, literal.end() - 1)
        return "~/" + rest.lstrip("/"), _past_call(source, after, call is not None)
    literal = _LITERAL_START.match(source, at)
    if literal is None:
        return _named_literal(source, at, call is not None, language, hops)
    path = _literal(source, literal, language)
    if path is None:
        return None
    return path, _past_call(source, _closing_quote_end(source, literal.end() - 1), call is not None)


_MAX_HOPS = 4
_NAME = re.compile(r"\s*([A-Za-z_]\w*)\b(?!\s*[(.\[])")


def _named_literal(
    source: str, at: int, in_call: bool, language: str, hops: int = 0
) -> tuple[str, int] | None:
    """A variable given the path earlier in the code, as a literal or the home directory
    spelled as code: `p = '.env'; open(p, 'w')`, `d = os.path.expanduser('~'); rmtree(d)`.
    Only a variable bound once in the whole code counts: one reassigned, augmented, or
    bound by a loop, a `with`/`except`, a parameter or a block holds other values too.
    A value naming another variable is followed up to _MAX_HOPS times (`p = p` names
    itself)."""
    name = _NAME.match(source, at)
    if name is None or hops >= _MAX_HOPS:
        return None
    binding = _binding(source, name.group(1))
    if binding is None or binding[0] >= at:
        return None
    value = _path_expression(source, binding[1], language, hops + 1)
    if value is None:
        return None
    return value[0], _past_call(source, name.end(), in_call)


@functools.lru_cache(maxsize=8)
def _bindings(source: str) -> dict[str, tuple[int, int] | None]:
    """Each name the program binds exactly once, by a plain assignment, with where that
    assignment is; None for a name assigned more than once, augmented, or bound another
    way too (see _REBINDINGS). One pass over the source, however many names it uses."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for match in _ASSIGNMENT.finditer(source):
        spans.setdefault(match.group(1), []).append(match.span())
    rebound = _rebound(source)
    return {
        name: found[0] if len(found) == 1 and name not in rebound else None
        for name, found in spans.items()
    }


def _binding(source: str, name: str) -> tuple[int, int] | None:
    """(start, end) of the one assignment that binds `name` in `source`, or None."""
    return _bindings(source).get(name)


_IDENTIFIER = r"[A-Za-z_]\w*"
_ASSIGNMENT = re.compile(
    r"(?<![\w.$])(?:(?:const|let|var|my|local)\s+)?\$?(" + _IDENTIFIER + r")\s*"
    r"(?:[-+*/%|&^@.]|//|\*\*|<<|>>)?=(?![=~>])"
)
_WORD = re.compile(r"(?<![\w.])" + _IDENTIFIER)
# Other ways code binds names. The names are those of the group: of a loop's header
# (`for x in`, `foreach my $x`), `as x`, `x :=`, a block's `|x, y|`, a lambda's or a
# function's parameters, `x =>`.
# Each is a lookahead, so that matches may overlap (`as as x`).
_REBINDINGS = tuple(
    re.compile(pattern)
    for pattern in (
        r"\b(?=(?:for|foreach)\b([^\n;:]*))",
        r"\b(?=as\s+(" + _IDENTIFIER + r"))",
        r"(?<![\w.$])(?=(" + _IDENTIFIER + r")\s*:=)",
        r"(?=\|([^|\n]*)\|)",
        r"\b(?=lambda\b([^:\n]*))",
        r"\b(?=(?:def|function)\b[^(\n]*\(([^)]*))",
        r"(?<![\w.$])(?=(" + _IDENTIFIER + r")\s*=>)",
    )
)


def _rebound(source: str) -> frozenset[str]:
    """Every name the code binds other than by a plain assignment (a superset: any word
    in a loop's header counts)."""
    names: set[str] = set()
    for pattern in _REBINDINGS:
        for match in pattern.finditer(source):
            names.update(_WORD.findall(match.group(1)))
    return frozenset(names)


def _past_call(source: str, at: int, in_call: bool) -> int:
    """Past the `)` that closes `expanduser(`/`join(`, so an open mode after it is read."""
    if in_call:
        close = re.compile(r"\s*\)").match(source, at)
        if close is not None:
            return close.end()
    return at


def _access(access: str, source: str, after: int) -> str | None:
    if access == "open":
        mode = _MODE.match(source, after)
        if mode is None:
            return "read"
        return "write" if set(mode.group(2)) & set("wax+") else "read"
    if access == "path":
        method = _PATH_METHOD.match(source, after)
        if method is None:
            return None
        name = method.group(1)
        if name == "open":
            mode = _FIRST_MODE.match(source, source.find("(", method.end()) + 1)
            return "write" if mode is not None and set(mode.group(2)) & set("wax+") else "read"
        return "write" if name.startswith("write") else "read"
    return access
