"""The `samskapande` command: init, demo, serve, and Flask's own commands (db, run...)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext


def _create_app():
    from samskapande import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False,
             load_dotenv=False)
def main():
    """Samskapande: dialogue rounds between residents, officials and politicians."""


@main.command()
@with_appcontext
def init():
    """Create or upgrade the database schema through the migrations."""
    from flask_migrate import upgrade

    upgrade()
    click.echo("Database is up to date.")


@main.command()
@with_appcontext
def demo():
    """Load the demo: two model areas and four rounds (running it again changes nothing)."""
    from samskapande.core.transaction import unit_of_work
    from samskapande.demo import DemoRefused, demo_accounts, load_demo

    try:
        with unit_of_work():
            round_ = load_demo(production=current_app.config["PRODUCTION"])
            code = round_.code
    except DemoRefused as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Demo loaded: round {code} (and NASAKER25, closed; RAMSELE26, politicians "
               "responding; OSTRANORRBOTTEN in Östra Norrbotten). Staff log in with password "
               "'demo':")
    for email, role, area in demo_accounts():
        click.echo(f"  {email:<46} {role:<12} {area}")


@main.command()
@click.pass_context
def serve(ctx):
    """Serve the app with real-time support on HOST:PORT (default 127.0.0.1:5000).

    It serves under gevent (samskapande/core/concurrency.py): the command starts itself
    again with gevent's patches applied before the app is imported.
    """
    from samskapande.core.concurrency import exec_green, is_green, settle_server

    if not is_green():
        exec_green(sys.argv[1:])  # does not return
    from flask.cli import ScriptInfo

    from samskapande.extensions import socketio

    app = ctx.ensure_object(ScriptInfo).load_app()
    settle_server()
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    click.echo(f"Samskapande is served at http://{host}:{port}/")
    # Flask refuses app.run() inside its own CLI; this command is meant to serve.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    with app.app_context():
        socketio.run(app, host=host, port=port, debug=False, use_reloader=False,
                     log_output=False)


def _database_url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@with_appcontext
def backup(path: Path, force: bool):
    """Copy the SQLite database to PATH while the server keeps running (checked copy)."""
    from samskapande.ops import backup as backups

    live = backups.sqlite_path(_database_url())
    if live is None:
        click.echo(backups.postgres_instructions(_database_url(), str(path)))
        return
    try:
        size = backups.backup(live, path, force=force)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {path} ({size} bytes); integrity check: ok.")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore(path: Path):
    """Replace the SQLite database with the backup at PATH. Stop the server first."""
    from samskapande.extensions import db
    from samskapande.ops import backup as backups

    live = backups.sqlite_path(_database_url())
    if live is None:
        click.echo(backups.postgres_instructions(_database_url(), str(path), restoring=True))
        return
    db.engine.dispose()  # this command's own connections must not hold the database
    try:
        kept = backups.restore(path, live)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {live} from {path}; integrity check: ok.")
    if kept is not None:
        click.echo(f"The database as it was before is kept at {kept}.")
    click.echo("Run `samskapande init` if the backup is from an older version, then start "
               "the server.")


@main.command()
@click.option("--dry-run", is_flag=True, help="Show what would be deleted, delete nothing.")
@with_appcontext
def purge(dry_run: bool):
    """Apply the rounds' retention settings (safe to run daily from cron)."""
    from samskapande.core.transaction import unit_of_work
    from samskapande.privacy.retention import COUNT_NAMES, purge_sign_in_attempts
    from samskapande.privacy.retention import purge as apply_retention

    with unit_of_work(rehearsal=dry_run):
        outcomes = [o for o in apply_retention() if o.anything]
        attempts = purge_sign_in_attempts(dry_run=dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    if not outcomes and not attempts:
        click.echo("Nothing to purge.")
    if attempts:
        click.echo(f"{verb} sign-in attempts older than a day: {attempts}")
    for outcome in outcomes:
        counts = ", ".join(f"{name.replace('_', ' ')}: {outcome.counts[name]}"
                           for name in COUNT_NAMES if outcome.counts[name])
        click.echo(f"{verb} in round {outcome.round_code}: {counts}")


@main.command()
@click.option("--dry-run", is_flag=True, help="List what would be sent; send and record nothing.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Remind as on this day (YYYY-MM-DD), e.g. to test or catch up.")
@with_appcontext
def remind(dry_run: bool, today):
    """Mail the reminders about commitments that are due (run it daily from cron)."""
    from samskapande.core.transaction import unit_of_work
    from samskapande.notifications.mail import mail_configured
    from samskapande.notifications.reminders import remind as send_reminders
    from samskapande.responses.services import local_today

    day = today.date() if today else local_today()
    sending = not dry_run and mail_configured()
    with unit_of_work(rehearsal=not sending):
        reminders = send_reminders(day, send=sending)
    if not dry_run and not sending:
        click.echo("MAIL_SERVER is not set: no reminder is sent.")
        return
    verb = "Would remind" if dry_run else "Reminded"
    if not reminders:
        click.echo(f"No reminders on {day.isoformat()}.")
    for reminder in reminders:
        commitment = reminder.commitment
        to = ", ".join(user.email for user in reminder.recipients) or "nobody (mail turned off)"
        click.echo(f"{verb} ({reminder.reason}) about commitment {commitment.id} "
                   f"\"{commitment.text[:60]}\": {to}")


@main.command("send-mail")
@with_appcontext
def send_mail():
    """Send the notification mails still waiting in the outbox (run it from cron)."""
    from samskapande.notifications.mail import mail_configured, send_pending

    if not mail_configured():
        click.echo("MAIL_SERVER is not set: no mail is sent.")
        return
    sent, failed = send_pending()  # each mail is a unit of work of its own (see mail.py)
    click.echo(f"Sent {sent} mail(s); {failed} could not be sent and will be tried again.")
