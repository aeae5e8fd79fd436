"""Socket.IO: who may connect, room names, and publishing events after commit."""
