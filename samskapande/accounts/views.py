"""Staff log in, log out, see their account and change their password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from samskapande.accounts.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    LoginForm,
    MailSettingsForm,
)
from samskapande.accounts.models import Role
from samskapande.accounts.services import (
    MAIL_KINDS,
    AccountRefusal,
    TooManyAttempts,
    accept_invitation,
    authenticate,
    change_password,
    find_invitation,
    log_out,
    set_mail_preferences,
    start_session,
)
from samskapande.core.errors import render_error
from samskapande.core.refusals import add_error
from samskapande.core.security import client_ip, safe_next

bp = Blueprint("accounts", __name__)

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.FACILITATOR: _l("Facilitator"),
    Role.OFFICIAL: _l("Official"),
    Role.POLITICIAN: _l("Politician"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(Role(role), role))


@bp.app_context_processor
def account_helpers():
    return {"role_label": role_label}


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("inbox.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data, client_ip())
        except TooManyAttempts as refusal:
            return render_error(429, str(refusal.message))
        if user is None:
            add_error(form.password, _("The e-mail address or the password is wrong."))
        else:
            start_session(user)
            flash(_("You are logged in as %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next"), url_for("inbox.home")))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    log_out(current_user._get_current_object())
    flash(_("You are logged out."), "success")
    return redirect(url_for("residents.index"))


@bp.post("/account/logout-everywhere")
@login_required
def logout_everywhere():
    """End every session of this account, on every device, this one too."""
    log_out(current_user._get_current_object(), everywhere=True)
    flash(_("You are logged out on every device. Log in again here."), "success")
    return redirect(url_for("accounts.login"))


@bp.get("/account")
@login_required
def account():
    form = MailSettingsForm(data={kind: getattr(current_user, f"mail_{kind}")
                                  for kind in MAIL_KINDS})
    return _account_page(form)


def _account_page(form: MailSettingsForm, status: int = 200):
    return render_template("accounts/account.html", user=current_user, mail_form=form,
                           mail_on=bool(current_app.config.get("MAIL_SERVER"))), status


@bp.post("/account/mail")
@login_required
def mail_settings():
    """Turn each kind of hand-off mail on or off (a double submit saves the same again)."""
    form = MailSettingsForm()
    if not form.validate_on_submit():
        return _account_page(form, 400)
    try:
        changed = set_mail_preferences(current_user._get_current_object(), current_user,
                                       **{kind: form[kind].data for kind in MAIL_KINDS})
    except AccountRefusal as refusal:
        return render_error(403, str(refusal.message))
    flash(_("Your e-mail settings are saved.") if changed
          else _("Your e-mail settings are as they were."), "success")
    return redirect(url_for("accounts.account", _anchor="mail"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if change_password(current_user, form.current_password.data, form.new_password.data):
            # The other sessions have ended; this one proved the password and goes on.
            start_session(current_user._get_current_object())
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.account"))
        add_error(form.current_password, _("The current password is wrong."))
    return render_template("accounts/password.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """An invited (or reset) staff member sets name and password, then is logged in."""
    found = find_invitation(token)
    if found is None:
        return render_template("accounts/invitation_invalid.html"), 404
    form = AcceptInvitationForm()
    if request.method == "GET" and found.user.name:
        form.name.data = found.user.name
    if form.validate_on_submit():
        user = accept_invitation(found, form.name.data, form.new_password.data)
        if user is None:
            return render_template("accounts/invitation_invalid.html"), 404
        start_session(user)
        flash(_("Your password is set. You are logged in as %(name)s.", name=user.name),
              "success")
        return redirect(url_for("inbox.home"))
    return render_template("accounts/invitation.html", form=form, invitation=found)
