"""Languages as configuration: which a site offers, how each is written and formatted.

``configured`` parses ``LANGUAGES`` (codes, own names, formatting locales),
``coverage`` measures catalogues, ``site`` decides what is offered, ``current``
says which language is being written, ``catalogues`` reads a language's
catalogue by its code with Swedish in its gaps, and ``marks`` shows that
Swedish as Swedish (``lang="sv"``).  ``eservices.i18n`` wires them into the app.

Nothing is imported here: ``eservices.config`` reads ``configured`` while the
rest needs the settings, so each part is imported by its own name.
"""
