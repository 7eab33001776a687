"""Build hostile documents cheaply at test time, and run the CLI measuring time and peak memory."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from figures.cli import main; main()"]
GOOD_TEXT = b"In 1961 the Soviet Union gave Pakistan a loan of US$30 million for oil exploration.\n"

#: Safety bounds for any one hostile run (not speed targets).
MAX_SECONDS = 60.0
MAX_RSS_BYTES = 1_500 * 1024 * 1024


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss: int  # bytes; on Linux it includes the test process at fork time, so an upper bound


def run_cli(*args: str, timeout: float = 300.0) -> Run:
    """Run `figures ARGS` in a fresh process; return its output, wall time and peak RSS (wait4)."""
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"figures-run-{os.getpid()}-{threading.get_ident()}"
    with open(f"{out}.out", "w+b") as fo, open(f"{out}.err", "w+b") as fe:
        start = time.monotonic()
        proc = subprocess.Popen([*CLI, *args], stdout=fo, stderr=fe, stdin=subprocess.DEVNULL, cwd=ROOT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
        fo.seek(0)
        fe.seek(0)
        stdout, stderr = fo.read().decode("utf-8", "replace"), fe.read().decode("utf-8", "replace")
    for suffix in (".out", ".err"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    return Run(proc.returncode, stdout, stderr, seconds, usage.ru_maxrss * 1024)


def pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """Return a PDF whose objects 1..n are `objects`, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, *, flate: bool = False) -> bytes:
    if flate:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_PAGE_4_5 = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
)


def text_pdf(lines: list[str]) -> bytes:
    """Return a one-page PDF with `lines` of text in Helvetica (ASCII only)."""
    ops = b"BT /F1 11 Tf 50 780 Td 14 TL " + b" ".join(b"(%s) '" % s.encode("ascii") for s in lines) + b" ET"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _PAGE_4_5,
        _stream(ops),
        _FONT,
    ])  # fmt: skip


def many_pages_pdf(n: int) -> bytes:
    """Return a PDF of `n` distinct tiny pages, each with a few words (built by hand: fast)."""
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
        _stream(b"BT /F1 8 Tf 5 5 Td (Page with 5% of it.) Tj ET"),
        _FONT,
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 20] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
    )
    objects += [page] * n
    return pdf(objects)


def claimed_pages_pdf(count: int) -> bytes:
    """Return a one-page PDF whose page tree claims `count` pages."""
    good = text_pdf(["Aid of US$5 million."])
    return good.replace(b"/Count 1 ", b"/Count %d " % count)


def flate_bomb_pdf(inflated: int) -> bytes:
    """Return a PDF whose page content is one Flate stream that inflates to `inflated` bytes."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _PAGE_4_5,
        _stream(b" " * inflated, flate=True),
        _FONT,
    ])  # fmt: skip


def encrypted_pdf() -> bytes:
    """Return a PDF encrypted with a user password (RC4: no extra package needed)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(text_pdf(["Aid of US$5 million."]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def zip_bytes(inflated: int) -> bytes:
    """Return a zip archive holding one file of `inflated` zero bytes (a small zip bomb)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("inner.txt", b"0" * inflated)
    return buf.getvalue()


def nested_html(depth: int) -> bytes:
    """Return an HTML page with a script and `depth` nested <div>s."""
    return (
        b"<html><head><title>Deep</title><script>alert('x')</script></head><body><p>Aid of $5 million.</p>"
        + b"<div>" * depth + b"deep 20% share" + b"</div>" * depth + b"</body></html>"
    )  # fmt: skip
