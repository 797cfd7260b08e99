"""Demo data: a lived-in account for a first look at the console.

Deterministic for a given start time (``random.Random(DEMO_SEED)``), relative to the
sandbox clock's now: templates in all three review states, a week of records with
their reports, replies (some opt-outs), reports and replies waiting to be pulled,
a few reports still on their way, and a balance.
"""

from __future__ import annotations

import random
from decimal import Decimal

from gui.sandbox import rules
from gui.sandbox.models import CARRIER_FAILURES, Record
from gui.sandbox.state import SandboxState

DEMO_SEED = 20240601
DEMO_BALANCE = Decimal("856.35")

# (content, state). The CHECKING one is reviewed (SUCCESS) one hour after the demo starts.
DEMO_TEMPLATES = (
    ("【豪霆云】您的验证码是#code#。如非本人操作，请忽略本短信", "SUCCESS"),
    ("【豪霆云】尊敬的#name#，您的订单#order#已发货，请注意查收。", "SUCCESS"),
    ("【Demo】Your verification code is #code#.", "SUCCESS"),
    ("【豪霆云】#name#您好，您预约的#service#将于#time#开始，回T退订", "SUCCESS"),
    ("【Demo】Hi #name#, your appointment is on #date#. Reply TD to opt out.", "SUCCESS"),
    ("【豪霆云】亲爱的会员，#month#月优惠活动已开启，详情见#url#，回T退订", "CHECKING"),
    ("您的验证码是#code#", "FAIL"),
    ("【豪霆云】代开发票，详询#tel#", "FAIL"),
)
DEMO_CHECKING_REVIEW_SECONDS = 3600

DEMO_MOBILES = tuple(
    f"13800{n:06d}"
    for n in (
        138000,
        138001,
        138002,
        138123,
        139555,
        150777,
        151234,
        152052,
        158888,
        166001,
        170345,
        171717,
        177321,
        180001,
        181818,
        186222,
        188000,
        189001,
        191234,
        199876,
    )
)

_NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "Jacky", "Mia", "赵磊")
_SERVICES = ("体检", "洗牙", "维修", "面试")
_REPLIES = ("收到，谢谢！", "好的", "已收到", "几点开始？", "退订", "TD", "T", "R", "谢谢", "请问怎么取消？")


def _render(content: str, rng: random.Random) -> str:
    values = {
        "code": f"{rng.randrange(10**5, 10**6)}",
        "name": rng.choice(_NAMES),
        "order": f"SO{rng.randrange(10**7, 10**8)}",
        "service": rng.choice(_SERVICES),
        "time": f"{rng.randrange(8, 20)}:{rng.choice(('00', '30'))}",
        "date": f"2024-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}",
    }
    out = content
    for name in rules.template_variables(content):
        out = out.replace(f"#{name}#", values.get(name, "1"), 1)
    return out


def populate(state: SandboxState, now: float) -> None:
    """Fill a fresh state with the demo account's history, ending at ``now``."""
    rng = random.Random(DEMO_SEED)
    with state.lock:
        state.account["balance"] = DEMO_BALANCE
        for i, (content, status) in enumerate(DEMO_TEMPLATES):
            created = now - (30 - i) * 86400
            if status == "CHECKING":
                state.add_template(content, now - 600, review_delay=DEMO_CHECKING_REVIEW_SECONDS + 600)
            else:
                verdict, reason = state.review(content)
                assert verdict == status, (content, verdict)
                state.add_template(content, created, status=status, reason=reason, review_delay=0)

        usable = [c for c, s in DEMO_TEMPLATES if s == "SUCCESS"]
        # A week of sends, 25-45 a day, between 08:00 and 21:00 of each day (roughly).
        times = []
        for day in range(7, 0, -1):
            for _ in range(rng.randrange(25, 46)):
                times.append(now - day * 86400 + rng.uniform(0, 13 * 3600))
        times += [now - rng.uniform(60, 7200) for _ in range(12)]  # the last two hours
        times.sort()
        recent = now - 7200
        for ts in times:
            mobile = rng.choice(DEMO_MOBILES)
            text = _render(rng.choice(usable), rng)
            n_parts = rules.parts(text)
            record = Record(state.new_sid(), mobile, ts, text, n_parts, str(Decimal("0.05") * n_parts))
            state.add_record(record)
            if rng.random() < 0.05:
                code, detail = rng.choice(CARRIER_FAILURES)
                status = "FAIL"
            else:
                code, detail, status = "", "", "SUCCESS"
            state.deliver_report(record, status, code, detail, ts + rng.uniform(2, 40), queue=ts >= recent)
        # Three sends of the last minute whose reports are still on their way.
        for k in range(3):
            ts = now - 50 + k * 15
            text = _render(usable[0], rng)
            record = Record(state.new_sid(), DEMO_MOBILES[k], ts, text, 1, "0.05")
            state.add_record(record)
            state.pending_reports.append((now + 20 + 30 * k, record.sid, "SUCCESS", "", ""))
        state.pending_reports.sort()

        # Replies over the week (a third of them opt-outs); the last half day's wait in pull_reply.
        for _ in range(24):
            ts = now - rng.uniform(300, 7 * 86400)
            state.add_reply(rng.choice(DEMO_MOBILES), rng.choice(_REPLIES), ts, queue=False)
        for text in ("收到，谢谢！", "退订", "TD", "好的"):
            state.add_reply(rng.choice(DEMO_MOBILES), text, now - rng.uniform(120, 43200), queue=True)
        state.reply_queue = type(state.reply_queue)(sorted(state.reply_queue, key=lambda item: item[0]))
