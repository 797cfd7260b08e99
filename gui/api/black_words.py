"""Blocked words of many texts in few get_black_word calls (plain Python, no Qt).

get_black_word answers the blocked words of one text of at most 500 characters per call.
To check many texts (Compose's distinct texts or values, a campaign's distinct variable
values), the distinct non-blank texts are packed, joined by newlines, into requests of at
most ``limit`` characters (counted as the provider counts them, ``texts.char_count``); a
text longer than that is asked in slices of ``limit`` characters. The words of a packed
request are attributed back to the texts that contain them (case-insensitively), so each
text's words can be remembered and never asked again.

Not detected: a blocked word across the seam of two slices of a long text, or across the
seam of a template's fixed text and a value (the server would refuse that text with code 4).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from gui.api.texts import MAX_CHARS, char_count

TEXT_LIMIT = MAX_CHARS  # get_black_word's longest text

AskBlackWords = Callable[[str], Sequence[str]]  # SmsClient.get_black_word
StopCheck = Callable[[], None]  # raises to stop (a task's control.check)


@dataclass(frozen=True)
class BlackWordRequest:
    """One get_black_word call: its ``text`` and the texts packed into it (one for a slice)."""

    text: str
    texts: tuple[str, ...]


def pack_black_word_requests(texts: Iterable[str], limit: int = TEXT_LIMIT) -> list[BlackWordRequest]:
    """The distinct non-blank ``texts``, in order, packed into as few requests as fit ``limit``."""
    requests: list[BlackWordRequest] = []
    packed: list[str] = []
    size = 0  # characters of "\n".join(packed)

    def flush() -> None:
        nonlocal packed, size
        if packed:
            requests.append(BlackWordRequest("\n".join(packed), tuple(packed)))
            packed, size = [], 0

    for text in dict.fromkeys(t for t in texts if t.strip()):
        count = char_count(text)
        if count > limit:
            # Too long to pack: asked alone, slice after slice.
            flush()
            requests.extend(BlackWordRequest(piece, (text,)) for piece in _slices(text, limit))
            continue
        if packed and size + 1 + count > limit:
            flush()
        size = size + 1 + count if packed else count
        packed.append(text)
    flush()
    return requests


def _slices(text: str, limit: int) -> Iterator[str]:
    """``text`` cut into pieces of at most ``limit`` characters (as char_count counts them)."""
    start, size = 0, 0
    for index, char in enumerate(text):
        width = 2 if ord(char) > 0xFFFF else 1  # outside the BMP: two UTF-16 units
        if size + width > limit:
            yield text[start:index]
            start, size = index, 0
        size += width
    if start < len(text):
        yield text[start:]


class BlockedWordChecker:
    """get_black_word over many texts, remembering each text's words (``cache``).

    ``ask`` is ``client.get_black_word``; ``calls`` counts the calls made.
    """

    def __init__(self, ask: AskBlackWords, limit: int = TEXT_LIMIT) -> None:
        self._ask = ask
        self.limit = limit
        self.cache: dict[str, tuple[str, ...]] = {}
        self.calls = 0

    def words_in(self, text: str) -> tuple[str, ...]:
        """The blocked words of one text, asked on its own (a template, checked whole) once."""
        if text not in self.cache:
            words: tuple[str, ...] = ()
            if text.strip():
                self.calls += 1
                words = tuple(dict.fromkeys(w for w in self._ask(text) if w))
            self.cache[text] = words
        return self.cache[text]

    def check(self, texts: Iterable[str], should_stop: StopCheck | None = None) -> list[str]:
        """The distinct blocked words of ``texts``: the answers' words in the order they came,
        then those of texts asked before. ``should_stop`` is called before each call."""
        distinct = list(dict.fromkeys(texts))
        found: list[str] = []
        by_text: dict[str, list[str]] = {}
        for request in pack_black_word_requests((t for t in distinct if t not in self.cache), self.limit):
            if should_stop is not None:
                should_stop()
            self.calls += 1
            words = [w for w in self._ask(request.text) if w]
            found += words
            for text in request.texts:
                lowered = text.lower()
                by_text.setdefault(text, []).extend(w for w in words if w.lower() in lowered)
        for text in distinct:
            if text not in self.cache:
                self.cache[text] = tuple(dict.fromkeys(by_text.get(text, ())))
            found += self.cache[text]
        return list(dict.fromkeys(found))
