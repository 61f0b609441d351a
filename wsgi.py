"""WSGI entry point: ``gunicorn wsgi:app``."""

from eservices import create_app

app = create_app()
