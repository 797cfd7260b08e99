"""Let psycopg's libpq use the bundle's one OpenSSL instead of carrying a second copy.

psycopg-binary's Linux wheel ships its own OpenSSL (libssl-<hash>.so.3 and
libcrypto-<hash>.so.3, ~6.5 MB) next to libpq, while the bundle already has the system's
libssl.so.3 and libcrypto.so.3 for Python's ssl and hashlib modules. OpenSSL 3 keeps its
ABI across 3.x and versions every symbol, so libpq (and the libldap it links) can use the
bundle's copy when every symbol version they need from OpenSSL is one the bundle's copy
defines. build.spec then collects psycopg's two file names as symbolic links to the
bundle's libraries; the dynamic loader follows them and maps one OpenSSL.

When the check fails (a later psycopg-binary built against newer OpenSSL symbols, or no
readelf), the wheel's own copies stay: a bigger bundle, never a libpq that cannot load.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from functools import cache
from pathlib import Path

# (dest, src, typecode): PyInstaller's TOC entries
Entry = tuple[str, str, str]
OWN_OPENSSL = re.compile(r"^psycopg_binary\.libs/(libssl|libcrypto)-[0-9a-f]+\.so\.3$")
SHARED = {"libssl": "libssl.so.3", "libcrypto": "libcrypto.so.3"}


@cache
def _readelf(path: str) -> str:
    return subprocess.run(["readelf", "-V", "-W", path], capture_output=True, text=True, check=True).stdout


def _versions_defined(path: str) -> set[str]:
    section = _readelf(path).split("Version definition section", 1)[-1].split("Version needs section", 1)[0]
    return set(re.findall(r"Name: (\S+)", section))


def _versions_needed(path: str, file_name: str) -> set[str]:
    """Symbol versions ``path`` needs from ``file_name`` (empty if it does not link it)."""
    needs = _readelf(path).split("Version needs section", 1)[-1]
    found: set[str] = set()
    current = None
    for line in needs.splitlines():
        file_match = re.search(r"File: (\S+)", line)
        if file_match:
            current = file_match.group(1)
        elif current == file_name:
            name_match = re.search(r"Name: (\S+)", line)
            if name_match:
                found.add(name_match.group(1))
    return found


def _library(dest: str) -> str:
    """``libssl`` or ``libcrypto`` for one of psycopg's OpenSSL files."""
    return Path(dest).name.split("-", 1)[0]


def share_openssl(binaries: Iterable[Entry]) -> tuple[list[Entry], int]:
    """The binaries with psycopg's OpenSSL turned into links to the bundle's, and the bytes saved."""
    binaries = list(binaries)
    if not shutil.which("readelf"):
        return binaries, 0
    by_dest = {dest: src for dest, src, _kind in binaries}
    own = {dest: src for dest, src, _kind in binaries if OWN_OPENSSL.match(dest)}
    if not own or not all(name in by_dest for name in SHARED.values()):
        return binaries, 0
    for dest in own:
        provided = _versions_defined(by_dest[SHARED[_library(dest)]])
        file_name = Path(dest).name
        for user_dest, user_src, _kind in binaries:
            if user_dest in own:
                continue  # psycopg's libssl needing its libcrypto goes away with it
            if not _versions_needed(user_src, file_name) <= provided:
                return binaries, 0
    result: list[Entry] = []
    saved = 0
    for dest, src, kind in binaries:
        if dest in own:
            target = os.path.relpath(SHARED[_library(dest)], os.path.dirname(dest))
            result.append((dest, target, "SYMLINK"))
            saved += os.path.getsize(src)
        else:
            result.append((dest, src, kind))
    return result, saved
