"""The register files: valid TEI, consistent ids and name forms, loadable."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.entities.registers import load_registers
from pipeline.errors import PipelineError
from pipeline.project import REGISTER_FILES

ROOT = Path(__file__).resolve().parents[1]
TEI_DIR = ROOT / "tei"
from conftest import TEI_ALL  # noqa: E402
ARCHIVES = ("org-aprf", "org-avprf", "org-rgaspi", "org-tsamo", "org-garf", "org-rgani")


@pytest.fixture(scope="module")
def registers():
    return load_registers(TEI_DIR)


def test_registers_valid_against_tei_all():
    jing = shutil.which("jing")
    assert jing, "jing is needed to validate the registers against tei_all.rng"
    paths = [str(TEI_DIR / name) for name in REGISTER_FILES.values()]
    result = subprocess.run([jing, str(TEI_ALL), *paths], capture_output=True, text=True)
    # jing prints a harmless classpath warning on stderr; errors go to stdout
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("file_name", sorted(REGISTER_FILES.values()))
def test_registers_have_schema_processing_instructions(file_name):
    head = (TEI_DIR / file_name).read_text(encoding="utf-8")[:600]
    assert 'href="../schema/tei-edition.xsd"' in head
    assert 'href="../schema/tei-edition.sch"' in head


def test_registers_variants_unique_across_entries(registers):
    assert registers.matcher.ambiguous == {}


def test_registers_ids_have_kind_prefix(registers):
    prefixes = {"person": "pers-", "place": "place-", "org": "org-"}
    wrong = [e.id for e in registers.entries.values() if not e.id.startswith(prefixes[e.kind])]
    assert wrong == []


def test_registers_archive_entries_exist(registers):
    for archive in ARCHIVES:
        assert registers[archive].kind == "org"
    assert "АВП РФ" in {f.text for f in registers["org-avprf"].forms}


def test_load_registers_gives_preferred_name_variants_and_ref(registers):
    kim = registers["pers-kim-il-sung"]
    assert kim.kind == "person" and kim.preferred == "Kim Il Sung"
    assert {("金日成", "zh"), ("КИМ ИР СЕНУ", "ru")} <= {(f.text, f.lang) for f in kim.variants}
    assert registers.ref("pers-kim-il-sung") == "persons.xml#pers-kim-il-sung"
    assert registers.ref("place-kaesong") == "places.xml#place-kaesong"
    assert registers.ref("org-council-of-ministers-ussr") == "organisations.xml#org-council-of-ministers-ussr"
    stalin = {(f.text, f.type) for f in registers["pers-stalin"].variants}
    assert ("Filippov", "pseudonym") in stalin
    assert ("Peng Dehaui", "misspelling") in {(f.text, f.type) for f in registers["pers-peng-dehuai"].variants}


def test_load_registers_malformed_file_raises_with_position(tmp_path):
    for name in REGISTER_FILES.values():
        shutil.copy(TEI_DIR / name, tmp_path / name)
    broken = tmp_path / REGISTER_FILES["place"]
    broken.write_text(broken.read_text(encoding="utf-8").replace("</listPlace>", "", 1), encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        load_registers(tmp_path)
    problem = info.value.problems[0]
    assert Path(problem.path).name == "places.xml" and problem.line > 0


def test_load_registers_two_preferred_names_is_an_error(tmp_path):
    for name in REGISTER_FILES.values():
        shutil.copy(TEI_DIR / name, tmp_path / name)
    persons = tmp_path / REGISTER_FILES["person"]
    text = persons.read_text(encoding="utf-8").replace(
        '<persName type="variant" xml:lang="en">Stalin</persName>',
        '<persName type="preferred" xml:lang="en">Stalin</persName>',
    )
    persons.write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError, match="pers-stalin: 2 preferred names"):
        load_registers(tmp_path)
