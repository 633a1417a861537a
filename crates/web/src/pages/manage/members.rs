//! `/min-side/organisasjoner/{id}/medlemmer`: who keeps the organisation's listings, with
//! their roles; owners invite by e-mail, change roles and remove members, and anyone may
//! leave — except the last owner, which the page explains when it bites. `/invitasjon`
//! accepts an invitation.
//!
//! Until e-mail is sent, the invitation's link is shown once to the owner who made it (only
//! its hash is stored), as the API returns its token once.

use std::borrow::Cow;

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes, Path};
use askama::Template;
use fritid_app::AppError;
use fritid_domain::account::OrgRole;
use fritid_domain::{FieldError, ValidationErrors};
use uuid::Uuid;

use super::organisation::organisation_path;
use super::{FormState, Posted, SignedIn};
use crate::WebConfig;
use crate::layout::{Layout, PageError, PageResult, Section, html, ok, too_many, wait_message};
use crate::pages::account::{Visitor, no_store, see_other};
use crate::pages::{AppData, Choice};
use crate::text::{NB, Text};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/min-side/organisasjoner/{id}/medlemmer").get(members).post(invite));
    cfg.route("/min-side/organisasjoner/{id}/medlemmer/{user_id}", web::post().to(change_member));
    cfg.service(web::resource("/invitasjon").get(invitation).post(accept));
}

fn members_path(id: Uuid) -> String {
    format!("{}/medlemmer", organisation_path(id))
}

/// One member in the list.
struct MemberRow {
    user_id: Uuid,
    name: String,
    email: String,
    role: Cow<'static, str>,
    is_owner: bool,
    is_me: bool,
}

