"""Is a piece of an author block an organisation, a team, a place or a person? Heuristics, no I/O.

Digest writers put people, institutions, cities and teams on the same lines;
these word lists and shapes tell them apart well enough for the layouts seen in
real digests (tests/unit/test_people.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .marks import normalise_marks, strip_markers
from .names import CJK_AND, SUP
from .text import CJK, split_outside_brackets, strip_inline_markup

_ORG_WORDS = re.compile(
    r"\b(universit\w*|univ\.?|universit[àéaä]t?|universidad|universidade|college|institut\w*|istituto|instituto"
    r"|school|facult\w*|department|dept\.?|labs?|laborator\w*|laboratoire|research|cent(?:er|re)s?|academy"
    r"|foundation|fondazione|fundaci[oó]n|stiftung|[ée]cole|inc\.?|corp\.?|corporation|company|co\.|ltd\.?|llc"
    r"|gmbh|group|technolog\w*|studios?|hospital|ministry|council"
    r"|google|deepmind|microsoft|meta|facebook|fair|nvidia|openai|anthropic|apple|amazon|ibm"
    r"|intel|amd|adobe|samsung|huawei|alibaba|tencent|baidu|bytedance|sensetime|megvii|disney"
    r"\w*|sony|ntt|sap|eurecom|eth|epfl|mit|cmu|uiuc|ucla|stanford|berkeley|oxford|cambridge"
    r"|tsinghua|peking|inria|cnrs|kaist|stability|salesforce|qualcomm|xiaomi|kuaishou|jd|meituan|netflix)\b",
    re.I,
)
_ORG_ACRONYMS = re.compile(r"\b(?:AI|UC)\b")  # Sakana AI, UC San Diego; not the given name Ai
_CJK_ORG_WORDS = re.compile(
    r"大学|学院|研究院|研究所|研究中心|实验室|公司|集团|中心|系|小组|课题组|科学院|医院|团队|微软|谷歌|机构"
)
_SUBUNIT = re.compile(
    r"\b(department|dept\.?|school|faculty|labs?|laborator\w*|group|cent(?:er|re))\b|系|小组|实验室|课题组|中心",
    re.I,
)
_PLACES = {
    *("china", "中国", "usa", "us", "u.s.a.", "united states", "uk", "united kingdom", "japan", "日本", "france"),
    *("germany", "switzerland", "singapore", "新加坡", "canada", "korea", "south korea", "israel", "italy"),
    *("netherlands", "the netherlands", "saudi arabia", "australia", "india", "spain", "sweden", "denmark"),
    *("austria", "belgium", "hong kong", "香港", "taiwan", "台湾", "tokyo", "beijing", "北京", "shanghai", "上海"),
    *("shenzhen", "深圳", "hangzhou", "杭州", "london", "paris", "berlin", "munich", "zurich", "toronto"),
    *("montreal", "seattle", "boston", "new york", "seoul", "viet nam", "vietnam", "uae", "berkeley"),
}
_PERSON_WORD = re.compile(r"[^\W\d_][\w'’.\-]*", re.U)
_PARTICLES = {"de", "van", "von", "der", "den", "la", "le", "di", "da", "del", "bin", "al", "du", "y"}
_TRANSLITERATED = re.compile(r"[\u3400-\u9fff]{1,8}(?:[·•・．.][\u3400-\u9fff]{1,8}){1,3}")  # 约书亚·本吉奥
_ROLE = re.compile(r"(?:者|员|人员|家|团队|组)$")  # 研究者, 贡献者: words, not names

_TEAM = re.compile(r"(?:团队|\s(?:Team|Collaboration|Consortium))$", re.I)
_GROUP = re.compile(r"\s(?:Group|Lab)$", re.I)
_INSTITUTION = re.compile(r"\b(?:AI|Research|Universit\w*|Institut\w*|Academy|Ark)\b|实验室|研究院", re.I)


@lru_cache(maxsize=16384)  # pure, and asked of the same short strings again and again
def is_team(part: str) -> bool:
    """An author that is a team, on an author line: '通义千问团队', 'Qwen Team', 'ATLAS Collaboration', and a
    'Group' or 'Lab' unless it names an institution ('Shanghai AI Lab', 'Huawei Noah's Ark Lab' are places)."""
    text = strip_inline_markup(part).strip()
    if _TEAM.search(text):
        return True
    return bool(_GROUP.search(text)) and not _INSTITUTION.search(text) and not _ORG_WORDS.search(_GROUP.sub("", text))


@lru_cache(maxsize=16384)  # pure, and asked of the same short strings again and again
def is_org(part: str) -> bool:
    text = strip_inline_markup(part)
    if _CJK_ORG_WORDS.search(text) or _ORG_WORDS.search(text) or _ORG_ACRONYMS.search(text) or "|" in text:
        return True
    if re.search(r"\b[\w-]+\.(?:ai|com|io|org|net)\b", text):  # expert.ai, Equall.ai
        return True
    bare = re.sub(r"[（(].*?[)）]", "", text).strip()
    return bool(re.fullmatch(r"[A-Z][A-Z0-9&.\-]+", bare))


@lru_cache(maxsize=16384)  # pure, and asked of the same short strings again and again
def is_person(part: str) -> bool:
    text = strip_inline_markup(part).strip()
    if not text or is_org(text) or any(ch.isdigit() for ch in text):
        return False
    if CJK.search(text):
        if _ROLE.search(text):
            return False
        return bool(re.fullmatch(r"[\u3400-\u9fff]{2,4}", text) or _TRANSLITERATED.fullmatch(text))
    words = text.split()
    if not 1 <= len(words) <= 6:
        return False
    for word in words:
        if word.casefold() in _PARTICLES:
            continue
        if not _PERSON_WORD.fullmatch(word) or not word[0].isupper():
            return False
    return True


def is_place(part: str) -> bool:
    return part.strip().casefold() in _PLACES or any(ch.isdigit() for ch in part)


def is_top_level_org(part: str) -> bool:
    return is_org(part) and not _SUBUNIT.search(part) and not is_place(part)


def is_prose(part: str) -> bool:
    """A sentence where a name should be ('详细的贡献者名单可以在本文附录中找到。'): neither name, team nor org."""
    text = strip_inline_markup(part).strip()
    lowercase = re.match(r"[a-z]+\s", text) and text.split()[0] not in _PARTICLES  # all affiliated with Datadoghq
    sentence = text.endswith(("。", ".")) and len(text) > 12 or len(CJK.findall(text)) > 8
    return bool(lowercase or sentence) and not (is_person(text) or is_team(text) or is_org(text))


def split_affiliations(text: str) -> list[str]:
    """Split a line into organisations, but never break one address apart ('、' always enumerates; commas only
    between organisations that are each whole)."""
    text = normalise_marks(text)
    if SUP.search(text):
        chunks = [c for c in SUP.split(text)[::2] if c.strip(" ,，;；")]
    else:
        chunks = re.split(r"\s+&\s+|[;；]", strip_inline_markup(text))
    found: list[str] = []
    for chunk in chunks:
        chunk = strip_inline_markup(chunk).strip(" ,，、;；.")
        chunk = re.sub(r"等(?:多个|多家|其他)?(?:机构|单位)?(?:的研究人员|的作者)?。?$", "", chunk)
        parts = split_outside_brackets(CJK_AND.sub("、", strip_markers(chunk)), "、")
        if len(parts) > 1:  # an enumeration: its last item may be 'A和B'
            parts[-1:] = re.split(r"和|以及|及", parts[-1])
        for part in parts:
            part = part.strip(" ,，;；")
            pieces = [p.strip() for p in split_outside_brackets(part, ",，")]
            if len(pieces) > 1 and all(is_top_level_org(p) for p in pieces):
                found.extend(pieces)
            elif part:
                found.append(part)
    return found
