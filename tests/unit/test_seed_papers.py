"""Every paper of the seed digest parses to the record a careful reader would write down."""

import datetime as dt

import pytest

from paper_digest.digest.load import load_papers
from support import REGISTRY, SEEDS

SEED_PAPERS = {
    "2408.00714": dict(
        line=2,
        title="SAM 2: Segment Anything in Images and Videos",
        title_zh="Segment Anything Model 2 (SAM 2): 面向图像和视频的可提示视觉分割的基础模型",
        authors=[
            "Nikhila Ravi",
            "Valentin Gabeur",
            "Yuan-Ting Hu",
            "Ronghang Hu",
            "Chaitanya Ryali",
            "Tengyu Ma",
            "Haitham Khedr",
            "Roman Rädle",
            "Chloe Rolland",
            "Laura Gustafson",
            "Eric Mintun",
            "Junting Pan",
            "Kalyan Vasudev Alwala",
            "Nicolas Carion",
            "Chao-Yuan Wu",
            "Ross Girshick",
            "Piotr Dollár",
            "Christoph Feichtenhofer",
        ],
        affiliations=["Meta FAIR（Facebook AI Research）"],
        tags=["computer-vision", "machine-learning", "deep-learning", "segmentation", "video"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
            "伦理考量",
            "数据集与资源",
        ],
    ),
    "2408.00118": dict(
        line=39,
        title="Gemma 2: Improving Open Language Models at a Practical Size",
        title_zh="Gemma 2: 在实用规模上改进开放语言模型",
        authors=["Gemma Team"],
        affiliations=["Google DeepMind"],
        tags=["large-language-models", "transformer", "knowledge-distillation", "efficient-inference", "multimodal"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
    "2408.00653": dict(
        line=66,
        title="SF3D: Stable Fast 3D Mesh Reconstruction with UV-unwrapping and Illumination Disentanglement",
        title_zh=None,
        authors=["Mark Boss", "Zixuan Huang", "Aaryaman Vasishta", "Varun Jampani"],
        affiliations=["Stability AI", "UIUC"],
        tags=["computer-vision", "3d-vision", "deep-learning", "image-generation"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
    "2408.00754": dict(
        line=106,
        title="Coarse Correspondence Elicit 3D Spacetime Understanding in Multimodal Language Model",
        title_zh=None,
        authors=[],
        affiliations=[],
        tags=["multimodal", "3d-vision", "large-language-models", "computer-vision", "efficient-inference"],
        sections=["", "方法概述", "实验设计与结果", "结论与未来工作", "关键创新点", "应用前景"],
    ),
    "2408.00690": dict(
        line=139,
        title="Improving Text Embeddings for Smaller Language Models Using Contrastive Fine-tuning",
        title_zh="改进小型语言模型的文本嵌入质量：对比微调方法的应用",
        authors=["Trapoom Ukarapol", "Zhicheng Lee", "Amy Xin"],
        affiliations=["清华大学计算机科学与技术系"],
        tags=["nlp", "large-language-models", "text-embeddings", "contrastive-learning", "fine-tuning"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
    "2408.00203": dict(
        line=177,
        title="OmniParser for Pure Vision Based GUI Agent",
        title_zh="OmniParser: 面向纯视觉GUI代理的综合解析器",
        authors=["Yadong Lu", "Jianwei Yang", "Yelong Shen", "Ahmed Awadallah"],
        affiliations=["Microsoft Research", "Microsoft Gen AI"],
        tags=["vision-language-models", "gui-agents"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
    "2408.00735": dict(
        line=215,
        title="TurboEdit: Text-Based Image Editing Using Few-Step Diffusion Models",
        title_zh="TurboEdit: 使用少数步扩散模型实现基于文本的图像编辑",
        authors=["Gilad Deutch", "Rinon Gal", "Daniel Garibi", "Or Patashnik", "Daniel Cohen-Or"],
        affiliations=["Tel-Aviv University", "NVIDIA"],
        tags=["computer-vision", "diffusion-models", "image-generation", "efficient-inference", "image-editing"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
    "2408.00765": dict(
        line=250,
        title="MM-Vet v2: A Challenging Benchmark to Evaluate Large Multimodal Models for Integrated Capabilities",
        title_zh="MM-Vet v2: 评估大型多模态模型综合能力的挑战性基准",
        authors=[
            "Weihao Yu",
            "Zhengyuan Yang",
            "Linfeng Ren",
            "Lindsey Li",
            "Jianfeng Wang",
            "Kevin Lin",
            "Chung-Ching Lin",
            "Zicheng Liu",
            "Lijuan Wang",
            "Xinchao Wang",
        ],
        affiliations=[
            "新加坡国立大学 (National University of Singapore)",
            "微软 (Microsoft)",
            "AMD (Advanced Micro Devices)",
        ],
        tags=["multimodal", "benchmarks", "reasoning"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
    "2408.00167": dict(
        line=276,
        title="Finch: Prompt-guided Key-Value Cache Compression",
        title_zh="FINCH：面向大型语言模型的引导键值缓存压缩",
        authors=["Giulio Corallo", "Paolo Papotti"],
        affiliations=["SAP Labs, France", "EURECOM, France"],
        tags=["large-language-models", "efficient-inference", "transformer"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
            "摘要总结",
        ],
    ),
    "2408.00458": dict(
        line=307,
        title="Reenact Anything: Semantic Video Motion Transfer Using Motion-Textual Inversion",
        title_zh=None,
        authors=["Manuel Kansy", "Jacek Narunic", "Christopher Schroers", "Markus Gross", "Romann M. Weber"],
        affiliations=["ETH Zürich", "DisneyResearch|Studios, Switzerland"],
        tags=["computer-vision", "video", "deep-learning"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
    "2408.00762": dict(
        line=340,
        title="UniTalker: Scaling up Audio-Driven 3D Facial Animation through A Unified Model",
        title_zh="UniTalker: 大规模音频驱动3D面部动画通过统一模型",
        authors=["Fan Xiangyu", "Li Jiaqi", "Lin Zhiqian", "Xiao Weiye", "Yang Lei"],
        affiliations=["中国，SenseTime Research"],
        tags=["speech-audio", "facial-animation", "foundation-models"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
    "2408.00298": dict(
        line=372,
        title="Tails Tell Tales: Chapter-Wide Manga Transcriptions with Character Names",
        title_zh="尾巴讲述故事：具有角色名称的章节级漫画转录",
        authors=["Ragav Sachdeva", "Gyungin Shin", "Andrew Zisserman"],
        affiliations=["视觉几何小组，工程科学系，牛津大学"],
        tags=["computer-vision", "machine-learning", "accessibility"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
    "2408.00760": dict(
        line=411,
        title="Smoothed Energy Guidance: Guiding Diffusion Models with Reduced Energy Curvature of Attention",
        title_zh="平滑能量引导：利用注意力机制的减少能量曲率进行扩散模型指导",
        authors=[],
        affiliations=[],
        tags=["diffusion-models", "transformer", "image-generation", "computer-vision"],
        sections=["总结", "核心目标与问题", "方法与技术", "结论与意义", "关键图表与数据"],
    ),
    "2407.21794": dict(
        line=437,
        title="Generalized Out-of-Distribution Detection and Beyond in Vision Language Model Era: A Survey",
        title_zh="通用的异常检测及视觉语言模型时代之外的方法：一项调查",
        authors=[
            "Atsuyuki Miyai",
            "Jingkang Yang",
            "Jingyang Zhang",
            "Yifei Ming",
            "Yueqian Lin",
            "Qing Yu",
            "Go Irie",
            "Shafiq Joty",
            "Yixuan Li",
            "Hai Li",
            "Ziwei Liu",
            "Toshihiko Yamasaki",
            "Kiyoharu Aizawa",
        ],
        affiliations=[],
        tags=["ood-detection", "vision-language-models", "multimodal"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
    "2408.00584": dict(
        line=483,
        title="Non Verbis, Sed Rebus: Large Language Models are Weak Solvers of Italian Rebuses",
        title_zh="大型语言模型在解意大利谜语方面的表现较弱",
        authors=["Gabriele Sarti", "Tommaso Caselli", "Malvina Nissim", "Arianna Bisazza"],
        affiliations=[
            "Center for Language and Cognition (CLCG), University of Groningen, Oude Kijk in 't Jatstraat 26, Groningen, 9712EK, The Netherlands"
        ],
        tags=["large-language-models", "reasoning"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
    "2408.00205": dict(
        line=517,
        title="Sentence-wise Speech Summarization: Task, Datasets, and End-to-End Modeling with LM Knowledge Distillation",
        title_zh="句子级语音摘要：任务、数据集与基于语言模型知识蒸馏的端到端建模",
        authors=[
            "Kohei Matsuura",
            "Takanori Ashihara",
            "Takafumi Moriya",
            "Masato Mimura",
            "Takatomo Kano",
            "Atsunori Ogawa",
            "Marc Delcroix",
        ],
        affiliations=["NTT Corporation, Japan"],
        tags=["speech-audio", "deep-learning", "knowledge-distillation"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
    "2407.21139": dict(
        line=549,
        title="Enhancing Semantic Similarity Understanding in Arabic NLP with Nested Embedding Learning",
        title_zh="增强阿拉伯语自然语言处理中的语义相似性理解通过嵌套嵌入学习",
        authors=["Omer Nacar", "Anis Koubaa"],
        affiliations=["Prince Sultan University, Robotics and Internet-of-Things Lab, Riyadh 12435, Saudi Arabia"],
        tags=["text-embeddings", "multilingual"],
        sections=[
            "研究核心目标与问题",
            "采用方法与技术",
            "实验设计与主要发现",
            "结论及对未来研究的意义",
            "关键图表与数据",
        ],
    ),
}

SEED_FILE = SEEDS / "000_263217c7a4351fe0.txt"


@pytest.fixture(scope="module")
def seed_papers():
    papers, problems = load_papers([str(SEEDS)], str(REGISTRY))
    assert [p for p in problems if p.fatal] == []
    return {p.arxiv_id: p for p in papers}


def test_seed_has_seventeen_papers_and_only_its_addresses_reported():
    papers, problems = load_papers([str(SEEDS)], str(REGISTRY))
    assert [(p.location.line, p.fatal) for p in problems] == [(147, False), (185, False), (347, False)]
    assert all("e-mail address '{" in p.message and "}@" in p.message for p in problems)
    assert len(papers) == 17 == len(SEED_PAPERS)


@pytest.mark.parametrize("arxiv_id", sorted(SEED_PAPERS))
def test_seed_paper(seed_papers, arxiv_id):
    expected = SEED_PAPERS[arxiv_id]
    paper = seed_papers[arxiv_id]
    assert paper.source.path == str(SEED_FILE)
    assert paper.source.line == expected["line"]
    assert paper.title == expected["title"]
    assert paper.title_zh == expected["title_zh"]
    assert list(paper.authors) == expected["authors"]
    assert list(paper.affiliations) == expected["affiliations"]
    assert [t.slug for t in paper.tags] == expected["tags"]
    assert [s.heading for s in paper.sections] == expected["sections"]
    assert all(s.markdown.strip() for s in paper.sections)
    assert paper.date == dt.date(2000 + int(arxiv_id[:2]), int(arxiv_id[2:4]), 1)


@pytest.mark.parametrize("arxiv_id", sorted(SEED_PAPERS))
def test_seed_paper_tags_come_from_the_registry(seed_papers, registry, arxiv_id):
    for tag in seed_papers[arxiv_id].tags:
        assert registry.lookup(tag.slug) == tag


def test_seed_tags_are_few_and_shared(seed_papers):
    slugs = [t.slug for p in seed_papers.values() for t in p.tags]
    assert 15 <= len(set(slugs)) <= 40
    assert sum(1 for s in set(slugs) if slugs.count(s) > 1) >= 10
