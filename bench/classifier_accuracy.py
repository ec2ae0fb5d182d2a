"""How well the complaint classifier does on real Traffy Fondue reports it was not trained on.

    .venv/bin/python bench/classifier_accuracy.py ../shared/data/traffy/teamchadchart_sample_1000.csv

Rows whose `type` names at least one of Thongthin's Traffy-based categories are used; the
label is the first type listed (Traffy's type is multi-label). Each split holds out 20 % of the
rows by a hash of the ticket id (salted differently per split), trains the same pipeline the
module uses (TF-IDF character 1–3-grams + logistic regression) on the rest and scores the
held-out rows:

- top-1: the prediction equals the first listed type;
- any-label: the prediction is one of the row's types (what a router needs);
- auto-routed: share of held-out rows at or above the confidence threshold, and their any-label
  accuracy (below it a person picks the category);
- baseline: always predicting the most common training label.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongthin.config.settings")
django.setup()

from thongthin.modules.complaints import classifier  # noqa: E402
from thongthin.modules.complaints.categories import BY_TRAFFY_TYPE  # noqa: E402
from thongthin.modules.complaints.traffy import parse_types  # noqa: E402

SPLITS = 5


def load(path: Path) -> list[tuple[str, str, list[str]]]:
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            types = [BY_TRAFFY_TYPE[t].code for t in parse_types(row["type"]) if t in BY_TRAFFY_TYPE]
            text = (row.get("comment") or "").strip()
            if types and text:
                rows.append((row["ticket_id"], text, types))
    return rows


def held_out(ticket: str, salt: int) -> bool:
    digest = hashlib.sha256(f"{salt}:{ticket}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < 0.2


def main(path: Path) -> None:
    rows = load(path)
    threshold = classifier.threshold()
    results = []
    for salt in range(SPLITS):
        train = [r for r in rows if not held_out(r[0], salt)]
        test = [r for r in rows if held_out(r[0], salt)]
        started = time.perf_counter()
        model = classifier.fit([classifier.Example(t, labels[0], ticket) for ticket, t, labels in train])
        fit_seconds = time.perf_counter() - started
        probabilities = model.predict_proba([t for _, t, _ in test])
        predicted = [model.classes_[p.argmax()] for p in probabilities]
        confident = [p.max() >= threshold for p in probabilities]
        majority = Counter(labels[0] for _, _, labels in train).most_common(1)[0][0]
        auto = [i for i, c in enumerate(confident) if c]
        results.append(
            {
                "train": len(train),
                "test": len(test),
                "top1": sum(p == r[2][0] for p, r in zip(predicted, test, strict=True)) / len(test),
                "any_label": sum(p in r[2] for p, r in zip(predicted, test, strict=True)) / len(test),
                "baseline_top1": sum(r[2][0] == majority for r in test) / len(test),
                "auto_routed_share": len(auto) / len(test),
                "auto_routed_any_label": (
                    sum(predicted[i] in test[i][2] for i in auto) / len(auto) if auto else None
                ),
                "fit_seconds": round(fit_seconds, 2),
            }
        )
    summary = {
        "file": str(path),
        "usable_rows": len(rows),
        "categories": len({labels[0] for _, _, labels in rows}),
        "threshold": threshold,
        "splits": results,
        "mean": {
            key: round(statistics.mean(r[key] for r in results if r[key] is not None), 3)
            for key in ("top1", "any_label", "baseline_top1", "auto_routed_share",
                        "auto_routed_any_label")
        },  # fmt: skip
    }
    print(json.dumps(summary, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
