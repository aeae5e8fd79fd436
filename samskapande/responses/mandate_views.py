"""Staff pages for each organisation's frame for a round ("Våra ramar", responses.mandates).

The list shows every organisation of the model area with its frame; the organisation's
politicians and officials write it and its signers sign it. The forms check their own
CSRF token (the views are exempt from the app-wide check) so an expired form keeps what
was typed and says why.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from samskapande.core.lookup import get_or_404
from samskapande.core.refusals import add_error
from samskapande.extensions import csrf
from samskapande.responses import mandates, permissions
from samskapande.responses.mandate_forms import MandateForm, MandateSignForm
from samskapande.rounds.models import Round

bp = Blueprint("mandates", __name__)


def _round(round_id: int) -> Round:
    round_ = get_or_404(Round, round_id)
    if not permissions.can_see_round_responses(current_user, round_):
        abort(403)
    return round_


def _organisation(round_: Round, organisation_id: int):
    organisation = mandates.organisation_of_round(round_, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _list(round_: Round):
    return redirect(url_for("mandates.round_mandates", round_id=round_.id))


@bp.get("/staff/rounds/<int:round_id>/mandates")
@login_required
def round_mandates(round_id: int):
    round_ = _round(round_id)
    return render_template(
        "responses/mandates.html", round=round_, rows=mandates.mandates_for_staff(round_),
        can_write=lambda org: permissions.can_write_mandate(current_user, round_, org.id),
        can_sign=lambda m: permissions.can_sign_mandate(current_user, m),
        awaits_signature=mandates.awaits_signature,
        differs_from_public=mandates.differs_from_public)


@bp.route("/staff/rounds/<int:round_id>/mandates/<int:organisation_id>/edit",
          methods=["GET", "POST"])
@csrf.exempt
@login_required
def edit(round_id: int, organisation_id: int):
    round_ = _round(round_id)
    organisation = _organisation(round_, organisation_id)
    if not permissions.can_write_mandate(current_user, round_, organisation.id):
        abort(403)
    mandate = mandates.mandate_of(round_, organisation.id)
    form = MandateForm()
    saved_now = None
    if request.method == "GET":
        if mandate is not None:
            form.can_decide.data, form.cannot_decide.data = (mandate.can_decide,
                                                             mandate.cannot_decide)
            form.budget.data = mandate.budget
        form.based_on.data = mandates.fingerprint(mandate)
    elif form.validate():
        try:
            mandate, changed = mandates.save(
                round_, current_user, organisation.id, can_decide=form.can_decide.data,
                cannot_decide=form.cannot_decide.data, budget=form.budget.data,
                based_on=form.based_on.data or "")
        except mandates.MandateChangedMeanwhile as error:
            add_error(form.can_decide, error.message)
            mandate = mandates.mandate_of(round_, organisation.id)
            saved_now = mandate
            form.based_on.data = mandates.fingerprint(mandate)
        except mandates.MandateError as error:
            add_error(form.can_decide, error.message)
        else:
            if not changed:
                flash(_("Nothing was changed."), "info")
            elif mandate.published_at is not None:
                flash(_("The frame is saved. Residents still read the signed version until "
                        "a signer of your organisation signs the change."), "success")
            else:
                flash(_("The frame is saved. It is public when a signer of your "
                        "organisation has signed it."), "success")
            return _list(round_)
    status = 400 if request.method == "POST" else 200
    return render_template("responses/mandate_edit.html", round=round_,
                           organisation=organisation, mandate=mandate, form=form,
                           saved_now=saved_now), status


@bp.route("/staff/rounds/<int:round_id>/mandates/<int:organisation_id>/sign",
          methods=["GET", "POST"])
@csrf.exempt
@login_required
def sign(round_id: int, organisation_id: int):
    round_ = _round(round_id)
    organisation = _organisation(round_, organisation_id)
    mandate = mandates.mandate_of(round_, organisation.id)
    if not permissions.can_sign_mandate(current_user, mandate):
        if request.method == "POST":  # signed already (a double click), or not theirs
            flash(_("There is nothing for you to sign in this frame."), "info")
            return _list(round_)
        abort(403)
    form = MandateSignForm()
    if request.method == "GET":
        form.fingerprint.data = mandates.fingerprint(mandate)
    elif form.validate():
        try:
            mandates.sign(mandate, current_user, form.fingerprint.data or "")
        except mandates.MandateError as error:
            add_error(form.confirm, error.message)
            form.fingerprint.data = mandates.fingerprint(mandate)
        else:
            flash(_("You have signed, and the frame is now public on the round's page."),
                  "success")
            return _list(round_)
    return render_template("responses/mandate_sign.html", round=round_,
                           organisation=organisation, mandate=mandate,
                           form=form), (400 if request.method == "POST" else 200)
