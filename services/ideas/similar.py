"""Existing ideas like the one being written, so the submitter can support one instead.

Similarity is over the title, the problem and the idea, in Swedish:

* **PostgreSQL**: full-text search with the ``swedish`` configuration (its
  stemmer and stop words).  The question is the new idea's words joined with
  OR - an idea sharing some of the distinctive words is "similar", it need not
  share all of them - ranked with ``ts_rank``; ``0001_ideas.py`` indexes the
  same expression with GIN, so the search does not read every idea.
* **Elsewhere (SQLite)**: the same idea by hand - words stemmed with the
  Snowball Swedish stemmer (``snowballstemmer``), stop words dropped, and
  TF-IDF vectors compared by cosine, above ``THRESHOLD``.  It reads the newest
  ``PORTABLE_CANDIDATES`` ideas, enough for a municipality's test systems.

Hidden ideas (reported, pending review) are never suggested.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import snowballstemmer
from sqlalchemy import Text, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import TSQUERY

from eservices import toolkit as tk

from .models import Idea

MAX_SHOWN = 5
THRESHOLD = 0.12
PG_THRESHOLD = 0.01
PORTABLE_CANDIDATES = 2000

# Snowball's Swedish stop word list (as PostgreSQL's 'swedish' configuration uses).
_STOP_WORD_TEXT = """
och det att i en jag hon som han på den med var sig för så till är men ett om hade de av
icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde
något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under
någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli
blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom mellan
sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert era
vilkas
"""
STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_stemmer = snowballstemmer.stemmer("swedish")


def terms(value: str) -> list[str]:
    """The stemmed words of ``value`` that carry meaning, in order."""
    words = [w for w in _WORD.findall(value.lower()) if w not in STOP_WORDS]
    return _stemmer.stemWords(words)


def idea_text(title: str, problem: str, proposal: str) -> str:
    return f"{title} {problem} {proposal}"


def _vector(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    return {term: (1 + math.log(n)) * idf.get(term, 0.0) for term, n in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(weight * b.get(term, 0.0) for term, weight in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def rank_portable(query: str, candidates: list[tuple[int, str]]) -> list[tuple[int, float]]:
    """(id, score) of the candidates like ``query``, best first, above ``THRESHOLD``."""
    wanted = Counter(terms(query))
    if not wanted:
        return []
    documents = [(idea_id, Counter(terms(body))) for idea_id, body in candidates]
    frequency: Counter[str] = Counter()
    for _, counts in documents:
        frequency.update(counts.keys())
    total = len(documents) + 1
    idf = {term: math.log((1 + total) / (1 + frequency[term] + 1)) + 1
           for term in set(frequency) | set(wanted)}
    asked = _vector(wanted, idf)
    scored = [(idea_id, _cosine(asked, _vector(counts, idf))) for idea_id, counts in documents]
    return sorted([s for s in scored if s[1] >= THRESHOLD], key=lambda s: -s[1])


def _postgres(query: str) -> list[int]:
    swedish = literal_column("'swedish'")
    space = literal_column("' '")
    vector = func.to_tsvector(swedish, Idea.title.op("||")(space).op("||")(Idea.problem)
                              .op("||")(space).op("||")(Idea.proposal))
    # plainto_tsquery makes 'a' & 'b' & 'c' of the words it keeps; similar means any of them.
    asked = cast(func.replace(cast(func.plainto_tsquery(swedish, query), Text), "&", "|"),
                 TSQUERY)
    rank = func.ts_rank(vector, asked)
    rows = tk.db.session.execute(
        select(Idea.id).where(Idea.hidden_at.is_(None), vector.op("@@")(asked),
                              rank >= PG_THRESHOLD)
        .order_by(rank.desc(), Idea.id.desc()).limit(MAX_SHOWN))
    return [row.id for row in rows]


def _portable(query: str) -> list[int]:
    rows = tk.db.session.execute(
        select(Idea.id, Idea.title, Idea.problem, Idea.proposal)
        .where(Idea.hidden_at.is_(None)).order_by(Idea.id.desc())
        .limit(PORTABLE_CANDIDATES)).all()
    candidates = [(row.id, idea_text(row.title, row.problem, row.proposal)) for row in rows]
    return [idea_id for idea_id, _score in rank_portable(query, candidates)[:MAX_SHOWN]]


def similar_ideas(title: str, problem: str, proposal: str) -> list[Idea]:
    """Up to ``MAX_SHOWN`` existing, not hidden ideas like this one, most alike first."""
    query = idea_text(title, problem, proposal)
    dialect = tk.db.session.get_bind().dialect.name
    ids = _postgres(query) if dialect == "postgresql" else _portable(query)
    if not ids:
        return []
    found = {idea.id: idea for idea in tk.db.session.scalars(
        select(Idea).where(Idea.id.in_(ids)))}
    return [found[i] for i in ids if i in found]
