"""The per-profile services of ``gui.context.AppContext``: built once per profile, on first use.

A mixin of AppContext (split out of gui/context.py to keep it short): the template catalog,
the pull loop, the background poll, the campaign journal's opener, and ``bound``, which ties a
client or store factory to the profile active when it was made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from gui.profiles import Profile
from gui.services.profile_bound import bind_to_profile

if TYPE_CHECKING:
    from gui.background_poll import BackgroundPoll
    from gui.connectivity import Connectivity
    from gui.context import AppContext
    from gui.context_watch import StoredWatch
    from gui.paths import AppPaths
    from gui.profile_storage import ProfileStorage
    from gui.services.pull import PullService
    from gui.services.templates import TemplateCatalog


class ProfileServices:
    """What AppContext builds per profile (see its docstring); ``self`` is the AppContext."""

    if TYPE_CHECKING:
        profile: Profile | None
        paths: AppPaths
        connectivity: Connectivity
        storage: ProfileStorage
        _services: dict[str, tuple[Profile, Any]]

        def client(self) -> Any: ...

        def store(self) -> Any: ...

    def bound(self, get: Callable[[], Any]) -> Callable[[], Any]:
        """``get`` (the client or the store) for the profile active now, refusing (ProfileChanged)
        once it is not: see gui.services.profile_bound."""
        if self.profile is None:
            raise RuntimeError("no active profile")
        return bind_to_profile(lambda: self.profile, self.profile, get)

    def _per_profile(self, kind: str, build: Callable[[Profile], Any]) -> Any:
        """The active profile's service of ``kind``, built by ``build(profile)`` on first use
        (without I/O); a switch of profile builds the next profile's anew."""
        profile = self.profile
        if profile is None:
            raise RuntimeError("no active profile")
        held = self._services.get(kind)
        if held is None or held[0] is not profile:
            held = self._services[kind] = (profile, build(profile))
        return held[1]

    def journal_opener(self) -> Callable[[], Any]:
        """The active profile's campaign journal factory (gui.profile_storage): the local file,
        or the team database's TeamJournal with this console's id. The campaign service opens
        it in its first worker and closes it."""
        profile = self.profile
        if profile is None:
            raise RuntimeError("no active profile")
        return self.storage.journal_opener(profile)

    def template_catalog(self) -> TemplateCatalog:
        """The active profile's TemplateCatalog (gui.services.templates): Compose and the
        Templates tab share its one tpl_get + tpl_get_default read (imported at first use: a
        start-up paints without it)."""
        from gui.services.templates import TemplateCatalog

        return self._per_profile("templates", lambda _p: TemplateCatalog(self.bound(lambda: self.client())))

    def pull_service(self) -> PullService:
        """The active profile's PullService (gui.services.pull), the only pull loop (imported here,
        at first use: a start-up paints without it).

        Its store and client are the profile's it was built for: after a switch they
        refuse, so a batch still on the wire is stored (or spilled) in its own profile.
        """
        from gui.services.pull import PullService

        return self._per_profile(
            "pull",
            lambda p: PullService(
                self.bound(lambda: self.client()), self.bound(lambda: self.store()), self.paths.profile_dir(p.name)
            ),
        )

    _background: BackgroundPoll | None = None  # see background_poll()

    def background_poll(self) -> BackgroundPoll:
        """The background poll and the push receiver (gui.background_poll.BackgroundPoll), built and
        started on first use (the main window's status bar, Settings); they follow the active profile."""
        if self._background is None:
            from gui.background_poll import BackgroundPoll

            self._background = BackgroundPoll(cast("AppContext", self))
            self._background.polled.connect(self.connectivity.polled)
        return self._background

    _watch: StoredWatch | None = None  # see stored_watch()

    def stored_watch(self) -> StoredWatch:
        """What other consoles of the team store (gui.context_watch.StoredWatch: the one listener
        of the active team profile's database), built on first use; it follows the active profile."""
        if self._watch is None:
            from gui.context_watch import StoredWatch

            self._watch = StoredWatch(cast("AppContext", self))
        return self._watch

    def _retire_pull_service(self) -> None:
        """Profile switch or quit: the old profile's loop pulls no more (its batch is still stored)."""
        held = self._services.pop("pull", None)
        if held is not None:
            held[1].stop()
