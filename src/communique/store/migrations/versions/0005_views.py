"""Readable views for people who browse the database (Datasette, a SQL shell), and full-text search that
Datasette detects.

The views are plain SELECTs over the tables, so they are always current and cost nothing to keep. Lists
(actors, languages, offices) are one text column each: ``group_concat`` on SQLite, ``string_agg`` on
PostgreSQL. On SQLite the list is aggregated from an ordered subquery rather than with
``group_concat(... ORDER BY ...)``, because a view's SQL is parsed by whatever SQLite opens the file, and
that syntax needs SQLite 3.44.

Datasette finds the full-text index of a table by looking for ``content="table"`` (double quotes) in the
virtual table's SQL; 0001 wrote ``content='articles'``, which SQLite accepts and Datasette does not see.
On SQLite this revision recreates ``articles_fts`` with the same columns and tokenizer, quoted the way
Datasette looks for, and rebuilds it from ``articles`` (the triggers of 0001 keep working: they name the
table, not its definition).

A later migration that batch-alters a table these views read (SQLite recreates and renames the table,
and the rename fails while a view names a missing table) should call ``drop_views()`` first and
``create_views()`` after.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_FTS = """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content={content}, content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2')"""


def _list(value: str, source: str, order: str, separator: str, *, distinct: bool = False) -> str:
    """A scalar subquery joining ``value`` over the rows of ``source`` (``FROM ... WHERE ...``), in
    ``order``; NULL when there are none. With ``distinct``, ``order`` must be ``value`` itself."""
    unique = "DISTINCT " if distinct else ""
    if op.get_bind().dialect.name == "postgresql":
        return f"(SELECT string_agg({unique}{value}, '{separator}' ORDER BY {order}) {source})"
    ordered = f"SELECT {unique}{value} AS v {source} ORDER BY {order}"
    return f"(SELECT group_concat(v, '{separator}') FROM ({ordered}))"


def _views() -> dict[str, str]:
    """Each view's name and SELECT, in creation order."""
    actors = _list(
        "coalesce(a.name, a.entity_id, '?') || ' (' || coalesce(a.country, '?') || ', ' || a.role || ')'",
        "FROM event_actors a WHERE a.event_id = e.id",
        "a.position",
        "; ",
    )
    countries = _list(
        "a.country",
        "FROM event_actors a WHERE a.event_id = e.id AND a.country IS NOT NULL",
        "a.country",
        ", ",
        distinct=True,
    )
    event_languages = _list(
        "m.language",
        "FROM event_mentions m WHERE m.event_id = e.id AND m.language IS NOT NULL",
        "m.language",
        ", ",
        distinct=True,
    )
    co_chairs = _list(
        "coalesce(a.name, a.entity_id, '?')",
        "FROM event_actors a WHERE a.event_id = e.id AND a.role IN ('co-chair', 'visitor', 'participant')",
        "a.position",
        "; ",
    )
    story_languages = _list(
        "a.language",
        "FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
        "WHERE sa.story_id = s.id AND a.language IS NOT NULL",
        "a.language",
        ", ",
        distinct=True,
    )
    story_outlets = _list(  # the agency of a dateline stands for an unnamed outlet
        "coalesce(a.outlet, a.dateline_agency)",
        "FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
        "WHERE sa.story_id = s.id AND coalesce(a.outlet, a.dateline_agency) IS NOT NULL",
        "coalesce(a.outlet, a.dateline_agency)",
        "; ",
        distinct=True,
    )
    offices = _list(
        "r.title || CASE WHEN r.country <> '' THEN ' (' || r.country || ')' ELSE '' END",
        "FROM entity_roles r WHERE r.entity_id = n.id",
        "r.first_seen, r.title",
        "; ",
    )
    aliases = _list(
        "al.alias",
        "FROM entity_aliases al WHERE al.entity_id = n.id AND al.alias <> n.name",
        "al.alias",
        "; ",
        distinct=True,
    )
    return {
        "article_list": """SELECT a.id, a.published, a.language, a.outlet, a.title,
                a.dateline_place, a.dateline_country, a.dateline_agency,
                coalesce(a.url, a.source) AS source, a.duplicate_of, a.translation_of,
                sa.story_id,
                (SELECT COUNT(DISTINCT m.event_id) FROM event_mentions m WHERE m.article_id = a.id)
                    AS n_events,
                length(a.text) AS characters
            FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id""",
        "event_list": f"""SELECT e.id, e.date, e.end_date, e.plover, e.cameo, e.mode, e.context,
                e.place, e.country, e.institution_name AS institution, e.session_number,
                e.n_articles, e.n_outlets, e.confidence,
                {actors} AS actors, {countries} AS actor_countries, {event_languages} AS languages,
                e.institution_id
            FROM events e""",
        "event_sources": """SELECT m.event_id, e.date AS event_date, e.plover, e.cameo,
                m.article_id, a.published, m.language, a.outlet, a.dateline_agency AS agency, a.title,
                m.sentence AS evidence, m.start AS sentence_start, m."end" AS sentence_end,
                coalesce(a.url, a.source) AS source
            FROM event_mentions m
            JOIN events e ON e.id = m.event_id
            JOIN articles a ON a.id = m.article_id""",
        "mechanism_sessions": f"""SELECT e.institution_id AS mechanism_id,
                coalesce(n.name, e.institution_name) AS mechanism, e.session_number,
                e.date, e.place, e.country, e.id AS event_id, {co_chairs} AS co_chairs
            FROM events e LEFT JOIN entities n ON n.id = e.institution_id
            WHERE e.session_number IS NOT NULL AND e.institution_id IS NOT NULL""",
        "story_list": f"""SELECT s.id, s.title, s.start, s."end", s.n_articles, s.n_outlets,
                (SELECT COUNT(DISTINCT m.event_id)
                    FROM story_articles sa JOIN event_mentions m ON m.article_id = sa.article_id
                    WHERE sa.story_id = s.id) AS n_events,
                {story_languages} AS languages, {story_outlets} AS outlets
            FROM stories s""",
        "entity_list": f"""SELECT n.id, n.name, n.type, n.country, n.n_articles, n.first_seen, n.last_seen,
                {offices} AS offices, {aliases} AS aliases
            FROM entities n""",
    }


#: The views this revision creates, for tests and for later migrations.
VIEWS = ("article_list", "event_list", "event_sources", "mechanism_sessions", "story_list", "entity_list")


def create_views() -> None:
    """Create every view (after the tables they read exist)."""
    for name, select in _views().items():
        op.execute(f"CREATE VIEW {name} AS {select}")


def drop_views() -> None:
    """Drop every view, if present."""
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")


def upgrade() -> None:
    create_views()
    # The API's country-pair filters ask "events with an actor of country X": without this index each
    # such request scanned every actor (19 ms of 46 ms on a 100k-article store).
    op.create_index("ix_event_actors_country", "event_actors", ["country", "event_id"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
        op.execute(_FTS.format(content='"articles"'))
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
        op.execute(_FTS.format(content="'articles'"))
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    drop_views()
    op.drop_index("ix_event_actors_country", table_name="event_actors")
