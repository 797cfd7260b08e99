"""Shared fixtures of the campaign tests."""

from tests.campaign.fixtures import client, journal, server, tab  # noqa: F401 - pytest finds them here
