"""Authors and affiliations from the layouts seen in real digests."""

import pytest

from paper_digest.digest.orgs import split_affiliations
from paper_digest.digest.people import parse_people
from paper_digest.digest.text import scrub_emails


def people(items: list[str]) -> tuple[list[str], list[str]]:
    """As the parser calls it: its lines have had their addresses taken out (and reported) first."""
    found = parse_people([scrub_emails(item)[0] for item in items])
    return found.authors, found.affiliations


CASES = [
    (
        ["- Nikhila Ravi, Valentin Gabeur, Piotr Dollár", "- Meta FAIR（Facebook AI Research）"],
        ["Nikhila Ravi", "Valentin Gabeur", "Piotr Dollár"],
        ["Meta FAIR（Facebook AI Research）"],
    ),
    (["- Gemma Team, Google DeepMind"], ["Gemma Team"], ["Google DeepMind"]),
    (
        ["- **作者**: Mark Boss, Zixuan Huang", "- **机构**: Stability AI, UIUC"],
        ["Mark Boss", "Zixuan Huang"],
        ["Stability AI", "UIUC"],
    ),
    (
        [
            "- Trapoom Ukarapol, Amy Xin",
            "- 清华大学计算机科学与技术系",
            "- {ukarapolt10, xin-x23}@mails.tsinghua.edu.cn",
        ],
        ["Trapoom Ukarapol", "Amy Xin"],
        ["清华大学计算机科学与技术系"],
    ),
    (
        [
            "- Yadong Lu<sup>1</sup>, Yelong Shen<sup>2</sup>",
            "- <sup>1</sup>Microsoft Research, <sup>2</sup>Microsoft Gen AI",
            "- 联系邮箱: {yadonglu, yeshe}@microsoft.com",
        ],
        ["Yadong Lu", "Yelong Shen"],
        ["Microsoft Research", "Microsoft Gen AI"],
    ),
    (
        ["- Gilad Deutch, Tel-Aviv University", "- Rinon Gal, NVIDIA & Tel-Aviv University"],
        ["Gilad Deutch", "Rinon Gal"],
        ["Tel-Aviv University", "NVIDIA"],
    ),
    (
        ["- **Linfeng Ren**, **Linfeng Ren**, **Lindsey Li**, **Linfeng Ren**"],
        ["Linfeng Ren", "Lindsey Li"],
        [],
    ),
    (
        ["- **Giulio Corallo**：SAP Labs, France & EURECOM, France", "- **Paolo Papotti**：EURECOM, France"],
        ["Giulio Corallo", "Paolo Papotti"],
        ["SAP Labs, France", "EURECOM, France"],
    ),
    (
        ["- **Manuel Kansy**, **ETH Zürich & DisneyResearch|Studios, Switzerland**"],
        ["Manuel Kansy"],
        ["ETH Zürich", "DisneyResearch|Studios, Switzerland"],
    ),
    (
        [
            "- **作者**：Fan Xiangyu, Li Jiaqi",
            "- **机构**：中国，SenseTime Research",
            "- **邮箱**：{fanxiangyu}@sensetime.com",
        ],
        ["Fan Xiangyu", "Li Jiaqi"],
        ["中国，SenseTime Research"],
    ),
    (
        ["- Ragav Sachdeva, Andrew Zisserman", "- 视觉几何小组，工程科学系，牛津大学"],
        ["Ragav Sachdeva", "Andrew Zisserman"],
        ["视觉几何小组，工程科学系，牛津大学"],
    ),
    (
        [
            "- Atsuyuki Miyai, Student Member, IEEE",
            "- Jingkang Yang",
            "- Hai Li, Fellow, IEEE",
            "- Qing Yu, Member, IEEE",
        ],
        ["Atsuyuki Miyai", "Jingkang Yang", "Hai Li", "Qing Yu"],
        [],
    ),
    (
        [
            "- Gabriele Sarti, Malvina Nissim",
            "- 机构：Center for Language and Cognition (CLCG), University of Groningen, 9712EK, The Netherlands",
        ],
        ["Gabriele Sarti", "Malvina Nissim"],
        ["Center for Language and Cognition (CLCG), University of Groningen, 9712EK, The Netherlands"],
    ),
    (
        ["- 机构：新加坡国立大学 (National University of Singapore), 微软 (Microsoft), AMD (Advanced Micro Devices)"],
        [],
        ["新加坡国立大学 (National University of Singapore)", "微软 (Microsoft)", "AMD (Advanced Micro Devices)"],
    ),
    (["- 作者：张三、李四", "- 单位：北京大学"], ["张三", "李四"], ["北京大学"]),
    (["- Alice Smith (alice@example.com), Bob Lee"], ["Alice Smith", "Bob Lee"], []),
    (
        ["- Alice Smith (Stanford University), Bob Lee (MIT)"],
        ["Alice Smith", "Bob Lee"],
        ["Stanford University", "MIT"],
    ),
    (["- 张三（清华大学）"], ["张三"], ["清华大学"]),
    (["- Ai Chen, Bo Li", "- Peking University"], ["Ai Chen", "Bo Li"], ["Peking University"]),
    (["- Alice Smith¹, Bob Lee²", "- ¹MIT ²Google Research"], ["Alice Smith", "Bob Lee"], ["MIT", "Google Research"]),
]


@pytest.mark.parametrize(("items", "authors", "affiliations"), CASES)
def test_parse_people(items, authors, affiliations):
    assert people(items) == (authors, affiliations)


def test_no_email_survives():
    authors, affiliations = people(["- A B, a.b@x.org", "- 邮箱：c@d.com", "- 北京大学 e@f.cn"])
    assert not any("@" in text for text in authors + affiliations)


def test_split_affiliations_keeps_an_address_whole():
    text = "Prince Sultan University, Robotics and Internet-of-Things Lab, Riyadh 12435, Saudi Arabia"
    assert split_affiliations(text) == [text]


@pytest.mark.parametrize(
    ("line", "authors", "affiliations"),
    [
        ("- 通义千问团队", ["通义千问团队"], []),
        ("- Qwen Team", ["Qwen Team"], []),
        ("- Alice Smith, Gemma Team, Google DeepMind", ["Alice Smith", "Gemma Team"], ["Google DeepMind"]),
        ("- Bo Li, Vision Group, Tsinghua University", ["Bo Li", "Vision Group"], ["Tsinghua University"]),
        ("- The ATLAS Collaboration", ["The ATLAS Collaboration"], []),
    ],
)
def test_a_team_on_an_author_line_is_an_author(line, authors, affiliations):
    assert people([line]) == (authors, affiliations)


@pytest.mark.parametrize(
    "line", ["- Shanghai AI Lab", "- Tencent AI Lab", "- Huawei Noah's Ark Lab", "- 上海人工智能实验室"]
)
def test_a_lab_that_is_an_institution_stays_an_affiliation(line):
    assert people([line])[0] == []
