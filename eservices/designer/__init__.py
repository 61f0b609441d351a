"""Designer tools in the platform: module lifecycle, page feedback, prototype passwords.

A module's manifest declares the stage it ships in; designers move it on from
the back office (idea → prototype → pilot → live → retired), and the catalogue,
banners, feedback widget and password protection follow the stage.

The app factory wires them in through ``hooks.init_app``.  This file imports
nothing: the journeys' store reaches ``lifecycle`` without loading the
designer's pages (which list built journeys, and so import the store).
"""
