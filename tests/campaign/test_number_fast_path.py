"""The normaliser's fast path for plain mainland mobiles answers exactly as the full path does
(gui.api.numbers.quick_mainland vs normalize_number_full), over a large generated set: every
five-digit prefix from 10000 to 19999 with random endings, in every decoration the fast path
takes (+86 / 0086 / 86, spaces, dashes, brackets, a trailing ".0") and some it must not take."""

from __future__ import annotations

import random

from gui.api.numbers import normalize_number, normalize_number_full, quick_mainland

SHAPES = (
    "{}",
    "+86{}",
    "+86 {}",
    "0086{}",
    "0086-{}",
    "86{}",
    "86 {}",
    "{}.0",
    "+86{}.0",
    "86{}.0",
    " {} ",
    "({})",
    "(+86) {}",
    "+86-{}",
    "\t{}\n",
    "{}.00",  # the full path's: a trailing zero the fast path leaves alone
    "{}.5",
    "+87{}",
    "086{}",
    "8{}",
    "{}0",
    "1.{}E+10",
    "\u3000{}",
    "{}\u00a0",
)


def _dashed(number: str) -> str:
    return f"{number[:3]}-{number[3:7]}-{number[7:]}"


def _spaced(number: str) -> str:
    return f"{number[:3]} {number[3:7]} {number[7:]}"


def generated(seed: int = 17, per_prefix: int = 2) -> list[str]:
    rng = random.Random(seed)
    numbers = []
    for prefix in range(10000, 20000):
        for _ in range(per_prefix):
            numbers.append(f"{prefix}{rng.randrange(10**6):06d}")
    return numbers


def test_the_fast_path_answers_as_the_full_path_on_every_prefix():
    taken = 0
    for number in generated():
        fast = quick_mainland(number)
        full = normalize_number_full(number)
        if fast is not None:
            taken += 1
            assert full.ok and full.number == fast and not full.international, number
        else:  # the fast path says nothing: the full path answers alone, also through normalize_number
            assert normalize_number(number) == full, number
    assert taken > 5_000  # most mobile prefixes are taken


def test_the_fast_path_answers_as_the_full_path_in_every_decoration():
    rng = random.Random(18)
    numbers = generated(19, 1)
    for number in rng.sample(numbers, 1000):
        for variant in (number, _dashed(number), _spaced(number)):
            for shape in SHAPES:
                raw = shape.format(variant)
                fast = quick_mainland(raw)
                full = normalize_number_full(raw)
                if fast is not None:
                    assert full.ok and full.number == fast and not full.international, raw
                assert normalize_number(raw) == full, raw


def test_cells_of_other_types_agree_too():
    for number in generated(20, 1)[::7]:
        for cell in (int(number), float(number)):
            assert normalize_number(cell) == normalize_number_full(cell), cell
