"""Authors and affiliations from the free-form lines digest writers produce.

Writers mix "Name, Affiliation" bullets, labelled lines, superscript markers,
IEEE membership suffixes and e-mail addresses; these heuristics sort the
pieces into people and organisations. Pure functions, no I/O.
"""

from __future__ import annotations

import re

from .text import CJK, split_outside_brackets, strip_inline_markup

_AUTHOR_LABELS = {"作者", "作者们", "作者列表", "作者信息", "author", "authors"}
_AFFILIATION_LABELS = {
    "机构",
    "单位",
    "作者单位",
    "所属机构",
    "机构信息",
    "研究机构",
    "affiliation",
    "affiliations",
    "institution",
    "institutions",
}
_EMAIL_LABELS = {"邮箱", "联系邮箱", "电子邮件", "电子邮箱", "email", "e-mail", "联系方式", "contact"}
_LABEL = re.compile(r"^([^\s：:，,]{1,12}|[^\W\d_][\w .'’-]{0,40}?)\s*[：:]\s*(.*)$")

_SUP = re.compile(r"<sup>(.*?)</sup>", re.I)
_MEMBERSHIP = re.compile(
    r"[,，]?\s*\(?\b(?:(?:Student|Senior|Life|Graduate\s+Student)\s+)?(?:Member|Fellow)\b"
    r"(?:\s*[,，]\s*|\s+)(?:IEEE|ACM|AAAI|SIAM)\b\)?"
    r"|[,，]?\s*\(?\b(?:IEEE|ACM|AAAI)\s+(?:(?:Student|Senior|Life)\s+)?(?:Member|Fellow)\b\)?",
    re.I,
)
_NAME_MARKERS = re.compile(r"[\d*†‡§¶#¹²³⁴⁵⁶⁷⁸⁹⁰,]+$")
_SUPERSCRIPT_MARK = re.compile(r"(?:^|(?<=[\s,，;；]))[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*")
_NAME_WITH_ORG = re.compile(r"^(?P<name>[^()（）]+?)\s*[（(](?P<org>[^()（）]+)[)）]$")

_ORG_WORDS = re.compile(
    r"\b(universit\w*|univ\.?|college|institut\w*|school|facult\w*|department|dept\.?|labs?"
    r"|laborator\w*|research|cent(?:er|re)s?|academy|foundation|inc\.?|corp\.?|corporation"
    r"|company|co\.|ltd\.?|llc|gmbh|group|technolog\w*|studios?|hospital|ministry|council"
    r"|google|deepmind|microsoft|meta|facebook|fair|nvidia|openai|anthropic|apple|amazon|ibm"
    r"|intel|amd|adobe|samsung|huawei|alibaba|tencent|baidu|bytedance|sensetime|megvii|disney"
    r"\w*|sony|ntt|sap|eurecom|eth|epfl|mit|cmu|uiuc|ucla|stanford|berkeley|oxford|cambridge"
    r"|tsinghua|peking|inria|cnrs|kaist|stability|salesforce|qualcomm|xiaomi|kuaishou|jd)\b",
    re.I,
)
_CJK_ORG_WORDS = re.compile(
    r"大学|学院|研究院|研究所|研究中心|实验室|公司|集团|中心|系|小组|课题组|科学院|医院|团队|微软|谷歌"
)
_SUBUNIT = re.compile(
    r"\b(department|dept\.?|school|faculty|labs?|laborator\w*|group|cent(?:er|re))\b|系|小组|实验室|课题组|中心",
    re.I,
)
_PLACES = {
    "china",
    "中国",
    "usa",
    "us",
    "u.s.a.",
    "united states",
    "uk",
    "united kingdom",
    "japan",
    "日本",
    "france",
    "germany",
    "switzerland",
    "singapore",
    "新加坡",
    "canada",
    "korea",
    "south korea",
    "israel",
    "italy",
    "netherlands",
    "the netherlands",
    "saudi arabia",
    "australia",
    "india",
    "spain",
    "sweden",
    "denmark",
    "austria",
    "belgium",
    "hong kong",
    "香港",
    "taiwan",
    "台湾",
}
_NO_SUPERSCRIPTS = str.maketrans("", "", "¹²³⁴⁵⁶⁷⁸⁹⁰")
_PERSON_WORD = re.compile(r"[^\W\d_][\w'’.\-]*", re.U)
_PARTICLES = {"de", "van", "von", "der", "den", "la", "le", "di", "da", "del", "bin", "al", "du", "y"}


def _label_kind(label: str) -> str | None:
    key = label.strip().casefold()
    if key in _AUTHOR_LABELS:
        return "authors"
    if key in _AFFILIATION_LABELS:
        return "affiliations"
    if key in _EMAIL_LABELS:
        return "email"
    return None


_TEAM = re.compile(r"(?:团队|\s(?:Team|Collaboration|Consortium))$", re.I)
_GROUP = re.compile(r"\s(?:Group|Lab)$", re.I)
_INSTITUTION = re.compile(r"\b(?:AI|Research|Universit\w*|Institut\w*|Academy|Ark)\b|实验室|研究院", re.I)


def is_team(part: str) -> bool:
    """An author that is a team, on an author line: '通义千问团队', 'Qwen Team', 'ATLAS Collaboration', and a
    'Group' or 'Lab' unless it names an institution ('Shanghai AI Lab', 'Huawei Noah's Ark Lab' are places)."""
    text = strip_inline_markup(part).strip()
    if _TEAM.search(text):
        return True
    return bool(_GROUP.search(text)) and not _INSTITUTION.search(text) and not _ORG_WORDS.search(_GROUP.sub("", text))


