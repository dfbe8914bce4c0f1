"""The preview's state: what an open page hears (every page rewritten since it was served), which problems it
shows, and what each batch of saved files asks for."""

from watchfiles import Change

from paper_digest.preview.follow import Broadcast, Follow, Outstanding, _url_path
from paper_digest.preview.server import lasting_changes, not_found_page
from paper_digest.problems import DigestError, Location, Problem


def test_a_page_that_missed_versions_hears_every_page_rewritten_since():
    broadcast = Broadcast()
    broadcast.publish([])  # the first build
    seen = broadcast.wait(-1, timeout=0)["version"]
    broadcast.publish([], ["/papers/2408.00714/", "/en/papers/2408.00714/"])  # the edited pages
    broadcast.publish([], ["/", "/tag/vision/"])  # then the listings
    state = broadcast.wait(seen, timeout=0)
    assert (state["version"], state["problems"]) == (3, [])
    assert state["pages"] == ["/", "/en/papers/2408.00714/", "/papers/2408.00714/", "/tag/vision/"]


def test_a_full_build_or_a_first_connection_reloads_everything():
    broadcast = Broadcast()
    broadcast.publish([])
    seen = broadcast.wait(-1, timeout=0)["version"]
    broadcast.publish([], ["/papers/2408.00714/"])
    broadcast.publish([])  # a full build rewrote every page
    assert broadcast.wait(seen, timeout=0)["pages"] is None
    assert broadcast.wait(-1, timeout=0)["pages"] is None


def test_problems_travel_with_the_state():
    broadcast = Broadcast()
    broadcast.publish(["digest.txt:3: not an arXiv link"])
    assert broadcast.wait(0, timeout=0)["problems"] == ["digest.txt:3: not an arXiv link"]


def test_a_page_too_far_behind_reloads():
    broadcast = Broadcast()
    for _ in range(Broadcast.KEPT + 5):
        broadcast.publish([], ["/papers/x/"])
    assert broadcast.wait(1, timeout=0)["pages"] is None


def test_written_files_become_the_paths_a_browser_shows(tmp_path):
    assert _url_path(tmp_path / "papers" / "2408.00714" / "index.html", tmp_path) == "/papers/2408.00714/"
    assert _url_path(tmp_path / "index.html", tmp_path) == "/"
    assert _url_path(tmp_path / "en" / "feeds" / "all.atom.xml", tmp_path) == "/en/feeds/all.atom.xml"


def test_a_page_served_at_the_current_version_hears_nothing_rewritten_and_an_older_preview_reloads():
    broadcast = Broadcast()
    broadcast.publish([])
    assert broadcast.since(1) == {"version": 1, "problems": [], "skipped": [], "pages": []}
    assert broadcast.since(7)["pages"] is None  # served by a preview that ran before this one


