"""Support and dot voting, with the round's limits enforced by the database itself.

A vote changes `participant.dots_used` with a conditional UPDATE, the first write of its
transaction. The UPDATE both checks the budget atomically and locks the participant's
row (PostgreSQL) or the database (SQLite) until the caller commits, so one participant's
concurrent votes run one after another and can never exceed the budget. A vote that
finds, under that lock, that it has nothing to do gives its count back with a second
UPDATE instead of rolling back: the services leave the transaction to their caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from samskapande.core.refusals import Refusal
from samskapande.core.transaction import after_commit
from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from samskapande.realtime.publish import publish, round_room
from samskapande.rounds.models import Participant, Round, VotingMode
from samskapande.rounds.phases import can_vote, results_visible
from samskapande.voting.models import Vote


class VoteError(Refusal):
    """A vote the round's rules do not allow; the message is translated."""


@dataclass
class VoteResult:
    need_id: int
    my_dots: int
    support: int
    dots_left: int | None  # None in support mode


def _lock_and_count(participant_id: int, delta: int, budget: int | None) -> bool:
    """Change the participant's dot count by `delta` if it stays within 0..budget.

    The first write of the request's transaction, so it takes the lock: SQLite's driver
    starts no transaction for the reads before it, and PostgreSQL reads committed rows.
    """
    statement = update(Participant).where(Participant.id == participant_id)
    if budget is not None and delta > 0:
        statement = statement.where(Participant.dots_used + delta <= budget)
    if delta < 0:
        statement = statement.where(Participant.dots_used + delta >= 0)
    result = db.session.execute(
        statement.values(dots_used=Participant.dots_used + delta),
        execution_options={"synchronize_session": False},
    )
    forget_dots_used(participant_id)
    return result.rowcount == 1


def forget_dots_used(participant_id: int) -> None:
    """Let a loaded participant read its dot count again after an UPDATE changed it.

    Nothing commits (and so expires) in the middle of a unit of work any more, and a
    count held in memory would be written back stale by a later change to that row.
    """
    loaded = db.session.identity_map.get(db.session.identity_key(Participant, participant_id))
    if loaded is not None:
        db.session.expire(loaded, ["dots_used"])


def _check(need: Need, participant: Participant) -> Round:
    round_ = need.round
    if participant.erased_at is not None:
        raise VoteError(_l("Join the round or continue with your personal code first."))
    if participant.round_id != round_.id:
        raise VoteError(_l("You take part in another round."))
    if not can_vote(round_):
        raise VoteError(_l("Voting is not open right now."))
    if need.status != NeedStatus.VISIBLE:
        raise VoteError(_l("This need cannot be supported."))
    return round_


def _my_vote(need_id: int, participant_id: int) -> Vote | None:
    return db.session.scalar(
        select(Vote).where(Vote.need_id == need_id, Vote.participant_id == participant_id)
    )


def _give_back(participant_id: int, delta: int) -> None:
    """Undo a count taken under the lock when the vote turned out to change nothing."""
    db.session.execute(
        update(Participant).where(Participant.id == participant_id)
        .values(dots_used=Participant.dots_used - delta),
        execution_options={"synchronize_session": False},
    )
    forget_dots_used(participant_id)


def _finish(round_: Round, need_id: int, participant_id: int) -> VoteResult:
    db.session.flush()
    support = db.session.scalar(
        select(func.coalesce(func.sum(Vote.dots), 0)).where(Vote.need_id == need_id))
    mine = _my_vote(need_id, participant_id)
    used = db.session.scalar(select(Participant.dots_used).where(Participant.id == participant_id))
    dots_left = (round_.dots_per_participant - used
                 if round_.voting_mode == VotingMode.DOTS else None)
    if results_visible(round_):
        publish_support(round_.id, need_id, int(support))
    return VoteResult(need_id, mine.dots if mine else 0, int(support), dots_left)


def publish_support(round_id: int, need_id: int, support: int) -> None:
    """Tell the round's pages a need's new support, once the vote is committed."""
    after_commit(lambda: publish(round_room(round_id), "need", "support", need_id=need_id,
                                 support=support))


