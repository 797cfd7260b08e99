"""SMS Console: a desktop admin console for Haotingyun (Yunpian v2 compatible) SMS accounts."""

__version__ = "0.1.0"
APP_NAME = "sms-console"
APP_DISPLAY_NAME = "SMS Console"
ORG_NAME = "SmsConsole"
