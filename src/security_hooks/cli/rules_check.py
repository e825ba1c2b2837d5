"""`security-hook rules check`: load the effective rules and print every diagnostic."""

from __future__ import annotations

import json
import sys

from ..runtime import load_from_disk


def run_rules_check(*, as_json: bool) -> int:
    result = load_from_disk()
    if as_json:
        report = {
            "ok": result.ok,
            "rules": result.ruleset.rule_count if result.ruleset else 0,
            "sources": list(result.ruleset.sources) if result.ruleset else [],
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "diagnostics": [d.to_json() for d in result.diagnostics],
        }
        print(json.dumps(report, indent=2))
        return 0 if result.ok else 1
    for diagnostic in result.diagnostics:
        print(diagnostic.render(), file=sys.stderr if diagnostic.is_error else sys.stdout)
    if result.ruleset is not None:
        sources = len(result.ruleset.sources)
        print(
            f"ok: {result.ruleset.rule_count} rules from {sources} files, {len(result.warnings)} warning(s)"
        )
        return 0
    print(
        f"failed: {len(result.errors)} error(s), {len(result.warnings)} warning(s); "
        "the previous rules stay in force until this is fixed",
        file=sys.stderr,
    )
    return 1
