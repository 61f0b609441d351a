"""Flask extensions shared by the platform and every module (created once, bound per app)."""

from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
