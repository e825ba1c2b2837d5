"""Which corpus lines count as benign developer shell, decided on the text alone.

The benign subset is NL2Bash plus the concrete and literal shell lines of tldr-pages
for developer tools, minus the lines that are genuinely dangerous. Both halves of
that definition are written here, independently of the project's rules and config:
changing `bash.rules` or `[executables] allowed` never moves a line in or out.

- Developer tools (`DEV_TOOLS`) are named by category below: version control,
  the POSIX and GNU user tools, archives, process and network diagnostics, language
  toolchains and their package managers, build and debug tools, containers and the
  big cloud CLIs. A tldr page belongs when its command is one of them (`git-commit`
  is git's). System administration (package managers of the OS, services, disks,
  mounts, users, firewalls), desktop and media programs are not developer tools.
- A line is genuinely dangerous when its text does one of the things in `DANGEROUS`:
  escalate privileges, touch disks, delete or re-own files outside the working
  directory, write into the operating system's directories, change what runs at
  login or on a schedule, destroy cloud resources, connect a shell to the network, or
  run downloaded code.
  These are judged on the text with regular expressions, so a line is excluded for
  what it says, not for what this project's analysis makes of it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from corpus_common import jsonl

VERSION_CONTROL = "git gh glab hub hg svn fossil tig git-lfs"
POSIX_AND_GNU = """
    awk basename base32 base64 cat chgrp chmod chown cksum cmp column comm cp csplit cut
    date dd df diff diff3 dirname du echo egrep env expand expr false fgrep file find fmt
    fold grep groups head hexdump id install join less link ln locate ls md5sum mkdir
    mkfifo mktemp more mv nl nohup nproc numfmt od paste patch pathchk pr printenv printf
    pwd readlink realpath rename rev rm rmdir sdiff sed seq sha1sum sha256sum sha512sum
    shuf sleep sort split stat stdbuf strings sum tac tail tee test time timeout touch tr
    tree true truncate tsort tty uname unexpand uniq unlink wc which whoami xargs yes
"""
TEXT_AND_DATA = "jq yq xmllint iconv dos2unix unix2dos envsubst bat rg ag ack fd fzf sqlite3 psql mysql"
ARCHIVES = "tar gzip gunzip zcat zip unzip bzip2 bunzip2 xz unxz zstd 7z cpio ar"
PROCESSES = "ps pgrep pkill kill killall top htop free uptime watch lsof pstree pidof nice who w"
NETWORK = "curl wget ssh scp sftp rsync ping traceroute dig nslookup host whois netstat ss ip ifconfig nc"
TOOLCHAINS = """
    python python3 pip pip3 pipx uv uvx poetry pipenv pdm hatch tox nox pytest ruff black isort
    flake8 pylint mypy pyright ipython jupyter twine virtualenv pyenv conda
    node npm npx pnpm yarn bun deno tsc eslint prettier jest vitest webpack vite nvm
    cargo rustc rustup rustfmt go gofmt
    gcc g++ clang clang++ make cmake ninja meson ccache pkg-config
    java javac jar mvn gradle kotlin kotlinc sbt scala
    ruby irb gem bundle bundler rake rails rspec rubocop
    php composer phpunit elixir mix iex erl dotnet swift ghc cabal stack lua perl julia zig
