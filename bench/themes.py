"""How well the theme engine finds known topics, and how fast it is.

Reads TSV, CSV or JSONL, clusters the text column with the app's own engine without
looking at the labels, and scores the result against the label column with the
adjusted Rand index (ARI) and normalised mutual information (NMI). The last line
printed is JSON.

    .venv/bin/python bench/themes.py \\
        --data ../shared/data/swedish-topics/argumentation-sentences_test.tsv \\
        --text-column sentence --label-column topic --k 6
    ... --scale 10000        # also time 10,000 texts (the data repeated and varied)
    ... --method kmeans      # the baseline it was compared with
    ... --truncate 12        # only the first 12 words of each text: short needs
    ... --split dev          # only the rows whose `split` column says dev
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sys
import time
from pathlib import Path

# Run as a script: put the repository first on the path instead of bench/, whose
# http.py would otherwise shadow the standard library's http package.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score  # noqa: E402

from samskapande.themes import engine  # noqa: E402


def read_rows(path: Path) -> list[dict]:
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    delimiter = "\t" if path.suffix in {".tsv", ".tab"} else ","
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def kmeans_baseline(texts: list[str], k: int | None) -> list[int]:
    """Stemmed word TF-IDF + k-means: the plain method the engine was compared with."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    stemmed = [" ".join(engine.swedish.stems(t)) for t in texts]
    matrix = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform(stemmed)
    return list(KMeans(k or 6, n_init=10, random_state=0).fit_predict(matrix))


def cluster(texts: list[str], k: int | None, method: str) -> tuple[list[int], int]:
    if method == "kmeans":
        labels = kmeans_baseline(texts, k)
        return labels, len(set(labels))
    themes = engine.suggest(texts, k)
    return engine.labels_of(themes, len(texts)), len(themes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--text-column", required=True)
    parser.add_argument("--label-column", required=True)
    parser.add_argument("--k", type=int, help="number of themes (default: chosen by the engine)")
    parser.add_argument("--scale", type=int, help="also time this many texts")
    parser.add_argument("--method", choices=["nmf", "kmeans"], default="nmf")
    parser.add_argument("--truncate", type=int, metavar="N",
                        help="keep only the first N words of each text (short needs)")
    parser.add_argument("--split", help="keep only rows whose `split` column has this value")
    args = parser.parse_args()

    rows = read_rows(args.data)
    if args.split:
        rows = [r for r in rows if r.get("split") == args.split]
    texts = [r[args.text_column] for r in rows]
    if args.truncate:
        texts = [" ".join(t.split()[:args.truncate]) for t in texts]
    truth = [r[args.label_column] for r in rows]

    started = time.perf_counter()
    labels, k = cluster(texts, args.k, args.method)
    seconds = time.perf_counter() - started
    result = {
        "items": len(texts),
        "k": k,
        "method": args.method,
        "truncate": args.truncate,
        "ari": round(adjusted_rand_score(truth, labels), 4),
        "nmi": round(normalized_mutual_info_score(truth, labels), 4),
        "seconds": round(seconds, 3),
    }
    if args.scale:
        rng = random.Random(1)
        big = [f"{rng.choice(texts)} {rng.choice(texts).split(' ')[0]} #{i}"
               for i in range(args.scale)]
        started = time.perf_counter()
        _, scale_k = cluster(big, args.k, args.method)
        result.update(scale_items=args.scale, scale_k=scale_k,
                      scale_seconds=round(time.perf_counter() - started, 3))
    # The peak memory of this process (Linux reports kilobytes).
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
