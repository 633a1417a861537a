//! The e-mail the use cases send: each message is composed here (Norwegian bokmål, plain
//! text with an HTML alternative, links built from the public address) and written to the
//! outbox in the same transaction as the event that causes it; a worker of the server
//! delivers it. To add a kind of message: a `MailKind`, a function composing its [`Letter`]
//! below, and the use case passing [`App::letter_to`]'s `Mail` (or [`App::email_link`]'s
//! `EmailLink`, for a single-use link) to the store method that makes its event.

use chrono::{DateTime, Utc};
use fritid_domain::account::Email;
use fritid_domain::mail::{LinkPurpose, Mail, MailKind, escape_html, message_id};
use fritid_persistence::EmailLink;
use uuid::Uuid;

use crate::auth::{hash_token, new_opaque_token};
use crate::{App, AppError};

/// Where e-mail comes from and where its links lead.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// The address people reach the service at, without a trailing slash
    /// (`FRITID_PUBLIC_URL`); every e-mailed link starts with it.
    pub public_url: String,
    /// The sender, e.g. `Fritid <noreply@drammen.kommune.no>` (`FRITID_MAIL_FROM`); the
    /// domain of its address is also the domain of the messages' `Message-ID`s.
    pub from: String,
}

/// A message's content before it is addressed.
#[derive(Debug, Clone)]
pub struct Letter {
    pub kind: MailKind,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// How long a confirmation link works.
pub const VERIFY_LINK_TTL: chrono::Duration = chrono::Duration::hours(24);

/// How long a password-reset link works.
pub const RESET_LINK_TTL: chrono::Duration = chrono::Duration::minutes(30);

/// The signature under every message, as text and as HTML.
const SIGNATURE: &str = "Hilsen\nFritid – Drammen kommune";

/// An HTML message: `paragraphs` (already escaped HTML) in a minimal document.
fn html_document(subject: &str, paragraphs: &[String]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"nb\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n{body}<p>{}</p>\n</body>\n</html>\n",
        escape_html(subject),
        SIGNATURE.replace('\n', "<br>\n"),
    )
}

/// A message to `name` whose point is one link: a greeting, what happened (`about`), the
/// link, and how long and how often it works (with what to do if the reader did not ask).
fn link_letter(
    (kind, subject): (MailKind, &str), name: &str, about: &str, link: &str, validity: &str,
) -> Letter {
    let greeting = format!("Hei, {name}!");
    let text = format!("{greeting}\n\n{about}\n\n{link}\n\n{validity}\n\n{SIGNATURE}\n");
    let html = html_document(
        subject,
        &[
            escape_html(&greeting),
            escape_html(about),
            format!("<a href=\"{0}\">{0}</a>", escape_html(link)),
            escape_html(validity),
        ],
    );
    Letter { kind, subject: subject.to_owned(), text, html }
}

/// The message that confirms the address given at registration; `link` opens
/// `/bekreft-epost` with its token.
pub fn confirmation(name: &str, link: &str) -> Letter {
    let about = "Du har opprettet en konto hos Fritid. Bekreft e-postadressen din ved å åpne \
                 lenken under.";
    let validity = "Lenken virker i 24 timer og kan brukes én gang. Har du ikke opprettet en \
                    konto, kan du se bort fra denne e-posten.";
    let subject = (MailKind::VerifyEmail, "Bekreft e-postadressen din hos Fritid");
    link_letter(subject, name, about, link, validity)
}

/// The message that lets the account's owner choose a new password; `link` opens
/// `/nytt-passord` with its token.
pub fn password_reset(name: &str, link: &str) -> Letter {
    let about = "Noen har bedt om å få sette et nytt passord for kontoen din hos Fritid. Åpne \
                 lenken under for å velge et nytt passord.";
    let validity = "Lenken virker i 30 minutter og kan brukes én gang. Når du har valgt et nytt \
                    passord, blir du logget ut overalt. Har du ikke bedt om dette, kan du se \
                    bort fra denne e-posten: passordet ditt er ikke endret.";
    link_letter((MailKind::PasswordReset, "Nytt passord hos Fritid"), name, about, link, validity)
}

impl App {
    /// `letter` addressed to `to`, with a `Message-ID` of its own.
    pub fn letter_to(&self, to: &Email, letter: Letter) -> Mail {
        Mail {
            kind: letter.kind,
            to: to.clone(),
            subject: letter.subject,
            text: letter.text,
            html: letter.html,
            message_id: message_id(Uuid::now_v7(), &self.mail.from),
        }
    }

    /// A new single-use link for `purpose` to the page `path` (`/bekreft-epost`), working
    /// until `now + ttl`, and its message to `to`: `compose` writes the letter around the
    /// link's address. Only the token's hash is kept.
    pub fn email_link(
        &self, purpose: LinkPurpose, to: &Email, path: &str,
        (now, ttl): (DateTime<Utc>, chrono::Duration), compose: impl FnOnce(&str) -> Letter,
    ) -> Result<EmailLink, AppError> {
        let token = new_opaque_token()?;
        let link = format!("{}{path}?token={token}", self.mail.public_url);
        Ok(EmailLink {
            token_hash: hash_token(&token),
            purpose,
            expires_at: now + ttl,
            mail: self.letter_to(to, compose(&link)),
        })
    }

    /// The confirmation link for an account's address, and its message.
    pub(crate) fn confirmation_link(
        &self, to: &Email, name: &str, now: DateTime<Utc>,
    ) -> Result<EmailLink, AppError> {
        self.account_link(LinkPurpose::Verify, to, name, now)
    }

    /// A new link of `purpose` for the address of the account of `name`, and its message: a
    /// confirmation (to `/bekreft-epost`, 24 hours) or a password reset (to `/nytt-passord`,
    /// 30 minutes).
    pub(crate) fn account_link(
        &self, purpose: LinkPurpose, to: &Email, name: &str, now: DateTime<Utc>,
    ) -> Result<EmailLink, AppError> {
        let (path, ttl, compose): (_, _, fn(&str, &str) -> Letter) = match purpose {
            LinkPurpose::Verify => ("/bekreft-epost", VERIFY_LINK_TTL, confirmation),
            LinkPurpose::Reset => ("/nytt-passord", RESET_LINK_TTL, password_reset),
        };
        self.email_link(purpose, to, path, (now, ttl), |link| compose(name, link))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confirmation_carries_its_link_in_both_parts_and_escapes_the_name() {
        let link = "https://fritid.example/bekreft-epost?token=abc";
        let letter = confirmation("<Kari>", link);
        assert_eq!(letter.kind, MailKind::VerifyEmail);
        assert!(letter.text.contains(link));
        assert!(letter.text.contains("Hei, <Kari>!"));
        assert!(letter.html.contains(&format!("<a href=\"{link}\">")));
        assert!(letter.html.contains("Hei, &lt;Kari&gt;!"));
        assert!(letter.text.contains("24 timer"));
    }

    #[test]
    fn the_reset_says_how_long_and_how_often_its_link_works() {
        let link = "https://fritid.example/nytt-passord?token=abc";
        let letter = password_reset("Kari", link);
        assert_eq!(letter.kind, MailKind::PasswordReset);
        for part in [&letter.text, &letter.html] {
            assert!(part.contains(link), "{part}");
            assert!(part.contains("30 minutter") && part.contains("én gang"), "{part}");
            assert!(part.contains("se bort fra"), "{part}");
        }
        assert!(letter.html.contains(&format!("<a href=\"{link}\">")));
    }
}
