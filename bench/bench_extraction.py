"""Pages per second of eventwire.ingest.article_from_html (and of trafilatura alone, for scale).

    python bench/bench_extraction.py [PATH]   PATH: the extraction eval folder (default ../shared/eval/extraction);
                                              without it, generated pages are used.
"""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

from eventwire.ingest import article_from_html

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "extraction"


def _pages(path: Path) -> list[bytes]:
    files = sorted((path / "html").glob("*.htm*")) if (path / "html").is_dir() else []
    if files:
        return [gzip.decompress(f.read_bytes()) if f.suffix == ".gz" else f.read_bytes() for f in files]
    para = ("<p>Hundreds of fighters crossed the border on Tuesday to support government forces, "
            "security sources said, in a move that marks an escalation of the conflict.</p>")
    nav = "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(60))
    return [(f"<html><head><title>Headline {i}</title></head><body><ul>{nav}</ul><article><h1>Headline {i}"
             f"</h1>{para * 12}</article><footer>Copyright</footer></body></html>").encode() for i in range(80)]


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    pages = _pages(path)
    source = str(path) if (path / "html").is_dir() else "generated pages"
    article_from_html(pages[0])  # warm-up: imports, language model
    t0 = time.perf_counter()
    for p in pages:
        article_from_html(p)
    ours = time.perf_counter() - t0
    import trafilatura

    t0 = time.perf_counter()
    for p in pages:
        trafilatura.extract(p)
    base = time.perf_counter() - t0
    mb = sum(map(len, pages)) / 1e6
    print(f"{len(pages)} pages ({mb:.1f} MB) from {source}")
    print(f"article_from_html  {len(pages) / ours:7.1f} pages/s  ({ours:.2f} s)")
    print(f"trafilatura alone  {len(pages) / base:7.1f} pages/s  ({base:.2f} s)")


if __name__ == "__main__":
    main()