#[derive(Template)]
#[template(path = "manage/members.html")]
struct MembersPage {
    layout: Layout,
    t: &'static Text,
    organisation_name: String,
    back_url: String,
    action: String,
    members: Vec<MemberRow>,
    /// Whether the person may invite and change roles.
    owner: bool,
    form: FormState,
    invite_email: String,
    roles: Vec<Choice>,
    /// The link of an invitation just made (shown once).
    invitation_link: Option<String>,
    /// What the last step did, or why it was refused.
    notice: Option<(Cow<'static, str>, &'static str)>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Notices {
    endret: Option<String>,
    eier: Option<String>,
}

async fn page(
    app: &fritid_app::App, signed_in: &SignedIn, id: Uuid, form: FormState, invite_email: String,
    invite_role: &str,
) -> Result<MembersPage, PageError> {
    let t: &'static Text = &NB;
    let role = signed_in.role_in(id)?;
    let view = app.organisation(&signed_in.actor(), id).await?;
    let me = signed_in.user().id;
    let members = app
        .members(signed_in.user(), id)
        .await?
        .into_iter()
        .map(|m| MemberRow {
            user_id: m.user_id,
            name: m.name,
            email: m.email,
            role: t.attr("account-role-name", m.role.as_str()),
            is_owner: m.role == OrgRole::Owner,
            is_me: m.user_id == me,
        })
        .collect();
    let title = form.title("manage-members-title");
    let roles = OrgRole::ALL.map(OrgRole::as_str);
    Ok(MembersPage {
        layout: Layout::new(title, Section::MyPage),
        t,
        organisation_name: view.organisation.profile.name,
        back_url: organisation_path(id),
        action: members_path(id),
        members,
        owner: role == OrgRole::Owner,
        form,
        invite_email,
        roles: Choice::coded(t, "account-role-name", roles, &[invite_role.to_owned()]),
        invitation_link: None,
        notice: None,
    })
}

async fn members(
    app: AppData, signed_in: SignedIn, id: Path<Uuid>, notices: web::Query<Notices>,
) -> PageResult {
    let form = FormState::new(&signed_in);
    let mut shown = page(&app, &signed_in, *id, form, String::new(), "editor").await?;
    shown.notice = match (&notices.endret, &notices.eier) {
        (_, Some(_)) => Some((NB.get("manage-members-last-owner"), "warning")),
        (Some(_), _) => Some((NB.get("manage-members-changed"), "success")),
        _ => None,
    };
    ok(&shown).map(no_store)
}

async fn invite(
    app: AppData, config: web::Data<WebConfig>, signed_in: SignedIn, id: Path<Uuid>, body: Bytes,
) -> PageResult {
    signed_in.role_in(*id)?;
    let posted = Posted::read(&signed_in, &body)?;
    let (email, role) = (posted.text("email"), posted.text("role"));
    match app.invite_member(signed_in.user(), *id, &email, &role).await {
        Ok(invitation) => {
            let form = FormState::new(&signed_in);
            let mut shown = page(&app, &signed_in, *id, form, String::new(), "editor").await?;
            let base = config.public_url.trim_end_matches('/');
            shown.invitation_link = Some(format!("{base}/invitasjon?token={}", invitation.token));
            ok(&shown).map(no_store)
        }
        Err(AppError::Invalid(errors)) => {
            let form = FormState::new(&signed_in).refused("manage-members-field", &errors);
            let shown = page(&app, &signed_in, *id, form, email, &role).await?;
            html(StatusCode::UNPROCESSABLE_ENTITY, &shown).map(no_store)
        }
        // Many invitations lately, from this person or to this address: when to try again.
        Err(AppError::TooManyRequests { retry_after_secs }) => {
            let message = wait_message("manage-members-wait", retry_after_secs);
            let form = FormState::new(&signed_in).with_error("email", message);
            let shown = page(&app, &signed_in, *id, form, email, &role).await?;
            too_many(&shown, retry_after_secs)
        }
        // Not an owner: the members are shown, but inviting is not theirs to do.
        Err(AppError::Forbidden) => Err(PageError::Forbidden),
        Err(e) => Err(e.into()),
    }
}

/// Changes a member's role (`role`), removes them (`role` empty), or lets the person leave.
async fn change_member(
    app: AppData, signed_in: SignedIn, path: Path<(Uuid, Uuid)>, body: Bytes,
) -> PageResult {
    let (id, member) = path.into_inner();
    signed_in.role_in(id)?;
    let posted = Posted::read(&signed_in, &body)?;
    let role = posted.optional("role");
    let leaving = role.is_none() && member == signed_in.user().id;
    match app.set_member_role(signed_in.user(), id, member, role.as_deref()).await {
        Ok(()) if leaving => Ok(see_other("/min-side").finish()),
        Ok(()) => Ok(see_other(&format!("{}?endret=ja", members_path(id))).finish()),
        // The last owner: the page says why.
        Err(AppError::Conflict(_)) => {
            Ok(see_other(&format!("{}?eier=mangler", members_path(id))).finish())
        }
        Err(AppError::Forbidden) => Err(PageError::Forbidden),
        Err(AppError::Invalid(_)) => Err(PageError::BadRequest),
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// `/invitasjon?token=`

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct InvitationQuery {
    token: String,
}

#[derive(Template)]
#[template(path = "manage/invitation.html")]
struct InvitationPage {
    layout: Layout,
    t: &'static Text,
    token: String,
    /// The session's form token; `None` when nobody is signed in.
    csrf_token: Option<String>,
    form: FormState,
    /// The sign-in page, coming back here.
    login_url: String,
}

/// The sign-in page, coming back to the invitation `token`.
fn login_url(token: &str) -> String {
    let back = format!(
        "/invitasjon?{}",
        serde_html_form::to_string([("token", token)]).unwrap_or_default()
    );
    format!("/logg-inn?{}", serde_html_form::to_string([("neste", back)]).unwrap_or_default())
}

async fn invitation(visitor: Visitor, query: web::Query<InvitationQuery>) -> PageResult {
    let t: &'static Text = &NB;
    let csrf_token = visitor.0.as_ref().map(|(_, s)| s.csrf_token.clone());
    let form = FormState { csrf_token: csrf_token.clone().unwrap_or_default(), errors: vec![] };
    let page = InvitationPage {
        layout: Layout::new(t.get("manage-invitation-title"), Section::MyPage),
        t,
        token: query.token.clone(),
        csrf_token,
        form,
        login_url: login_url(&query.token),
    };
    ok(&page).map(no_store)
}

async fn accept(app: AppData, signed_in: SignedIn, body: Bytes) -> PageResult {
    let t: &'static Text = &NB;
    let posted = Posted::read(&signed_in, &body)?;
    let token = posted.text("token");
    let refused = |id: &str| {
        let errors = ValidationErrors(vec![FieldError::new("token", "refused")]);
        let form = FormState::new(&signed_in).refused(id, &errors);
        InvitationPage {
            layout: Layout::new(
                t.with("form-error-title", &[("title", t.get("manage-invitation-title").into())]),
                Section::MyPage,
            ),
            t,
            token: token.clone(),
            csrf_token: Some(signed_in.csrf_token()),
            form,
            login_url: login_url(&token),
        }
    };
    match app.accept_invitation(signed_in.user(), &token).await {
        Ok((organisation, _)) => Ok(see_other(&organisation_path(organisation)).finish()),
        Err(AppError::NotFound) => {
            html(StatusCode::NOT_FOUND, &refused("manage-invitation-unknown")).map(no_store)
        }
        Err(AppError::Forbidden) => {
            html(StatusCode::FORBIDDEN, &refused("manage-invitation-other-address")).map(no_store)
        }
        Err(e) => Err(e.into()),
    }
}
