"""The schema exists only through migrations, and they agree with the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from samskapande.extensions import db


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], (
        "The models differ from the migrations; run `samskapande db migrate -m '...'`"
    )


def test_migrations_go_down_and_up_again(app):
    with app.app_context():
        downgrade(revision="base")
        with db.engine.connect() as connection:
            tables = set(db.inspect(connection).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()
        with db.engine.connect() as connection:
            assert "need" in db.inspect(connection).get_table_names()


def test_sqlite_runs_with_foreign_keys_and_wal(app):
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            return
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_written_answers_survive_the_question_answers_migration(app, demo):
    """Down: the latest answer goes back into `message.answer_text`; up again: it is the
    question's one answer, by the same official, and a question marked answered stays so."""
    from datetime import UTC, datetime

    from sqlalchemy import text

    from samskapande.live.models import QuestionAnswer
    from tests.live.helpers import OFFICIAL, POLITICIAN, demo_meeting, new_participant, staff

    with app.test_request_context():
        from samskapande.live import services

        meeting = demo_meeting()
        question = services.post_message(meeting, participant=new_participant(
            meeting.round_id), kind="question", text="Blir det buss?")
        services.answer_question(question, staff(OFFICIAL), "Utreds.")
        services.answer_question(question, staff(POLITICIAN), "Ja, från mars.")
        db.session.commit()
        question_id, official_id = question.id, staff(OFFICIAL).id
        db.session.rollback()  # no open transaction may hold the tables the migration alters
        downgrade(revision="ca1c0ffee151")
        with db.engine.begin() as connection:
            assert connection.execute(text("SELECT answer_text FROM message WHERE id = :id"),
                                      {"id": question_id}).scalar() == "Ja, från mars."
            connection.execute(text("UPDATE message SET answered_at = :at WHERE id = :id"),
                               {"id": question_id, "at": datetime(2026, 12, 1, tzinfo=UTC)})
        upgrade()
        db.session.expire_all()
        answers = db.session.scalars(db.select(QuestionAnswer)).all()
        assert [(a.message_id, a.user_id, a.text) for a in answers] == [
            (question_id, official_id, "Ja, från mars.")]  # answered_by: the first to answer
        assert answers[0].created_at == datetime(2026, 12, 1, tzinfo=UTC)
