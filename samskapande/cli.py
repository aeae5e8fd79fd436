"""The `samskapande` command: init, demo, serve, and Flask's own commands (db, run...)."""

from __future__ import annotations

import os

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
    """Load the Näsåker demo round (running it again changes nothing)."""
    from samskapande.demo import DemoRefused, load_demo

    try:
        round_ = load_demo(production=current_app.config["PRODUCTION"])
    except DemoRefused as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Demo loaded: round {round_.code}. Staff log in with password 'demo'.")


@main.command()
@with_appcontext
def serve():
    """Serve the app with real-time support on HOST:PORT (default 127.0.0.1:5000)."""
    from samskapande.extensions import socketio

    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    click.echo(f"Samskapande is served at http://{host}:{port}/")
    # Flask refuses app.run() inside its own CLI; this command is meant to serve.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    socketio.run(
        current_app, host=host, port=port, debug=False, use_reloader=False,
        allow_unsafe_werkzeug=True, log_output=False,
    )


@main.command("send-mail")
@with_appcontext
def send_mail():
    """Send the notification mails still waiting in the outbox (run it from cron)."""
    from samskapande.notifications.mail import mail_configured, send_pending

    if not mail_configured():
        click.echo("MAIL_SERVER is not set: no mail is sent.")
        return
    sent, failed = send_pending()
    click.echo(f"Sent {sent} mail(s); {failed} could not be sent and will be tried again.")
