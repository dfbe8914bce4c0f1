"""Authors and affiliations from the free-form lines digest writers produce.

Writers mix "Name, Affiliation" bullets, labelled lines, superscript markers,
IEEE membership suffixes and e-mail addresses; these heuristics sort the
pieces into people and organisations. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from .marks import is_footnote, leftover_markup, normalise_marks
from .names import CJK_AND, MEMBERSHIP, ROLE, SUP, clean_name, dedupe, given_names_first, name_list, split_names
from .orgs import is_org, is_person, is_prose, is_team, split_affiliations
from .text import split_outside_brackets, strip_inline_markup

_AUTHOR_LABELS = {
    *("作者", "作者们", "作者列表", "作者信息", "author", "authors", "主要贡献者", "核心贡献者", "贡献者"),
    *("通讯作者", "对应作者", "第一作者", "共同第一作者", "共同作者", "合著者", "作者团队"),
    *("corresponding author", "corresponding authors", "contributors", "core contributors"),
}
_AFFILIATION_LABELS = {
    *("机构", "单位", "作者单位", "所属机构", "机构信息", "研究机构", "affiliation", "affiliations"),
    *("institution", "institutions"),
}
_EMAIL_LABELS = {
    *(
        "邮箱",
        "联系邮箱",
        "电子邮件",
        "电子邮箱",
        "邮件",
        "邮件地址",
        "电子邮件地址",
        "邮箱地址",
        "通讯邮箱",
        "联系方式",
    ),
    *("email", "e-mail", "emails", "mail", "contact"),
}
# Labels of a code or project page in the author block: the paper's code link, never an author.
_LINK_LABELS = re.compile(
    r"(?:开源|源)?(?:github|gitlab|hugging\s*face|代码|源码|代码库|代码仓库|项目|主页|网页|网站|网址|链接|地址|code"
    r"|source code|repository|repo|project|homepage|website|url|page|demo)"
    r"(?:\s*(?:代码|地址|链接|主页|网页|页面|网站|仓库|page|url|link|website))*",
    re.I,
)
_LABEL = re.compile(r"^([^\s：:，,]{1,12}|[^\W\d_][\w .'’-]{0,40}?)\s*[：:]\s*(.*)$")
_NAME_WITH_ORG = re.compile(r"^(?P<name>[^()（）]+?)\s*[（(](?P<org>[^()（）]+)[)）]$")
_TRAILING_NOTE = re.compile(r"\s*[（(]\s*(?:<sup>[^<\d]*</sup>|[*†‡∗§¶])[^()（）]*[)）]\s*$")  # (*Core team, †Lead)
_URL = re.compile(r"<?(https?://[^\s<>()（）\[\]，。；\"'`]+[^\s<>()（）\[\]，。；\"'`.,;:!?])>?")
# 作者分别来自北京大学、斯坦福大学和Pika Labs; 张攀等来自上海人工智能实验室、清华大学等机构的研究人员
_FROM = re.compile(
    r"^(?:(?P<who>[^，,。、]{1,20}?)等)?(?:这些|所有|全体|共同)?(?:作者|贡献者|研究人员)?(?:们)?(?:分别|均|都)?来自(?:于)?"
    r"|^(?:作者)?(?:机构|单位)(?:包括|有|为|是)"
)
# A role word or a placeholder where a name should be: 独立研究者, 未提供, N/A.
_NOT_A_NAME = re.compile(r"[\u3400-\u9fff](?:者|员|人员)$|^(?:未提供|未知|暂无|不详|待补充|无|N/?A|TBD|Unknown)$", re.I)
_GROUP_END = re.compile(r"\s(?:Group|Lab)$", re.I)
_DASH = re.compile(r"^(?P<names>.+?)\s+[-–—]\s+(?P<org>[^-–—]+)$")
_OF_ORG = re.compile(r"^(?P<org>[^的，,]{2,40}?)的(?P<names>.+)$")  # 南京大学的Kepan Nan、Rui Xie


def is_link_label(label: str) -> bool:
    """'GitHub地址', '代码', '项目主页', 'Code', 'Project page': what names a code or project page."""
    return bool(_LINK_LABELS.fullmatch(label.strip().casefold()))


def _label_kind(label: str) -> str | None:
    key = label.strip().casefold()
    if key in _AUTHOR_LABELS:
        return "authors"
    if key in _AFFILIATION_LABELS:
        return "affiliations"
    if key in _EMAIL_LABELS:
        return "email"
    if _LINK_LABELS.fullmatch(key):
        return "link"
    return None


def _without_emails(text: str) -> str:
    """What is left of a line once the parser took its addresses out: no empty brackets or dangling commas."""
    text = re.sub(r"\(\s*\)|（\s*）|<\s*>|\[\s*\]", "", text)
    return re.sub(r"\s+([,，])", r"\1", text).strip(" ,，;；:：-")


class People(NamedTuple):
    authors: list[str]
    affiliations: list[str]
    links: list[str]  # code or project URLs the block names: the paper's code link, never an author
    notes: list[str]  # what the block held that is neither, left out of the page (reported by the caller)


def parse_people(items: list[str]) -> People:
    """Sort author-section items (one bullet or line each) into people, organisations and links."""
    found = People([], [], [], [])
    for raw in items:
        _person_line(ROLE.sub("", normalise_marks(strip_inline_markup(raw, keep_sup=True))).strip(), found)
    found.authors[:] = [name for name in dedupe(found.authors) if _publishable(name, found.notes)]
    found.affiliations[:] = dedupe(found.affiliations)
    found.notes[:] = dict.fromkeys(found.notes)
    return found


def _publishable(name: str, notes: list[str]) -> bool:
    if leftover_markup(name):
        notes.append(f"'{name}' is not a name (it holds markup or an index); it is left out of the authors")
        return False
    if is_prose(name):
        notes.append(f"'{name}' is a sentence, not a name; it is left out of the authors")
        return False
    return True


def _person_line(text: str, found: People) -> None:
    """One line of an author block into `found`."""
    clauses = split_outside_brackets(text, "；;")
    if len(clauses) > 1 and any((m := _LABEL.match(c)) and _label_kind(m.group(1)) for c in clauses[1:]):
        for clause in clauses:  # 作者：A, B；机构：MIT；邮箱：…
            _person_line(clause, found)
        return
    note = _TRAILING_NOTE.search(text)
    if note or is_footnote(text):
        shown = SUP.sub("", note.group().strip() if note else text)
        found.notes.append(f"the author footnote '{shown}' is left out: its markers are not shown")
        if not note:
            return
        text = text[: note.start()]
    label = _LABEL.match(text) if not re.match(r"^<?https?://", text) else None
    kind = _label_kind(label.group(1)) if label else None
    urls = _URL.findall(text)
    rest = _without_emails(_URL.sub("", label.group(2) if kind in ("link", "email") else text))
    if kind == "link" and not urls or kind == "email" and rest:  # 主页：暂无, 邮箱：见论文主页
        found.notes.append(f"'{text}' in the author block is neither a name nor a link; it is left out")
        return
    if urls and (kind == "link" or kind is None and not rest):  # a labelled address, or one on its own line
        found.links.extend(filter(None, map(_public_url, urls)))
        if rest:
            found.notes.append(f"'{rest}' beside the code link is left out of the page")
        return
    if urls and kind is None:  # a homepage beside a name is the person's, not the paper's
        found.notes.append(f"the address {', '.join(urls)} beside the names is left out of the page")
        text, label = rest, _LABEL.match(rest)
        kind = _label_kind(label.group(1)) if label else None
    if kind == "authors":
        for part in split_names(_without_emails(label.group(2))):
            _name_or_org(part, found)
    elif kind == "affiliations":
        found.affiliations.extend(split_affiliations(_FROM.sub("", _without_emails(label.group(2)))))
    elif kind is None:
        _unlabelled(_without_emails(text), label, found)


def _public_url(url: str) -> str | None:
    """A link fit for a page: http(s), no user or password in it (https://alice@host is no code link)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")))


def _name_or_org(part: str, found: People) -> None:
    if _person_with_org(part):
        paired = _NAME_WITH_ORG.match(part)
        found.authors.append(clean_name(paired.group("name")))  # Pannag R. Sanketi (Google DeepMind)
        found.affiliations.extend(split_affiliations(paired.group("org")))
    elif is_org(part) and not is_team(part):
        found.affiliations.append(part)
    elif _NOT_A_NAME.search(part):
        found.notes.append(f"'{part}' is not a name; it is left out of the authors")
    else:
        found.authors.append(part)


def _unlabelled(text: str, label, found: People) -> None:
    authors, affiliations = found.authors, found.affiliations
    if not text:
        return
    flipped = given_names_first(text)
    if flipped:
        authors.extend(flipped)
        return
    clauses = split_outside_brackets(re.sub(r"。(?=\S)", "；", text), "；;")
    if len(clauses) > 1 and not SUP.search(text):  # 'A, B；来自清华大学、北京大学。', 'Sakana AI, Tokyo; Emergence AI'
        for clause in clauses:
            _unlabelled(clause, _LABEL.match(clause), found)
        return
    dash = _DASH.match(text)
    if dash and is_org(dash.group("org")):  # Chang-Han Yeh, Yu-Lun Liu - 国立阳明交通大学
        authors.extend(split_names(dash.group("names")))
        affiliations.extend(split_affiliations(dash.group("org")))
        return
    if label and is_person(SUP.sub("", label.group(1))):
        authors.append(clean_name(label.group(1)))
        affiliations.extend(split_affiliations(label.group(2)))
        return
    if text.lower().startswith("<sup>"):
        affiliations.extend(split_affiliations(text))
        return
    origin = _FROM.match(text)
    if origin:
        if origin.group("who") and is_person(origin.group("who")):
            authors.append(origin.group("who"))
        affiliations.extend(split_affiliations(re.sub(r"和|以及|及", "、", text[origin.end() :]).rstrip("。")))
        return
    text = MEMBERSHIP.sub("", SUP.sub("", name_list(text)))
    of_org = _OF_ORG.match(text)
    if of_org and is_org(of_org.group("org")) and all(is_person(n) for n in split_names(of_org.group("names"))):
        affiliations.append(of_org.group("org").strip())
        authors.extend(split_names(of_org.group("names").strip("。；;")))
        return
    flipped = given_names_first(text)
    if flipped:
        authors.extend(flipped)
        return
    parts = split_outside_brackets(CJK_AND.sub(",", text), ",，、;；")
    paired = [_person_with_org(part) for part in parts]
    if all(paired):
        for part in parts:  # Alice Smith (Stanford University), 张三（清华大学）
            _name_or_org(part, found)
        return
    first_org = next(
        (
            i
            for i, part in enumerate(parts)
            if is_org(part)
            and not paired[i]
            and (not is_team(part) or i == 0 and _GROUP_END.search(part) and len(parts) > 1 and is_org(parts[1]))
        ),
        None,
    )
    if first_org is None:
        for part in parts:
            pieces = re.split(r"\s+(?:&|and)\s+", part)
            for piece in pieces if all(is_person(p) for p in pieces) else [part]:  # Idan Szpektor & Serena Yeung
                _name_or_org(clean_name(piece), found)
    elif first_org == 0:
        affiliations.extend(split_affiliations(text))
    else:
        for part in parts[:first_org]:
            _name_or_org(clean_name(part), found)
        affiliations.extend(split_affiliations(", ".join(parts[first_org:])))


def _person_with_org(part: str) -> bool:
    paired = _NAME_WITH_ORG.match(part)
    return bool(paired and is_person(paired.group("name")) and is_org(paired.group("org")))
