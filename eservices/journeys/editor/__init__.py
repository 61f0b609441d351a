"""The journey editor: designers build, translate, check and publish journeys in the browser.

Server-rendered, post-redirect-get, usable with the keyboard and without
JavaScript; handlers live in this package's files and ``blueprint.py`` maps them.
"""
