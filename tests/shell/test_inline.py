"""Interpreter one-liners: extraction, what they do, and shell strings inside them."""

from __future__ import annotations

import pytest
from shell_testing import find, named, run

from security_hooks.shell import InlineCode, InlineFinding, scan_inline
from security_hooks.shell.inline import python_canonical


@pytest.mark.parametrize(
    ("command", "language", "code"),
    [
        ("python -c 'print(1)'", "python", "print(1)"),
        ("python3 -c 'print(1)'", "python", "print(1)"),
        ("python3.12 -c 'print(1)'", "python", "print(1)"),
        ("/usr/bin/python3 -I -c 'print(1)'", "python", "print(1)"),
        ("python3 -u -W ignore -c 'print(1)'", "python", "print(1)"),
        ("node -e 'x()'", "javascript", "x()"),
        ("node --eval 'x()'", "javascript", "x()"),
        ("node --eval='x()'", "javascript", "x()"),
        ("node -p 'x()'", "javascript", "x()"),
        ("node -r dotenv/config -e 'x()'", "javascript", "x()"),
        ("perl -e 'unlink 1'", "perl", "unlink 1"),
        ("perl -E 'say 1'", "perl", "say 1"),
        ("perl -lne 'print' f", "perl", "print"),
        ("perl -pi -e 's/a/b/' f", "perl", "s/a/b/"),
        ("ruby -e 'puts 1'", "ruby", "puts 1"),
        ("ruby -rjson -e 'puts 1'", "ruby", "puts 1"),
        ("php -r 'echo 1;'", "php", "echo 1;"),
        ("deno eval 'Deno.exit()'", "javascript", "Deno.exit()"),
        ("bun -e 'x()'", "javascript", "x()"),
        ("pwsh -c 'Get-ChildItem'", "powershell", "Get-ChildItem"),
        ("powershell -Command Remove-Item -Recurse x", "powershell", "Remove-Item -Recurse x"),
        ("pwsh -NoProfile -Command 'dir'", "powershell", "dir"),
        ("PWSH -c 'dir'", "powershell", "dir"),
        ("PowerShell -Command dir", "powershell", "dir"),
        ("POWERSHELL -Command Remove-Item x", "powershell", "Remove-Item x"),
        ("python3 - <<'EOF'\nimport os\nEOF", "python", "import os\n"),
        ("python3 <<EOF\nimport os\nEOF", "python", "import os\n"),
        ("node <<< 'x()'", "javascript", "x()\n"),
        ("echo 'import os' | python3", "python", "import os"),
        ("lua -e 'print(1)'", "lua", "print(1)"),
        ("awk '{print $1}' f.txt", "awk", "{print $1}"),
        ("awk -F: -v n=1 '{print $n}' /etc/group", "awk", "{print $n}"),
        ("gawk -e 'BEGIN{x=1}' f", "awk", "BEGIN{x=1}"),
        ("gawk --source='BEGIN{x=1}' f", "awk", "BEGIN{x=1}"),
        ("Rscript -e 'x <- 1' -e 'print(x)'", "r", "x <- 1\nprint(x)"),
        ("Rscript --default-packages=utils -e 'print(1)'", "r", "print(1)"),
        ("R --vanilla -e 'print(1)'", "r", "print(1)"),
        ("osascript -e 'display dialog \"x\"'", "applescript", 'display dialog "x"'),
        ("osascript -l JavaScript -e 'Application(\"Finder\")'", "javascript", 'Application("Finder")'),
        ("osascript <<'EOF'\nbeep\nEOF", "applescript", "beep\n"),
    ],
)
def test_inline_code_is_extracted(command: str, language: str, code: str) -> None:
    analysis = run(command)
    assert [(c.language, c.code) for c in analysis.inline_code] == [(language, code)]
    host = analysis.segments[analysis.inline_code[0].segment]
    assert host.name not in ("", "echo")


@pytest.mark.parametrize(
    "command",
    [
        "python3 script.py -c x",
        "python3 -m http.server",
        "node app.js -e x",
        "perl script.pl",
        "ruby -v",
        "echo python -c 'x'",
        "grep -e 'x' f",
        "Rscript analysis.R -e x",
        "Rscript analysis.R --args -e x",
        "osascript notify.scpt",
    ],
)
def test_no_inline_code(command: str) -> None:
    assert run(command).inline_code == ()


def test_encoded_powershell_is_decoded() -> None:
    analysis = run("pwsh -enc RwBlAHQALQBEAGEAdABlAA==")
    assert analysis.inline_code[0].code == "Get-Date"


