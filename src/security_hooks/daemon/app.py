"""The daemon's composition root: config, rules, engine, log, watcher and server.

`security-hookd` (or `python -m security_hooks.daemon`) runs it in the foreground;
the client starts it detached on the first hook call. One daemon per user: a lock
file guarantees it, however many clients race to start one.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..config.locate import Dirs, default_dirs
from ..engine.hook import HookOutcome, HookRequest, handle
from ..engine.output import render
from ..eventlog.connectors.hub import ConnectorHub
from ..eventlog.record import Identity
from ..eventlog.redact import Redactor
from ..eventlog.settings import LogSettings, log_settings
from ..eventlog.writer import LogWriter
from ..protocol import FORWARDER_FORMS, encode_error, encode_response, encode_shell_response, encode_version
from ..review.layers import ReviewLayers
from ..runtime import load_from_disk
from ..scanners.secrets import shared_scanner
from . import lifecycle, spool
from .lifecycle import AlreadyRunning, log
from .locations import Locations, ensure_private_dir, locations
from .reload import RuleSetHolder
from .server import Server
from .watcher import watch

# Calls that may run linters, git or a reviewer go to worker threads, so a slow
# subprocess never stalls the event loop (and with it every other hook call).
# PreToolUse runs on the loop unless its payload mentions git and commit or push (a
# cheap test that catches every `git commit` and `git push` the commit gate may read),
# or is larger than WORKER_PAYLOAD: a command string of hundreds of KB takes a second
# or more to decide, and on a worker the loop still answers other calls meanwhile.
THREADED_PHASES = frozenset({"post", "stop", "prompt"})
REVIEW_WORKERS = 8  # post, stop and prompt calls at once
GATE_WORKERS = 4  # PreToolUse calls that mention git, or are large
DRAIN_SECONDS = 10.0


WORKER_PAYLOAD = 64 << 10  # bytes: decided on a worker, without searching it for git first
LARGE_PAYLOAD = 1 << 20  # bytes: a spool file this large is read on a worker


def off_the_loop(phase: str, payload: bytes) -> bool:
    """A PreToolUse call the commit gate may answer by running git, or one so large that
    deciding it (or even searching it for "git") would hold up every other call."""
    if phase != "pre":
        return False
    if len(payload) > WORKER_PAYLOAD:
        return True
    return b"git" in payload and (b"commit" in payload or b"push" in payload)


def warm_scanners() -> None:
    from ..review.untrusted import warm_scanners as warm  # imported in the worker thread

    warm()


def timing_summary(timings: Sequence[int]) -> dict[str, int]:
    """Percentiles of the daemon's socket-in to socket-out times, in microseconds."""
    ordered = sorted(timings)
    if not ordered:
        return {"count": 0}

    def at(pct: float) -> int:
        return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]

    return {"count": len(ordered), "p50": at(50), "p90": at(90), "p99": at(99), "max": ordered[-1]}


