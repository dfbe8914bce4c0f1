"""What Pelican's feeds leave out, added at `feed_generated` (the writer stays Pelican's own, free for others).

- The feed's language (xml:lang / <language>), which Pelican never sets.
- RSS guids marked as ids: Pelican gives every entry a `tag:` URI as its unique id, which RSS
  readers would take for a permalink unless told otherwise.
- Papers whose English is still pending stay out of the English feeds: a feed entry cannot be
  withdrawn once a reader has it, so it appears when the translation is complete. A feed left
  empty is dated by what it holds back, not by the clock (feedgenerator's default), so two builds
  of the same input stay byte-identical.
"""

from __future__ import annotations

from ..roles import role_of


def localize_feed(context, feed) -> None:
    feed.feed["language"] = role_of(context).lang
    pending = {a.url for a in context.get("articles", ()) if getattr(a, "translation", None) == "pending"}
    held = [item for item in feed.items if any(item["link"].endswith("/" + url) for url in pending)]
    if held:
        feed.items[:] = [item for item in feed.items if item not in held]
        if not feed.items:
            latest = max(item["pubdate"] for item in held)
            feed.latest_post_date = lambda: latest
    for item in feed.items:
        item["unique_id_is_permalink"] = False