@pytest.mark.parametrize(
    ("language", "code", "kind", "call", "argument"),
    [
        ("python", "import shutil; shutil.rmtree('/home/user')", "delete", "shutil.rmtree", "/home/user"),
        ("python", "import os; os.remove('/etc/passwd')", "delete", "os.remove", "/etc/passwd"),
        ("python", "import os; os.unlink(p)", "delete", "os.unlink", None),
        ("python", "os.rmdir('d'); os.removedirs('a/b')", "delete", "os.removedirs", "a/b"),
        ("python", "from pathlib import Path; Path('x.db').unlink()", "delete", ".unlink", "x.db"),
        ("javascript", "require('fs').rmSync('/x', {recursive: true})", "delete", ".rmSync", "/x"),
        ("javascript", "fs.unlinkSync('a')", "delete", ".unlinkSync", "a"),
        (
            "ruby",
            "require 'fileutils'; FileUtils.rm_rf('/home/user')",
            "delete",
            "FileUtils.rm_rf",
            "/home/user",
        ),
        ("ruby", "File.delete('x')", "delete", "File.delete", "x"),
        ("perl", "unlink '/etc/x'", "delete", "unlink", "/etc/x"),
        ("perl", "use File::Path; rmtree('/srv')", "delete", "rmtree", "/srv"),
        ("php", "unlink('/x');", "delete", "unlink", "/x"),
        # the home directory spelled as code
        ("javascript", "fs.rmSync(require('os').homedir(), {recursive: true})", "delete", ".rmSync", "~"),
        ("javascript", "fs.rmSync(os.homedir())", "delete", ".rmSync", "~"),
        ("javascript", "fs.rmSync(process.env['HOME'])", "delete", ".rmSync", "~"),
        ("python", "shutil.rmtree(os.path.expanduser('~'))", "delete", "shutil.rmtree", "~"),
        ("python", "shutil.rmtree(pathlib.Path.home() / 'x')", "delete", "shutil.rmtree", "~"),
        ("python", "shutil.rmtree(os.environ.get('HOME'))", "delete", "shutil.rmtree", "~"),
        ("ruby", "FileUtils.rm_rf(Dir.home)", "delete", "FileUtils.rm_rf", "~"),
        ("ruby", "FileUtils.rm_rf ENV.fetch('HOME')", "delete", "FileUtils.rm_rf", "~"),
        ("perl", "rmtree($ENV{HOME})", "delete", "rmtree", "~"),
        ("perl", 'unlink glob "~/*"', "delete", "unlink", "~/*"),
        ("php", "unlink(getenv('HOME') . '/x');", "delete", "unlink", "~"),
        ("python", "shutil.rmtree(os.path.expanduser('~/proj/build'))", "delete", "shutil.rmtree", None),
        ("python", "import os; os.system('rm -rf ~')", "exec", "os.system", "rm -rf ~"),
        ("python", 'os.popen("ls")', "exec", "os.popen", "ls"),
        ("python", "subprocess.run(['rm', '-rf', '/x y'])", "exec", "subprocess.run", "rm -rf '/x y'"),
        ("python", "subprocess.check_output('id', shell=True)", "exec", "subprocess.check_output", "id"),
        ("javascript", "require('child_process').execSync('rm -rf /')", "exec", "execSync", "rm -rf /"),
        ("javascript", "cp.spawn('ls', ['-l'])", "exec", "spawn", "ls -l"),  # the words after the name
        ("perl", 'system("rm", "-rf", $ENV{HOME})', "exec", "system", "rm -rf ~"),
        ("ruby", 'system("rm", "-rf", Dir.home)', "exec", "system", "rm -rf ~"),
        ("javascript", "execFileSync('rm', ['-rf', '/etc'])", "exec", "execFileSync", "rm -rf /etc"),
        ("python", "subprocess.run('make x', shell=True)", "exec", "subprocess.run", "make x"),
        ("php", 'exec("ls -la", $out)', "exec", "exec", "ls -la"),
        ("perl", 'unlink("my file", "other")', "delete", "unlink", "my file"),  # a path, not words
        ("ruby", "system('rm -rf /')", "exec", "system", "rm -rf /"),
        ("ruby", "system 'ls'", "exec", "system", "ls"),
        ("ruby", "`rm -rf /`", "exec", "`", "rm -rf /"),
        ("ruby", "%x(whoami)", "exec", "%x", "whoami"),
        ("perl", "system('rm -rf /home/user')", "exec", "system", "rm -rf /home/user"),
        ("perl", "my $o = qx{id};", "exec", "qx", "id"),
        ("php", "shell_exec('ls');", "exec", "shell_exec", "ls"),
        ("php", 'passthru("id");', "exec", "passthru", "id"),
        ("python", "import urllib.request as u; u.urlopen('http://x')", "network", "urllib.request", None),
        ("python", "import requests; requests.post(u, data=d)", "network", "requests.post", None),
        ("python", "import socket; socket.socket()", "network", "socket.socket", None),
        ("javascript", "fetch('https://x')", "network", "fetch", "https://x"),
        ("javascript", "https.request(o)", "network", "https.request", None),
        ("perl", "use LWP::UserAgent;", "network", "LWP::UserAgent", None),
        ("ruby", "require 'net/http'; Net::HTTP.get(u)", "network", "Net::HTTP", None),
        ("php", "curl_exec($c);", "network", "curl_exec", None),
        (
            "python",
            "print(os.environ['AWS_SECRET_ACCESS_KEY'])",
            "env",
            "os.environ",
            "AWS_SECRET_ACCESS_KEY",
        ),
        ("python", "os.getenv('TOKEN')", "env", "os.getenv", "TOKEN"),
        ("javascript", "console.log(process.env.TOKEN)", "env", "process.env", None),
        ("ruby", "puts ENV['TOKEN']", "env", "ENV[", "TOKEN"),
        ("perl", "print $ENV{TOKEN}", "env", "$ENV{", None),
        ("php", "echo getenv('TOKEN');", "env", "getenv", "TOKEN"),
        ("lua", 'os.execute("rm -rf ~")', "exec", "os.execute", "rm -rf ~"),
        ("lua", "io.popen('id')", "exec", "io.popen", "id"),
        ("lua", "os.remove('/etc/x')", "delete", "os.remove", "/etc/x"),
        ("lua", 'local s=require("socket")', "network", 'require("socket', None),
        ("awk", 'BEGIN{system("rm -rf ~")}', "exec", "system", "rm -rf ~"),
        ("awk", '{print $1 | "sort -u"}', "exec", "|", "sort -u"),
        ("awk", 'BEGIN{"date" | getline d}', "exec", "getline", "date"),
        ("awk", 'BEGIN{s="/inet/tcp/0/x/1"}', "network", "/inet/", None),
    ],
)
def test_scan_inline(language: str, code: str, kind: str, call: str, argument: str | None) -> None:
    findings = scan_inline(InlineCode(language, code, 0))
    assert InlineFinding(kind, call, argument) in findings


