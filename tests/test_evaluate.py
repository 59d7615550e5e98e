"""Issue-level checks of the entity markup on the seeds: accuracy, proposals to review, register edits."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import ROOT, SEEDS
from pipeline.cli import main
from pipeline.convert import convert_all
from pipeline.evaluate import evaluate
from pipeline.xmlio import NS, parse

GOLD = ROOT / "tests" / "gold"


def test_evaluate_seed_markup_meets_the_bar(converted):
    scores = evaluate(converted.document_paths(), GOLD)
    for category in ("person", "place", "org", "date"):
        assert scores[category].precision >= 0.95, (category, scores[category])
        assert scores[category].recall >= 0.95, (category, scores[category])
    # Archival identifiers must parse exactly.
    assert scores["archival"].fp == scores["archival"].fn == 0 and scores["archival"].tp == 3


def test_entities_has_next_to_nothing_to_review_for_the_seeds(converted):
    # The registers know every name of the seeds: at most a stray proposal or two remain.
    result = CliRunner().invoke(main, ["--project", str(converted.root), "entities"])
    assert result.exit_code == 0
    groups = [line for line in result.output.splitlines() if line[:6].strip() in ("person", "place", "org")]
    assert len(groups) <= 2, result.output


def test_register_variant_added_is_marked_up_on_reconversion(project):
    source = SEEDS / "004_09fa97ecc98cb470.txt"
    convert_all(project, [source])
    target = project.tei / f"{source.stem}.xml"
    assert not parse(target).getroot().xpath("//tei:persName[. = 'Andrei Mefodievich Ledovskii']/@ref", namespaces=NS)
    persons = project.tei / "persons.xml"
    text = persons.read_text(encoding="utf-8")
    entry = ('<person xml:id="pers-test-gromov"><persName type="preferred" xml:lang="en">Gromov</persName>'
             '<persName type="variant" xml:lang="en">Korobov</persName></person>')
    # Re-point "Korobov" at a new entry: every unedited document follows the register.
    text = text.replace('<persName type="preferred" xml:lang="en">Korobov</persName>',
                        '<persName type="preferred" xml:lang="en">Korobov (old)</persName>')
    persons.write_text(text.replace("</listPerson>", entry + "</listPerson>", 1), encoding="utf-8")
    (outcome,) = convert_all(project, [source])
    assert outcome.status == "written"
    refs = parse(target).getroot().xpath("//tei:text//tei:persName[. = 'Korobov']/@ref", namespaces=NS)
    assert refs == ["persons.xml#pers-test-gromov"]
