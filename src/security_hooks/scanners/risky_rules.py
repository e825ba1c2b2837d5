"""The rule type of the per-edit pattern layer and the rules it ships with.

Built-in regexes are RE2. Rules that only make sense in some languages say so
through ``paths`` globs (see `globs` for the syntax); the SQL and TLS rules
skip prose files, where the same words are usually documentation.
"""

from __future__ import annotations

from dataclasses import dataclass

BUILTIN_ORIGIN = "builtin"


@dataclass(frozen=True)
class PatternRule:
    """One reminder and when it applies.

    The rule fires on a path its ``paths`` admit (all paths when empty) and no
    ``exclude_paths`` glob matches, when ``regex`` or any of ``substrings``
    occurs in the content. A rule with neither fires on every matching path.
    """

    name: str
    reminder: str
    regex: str | None = None
    substrings: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    exclude_paths: tuple[str, ...] = ()
    origin: str = BUILTIN_ORIGIN


_PY = ("**/*.py", "**/*.pyw", "**/*.ipynb")
_JS = (
    "**/*.js",
    "**/*.mjs",
    "**/*.cjs",
    "**/*.jsx",
    "**/*.ts",
    "**/*.mts",
    "**/*.cts",
    "**/*.tsx",
    "**/*.vue",
    "**/*.svelte",
)
_WEB = _JS + ("**/*.html", "**/*.htm")
_CODE = (
    _PY
    + _JS
    + tuple(
        f"**/*.{ext}" for ext in ("java", "kt", "go", "rb", "php", "cs", "scala", "rs", "swift")
    )
)
_PROSE = ("**/*.md", "**/*.mdx", "**/*.rst", "**/*.txt")


def _sql_keywords(free: str) -> str:
    """SQL statement openers inside a string whose characters match *free*.

    Upper-case keywords are SQL almost everywhere; lower-case ``select ... from
    x where`` is required in full so that English strings do not trigger.
    """
    return (
        rf"(?:SELECT\b{free}*?\bFROM|INSERT\s+INTO|UPDATE\b{free}*?\bSET|DELETE\s+FROM"
        rf"|select\s{free}*?\bfrom\s+\w+\s+where)\b"
    )


def _sql_string(quote: str, free: str) -> str:
    return rf"{quote}{free}*?{_sql_keywords(free)}{free}*{quote}"


_DQ_FREE = r'[^"\n]'
_SQ_FREE = r"[^'\n]"
_TQ_FREE = r'[^"]'
_BT_FREE = r"[^`]"
_SQL_DQ = _sql_string('"', _DQ_FREE)
_SQL_SQ = _sql_string("'", _SQ_FREE)
_FSTRING = r"(?:\b[fF][rR]?|\b[rR][fF])"
_SQL_REGEX = "|".join(
    (
        # "SELECT ... " + id   /   'SELECT ...' . $id (PHP)
        rf"(?:{_SQL_DQ}|{_SQL_SQ})\s*(?:\+\s*[\w$(]|\.\s*\$)",
        # "... %s" % x   /   "...".format(x)
        rf"(?:{_SQL_DQ}|{_SQL_SQ})\s*(?:%\s*[\w(\[{{]|\.format\s*\()",
        # f"... {x}"   /   C# $"... {x}"
        rf'(?:{_FSTRING}|\$@?|@\$)"{_DQ_FREE}*?{_sql_keywords(_DQ_FREE)}{_DQ_FREE}*\{{',
        rf"{_FSTRING}'{_SQ_FREE}*?{_sql_keywords(_SQ_FREE)}{_SQ_FREE}*\{{",
        rf'{_FSTRING}"""{_TQ_FREE}*?{_sql_keywords(_TQ_FREE)}{_TQ_FREE}*\{{',
        # "... ${x}" / "... #{x}" / "... $x" (Kotlin, Ruby, PHP)
        rf'"{_DQ_FREE}*?{_sql_keywords(_DQ_FREE)}{_DQ_FREE}*(?:\$\{{|#\{{|\$[A-Za-z_])',
        # `... ${x}` (JavaScript template literal, may span lines)
        rf"`{_BT_FREE}*?{_sql_keywords(_BT_FREE)}{_BT_FREE}*\$\{{",
    )
)

_YAML_ARG = r"(?:[^(),]|\([^()]*\))+"
_YAML_REGEX = "|".join(
    (
        rf"\byaml\.load(?:_all)?\s*\({_YAML_ARG}\)",
        rf"\byaml\.load(?:_all)?\s*\({_YAML_ARG},\s*(?:Loader\s*=\s*)?(?:yaml\.)?"
        r"C?(?:Unsafe|Full)?Loader\s*\)",
        r"\byaml\.unsafe_load(?:_all)?\s*\(",
    )
)

