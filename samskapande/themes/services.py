"""The rules for themes: suggesting them, curating them, linking goals, publishing.

Invariant kept by every curation operation: a need of the round is in at most one theme
(the database's unique ThemeNeed.need_id), and the needs a facilitator has looked at —
in a theme a person accepted or changed, or marked outside the round's scope — are never
touched by new suggestions. Changing a theme never accepts it: accepting (and publishing)
are the actions of curation.py.

Every service checks that the actor may run the round (`require_manager`) before it
changes anything, and only flushes: the caller's unit of work (a request, a command, the
background worker's steps) commits, so `split` and `merge` commit or fail as one.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update

from samskapande.areas.models import Goal, GoalStatus
from samskapande.audit.services import record
from samskapande.core.concurrency import offload
from samskapande.core.models import utcnow
from samskapande.core.transaction import after_commit, unit_of_work
from samskapande.extensions import db
from samskapande.live import questions
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.aggregates import add_retained_theme_breadth
from samskapande.rounds.models import ProfileAnswer, ProfileQuestion, Round
from samskapande.themes import engine
from samskapande.themes.curation import accept as accept
from samskapande.themes.curation import publish as publish
from samskapande.themes.curation import publish_plan as publish_plan
from samskapande.themes.curation import unaccept as unaccept
from samskapande.themes.curation import unpublish as unpublish
from samskapande.themes.models import (
    KEPT_BY_SUGGESTIONS,
    STALE,
    RunStatus,
    SuggestionRun,
    Theme,
    ThemeGoal,
    ThemeNeed,
    ThemeStatus,
)
from samskapande.themes.permissions import ThemeError, require_manager, round_of
from samskapande.themes.permissions import ThemeForbidden as ThemeForbidden
from samskapande.voting.models import Vote

# Rounds with more needs than this are suggested in a background thread.
BACKGROUND_FROM = 400
# A background run's worker writes a heartbeat this often while the engine computes; a run
# with no sign of life for LOST_AFTER_SECONDS, or unfinished STALE_AFTER_SECONDS after it
# started, has lost its worker (a restart, a crash, a hang): it is marked failed, so that
# it no longer blocks new runs of its round.
HEARTBEAT_SECONDS = 5
LOST_AFTER_SECONDS = 30
STALE_AFTER_SECONDS = 600


# -- which needs take part -----------------------------------------------------------------

def eligible_needs(round_: Round) -> list[Need]:
    """Public needs of the round that are not marked outside its scope."""
    return list(db.session.scalars(
        select(Need).where(Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE,
                           Need.out_of_scope_reason.is_(None)).order_by(Need.id)))


def themes_of(round_: Round) -> list[Theme]:
    return list(db.session.scalars(
        select(Theme).where(Theme.round_id == round_.id).order_by(Theme.position, Theme.id)))


def unsorted_needs(round_: Round) -> list[Need]:
    """Eligible needs in no theme yet (e.g. written after the last suggestions)."""
    placed = select(ThemeNeed.need_id).join(Theme).where(Theme.round_id == round_.id)
    return [n for n in eligible_needs(round_) if n.id not in set(db.session.scalars(placed))]


def out_of_scope_needs(round_: Round) -> list[Need]:
    return list(db.session.scalars(
        select(Need).where(Need.round_id == round_.id, Need.out_of_scope_reason.is_not(None))
        .order_by(Need.id)))


# -- suggestions ---------------------------------------------------------------------------

has_open_questions = questions.has_open_questions


def questions_to_needs(round_: Round, actor) -> int:
    """Make a need of every visible question asked in the round's meetings (once each)."""
    require_manager(actor, round_)
    return questions.questions_to_needs(round_, actor)


