"""Journeys built in the browser by service designers, without code.

A journey is data (``schema.py``), checked (``integrity.py``), stored as a
draft and immutable versions (``models.py``, ``store.py``) and served to
residents as a module like any other.
"""

from . import models as models
