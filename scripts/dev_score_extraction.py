"""Score extraction on the sample plans without a store: read, extract, compare with the gold files.

    .venv/bin/python scripts/dev_score_extraction.py [--docs DIR] [--gold DIR] [--misses]

Uses the same matching rules as ``kg evaluate`` (kg.evaluate) on the plans straight from kg.nlp.extract.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kg.evaluate import evaluate_plans
from kg.ingest import read_document
from kg.nlp import extract
from kg.nlp.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=ROOT / "data" / "samples")
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "gold")
    parser.add_argument("--misses", action="store_true", help="list misses and false hits")
    args = parser.parse_args(argv)

    load_pipeline()
    documents = [read_document(path) for path in sorted(args.docs.glob("*.txt"))]
    started = time.perf_counter()
    plans = [extract(document) for document in documents]
    seconds = time.perf_counter() - started
    report = evaluate_plans(plans, args.gold)
    print(report.render(misses=args.misses))
    characters = sum(len(document.text) for document in documents)
    print(f"\nextracted {len(plans)} documents ({characters} characters) in {seconds:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
