"""Score the agencies and responsibilities components alone on the sample plans (a development aid).

    .venv/bin/python scripts/dev_score_agencies.py [--show]

Runs ``emkg_agencies`` and ``emkg_responsibilities`` on each sample with the gold's jurisdiction, level
and year as metadata, and matches the results with the rules of ``../shared/eval/score.py``.
Documents are read with ``kg.ingest.read_document`` (normalised text, structure, issuer); a
responsibility's "measure text" is the structure's item or paragraph holding its evidence. ``--show``
lists misses and false hits. The full build is scored by ``score.py`` itself (README, "Quality").
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import spacy

from kg.ingest import read_document
from kg.nlp.agencies.layout import task_units

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["score"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    score = _scorer()
    import kg.nlp.components.agencies
    import kg.nlp.components.responsibilities  # noqa: F401

    nlp = spacy.blank("zh")
    nlp.add_pipe("emkg_agencies")
    nlp.add_pipe("emkg_responsibilities")
    totals = {"agencies": score.Tally(), "responsibilities": score.Tally()}
    elapsed = 0.0
    for gold_path in sorted((SHARED / "eval" / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        plan = gold.get("plan") or {}
        document = read_document(SHARED / "seeds" / gold["doc"])
        text = document.text
        doc = nlp.make_doc(text)
        # the gold's own plan metadata, so that a metadata error does not hide an extraction error
        doc._.meta = replace(document.meta, jurisdiction=plan.get("jurisdiction"), level=plan.get("level"),
                             year=plan.get("year"))
        doc._.structure = document.root
        started = time.perf_counter()
        for _, component in nlp.pipeline:
            doc = component(doc)
        elapsed += time.perf_counter() - started
        jur = plan.get("jurisdiction")
        preds = [{agency.name, *agency.alt_labels} for agency in doc._.agencies.values()]
        golds = [score.expand_names(names, jur) for names in gold["agencies"]]
        def match(p, g, jur=jur):
            return bool(score.expand_names(p, jur) & g)

        tally = score.set_overlap(preds, golds, match)
        totals["agencies"].add(tally)
        units = task_units(text, doc._.structure)
        rpreds = []
        for r in doc._.responsibilities:
            unit = next(((s, e) for s, e in units if s <= r.evidence.start and r.evidence.end <= e), None)
            mtext = text[unit[0]:unit[1]] if unit else ""
            agency = doc._.agencies[r.agency]
            rpreds.append((score.norm(mtext), {agency.name, *agency.alt_labels}, r.role, r))
        rpreds = list({(p[0], frozenset(p[1]), p[2]): p for p in rpreds}.values())
        rgolds = [(score.norm(x["cue"]), score.expand_names(x["agency"], jur), x["role"])
                  for x in gold["responsibilities"]]
        def rmatch(p, g, jur=jur):
            return g[0] in p[0] and p[2] == g[2] and bool(score.expand_names(p[1], jur) & g[1])

        rtally = score.one_to_one(rpreds, rgolds, rmatch)
        totals["responsibilities"].add(rtally)
        print(f"{gold['doc'][:20]:22} agencies {tally.row()}  responsibilities {rtally.row()}")
        if args.show:
            for p in preds:
                if not any(match(p, g) for g in golds):
                    print("   FALSE agency", sorted(p))
            for names, g in zip(gold["agencies"], golds, strict=True):
                if not any(match(p, g) for p in preds):
                    print("   MISSED agency", names)
            used = set()
            for p in rpreds:
                hit = next((i for i, g in enumerate(rgolds) if i not in used and rmatch(p, g)), None)
                if hit is None:
                    r = p[3]
                    print(f"   FALSE resp {r.role} {r.agency} @ {r.evidence.text[:40]!r}")
                else:
                    used.add(hit)
            for i, g in enumerate(gold["responsibilities"]):
                if i not in used:
                    print(f"   MISSED resp {g['role']} {g['agency']} cue {g['cue']!r}")
    for name, tally in totals.items():
        print(f"TOTAL {name:17} {tally.row()}")
    print(f"components took {elapsed:.3f} s on the samples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