def toggle_support(need: Need, participant: Participant) -> VoteResult:
    """Support mode: one click supports a need, the next takes the support back."""
    return set_support(need, participant, None)


def set_support(need: Need, participant: Participant, wanted: bool | None) -> VoteResult:
    """Support mode: support the need (`wanted` True) or not (False); None toggles.

    The vote buttons send the state they ask for, so a form sent twice (a double click
    without JavaScript, the script's fallback after a lost answer, a second tab showing
    an older page) asks for the same state twice instead of undoing itself.
    """
    round_ = _check(need, participant)
    if round_.voting_mode != VotingMode.SUPPORT:
        raise VoteError(_l("This round uses dot voting."))
    need_id, participant_id = need.id, participant.id
    existing = _my_vote(need_id, participant_id)
    if wanted is not None and wanted == (existing is not None):
        return _finish(round_, need_id, participant_id)  # already so: nothing to change
    delta = -1 if existing else 1
    if not _lock_and_count(participant_id, delta, None):
        return _finish(round_, need_id, participant_id)  # nothing was counted
    existing = _my_vote(need_id, participant_id)  # again, now that we hold the lock
    if delta > 0 and existing is None:
        db.session.add(Vote(round_id=round_.id, need_id=need_id,
                            participant_id=participant_id, dots=1))
    elif delta < 0 and existing is not None:
        db.session.delete(existing)
    else:  # another request did it meanwhile: undo our count
        _give_back(participant_id, delta)
    return _finish(round_, need_id, participant_id)


def add_dot(need: Need, participant: Participant) -> VoteResult:
    """Dot mode: give the need one more of the participant's dots, within both limits."""
    round_ = _check(need, participant)
    if round_.voting_mode != VotingMode.DOTS:
        raise VoteError(_l("This round uses one-click support."))
    need_id, participant_id = need.id, participant.id
    if _at_need_limit(_my_vote(need_id, participant_id), round_):
        raise _need_limit_refusal(round_)
    if not _lock_and_count(participant_id, 1, round_.dots_per_participant):
        raise VoteError(_l("You have used all your %(count)d dots. Take one back from "
                           "another need first.", count=round_.dots_per_participant))
    vote = _my_vote(need_id, participant_id)  # again, now that we hold the lock
    if _at_need_limit(vote, round_):  # another request gave the last dot meanwhile
        _give_back(participant_id, 1)
        raise _need_limit_refusal(round_)
    if vote is None:
        db.session.add(Vote(round_id=round_.id, need_id=need_id,
                            participant_id=participant_id, dots=1))
    else:
        vote.dots += 1
    return _finish(round_, need_id, participant_id)


def _at_need_limit(vote: Vote | None, round_: Round) -> bool:
    return vote is not None and vote.dots >= round_.max_dots_per_need


def _need_limit_refusal(round_: Round) -> VoteError:
    return VoteError(_l("At most %(count)d dots on one need.", count=round_.max_dots_per_need))


def remove_dot(need: Need, participant: Participant) -> VoteResult:
    """Dot mode: take one of the participant's dots back from the need."""
    round_ = _check(need, participant)
    need_id, participant_id = need.id, participant.id
    if _my_vote(need_id, participant_id) is None or not _lock_and_count(participant_id, -1, None):
        return _finish(round_, need_id, participant_id)  # nothing was counted
    vote = _my_vote(need_id, participant_id)  # again, now that we hold the lock
    if vote is None:  # another request took it back meanwhile
        _give_back(participant_id, -1)
    elif vote.dots > 1:
        vote.dots -= 1
    else:
        db.session.delete(vote)
    return _finish(round_, need_id, participant_id)


def my_votes(participant: Participant) -> dict[int, int]:
    """Need id -> the participant's dots (1 in support mode)."""
    return dict(db.session.execute(
        select(Vote.need_id, Vote.dots).where(Vote.participant_id == participant.id)).all())
