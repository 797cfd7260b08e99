"""Errors of the API layer (plain Python, no Qt).

CONTRACT (the client issue fills in the explanations for every code of NOTES.md):

- ``ApiError(code, msg, detail, http_status, endpoint)``: the provider answered with a
  non-zero ``code``. ``explain("zh")`` / ``explain("en")`` give a plain-language
  sentence and what the operator can do. -2 from an advanced feature (uid, extend,
  callback_url, pull_status, pull_reply) reads "not enabled for this account".
- ``TransportError``: no usable answer arrived (timeout, connection refused or reset).
- ``UnreadableResponse``: an answer arrived but is not the JSON we expect (an HTML 502
  page, an empty body, JSON of the wrong shape).
- ``SendInDoubt``: raised by the three send endpoints instead of the two above: the
  request may have been processed; never retry it blindly, settle it with get_record.
- ``LimitError``: refused before the request left (too many numbers, text too long,
  signature rules, counts that do not match).

No exception here may carry the apikey in its message, args or repr.
"""
from __future__ import annotations


class SmsApiException(Exception):
    """Base of every error raised by gui.api."""
