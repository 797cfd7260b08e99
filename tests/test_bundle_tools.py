"""The build helpers that slim the PyInstaller bundle (scripts/trim_icu_data.py,
scripts/share_openssl.py): what they keep, and that Qt still works with the trimmed ICU data."""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


trim_icu_data = load("trim_icu_data")
share_openssl = load("share_openssl")


def qt_icu_data() -> Path | None:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return found[0] if found else None


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("icudt73l/root.res", True),
        ("icudt73l/res_index.res", True),
        ("icudt73l/pool.res", True),
        ("icudt73l/supplementalData.res", True),
        ("icudt73l/zoneinfo64.res", True),
        ("icudt73l/cnvalias.icu", True),
        ("icudt73l/en_GB.res", True),
        ("icudt73l/zh_Hans_CN.res", True),
        ("icudt73l/coll/zh.res", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/zone/en.res", True),
        ("icudt73l/gb18030.cnv", True),
        ("icudt73l/windows-936-2000.cnv", True),
        ("icudt73l/brkitr/line.brk", True),
        ("icudt73l/ja.res", False),
        ("icudt73l/coll/ko.res", False),
        ("icudt73l/zone/de.res", False),
        ("icudt73l/curr/fr_CA.res", False),
        ("icudt73l/ebcdic-xml-us.cnv", False),
        ("icudt73l/translit/root.res", False),
        ("icudt73l/brkitr/cjdict.dict", False),
    ],
)
def test_icu_items_kept_are_root_english_chinese_and_the_shared_tables(name, kept):
    assert trim_icu_data.keep(name) is kept


def test_an_icu_package_survives_a_round_trip():
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + struct.pack("<HHBBBB", 20, 0, 0, 0, 2, 0) + b"CmnD" + bytes(16)
    items = [("icudt73l/a.res", b"x" * 5), ("icudt73l/b/c.res", b"y" * 40), ("icudt73l/d.icu", b"z")]
    package = trim_icu_data.write_package(header, items)
    read_header, read_items = trim_icu_data.read_package(package)
    assert read_header == header
    # items are padded to 16 bytes, as ICU's own packages are
    assert [(name, data.rstrip(b"\0")) for name, data in read_items] == items
    offsets = [struct.unpack_from("<II", package, len(header) + 4 + 8 * i)[1] for i in range(len(items))]
    assert all(offset % 16 == 0 for offset in offsets)


@pytest.mark.slow
@pytest.mark.skipif(
    not trim_icu_data.binutils_available() or qt_icu_data() is None, reason="Linux, binutils and PySide6's ICU"
)
def test_qt_sorts_chinese_and_decodes_gbk_with_the_trimmed_icu_data(tmp_path):
    source = qt_icu_data()
    output = tmp_path / source.name
    old, new = trim_icu_data.trim(source, output)
    assert new < old / 4
    blob = output.read_bytes()
    _symbol, offset, size = trim_icu_data._elf_symbol(blob)
    _header, items = trim_icu_data.read_package(blob[offset : offset + size])
    assert any(name.endswith("/coll/zh.res") for name, _ in items)
    probe = (
        "from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone\n"
        "c = QCollator(QLocale('zh_CN'))\n"
        "print(sorted(['张三', '李四', '阿'], key=c.sortKey))\n"
        "print([QStringDecoder(n).isValid() for n in ('GBK', 'GB18030', 'Big5', 'windows-1252')])\n"
        "tz = QTimeZone(b'Asia/Shanghai')\n"
        "print(tz.displayName(QTimeZone.StandardTime, QTimeZone.LongName, QLocale('zh_CN')))\n"
    )
    # LD_PRELOAD: a library with the same SONAME is the one the other ICU libraries then use
    env = dict(os.environ, LD_PRELOAD=str(output), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["['阿', '李四', '张三']", "[True, True, True, True]", "中国标准时间"]


def fake_binaries(tmp_path: Path) -> list[tuple[str, str, str]]:
    files = {}
    for name in ("libpq-1.so.5", "libssl-6a9b88ec.so.3", "libcrypto-3a0647ea.so.3", "libssl.so.3", "libcrypto.so.3"):
        files[name] = tmp_path / name
        files[name].write_bytes(b"\0" * 1000)
    return [
        ("psycopg_binary.libs/libpq-1.so.5", str(files["libpq-1.so.5"]), "BINARY"),
        ("psycopg_binary.libs/libssl-6a9b88ec.so.3", str(files["libssl-6a9b88ec.so.3"]), "BINARY"),
        ("psycopg_binary.libs/libcrypto-3a0647ea.so.3", str(files["libcrypto-3a0647ea.so.3"]), "BINARY"),
        ("libssl.so.3", str(files["libssl.so.3"]), "BINARY"),
        ("libcrypto.so.3", str(files["libcrypto.so.3"]), "BINARY"),
    ]


@pytest.mark.skipif(shutil.which("readelf") is None, reason="binutils")
def test_psycopg_openssl_becomes_links_when_the_bundle_defines_every_version_it_needs(tmp_path, monkeypatch):
    monkeypatch.setattr(share_openssl, "_versions_defined", lambda path: {"OPENSSL_3.0.0"})
    monkeypatch.setattr(share_openssl, "_versions_needed", lambda path, name: {"OPENSSL_3.0.0"})
    binaries, saved = share_openssl.share_openssl(fake_binaries(tmp_path))
    assert saved == 2000
    assert ("psycopg_binary.libs/libssl-6a9b88ec.so.3", "../libssl.so.3", "SYMLINK") in binaries
    assert ("psycopg_binary.libs/libcrypto-3a0647ea.so.3", "../libcrypto.so.3", "SYMLINK") in binaries
    assert len(binaries) == 5


@pytest.mark.skipif(shutil.which("readelf") is None, reason="binutils")
def test_psycopg_keeps_its_openssl_when_it_needs_newer_symbols(tmp_path, monkeypatch):
    monkeypatch.setattr(share_openssl, "_versions_defined", lambda path: {"OPENSSL_3.0.0"})
    monkeypatch.setattr(share_openssl, "_versions_needed", lambda path, name: {"OPENSSL_3.0.0", "OPENSSL_3.2.0"})
    original = fake_binaries(tmp_path)
    assert share_openssl.share_openssl(original) == (original, 0)
