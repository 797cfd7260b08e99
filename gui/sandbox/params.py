"""Reading the form of a provider call: required fields, integers in range, wire times.

Each helper raises ``ApiFault`` with the provider's code (1 missing, 2 malformed) and a
detail naming the field, as the provider does.
"""

from __future__ import annotations

from typing import Literal, overload

from gui.sandbox.clock import from_wire
from gui.sandbox.rules import ApiFault


def required(params: dict, name: str) -> str:
    value = params.get(name)
    if value is None or value == "":
        raise ApiFault(1, f"参数 {name} 必须传入")
    return value


@overload
def int_param(
    params: dict,
    name: str,
    *,
    required: Literal[True],
    default: int | None = None,
    low: int | None = None,
    high: int | None = None,
) -> int: ...
@overload
def int_param(
    params: dict, name: str, *, required: bool, default: int, low: int | None = None, high: int | None = None
) -> int: ...
@overload
def int_param(
    params: dict,
    name: str,
    *,
    required: bool,
    default: None = None,
    low: int | None = None,
    high: int | None = None,
) -> int | None: ...
def int_param(
    params: dict,
    name: str,
    *,
    required: bool,
    default: int | None = None,
    low: int | None = None,
    high: int | None = None,
) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        if required:
            raise ApiFault(1, f"参数 {name} 必须传入")
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ApiFault(2, f"参数 {name} 必须是整数") from None
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low if low is not None else ''}..{high if high is not None else ''}"
        raise ApiFault(2, f"参数 {name} 超出范围 {bounds}")
    return value


def time_param(params: dict, name: str) -> float:
    raw = required(params, name)
    try:
        return from_wire(raw)
    except ValueError:
        raise ApiFault(2, f"参数 {name} 格式必须是 yyyy-MM-dd HH:mm:ss") from None