def start_suggestions(round_: Round, actor, k: int | None = None,
                      include_questions: bool = False) -> SuggestionRun:
    """Suggest themes for the needs no facilitator has sorted yet.

    With `include_questions`, the questions asked in the round's meetings become needs
    first. Small rounds are done in the caller's transaction; large ones in a background
    thread that starts once the caller has committed the run, and records its progress.
    """
    require_manager(actor, round_)
    if k is not None and not 1 <= k <= 30:
        raise ThemeError(_l("Choose between 1 and 30 themes, or let the app choose."))
    if include_questions:
        questions_to_needs(round_, actor)
    busy = _running_run(round_)
    if busy is not None:
        return busy
    run = SuggestionRun(round_id=round_.id, started_by_id=getattr(actor, "id", None),
                        k_requested=k)
    db.session.add(run)
    db.session.flush()
    record("themes.suggested", round_, actor=actor, round_id=round_.id, k=k)
    if len(eligible_needs(round_)) <= BACKGROUND_FROM:
        _suggest_now(run)
    else:
        after_commit(_background(run.id))
    return run


def _running_run(round_: Round) -> SuggestionRun | None:
    """The round's run still in progress, once runs whose worker died are marked failed."""
    fail_stale_runs(round_)
    return db.session.scalar(select(SuggestionRun).where(
        SuggestionRun.round_id == round_.id, SuggestionRun.status == RunStatus.RUNNING))


def stale_after() -> timedelta:
    """How long a run may take before it counts as lost (config THEME_RUN_STALE_SECONDS)."""
    return timedelta(seconds=current_app.config.get("THEME_RUN_STALE_SECONDS",
                                                    STALE_AFTER_SECONDS))


def lost_after() -> timedelta:
    """How long a run may go without a heartbeat (config THEME_RUN_LOST_SECONDS)."""
    return timedelta(seconds=current_app.config.get("THEME_RUN_LOST_SECONDS",
                                                    LOST_AFTER_SECONDS))


def fail_stale_runs(round_: Round) -> None:
    """Mark failed the round's "running" runs whose worker is gone: silent for longer than
    `lost_after()` (since the last heartbeat, or since the start when none came), or
    running for longer than any run takes.

    Nothing else would ever finish them, and a running run blocks new ones. The page then
    shows them as failed, and a new run may start.
    """
    now = utcnow()
    last_sign = func.coalesce(SuggestionRun.heartbeat_at, SuggestionRun.created_at)
    stale = db.session.scalars(select(SuggestionRun).where(
        SuggestionRun.round_id == round_.id, SuggestionRun.status == RunStatus.RUNNING,
        or_(last_sign < now - lost_after(), SuggestionRun.created_at < now - stale_after()),
    )).all()
    for run in stale:
        _fail(run, STALE)
        current_app.logger.warning("theme suggestion run %s lost its worker", run.id)
    if stale:
        db.session.flush()


def _fail(run: SuggestionRun, error: str) -> None:
    run.status = RunStatus.FAILED
    run.error = error
    run.finished_at = utcnow()


def _background(run_id: int):
    """The work for a thread of its own: it starts only after the run is committed."""
    app = current_app._get_current_object()

    def work():
        with app.app_context():
            run_in_background(run_id)

    def start():
        threading.Thread(target=work, name=f"themes-run-{run_id}", daemon=True).start()

    return start


def _candidates(round_: Round) -> list[Need]:
    """The needs the engine groups: eligible ones not in a theme a person accepted or
    changed."""
    curated = (select(ThemeNeed.need_id).join(Theme)
               .where(Theme.round_id == round_.id, Theme.status.in_(KEPT_BY_SUGGESTIONS)))
    kept = set(db.session.scalars(curated))
    return [n for n in eligible_needs(round_) if n.id not in kept]


def _group(texts: list[str], k: int | None):
    # Seconds of CPU for a large round: not on the thread that carries the sockets.
    return offload(engine.suggest, texts, k)


def _log_failure(run: SuggestionRun, error: Exception) -> None:
    """The page shows that the run failed; the log has the details."""
    current_app.logger.error("theme suggestions failed for run %s", run.id, exc_info=error)
    _fail(run, type(error).__name__)


def _suggest_now(run: SuggestionRun) -> None:
    """Suggest in the caller's transaction; the engine runs before anything is replaced."""
    candidates = _candidates(round_of(run))
    try:
        suggested = _group([n.text for n in candidates], run.k_requested)
    except Exception as error:  # any failure of the engine fails the run
        _log_failure(run, error)
        return
    _replace_suggestions(run, candidates, suggested)


