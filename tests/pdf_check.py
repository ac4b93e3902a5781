"""Look at a PDF as a reader would: its text (pdftotext, poppler-utils), its fonts (pdffonts) and a
page as a picture (pdftoppm). Used by the PDF tests of every app."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from conftest import need_or_skip


def _tool(name: str) -> str:
    path = shutil.which(name)
    need_or_skip(path is not None, f"{name} (poppler-utils) is not installed")
    return path


def text(pdf: bytes) -> str:
    """The text in content order (-raw: marks stay with their letters in shaped Thai)."""
    out = subprocess.run(
        [_tool("pdftotext"), "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


def fonts(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts' table: name, type, emb (yes/no) for each font the PDF uses."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run([_tool("pdffonts"), f.name], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object ID: emb is the 5th field from the end
        rows.append({"name": parts[0], "emb": parts[-5]})
    return rows


def page_png(pdf: bytes, page: int = 1, dpi: int = 100, save_as: Path | None = None):
    """One page rendered by poppler, as a greyscale Pillow image (saved too when asked)."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        cmd = [_tool("pdftoppm"), "-f", str(page), "-l", str(page), "-r", str(dpi), "-png", "-gray"]
        subprocess.run([*cmd, "-singlefile", str(src), str(Path(tmp) / "page")], check=True)
        out = (Path(tmp) / "page.png").read_bytes()
    if save_as is not None:
        save_as.write_bytes(out)
    return Image.open(io.BytesIO(out)).convert("L")


def ink_box(image, threshold: int = 128) -> tuple[int, int, int, int] | None:
    """Bounding box (left, top, right, bottom) of the dark pixels."""
    return image.point(lambda v: 255 if v < threshold else 0).getbbox()
