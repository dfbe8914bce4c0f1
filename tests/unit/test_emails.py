"""E-mail scrubbing removes real addresses and nothing else: metric notation, handles and local names stay."""

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from paper_digest.digest.parse import parse_digest
from paper_digest.digest.text import scrub_emails

KEPT = [
    "TinyRetriever在MRR@10上仅比大型模型低1.2个百分点。",
    "pass@1达到72.5%，优于基线。",
    "Recall@10为0.85",
    "pass@k、Recall@K、MRR@10、nDCG@10、Hits@1、top-1@5均有提升",
    "关注@handle获取更新",
    "user@localhost 与 a@b 都不是地址",
    "克隆 git@github.com:org/repo.git 即可",
    "见 https://medium.com/@author/post",
    "a@b.c1 不是地址",
]


@pytest.mark.parametrize("text", KEPT)
def test_text_that_is_not_an_address_stays_whole(text):
    assert scrub_emails(text) == (text, [])


@pytest.mark.parametrize(
    ("text", "kept", "removed"),
    [
        ("联系 someone@example.org 获取", "联系  获取", ["someone@example.org"]),
        ("张三zhang@pku.edu.cn，李四", "张三，李四", ["zhang@pku.edu.cn"]),  # Chinese ends an address
        ("{a, b}@lab.example.com。", "。", ["{a, b}@lab.example.com"]),
        ("Alice (alice@x.com), Bob", "Alice , Bob", ["alice@x.com"]),
        ("写信<a@b.com>即可", "写信即可", ["a@b.com"]),
        ("[邮件](mailto:leak@evil.example)", "邮件", ["leak@evil.example"]),
        ('<a href="mailto:leak@evil.example">邮件</a>', "<a>邮件</a>", ["leak@evil.example"]),
        ("alice&#64;example.org 是地址", " 是地址", ["alice@example.org"]),
        ("- $\\{$lzj,xie$\\}@gmail.com$", "- ", ["{lzj,xie}@gmail.com"]),  # as LaTeX from a PDF writes a group
        ("写信 first\\_last@x.com 即可", "写信  即可", ["first_last@x.com"]),  # Markdown's escaped underscore
        ("x@y.com.", ".", ["x@y.com"]),
    ],
)
def test_real_addresses_are_removed_and_returned(text, kept, removed):
    assert scrub_emails(text) == (kept, removed)


# Fragments joined by Chinese characters, which end any address: the expected result is known exactly.
ADDRESSES = st.builds(
    "{}@{}.{}".format,
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,8}", fullmatch=True),
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?(\.[a-z0-9]{1,5}){0,2}", fullmatch=True),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
)
NOT_ADDRESSES = st.one_of(
    st.sampled_from(["MRR@10", "pass@1", "pass@k", "Recall@K", "nDCG@10", "Hits@1", "@handle", "user@localhost"]),
    st.text(alphabet="ab1Z@.-_+%:/ ", max_size=12),
    st.text(max_size=8),
)
SEPARATORS = st.sampled_from(["在", "上", "，", "。", "为"])
SIMPLE_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")


@given(st.lists(st.tuples(st.booleans(), ADDRESSES, NOT_ADDRESSES, SEPARATORS), max_size=8))
def test_scrubbing_removes_exactly_the_addresses(pieces):
    text, expected, addresses = "", "", []
    for is_address, address, other, separator in pieces:
        if is_address:
            text += address + separator
            expected += separator
            addresses.append(address)
        else:
            assume(not SIMPLE_ADDRESS.search(other) and "&" not in other and not re.search(r"[<(（\[]", other))
            text += other + separator
            expected += other + separator
    assert scrub_emails(text) == (expected, addresses)


@given(st.text())
def test_scrubbing_never_removes_chinese_and_only_deletes(text):
    kept, removed = scrub_emails(text)
    chinese = re.compile(r"[\u4e00-\u9fff]")
    assert chinese.findall(kept) == chinese.findall(text)
    if not removed:
        assert kept == text


def test_the_parser_reports_each_removed_address_with_its_line():
    digest = (
        "# A Paper\n[arxiv_pdf_url](https://arxiv.org/pdf/2408.00714)\n"
        "### 主要发现\n- pass@1达到72.5%，联系 alice@example.org。\n- MRR@10上提升。\n"
    )
    papers, problems = parse_digest(digest, "d.txt")
    assert [str(p) for p in problems] == [
        "d.txt:4: e-mail address 'alice@example.org' removed: addresses are never published; "
        "delete it from the digest to silence this warning"
    ]
    assert "pass@1达到72.5%，联系 。" in papers[0].sections[0].markdown
    assert "MRR@10上提升" in papers[0].sections[0].markdown


def test_an_address_after_a_slash_is_still_an_address():
    assert scrub_emails("zhang@pku.edu.cn/li@pku.edu.cn") == ("/", ["zhang@pku.edu.cn", "li@pku.edu.cn"])
    assert scrub_emails("邮箱/alice@example.org") == ("邮箱/", ["alice@example.org"])
    assert scrub_emails("https://medium.com/@author/post") == ("https://medium.com/@author/post", [])


def test_an_address_split_by_markup_skips_its_paper_with_its_line():
    digest = (
        "# A Paper\n[arxiv_pdf_url](https://arxiv.org/pdf/2408.00714)\n"
        "### 主要发现\n联系 carol@**example**.org 或 bob\\@example.com。\n"
        "# Another Paper\n[arxiv_pdf_url](https://arxiv.org/pdf/2408.00715)\n### 方法\n正文\n"
    )
    papers, problems = parse_digest(digest, "d.txt")
    assert [p.arxiv_id for p in papers] == ["2408.00715"]
    assert [(str(p.location), p.kind) for p in problems] == [("d.txt:4", "skipped")]
    assert "carol@example.org" in problems[0].message and "bob@example.com" in problems[0].message