def is_org(part: str) -> bool:
    text = strip_inline_markup(part)
    if _CJK_ORG_WORDS.search(text) or _ORG_WORDS.search(text) or "|" in text:
        return True
    bare = re.sub(r"[（(].*?[)）]", "", text).strip()
    return bool(re.fullmatch(r"[A-Z][A-Z0-9&.\-]+", bare))


def is_person(part: str) -> bool:
    text = strip_inline_markup(part).strip()
    if not text or is_org(text) or any(ch.isdigit() for ch in text):
        return False
    if CJK.search(text):
        return bool(re.fullmatch(r"[\u3400-\u9fff·]{2,5}", text))
    words = text.split()
    if not 1 <= len(words) <= 6:
        return False
    for word in words:
        if word.casefold() in _PARTICLES:
            continue
        if not _PERSON_WORD.fullmatch(word) or not word[0].isupper():
            return False
    return True


def _is_place(part: str) -> bool:
    return part.strip().casefold() in _PLACES or any(ch.isdigit() for ch in part)


def _is_top_level_org(part: str) -> bool:
    return is_org(part) and not _SUBUNIT.search(part) and not _is_place(part)


def clean_name(name: str) -> str:
    text = _MEMBERSHIP.sub("", strip_inline_markup(_SUP.sub("", name))).translate(_NO_SUPERSCRIPTS)
    text = _NAME_MARKERS.sub("", text.strip(" ,，、;；.*")).strip()
    return re.sub(r"\s+", " ", text)


def split_names(text: str) -> list[str]:
    text = _MEMBERSHIP.sub("", _SUP.sub("", text))
    parts = split_outside_brackets(re.sub(r"\s+and\s+|\s+&\s+", ",", text), ",，、;；")
    return [name for name in (clean_name(p) for p in parts) if name]


def split_affiliations(text: str) -> list[str]:
    """Split a line into organisations, but never break one address apart."""
    if _SUP.search(text):
        chunks = [c for c in _SUP.split(text)[::2] if c.strip(" ,，;；")]
    else:
        chunks = re.split(r"\s+&\s+|[;；]", strip_inline_markup(text))
    found: list[str] = []
    for chunk in chunks:
        chunk = strip_inline_markup(chunk).strip(" ,，、;；.")
        if not chunk:
            continue
        pieces = [p.strip() for p in split_outside_brackets(chunk, ",，、")]
        if len(pieces) > 1 and all(_is_top_level_org(p) for p in pieces):
            found.extend(pieces)
        else:
            found.append(chunk)
    return found


def _without_emails(text: str) -> str:
    """What is left of a line once the parser took its addresses out: no empty brackets or dangling commas."""
    text = re.sub(r"\(\s*\)|（\s*）|<\s*>|\[\s*\]", "", text)
    return re.sub(r"\s+([,，])", r"\1", text).strip(" ,，;；:：-")


def parse_people(items: list[str]) -> tuple[list[str], list[str]]:
    """Sort author-section items (one bullet or line each) into people and organisations."""
    authors: list[str] = []
    affiliations: list[str] = []
    for raw in items:
        text = strip_inline_markup(raw, keep_sup=True).strip()
        label = _LABEL.match(text)
        kind = _label_kind(label.group(1)) if label else None
        if kind == "email":
            continue
        if kind == "authors":
            authors.extend(split_names(_without_emails(label.group(2))))
            continue
        if kind == "affiliations":
            affiliations.extend(split_affiliations(_without_emails(label.group(2))))
            continue
        text = _without_emails(text)
        if not text:
            continue
        if label and is_person(_SUP.sub("", label.group(1))):
            authors.append(clean_name(label.group(1)))
            affiliations.extend(split_affiliations(label.group(2)))
            continue
        if text.startswith("<sup>") or text.startswith("<SUP>"):
            affiliations.extend(split_affiliations(text))
            continue
        if text[:1] in "¹²³⁴⁵⁶⁷⁸⁹⁰":  # ¹MIT ²Google: Unicode superscripts mark affiliations like <sup>
            affiliations.extend(c.strip(" ,，;；") for c in _SUPERSCRIPT_MARK.split(text) if c.strip(" ,，;；"))
            continue
        text = _MEMBERSHIP.sub("", _SUP.sub("", text))
        parts = split_outside_brackets(text, ",，、;；")
        paired = [_NAME_WITH_ORG.match(part) for part in parts]
        if all(paired) and all(is_person(m.group("name")) and is_org(m.group("org")) for m in paired):
            for m in paired:  # Alice Smith (Stanford University), 张三（清华大学）
                authors.append(clean_name(m.group("name")))
                affiliations.extend(split_affiliations(m.group("org")))
            continue
        first_org = next((i for i, part in enumerate(parts) if is_org(part) and not is_team(part)), None)
        if first_org is None:
            authors.extend(n for n in (clean_name(p) for p in parts) if n)
            continue
        if first_org == 0:
            affiliations.extend(split_affiliations(text))
            continue
        authors.extend(n for n in (clean_name(p) for p in parts[:first_org]) if n)
        affiliations.extend(split_affiliations(", ".join(parts[first_org:])))
    return dedupe(authors), dedupe(affiliations)


def dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for item in items:
        key = re.sub(r"\s+", " ", item).casefold()
        if key and key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
