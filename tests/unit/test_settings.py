"""Every PAPER_DIGEST_* setting is checked in one place, with an error that names it and says what it must be."""

import pytest

from paper_digest.options import DEFAULTS, Options, check, options_of
from paper_digest.problems import DigestError


def test_the_defaults_are_valid():
    assert check(DEFAULTS) == []


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("PAPER_DIGEST_SEARCH_SHARD_PAPERS", 0, "a positive whole number of papers, not 0"),
        ("PAPER_DIGEST_SEARCH_SHARD_PAPERS", True, "a positive whole number of papers, not True"),
        ("PAPER_DIGEST_PATHS", "seeds", "a list of digest files, folders or globs, like ['seeds'], not 'seeds'"),
        ("PAPER_DIGEST_SEARCH", "yes", "True or False, not 'yes'"),
        ("PAPER_DIGEST_SUBSITES", {"en": "English"}, "a dict of {prefix: settings overrides}"),
        ("PAPER_DIGEST_SUBSITES", {".": {}}, "each prefix a folder name"),
        ("PAPER_DIGEST_SUBSITES", {"../x": {}}, "each prefix a folder name"),
        ("PAPER_DIGEST_SERACH", False, "is not a setting of this plugin (a typo?)"),
    ],
)
def test_a_wrong_setting_is_named_with_what_it_must_be(key, value, said):
    with pytest.raises(DigestError) as raised:
        Options.of({"PATH": "/project/content", key: value})
    (problem,) = raised.value.problems
    assert str(problem).startswith(f"setting {key}: ") and said in problem.message


def test_options_are_made_once_per_run_and_again_for_new_settings():
    settings = {"PATH": "/project/content", "OUTPUT_PATH": "/project/output", "PAPER_DIGEST_SEARCH": False}
    first = options_of(settings)
    assert options_of(settings) is first  # every handler of the run gets the same, checked once
    assert first.paths == ("/project/seeds",) and first.registry == "/project/content/tags.toml"
    assert first.cache == "/project/cache" and first.search is False and first.speedups is True
    again = options_of({**settings, "PAPER_DIGEST_SEARCH": True})  # the next run into the same folder
    assert again is not first and again.search is True
