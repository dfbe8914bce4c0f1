"""Pelican's feed writer, with what its feeds leave out: the language, and RSS guids marked as ids.

Papers whose English is still pending stay out of the English feeds: a feed entry cannot be
withdrawn once a reader has it, so it appears when the translation is complete.

Pelican gives every entry a `tag:` URI as its unique id, which RSS readers would take for a
permalink unless told otherwise; and it never sets the feed's language (xml:lang / <language>).
"""

from __future__ import annotations

from pelican.writers import Writer


def published(elements: list) -> list:
    """Feed entries a subscriber should get: a paper whose translation is incomplete waits until it is done."""
    return [element for element in elements if getattr(element, "translation", None) != "pending"]


class LocalizedFeedWriter(Writer):
    _held_back_since = None  # the newest date of a feed whose every entry waits for its translation

    def write_feed(self, elements, *args, **kwargs):
        kept = published(elements)
        # An empty feed would be dated now (feedgenerator's default): date it by what it holds back instead,
        # so two builds of the same input stay byte-identical.
        self._held_back_since = max((e.date for e in elements), default=None) if elements and not kept else None
        try:
            return super().write_feed(kept, *args, **kwargs)
        finally:
            self._held_back_since = None

    def _create_new_feed(self, feed_type, feed_title, context):
        feed = super()._create_new_feed(feed_type, feed_title, context)
        feed.feed["language"] = self.settings.get("PAPER_DIGEST_HTML_LANG") or self.settings.get("DEFAULT_LANG")
        if self._held_back_since is not None:
            since = self._held_back_since
            feed.latest_post_date = lambda: since
        return feed

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        feed.items[-1]["unique_id_is_permalink"] = False
