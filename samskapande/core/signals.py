"""Signals one package sends and others react to, so that no package calls up the floors.

`responses` tells the world that a response became public or changed, and
`notifications` (above it) queues the residents' mails in reply; `privacy` tells every
package that a participant is erased, and each removes its own rows. Receivers run in
the sender's transaction: what they store commits with the change that caused it, and
a receiver that raises fails the whole action. Receivers are connected explicitly by
`create_app` (each package's `connect_signals()`), never by importing a module.
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
# sender: the Participant being erased; each package removes or anonymises its own rows.
participant_erased = _signals.signal("participant-erased")
# sender: the Round; need_ids: a select of the needs about to be deleted (on erasure, when
# the round deletes an erased person's needs). Sent by needs before the rows go, so that
# voting can give back the dots of the votes they take with them.
needs_deleting = _signals.signal("needs-deleting")
