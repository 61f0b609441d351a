"""Submitting an idea: the question-page journey, similar ideas, confirmation (helper A)."""

from __future__ import annotations

from flask import render_template


def start():
    return render_template("ideas/start.html")
