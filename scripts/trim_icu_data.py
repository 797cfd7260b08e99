"""Rebuild Qt's ICU data library (libicudata.so.NN, ~31 MB) with only what the console needs.

    python scripts/trim_icu_data.py SOURCE.so OUTPUT.so [--list]

PySide6's wheels ship ICU with the data of every locale, converter, transliterator and
word-break dictionary compiled into one shared library whose only content is the symbol
``icudtNN_dat``: an ICU "common data" package (a table of contents, then the items). Qt
reads a small part of it (collation for QCollator, e.g. QFileDialog's natural sort, time
zone names, converters for QStringDecoder); the rest is display names, rules and
dictionaries of ~800 locales. This keeps the items of the root locale, English and Chinese
(so Chinese still sorts by pinyin), the structural tables every lookup needs, and the
converters for GB18030, GBK, Big5 and Windows-1252; ICU falls back to the parent and then
the root locale for anything left out, as it does for a locale it never had (a Japanese
collator sorts by code point order of the root collation, not by Japanese rules).

The new package is assembled into a shared library with the same SONAME and symbol, with
binutils only (``as`` and ``ld``, which the build already needs for ``strip``). Linux only:
build.spec calls it there and keeps the original library when binutils are missing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

# Locales kept in every tree (top level, coll/, zone/, curr/, lang/, region/, unit/, rbnf/, brkitr/).
KEPT_LANGUAGES = ("en", "zh")
# Converters beyond the algorithmic ones compiled into libicuuc (UTF-*, ISO-8859-1, US-ASCII).
KEPT_CONVERTERS = (
    "gb18030",
    "windows-936-2000",  # GBK: an extension of the ibm-1386 table
    "ibm-1386_P100-2001",
    "windows-950-2000",  # Big5: an extension of the ibm-1373 table
    "ibm-1373_P100-2002",
    "ibm-5348_P100-1997",  # windows-1252
)
# Whole trees the console (and Qt for it) never reads: transliteration rules and the
# dictionaries for word breaking in Chinese/Japanese, Thai, Lao, Khmer and Burmese text
# (Qt breaks text with its own tables, not ICU's break iterators).
DROPPED_TREES = ("translit",)
DROPPED_SUFFIXES = (".dict",)
LOCALE_ID = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*$")
NOT_LOCALES = {"res_index"}
ALIGNMENT = 16  # ICU wants every item 16-byte aligned


def _elf_symbol(blob: bytes) -> tuple[str, int, int]:
    """(name, file offset, size) of the one ``icudtNN_dat`` symbol in a 64-bit little-endian ELF."""
    if blob[:4] != b"\x7fELF" or blob[4] != 2 or blob[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    e_phoff, e_shoff = struct.unpack_from("<QQ", blob, 0x20)
    e_phentsize, e_phnum, e_shentsize, e_shnum = struct.unpack_from("<HHHH", blob, 0x36)
    sections = [struct.unpack_from("<IIQQQQIIQQ", blob, e_shoff + i * e_shentsize) for i in range(e_shnum)]
    dynsym = next(s for s in sections if s[1] == 11)  # SHT_DYNSYM
    strtab = sections[dynsym[6]]
    for offset in range(dynsym[4], dynsym[4] + dynsym[5], 24):
        st_name, _info, _other, _shndx, st_value, st_size = struct.unpack_from("<IBBHQQ", blob, offset)
        start = strtab[4] + st_name
        name = blob[start : blob.index(b"\0", start)].decode()
        if re.fullmatch(r"icudt\d+_dat", name):
            for i in range(e_phnum):
                p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from(
                    "<IIQQQQ", blob, e_phoff + i * e_phentsize
                )
                if p_type == 1 and p_vaddr <= st_value < p_vaddr + p_filesz:  # PT_LOAD
                    return name, st_value - p_vaddr + p_offset, st_size
    raise ValueError("no icudtNN_dat symbol")


def read_package(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The package's header and its (name, item) pairs, in table-of-contents order."""
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD":  # magic, then UDataInfo.dataFormat
        raise ValueError("not an ICU common data package")
    count = struct.unpack_from("<I", data, header_size)[0]
    entries = [struct.unpack_from("<II", data, header_size + 4 + 8 * i) for i in range(count)]
    toc_length = len(data) - header_size
    items = []
    for i, (name_offset, data_offset) in enumerate(entries):
        start = header_size + name_offset
        name = data[start : data.index(b"\0", start)].decode("ascii")
        end = entries[i + 1][1] if i + 1 < count else toc_length
        items.append((name, data[header_size + data_offset : header_size + end]))
    return data[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """A package with the same header and layout as ICU's pkgdata writes (names sorted as given)."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    names_start = 4 + 8 * len(items)
    data_start = -(-(names_start + len(names)) // ALIGNMENT) * ALIGNMENT
    toc = bytearray(struct.pack("<I", len(items)))
    body = bytearray()
    name_offset = names_start
    for name, item in items:
        toc += struct.pack("<II", name_offset, data_start + len(body))
        name_offset += len(name) + 1
        body += item + b"\0" * (-len(item) % ALIGNMENT)
    toc += names + b"\0" * (data_start - names_start - len(names))
    return header + bytes(toc) + bytes(body)


def _keep_locale(stem: str) -> bool:
    return stem == "root" or any(stem == lang or stem.startswith(lang + "_") for lang in KEPT_LANGUAGES)


def keep(name: str) -> bool:
    """Whether an item (``icudt73l/coll/zh.res``) stays in the package."""
    parts = name.split("/")[1:]
    file_name = parts[-1]
    stem, _, suffix = file_name.rpartition(".")
    if parts[0] in DROPPED_TREES or file_name.endswith(DROPPED_SUFFIXES):
        return False
    if suffix == "cnv":
        return stem in KEPT_CONVERTERS
    if suffix == "res" and LOCALE_ID.match(stem) and stem not in NOT_LOCALES:
        return _keep_locale(stem)
    return True  # pool.res, res_index.res, the supplemental tables, .icu/.nrm/.spp/.brk files


def trim(source: Path, output: Path) -> tuple[int, int]:
    """Write the trimmed library to ``output``; returns (old, new) data sizes in bytes."""
    blob = source.read_bytes()
    symbol, offset, size = _elf_symbol(blob)
    header, items = read_package(blob[offset : offset + size])
    package = write_package(header, [(name, item) for name, item in items if keep(name)])
    soname = source.name
    with tempfile.TemporaryDirectory(prefix="icu-trim-") as work:
        folder = Path(work)
        (folder / "icudata.dat").write_bytes(package)
        (folder / "icudata.s").write_text(
            f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign {ALIGNMENT}\n"
            f'{symbol}:\n\t.incbin "icudata.dat"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        subprocess.run(["as", "-o", "icudata.o", "icudata.s"], cwd=folder, check=True)
        subprocess.run(
            ["ld", "-shared", "-soname", soname, "--hash-style=gnu", "-z", "noexecstack", "-o", soname, "icudata.o"],
            cwd=folder,
            check=True,
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / soname, output)
    return size, len(package)


def binutils_available() -> bool:
    return sys.platform.startswith("linux") and all(shutil.which(tool) for tool in ("as", "ld"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("output", type=Path, nargs="?")
    parser.add_argument("--list", action="store_true", help="print the items left out, with their sizes")
    args = parser.parse_args(argv)
    if args.list:
        blob = args.source.read_bytes()
        _symbol, offset, size = _elf_symbol(blob)
        _header, items = read_package(blob[offset : offset + size])
        for name, item in items:
            if not keep(name):
                print(f"{len(item):>9} {name}")
    if args.output:
        old, new = trim(args.source, args.output)
        print(f"ICU data: {old / 2**20:.1f} MB -> {new / 2**20:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