def test_a_digests_problems_stay_until_that_digest_applies_or_a_build_passes(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    outstanding = Outstanding()
    outstanding.set({a}, [Problem(Location(str(a), 3), "not an arXiv link")])
    outstanding.set({b}, [])  # another digest applied: a's problem stays
    assert outstanding.listed() == [f"{a}:3: not an arXiv link"]
    assert outstanding.listed(without={a}) == []
    outstanding.set({a}, [])
    assert outstanding.listed() == []
    outstanding.replace([Problem(Location(str(b), 1), "no title")])
    assert outstanding.listed() == [f"{b}:1: no title"]
    record = Problem(Location(str(tmp_path / "2408.00714.toml"), 2), "not TOML")  # found while saving a
    outstanding.set({a}, [record])
    outstanding.set({a}, [record])
    assert outstanding.listed() == [f"{b}:1: no title", str(record)]  # listed once


def test_an_editors_temporary_file_is_no_change_but_a_deleted_digest_is(tmp_path):
    digest = tmp_path / "digest.txt"
    digest.write_text("x")
    gone = tmp_path / "gone.txt"
    saved_through_a_temporary = {
        (Change.added, str(tmp_path / "4913")),
        (Change.deleted, str(tmp_path / "4913")),
        (Change.added, str(tmp_path / ".goutputstream-XYZ")),
        (Change.deleted, str(tmp_path / ".goutputstream-XYZ")),
        (Change.modified, str(digest)),
    }
    assert lasting_changes(saved_through_a_temporary) == {digest}
    assert lasting_changes({(Change.deleted, str(gone))}) == {gone}
    assert lasting_changes({(Change.added, str(tmp_path / "4913")), (Change.deleted, str(tmp_path / "4913"))}) == set()


class FakeBuilds:
    """Applies saved digests unless one of them is in `broken`; records what it was asked."""

    def __init__(self):
        self.broken: set = set()
        self.skipping: set = set()  # digests with a paper the site leaves out
        self.asked: list = []

    def quick(self, files, written):
        self.asked.append(("quick", set(files)))
        bad = [Problem(Location(str(file), 3), "not an arXiv link") for file in files if file in self.broken]
        if bad:
            raise DigestError(bad)
        written([])
        return [Problem(Location(str(file), 9), "paper skipped: no summary", "skipped") for file in files
                if file in self.skipping]  # fmt: skip

    def full(self):
        self.asked.append(("full", None))
        return [
            Problem(Location(str(file), 9), "paper skipped: no summary", "skipped") for file in sorted(self.skipping)
        ]


def test_digests_saved_with_a_broken_one_are_applied_with_it_once_it_is_fixed(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    for digest in (a, b):
        digest.write_text("x")
    builds, broadcast = FakeBuilds(), Broadcast()
    follow = Follow(builds, broadcast, tmp_path)
    builds.broken = {a}
    follow.rebuild({a, b})  # saved together: b's edit is not applied yet
    assert broadcast.since(-1)["problems"] == [f"{a}:3: not an arXiv link"]
    builds.broken = set()
    follow.rebuild({a})
    assert builds.asked[-1] == ("quick", {a, b})
    assert broadcast.since(-1)["problems"] == []


def test_a_deletion_or_the_start_is_a_full_build_and_clears_every_problem(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("x")
    builds, broadcast = FakeBuilds(), Broadcast()
    follow = Follow(builds, broadcast, tmp_path)
    builds.broken = {a}
    follow.rebuild({a})
    follow.rebuild({tmp_path / "gone.txt"})
    assert builds.asked[-1] == ("full", None)
    assert broadcast.since(-1)["problems"] == []


def test_what_the_site_skips_is_shown_beside_the_pages_until_its_digest_is_fixed(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    for digest in (a, b):
        digest.write_text("x")
    builds, broadcast = FakeBuilds(), Broadcast()
    follow = Follow(builds, broadcast, tmp_path)
    builds.skipping = {a, b}
    follow.rebuild()  # the first build skips a paper of each
    state = broadcast.since(-1)
    assert state["problems"] == [] and state["skipped"] == [
        f"{a}:9: paper skipped: no summary",
        f"{b}:9: paper skipped: no summary",
    ]
    builds.skipping = {b}
    follow.rebuild({a})  # a fixed, applied in place: b's skip stays
    assert broadcast.since(-1)["skipped"] == [f"{b}:9: paper skipped: no summary"]
    builds.broken = {b}
    follow.rebuild({b})  # a broken save keeps what the served site skips
    assert broadcast.since(-1)["skipped"] == [f"{b}:9: paper skipped: no summary"]


def test_a_page_that_is_gone_gets_its_languages_404_based_at_its_folder(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "404.html").write_text("zh", encoding="utf-8")
    (tmp_path / "en" / "404.html").write_text("en", encoding="utf-8")
    assert not_found_page(tmp_path, "/papers/2408.00714/") == (tmp_path / "404.html", "/")
    assert not_found_page(tmp_path, "/en/papers/2408.00714/") == (tmp_path / "en" / "404.html", "/en/")
    assert not_found_page(tmp_path, "/en/../papers/2408.00714/") == (tmp_path / "404.html", "/")
    assert not_found_page(tmp_path, "/../../etc/") == (tmp_path / "404.html", "/")  # never above the site
    assert not_found_page(tmp_path / "en" / "papers", "/x/") is None
