"""Files for the whole bilingual site, written once every language is: .nojekyll, sitemap.xml, robots.txt."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..roles import role_of
from ..site.languages import url_between
from .bookkeeping import MARKER


def _pages(folder: Path, skip: set[str]) -> list[str]:
    """URL paths ('' for the home page, 'papers/x/') of every HTML page below `folder`."""
    found = []
    for path in sorted(folder.rglob("index.html")):
        relative = path.relative_to(folder).parent.as_posix()
        if relative.split("/")[0] in skip or relative.endswith("search"):
            continue  # the other language's folder; search pages have no content of their own
        found.append("" if relative == "." else relative + "/")
    return found


def finish_site(sites: list[dict], pending: dict[str, set[str]] | None = None) -> None:
    """Files for the whole site: .nojekyll always; sitemap.xml and robots.txt when it has a public URL.

    `pending` names, per language prefix, the pages published before their translation is complete:
    they are noindex, so the sitemap lists neither them nor alternates pointing at them.
    """
    main = sites[0]
    output = Path(main["OUTPUT_PATH"])
    (output / MARKER).write_text("", encoding="utf-8")
    role = role_of(main)
    root = role.root_url
    if not root.startswith(("http://", "https://")):
        return
    languages = role.languages
    prefixes = {lang.prefix for lang in languages if lang.prefix}
    pending = pending or {}
    versions = {
        lang.prefix: set(_pages(output / lang.prefix, prefixes if not lang.prefix else set()))
        - pending.get(lang.prefix, set())
        for lang in languages
    }
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path in sorted(versions[""]):
        present = [lang for lang in languages if path in versions[lang.prefix]]
        for lang in present:
            lines.append(f"  <url><loc>{escape(url_between(root, '', '', lang.prefix, path))}</loc>")
            for alternate in present:
                href = quoteattr(url_between(root, "", "", alternate.prefix, path))
                lines.append(f'    <xhtml:link rel="alternate" hreflang="{alternate.lang}" href={href}/>')
            default = quoteattr(url_between(root, "", "", "", path))
            lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href={default}/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    (output / "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (output / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {root}/sitemap.xml\n", encoding="utf-8")