"""
BUILD_AND_DEBUG = "openssl gpg gdb lldb valgrind strace ltrace perf objdump nm readelf ldd strip shellcheck"
CONTAINERS_AND_CLOUD = "docker docker-compose podman kubectl helm terraform aws gcloud gsutil az"
EDITORS = "vim vi nano emacs code"

DEV_TOOLS = frozenset(
    " ".join(
        (
            VERSION_CONTROL,
            POSIX_AND_GNU,
            TEXT_AND_DATA,
            ARCHIVES,
            PROCESSES,
            NETWORK,
            TOOLCHAINS,
            BUILD_AND_DEBUG,
            CONTAINERS_AND_CLOUD,
            EDITORS,
        )
    ).split()
)
# Tools whose subcommands have pages of their own (`git-commit`, `npm-install`, ...).
SUBCOMMAND_PAGES = frozenset(
    "git gh glab hg npm pnpm yarn bun cargo rustup go pip poetry uv conda docker kubectl helm "
    "terraform aws gcloud az dotnet gem bundle mix".split()
)

# Paths outside the working directory: absolute, home, parent-relative or the temp dir.
OUTSIDE = r"(/|~|\$\{?HOME\b|\$\{?TMPDIR\b|\.\./)"
SYSTEM_DIR = r"/(etc|usr|bin|sbin|boot|lib\w*|opt|srv|sys|proc|root|System|Library|var(?!/tmp\b|/folders\b))"
RC_FILE = r"(~|\$\{?HOME\}?)/\.(bashrc|bash_profile|bash_login|zshrc|zprofile|zshenv|profile)\b"
CLOUD_CLI = (
    r"\b(aws|gcloud|gsutil|az|kubectl|helm|terraform|tofu|terragrunt|pulumi|heroku|vercel|netlify|fly|flyctl"
    r"|doctl|firebase)\b"
)
# The rest of a find command, whose `\;` and quoted ';' do not end it, up to a pipe.
FIND_REST = r"(?:[^|;]|\\;|';'|\";\")*"
FIND_ROOTS = rf"\bfind\s+(?:-[HLP]\s+)?(?:[^\s-]\S*\s+)*{OUTSIDE}"
DELETERS = r"\S*\b(rm|rmdir|unlink)\b"
OWNERS = r"\S*\b(chown|chgrp|chmod)\b"

DANGEROUS: list[tuple[str, re.Pattern[str]]] = [
    ("escalates privileges", re.compile(r"(^|[\s;&|(`{/])(sudo|su|doas|pkexec|run0)(\s|$)")),
    (
        "formats, partitions or overwrites a disk",
        re.compile(
            r"\b(mkfs(\.\w+)?|mke2fs|mkswap|wipefs|shred|fdisk|sfdisk|cfdisk|parted|gdisk|sgdisk|blkdiscard)\b"
            r"|\bdd\s[^|;]*of=/dev/|>\s*/dev/(sd|hd|nvme|disk|mmcblk)"
        ),
    ),
    (
        "deletes outside the working directory",
        re.compile(
            rf"\b(rm|rmdir|unlink)\s+(-[-\w]+\s+)*['\"]?{OUTSIDE}"
            rf"|{FIND_ROOTS}{FIND_REST}(-delete|-(exec|execdir|ok|okdir)\s+{DELETERS})"
            rf"|{FIND_ROOTS}{FIND_REST}\|[^;]*\b(xargs|parallel)\b[^|;]*{DELETERS}"
        ),
    ),
    (
        "changes ownership or permissions outside the working directory",
        re.compile(
            rf"\b(chown|chgrp|chmod)\s+(-[-\w]+\s+)*\S+\s+([^|;&]*\s)?['\"]?{OUTSIDE}"
            rf"|{FIND_ROOTS}{FIND_REST}-(exec|execdir|ok|okdir)\s+{OWNERS}"
            rf"|{FIND_ROOTS}{FIND_REST}\|[^;]*\b(xargs|parallel)\b[^|;]*{OWNERS}"
        ),
    ),
    (
        "writes into the operating system's directories",
        re.compile(
            rf"(>>?|\btee\s+(-a\s+)?)\s*['\"]?{SYSTEM_DIR}(/|\s|$)"
            rf"|\b(cp|mv|ln|install|rsync|scp)\s[^|;&]*\s['\"]?{SYSTEM_DIR}(/[^\s|;&]*)?['\"]?\s*($|\\?;|[|&])"
            rf"|\b(cp|mv|ln|install)\s[^|;&]*-t\s*['\"]?{SYSTEM_DIR}"
        ),
    ),
    (
        "changes what runs at login or on a schedule",
        re.compile(
            rf"\bcrontab\b(?![^|;&]*\s-l\b)|/var/spool/cron|/etc/cron"
            rf"|(>>?|\btee\b[^|;&]*|\bsed\s+-i\S*[^|;&]*|\b(cp|mv|ln)\b[^|;&]*)\s*['\"]?{RC_FILE}"
            r"|Library/Launch(Agents|Daemons)|\.config/autostart|systemctl\s+(--user\s+)?enable"
        ),
    ),
    (
        "destroys cloud or cluster resources",
        re.compile(
            rf"{CLOUD_CLI}[^|;&]*\s(delete|destroy|terminate|rb|rm|remove|uninstall|purge|-destroy)\b"
            rf"|{CLOUD_CLI}[^|;&]*\s[a-z-]*(delete|terminate|destroy|deregister|purge)-[a-z-]+"
        ),
    ),
    (
        "connects a shell to the network",
        re.compile(r"\b(nc|ncat|netcat)\b[^|;&]*\s-[a-zA-Z]*[ec]\b|/dev/(tcp|udp)/"),
    ),
    (
        "runs downloaded code",
        re.compile(
            r"\b(curl|wget)\b[^|;]*\|\s*(sudo\s+)?(ba|z|da|k)?sh\b"
            r"|\b(source|\.|(ba|z|da|k)?sh)\s+<\(\s*(curl|wget)\b"
            r"|\b(eval|(ba|z|da|k)?sh|python[0-9.]*|perl|ruby|node)\b[^|;]*[\"']?\$\(\s*(curl|wget)\b"
        ),
    ),
]
DANGEROUS_PAGES = frozenset(
    """
    mkfs dd shred wipefs fdisk sfdisk cfdisk parted gdisk sgdisk srm sudo su doas pkexec run0
    visudo cryptsetup mkswap blkdiscard crontab
    """.split()
)


def danger_reason(command: str) -> str | None:
    """Why a line is genuinely dangerous, or None."""
    for reason, pattern in DANGEROUS:
        if pattern.search(command):
            return reason
    return None


def page_tool(page: str) -> str:
    """The command a tldr page is about: `git-commit` is git's, `docker-compose` its own."""
    base = page.split(".")[0]
    if base in DEV_TOOLS:
        return base
    head = base.split("-")[0]
    return head if head in SUBCOMMAND_PAGES else base


def is_dev_page(page: str) -> bool:
    return page_tool(page) in DEV_TOOLS


def page_is_dangerous(page: str) -> bool:
    return page.split(".")[0].split("-")[0] in DANGEROUS_PAGES or page.split(".")[0] in DANGEROUS_PAGES


def benign_lines(corpora: Path) -> tuple[list[str], list[str], Counter[str]]:
    """(developer subset, the whole of tldr for breadth, why lines were excluded)."""
    excluded: Counter[str] = Counter()
    subset: list[str] = []
    breadth: list[str] = []
    for row in jsonl(corpora / "benign-nl2bash.jsonl"):
        reason = danger_reason(row["command"])
        if reason:
            excluded[reason] += 1
        else:
            subset.append(row["command"])
    for row in jsonl(corpora / "benign-tldr.jsonl"):
        if row.get("variant") == "template" or row.get("kind") != "shell":
            continue
        command = row["command"]
        page = row.get("page", "")
        reason = "a dangerous tool's page" if page_is_dangerous(page) else danger_reason(command)
        if reason:
            excluded[reason] += 1
            continue
        breadth.append(command)
        if is_dev_page(page):
            subset.append(command)
    return subset, breadth, excluded
