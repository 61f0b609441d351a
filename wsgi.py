"""WSGI entry point: ``gunicorn wsgi:app`` (and ``flask run``, which loads this module).

Serving processes start message delivery at once, so a restart after a crash
sends what the last process left without waiting for new traffic.
"""

from eservices import create_app
from notifications.background import start_if_serving

app = create_app()
start_if_serving(app)
