from __future__ import annotations

import pytest

from security_hooks.regex import Re2Error, compile_set
from security_hooks.scanners.risky import (
    BUILTIN_RULES,
    PatternFinding,
    PatternRule,
    PatternScanner,
)


@pytest.fixture(scope="module")
def builtin() -> PatternScanner:
    return PatternScanner(BUILTIN_RULES)


def fired(scanner: PatternScanner, path: str, text: str) -> list[str]:
    return [finding.rule for finding in scanner.scan(path, text)]


POSITIVE = [
    ("eval_call", "app.py", "result = eval(user_input)"),
    ("eval_call", "app.js", "const x = eval (code);"),
    ("eval_call", "page.html", "<script>eval(s)</script>"),
    ("new_function", "a.ts", "const f = new Function('a', body);"),
    ("os_system", "a.py", "os.system(f'rm {path}')"),
    ("os_system", "a.py", "with os.popen(cmd) as pipe:"),
    ("child_process_exec", "a.js", "require('child_process').exec(cmd, done);"),
    ("child_process_exec", "a.js", "child_process.execSync(cmd)"),
    ("child_process_exec", "a.ts", "execSync('git log ' + ref);"),
    ("child_process_exec", "a.mjs", "exec(`rm -rf ${dir}`, cb);"),
    ("pickle_load", "a.py", "data = pickle.loads(blob)"),
    ("pickle_load", "a.py", "obj = cPickle.load(f)"),
    ("pickle_load", "a.py", "u = pickle.Unpickler(stream)"),
    ("pickle_load", "a.py", "df = pd.read_pickle(path)"),
    ("dangerously_set_inner_html", "a.tsx", "<div dangerouslySetInnerHTML={{ __html: html }} />"),
    ("inner_html_assignment", "a.js", "el.innerHTML = message;"),
    ("inner_html_assignment", "a.js", "table.innerHTML += row"),
    ("inner_html_assignment", "a.ts", "node.outerHTML =\n  markup;"),
    ("inner_html_assignment", "a.js", "el.insertAdjacentHTML('beforeend', html)"),
    ("document_write", "a.html", "document.write('<p>' + name + '</p>')"),
    ("document_write", "a.js", "document.writeln(x)"),
    ("sql_string_building", "a.py", 'q = "SELECT * FROM users WHERE id = " + uid'),
    ("sql_string_building", "a.py", 'cur.execute(f"SELECT * FROM t WHERE id = {uid}")'),
    ("sql_string_building", "a.py", "cur.execute(f'DELETE FROM t WHERE id = {uid}')"),
    ("sql_string_building", "a.py", "cur.execute(\"SELECT * FROM t WHERE name = '%s'\" % name)"),
    ("sql_string_building", "a.py", 'sql = "UPDATE t SET a = {} WHERE id = {}".format(a, b)'),
    (
        "sql_string_building",
        "a.py",
        'cur.execute(f"""\n    SELECT *\n    FROM t WHERE id = {uid}\n""")',
    ),
    ("sql_string_building", "a.js", "db.query(`SELECT * FROM t WHERE id = ${req.params.id}`)"),
    ("sql_string_building", "a.js", "db.query('INSERT INTO logs VALUES (' + msg + ')')"),
    ("sql_string_building", "a.php", '$q = "SELECT * FROM t WHERE id = " . $_GET["id"];'),
    ("sql_string_building", "a.php", '$q = "SELECT * FROM t WHERE id = $id";'),
    ("sql_string_building", "a.go", 'db.Query("SELECT name FROM users WHERE id=" + id)'),
    ("sql_string_building", "a.cs", 'var q = $"SELECT * FROM t WHERE id = {id}";'),
    ("sql_string_building", "a.rb", 'User.where("SELECT * FROM users WHERE name = #{name}")'),
    ("sql_string_building", "a.py", 'q = "select * from users where id = " + uid'),
    ("subprocess_shell_true", "a.py", "subprocess.run(cmd, shell=True)"),
    (
        "subprocess_shell_true",
        "a.py",
        "out = subprocess.check_output(\n    f'ls {d}',\n    shell=True,\n)",
    ),
    ("subprocess_shell_true", "a.py", "proc = Popen(cmd, stdout=PIPE, shell = True)"),
    ("yaml_unsafe_load", "a.py", "cfg = yaml.load(f)"),
    ("yaml_unsafe_load", "a.py", "cfg = yaml.load(open(path))"),
    ("yaml_unsafe_load", "a.py", "yaml.load(text, Loader=yaml.Loader)"),
    ("yaml_unsafe_load", "a.py", "yaml.load(text, Loader=yaml.FullLoader)"),
    ("yaml_unsafe_load", "a.py", "yaml.load_all(text, yaml.UnsafeLoader)"),
    ("yaml_unsafe_load", "a.py", "yaml.unsafe_load(text)"),
    ("tls_verification_disabled", "a.py", "requests.get(url, verify=False)"),
    ("tls_verification_disabled", "a.js", "new https.Agent({ rejectUnauthorized: false })"),
    ("tls_verification_disabled", "a.go", "cfg := &tls.Config{InsecureSkipVerify: true}"),
    ("tls_verification_disabled", ".env", "NODE_TLS_REJECT_UNAUTHORIZED=0"),
    ("tls_verification_disabled", "a.py", "ctx = ssl._create_unverified_context()"),
    ("github_workflow_edit", "/repo/.github/workflows/ci.yml", "on: push"),
    ("github_workflow_edit", ".github/workflows/release.yaml", ""),
    ("github_workflow_edit", "C:\\repo\\.github\\workflows\\ci.yml", "jobs: {}"),
]

