"""Exit statuses mean what they say; the edition is configured in edition.toml; the
package refuses what would make a wrong deposit; verify checks every file it ships.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import bagit
import pytest
from click.testing import CliRunner

from faultkit import make_edition, run
from pipeline.cli import main

COMMANDS = ("convert", "validate", "build", "package")


@pytest.mark.parametrize("command", COMMANDS)
def test_faults_help_documents_exit_status(command):
    res = CliRunner().invoke(main, [command, "--help"])
    assert res.exit_code == 0
    text = " ".join(res.output.split())
    assert "Exit status: 0 when everything was done and is valid" in text
    assert "1 when anything is invalid or was not done, 2 for a usage error" in text
    assert "--strict" in res.output


def test_faults_usage_error_is_status_2(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=1)
    assert run(project, "build", "--format", "nonsense").returncode == 2
    assert run(project, "validate", "--no-such-option").returncode == 2


@pytest.fixture
def converted(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=2)
    assert run(project, "convert").returncode == 0
    return project


def test_faults_warnings_alone_exit_0_and_strict_makes_them_fatal(converted):
    doc = sorted(converted.tei.glob("0*.xml"))[0]
    text = doc.read_text(encoding="utf-8")
    m = re.search(r'ref="(persons\.xml#pers-[^"]+)"', text)
    text = text.replace(m.group(0), f'ref="{" ".join([m.group(1)] * 4)}"', 1)  # > 3 pointers: a warning
    doc.write_text(text, encoding="utf-8")
    plain = run(converted, "validate")
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "warning: @ref has more than three pointers" in plain.stdout + plain.stderr
    assert run(converted, "validate", "--strict").returncode == 1


def test_faults_duplicate_document_ids_are_refused(converted):
    doc = sorted(converted.tei.glob("0*.xml"))[0]
    twin = converted.tei / "zz-second-capture.xml"
    shutil.copy(doc, twin)
    done = run(converted, "validate")
    assert done.returncode == 1
    assert re.search(rf"{re.escape(str(twin))}:\d+:1: document id \"[^\"]+\" is also the id of {doc.name}",
                     done.stdout + done.stderr)
    assert run(converted, "build", "--format", "txt").returncode == 1
    packaged = run(converted, "package", "--allow-placeholders")
    assert packaged.returncode == 1 and "is also the id of" in packaged.stderr


def test_faults_package_refuses_missing_and_stale_text(converted):
    done = run(converted, "package", "--allow-placeholders")
    assert done.returncode == 1
    assert "missing: tei/" in done.stderr and "run `pipeline build`" in done.stderr, done.stderr
    assert run(converted, "build", "--format", "txt").returncode == 0
    doc = sorted(converted.tei.glob("0*.xml"))[0]
    doc.write_text(re.sub(r"(<p\b[^>]*>)", r"\1An editor's addition. ", doc.read_text(encoding="utf-8"), count=1),
                   encoding="utf-8")
    stale = run(converted, "package", "--allow-placeholders")
    assert stale.returncode == 1
    assert f"stale: tei/{doc.name}" in stale.stderr, stale.stderr
    assert not (converted.build / "package").exists() or not any((converted.build / "package").iterdir())
    assert run(converted, "build", "--format", "txt").returncode == 0
    assert run(converted, "package", "--allow-placeholders").returncode == 0


def test_faults_package_refuses_placeholders_by_name(converted):
    assert run(converted, "build", "--format", "txt").returncode == 0
    done = run(converted, "package")
    assert done.returncode == 1
    toml = converted.root / "edition.toml"
    assert f"{toml}:0:0: placeholder value: edition.base_url = 'https://armistice-edition.example.org/'" in done.stderr
    assert "contact.email" in done.stderr
    text = toml.read_text(encoding="utf-8").replace("armistice-edition.example.org/", "korea-1953.ac.uk/edition/")
    toml.write_text(text.replace("editors@armistice-edition.example.org", "editors@korea-1953.ac.uk"), encoding="utf-8")
    done = run(converted, "package")
    assert done.returncode == 0, done.stderr
    bag = next((converted.build / "package").iterdir())
    info = bagit.Bag(str(bag)).info
    assert info["External-Identifier"] == "https://korea-1953.ac.uk/edition/"
    assert info["Contact-Email"] == "editors@korea-1953.ac.uk"
    dc = next((bag / "data" / "metadata" / "dc").glob("*.xml")).read_text(encoding="utf-8")
    assert "example.org" not in dc and "korea-1953.ac.uk/edition/html/" in dc
    built = run(converted, "build", "--format", "html")
    assert built.returncode == 0
    page = next((converted.build / "html").glob("0*.jsonld")).read_text(encoding="utf-8")
    assert "example.org" not in page and "korea-1953.ac.uk" in page


@pytest.mark.parametrize("content,message", [
    ('[edition]\ntitle = "x"\nbase_url = "https://a.org/"\n[contact\n', "not valid TOML"),
    ('[edition]\ntitel = "x"\n', "[edition] titel: unknown key"),
    ('[edition]\nbase_url = "https://a.org"\n', "[edition] base_url: 'https://a.org' must end with '/'"),
    ('[edition]\nslug = "my edition"\n', "[edition] slug:"),
    ('[contact]\nemail = 12\n', "[contact] email: must be a string"),
])
def test_faults_edition_settings_errors_name_file_and_key(converted, content, message):
    (converted.root / "edition.toml").write_text(content, encoding="utf-8")
    for command in ("convert", "build"):
        done = run(converted, command)
        assert done.returncode == 1
        assert f"{converted.root / 'edition.toml'}:" in done.stderr and message in done.stderr, done.stderr


def test_faults_package_twice_a_day_never_replaces_a_bag(converted):
    assert run(converted, "build", "--format", "txt").returncode == 0
    for _ in range(2):
        assert run(converted, "package", "--allow-placeholders").returncode == 0
    bags = sorted(p.name for p in (converted.build / "package").iterdir())
    day = dt.datetime.now(dt.timezone.utc).date().isoformat()
    assert bags == [f"armistice-edition-{day}", f"armistice-edition-{day}-2"]
    out = converted.build / "package" / bags[0]
    again = run(converted, "package", "--allow-placeholders", "--out", str(out))
    assert again.returncode == 1 and "a bag is never replaced" in again.stderr


@pytest.fixture(scope="module")
def packaged(tmp_path_factory):
    project = make_edition(tmp_path_factory.mktemp("bag") / "edition", seeds=2)
    assert run(project, "build", "--format", "txt").returncode == 0
    assert run(project, "package", "--allow-placeholders").returncode == 0
    return project, next((project.build / "package").iterdir())


@pytest.fixture
def bag(packaged, tmp_path):
    """A private copy of one good bag, for a test to damage."""
    project, original = packaged
    copy = tmp_path / original.name
    shutil.copytree(original, copy)
    return project, copy


def _resign(bag_dir):
    """The checksums made anew: only the content checks can see what changed."""
    b = bagit.Bag(str(bag_dir))
    b.save(manifests=True)


@pytest.mark.parametrize("victim,change,expected", [
    ("metadata/mets.xml", ("<mets:fileSec", "<mets:bogus/><mets:fileSec"), "mets.xsd:"),
    ("metadata/cmif.xml", ("<teiHeader>", "<teiHeader><bogus/>"), "tei_all.rng:"),
    ("metadata/dc/*.xml", ("<dc:title", "<dc:bogus>x</dc:bogus><dc:title"), "oai_dc.xsd:"),
    ("tei/edition.xml", ("</teiCorpus>", ""), "malformed XML"),
])
def test_faults_verify_checks_metadata_and_corpus(bag, victim, change, expected):
    project, bag_dir = bag
    path = next((bag_dir / "data").glob(victim))
    text = path.read_text(encoding="utf-8")
    assert change[0] in text, (victim, text[:500])
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    _resign(bag_dir)
    done = run(project, "package", "--verify", str(bag_dir))
    assert done.returncode == 1
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: .*{re.escape(expected)}", done.stdout + done.stderr), \
        done.stdout + done.stderr


def test_faults_verify_uses_the_schema_a_metadata_file_declares(bag):
    project, bag_dir = bag
    cmif = bag_dir / "data" / "metadata" / "cmif.xml"
    assert '<?xml-model href="../schema/tei_all.rng"' in cmif.read_text(encoding="utf-8")
    text = cmif.read_text(encoding="utf-8").replace("../schema/tei_all.rng", "../schema/cmif-official.rng")
    cmif.write_text(text, encoding="utf-8")
    _resign(bag_dir)
    done = run(project, "package", "--verify", str(bag_dir))
    assert done.returncode == 1
    assert "declares the schema ../schema/cmif-official.rng, which the package does not carry" in done.stderr


def test_faults_register_change_keeps_the_content_dates(tmp_path, monkeypatch):
    """Re-encoding the same text (a new register variant) keeps the date of the last content change."""
    import pipeline.convert
    from pipeline.convert import convert_all

    project = make_edition(tmp_path / "edition", seeds=2)

    class Then(dt.date):
        @classmethod
        def today(cls):
            return dt.date(2020, 5, 17)

    monkeypatch.setattr(pipeline.convert, "date", Then)
    assert all(o.status == "written" for o in convert_all(project))
    monkeypatch.undo()
    registers = project.tei / "persons.xml"
    text = registers.read_text(encoding="utf-8")
    m = re.search(r'(<persName[^>]*>)([^<]+)(</persName>)', text)
    registers.write_text(text.replace(m.group(0), m.group(0) + f'<persName type="variant">{m.group(2)} Jr</persName>', 1),
                         encoding="utf-8")
    outcomes = convert_all(project)
    assert all(o.status in ("written", "unchanged") for o in outcomes), [(o.status, o.warnings) for o in outcomes]
    for o in outcomes:
        tei = o.target.read_text(encoding="utf-8")
        assert '<change when="2020-05-17"' in tei
        assert re.search(r'<date when="2020-05-17"[^>]*>2020-05-17</date>', tei), o.target
    seed = sorted(project.seeds.glob("*.txt"))[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    changed = {o.source: o for o in convert_all(project)}[seed]
    assert changed.status == "written"
    assert f'<change when="{dt.date.today().isoformat()}"' in changed.target.read_text(encoding="utf-8")
