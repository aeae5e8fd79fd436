"""Shared by the benchmarks: a throw-away database, migrated, with a large round in it."""

from __future__ import annotations

import os
import random
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, insert, make_url, text

from samskapande import create_app, demo_content
from samskapande.core import swedish
from samskapande.extensions import db

PLACES = ["Näsåker", "Ramsele", "Junsele", "Resele", "Sollefteå", "Helgum", "Graninge"]
OPENERS = ["Jag behöver", "Vi behöver", "Det behövs", "Min mamma behöver", "Vi i byn vill ha",
           "Som pensionär behöver jag", "Våra barn behöver"]


@contextmanager
def fresh_database(database_url: str | None):
    """Yield the URL of an empty database that is removed afterwards."""
    if not database_url or database_url.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}", Path(tmp)
        return
    server = make_url(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"samskapande_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            yield server.set(database=name).render_as_string(hide_password=False), Path(tmp)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_app(url: str, instance: Path, **overrides):
    config = {"ENV": "testing", "SECRET_KEY": "bench", "INSTANCE_PATH": str(instance),
              "SQLALCHEMY_DATABASE_URI": url}
    config.update(overrides)
    return create_app(config)


def migrate(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


def need_texts(count: int, rng: random.Random) -> list[str]:
    """Varied Swedish needs made from the demo's sentences, places and openers."""
    sentences = [s.strip() for need in demo_content.NEEDS
                 for s in need["text"].replace("!", ".").replace("?", ".").split(".")
                 if len(s.strip()) > 20]
    texts = []
    for i in range(count):
        first, second = rng.sample(sentences, 2)
        texts.append(f"{rng.choice(OPENERS)} hjälp i {rng.choice(PLACES)}. {first}. "
                     f"{second}. (#{i})")
    return texts


def seed_round(app, *, needs: int, participants: int, votes_each: int, code: str = "BENCH",
               voting_mode: str = "support", seed: int = 1) -> dict:
    """A round in the collect phase with voting open, needs, participants and their votes."""
    from samskapande.areas.models import ModelArea
    from samskapande.needs.models import Need
    from samskapande.rounds.models import Participant, Round
    from samskapande.voting.models import Vote

    rng = random.Random(seed)
    with app.app_context():
        area = ModelArea(name="Benchmark", slug=f"bench-{code.lower()}")
        db.session.add(area)
        db.session.flush()
        round_ = Round(model_area_id=area.id, code=code, title="Benchmark", phase="collect",
                       voting_open=True, voting_mode=voting_mode, dots_per_participant=votes_each,
                       max_dots_per_need=votes_each)
        db.session.add(round_)
        db.session.flush()
        round_id = round_.id
        db.session.execute(insert(Participant), [
            {"round_id": round_id, "resume_code": f"B{code[:3]}{i:05d}", "dots_used": 0}
            for i in range(participants)
        ])
        participant_ids = list(db.session.scalars(
            db.select(Participant.id).where(Participant.round_id == round_id)))
        texts = need_texts(needs, rng)
        db.session.execute(insert(Need), [
            {"round_id": round_id, "participant_id": participant_ids[i % participants],
             "text": t, "status": "visible", "search_terms": swedish.search_terms(t)}
            for i, t in enumerate(texts)
        ])
        need_ids = list(db.session.scalars(db.select(Need.id).where(Need.round_id == round_id)))
        votes = []
        for pid in participant_ids:
            for nid in rng.sample(need_ids, votes_each):
                votes.append({"round_id": round_id, "need_id": nid, "participant_id": pid,
                              "dots": 1})
        db.session.execute(insert(Vote), votes)
        db.session.execute(
            db.update(Participant).where(Participant.round_id == round_id)
            .values(dots_used=votes_each))
        db.session.commit()
        # Fresh statistics, as autovacuum would gather after a bulk load: without them
        # PostgreSQL plans the support join as a nested loop over 10,000 needs.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
        return {"round_id": round_id, "code": code, "participant_ids": participant_ids,
                "need_ids": need_ids}
