"""What each provider error code means, in Chinese and English (plain data, no Qt).

``ERROR_TEXTS[code]`` is a (zh, en) pair: what happened, then what the operator can do about it;
``NOT_ENABLED_TEXT`` is -2 from an advanced feature; ``UNKNOWN_CODE_TEXT`` a code not in the table.
The words follow the API document's error table (see ../shared/api/NOTES.md for the plain meaning
of its scrambled cells). ``gui.api.errors`` re-exports all three.
"""

from __future__ import annotations

# code -> (zh, en): what happened, then what the operator can do about it.
ERROR_TEXTS: dict[int, tuple[str, str]] = {
    0: ("成功。", "OK."),
    1: (
        "缺少必填参数。请检查号码、内容等必填项是否都已填写。",
        "A required parameter is missing. Check that numbers, text and the other required fields are filled in.",
    ),
    2: (
        "参数格式错误（例如号码格式不对或时间格式不对）。请检查号码和输入内容后重试。",
        "A parameter has the wrong format (for example a malformed number or time). Check the numbers "
        "and input, then try again.",
    ),
    3: ("账户余额不足。请先充值，再重新发送。", "The account balance is too low. Top up the account, then send again."),
    4: (
        "短信内容包含屏蔽词。请用“屏蔽词”页检查内容，删除或改写被屏蔽的词。",
        "The text contains a blocked word. Check the text on the Blocked words tab and remove or "
        "rephrase the blocked word.",
    ),
    5: (
        "没有匹配的已审核模板。短信内容必须与一个审核通过的模板一致；请检查内容或先添加模板并等待审核。",
        "No approved template matches this text. The text must match an approved template; check the "
        "text, or add a template and wait for approval.",
    ),
    6: (
        "添加模板失败。请检查模板内容（必须以【签名】开头）后重试。",
        "Adding the template failed. Check the template (it must start with a 【signature】) and try again.",
    ),
    7: (
        "模板不可用（正在审核或未通过审核）。请等待审核完成，或修改被驳回的模板。",
        "The template cannot be used (it is in review or was rejected). Wait for the review, or edit "
        "the rejected template.",
    ),
    8: (
        "同一号码、同一内容 30 秒内只能发送一次。请稍后再发。",
        "The same text was sent to this number less than 30 seconds ago. Wait a moment before sending again.",
    ),
    9: (
        "同一号码、同一内容 5 分钟内最多发送 3 次。请 5 分钟后再试。",
        "The same text was sent to this number 3 times within 5 minutes. Wait 5 minutes before sending again.",
    ),
    10: (
        "该号码在黑名单中，无法发送。请从名单中移除该号码。",
        "The number is on the blacklist and cannot receive messages. Remove it from your list.",
    ),
    11: (
        "接口不支持 GET 请求。这是程序问题，请联系开发者。",
        "The API does not accept GET requests. This is a program fault; contact the developer.",
    ),
    12: (
        "接口不支持 POST 请求。请检查服务器地址是否正确。",
        "The API does not accept POST requests here. Check that the server address is correct.",
    ),
    13: (
        "营销短信暂停发送。请稍后再试或联系服务商。",
        "Marketing messages are paused. Try later or contact the provider.",
    ),
    14: (
        "解码失败。请检查内容中是否有特殊字符后重试。",
        "The provider could not decode the request. Check the text for unusual characters and try again.",
    ),
    15: (
        "签名与账户登记的签名不一致。请使用已报备的签名。",
        "The signature does not match the one registered for the account. Use the registered signature.",
    ),
    16: (
        "签名格式错误（例如包含多个【】）。短信只能有一个【签名】并放在开头。",
        "The signature has the wrong format (for example several 【】). A text carries exactly one "
        "【signature】, at its start.",
    ),
    17: ("该号码今天的发送次数已达上限。请明天再发。", "This number has reached its daily limit. Send again tomorrow."),
    18: (
        "签名校验失败。请检查签名后重试，或联系服务商。",
        "The signature check failed. Check the signature, or contact the provider.",
    ),
    19: (
        "请求已过期。请检查电脑时间是否正确后重试。",
        "The request expired. Check that the computer's clock is correct and try again.",
    ),
    20: (
        "不支持该国家或地区的号码。请联系服务商开通。",
        "Numbers of this country or region are not supported. Ask the provider to enable it.",
    ),
    21: (
        "解密失败。请检查 API 密钥设置，或联系服务商。",
        "Decryption failed. Check the API key settings, or contact the provider.",
    ),
    22: (
        "该号码一小时内的发送次数已达上限。请一小时后再发。",
        "This number has reached its hourly limit. Send again in an hour.",
    ),
    23: (
        "号码不在模板允许的地区内。请检查号码或模板的适用地区。",
        "The number is outside the regions the template allows. Check the number or the template's regions.",
    ),
    24: ("添加余额提醒设置失败。请稍后重试。", "Saving the balance alarm setting failed. Try again later."),
    25: (
        "号码个数与短信内容条数不一致。请确保每个号码对应一条内容。",
        "The number of phone numbers differs from the number of texts. Give exactly one text per number.",
    ),
    26: ("流量包错误。请联系服务商。", "Traffic package error. Contact the provider."),
    27: ("未开通金额计费。请联系服务商。", "Billing by amount is not enabled for this account. Contact the provider."),
    28: ("不支持该运营商。请联系服务商。", "This carrier is not supported. Contact the provider."),
    -1: (
        "API 密钥无效。请在账户设置中检查并重新输入 API 密钥。",
        "The API key is not valid. Check the profile settings and enter the API key again.",
    ),
    -2: (
        "该账户没有调用此接口的权限。请联系服务商开通。",
        "This account may not use this API. Ask the provider to enable it.",
    ),
    -3: (
        "本机 IP 不在账户的 IP 白名单中。请在服务商后台把本机 IP 加入白名单。",
        "This computer's IP address is not on the account's IP whitelist. Add it in the provider's console.",
    ),
    -4: (
        "接口调用次数超过限额。请稍后再试或联系服务商提高限额。",
        "The call quota is used up. Try later, or ask the provider to raise the quota.",
    ),
    -5: ("调用过于频繁。请放慢速度，稍后再试。", "Calls are too frequent. Slow down and try again shortly."),
    -50: (
        "服务商未知错误。请稍后重试；如果是发送，请先查发送记录再决定是否重发。",
        "Unknown error at the provider. Try again later; for a send, check the records before sending again.",
    ),
    -51: ("服务商系统繁忙。请稍后重试。", "The provider's system is busy. Try again later."),
    -53: (
        "提交短信失败。请稍后重试；重发前请先查发送记录。",
        "Submitting the message failed. Try again later; check the records before sending again.",
    ),
    -54: ("记录已存在。", "The record already exists."),
    -55: (
        "记录不存在（例如模板 ID 不存在）。请刷新后重试。",
        "The record does not exist (for example an unknown template id). Refresh and try again.",
    ),
    -57: (
        "账户启用了固定签名但尚未设置签名。请在服务商后台设置签名。",
        "The account uses a fixed signature but none is set. Set the signature in the provider's console.",
    ),
}

NOT_ENABLED_TEXT = (
    "此功能（{feature}）未对该账户开放。这是服务商默认关闭的高级功能，请联系服务商申请开通。",
    "This feature ({feature}) is not enabled for this account. The provider keeps it off by "
    "default; ask the provider to enable it.",
)

UNKNOWN_CODE_TEXT = (
    "服务商返回了未知错误码 {code}。请把错误信息提供给服务商。",
    "The provider answered with an unknown error code {code}. Pass the message on to the provider.",
)
