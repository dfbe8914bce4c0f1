"""Pelican's feed writer, with what its feeds leave out: the language, and RSS guids marked as ids.

Pelican gives every entry a `tag:` URI as its unique id, which RSS readers would take for a
permalink unless told otherwise; and it never sets the feed's language (xml:lang / <language>).
"""

from __future__ import annotations

from pelican.writers import Writer


class LocalizedFeedWriter(Writer):
    def _create_new_feed(self, feed_type, feed_title, context):
        feed = super()._create_new_feed(feed_type, feed_title, context)
        feed.feed["language"] = self.settings.get("PAPER_DIGEST_HTML_LANG") or self.settings.get("DEFAULT_LANG")
        return feed

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        feed.items[-1]["unique_id_is_permalink"] = False