class Daemon:
    def __init__(self, dirs: Dirs, where: Locations, env: Mapping[str, str]) -> None:
        self.dirs = dirs
        self.where = where
        self.identity = Identity.current(env)
        self.env = env
        self.rules = RuleSetHolder(lambda: load_from_disk(dirs))
        self._log_settings: tuple[object, LogSettings] | None = None
        self._max_payload: tuple[object, int] | None = None
        self.log = LogWriter(self.log_settings, Redactor(shared_scanner), self.identity, ConnectorHub(env))
        self.server = Server(
            where.socket,
            self.respond,
            max_payload=self.max_payload,
            bound_head=functools.partial(spool.bound_head, where.runtime),
            respond_now=self.respond_now,
        )
        self.layers = ReviewLayers.under(where.state)
        self.review_pool = ThreadPoolExecutor(REVIEW_WORKERS, thread_name_prefix="review")
        self.gate_pool = ThreadPoolExecutor(GATE_WORKERS, thread_name_prefix="gate")
        self.counts: Counter[str] = Counter()
        self.started = time.time()
        self.last_activity = time.monotonic()
        self.stopping = asyncio.Event()
        self.stale_forwarders: set[tuple[str | None, str | None]] = set()

    # -- requests ------------------------------------------------------------------

    def log_settings(self) -> LogSettings:
        """The `[log]` settings of the rules in force (recomputed only after a reload)."""
        ruleset = self.rules.current
        config = ruleset.config if ruleset else None
        cached = self._log_settings
        if cached is None or cached[0] is not config:
            cached = (config, log_settings(config, self.where.decision_log, self.env))
            self._log_settings = cached
        return cached[1]

    def max_payload(self) -> int:
        """`daemon.max_payload_mb` of the rules in force, in bytes (read again after a reload)."""
        ruleset = self.rules.current
        config = ruleset.config if ruleset else None
        cached = self._max_payload
        if cached is None or cached[0] is not config:
            megabytes = config.get("daemon.max_payload_mb", 64) if config else 64
            cached = self._max_payload = (config, int(float(megabytes) * (1 << 20)))
        return cached[1]

    async def respond(self, fields: dict[str, str], payload: bytes) -> bytes:
        self.last_activity = time.monotonic()
        form = fields.get("form")
        if fields.get("v") != __version__:
            if form in FORWARDER_FORMS:
                # A shell or perl client written by another install: it hands the call to
                # the Python client, whose version decides whether this daemon restarts.
                self.note_stale_forwarder(form, fields.get("v"))
            else:
                log(f"client version {fields.get('v')!r} differs from {__version__}; restarting")
                self.stopping.set()
            return encode_version(__version__)
        if fields.get("phase") == "control":
            return await self.control(payload.decode("utf-8", "replace").strip())
        oversize = int(fields["oversize"]) if "oversize" in fields else None
        spooled = None
        if "spool" in fields:
            try:
                spooled = spool.path_of(self.where.runtime, fields["spool"])
                payload, oversize = await self.read_spool(spooled)
            except spool.SpoolError as exc:
                return encode_error(str(exc))
        outcome = await self.decide(self.request(fields, payload), oversize=oversize)
        answer = self.answer(fields, outcome)
        if spooled is not None:
            spool.remove(spooled)
        if "dump" in fields:  # socat's copy of a streamed payload: answered, so not needed
            spool.remove(spool.path_of(self.where.runtime, fields["dump"]))
        return answer

    def respond_now(self, fields: dict[str, str], payload: bytes) -> bytes | None:
        """The answer to a call decided on the spot, or None when the call needs `respond`.

        Most hook calls are decided on the event loop anyway; answering them from the
        server's read callback spares each a task and a turn of the loop. The rest go
        to `respond`: a version to check, a control command, a spool file to read or
        remove, and calls decided on a worker.
        """
        phase = fields.get("phase", "")
        if (
            fields.get("v") != __version__
            or phase == "control"
            or phase in THREADED_PHASES
            or "spool" in fields
            or "dump" in fields
            or off_the_loop(phase, payload)
        ):
            return None
        self.last_activity = time.monotonic()
        oversize = int(fields["oversize"]) if "oversize" in fields else None
        request = self.request(fields, payload)
        outcome = handle(request, self.rules.current, **self.handle_options(oversize))
        return self.answer(fields, self.settle(request, outcome))

    @staticmethod
    def request(fields: dict[str, str], payload: bytes) -> HookRequest:
        env = {k[4:]: v for k, v in fields.items() if k.startswith("env.")}
        return HookRequest(fields.get("phase", ""), fields.get("family", "any"), payload, env)

    @staticmethod
    def answer(fields: dict[str, str], outcome: HookOutcome) -> bytes:
        """The outcome framed for the client that asked."""
        response = outcome.response
        if fields.get("form") == "sh":
            answer = encode_shell_response(response.exit_code, response.stdout, response.stderr)
            if answer is None:  # the Python client takes over, with the spool file
                return encode_error("the answer cannot be framed for the shell client")
            return answer
        return encode_response(response.exit_code, response.stdout, response.stderr)

    async def read_spool(self, path: Path) -> tuple[bytes, int | None]:
        """(payload, None), or (b"", size) when the file is over the payload limit.

        A large file is read on a worker, as a large payload is decided on one: reading
        tens of megabytes would hold up every other call on the loop.
        """
        fd, size = spool.open_checked(path)
        try:
            if size > self.max_payload():
                return b"", size
            if size <= LARGE_PAYLOAD:
                return spool.read_all(fd, size), None
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self.gate_pool, spool.read_all, fd, size), None
        finally:
            os.close(fd)

    def note_stale_forwarder(self, form: str | None, version: str | None) -> None:
        if (form, version) not in self.stale_forwarders:
            self.stale_forwarders.add((form, version))
            log(
                f"the {FORWARDER_FORMS[form or '']} hook command is from version {version!r},"
                f" this daemon is {__version__}:"
                " its calls take the slower Python client; run `security-hook install` again"
            )

    async def decide(self, request: HookRequest, *, oversize: int | None) -> HookOutcome:
        ruleset = self.rules.current
        options = self.handle_options(oversize)
        pool = None
        if request.phase in THREADED_PHASES:
            pool = self.review_pool
        elif off_the_loop(request.phase, request.payload):
            pool = self.gate_pool
        if pool is not None:
            call = functools.partial(handle, request, ruleset, **options)
            outcome = await asyncio.get_running_loop().run_in_executor(pool, call)
        else:
            outcome = handle(request, ruleset, **options)
        return self.settle(request, outcome)

    def handle_options(self, oversize: int | None) -> dict[str, Any]:
        options: dict[str, Any] = {
            "max_payload": self.max_payload(),
            "payload_size": oversize,
            "layers": self.layers,
        }
        if self.rules.current is None:
            last = self.rules.last
            options["no_rules"] = (
                f"{last.summary()}; run `security-hook rules check`" if last else "no rules loaded"
            )
        return options

    def settle(self, request: HookRequest, outcome: HookOutcome) -> HookOutcome:
        """The outcome with any reload notice added, counted and queued for the log."""
        notice = self.rules.take_notice()
        if request.phase == "session":  # the health check reports a failed load every time
            notice = notice or self.rules.problem
        if notice and outcome.decision is not None:
            decision = outcome.decision.with_system_message(notice)
            outcome = replace(outcome, decision=decision, response=render(decision, outcome.hook_event))
        if outcome.trace:
            log(outcome.trace.rstrip())
        self.counts[outcome.decision.verdict if outcome.decision else "failed"] += 1
        self.log.submit(outcome)
        return outcome

    async def control(self, command: str) -> bytes:
        if command == "status":
            return encode_response(0, json.dumps(self.status()).encode(), b"")
        if command == "reload":
            result = await self.rules.reload("reload requested")
            return encode_response(0 if result.ok else 1, result.summary().encode(), b"")
        if command == "stop":
            self.stopping.set()
            return encode_response(0, b"stopping", b"")
        return encode_error(f"unknown control command {command!r}")

    def status(self) -> dict[str, Any]:
        last = self.rules.last
        ruleset = self.rules.current
        return {
            "pid": os.getpid(),
            "version": __version__,
            "uptime_s": round(time.time() - self.started, 1),
            "socket": str(self.where.socket),
            "rules": ruleset.rule_count if ruleset else 0,
            "rules_digest": ruleset.digest if ruleset else None,
            "last_reload": {
                "ok": bool(last and last.ok),
                "at": self.rules.last_at,
                "summary": last.summary() if last else None,
                "errors": [d.headline() for d in last.errors] if last else [],
            },
            "reloads": self.rules.reloads,
            "decisions": dict(self.counts),
            "decision_us": timing_summary(self.server.timings),
            "in_flight": self.server.in_flight,
            "refused_connections": self.server.refused,
            "log": self.log.status(),
            "connectors": self.log.hub.health() if self.log.hub else [],
            "idle_timeout_s": self.idle_timeout(),
        }

    # -- lifecycle -------------------------------------------------------------------

    def idle_timeout(self) -> float:
        ruleset = self.rules.current
        return ruleset.config.idle_timeout_seconds if ruleset else 30 * 60.0

    def reload_soon(self) -> None:
        asyncio.get_running_loop().create_task(self.rules.reload("SIGHUP"))

    async def idle_watch(self) -> None:
        while not self.stopping.is_set():
            timeout = self.idle_timeout()
            idle = time.monotonic() - self.last_activity
            if idle >= timeout and self.server.in_flight == 0:
                log(f"idle for {idle:.0f}s; exiting")
                self.stopping.set()
                return
            try:
                await asyncio.wait_for(self.stopping.wait(), min(30.0, max(0.05, timeout - idle)))
            except asyncio.TimeoutError:
                pass

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        # Watch first, then load: a change made while the rules load is still seen.
        watcher = loop.create_task(watch(self.dirs.watch, self.rules.reload, self.stopping))
        for _ in range(3):
            await asyncio.sleep(0)  # lets the watcher register its directories
        self.rules.load_now()
        lifecycle.settle_memory()
        await self.server.start()
        socket_inode = lifecycle.inode_of(self.where.socket)
        lifecycle.write_status(self.where.status, self.where.socket, self.started)
        self.log.start()
        handlers = {
            signal.SIGTERM: self.stopping.set,
            signal.SIGINT: self.stopping.set,
            signal.SIGHUP: self.reload_soon,
            signal.SIGUSR1: self.log.reopen,
        }
        log(f"listening on {self.where.socket} (version {__version__})")
        # The scanners' first use costs ~150 ms (imports, RE2 sets): pay it now, off the loop.
        warm = loop.run_in_executor(self.review_pool, warm_scanners)
        with lifecycle.signal_handlers(loop, handlers):
            tasks = [
                loop.create_task(self.idle_watch()),
                loop.create_task(self.socket_watch(socket_inode)),
                watcher,
            ]
            await self.stopping.wait()
            self.server.close()
            await self.drain()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.log.close()
        await asyncio.gather(warm, return_exceptions=True)
        self.review_pool.shutdown(wait=False, cancel_futures=True)
        self.gate_pool.shutdown(wait=False, cancel_futures=True)
        lifecycle.remove_if_ours(self.where.socket, socket_inode)
        lifecycle.remove_if_ours(self.where.status, None)
        log(f"stopped after {sum(self.counts.values())} decisions")

    async def socket_watch(self, inode: int | None) -> None:
        """Exit when our socket file is deleted or replaced: no client can reach us any more,
        and a new daemon started by the next client is waiting for our lock."""
        while not self.stopping.is_set():
            if lifecycle.inode_of(self.where.socket) != inode:
                log("socket file removed or replaced; exiting so a new daemon can take over")
                self.stopping.set()
                return
            try:
                await asyncio.wait_for(self.stopping.wait(), 0.25)
            except asyncio.TimeoutError:
                pass

    async def drain(self) -> None:
        deadline = time.monotonic() + DRAIN_SECONDS
        while self.server.in_flight and time.monotonic() < deadline:
            await asyncio.sleep(0.01)


