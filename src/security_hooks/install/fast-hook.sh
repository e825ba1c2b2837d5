#!/bin/sh
# security-hooks: shell hook command
#
# The hook command Claude Code runs, in its fastest form: `security-hook install` wrote
# it because socat was found (a shell and socat start in a few milliseconds, Python in
# about ten). Where socat can keep a copy of what it sends (-r), it streams the payload
# to the daemon and keeps that copy in a private spool file; the request head waits in
# a file beside it, found by the name socat binds its end to. Elsewhere cat leaves the
# payload in the spool file and socat sends a head that names it. Either way it prints
# the daemon's answer. Anything it does not expect (no daemon, another version, no
# answer in time, a garbled answer) hands the call to the Python client, with the
# payload, which starts the daemon, decides in process when it must, and fails closed.
# The framing is in security_hooks/protocol.py and security_hooks/daemon/spool.py.
client=@CLIENT@
python=@PYTHON@
socat=@SOCAT@
version=@VERSION@
platform=@PLATFORM@
stream=@STREAM@ # yes: this socat has -r
nl='
'
rs='@RS@' # the ASCII record separator, byte 0x1e

# Hand the call to the Python client. If it cannot start, a failed exec would end this
# script with status 127, which Claude Code reads as "allow": decide here instead.
hand_over() {
  if [ -x "$client" ] && [ -x "$python" ]; then
    exec "$client" "$@"
  fi
  cat >/dev/null 2>&1
  why="security-hooks: the Python client ($client, run by $python) is missing"
  case ${1:-} in
    pre)
      echo "$why; denied (fail closed). Run install.sh again." >&2
      exit 2
      ;;
    session) printf '{"systemMessage":"%s; every tool call is denied. Run install.sh again."}\n' "$why" ;;
    post | prompt | stop) ;;
    *)
      echo "$why. Run install.sh again." >&2
      exit 1
      ;;
  esac
  exit 0
}

case ${1:-} in
  pre | session) wait=3 ;;
  prompt) wait=10 ;;
  post) wait=20 ;;
  stop) wait=60 ;;
  *) hand_over "$@" ;;
esac
[ $# -le 2 ] || hand_over "$@"
case ${2:-any} in *[!a-z0-9_-]*) hand_over "$@" ;; esac
wait=${SECURITY_HOOKS_CLIENT_TIMEOUT:-$wait}
case $wait in *[!0-9.]* | '' | *.*.*) wait=3 ;; esac

case $platform in
  darwin) run=${SECURITY_HOOKS_RUNTIME_DIR:-${HOME-}/Library/Application Support/security-hooks} ;;
  *)
    run=${SECURITY_HOOKS_RUNTIME_DIR:-${XDG_RUNTIME_DIR:+$XDG_RUNTIME_DIR/security-hooks}}
    run=${run:-@PER_USER_TMP@}
    ;;
esac
# socat reads ':' ',' '!' and quotes in an address; such a directory goes the slow way.
case $run in '' | *[,:!\"\'\\]* | *"$nl"*) hand_over "$@" ;; esac
if ! [ -S "$run/sock" ] || ! [ -d "$run/spool" ] || ! [ -x "$socat" ]; then
  hand_over "$@" # no daemon yet (the Python client starts one), or no socat
fi

# A forwarded value holding a newline would break the request head.
case ${HOME-}${PWD-}${CLAUDE_PROJECT_DIR-}${CLAUDE_CODE_SESSION_ID-}${CLAUDE_CODE_REMOTE-}${TMPDIR-} in
  *"$nl"*) hand_over "$@" ;;
esac
head="SH1${nl}v=$version${nl}phase=$1${nl}family=${2:-any}${nl}form=sh${nl}spool=$$"
[ -z "${HOME+x}" ] || head="$head${nl}env.HOME=$HOME"
[ -z "${PWD+x}" ] || head="$head${nl}env.PWD=$PWD"
[ -z "${CLAUDE_PROJECT_DIR+x}" ] || head="$head${nl}env.CLAUDE_PROJECT_DIR=$CLAUDE_PROJECT_DIR"
[ -z "${CLAUDE_CODE_SESSION_ID+x}" ] || head="$head${nl}env.CLAUDE_CODE_SESSION_ID=$CLAUDE_CODE_SESSION_ID"
[ -z "${CLAUDE_CODE_REMOTE+x}" ] || head="$head${nl}env.CLAUDE_CODE_REMOTE=$CLAUDE_CODE_REMOTE"
[ -z "${TMPDIR+x}" ] || head="$head${nl}env.TMPDIR=$TMPDIR"

spool=$run/spool/$$
# A socket's name may not exceed 104 bytes (macOS; 108 on Linux): where the name socat
# would bind is longer, take the cat way, whose socket name is shorter.
[ ${#spool} -le 98 ] || stream=no

# Print the daemon's answer, if it is whole, and end with its exit code.
print_answer() {
  case $answer in
    "SH1 "[02]"$nl"*"$rs"*"$rs.") ;;
    *) return ;;
  esac
  rest=${answer#*"$nl"}
  err=${rest#*"$rs"}
  printf '%s' "${rest%%"$rs"*}"
  printf '%s' "${err%"$rs."}" >&2
  answer=${answer%%"$nl"*}
  exit "${answer#SH1 }"
}

SECURITY_HOOKS_SPOOL=$spool
export SECURITY_HOOKS_SPOOL # the Python client removes the file when it is handed over
if [ "$stream" = yes ]; then
  # The redirections make the files without a process; socat appends its copy to the
  # first, so it must start empty. Until socat runs, stdin is untouched.
  if ! : >"$spool" 2>/dev/null || ! printf '%s\n\n' "$head" >"$spool.head" 2>/dev/null; then
    hand_over "$@"
  fi
  # -T: a daemon that stops reading cannot hold socat (and the call) past the deadline.
  answer=$("$socat" -r "$spool" -t"$wait" -T"$wait" - \
    "UNIX-CONNECT:$run/sock,bind=$spool.sock,unlink-close" 2>/dev/null)
  print_answer
  # socat's copy holds what it read of stdin, and stdin the rest: both, in order.
  if [ -x "$client" ] && [ -x "$python" ]; then
    cat -- "$spool" - 2>/dev/null | "$client" "$@"
    exit
  fi
  hand_over "$@"
fi

# If cat never ran, stdin is untouched; if it failed half-way, the Python client reads
# the rest, which is not valid JSON, and denies.
cat >"$spool" 2>/dev/null || hand_over "$@"
answer=$("$socat" -t"$wait" - "UNIX-CONNECT:$run/sock" 2>/dev/null <<EOF
$head

EOF
)
print_answer
[ -f "$spool" ] || hand_over "$@" </dev/null
hand_over "$@" <"$spool"
