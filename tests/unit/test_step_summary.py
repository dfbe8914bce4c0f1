"""The GitHub run page says what a publish left out, FILE:LINE each, without opening the log."""

from paper_digest.commands.sites import SiteReport
from paper_digest.commands.summary import publish_summary
from paper_digest.problems import SKIPPED, Location, Problem


def test_the_publish_summary_lists_what_was_skipped_once_and_the_notes():
    skipped = (Problem(Location("seeds/2024/08/summary_info/2024-08-05.md", 2), "paper skipped: failed", SKIPPED),)
    reports = [
        SiteReport("zh-CN", "", 86, 30, 1.0, skipped=skipped, notes=("seeds/x.txt: 17 paper(s) are also in y",)),
        SiteReport("en", "en", 86, 30, 1.0),
    ]
    markdown = publish_summary("https://example.github.io/digest", reports)
    assert "**Skipped (not published; fix and push again)** (1):" in markdown
    assert markdown.count("`seeds/2024/08/summary_info/2024-08-05.md:2: paper skipped: failed`") == 1
    assert "`seeds/x.txt: 17 paper(s) are also in y`" in markdown
