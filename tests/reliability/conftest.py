"""Fixtures of the reliability tests, which drive the installed ``kg`` command in real subprocesses on real
stores on disk (no network). All are stateless helpers, so they are session-scoped.

- ``cli``: the ``kg`` command: ``cli.run(*args)`` runs it to the end, ``cli.start(*args)`` in the
  background, ``cli.finish(process)`` waits for one started so.
- ``plan_graphs(store_dir)``: each plan graph of a store as the set of its N-Quads lines, to tell exactly
  which state every plan is in.
- ``sample_cuts(chars)``: small plan documents cut from the samples at line ends, for batches of many
  documents that build (and validate) in seconds.
- ``bad_inputs(folder)``: writes one file of every bad input of issue 9, each with the problem ``kg build``
  must report for it. The generators are small and fast (sparse files, a deflate block repeated), so a
  400 MB Flate bomb costs a fraction of a second to make.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pdf_objects import flate_stream, write_pdf, zlib_bomb

KG = Path(sys.executable).with_name("kg")
SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
MB = 1024 * 1024


class Cli:
    """The installed ``kg`` command, run in subprocesses."""

    path = KG

    def run(self, *args: str | Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        """Run ``kg args...`` to the end; the caller checks ``returncode``, ``stdout`` and ``stderr``."""
        return subprocess.run([str(KG), *map(str, args)], capture_output=True, text=True, timeout=timeout)

    def start(self, *args: str | Path, **popen: object) -> subprocess.Popen[str]:
        """Start ``kg args...`` in the background, stdout and stderr piped unless ``popen`` says otherwise."""
        options: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
        return subprocess.Popen([str(KG), *map(str, args)], **(options | popen))

    def finish(self, process: subprocess.Popen[str],
               timeout: float = 180) -> subprocess.CompletedProcess[str]:
        """Wait for a process :meth:`start` started; its output as :meth:`run` gives it."""
        stdout, stderr = process.communicate(timeout=timeout)
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.fixture(scope="session")
def cli() -> Cli:
    return Cli()


def read_plan_graphs(store_dir: Path) -> dict[str, frozenset[bytes]]:
    """Plan graph IRI -> its quads as N-Quads lines, read from the store's export (opened read-only)."""
    from kg.rdf import iris
    from kg.store import Store

    graphs: dict[str, set[bytes]] = {}
    with Store(store_dir, read_only=True) as store:
        nquads = store.export("nquads")
    for line in nquads.splitlines():
        graph = line.rsplit(b" ", 2)[-2].strip(b"<>").decode()  # "<s> <p> o <g> ." (no blank nodes)
        if graph.startswith(iris.GRAPH_BASE):
            graphs.setdefault(graph, set()).add(line)
    return {graph: frozenset(lines) for graph, lines in graphs.items()}


@pytest.fixture(scope="session")
def plan_graphs() -> Callable[[Path], dict[str, frozenset[bytes]]]:
    return read_plan_graphs


def cut_samples(chars: int) -> list[str]:
    """The samples cut at line ends into documents of a little more than ``chars`` characters each."""
    documents: list[str] = []
    for sample in sorted(SAMPLES.glob("*.txt")):
        lines: list[str] = []
        for line in sample.read_text(encoding="utf-8").splitlines():
            lines.append(line)
            if sum(map(len, lines)) >= chars:
                documents.append("\n".join(lines) + "\n")
                lines = []
    return documents


@pytest.fixture(scope="session")
def sample_cuts() -> Callable[[int], list[str]]:
    return cut_samples


# --- bad inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BadInput:
    """A file ``kg build`` must not build: ``outcome`` is "failed" or "skipped"; ``problem`` (and ``hint``)
    are what its line in the summary says."""

    name: str
    problem: str
    hint: str = ""
    outcome: str = "failed"


