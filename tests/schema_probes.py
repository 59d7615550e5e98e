"""Probe documents generated from schema/tei-edition.xsd: every element the XSD declares,
in every parent it may stand in, with every attribute it may carry.

Each probe is a minimal document valid against the XSD (checked) with one chosen element
inserted at its place; validating all of them against the official tei_all.rng with jing
shows that the XSD is a subset of TEI P5 for everything it allows, not only for what the
edition's files happen to use.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import xmlschema
from lxml import etree
from xmlschema.validators import XsdElement, XsdGroup

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Sample values for the edition's simple types (by type name, then by XSD builtin).
SAMPLES = {
    "word": "x", "words": "x y", "pointer": "#x", "pointers": "#x #y", "temporal": "1953-07-27",
    "certainty": "medium", "evidence": "internal", "version": "1.0", "titleLevel": "a",
}
BUILTIN = {"language": "en", "Name": "x", "NCName": "x", "ID": "x", "anyURI": "#x", "string": "x",
           "token": "x", "date": "1953-07-27", "gYear": "1953", "integer": "1"}


def _sample(simple) -> str:
    name = simple.local_name if simple.name else None
    if name in SAMPLES:
        return SAMPLES[name]
    if getattr(simple, "enumeration", None):
        return str(simple.enumeration[0])
    base = simple
    while base is not None:
        if base.name and base.local_name in SAMPLES:
            return SAMPLES[base.local_name]
        if base.name and base.local_name in BUILTIN:
            return BUILTIN[base.local_name]
        if getattr(base, "enumeration", None):
            return str(base.enumeration[0])
        nxt = getattr(base, "base_type", None)
        if nxt is None and getattr(base, "item_type", None) is not None:
            nxt = base.item_type
        if nxt is None and getattr(base, "member_types", None):
            nxt = base.member_types[0]
        base = nxt
    return "x"


class Prober:
    def __init__(self, xsd_path: Path):
        self.schema = xmlschema.XMLSchema(str(xsd_path), allow="local", defuse="always")
        self.root_decl = self.schema.elements["TEI"]
        self._ids = itertools.count(1)
        self._cost: dict[int, int] = {}

    # ------------------------------------------------------------------ minimal content
    def cost(self, item, depth=0) -> int:
        """How many elements a minimal instance of `item` needs (recursion-safe)."""
        key = id(item)
        if key in self._cost:
            return self._cost[key]
        if depth > 40:
            return 10**6
        self._cost[key] = 10**6  # guards recursion
        if isinstance(item, XsdElement):
            c = 1 + self.content_cost(item.type, depth + 1)
        elif isinstance(item, XsdGroup):
            costs = [self.cost(x, depth + 1) * max(x.min_occurs, 1 if item.model == "choice" else x.min_occurs)
                     for x in item]
            if item.model == "choice":
                c = min((self.cost(x, depth + 1) * max(x.min_occurs, 1) for x in item), default=0) if item.min_occurs else 0
            else:
                c = sum(self.cost(x, depth + 1) * x.min_occurs for x in item)
            del costs
        else:
            c = 10**6
        self._cost[key] = c
        return c

    def content_cost(self, type_, depth) -> int:
        if not type_.is_complex() or type_.has_simple_content() or type_.content is None:
            return 0
        return self.cost(type_.content, depth) if type_.content.min_occurs else 0

    def element(self, decl: XsdElement, chain: list, full: bool) -> etree._Element:
        el = etree.Element(f"{{{TEI_NS}}}{decl.local_name}")
        type_ = decl.type
        if type_.is_complex():
            for name, attr in type_.attributes.items():
                if name is None:
                    continue
                if attr.use == "required" or full:
                    value = _sample(attr.type)
                    if name == f"{{{XML_NS}}}id":
                        value = f"id{next(self._ids)}"
                    el.set(name, value)
            if not type_.has_simple_content() and type_.content is not None:
                for child in self.group(type_.content, chain, type_.content.min_occurs or 0):
                    el.append(child)
        return el

    def group(self, group, chain: list, occurs: int) -> list:
        """Children for `group`, including chain[0] once when it is inside the group."""
        target = chain[0] if chain else None
        holds = target is not None and self._contains(group, target)
        if not holds and occurs == 0:
            return []
        if isinstance(group, XsdElement):
            n = max(group.min_occurs, 1)
            out = []
            for i in range(n):
                if group is target and i == 0:
                    out.append(self.element(group, chain[1:], full=len(chain) == 1))
                else:
                    out.append(self.element(group, [], full=False))
            return out
        if group.model == "choice":
            cheapest = min(group, key=lambda x: self.cost(x) * max(x.min_occurs, 1))
            out = []
            for i in range(max(occurs, 1)):
                if holds and i == 0:
                    pick = next(x for x in group if self._contains(x, target))
                    out += self.group(pick, chain, max(pick.min_occurs, 1))
                else:
                    out += self.group(cheapest, [], max(cheapest.min_occurs, 1))
            return out
        out = []
        for x in group:
            inside = holds and self._contains(x, target)
            out += self.group(x, chain if inside else [], x.min_occurs if not inside else max(x.min_occurs, 1))
        return out

    def _contains(self, item, target) -> bool:
        if item is target:
            return True
        return isinstance(item, XsdGroup) and any(self._contains(x, target) for x in item)

    # ------------------------------------------------------------------ contexts
    def contexts(self):
        """(chain of element declarations from below TEI to the probed one, description)."""
        seen_types: set[int] = set()
        queue = [(self.root_decl, [])]
        probed = set()
        out = []
        while queue:
            decl, chain = queue.pop(0)
            type_ = decl.type
            if not type_.is_complex() or type_.has_simple_content() or type_.content is None:
                continue
            if id(type_) in seen_types:
                continue
            seen_types.add(id(type_))
            for child in type_.content.iter_elements():
                if not isinstance(child, XsdElement):
                    continue
                key = (id(type_), child.local_name, id(child.type))
                if key in probed:
                    continue
                probed.add(key)
                out.append((chain + [child], f"{decl.local_name}/{child.local_name}"))
                queue.append((child, chain + [child]))
        return out

    def probes(self):
        for chain, label in self.contexts():
            root = self.element(self.root_decl, chain, full=False)
            yield label, etree.ElementTree(root)
