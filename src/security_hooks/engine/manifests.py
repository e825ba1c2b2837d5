"""Dependency manifests: read the declared dependencies, before and after an edit.

Each ecosystem's parser returns `{name: spec}`; the spec is whatever pins or points the
dependency (a version range, a git URL, a path, an index). Comparing the two maps says
whether an edit adds, removes or re-points a dependency, and nothing else (a new
`description` is not a dependency change).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Deps = dict[str, str]

_PEP508_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")


@dataclass(frozen=True)
class DependencyChange:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    repointed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.repointed)

    def describe(self, limit: int = 5) -> str:
        parts = []
        for verb, names in (
            ("adds", self.added),
            ("removes", self.removed),
            ("re-points", self.repointed),
        ):
            if names:
                shown = ", ".join(names[:limit]) + (
                    f" and {len(names) - limit} more" if len(names) > limit else ""
                )
                parts.append(f"{verb} {shown}")
        return "; ".join(parts)


def compare(before: Deps | None, after: Deps | None) -> DependencyChange:
    before = before or {}
    after = after or {}
    added = tuple(sorted(k for k in after if k not in before))
    removed = tuple(sorted(k for k in before if k not in after))
    repointed = tuple(sorted(k for k in after if k in before and after[k] != before[k]))
    return DependencyChange(added, removed, repointed)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pep508(entries: Iterable[Any], prefix: str = "") -> Deps:
    deps: Deps = {}
    for entry in entries:
        if not isinstance(entry, str):
            continue
        match = _PEP508_NAME.match(entry)
        if match:
            deps[prefix + _norm(match.group(1))] = re.sub(r"\s+", "", match.group(3))
    return deps


def _table(section: Any, prefix: str = "") -> Deps:
    if not isinstance(section, Mapping):
        return {}
    return {prefix + str(k): json.dumps(v, sort_keys=True) for k, v in section.items()}


def parse_package_json(text: str) -> Deps:
    data = json.loads(text)
    deps: Deps = {}
    for section in (
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
        "overrides",
        "resolutions",
    ):
        deps.update(_table(data.get(section), "" if section == "dependencies" else f"{section}:"))
    bundled = data.get("bundledDependencies") or data.get("bundleDependencies")
    if isinstance(bundled, list):
        deps.update({f"bundled:{b}": "" for b in bundled if isinstance(b, str)})
    return deps


def parse_composer_json(text: str) -> Deps:
    data = json.loads(text)
    deps = _table(data.get("require"))
    deps.update(_table(data.get("require-dev"), "dev:"))
    deps.update(_table({"repositories": data.get("repositories")}) if data.get("repositories") else {})
    return deps


def parse_pyproject(text: str) -> Deps:
    data = tomllib.loads(text)
    project = data.get("project", {})
    deps = _pep508(project.get("dependencies", []))
    for group, items in (project.get("optional-dependencies") or {}).items():
        deps.update(_pep508(items, f"{group}:"))
    for group, items in (data.get("dependency-groups") or {}).items():
        deps.update(_pep508(items if isinstance(items, list) else [], f"{group}:"))
    deps.update(_pep508(data.get("build-system", {}).get("requires", []), "build:"))
    poetry = data.get("tool", {}).get("poetry", {})
    deps.update(_table(poetry.get("dependencies"), "poetry:"))
    deps.update(_table(poetry.get("dev-dependencies"), "poetry-dev:"))
    for group, body in (poetry.get("group") or {}).items():
        deps.update(_table(body.get("dependencies") if isinstance(body, Mapping) else None, f"{group}:"))
    uv = data.get("tool", {}).get("uv", {})
    deps.update(_table(uv.get("sources"), "source:"))
    deps.update(_table({"index": uv.get("index")}) if uv.get("index") else {})
    return deps


def parse_cargo(text: str) -> Deps:
    data = tomllib.loads(text)
    deps: Deps = {}
    sections = ("dependencies", "dev-dependencies", "build-dependencies")
    for section in sections:
        deps.update(_table(data.get(section), "" if section == "dependencies" else f"{section}:"))
    for target, body in (data.get("target") or {}).items():
        for section in sections:
            deps.update(_table(body.get(section), f"{target}:{section}:"))
    deps.update(_table((data.get("workspace") or {}).get("dependencies"), "workspace:"))
    for registry, body in (data.get("patch") or {}).items():
        deps.update(_table(body, f"patch:{registry}:"))
    return deps


_REQ_OPTION = re.compile(r"^\s*(--?(?:index-url|extra-index-url|find-links|trusted-host|i|f)\b)[=\s]+(\S+)")


def parse_requirements(text: str) -> Deps:
    deps: Deps = {}
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        option = _REQ_OPTION.match(line)
        if option:
            deps[f"option:{option.group(1)}:{option.group(2)}"] = option.group(2)
        elif line.startswith(("-r", "-c", "--requirement", "--constraint")):
            deps[f"include:{line}"] = line
        elif line.startswith(("-e", "--editable")) or "://" in line:
            deps[f"url:{line.split()[-1]}"] = line
        else:
            deps.update(_pep508([line]))
    return deps


_GO_REQUIRE = re.compile(r"^\s*(?:require\s+)?([A-Za-z0-9.\-_~/]+\.[A-Za-z0-9.\-_~/]+)\s+(v\S+)")
_GO_REPLACE = re.compile(r"^\s*(?:replace\s+)?(\S+)(?:\s+\S+)?\s+=>\s+(.+)$")


def parse_go_mod(text: str) -> Deps:
    deps: Deps = {}
    block = ""
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].rstrip()
        stripped = line.strip()
        if stripped.endswith("(") and stripped.split()[0] in ("require", "replace"):
            block = stripped.split()[0]
            continue
        if stripped == ")":
            block = ""
            continue
        replace = _GO_REPLACE.match(line) if block == "replace" or stripped.startswith("replace") else None
        if replace:
            deps[f"replace:{replace.group(1)}"] = replace.group(2).strip()
            continue
        require = _GO_REQUIRE.match(line) if block == "require" or stripped.startswith("require") else None
        if require:
            deps[require.group(1)] = require.group(2)
    return deps


_GEM = re.compile(r"""^\s*gem\s+['"]([^'"]+)['"]\s*(.*)$""")
_SOURCE = re.compile(r"""^\s*source\s+['"]([^'"]+)['"]""")


def parse_gemfile(text: str) -> Deps:
    deps: Deps = {}
    for line in text.splitlines():
        gem = _GEM.match(line)
        if gem:
            deps[gem.group(1)] = re.sub(r"\s+", "", gem.group(2).split("#", 1)[0])
        source = _SOURCE.match(line)
        if source:
            deps[f"source:{source.group(1)}"] = source.group(1)
    return deps


_MIX_DEP = re.compile(r"\{\s*:([a-z0-9_]+)\s*,([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")


def parse_mix(text: str) -> Deps:
    body = text.split("defp deps", 1)[-1] if "defp deps" in text else text
    return {m.group(1): re.sub(r"\s+", "", m.group(2)) for m in _MIX_DEP.finditer(body)}


_POM_DEP = re.compile(r"<dependency>(.*?)</dependency>", re.S)
_POM_TAG = re.compile(r"<(groupId|artifactId|version|scope)>\s*([^<]*?)\s*</\1>")
_POM_REPO = re.compile(r"<repository>.*?<url>\s*([^<]*?)\s*</url>.*?</repository>", re.S)


def parse_pom(text: str) -> Deps:
    deps: Deps = {}
    for block in _POM_DEP.findall(text):
        tags = dict(_POM_TAG.findall(block))
        name = f"{tags.get('groupId', '')}:{tags.get('artifactId', '')}"
        deps[name] = f"{tags.get('version', '')}:{tags.get('scope', '')}"
    for url in _POM_REPO.findall(text):
        deps[f"repository:{url}"] = url
    return deps


_GRADLE_DEP = re.compile(
    r"""^\s*(implementation|api|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly|"""
    r"""annotationProcessor|kapt|ksp|classpath|compile|testCompile)\s*\(?\s*['"]([^'":]+:[^'":]+)(?::([^'"]*))?['"]""",
    re.M,
)
_GRADLE_REPO = re.compile(r"""url\s*[=(]?\s*(?:uri\()?['"]([^'"]+)['"]""")


def parse_gradle(text: str) -> Deps:
    deps = {f"{m.group(1)}:{m.group(2)}": m.group(3) or "" for m in _GRADLE_DEP.finditer(text)}
    deps.update({f"repository:{url}": url for url in _GRADLE_REPO.findall(text)})
    return deps


def parse_pipfile(text: str) -> Deps:
    data = tomllib.loads(text)
    deps = _table(data.get("packages"))
    deps.update(_table(data.get("dev-packages"), "dev:"))
    for source in data.get("source", []) or []:
        if isinstance(source, Mapping) and "url" in source:
            deps[f"source:{source['url']}"] = str(source["url"])
    return deps


Parser = Callable[[str], Deps]


def parser_for(path: str) -> Parser | None:
    name = path.rsplit("/", 1)[-1]
    exact: dict[str, Parser] = {
        "package.json": parse_package_json,
        "composer.json": parse_composer_json,
        "pyproject.toml": parse_pyproject,
        "Cargo.toml": parse_cargo,
        "go.mod": parse_go_mod,
        "Gemfile": parse_gemfile,
        "gems.rb": parse_gemfile,
        "mix.exs": parse_mix,
        "pom.xml": parse_pom,
        "build.gradle": parse_gradle,
        "build.gradle.kts": parse_gradle,
        "Pipfile": parse_pipfile,
    }
    if name in exact:
        return exact[name]
    if re.match(r"^requirements[^/]*\.(txt|in)$", name) or "/requirements/" in path and name.endswith(".txt"):
        return parse_requirements
    return None


def safe_parse(parser: Parser, text: str) -> Deps | None:
    """Parsed dependencies, or None when the text is not a valid manifest."""
    try:
        return parser(text)
    except (ValueError, TypeError, AttributeError, tomllib.TOMLDecodeError, RecursionError):
        return None


_PAIR = re.compile(r"""["']?([@A-Za-z0-9][\w@/.\-]*)["']?\s*[:=]\s*["']([^"'\n]*)["']""")


def fragment_deps(text: str) -> Deps:
    """Dependencies named in a fragment of a manifest (when the whole file is unknown)."""
    deps = {m.group(1): m.group(2) for m in _PAIR.finditer(text)}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "{", "}", "[", '"', "'")) and "=" not in line:
            deps.update(_pep508([line]))
    return deps


MAX_MANIFEST = 1 << 20


def manifest_change(
    path: str, before: str | None, after: str | None, fragments: tuple[str, str] | None
) -> DependencyChange | None:
    """The dependency change an edit makes to a manifest, or None when `path` is not one.

    `before`/`after` are whole-file texts when known; otherwise `fragments` holds the
    replaced and the replacing text and only the dependencies they name are compared.
    """
    parser = parser_for(path)
    if parser is None:
        return None
    if after is not None and len(after) <= MAX_MANIFEST and (before is None or len(before) <= MAX_MANIFEST):
        old = safe_parse(parser, before) if before else {}
        new = safe_parse(parser, after)
        if new is not None and old is not None:
            return compare(old, new)
    if fragments is not None:
        return compare(fragment_deps(fragments[0]), fragment_deps(fragments[1]))
    return DependencyChange((), (), ())
