"""Search bundles kept by key in the cache folder: linked in and out, and pruned when no build used them."""

import os
import time

from paper_digest.speed.bundle_store import BundleStore


def bundle(folder, text):
    (folder / "index").mkdir(parents=True)
    (folder / "pagefind-entry.json").write_text(text)
    (folder / "index" / "chunk").write_text(text)
    return folder


def test_a_kept_bundle_is_linked_back_whole_and_kept_once(tmp_path):
    store = BundleStore(tmp_path / "cache")
    made = bundle(tmp_path / "made", "one")
    assert not store.fetch("k", tmp_path / "nowhere")
    store.keep("k", made)
    store.keep("k", bundle(tmp_path / "again", "two"))  # the same key: the same files, kept once
    assert store.fetch("k", tmp_path / "site" / "1")
    copy = tmp_path / "site" / "1" / "index" / "chunk"
    assert copy.read_text() == "one" and copy.stat().st_ino == (made / "index" / "chunk").stat().st_ino
    assert sorted(p.name for p in (tmp_path / "cache" / "search").iterdir()) == ["k"]  # no partial copy left


def test_pruning_removes_the_bundles_no_build_used_since(tmp_path):
    store = BundleStore(tmp_path / "cache")
    store.keep("old", bundle(tmp_path / "a", "a"))
    store.keep("used", bundle(tmp_path / "b", "b"))
    past = time.time() - 3600
    for key in ("old", "used"):
        os.utime(tmp_path / "cache" / "search" / key, (past, past))
    started = time.time() - 1
    assert store.fetch("used", tmp_path / "site")
    assert store.prune(unused_since=started) == 1
    assert sorted(p.name for p in (tmp_path / "cache" / "search").iterdir()) == ["used"]
    off = BundleStore(None)  # no cache folder: nothing kept, nothing found
    off.keep("new", tmp_path / "a")
    assert off.prune(unused_since=started) == 0 and not off.fetch("new", tmp_path / "x")


def test_a_failing_store_costs_a_rebuild_of_the_bundle_never_the_build(tmp_path, monkeypatch):
    from paper_digest.speed import bundle_store

    store = BundleStore(tmp_path / "cache")
    store.keep("k", bundle(tmp_path / "made", "one"))

    def full_disk(source, target):
        (target / "index").mkdir(parents=True)
        raise OSError("No space left on device")

    monkeypatch.setattr(bundle_store, "link_or_copy_tree", full_disk)
    assert not store.fetch("k", tmp_path / "site")
    assert not (tmp_path / "site").exists()  # nothing half linked left for the site
    store.keep("other", tmp_path / "made")
    assert sorted(p.name for p in (tmp_path / "cache" / "search").iterdir()) == ["k"]
