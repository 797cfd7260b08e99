"""The one get_black_word packing loop (gui.api.black_words): Compose's service and the dry run use it."""

from __future__ import annotations

import pytest

from gui.api.black_words import TEXT_LIMIT, BlockedWordChecker, pack_black_word_requests
from gui.api.texts import char_count
from gui.services.send_plan import BLACK_WORD_CHUNK, black_word_chunks


class FakeGateway:
    """get_black_word as the sandbox answers it: the words present, in the order they appear."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.asked: list[str] = []

    def get_black_word(self, text: str) -> list[str]:
        assert char_count(text) <= TEXT_LIMIT
        self.asked.append(text)
        return sorted((w for w in self.words if w in text), key=text.find)


def test_distinct_non_blank_texts_are_packed_up_to_the_limit():
    requests = pack_black_word_requests(["aaa", "bb", "aaa", "  ", "", "cccc"], limit=7)
    assert [r.text for r in requests] == ["aaa\nbb", "cccc"]
    assert [r.texts for r in requests] == [("aaa", "bb"), ("cccc",)]
    # exactly at the limit still fits
    assert [r.text for r in pack_black_word_requests(["aaa", "ccc"], limit=7)] == ["aaa\nccc"]


def test_a_text_longer_than_the_limit_is_asked_in_slices():
    long_text = "x" * 12
    requests = pack_black_word_requests(["ab", long_text, "cd"], limit=5)
    assert [r.text for r in requests] == ["ab", "xxxxx", "xxxxx", "xx", "cd"]
    assert all(r.texts == (long_text,) for r in requests[1:4])


def test_the_limit_counts_as_the_provider_counts():
    emoji = "😀"  # two UTF-16 units
    requests = pack_black_word_requests([emoji * 3, "a"], limit=6)
    assert [r.text for r in requests] == [emoji * 3, "a"]
    assert [r.text for r in pack_black_word_requests([emoji * 4], limit=5)] == [emoji * 2, emoji * 2]


def test_compose_chunks_are_the_packed_requests():
    pieces = [f"value {i}" for i in range(200)]
    assert black_word_chunks(pieces) == [r.text for r in pack_black_word_requests(pieces, BLACK_WORD_CHUNK)]
    assert all(len(c) <= 500 for c in black_word_chunks(pieces))


def test_words_come_back_distinct_in_answer_order_and_are_remembered_per_text():
    gateway = FakeGateway(["发票", "测试", "代开"])
    checker = BlockedWordChecker(gateway.get_black_word, limit=20)
    words = checker.check(["这是测试", "开发票", "没有", "测试发票"])
    assert words == ["测试", "发票"]
    assert checker.calls == len(gateway.asked) == 1
    assert checker.cache == {"这是测试": ("测试",), "开发票": ("发票",), "没有": (), "测试发票": ("测试", "发票")}
    # texts asked before are not asked again; their words still count
    assert checker.check(["开发票", "代开一下"]) == ["代开", "发票"]
    assert gateway.asked[1:] == ["代开一下"]
    assert checker.check(["没有", "开发票"]) == ["发票"] and checker.calls == 2


def test_attribution_ignores_case():
    checker = BlockedWordChecker(lambda text: ["VIP"] if "vip" in text.lower() else [], limit=100)
    checker.check(["Vip offer", "plain"])
    assert checker.cache == {"Vip offer": ("VIP",), "plain": ()}


def test_one_text_on_its_own():
    gateway = FakeGateway(["发票"])
    checker = BlockedWordChecker(gateway.get_black_word)
    assert checker.words_in("开发票") == ("发票",)
    assert checker.words_in("开发票") == ("发票",)
    assert checker.words_in("   ") == ()
    assert gateway.asked == ["开发票"] and checker.calls == 1


def test_should_stop_is_asked_before_each_call():
    gateway = FakeGateway([])
    checker = BlockedWordChecker(gateway.get_black_word, limit=3)
    stops: list[int] = []

    def should_stop() -> None:
        stops.append(len(gateway.asked))
        if len(stops) == 3:
            raise InterruptedError

    with pytest.raises(InterruptedError):
        checker.check(["aaa", "bbb", "ccc", "ddd"], should_stop)
    assert stops == [0, 1, 2] and gateway.asked == ["aaa", "bbb"]