@pytest.mark.parametrize(
    ("language", "code"),
    [
        ("python", "print('rm -rf /')"),
        ("python", "items.remove(x)"),
        ("javascript", "console.log('execSync')"),
        ("ruby", "puts 'hello'"),
        ("awk", "/a|b/ {print $1}"),
        ("awk", "$1 > 3 || $2 < 1 {print}"),
    ],
)
def test_scan_inline_quiet_on_harmless_code(language: str, code: str) -> None:
    kinds = {f.kind for f in scan_inline(InlineCode(language, code, 0))}
    assert not kinds & {"delete", "exec", "network"}


@pytest.mark.parametrize(
    ("command", "inner"),
    [
        ("python3 -c \"import os; os.system('rm -rf ~')\"", "rm -rf ~"),
        ("node -e \"require('child_process').execSync('rm -rf /')\"", "rm -rf /"),
        ("perl -e \"system('rm -rf /home/user')\"", "rm -rf /home/user"),
        ("ruby -e 'system(\"git reset --hard\")'", "git reset --hard"),
        ("php -r 'shell_exec(\"rm -rf /\");'", "rm -rf /"),
        ("python3 - <<'EOF'\nimport subprocess\nsubprocess.run('rm -rf ~', shell=True)\nEOF", "rm -rf ~"),
        # other names for a module or for a function taken from one
        ("python3 -c \"__import__('os').system('rm -rf ~')\"", "rm -rf ~"),
        ("python3 -c \"import importlib; importlib.import_module('os').popen('rm -rf /')\"", "rm -rf /"),
        ("python3 -c \"import os as o; o.system('rm -rf ~')\"", "rm -rf ~"),
        ("python3 -c \"from os import system; system('rm -rf ~')\"", "rm -rf ~"),
        ("python3 -c \"from os import path, system as run; run('rm -rf ~')\"", "rm -rf ~"),
        ("python3 - <<'EOF'\nfrom subprocess import (\n    call,\n)\ncall('rm -rf /', shell=True)\nEOF", "rm -rf /"),
    ],
)
def test_shell_strings_in_inline_code_become_segments(command: str, inner: str) -> None:
    analysis = run(command)
    segment = find(analysis, inner)
    assert segment.context == "interpreter"
    assert segment.depth == 1


def test_inline_exec_inside_sudo_is_privileged() -> None:
    analysis = run("sudo python3 -c \"import os; os.system('rm -rf /')\"")
    assert find(analysis, "rm -rf /").privileged


def test_printing_a_command_in_inline_code_is_not_a_segment() -> None:
    analysis = run("python3 -c \"print('rm -rf /')\"")
    assert not named(analysis, "rm")


@pytest.mark.parametrize(
    ("source", "canonical"),
    [
        ("__import__('os').system('x')", "os.system('x')"),
        ("import os as o; o.system('x')", "import os as o; os.system('x')"),
        ("from os import system; system('x')", "from os import system; os.system('x')"),
        ("from shutil import rmtree as r\nr('/x')", "from shutil import rmtree as r\nshutil.rmtree('/x')"),
        # a name imported on one line is not every word of the next
        ("from os import path\nrmtree('/x')", "from os import path\nrmtree('/x')"),
        ("obj.system('x'); import os as o", "obj.system('x'); import os as o"),  # an attribute stays
        ("print('no imports here')", "print('no imports here')"),
    ],
)
def test_python_names_for_modules_are_spelled_out(source: str, canonical: str) -> None:
    assert python_canonical(source) == canonical
