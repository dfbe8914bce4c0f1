"""The marks LLMs put around names in author blocks, brought to one form: `<sup>…</sup>`.

Writers copy a paper's author line with its affiliation indices and footnote
markers in whatever notation the PDF extraction gave: LaTeX (`陈鹏程$^1$$^2$*`,
`文嘉欣$^{1,2}$`, `\\(^*\\)`), bare digits (`Yixin Liu1`, `1Yale University`),
symbols (`∗ † ‡ § ¶ ♠ ♡ ⋆`), escaped asterisks (`\\*`). Turned into `<sup>`
marks, the author parser handles them all the way it handles HTML superscripts:
stripped from names, used to split affiliations. Pure functions.
"""

from __future__ import annotations

import re

MARKERS = "*∗†‡§¶♠♡♣♢♤♥♦♧⋆★☆✝✉⁎#"
_MARKER_COMMANDS = re.compile(r"\\(?:dagger|ddagger|star|ast|S|P|clubsuit|spadesuit|heartsuit|diamondsuit|sharp)\b")
_SUP_FORMS = [
    (re.compile(r"\$\s*\^\s*\{([^{}$]*)\}\s*\$"), r"<sup>\1</sup>"),  # $^{1,2}$
    (re.compile(r"\$\s*\^\s*([^{}\s$]+)\s*\$"), r"<sup>\1</sup>"),  # $^1$, $^*$, $^\dagger$
    (re.compile(r"\$([^$]{1,20})\$"), r"<sup>\1</sup>"),  # $\dagger$, $*$
    (re.compile(r"\\\(\s*\^?\s*\{?([^{}]*?)\}?\s*\\\)"), r"<sup>\1</sup>"),  # \(^*\), \(^{1}\)
    (re.compile(r"\\textsuperscript\{([^{}]*)\}"), r"<sup>\1</sup>"),
    (re.compile(r"\^\{([^{}]*)\}"), r"<sup>\1</sup>"),  # ^{1,2}
    (re.compile(r"\^(\d+|[*†‡§¶])"), r"<sup>\1</sup>"),  # ^1
    (re.compile(r"\s*[\[（(](\d{1,2}(?:\s*,\s*\d{1,2})*)[\]）)]"), r"<sup>\1</sup>"),  # Dan Brown [1], Alice (1,2)
]
_UNICODE_SUP = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:[,，][¹²³⁴⁵⁶⁷⁸⁹⁰]+)*")
_DIGITS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰，", "1234567890,")
# Index digits stuck to the end of a name (Yixin Liu1, 张文琪1,2) or the start of an affiliation (1Yale University).
_TRAILING_INDEX = re.compile(
    r"(?<=[a-zà-ÿ\u3400-\u9fff.])(\d{1,2}(?:\s*,\s*\d{1,2}(?![\d.]))*)(?=\s*(?:[,，、;；*∗†‡]|<sup>|and\s|和|及|与|$)|\s+[\u3400-\u9fff])"
)
_LEADING_INDEX = re.compile(r"(?:^|(?<=[\s,，;；、]))(\d{1,2})(?=[A-Z][a-z]|[\u3400-\u9fff])")
# "1 Shanghai AI Laboratory, 2 Fudan University", "1.复旦大学 2.上海科学智能研究院": a line that starts with one
_SPACED_INDEX = re.compile(r"(?:^|(?<=\s))(\d{1,2})(?:[.、]\s*|\s+)(?=[A-Z\u3400-\u9fff])")
_FOOTNOTE = re.compile(
    r"^[（(]?\s*(?:<sup>[^<\d]*</sup>|[" + re.escape(MARKERS) + r"]+)\s*[:：]?\s*"
    r"(?=.*(?:equal|contribut|correspond|core|lead|intern|work done|advis|senior|first author|co-first|"
    r"通讯|同等|共同|贡献|表示|实习|负责|一作|共一))"
    r"|.*(?:同等贡献|贡献相等|平等贡献|共同第一作者|(?:对应|通讯)作者(?:为|是)|equal contribution|contributed equally)",
    re.I,
)
_ANY_MARK = re.compile(r"[$\\^\d¹²³⁴⁵⁶⁷⁸⁹⁰" + re.escape(MARKERS) + r"]")
_LEFTOVER = re.compile(r"[$^\\{}*∗†]|^\d|\d$")


def normalise_marks(line: str) -> str:
    """An author-block line with every index and marker as `<sup>…</sup>` (escaped `\\*` and a Markdown hard
    break's trailing backslash included)."""
    text = line.rstrip().removesuffix("\\").rstrip()
    if not _ANY_MARK.search(text):  # most lines of a paper: nothing to do
        return text
    text = text.replace("\\*", "*").replace("\\#", "#")
    for pattern, replacement in _SUP_FORMS:
        text = pattern.sub(replacement, text)
    text = _MARKER_COMMANDS.sub("*", text)
    text = re.sub(r"\s*[（(]\s*((?:<sup>[^<]*</sup>\s*)+)[)）]", r"\1", text)  # 上海人工智能实验室 ($^1$)
    text = _UNICODE_SUP.sub(lambda m: f"<sup>{m.group().translate(_DIGITS)}</sup>", text)
    text = _TRAILING_INDEX.sub(r"<sup>\1</sup>", text)
    if _SPACED_INDEX.match(text) or _LEADING_INDEX.match(text):  # a line of indexed affiliations
        text = _SPACED_INDEX.sub(r"<sup>\1</sup>", text)
    text = _LEADING_INDEX.sub(r"<sup>\1</sup>", text)
    return re.sub(r"(?<=</sup>)\s*([" + re.escape(MARKERS) + r"]+)", r"<sup>\1</sup>", text)


def is_footnote(line: str) -> bool:
    """'*: Core contributor.', '†Corresponding author', '（*表示同等贡献）': what the markers meant. With the
    markers gone from the names, the note explains nothing."""
    return bool(_FOOTNOTE.match(line.strip()))


def strip_markers(name: str) -> str:
    """A name without the marker symbols around it."""
    return name.strip(MARKERS + " \t")


def leftover_markup(name: str) -> bool:
    """Whether a name still holds markup or an index no reader should see: $ ^ \\ { } * ∗ †, or a digit at
    either end."""
    return bool(_LEFTOVER.search(name))