NEGATIVE = [
    ("eval_call", "train.py", "model.eval()"),
    ("eval_call", "a.py", "value = ast.literal_eval(text)"),
    ("eval_call", "a.py", "score = evaluate(x)"),
    ("eval_call", "a.js", "$eval('#id', fn)"),
    ("eval_call", "README.md", "never call eval(x) on input"),
    ("eval_call", "main.go", "eval(x)"),
    ("new_function", "a.ts", "function newFunction() {}"),
    ("new_function", "a.py", "new Function(x)"),
    ("os_system", "a.py", "os.path.join(a, b)"),
    ("os_system", "run.sh", "os.system(x)"),
    ("child_process_exec", "a.js", "execFile('git', ['log'], cb)"),
    ("child_process_exec", "a.js", "const m = pattern.exec(str)"),
    ("pickle_load", "a.py", "blob = pickle.dumps(obj)"),
    ("pickle_load", "a.js", "pickle.loads(x)"),
    ("dangerously_set_inner_html", "a.tsx", "<div>{text}</div>"),
    ("dangerously_set_inner_html", "notes.txt", "dangerouslySetInnerHTML"),
    ("inner_html_assignment", "a.js", "if (el.innerHTML === '') {}"),
    ("inner_html_assignment", "a.js", "const html = el.innerHTML;"),
    ("inner_html_assignment", "a.js", "el.textContent = message;"),
    ("document_write", "a.js", "stream.write(chunk)"),
    ("sql_string_building", "a.py", 'cur.execute("SELECT * FROM t WHERE id = %s", (uid,))'),
    ("sql_string_building", "a.js", "db.query('SELECT * FROM t WHERE id = $1', [id])"),
    ("sql_string_building", "a.py", 'msg = "Please select a file from the list: " + name'),
    ("sql_string_building", "a.py", 'q = ("SELECT a "\n     "FROM t")'),
    ("sql_string_building", "docs/guide.md", 'q = "SELECT * FROM t WHERE id = " + uid'),
    ("subprocess_shell_true", "a.py", "subprocess.run(['ls', d], check=True)"),
    ("subprocess_shell_true", "a.py", "subprocess.run(cmd, shell=False)"),
    ("yaml_unsafe_load", "a.py", "cfg = yaml.safe_load(f)"),
    ("yaml_unsafe_load", "a.py", "cfg = yaml.load(f, Loader=yaml.SafeLoader)"),
    ("yaml_unsafe_load", "a.py", "cfg = yaml.load(f, Loader=yaml.CSafeLoader)"),
    ("yaml_unsafe_load", "a.py", "cfg = yaml.load(\n    f,\n    Loader=SafeLoader,\n)"),
    ("tls_verification_disabled", "a.py", "requests.get(url, verify=True)"),
    ("tls_verification_disabled", "docs/guide.md", "never pass verify=False"),
    ("github_workflow_edit", "/repo/.github/dependabot.yml", "version: 2"),
    ("github_workflow_edit", "/repo/docs/github-workflows.md", "text"),
]


def test_every_builtin_has_positive_and_negative_cases() -> None:
    names = {rule.name for rule in BUILTIN_RULES}
    assert {case[0] for case in POSITIVE} == names
    assert {case[0] for case in NEGATIVE} == names


@pytest.mark.parametrize(("rule", "path", "text"), POSITIVE)
def test_builtin_fires(builtin: PatternScanner, rule: str, path: str, text: str) -> None:
    assert rule in fired(builtin, path, text)


@pytest.mark.parametrize(("rule", "path", "text"), NEGATIVE)
def test_builtin_stays_quiet(builtin: PatternScanner, rule: str, path: str, text: str) -> None:
    assert rule not in fired(builtin, path, text)


def test_builtins_are_unique_and_have_reminders() -> None:
    assert len({rule.name for rule in BUILTIN_RULES}) == len(BUILTIN_RULES)
    for rule in BUILTIN_RULES:
        assert rule.origin == "builtin"
        assert 20 < len(rule.reminder) <= 300


