"""Production settings: absolute URLs under SITEURL (set by `invoke publish --siteurl`)."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL

# A paper whose English is incomplete is published with its English page pending (noindex, left out of
# the sitemap and the English feeds) until a translate run completes it; `invoke publish --strict` refuses.
PAPER_DIGEST_REQUIRE_TRANSLATIONS = False
