"""Overrides pyinstaller-hooks-contrib's hook-phonenumbers (which collects every submodule):
the same, minus the geocoder and its 40 MB of place names, which the console never shows.
Parsing, validation, formatting and carrier names stay. build.spec also excludes
phonenumbers.geocoder, so a view that starts to import it fails the frozen smoke test."""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules(
    "phonenumbers",
    filter=lambda name: not (name.startswith("phonenumbers.geodata") or name == "phonenumbers.geocoder"),
)
