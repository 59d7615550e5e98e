"""The edition's identity - title, publisher, contact, web address, licence - from edition.toml.

Every output that names the edition (TEI headers, pages and their JSON-LD, DTS, the
deposit's bag-info, Dublin Core, METS, CMIF) reads it through `settings(root)`, so
an edition is configured in one file at its project root, never in code:

    [edition]
    title = "Korean War Armistice Digital Edition"
    slug = "armistice-edition"            # names the deposit package
    publisher = "…"                        # defaults to the title
    description = "…"
    base_url = "https://…/"               # where the HTML edition is published
    licence_url = "https://creativecommons.org/licenses/by/4.0/"

    [contact]
    name = "…"
    email = "…"

A project without edition.toml gets the built-in values below, whose web address
and mailbox are placeholders; `pipeline package` refuses placeholders (naming them)
unless --allow-placeholders is given. The module's upper-case names (TITLE,
BASE_URL, …) are the settings of the active project (`activate`), for code that
has no project at hand.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import PipelineError, Problem

FILE_NAME = "edition.toml"

_DEFAULTS = {
    "title": "Korean War Armistice Digital Edition",
    "slug": "armistice-edition",
    "publisher": "",
    "description": (
        "TEI P5 edition of documents on the negotiation of the Korean War armistice, 1950-1953, "
        "from Soviet, Chinese and American sources, in original and translation, with registers "
        "of persons, places and organisations, plain text with standoff annotations, Dublin Core, "
        "METS and CMIF metadata."),
    "base_url": "https://armistice-edition.example.org/",
    "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    "contact_name": "",
    "contact_email": "editors@armistice-edition.example.org",
}
# file section and key of each setting
_KEYS = {"title": ("edition", "title"), "slug": ("edition", "slug"), "publisher": ("edition", "publisher"),
         "description": ("edition", "description"), "base_url": ("edition", "base_url"),
         "licence_url": ("edition", "licence_url"), "contact_name": ("contact", "name"),
         "contact_email": ("contact", "email")}
# reserved example domains (RFC 2606/6761) and the usual stand-ins mean "not set yet"
_PLACEHOLDER = re.compile(r"(?:^|[.@/])example\.(?:org|com|net)\b|\.(?:invalid|test|example)\b|\bTODO\b|"
                          r"\bchange[ -]?me\b|\bplaceholder\b", re.I)
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Edition:
    title: str
    slug: str
    publisher: str
    description: str
    base_url: str
    licence_url: str
    contact_name: str
    contact_email: str
    path: Path | None = None  # the edition.toml read, None for the built-in values

    def placeholders(self) -> list[str]:
        """"section.key = value" of every setting that is still a placeholder."""
        out = []
        for name, (section, key) in _KEYS.items():
            value = getattr(self, name)
            if _PLACEHOLDER.search(value):
                out.append(f"{section}.{key} = {value!r}")
        return out


def _check(values: dict, path: Path) -> None:
    def bad(name: str, why: str) -> PipelineError:
        section, key = _KEYS[name]
        return PipelineError(Problem(path, 0, 0, f"[{section}] {key}: {why}"))

    for name in ("title", "slug"):
        if not values[name].strip():
            raise bad(name, "must not be empty")
    if not _SLUG.match(values["slug"]):
        raise bad("slug", f"{values['slug']!r} must be letters, digits, '.', '-' or '_' (it names the package)")
    for name in ("base_url", "licence_url"):
        if not re.match(r"^https?://[^/\s]+", values[name]):
            raise bad(name, f"{values[name]!r} is not an http(s) URL")
    if not values["base_url"].endswith("/"):
        raise bad("base_url", f"{values['base_url']!r} must end with '/'")
    if values["contact_email"] and not _EMAIL.match(values["contact_email"]):
        raise bad("contact_email", f"{values['contact_email']!r} is not an e-mail address")


_cache: dict[Path, tuple[tuple, Edition]] = {}


def settings(root: Path | None = None) -> Edition:
    """The edition settings of the project at `root` (default: the active project)."""
    root = Path(root) if root is not None else _active
    path = (root / FILE_NAME) if root is not None else None
    try:
        st = path.stat() if path is not None else None
    except OSError:
        st = None
    key = (st.st_mtime_ns, st.st_size) if st else None
    hit = _cache.get(path)
    if hit and hit[0] == key:
        return hit[1]
    values = dict(_DEFAULTS)
    if st is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as e:
            raise PipelineError(Problem(path, 0, 0, f"cannot read: {e}")) from None
        except tomllib.TOMLDecodeError as e:
            m = re.search(r"line (\d+), column (\d+)", str(e))
            line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
            raise PipelineError(Problem(path, line, col, f"not valid TOML: {e}")) from None
        known = {s for s, _ in _KEYS.values()}
        for section in data:
            if section not in known:
                raise PipelineError(Problem(path, 0, 0, f"unknown section [{section}]; known: "
                                                        + ", ".join(f"[{k}]" for k in sorted(known))))
        for section in known:
            if not isinstance(data.get(section, {}), dict):
                raise PipelineError(Problem(path, 0, 0, f"{section} must be a table ([{section}])"))
            allowed = {k for s, k in _KEYS.values() if s == section}
            for k in data.get(section, {}):
                if k not in allowed:
                    raise PipelineError(Problem(path, 0, 0, f"[{section}] {k}: unknown key; known: "
                                                            + ", ".join(sorted(allowed))))
        for name, (section, k) in _KEYS.items():
            if k in data.get(section, {}):
                value = data[section][k]
                if not isinstance(value, str):
                    raise PipelineError(Problem(path, 0, 0, f"[{section}] {k}: must be a string, not "
                                                            f"{type(value).__name__}"))
                values[name] = value.strip()
    values["publisher"] = values["publisher"] or values["title"]
    values["contact_name"] = values["contact_name"] or values["publisher"]
    _check(values, path or Path(FILE_NAME))
    edition = Edition(**values, path=path if st is not None else None)
    _cache[path] = (key, edition)
    return edition


# The active project: the repository's own until a command names another.
_active: Path | None = Path(__file__).resolve().parent.parent


def activate(root: Path) -> Edition:
    """Make `root`'s edition the one the upper-case names below answer with; returns it."""
    global _active
    _active = Path(root)
    return settings(_active)


_LEGACY = {"TITLE": "title", "SLUG": "slug", "PUBLISHER": "publisher", "DESCRIPTION": "description",
           "BASE_URL": "base_url", "LICENCE_URL": "licence_url", "CONTACT_NAME": "contact_name",
           "CONTACT_EMAIL": "contact_email"}


def __getattr__(name: str):
    if name in _LEGACY:
        return getattr(settings(), _LEGACY[name])
    raise AttributeError(name)


__all__ = ["Edition", "settings", "activate", *(f.name for f in fields(Edition))]
