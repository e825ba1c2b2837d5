"""What interpreter one-liners do: delete, execute, reach the network, read env.

A light scan with regular expressions and a small string-literal reader; it
does not parse the languages. The first string literal given to a call is
reported as its argument, so `os.system('rm -rf ~')` yields the shell string
that `analyze` then parses as code.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from .model import InlineCode


@dataclass(frozen=True, slots=True)
class InlineFinding:
    """One notable call. `kind` is delete, exec, network or env."""

    kind: str
    call: str
    argument: str | None


_ALL = ("python", "javascript", "perl", "ruby", "php", "powershell")

# (kind, languages, pattern). A named group `call` names the finding; a match
# ending in `(` or whitespace is followed by the argument.
_RULES: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (kind, langs, re.compile(pattern))
    for kind, langs, pattern in (
        ("delete", ("python",), r"(?P<call>\bshutil\.rmtree|\brmtree|\bos\.(?:remove|unlink|rmdir|removedirs))\s*\("),
        ("delete", ("python",), r"(?P<call>\.(?:unlink|rmdir))\s*\("),
        ("delete", ("javascript",), r"(?P<call>\.(?:rmSync|unlinkSync|rmdirSync)|\bfs(?:\.promises)?\.(?:rm|unlink|rmdir))\s*\("),
        ("delete", ("ruby",), r"(?P<call>\bFileUtils\.(?:rm_rf|rm_r|rm_f|rm|remove_dir|remove_entry(?:_secure)?|rmtree)|\bFile\.(?:delete|unlink)|\bDir\.(?:rmdir|delete|unlink))\b\s*\(?"),
        ("delete", ("perl",), r"(?P<call>\b(?:unlink|rmtree|remove_tree|rmdir))\b\s*\(?"),
        ("delete", ("php",), r"(?P<call>\b(?:unlink|rmdir))\s*\("),
        ("delete", ("javascript", "python"), r"(?P<call>\bFile\.delete)\s*\("),
        ("delete", ("powershell",), r"(?i)(?P<call>\bRemove-Item|\brm\b|\bdel\b|\brmdir\b)\s+"),
        ("exec", ("python",), r"(?P<call>\bos\.(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?)|\bsubprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|\bpty\.spawn|\bcommands\.getoutput)\s*\("),
        ("exec", ("javascript",), r"(?P<call>\b(?:execSync|exec|spawnSync|spawn|execFileSync|execFile|fork)|\bDeno\.(?:run|Command)|\bBun\.spawn(?:Sync)?)\s*\("),
        ("exec", ("javascript",), r"(?P<call>\bBun\.\$)`"),
        ("exec", ("ruby", "perl"), r"(?P<call>\b(?:system|exec|spawn))\b\s*\(?"),
        ("exec", ("ruby",), r"(?P<call>\bIO\.popen|\bOpen3\.\w+)\s*\("),
        ("exec", ("ruby", "perl", "php"), r"(?P<call>`)"),
        ("exec", ("ruby",), r"(?P<call>%x)[({\[]"),
        ("exec", ("perl",), r"(?P<call>\bqx)\s*[({\[/]"),
        ("exec", ("php",), r"(?P<call>\b(?:system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec))\s*\("),
        ("exec", ("powershell",), r"(?i)(?P<call>\bInvoke-Expression|\biex|\bStart-Process|\bcmd(?:\.exe)?\s+/c)\s+"),
        ("network", ("python",), r"(?P<call>\burllib\d?(?:\.\w+)*|\brequests\.\w+|\bhttpx\.\w+|\bhttp\.client|\bsocket\.\w+|\baiohttp|\burlopen)"),
        ("network", ("javascript",), r"(?P<call>\bfetch\s*\(|\bhttps?\.(?:request|get)|\bnet\.(?:connect|createConnection)|\baxios|\bXMLHttpRequest|\bWebSocket)"),
        ("network", ("perl",), r"(?P<call>\bLWP(?:::\w+)*|\bHTTP::Tiny|\bIO::Socket(?:::\w+)*|\bNet::\w+)"),
        ("network", ("ruby",), r"(?P<call>\bNet::HTTP|\bopen-uri|\bURI\.open|\bTCPSocket|\bSocket\.\w+)"),
        ("network", ("php",), r"(?P<call>\bcurl_exec|\bfsockopen|\bfile_get_contents\s*\(\s*['\"]https?:)"),
        ("network", ("powershell",), r"(?i)(?P<call>\bInvoke-WebRequest|\biwr\b|\bInvoke-RestMethod|\birm\b|\bNet\.WebClient|\bDownloadString)"),
        ("env", _ALL, r"(?P<call>\bos\.environ|\bos\.getenv|\bprocess\.env|\bENV\[|\bENV\.fetch|\$ENV\{|\bgetenv\s*\(|\$env:)"),
    )
)

_LITERAL_START = re.compile(r"\s*(?:[rRbBuUfF]{0,2})(['\"`])")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def scan_inline(code: InlineCode) -> tuple[InlineFinding, ...]:
    """Deletes, executions, network use and environment reads in `code`."""
    language = code.language
    source = code.code
    found: list[InlineFinding] = []
    seen: set[tuple[str, str, int]] = set()
    for kind, languages, pattern in _RULES:
        if language not in languages:
            continue
        for match in pattern.finditer(source):
            call = match.group("call").strip().rstrip("(").strip()
            key = (kind, call, match.start())
            if key in seen:
                continue
            seen.add(key)
            argument = _argument(source, match, call)
            found.append(InlineFinding(kind, call, argument))
    return tuple(found)


def _argument(source: str, match: re.Match[str], call: str) -> str | None:
    """The first string literal given to the call that `match` found."""
    if call == "`" or call.endswith("$"):
        quote_at = match.end() - 1 if source[match.end() - 1 : match.end()] == "`" else match.end()
        return _read_literal(source, quote_at)
    if call in ("%x", "qx"):
        return _read_bracketed(source, match.end() - 1)
    end = match.end()
    if call.endswith(("unlink", "rmdir")) and call.startswith("."):
        return _path_receiver(source, match.start())
    if source[end : end + 1] == "[" or source[end:].lstrip().startswith("["):
        return _read_list(source, source.index("[", end))
    literal = _LITERAL_START.match(source, end)
    if literal is None:
        return None
    return _read_literal(source, literal.end() - 1)


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
            return "".join(out)
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


def _read_list(source: str, open_at: int) -> str | None:
    """`['rm', '-rf', '/']` -> `rm -rf /` (each element quoted for the shell)."""
    items: list[str] = []
    i = open_at + 1
    while i < len(source):
        literal = _LITERAL_START.match(source, i)
        if literal is None:
            break
        value = _read_literal(source, literal.end() - 1)
        if value is None:
            break
        items.append(value)
        close = _closing_quote_end(source, literal.end() - 1)
        rest = source[close:].lstrip()
        if not rest.startswith(","):
            break
        i = close + (len(source[close:]) - len(rest)) + 1
    return " ".join(shlex.quote(item) for item in items) if items else None


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
        (r"\bfs\.(?:writeFileSync|appendFileSync|writeFile|appendFile|createWriteStream)\s*\(", "write"),
        (r"\bfs\.(?:readFileSync|readFile|createReadStream)\s*\(", "read"),
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
    """(reads, writes): literal file paths the code opens."""
    reads: list[str] = []
    writes: list[str] = []
    source = code.code
    for pattern, access in _FILE_RULES:
        for match in pattern.finditer(source):
            literal = _LITERAL_START.match(source, match.end())
            if literal is None:
                continue
            path = _read_literal(source, literal.end() - 1)
            if not path or path.startswith(("http://", "https://")):
                continue
            after = _closing_quote_end(source, literal.end() - 1)
            kind = _access(access, source, after)
            if kind == "write":
                writes.append(path)
            elif kind == "read":
                reads.append(path)
    return reads, writes


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
