#!/usr/bin/env bash
# Install security-hooks for Claude Code from this checkout.
#
#   ./install.sh [--prefix DIR] [--settings FILE]   for you: ~/.local/bin, ~/.config, ~/.claude
#   sudo ./install.sh --system [--root DIR]          for every user: managed settings, /etc
#   ./install.sh --uninstall [--yes] [--system]      take it out again
#
# This script only makes the private virtualenv and installs the package into it
# (with uv when present, else python3 -m venv and pip). Everything else is done in
# Python by `security-hook install`, so it is tested there. See docs/install.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${PYTHON:-python3}
uninstall=false
system=false
root=""
plugin_data=""
use_uv=true
yes=()
forward=()

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<'EOF'
Options:
  --prefix DIR      put security-hook and security-hookd in DIR (default ~/.local/bin)
  --settings FILE   the Claude Code settings file to change (default ~/.claude/settings.json)
  --system          install for every user (root): managed settings and /etc/security-hooks
  --root DIR        with --system: treat DIR as / (image builds, tests)
  --uninstall       remove our hook entries, then offer to remove files
  --yes             with --uninstall: remove files without asking
  --python PY       the Python 3.10+ to build the virtualenv with (default python3)
  --no-uv           use python -m venv and pip even when uv is installed
  --plugin-data DIR set up the Claude Code plugin's environment in DIR (the plugin does this)
EOF
}

die() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix|--settings) [ $# -ge 2 ] || die "$1 needs a value"; forward+=("$1" "$2"); shift 2 ;;
    --root) [ $# -ge 2 ] || die "--root needs a directory"; root=$2; forward+=("$1" "$2"); shift 2 ;;
    --python) [ $# -ge 2 ] || die "--python needs an interpreter"; python=$2; shift 2 ;;
    --plugin-data) [ $# -ge 2 ] || die "--plugin-data needs a directory"; plugin_data=$2; shift 2 ;;
    --system) system=true; forward+=("$1"); shift ;;
    --uninstall) uninstall=true; shift ;;
    --yes) yes=(--yes); shift ;;
    --no-uv) use_uv=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

command -v "$python" >/dev/null 2>&1 || die "$python not found; install Python 3.10 or newer, or pass --python"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null \
  || die "$python is $("$python" -V 2>&1); security-hooks needs Python 3.10 or newer (pass --python)"
if $system && [ -z "$root" ] && [ "$(id -u)" != 0 ]; then
  die "--system changes files for every user; run it as root (sudo ./install.sh --system)"
fi

if $uninstall; then
  # From the checkout, with the standard library only: works when the virtualenv is gone.
  PYTHONPATH="$here/src" exec "$python" -s -m security_hooks.cli.main uninstall \
    ${forward[@]+"${forward[@]}"} ${yes[@]+"${yes[@]}"}
fi

if [ -n "$plugin_data" ]; then
  data=$plugin_data
elif $system; then
  data="${root:-}/opt/security-hooks"
else
  data="${XDG_DATA_HOME:-$HOME/.local/share}/security-hooks"
fi
venv="$data/venv"
log="$data/install.log"
mkdir -p "$data"

if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c '' 2>/dev/null; then
  rm -rf "$venv"  # its interpreter is gone (Python upgraded or removed): start again
fi

echo "installing security-hooks into $venv (a minute on first install)"
{
  if $use_uv && command -v uv >/dev/null 2>&1; then
    [ -x "$venv/bin/python" ] || uv venv --quiet --python "$python" "$venv"
    uv pip install --python "$venv/bin/python" --reinstall-package security-hooks "$here"
  else
    [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --disable-pip-version-check --no-input "$here"
  fi
} >"$log" 2>&1 || { tail -n 20 "$log" >&2; die "installing the package failed; the full log is $log"; }

if [ -n "$plugin_data" ]; then
  exec "$venv/bin/python" -I -m security_hooks.cli.main install --launchers-only --prefix "$plugin_data/bin"
fi
exec "$venv/bin/python" -I -m security_hooks.cli.main install ${forward[@]+"${forward[@]}"}
