"""The Replies tab: ``tab.RepliesTab`` (searching and pulling replies, opt-outs into the
suppression list) and ``team.TeamRepliesMixin`` (in team mode: the team archive's newest
replies when another console stored some)."""

from gui.views.replies.tab import RepliesTab

__all__ = ["RepliesTab"]
