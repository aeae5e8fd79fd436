"""The `samskapande` command: init migrates, demo loads (and refuses production)."""

from click.testing import CliRunner
from sqlalchemy import create_engine, text

from samskapande.cli import main


def run(args, env):
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def test_init_then_demo_twice_on_a_fresh_database(tmp_path):
    env = {"SAMSKAPANDE_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "",
           "SAMSKAPANDE_ENV": "development", "SECRET_KEY": "x"}
    assert run(["init"], env).exit_code == 0
    assert run(["demo"], env).exit_code == 0
    result = run(["demo"], env)
    assert result.exit_code == 0 and "NASAKER" in result.output and "RAMSELE26" in result.output
    assert "politiker.haparanda@demo.samskapande.se" in result.output  # the accounts, listed
    engine = create_engine(f"sqlite:///{tmp_path / 'samskapande.db'}")
    with engine.connect() as connection:
        # today's round, last year's and Ramsele's in Sollefteå, and Östra Norrbotten's
        assert connection.execute(text("SELECT count(*) FROM round")).scalar() == 4
    engine.dispose()


def test_demo_refuses_production(tmp_path):
    env = {"SAMSKAPANDE_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "",
           "SAMSKAPANDE_ENV": "production", "SECRET_KEY": "a real secret"}
    assert run(["init"], env).exit_code == 0
    result = CliRunner().invoke(main, ["demo"], env=env)
    assert result.exit_code != 0
    assert "production" in result.output