USAGE = "usage: security-hookd [--foreground]\n\nThe security-hooks daemon (security-hook starts it)."


def main(argv: Sequence[str] | None = None) -> int:
    # No argparse: importing it costs the cold start (the first hook call waits for it).
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args):
        print(USAGE)
        return 0
    unknown = [a for a in args if a != "--foreground"]
    if unknown:
        print(f"security-hookd: unknown argument {unknown[0]!r}\n{USAGE}", file=sys.stderr)
        return 2
    foreground = "--foreground" in args
    env = dict(os.environ)
    where = locations(env)
    try:
        ensure_private_dir(where.runtime)
        spool.prepare(where.runtime)
    except Exception as exc:
        print(f"security-hookd: unsafe runtime directory: {exc}", file=sys.stderr)
        return 1
    dirs = default_dirs(env)
    dirs.user.mkdir(parents=True, exist_ok=True)
    if not foreground:
        lifecycle.redirect_output(where.daemon_log)
    os.chdir("/")
    try:
        lock = lifecycle.take_daemon_lock(where.daemon_lock)
    except AlreadyRunning:
        return 0
    try:
        lifecycle.clear_stale_socket(where.socket)
        asyncio.run(Daemon(dirs, where, env).run())
    except AlreadyRunning as exc:
        log(str(exc))
    finally:
        os.close(lock)
    return 0
