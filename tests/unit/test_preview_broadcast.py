"""The preview's broadcast: an open page learns every page rewritten since it last heard, so it reloads only
when it was one of them, even when it missed a version."""

from paper_digest.build.preview import Broadcast, _url_path


def test_a_page_that_missed_versions_hears_every_page_rewritten_since():
    broadcast = Broadcast()
    broadcast.publish([])  # the first build
    seen, _, _ = broadcast.wait(-1, timeout=0)
    broadcast.publish([], ["/papers/2408.00714/", "/en/papers/2408.00714/"])  # the edited pages
    broadcast.publish([], ["/", "/tag/vision/"])  # then the listings
    version, problems, pages = broadcast.wait(seen, timeout=0)
    assert (version, problems) == (3, [])
    assert pages == ["/", "/en/papers/2408.00714/", "/papers/2408.00714/", "/tag/vision/"]


def test_a_full_build_or_a_first_connection_reloads_everything():
    broadcast = Broadcast()
    broadcast.publish([])
    seen, _, _ = broadcast.wait(-1, timeout=0)
    broadcast.publish([], ["/papers/2408.00714/"])
    broadcast.publish([])  # a full build rewrote every page
    assert broadcast.wait(seen, timeout=0)[2] is None
    assert broadcast.wait(-1, timeout=0)[2] is None


def test_problems_travel_with_the_state():
    broadcast = Broadcast()
    broadcast.publish(["digest.txt:3: not an arXiv link"])
    assert broadcast.wait(0, timeout=0)[1] == ["digest.txt:3: not an arXiv link"]


def test_a_page_too_far_behind_reloads():
    broadcast = Broadcast()
    for _ in range(Broadcast.KEPT + 5):
        broadcast.publish([], ["/papers/x/"])
    assert broadcast.wait(1, timeout=0)[2] is None


def test_written_files_become_the_paths_a_browser_shows(tmp_path):
    assert _url_path(tmp_path / "papers" / "2408.00714" / "index.html", tmp_path) == "/papers/2408.00714/"
    assert _url_path(tmp_path / "index.html", tmp_path) == "/"
    assert _url_path(tmp_path / "en" / "feeds" / "all.atom.xml", tmp_path) == "/en/feeds/all.atom.xml"
