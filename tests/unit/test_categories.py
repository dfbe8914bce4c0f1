"""arXiv's categories from stored records: checked codes, a primary one first, names from the shipped table."""

import datetime as dt
import tomllib

import pytest

from paper_digest.digest.model import Paper
from paper_digest.metadata.record import ArxivRecord, load_record
from paper_digest.problems import Location
from paper_digest.site.categories import TABLE, category_codes, category_name

RECORD = """arxiv_id = "2409.00001"
version = 1
title = "T"
published = 2024-09-01
updated = 2024-09-01
abstract = "x"
{fields}
[[authors]]
name = "Ann Lee"
"""


@pytest.mark.parametrize(
    "fields",
    [
        'primary_category = "../../evil"\ncategories = ["cs.CV"]',  # would write outside the site
        'primary_category = "cs.CV"\ncategories = "cs.CV"',  # a string, not a list: never c, s, ., C, V
        'primary_category = "cs.CV"\ncategories = ["cs.CV", "a b"]',
        'primary_category = 5\ncategories = ["cs.CV"]',
    ],
)
def test_a_record_with_a_bad_category_is_left_out_and_said(tmp_path, fields):
    (tmp_path / "2409.00001.toml").write_text(RECORD.format(fields=fields), encoding="utf-8")
    record, problems = load_record(tmp_path, "2409.00001")
    assert record is None
    assert [str(p.location) for p in problems] == [str(tmp_path / "2409.00001.toml")]
    assert "run 'invoke enrich --refresh'" in problems[0].message


def test_good_codes_of_every_archive_load(tmp_path):
    codes = ["hep-th", "cs.CV", "q-bio.NC", "math-ph", "physics.app-ph", "astro-ph.CO"]
    fields = f'primary_category = "hep-th"\ncategories = {codes}'.replace("'", '"')
    (tmp_path / "2409.00001.toml").write_text(RECORD.format(fields=fields), encoding="utf-8")
    record, problems = load_record(tmp_path, "2409.00001")
    assert problems == [] and record.categories == tuple(codes)


def paper_with(primary: str, categories: tuple[str, ...]) -> Paper:
    day = dt.date(2024, 9, 1)
    record = ArxivRecord("2409.00001", 1, "T", (), day, day, "x", primary, categories)
    return Paper("2409.00001", "T", None, (), (), day, Location("d.md", 1), (), record=record)


def test_primary_first_once_and_the_first_category_when_no_primary_is_given():
    assert category_codes(paper_with("cs.CL", ("cs.AI", "cs.CL", "cs.LG"))) == ("cs.CL", "cs.AI", "cs.LG")
    assert category_codes(paper_with("", ("cs.RO", "cs.LG"))) == ("cs.RO", "cs.LG")
    assert category_codes(Paper("2409.00001", "T", None, (), (), None, Location("d.md", 1), ())) == ()


def test_the_table_names_every_category_in_both_languages():
    table = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    assert len(table) >= 155 and all(set(names) == {"en", "zh"} for names in table.values())
    assert category_name("cs.CV", chinese=False) == "Computer Vision and Pattern Recognition"
    assert category_name("cs.CV", chinese=True) == "计算机视觉与模式识别"
    assert category_name("eess.AS", chinese=False) == "Audio and Speech Processing"
    assert category_name("cs.XX", chinese=True) == "cs.XX"  # a code the table lacks is shown as it is