BUILTIN_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "eval_call",
        "eval() runs a string as code. If any part of it can come from input, that is code "
        "injection; parse the data instead (json.loads, ast.literal_eval, JSON.parse).",
        regex=r"(?m:^|[^\w.$\n])eval\s*\(",
        paths=_PY + _WEB,
    ),
    PatternRule(
        "new_function",
        "new Function(...) compiles a string into code, just like eval(). Build the behaviour "
        "from data and ordinary functions instead.",
        regex=r"\bnew\s+Function\s*\(",
        paths=_WEB,
    ),
    PatternRule(
        "os_system",
        "os.system()/os.popen() hand the whole string to a shell. Use subprocess.run() with an "
        "argument list and no shell, so inputs cannot add commands.",
        regex=r"\bos\.(?:system|popen)\s*\(",
        paths=_PY,
    ),
    PatternRule(
        "child_process_exec",
        "child_process.exec() runs its command through a shell. Prefer execFile()/spawn() with "
        "an argument array, and never build the command from untrusted strings.",
        regex=r"\bchild_process\b[^\n;]*\.exec(?:Sync)?\s*\("
        r"|\bchild_process\.exec(?:Sync)?\b"
        r"|\bexec(?:Sync)?\s*\(\s*(?:`[^`]*\$\{|[\"'][^\"'\n]*[\"']\s*\+)",
        paths=_JS,
    ),
    PatternRule(
        "pickle_load",
        "Unpickling runs code chosen by whoever wrote the bytes. Only load pickles this program "
        "wrote itself; for anything received, use JSON or another data-only format.",
        regex=r"\b(?:c?[Pp]ickle|_pickle|dill|joblib)\.(?:loads?|Unpickler)\s*\("
        r"|\bread_pickle\s*\(",
        paths=_PY,
    ),
    PatternRule(
        "dangerously_set_inner_html",
        "dangerouslySetInnerHTML inserts raw HTML. Render text as children instead, or sanitise "
        "the HTML (e.g. DOMPurify) right before it is inserted.",
        substrings=("dangerouslySetInnerHTML",),
        paths=_JS + ("**/*.mdx",),
    ),
    PatternRule(
        "inner_html_assignment",
        "Assigning HTML strings (innerHTML, outerHTML, insertAdjacentHTML) is an XSS sink. Use "
        "textContent or build elements; sanitise if markup is really needed.",
        regex=r"\.(?:inner|outer)HTML\s*\+?=\s*[^=\s]|\binsertAdjacentHTML\s*\(",
        paths=_WEB,
    ),
    PatternRule(
        "document_write",
        "document.write() injects markup into the page and is an XSS sink. Create elements "
        "and set textContent instead.",
        regex=r"\bdocument\.write(?:ln)?\s*\(",
        paths=_WEB,
    ),
    PatternRule(
        "sql_string_building",
        "This SQL is built by pasting values into the query string (concatenation, "
        "interpolation or formatting). Pass the values as bound parameters instead.",
        regex=_SQL_REGEX,
        paths=_CODE,
    ),
    PatternRule(
        "subprocess_shell_true",
        "shell=True sends the command through /bin/sh, so quotes, ';' and '$(...)' in any "
        "input become commands. Pass an argument list without shell=True.",
        regex=r"\b(?:subprocess\.[a-z_]+|Popen|check_call|check_output)\s*\("
        r"[^;]{0,400}?\bshell\s*=\s*True\b",
        paths=_PY,
    ),
    PatternRule(
        "yaml_unsafe_load",
        "yaml.load() without SafeLoader can build arbitrary Python objects from the document. "
        "Use yaml.safe_load() or pass Loader=yaml.SafeLoader.",
        regex=_YAML_REGEX,
        paths=_PY,
    ),
    PatternRule(
        "tls_verification_disabled",
        "TLS certificate checking is switched off, so anyone on the network path can read and "
        "change this traffic. Keep verification on; point it at a CA bundle if needed.",
        regex=r"\bverify\s*=\s*False\b|\brejectUnauthorized\s*:\s*false\b"
        r"|\bNODE_TLS_REJECT_UNAUTHORIZED\b[\"']?\s*[:=]\s*[\"']?0\b"
        r"|\bInsecureSkipVerify\s*:\s*true\b|\bssl\._create_unverified_context\b",
        exclude_paths=_PROSE,
    ),
    PatternRule(
        "github_workflow_edit",
        "This edits a GitHub Actions workflow, which runs with repository credentials. Keep "
        "permissions minimal, pin actions to a commit SHA, and never interpolate "
        "${{ github.event.* }} text straight into run: scripts.",
        paths=("**/.github/workflows/**",),
    ),
)
