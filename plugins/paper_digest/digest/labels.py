"""The words digest writers label a paper's parts with: the generator's eight-section template, its short
forms, and the field labels ('论文标题', '作者', '主题分类' …). One vocabulary for the parser's parts."""

from __future__ import annotations

import re
from functools import lru_cache

from .text import fold, strip_inline_markup

TITLE_LABELS = {
    *("论文标题", "标题", "中文标题", "题目", "论文题目", "论文标题翻译", "标题翻译", "中文标题翻译", "论文中文标题"),
    *("中文题目", "论文名称", "题目翻译", "title", "paper title", "chinese title", "title translation"),
}
TAG_LABELS = {
    *("论文标签", "标签", "关键词", "关键字", "主题", "主题分类", "分类", "主题分类/关键词", "关键词/主题分类"),
    *("标签/关键词", "研究领域", "领域", "论文分类", "tags", "keywords", "topics", "topic", "categories"),
}
AUTHOR_HEADINGS = {
    *("作者", "作者信息", "作者与机构", "作者及机构", "作者和机构", "作者与单位", "作者及单位", "作者和单位"),
    *("作者列表", "作者与机构信息", "作者信息与机构", "authors", "author information", "authors and affiliations"),
}
AFFILIATION_HEADINGS = {"机构", "单位", "作者单位", "机构信息", "affiliations", "institutions"}
# The generator's eight-section template and the other headings writers use, so a level-1 heading that
# is one of them is a section of the current paper, never a new paper.
BODY_LABELS = {
    *("研究核心目标与问题", "核心目标与问题", "研究目标与问题", "研究核心目标", "研究目标", "核心目标", "研究问题"),
    *("核心问题", "目标与问题", "采用方法与技术", "方法与技术", "研究方法", "方法", "主要方法", "技术方法"),
    *("实验设计与主要发现", "实验设计", "主要发现", "实验与发现", "实验结果", "实验", "结果"),
    *("结论及对未来研究的意义", "结论与意义", "结论", "意义", "对未来研究的意义", "未来研究的意义"),
    *("结论与未来工作", "关键图表与数据", "关键图表", "图表与数据", "关键数据", "摘要", "概述", "总结", "简介"),
    *("论文概述", "文章概述", "论文总结", "文章总结", "概要", "引言", "背景", "贡献", "主要贡献", "局限性", "讨论"),
    *("abstract", "summary", "overview", "background", "motivation", "related work", "limitations", "discussion"),
    *("contributions", "key contributions", "future work", "key findings", "findings", "ablation", "ablations"),
    *("approach", "evaluation", "analysis", "experimental setup", "experimental results", "implementation"),
    *("datasets", "key figures", "key figures and data", "ethics", "ethical considerations"),
    *("introduction", "method", "methods", "experiments", "results", "conclusion", "conclusions"),
}
# Label lines that carry a field even outside their own section ("- **作者**：…").
INLINE_FIELDS = {
    **{label: "title" for label in ("论文标题", "标题", "中文标题", "论文题目", "title", "paper title")},
    **{label: "authors" for label in ("作者", "作者信息", "authors", "author")},
    **{label: "affiliations" for label in ("机构", "单位", "作者单位", "affiliations", "affiliation")},
    **{label: "tags" for label in ("论文标签", "标签", "关键词", "关键字", "主题分类", "tags", "keywords")},
}
INTRO_HEADINGS = {
    *("", "总结", "摘要", "概述", "概要", "摘要总结", "论文概述", "文章概述", "论文总结", "文章总结", "简介"),
    *("summary", "overview"),
}
TAGGISH = re.compile(r"分类|关键词|关键字|标签|主题|领域|类别|tags?\b|keywords?|topics?|categor", re.I)
LABEL_PREFIX = re.compile(r"^(?P<label>[^：:，,、|]{1,14}?)\s*[：:]\s*(?P<rest>.*)$")
TITLE_PREFIX = re.compile(
    r"^(?:论文|中文|英文|原文|原)?(?:标题|题目|名称)(?:翻译)?\s*(?:[（(][^）)]*[）)])?\s*[:：]\s*"
    r"|^(?:中文)?翻译\s*[:：]\s*|^(?:english\s+|chinese\s+|original\s+|paper\s+)?title\s*[:：]\s*",
    re.I,
)
TAG_SEPARATORS = "，、,;；|·•"


@lru_cache(maxsize=16384)  # pure, and asked of the same short strings again and again
def heading_text(text: str) -> str:
    text = strip_inline_markup(text)
    text = re.sub(r"^(?:\d+[.)、]|[（(]\d+[)）]|[一二三四五六七八九十]+[、.])\s*", "", text)
    return text.strip().rstrip("：:").strip()


@lru_cache(maxsize=16384)  # pure, and asked of the same short strings again and again
def label_key(text: str) -> str:
    """A heading or label as a lookup key: no markup, numbering, colon or trailing gloss ('（中文翻译）')."""
    text = re.sub(r"\s*[（(][^（）()]*[)）]$", "", heading_text(text))
    return fold(text.rstrip("：:").strip())


@lru_cache(maxsize=16384)  # pure, and asked of the same short strings again and again
def is_section_label(text: str) -> bool:
    """A heading that names a part of one paper: the template's eight labels, their short forms and the like."""
    key = label_key(text)
    return any(key in labels for labels in (TITLE_LABELS, TAG_LABELS, AUTHOR_HEADINGS, AFFILIATION_HEADINGS,
                                            BODY_LABELS))  # fmt: skip
