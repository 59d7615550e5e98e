"""The text of `pipeline entities`: proposed names grouped, one block per group."""

from __future__ import annotations

from .review import ProposedName


def format_groups(groups: list[ProposedName]) -> list[str]:
    lines = []
    for g in groups:
        docs = len(g.documents)
        preferred, lang = g.preferred()
        lines.append(f"{g.kind:<6} {g.form}  ({g.count} mention(s) in {docs} document(s); "
                     f"{', '.join(g.languages)})  -> new entry {g.proposed_id()} \"{preferred}\" ({lang})")
        variants = ", ".join(f"{s} ×{n} ({l})" for (s, l), n in g.variants.most_common())
        lines.append(f"         as written: {variants}")
        lines.append(f"         in: {', '.join(f'{d} ×{n}' for d, n in sorted(g.documents.items()))}")
        if g.translations:
            forms = ", ".join(f"{s} ({l})" for (s, l), _ in g.translations.most_common())
            lines.append(f"         in the aligned translation: {forms} (accepting adds these forms too)")
        for entry, n in g.counterparts.most_common():
            lines.append(f"         its counterpart in the aligned translation is {entry} ×{n}: "
                         f"to add it there, accept with --as {entry}")
    return lines
