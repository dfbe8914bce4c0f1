"""Where digests live on disk: which files are digests, their dates, and the day's paper list beside them.

A daily generator writes `YYYY/MM/summary_info/YYYY-MM-DD.md` next to
`YYYY/MM/paper_info/YYYY-MM-DD.json` (older days: `DATE_summary_info.md` beside
`DATE_paper_info.json`); people drop `DATE-anything.txt` into seeds/. Everything
under the digest paths is found, whatever its depth.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import re
from pathlib import Path

from ..problems import WARNING, Location, Problem
from .ids import parse_arxiv_url
from .text import alnum_key

DIGEST_SUFFIXES = (".txt", ".md")
# Text files that sit beside digests but are not digests.
# Text files that sit beside digests but are not digests (a generator's checkout has its README, its
# requirements and its prompt next to the days it wrote).
_NOT_DIGESTS = re.compile(
    r"(?:readme|changelog|changes|history|license|licence|copying|notice|authors|contributing|code_of_conduct"
    r"|security|requirements|constraints|prompts?)(?:[\W_]|$)",
    re.I,
)
_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_YEAR, _MONTH, _DAY = re.compile(r"(?:19|20)\d\d"), re.compile(r"0[1-9]|1[0-2]"), re.compile(r"0[1-9]|[12]\d|3[01]")


def is_digest(path: Path) -> bool:
    """A .md or .txt file, unless it is hidden or named as a project's own file (a dated name always counts)."""
    if path.suffix not in DIGEST_SUFFIXES or path.name.startswith("."):
        return False
    return bool(_DATE.search(path.name)) or not _NOT_DIGESTS.match(path.name)


def _digests_under(folder: Path) -> list[str]:
    found = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))  # .git, editors' folders
        found += [os.path.join(root, name) for name in sorted(files) if is_digest(Path(name))]
    return found


def digest_files(paths: list[str]) -> tuple[list[str], list[Problem]]:
    """Expand files, folders (searched to any depth) and globs into digest files, in a stable order."""
    found: list[str] = []
    problems = []
    for path in paths:
        matches = sorted(glob.glob(path, recursive=True)) if glob.has_magic(path) else [path]
        if not matches or not all(os.path.exists(m) for m in matches):
            problems.append(Problem(Location(path, 0), "no such file or folder"))
            continue
        for match in matches:
            if os.path.isdir(match):
                found.extend(_digests_under(Path(match)))
            elif not glob.has_magic(path) or is_digest(Path(match)):
                found.append(match)
    return list(dict.fromkeys(found)), problems


def date_in_name(path: str) -> tuple[dt.date | None, str | None]:
    """The YYYY-MM-DD in a file's name, and the problem with it when it is not a real day."""
    match = _DATE.search(os.path.basename(path))
    if not match:
        return None, None
    try:
        return dt.date(*(int(g) for g in match.groups())), None
    except ValueError:
        return None, f"'{match.group()}' in the file name is not a real date"


def date_of_folders(path: str) -> tuple[dt.date | None, bool]:
    """The date the folders give (…/2024/08/… is August 2024, …/2024/08/01/… a day, …/2024-08-01/… too), from
    the three folders nearest the file (a date further up names something else: /home/ci/2024/10/site/seeds);
    and whether it is a day."""
    parts = Path(os.path.abspath(path)).parent.parts[-3:]
    for n in range(len(parts) - 1, -1, -1):
        match = _DATE.fullmatch(parts[n])
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups())), True
            except ValueError:
                continue
        if n >= 1 and _YEAR.fullmatch(parts[n - 1]) and _MONTH.fullmatch(parts[n]):
            year, month = int(parts[n - 1]), int(parts[n])
            below = parts[n + 1] if n + 1 < len(parts) else ""
            if _DAY.fullmatch(below):
                try:
                    return dt.date(year, month, int(below)), True
                except ValueError:
                    pass
            return dt.date(year, month, 1), False
    return None, False


def digest_date(path: str) -> tuple[dt.date | None, bool, list[str]]:
    """A digest's date: from its file name, else its folders; whether that is a day; what was wrong."""
    named, wrong = date_in_name(path)
    if named:
        return named, True, []
    date, is_day = date_of_folders(path)
    return date, is_day, [wrong] if wrong else []


def day_list_files(digest: str, roots: list[str]) -> list[Path]:
    """The day's paper lists (JSON) for a digest: files named with its date in its folder or a `paper_info`
    folder there, and so on up the folders to the digest path it was found under (or its parent folder)."""
    match = _DATE.search(os.path.basename(digest))
    if not match:
        return []
    folder = Path(os.path.abspath(digest)).parent
    tops = [Path(os.path.abspath(root)) for root in roots]
    top = next((t for t in tops if t == folder or t in folder.parents), folder.parent)
    found: list[Path] = []
    for place in [folder, *folder.parents[: len(folder.parts) - len(top.parts)]]:
        for where in (place, place / "paper_info"):
            if where.is_dir():
                found += sorted(p for p in where.glob(f"*{match.group()}*.json") if p.is_file())
    return found


def read_day_list(path: Path) -> tuple[dict[str, str], list[Problem]]:
    """A paper list as the generator writes it (a JSON list of {"title", "arxiv_id", "arxiv_url", …}): ids by
    normalised title. A file that is not such a list is a warning, never a crash."""
    where = Location(str(path), 0)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return {}, [Problem(where, f"not a readable paper list ({error}); its papers need links or 'invoke enrich'",
                            WARNING)]  # fmt: skip
    if not isinstance(data, list):
        return {}, [Problem(where, "not a paper list (a JSON list of {title, arxiv_id}); ignored", WARNING)]
    ids = {}
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("title"), str):
            continue
        candidates = [item.get(key) for key in ("arxiv_url", "arxiv_pdf_url", "link")]
        arxiv_id = next((parse_arxiv_url(c) for c in candidates if isinstance(c, str) and parse_arxiv_url(c)), None)
        if arxiv_id is None and isinstance(item.get("arxiv_id"), str):
            arxiv_id = parse_arxiv_url(f"https://arxiv.org/abs/{item['arxiv_id']}")
        if arxiv_id:
            ids.setdefault(alnum_key(item["title"]), arxiv_id)
    return ids, []