def write_bad_inputs(folder: Path) -> list[BadInput]:
    """Write one file of each bad case of issue 9 into ``folder``; return what ``kg build`` must say."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "一、总体要求\n加强应急管理工作，完善应急预案体系。\n"
    generator = random.Random(9)
    files = {
        "empty.txt": b"",
        "blank.txt": " \r\n\t\u3000\n".encode(),
        "garbage.txt": bytes(generator.randrange(1, 256) for _ in range(8192)),
        "nul.txt": text.encode() + b"\x00" * 300,
        "undecodable.txt": text.encode("gbk") + b"\x80\xff\xfe\xff" * 8 + text.encode("gbk"),
        "no_article.html": ("<html><head><script>var t = '脚本里很长的一段文字';</script></head><body>"
                            "<nav><a href='/'>首页</a> <a href='/z'>政务公开</a></nav>"
                            "<iframe src='/frame'></iframe></body></html>").encode(),
        "corrupt.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R" + bytes(range(256)) * 4,
        "not_a_zip.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024),
        "table.xlsx": b"PK\x03\x04 not a plan",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with (folder / "huge.txt").open("wb") as huge:
        huge.truncate(50 * MB)  # sparse: 50 MB on paper, nothing on disk
    _encrypted_pdf(folder / "locked.pdf")
    _scanned_pdf(folder / "scan.pdf")
    _docx_bomb(folder / "bomb.docx", 128)
    _xxe_docx(folder / "xxe.docx")
    _flate_bomb_pdf(folder / "flate_bomb.pdf", 400)
    (folder / "cycle.txt").symlink_to("cycle.txt")  # a link to itself: the loop ends in ELOOP
    cases = [
        BadInput("empty.txt", "is empty (0 bytes)"),
        BadInput("blank.txt", "holds only whitespace"),
        BadInput("garbage.txt", "binary file"),
        BadInput("nul.txt", "NUL bytes"),
        BadInput("undecodable.txt", "could not decode as UTF-8/GB18030/Big5", "--encoding"),
        BadInput("huge.txt", "is 50 MB", "split it into one file per plan"),
        BadInput("no_article.html", "no article text found", "JavaScript"),
        BadInput("locked.pdf", "is encrypted with a password", "qpdf --decrypt"),
        BadInput("corrupt.pdf", "is not a readable PDF", "damaged"),
        BadInput("scan.pdf", "has no text layer", "run OCR first"),
        BadInput("flate_bomb.pdf", "like a decompression bomb"),
        BadInput("not_a_zip.docx", "is not a .docx (not a zip archive)", "save it as .docx"),
        BadInput("bomb.docx", "(a zip bomb?)"),
        BadInput("xxe.docx", "declares a DOCTYPE"),
        BadInput("table.xlsx", "unsupported format .xlsx", "copy its text into a .txt file", "skipped"),
        BadInput("cycle.txt", "broken link", outcome="skipped"),
    ]
    if os.geteuid() != 0:  # root reads whatever the permissions say: the case cannot be made
        secret = folder / "secret.txt"
        secret.write_text(text, encoding="utf-8")
        secret.chmod(0)
        cases.append(BadInput("secret.txt", "permission denied", outcome="skipped"))
    return cases


def _encrypted_pdf(path: Path) -> None:
    """A text PDF that needs a password to open (reportlab's own encryption)."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", ownerPassword="owner"))
    pdf.drawString(72, 720, "Emergency plan 2024: flood drills before June.")
    pdf.save()


def _scanned_pdf(path: Path) -> None:
    """Pages of drawing only, as a scanner without OCR leaves them: no text layer."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.grid([72 * x for x in range(1, 8)], [72 * y for y in range(1, 11)])
    pdf.circle(300, 400, 120, fill=1)
    pdf.save()


def _docx_bomb(path: Path, megabytes: int) -> None:
    """A .docx whose document.xml is ``megabytes`` of empty paragraphs squeezed a thousand times."""
    paragraphs = b"<w:p/>" * (MB // 6)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(megabytes):
                part.write(paragraphs)


def _xxe_docx(path: Path) -> None:
    """A .docx whose document.xml declares an external entity reading /etc/passwd."""
    document = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<!DOCTYPE w:document [<!ENTITY leak SYSTEM "file:///etc/passwd">]>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:body><w:p><w:r><w:t>&leak;</w:t></w:r></w:p></w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)


def _flate_bomb_pdf(path: Path, megabytes: int) -> None:
    """A valid one-page PDF whose content stream inflates to ``megabytes`` MB of spaces."""
    write_pdf(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                     flate_stream(zlib_bomb(megabytes))])


@pytest.fixture(scope="session")
def bad_inputs() -> Callable[[Path], list[BadInput]]:
    return write_bad_inputs
