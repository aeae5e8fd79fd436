"""The WSGI entry point for production servers, e.g.

    gunicorn --workers 1 --threads 100 --bind 127.0.0.1:5000 samskapande.wsgi:app

One process per gunicorn instance: Flask-SocketIO's threading mode keeps each
WebSocket in a thread of that process. Run more instances (behind a proxy with sticky
sessions) and set SOCKETIO_MESSAGE_QUEUE to share events between them.
"""

from samskapande import create_app

app = create_app()