def run_in_background(run_id: int) -> None:
    """A background run: one unit of work before the engine and one after, none open
    while it computes (a heartbeat beats meanwhile), so that the page sees the progress
    and may give up on the run."""
    with unit_of_work():
        run = db.session.get(SuggestionRun, run_id)
        candidates = _candidates(round_of(run))
        texts, ids, k = [n.text for n in candidates], [n.id for n in candidates], run.k_requested
        run.progress = 10
        run.heartbeat_at = utcnow()
    try:
        with _heartbeat(run_id):
            suggested = _group(texts, k)
    except Exception as error:  # any failure of the engine fails the run
        with unit_of_work():
            _log_failure(db.session.get(SuggestionRun, run_id), error)
        return
    with unit_of_work():
        run = db.session.get(SuggestionRun, run_id)
        if run.status != RunStatus.RUNNING:
            return  # given up on as stale meanwhile: a newer run may already be under way
        _replace_suggestions(run, [db.session.get(Need, i) for i in ids], suggested)


@contextmanager
def _heartbeat(run_id: int) -> Iterator[None]:
    """Write the run's `heartbeat_at` every THEME_RUN_HEARTBEAT_SECONDS while the block runs.

    From a thread of its own (a greenlet under gevent, which the engine does not stall:
    it runs through `offload`), each beat in a short transaction of its own.
    """
    app = current_app._get_current_object()
    every = app.config.get("THEME_RUN_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS)
    stop = threading.Event()

    def beat():
        with app.app_context():
            while not stop.wait(every):
                _beat(run_id)

    beater = threading.Thread(target=beat, name=f"themes-run-{run_id}-heartbeat", daemon=True)
    beater.start()
    try:
        yield
    finally:
        stop.set()
        beater.join()


def _beat(run_id: int) -> None:
    try:
        with db.engine.begin() as connection:
            connection.execute(update(SuggestionRun).where(
                SuggestionRun.id == run_id, SuggestionRun.status == RunStatus.RUNNING,
            ).values(heartbeat_at=utcnow()))
    except Exception:  # a busy or unreachable database: the next beat tries again
        current_app.logger.warning("no heartbeat for theme suggestion run %s", run_id,
                                   exc_info=True)


def _replace_suggestions(run: SuggestionRun, candidates: list[Need], suggested) -> None:
    """Put the new suggestions in place of the old; themes a person accepted or changed
    stay as they are."""
    round_ = round_of(run)
    old = select(Theme.id).where(Theme.round_id == round_.id,
                                 Theme.status == ThemeStatus.SUGGESTED)
    db.session.execute(delete(ThemeNeed).where(ThemeNeed.theme_id.in_(old)))
    db.session.execute(delete(ThemeGoal).where(ThemeGoal.theme_id.in_(old)))
    db.session.execute(delete(Theme).where(Theme.id.in_(old)))
    start = (db.session.scalar(select(func.max(Theme.position))
                               .where(Theme.round_id == round_.id)) or 0) + 1
    for offset, group in enumerate(suggested):
        theme = Theme(round_id=round_.id, title=group.title or str(_l("Theme")),
                      keywords=group.keywords, status=ThemeStatus.SUGGESTED,
                      title_by_machine=True,
                      position=start + offset,
                      representative_ids=[candidates[i].id for i in group.representatives])
        theme.needs = [ThemeNeed(need_id=candidates[i].id) for i in group.members]
        db.session.add(theme)
    run.themes_created = len(suggested)
    run.status = RunStatus.DONE
    run.progress = 100
    run.finished_at = utcnow()
    db.session.flush()


def latest_run(round_: Round) -> SuggestionRun | None:
    """The round's last run, for the page; a run whose worker died shows as failed."""
    fail_stale_runs(round_)
    return db.session.scalar(select(SuggestionRun).where(SuggestionRun.round_id == round_.id)
                             .order_by(SuggestionRun.id.desc()).limit(1))


# -- curation ------------------------------------------------------------------------------

def _theme_of_need(need: Need) -> ThemeNeed | None:
    return db.session.scalar(select(ThemeNeed).where(ThemeNeed.need_id == need.id))


def _expire_needs(*theme_ids: int | None) -> None:
    """Forget the loaded need lists of themes whose links changed: no commit refreshes
    them now, and a stale list would make a delete cascade to links that moved away."""
    for theme_id in theme_ids:
        theme = db.session.get(Theme, theme_id) if theme_id is not None else None
        if theme is not None:
            db.session.expire(theme, ["needs"])


def _same_round(*objects) -> None:
    if len({o.round_id for o in objects}) != 1:
        raise ThemeError(_l("Themes and needs must belong to the same round."))


def _next_position(round_: Round) -> int:
    return (db.session.scalar(select(func.max(Theme.position))
                              .where(Theme.round_id == round_.id)) or 0) + 1


def _changed_by_a_person(*themes: Theme | None) -> None:
    """New suggestions leave these themes alone from now on; it accepts none of them."""
    for theme in themes:
        if theme is not None and theme.status == ThemeStatus.SUGGESTED:
            theme.status = ThemeStatus.CHANGED


def rename(theme: Theme, actor, title: str, summary: str) -> None:
    """Change the title and summary; a new title is the person's, no longer the machine's.

    The theme is not accepted by this (see curation.accept).
    """
    require_manager(actor, round_of(theme))
    if not title:
        raise ThemeError(_l("Give the theme a title."))
    before = {"title": theme.title, "summary": theme.summary}
    if title != theme.title:
        theme.title_by_machine = False
    theme.title, theme.summary = title, summary
    _changed_by_a_person(theme)
    record("theme.renamed", theme, actor=actor, round_id=theme.round_id, before=before)
    db.session.flush()


def create_theme(round_: Round, actor, title: str, summary: str = "") -> Theme:
    """A new theme at the end of the list, titled by a person and not yet accepted;
    flushed, so that it has its id."""
    require_manager(actor, round_)
    if not title:
        raise ThemeError(_l("Give the theme a title."))
    theme = Theme(round_id=round_.id, title=title, summary=summary,
                  status=ThemeStatus.CHANGED, position=_next_position(round_))
    db.session.add(theme)
    db.session.flush()
    record("theme.created", theme, actor=actor, round_id=round_.id)
    return theme


def move_need(need: Need, theme: Theme, actor) -> None:
    """Put a need into a theme (out of its old one); both themes count as changed by a
    person, neither as accepted."""
    require_manager(actor, round_of(theme))
    _same_round(need, theme)
    if need.status != NeedStatus.VISIBLE:
        raise ThemeError(_l("Only visible needs can be placed in a theme."))
    link = _theme_of_need(need)
    if link is not None and link.theme_id == theme.id:
        return
    old_theme_id = link.theme_id if link else None
    if link is None:
        db.session.add(ThemeNeed(theme_id=theme.id, need_id=need.id))
    else:
        link.theme_id = theme.id
        _changed_by_a_person(db.session.get(Theme, old_theme_id))
    need.out_of_scope_reason = None
    _changed_by_a_person(theme)
    record("theme.need_moved", need, actor=actor, round_id=need.round_id,
           from_theme=old_theme_id, to_theme=theme.id)
    db.session.flush()
    _expire_needs(theme.id, old_theme_id)


def merge(into: Theme, other: Theme, actor) -> None:
    """Move every need and goal link of `other` into `into`, then remove `other`."""
    require_manager(actor, round_of(into))
    _same_round(into, other)
    if into.id == other.id:
        raise ThemeError(_l("Choose two different themes to merge."))
    _move_links(other, into)
    _copy_goal_links(other, into)
    _changed_by_a_person(into)
    db.session.flush()
    record("theme.merged", into, actor=actor, round_id=into.round_id, merged=other.id,
           merged_title=other.title)
    db.session.delete(other)
    db.session.flush()


def _move_links(source: Theme, target: Theme, need_ids: list[int] | None = None) -> list[int]:
    """Move the needs of `source` (all, or those of `need_ids`) into `target`."""
    query = select(ThemeNeed).where(ThemeNeed.theme_id == source.id)
    if need_ids is not None:
        query = query.where(ThemeNeed.need_id.in_(need_ids))
    links = list(db.session.scalars(query))
    for link in links:
        link.theme_id = target.id
    db.session.flush()
    _expire_needs(source.id, target.id)
    return sorted(link.need_id for link in links)


def _copy_goal_links(source: Theme, target: Theme) -> None:
    existing_goals = {g.goal_id for g in target.goals}
    for goal_link in list(source.goals):
        if goal_link.goal_id not in existing_goals:
            target.goals.append(ThemeGoal(goal_id=goal_link.goal_id,
                                          rationale=goal_link.rationale))


def split(theme: Theme, need_ids: list[int], actor, title: str) -> Theme:
    """Move the chosen needs of a theme into a new theme of their own.

    Two steps in the caller's transaction: the new theme is created (and flushed for its
    id), then the needs move; if the second fails, the caller's rollback takes both back.
    """
    require_manager(actor, round_of(theme))
    if not title:
        raise ThemeError(_l("Give the new theme a title."))
    chosen = db.session.scalar(select(func.count(ThemeNeed.id)).where(
        ThemeNeed.theme_id == theme.id, ThemeNeed.need_id.in_(need_ids)))
    if not chosen:
        raise ThemeError(_l("Choose at least one need of the theme to move."))
    new = create_theme(round_of(theme), actor, title)
    moved = _move_links(theme, new, need_ids)
    _changed_by_a_person(theme)
    record("theme.split", theme, actor=actor, round_id=theme.round_id, new_theme=new.id,
           needs=moved)
    db.session.flush()
    return new


def delete_theme(theme: Theme, actor) -> None:
    """Remove an empty theme (move or mark its needs first)."""
    require_manager(actor, round_of(theme))
    if db.session.scalar(select(ThemeNeed.id).where(ThemeNeed.theme_id == theme.id).limit(1)):
        raise ThemeError(_l("Move the theme's needs elsewhere before removing it."))
    record("theme.deleted", theme, actor=actor, round_id=theme.round_id, title=theme.title)
    db.session.delete(theme)
    db.session.flush()


def mark_out_of_scope(need: Need, actor, reason: str) -> None:
    require_manager(actor, round_of(need))
    if not reason:
        raise ThemeError(_l("Write why the need is outside the round's scope."))
    link = _theme_of_need(need)
    if link is not None:
        _changed_by_a_person(db.session.get(Theme, link.theme_id))
        db.session.delete(link)
    need.out_of_scope_reason = reason
    record("need.out_of_scope", need, actor=actor, round_id=need.round_id, reason=reason)
    db.session.flush()
    _expire_needs(link.theme_id if link is not None else None)


def bring_into_scope(need: Need, actor) -> None:
    require_manager(actor, round_of(need))
    need.out_of_scope_reason = None
    record("need.in_scope", need, actor=actor, round_id=need.round_id)
    db.session.flush()


# -- goals ---------------------------------------------------------------------------------

def link_goal(theme: Theme, goal: Goal, actor, rationale: str = "") -> None:
    round_ = round_of(theme)
    require_manager(actor, round_)
    if goal.model_area_id != round_.model_area_id:
        raise ThemeError(_l("Choose a goal of this model area."))
    link = db.session.scalar(select(ThemeGoal).where(ThemeGoal.theme_id == theme.id,
                                                     ThemeGoal.goal_id == goal.id))
    if link is None:
        db.session.add(ThemeGoal(theme_id=theme.id, goal_id=goal.id, rationale=rationale))
    else:
        link.rationale = rationale
    record("theme.goal_linked", theme, actor=actor, round_id=theme.round_id, goal=goal.id)
    db.session.flush()


def unlink_goal(theme: Theme, goal: Goal, actor) -> None:
    require_manager(actor, round_of(theme))
    db.session.execute(delete(ThemeGoal).where(ThemeGoal.theme_id == theme.id,
                                               ThemeGoal.goal_id == goal.id))
    record("theme.goal_unlinked", theme, actor=actor, round_id=theme.round_id, goal=goal.id)
    db.session.flush()


def propose_goal(round_: Round, actor, title: str, description: str) -> Goal:
    """Propose a new goal to the model area's steering group, shown as a proposal."""
    require_manager(actor, round_)
    if not title:
        raise ThemeError(_l("Give the proposed goal a title."))
    position = (db.session.scalar(select(func.max(Goal.position))
                                  .where(Goal.model_area_id == round_.model_area_id)) or 0) + 1
    goal = Goal(model_area_id=round_.model_area_id, title=title, description=description,
                status=GoalStatus.PROPOSED, proposed_by_id=actor.id, position=position)
    db.session.add(goal)
    db.session.flush()
    record("goal.proposed", goal, actor=actor, round_id=round_.id,
           model_area_id=round_.model_area_id)
    return goal


# -- publishing ----------------------------------------------------------------------------

def published_themes(round_: Round) -> list[Theme]:
    """The themes residents see: accepted and published (curation.publish)."""
    if round_.themes_published_at is None:
        return []
    return [t for t in themes_of(round_) if t.status == ThemeStatus.ACCEPTED and t.published]


# -- support and breadth -------------------------------------------------------------------

@dataclass
class ThemeSupport:
    needs: int = 0
    votes: int = 0  # dots or supports given to the theme's needs
    supporters: int = 0  # distinct participants who supported one of them
    breadth: dict[str, dict[str, int]] = field(default_factory=dict)  # question -> answer -> n


def support_by_theme(round_: Round) -> dict[int, ThemeSupport]:
    """Votes, distinct supporters and their spread over the profile answers, per theme."""
    rows = db.session.execute(
        select(ThemeNeed.theme_id, Vote.participant_id, Vote.dots)
        .join(Theme, Theme.id == ThemeNeed.theme_id)
        .join(Vote, Vote.need_id == ThemeNeed.need_id)
        .where(Theme.round_id == round_.id)
    ).all()
    counts = db.session.execute(
        select(ThemeNeed.theme_id, func.count(ThemeNeed.id)).join(Theme)
        .where(Theme.round_id == round_.id).group_by(ThemeNeed.theme_id)
    ).all()
    result: dict[int, ThemeSupport] = defaultdict(ThemeSupport)
    for theme_id, n in counts:
        result[theme_id].needs = n
    supporters: dict[int, set[int]] = defaultdict(set)
    for theme_id, participant_id, dots in rows:
        result[theme_id].votes += dots
        supporters[theme_id].add(participant_id)
    answers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    everyone = set().union(*supporters.values()) if supporters else set()
    if everyone:
        for pid, key, value in db.session.execute(
            select(ProfileAnswer.participant_id, ProfileQuestion.key, ProfileAnswer.value)
            .join(ProfileQuestion).where(ProfileAnswer.participant_id.in_(everyone))
        ):
            answers[pid].append((key, value))
    for theme_id, people in supporters.items():
        support = result[theme_id]
        support.supporters = len(people)
        breadth: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for pid in people:
            for key, value in answers.get(pid, []):
                breadth[key][value] += 1
        support.breadth = {k: dict(v) for k, v in breadth.items()}
    add_retained_theme_breadth(round_.id, result)  # answers purged after closing still count
    return dict(result)


def check_invariant(round_: Round) -> list[str]:
    """Problems with the sorting of needs (empty when every rule holds); used by tests."""
    problems = []
    placed = db.session.execute(
        select(ThemeNeed.need_id, Need.status, Need.out_of_scope_reason, Need.round_id,
               Theme.round_id).join(Need, Need.id == ThemeNeed.need_id)
        .join(Theme, Theme.id == ThemeNeed.theme_id).where(Theme.round_id == round_.id)
    ).all()
    for need_id, status, out_of_scope, need_round, theme_round in placed:
        if out_of_scope is not None:
            problems.append(f"need {need_id} is in a theme and outside the scope")
        if need_round != theme_round:
            problems.append(f"need {need_id} is in a theme of another round")
        if status != NeedStatus.VISIBLE:
            problems.append(f"need {need_id} is {status} but in a theme")
    return problems
