"""The services: every use case that touches the provider, the store or money, written once.

Plain Python, no Qt, fully typed (mypy strict). A view never calls the API client, the
store, the journal or the campaign engine itself: it calls a service method through the
task runner (``ctx.run``) and shows the result that comes back by signal.

- ``spend_gate``: the one door money leaves by — plan → confirmation → send.
- ``profile_settings``: one settings object per profile (one price per part).
- ``send``: quick sends from Compose (plan, send, settle in doubt).
- ``campaigns``: import, dry run, create, start / pause / resume / cancel, settle, retry, test send.
- ``pull``: the only pull loop for status reports and replies, with the consent.
- ``account``: one cached account and balance; user/set validated before it leaves.

Dependencies (client factory, store, clock, settings) are passed in; nothing here reads
globals, so each service is tested with the sandbox over real HTTP and no widgets.
"""
