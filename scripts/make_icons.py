"""Draw the application icon and save it in every platform's format.

    python scripts/make_icons.py

Writes resources/icons/app.png (Linux, window icon), app.ico (Windows executable,
several sizes) and app.icns (macOS .app) — drawn with Qt, so no image tool is needed.
A format whose Qt image plugin is missing (icns) is skipped with a note; build.spec
copes with a missing icon.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QImageWriter,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256.0

    # Rounded tile with a blue gradient.
    tile = QRectF(8 * s, 8 * s, 240 * s, 240 * s)
    gradient = QLinearGradient(tile.topLeft(), tile.bottomRight())
    gradient.setColorAt(0.0, QColor("#2f80ed"))
    gradient.setColorAt(1.0, QColor("#1b4f9c"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(gradient))
    p.drawRoundedRect(tile, 52 * s, 52 * s)

    # White speech bubble with a tail.
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(44 * s, 60 * s, 168 * s, 112 * s), 36 * s, 36 * s)
    tail = QPainterPath()
    tail.moveTo(QPointF(84 * s, 160 * s))
    tail.lineTo(QPointF(70 * s, 204 * s))
    tail.lineTo(QPointF(124 * s, 166 * s))
    tail.closeSubpath()
    p.setBrush(QColor("white"))
    p.drawPath(bubble.united(tail))

    # Three dots: a message being typed.
    p.setBrush(QColor("#2f80ed"))
    for x in (88, 128, 168):
        p.drawEllipse(QPointF(x * s, 116 * s), 14 * s, 14 * s)

    # A thin outline keeps the tile visible on light backgrounds.
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor(0, 0, 0, 40), max(1.0, 2 * s)))
    p.drawRoundedRect(tile, 52 * s, 52 * s)
    p.end()
    return image


ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def write_ico(target: Path) -> None:
    """A multi-size .ico with PNG entries (Windows Vista and later), each size drawn
    at its own resolution so small icons stay crisp. Qt's own ICO writer stores only
    one size."""
    images = [png_bytes(draw(size)) for size in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    directory = b""
    for size, data in zip(ICO_SIZES, images, strict=False):
        edge = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        directory += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    target.write_bytes(header + directory + b"".join(images))


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - needed for painting
    ICONS.mkdir(parents=True, exist_ok=True)
    supported = {bytes(f).decode() for f in QImageWriter.supportedImageFormats()}
    image = draw(256)
    write_ico(ICONS / "app.ico")
    print(f"wrote {ICONS / 'app.ico'} ({(ICONS / 'app.ico').stat().st_size} bytes)")
    for name, fmt in (("app.png", "png"), ("app.icns", "icns")):
        target = ICONS / name
        if fmt not in supported:
            print(f"skipped {target}: no Qt image plugin for {fmt}")
            continue
        if not image.save(str(target), fmt.upper()):
            print(f"failed to write {target}")
            return 1
        print(f"wrote {target} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
