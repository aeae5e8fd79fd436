"""Server time of the residents' hottest requests in a large round.

Seeds a round with 10,000 needs, 2,000 participants and their support, then times the
needs list, search and a vote inside the server (the WSGI call, no network), on SQLite
or on PostgreSQL. The last line printed is JSON.

    .venv/bin/python bench/http.py
    .venv/bin/python bench/http.py --database-url postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

# Run as a script: put the repository first on the path instead of bench/, whose
# http.py would otherwise shadow the standard library's http package.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench._seed import fresh_database, make_app, migrate, seed_round  # noqa: E402

QUERIES = ["vårdcentralen", "bussen", "hemtjänst", "sjuksköterska", "apoteket", "ambulansen",
           "digitala besök", "Ramsele", "färdtjänst", "psykisk hälsa"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def timed(call, repeat: int) -> list[float]:
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        response = call(i)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code >= 400:
            raise SystemExit(f"request failed: {response.status_code} {response.request.path}")
    return samples


def participant_client(app, round_id: int, participant_id: int):
    client = app.test_client()
    with client.session_transaction() as session:
        session["participants"] = {str(round_id): participant_id}
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--participants", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    with fresh_database(args.database_url) as (url, instance):
        # CSRF is off so the loop times the server's work, not token round-trips.
        app = make_app(url, instance, WTF_CSRF_ENABLED=False)
        migrate(app)
        started = time.perf_counter()
        seeded = seed_round(app, needs=args.needs, participants=args.participants,
                            votes_each=5)
        seed_seconds = time.perf_counter() - started
        code, round_id = seeded["code"], seeded["round_id"]
        rng = random.Random(7)
        reader = participant_client(app, round_id, seeded["participant_ids"][0])
        pages = max(1, args.needs // 20)

        def list_page(i):
            sort = ("support", "newest", "random")[i % 3]
            return reader.get(f"/r/{code}/needs?sort={sort}&page={rng.randint(1, pages)}")

        def search(i):
            return reader.get(f"/r/{code}/needs", query_string={"q": QUERIES[i % len(QUERIES)]})

        voters = [participant_client(app, round_id, pid)
                  for pid in seeded["participant_ids"][1:args.repeat + 11]]

        def vote(i):
            need_id = rng.choice(seeded["need_ids"])
            return voters[i].post(f"/r/{code}/needs/{need_id}/support",
                                  headers={"Accept": "application/json"})

        for warm in (list_page, search, vote):
            timed(warm, 10)
        results = {"list": timed(list_page, args.repeat), "search": timed(search, args.repeat),
                   "vote": timed(lambda i: vote(i + 10), args.repeat)}

    dialect = "postgresql" if args.database_url and "postgres" in args.database_url else "sqlite"
    print(f"database: {dialect}; seeded in {seed_seconds:.1f} s; {args.repeat} requests each")
    for name, samples in results.items():
        print(f"  {name:7} median {statistics.median(samples):6.1f} ms   "
              f"p95 {percentile(samples, 95):6.1f} ms   max {max(samples):6.1f} ms")
    print(json.dumps({
        "database": dialect,
        "needs": args.needs,
        "participants": args.participants,
        **{f"{name}_median_ms": round(statistics.median(s), 2) for name, s in results.items()},
        **{f"{name}_p95_ms": round(percentile(s, 95), 2) for name, s in results.items()},
    }))


if __name__ == "__main__":
    main()
