"""The provider adapters' pure parts: protected tokens, batching, placeholder repair."""

import pytest

from paper_digest.retrying import ProviderError
from paper_digest.translation.protection import protect, tidy, unprotect
from paper_digest.translation.providers import PROVIDERS, make_engine
from paper_digest.translation.segments import MarkupError


@pytest.mark.parametrize(
    ("segment", "protected", "saved"),
    [
        ("SAM 2在任务上更快6倍，56.33%。", "<1/>在任务上更快<2/>倍，<3/>。", {1: "SAM 2", 2: "6", 3: "56.33%"}),
        ("<1>模型</1>：GPT-4V和Llama 2 7B-chat", "<1>模型</1>：<2/>和<3/>", {2: "GPT-4V", 3: "Llama 2 7B-chat"}),
        ("参数量从20亿到270亿", "参数量从20亿到270亿", {}),
        ("没有拉丁文字", "没有拉丁文字", {}),
    ],
)
def test_protect_and_restore(segment, protected, saved):
    assert protect(segment) == (protected, saved)
    assert unprotect(protected, saved) == segment


def test_a_dropped_protected_token_is_an_error():
    text, saved = protect("SAM 2很快")
    with pytest.raises(MarkupError, match="SAM 2"):
        unprotect("fast", saved)


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [("< 1 >bold< / 1 > and < 2 / >", "<1>bold</1> and <2/>"), ("＜1＞x＜／1＞", "<1>x</1>")],
)
def test_tidy_repairs_spaced_placeholders(raw, fixed):
    assert tidy(raw) == fixed


def test_required_providers_are_available():
    assert {"google", "deepl", "libre", "mymemory", "microsoft"} <= set(PROVIDERS)
    assert PROVIDERS["google"].max_chars < 5000  # Google rejects 5000 characters or more


def test_requests_are_sized_in_bytes_as_sent():
    google = make_engine("google")
    chinese = "视" * 600  # 5400 bytes URL-encoded: fits; 700 characters (6300 bytes) do not
    assert google.fits([chinese]) and not google.fits(["视" * 700])
    assert google.fits(["a" * 4500]) and not google.fits(["a" * 4501])  # and the provider's character limit


def test_unknown_provider_and_missing_key(monkeypatch):
    with pytest.raises(ProviderError, match="unknown provider"):
        make_engine("babelfish")
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    with pytest.raises(ProviderError, match="DEEPL_API_KEY"):
        make_engine("deepl")


def test_threads_never_get_each_others_answers(monkeypatch):
    """Google's client keeps the text on the instance (`_url_params`): each thread needs its own."""
    import html
    import threading
    import time

    from paper_digest.translation import providers

    class Response:
        status_code = 200

        def __init__(self, text):
            self.text = text

        def close(self):
            pass

    def slow_get(url, params=None, **kwargs):
        time.sleep(0.02)  # another thread may change a shared client's parameters meanwhile
        return Response(f'<div class="t0">EN[{html.escape(params["q"])}]</div>')

    monkeypatch.setattr(providers.requests, "get", slow_get)
    engine = make_engine("google", timeout=5)
    answers = {}

    def work(n):
        answers[n] = engine.send([f"第{n}句"])[0]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == {n: f"EN[第{n}句]" for n in range(8)}


@pytest.mark.parametrize("answer", ["tested on <2/>", "tested on <2/> and <2/>", "tested on <1/>, <1/> and <2/>"])
def test_every_placeholder_must_come_back_exactly_once(answer):
    from paper_digest.translation.protection import accept

    segment = "在 GPT-4 和 GPT-4o 上测试"
    text, saved = protect(segment)
    with pytest.raises(MarkupError):
        accept(segment, answer, saved)
    assert accept(segment, "tested on <1/> and <2/>", saved) == "tested on GPT-4 and GPT-4o"


def test_an_unprotected_answer_must_keep_every_name_on_its_own():
    from paper_digest.translation.protection import accept_unprotected

    with pytest.raises(MarkupError, match="GPT-4$"):
        accept_unprotected("在 GPT-4 和 GPT-4o 上测试", "tested on GPT-4o")  # GPT-4 is not in GPT-4o
    assert accept_unprotected("在 GPT-4 和 GPT-4o 上测试", "on GPT-4 and GPT-4o") == "on GPT-4 and GPT-4o"


def test_entities_stay_whole():
    assert protect("R&amp;D在&lt; 5%时") == ("<1/>&amp;<2/>在&lt; <3/>时", {1: "R", 2: "D", 3: "5%"})
