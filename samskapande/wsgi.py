"""The WSGI entry point for production servers:

    gunicorn --worker-class gevent --workers 1 --bind 127.0.0.1:5000 samskapande.wsgi:app

One gevent worker per gunicorn instance: every WebSocket of the instance is a greenlet of
that worker (samskapande/core/concurrency.py), and a second worker would not share its
sockets. Run more instances (behind a proxy with sticky sessions, or WebSocket-only
clients) and set SOCKETIO_MESSAGE_QUEUE to share events between them.
"""

from samskapande import create_app
from samskapande.core.concurrency import is_green, settle_server

app = create_app()
if is_green():
    settle_server()