def test_one_finding_per_rule_on_its_first_line(builtin: PatternScanner) -> None:
    text = "import os\n\nos.system(a)\nx = 1\nos.system(b)\ndata = eval(s)\n"
    findings = builtin.scan("/src/tool.py", text)
    assert [(f.rule, f.line) for f in findings] == [("os_system", 3), ("eval_call", 6)]
    assert findings[0] == PatternFinding("os_system", BUILTIN_RULES[2].reminder, 3, "builtin")


def test_line_of_a_match_at_the_start_of_a_line(builtin: PatternScanner) -> None:
    assert [(f.rule, f.line) for f in builtin.scan("a.py", "x = 1\neval(s)\n")] == [("eval_call", 2)]


def test_non_ascii_text_before_the_match(builtin: PatternScanner) -> None:
    text = "# Grüße 🔒\nx = '\ud800'\nos.system(cmd)\n"
    assert [(f.rule, f.line) for f in builtin.scan("a.py", text)] == [("os_system", 3)]


def test_clean_code_and_unrelated_paths(builtin: PatternScanner) -> None:
    assert builtin.scan("/src/a.py", "def add(a, b):\n    return a + b\n") == ()
    assert builtin.scan("/img/logo.png", "eval(x) os.system(y)") == ()


USER_RULES = (
    PatternRule(
        "legacy_hash",
        "MD5 and SHA-1 are broken; use SHA-256 or a password hash.",
        substrings=("md5(", "sha1("),
        origin="/p/.claude/security-patterns.yaml",
    ),
    PatternRule(
        "raw_cursor_in_handlers",
        "Handlers go through the repository layer, not raw cursors.",
        regex=r"\bcursor\.execute\(",
        paths=("**/handlers/**",),
        exclude_paths=("**/tests/**",),
        origin="/p/.claude/security-patterns.yaml",
    ),
    PatternRule(
        "migration_touched",
        "Migrations need a DBA review.",
        paths=("**/migrations/*.sql",),
        origin="/home/u/.claude/security-patterns.json",
    ),
)


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("/p/app.py", "h = hashlib.md5(data)", ["legacy_hash"]),
        ("/p/app.py", "h = sha1(data)", ["legacy_hash"]),
        ("/p/app.py", "h = sha256(data)", []),
        ("/p/src/handlers/orders.py", "cursor.execute(q)", ["raw_cursor_in_handlers"]),
        ("/p/src/models/orders.py", "cursor.execute(q)", []),
        ("/p/src/handlers/tests/test_orders.py", "cursor.execute(q)", []),
        ("/p/db/migrations/0001.sql", "", ["migration_touched"]),
        ("/p/db/migrations/sub/0001.sql", "", []),
    ],
)
def test_user_rules(path: str, text: str, expected: list[str]) -> None:
    assert fired(PatternScanner(USER_RULES), path, text) == expected


def test_builtin_and_user_rules_together_keep_origin() -> None:
    scanner = PatternScanner(BUILTIN_RULES + USER_RULES)
    findings = scanner.scan("/p/x.py", "k = md5(b)\nos.system(k)\n")
    assert [(f.rule, f.line, f.origin) for f in findings] == [
        ("legacy_hash", 1, "/p/.claude/security-patterns.yaml"),
        ("os_system", 2, "builtin"),
    ]


def test_rule_with_regex_and_substrings_fires_on_either() -> None:
    rule = PatternRule("both", "r", regex=r"\bfoo\d+", substrings=("bar",), origin="t")
    scanner = PatternScanner([rule])
    assert fired(scanner, "a", "foo12") == ["both"]
    assert fired(scanner, "a", "x bar") == ["both"]
    assert fired(scanner, "a", "foo") == []


def test_substrings_are_literal() -> None:
    scanner = PatternScanner([PatternRule("lit", "r", substrings=("a.b(", "[x]"), origin="t")])
    assert fired(scanner, "f", "a.b(1)") == ["lit"]
    assert fired(scanner, "f", "axb(1) x") == []


def test_invalid_rule_regex_is_rejected_by_name() -> None:
    with pytest.raises(ValueError, match="'bad' from t"):
        PatternScanner([PatternRule("bad", "r", regex=r"(?=x)", origin="t")])


def test_falls_back_to_single_searches_when_the_set_is_too_large(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = compile_set

    def refuse_content_sets(patterns: list[str], *, anchored: bool = False) -> object:
        if not anchored:
            raise Re2Error("pattern set too large to compile")
        return original(patterns, anchored=anchored)

    monkeypatch.setattr("security_hooks.scanners.risky.compile_set", refuse_content_sets)
    scanner = PatternScanner(BUILTIN_RULES)
    assert fired(scanner, "a.py", "x = 1\nos.system(c)\n") == ["os_system"]
    assert fired(scanner, "a.py", "x = 1\n") == []


def test_no_rules() -> None:
    assert PatternScanner([]).scan("a.py", "eval(x)") == ()
