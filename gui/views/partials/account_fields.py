"""The user/get fields as the Account tab names them (shared with the audit view, which names
the fields a user/set changed in the same words)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def account_field_labels() -> dict[str, str]:
    """API field name -> its label in the UI language (the Account tab's words)."""
    translate = QCoreApplication.translate
    return {
        "nick": translate("AccountTab", "Name (nick)"),
        "gmt_created": translate("AccountTab", "Created"),
        "mobile": translate("AccountTab", "Mobile"),
        "email": translate("AccountTab", "Email"),
        "ip_whitelist": translate("AccountTab", "IP whitelist"),
        "api_version": translate("AccountTab", "API version"),
        "balance": translate("AccountTab", "Balance"),
        "alarm_balance": translate("AccountTab", "Balance alarm below"),
        "emergency_contact": translate("AccountTab", "Emergency contact"),
        "emergency_mobile": translate("AccountTab", "Emergency mobile"),
    }
