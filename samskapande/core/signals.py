"""Signals one package sends and others react to, so that no package calls up the floors.

`responses` tells the world that a response became public or changed, and
`notifications` (above it) queues the residents' mails in reply; `privacy` tells every
package that a participant is erased, and each removes its own rows. Receivers run in
the sender's transaction: what they store commits with the change that caused it, and
a receiver that raises fails the whole action. Receivers are connected explicitly by
`create_app` (each package's `connect_signals()`), never by importing a module. The
hand-offs between staff (a signature requested, a signature cleared by a change, a
question directed to someone) are signalled the same way; `notifications` mails them.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the Response, just published as version 1.
response_published = _signals.signal("response-published")
# sender: the Response, whose signed change just became its next public version.
response_updated = _signals.signal("response-updated")
# sender: the Commitment, which just got a progress update (and maybe a new status).
commitment_updated = _signals.signal("commitment-updated")
# sender: the Response (a draft, or a published one with a change awaiting signatures);
# organisation_ids: the named organisations whose signature is now needed, never the
# actor's own; actor: the User whose action needs them. Sent when a joint draft is created,
# when organisations are added to a draft, and when a change cleared signatures (after
# `signatures_cleared`, for the organisations that must sign again).
signature_requested = _signals.signal("signature-requested")
# sender: the Response; actor: the User whose change cleared the signatures; change: the
# set of what it touched, among "stance", "text", "organisations", "commitments";
# cleared: [(organisation_id, signer_user_id)] of the signatures removed (never empty).
signatures_cleared = _signals.signal("signatures-cleared")
# sender: the live question Message, just posted (or let through by the moderator) and
# directed to a user (directed_user_id) or an organisation (directed_organisation_id).
question_directed = _signals.signal("question-directed")
# sender: the Participant being erased; each package removes or anonymises its own rows.
participant_erased = _signals.signal("participant-erased")
# sender: the Round; need_ids: a select of the needs about to be deleted (on erasure, when
# the round deletes an erased person's needs). Sent by needs before the rows go, so that
# voting can give back the dots of the votes they take with them.
needs_deleting = _signals.signal("needs-deleting")
