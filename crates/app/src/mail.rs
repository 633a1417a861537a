//! The e-mail the use cases send: each message is composed here (Norwegian bokmål, plain
//! text with an HTML alternative, links built from the public address) and written to the
//! outbox in the same transaction as the event that causes it; a worker of the server
//! delivers it. To add a kind of message: a `MailKind`, a function composing its [`Letter`]
//! below, and the use case passing [`App::letter_to`]'s `Mail` (or [`App::email_link`]'s
//! `EmailLink`, for a single-use link) to the store method that makes its event.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use fritid_domain::account::{Email, OrgRole};
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

/// One paragraph of a message.
enum Part {
    /// Plain words; a line break stays a line break.
    Words(String),
    /// A link, shown as its address.
    Link(String),
}

fn words(text: impl Into<String>) -> Part {
    Part::Words(text.into())
}

fn link(address: &str) -> Part {
    Part::Link(address.to_owned())
}

/// The one way a message is composed: `parts` as paragraphs of plain text, then the
/// signature; the same in HTML, escaped, each link an anchor.
fn compose(kind: MailKind, subject: String, parts: &[Part]) -> Letter {
    let plain: Vec<&str> = parts
        .iter()
        .map(|p| match p {
            Part::Words(w) | Part::Link(w) => w.as_str(),
        })
        .collect();
    let text = format!("{}\n\n{SIGNATURE}\n", plain.join("\n\n"));
    let paragraphs: Vec<String> = parts
        .iter()
        .map(|p| match p {
            Part::Words(w) => escape_html(w).replace('\n', "<br>\n"),
            Part::Link(l) => format!("<a href=\"{0}\">{0}</a>", escape_html(l)),
        })
        .collect();
    let html = html_document(&subject, &paragraphs);
    Letter { kind, subject, text, html }
}

/// The message that confirms the address given at registration; `link` opens
/// `/bekreft-epost` with its token.
pub fn confirmation(name: &str, link_address: &str) -> Letter {
    compose(
        MailKind::VerifyEmail,
        "Bekreft e-postadressen din hos Fritid".to_owned(),
        &[
            words(format!("Hei, {name}!")),
            words(
                "Du har opprettet en konto hos Fritid. Bekreft e-postadressen din ved å åpne \
                 lenken under.",
            ),
            link(link_address),
            words(
                "Lenken virker i 24 timer og kan brukes én gang. Har du ikke opprettet en \
                 konto, kan du se bort fra denne e-posten.",
            ),
        ],
    )
}

/// The message that lets the account's owner choose a new password; `link_address` opens
/// `/nytt-passord` with its token.
pub fn password_reset(name: &str, link_address: &str) -> Letter {
    compose(
        MailKind::PasswordReset,
        "Nytt passord hos Fritid".to_owned(),
        &[
            words(format!("Hei, {name}!")),
            words(
                "Noen har bedt om å få sette et nytt passord for kontoen din hos Fritid. Åpne \
                 lenken under for å velge et nytt passord.",
            ),
            link(link_address),
            words(
                "Lenken virker i 30 minutter og kan brukes én gang. Når du har valgt et nytt \
                 passord, blir du logget ut overalt. Har du ikke bedt om dette, kan du se bort \
                 fra denne e-posten: passordet ditt er ikke endret.",
            ),
        ],
    )
}

/// The invitation to join `organisation` as `role`; `link` opens `/invitasjon` with the
/// invitation's token, which works for `days` days.
pub fn invitation(organisation: &str, role: OrgRole, link_address: &str, days: i64) -> Letter {
    let role = match role {
        OrgRole::Owner => "eier",
        OrgRole::Editor => "redaktør",
    };
    compose(
        MailKind::Invitation,
        format!("Invitasjon til {organisation} hos Fritid"),
        &[
            words("Hei!"),
            words(format!(
                "Du er invitert til å bli {role} for {organisation} hos Fritid. Logg inn \
                 (eller opprett en konto) med denne e-postadressen, og åpne lenken under for å \
                 takke ja."
            )),
            link(link_address),
            words(format!(
                "Invitasjonen gjelder i {days} dager. Venter du ikke en slik invitasjon, kan du \
                 se bort fra denne e-posten."
            )),
        ],
    )
}

/// To the organisation: a volunteer signed up for `opportunity`; `inbox` is the page where
/// its members read and answer the sign-ups. The volunteer's details stay on that page.
pub fn signup_notice(opportunity: &str, inbox: &str) -> Letter {
    compose(
        MailKind::SignupNotice,
        format!("Ny frivillig påmelding: {opportunity}"),
        &[
            words("Hei!"),
            words(format!("En frivillig har meldt seg på «{opportunity}» hos Fritid.")),
            words("Se påmeldingen og svar den frivillige her (du må være logget inn):"),
            link(inbox),
            words("Svar gjerne i løpet av noen dager – den frivillige venter på å høre fra dere."),
        ],
    )
}

/// To the volunteer `name`: the sign-up for `opportunity` of `organisation` arrived;
/// `withdraw` opens `/frivillig/trekk-tilbake` with the sign-up's withdraw token.
pub fn signup_receipt(name: &str, opportunity: &str, organisation: &str, withdraw: &str) -> Letter {
    compose(
        MailKind::SignupReceipt,
        format!("Påmeldingen din: {opportunity}"),
        &[
            words(format!("Hei, {name}!")),
            words(format!(
                "Takk for at du vil være frivillig! {organisation} har fått påmeldingen din til \
                 «{opportunity}» og tar kontakt med deg."
            )),
            words(
                "Ombestemmer du deg, kan du trekke påmeldingen tilbake med lenken under. Da \
                 slettes opplysningene dine.",
            ),
            link(withdraw),
            words("Lenken er bare for deg; ikke del den med andre."),
        ],
    )
}

/// To the volunteer `name`: `organisation` accepted (or declined) the sign-up for
/// `opportunity`; `more` is the list of opportunities, for one who was declined.
pub fn signup_answered(
    name: &str, opportunity: &str, organisation: &str, accepted: bool, more: &str,
) -> Letter {
    let greeting = words(format!("Hei, {name}!"));
    let (subject, parts) = if accepted {
        let answer = format!(
            "{organisation} har takket ja til påmeldingen din til «{opportunity}». De tar \
             kontakt med deg om det praktiske."
        );
        ("Du er tatt imot som frivillig", vec![greeting, words(answer)])
    } else {
        let answer = format!(
            "{organisation} har dessverre ikke plass til deg på «{opportunity}» denne gangen. \
             Takk for at du meldte deg!"
        );
        let elsewhere = words("Kanskje passer et annet oppdrag? Se hvem som trenger frivillige:");
        ("Svar på påmeldingen din", vec![greeting, words(answer), elsewhere, link(more)])
    };
    compose(MailKind::SignupAnswered, format!("{subject}: {opportunity}"), &parts)
}

/// One opportunity in a reminder: its title, how many of its sign-ups wait, and its inbox.
#[derive(Debug, Clone)]
pub struct Waiting {
    pub opportunity: String,
    pub signups: usize,
    pub inbox: String,
}

/// To the organisation: the sign-ups in `waiting` have had no answer for `days` days.
pub fn signup_reminder(waiting: &[Waiting], days: u32) -> Letter {
    let mut parts = vec![
        words("Hei!"),
        words(format!(
            "Disse frivillige har ventet på svar fra dere i mer enn {days} dager. Også et nei \
             er bedre enn ingen svar."
        )),
    ];
    for w in waiting {
        let count = match w.signups {
            1 => "1 påmelding".to_owned(),
            n => format!("{n} påmeldinger"),
        };
        parts.push(words(format!("«{}»: {count} uten svar", w.opportunity)));
        parts.push(link(&w.inbox));
    }
    compose(MailKind::SignupReminder, "Frivillige venter på svar".to_owned(), &parts)
}

/// To a volunteer centre: for the week of `monday`, how many sign-ups have waited more than
/// `days` days for an answer in each of its districts. Counts only; `overview` is
/// `/min-side`.
pub fn weekly_summary(
    centre: &str, districts: &[(String, u64)], monday: NaiveDate, days: u32, overview: &str,
) -> Letter {
    let lines: Vec<String> = districts.iter().map(|(d, n)| format!("{d}: {n}")).collect();
    let total: u64 = districts.iter().map(|(_, n)| n).sum();
    compose(
        MailKind::WeeklySummary,
        format!("Ukesoversikt uke {}: frivillige som venter på svar", monday.iso_week().week()),
        &[
            words(format!("Hei, {centre}!")),
            words(format!(
                "Påmeldinger til frivillige oppdrag i kommunedelene deres som har ventet på svar \
                 i mer enn {days} dager:"
            )),
            words(lines.join("\n")),
            words(format!("Totalt: {total}.")),
            words("Organisasjonene og tallene ser dere på Min side:"),
            link(overview),
        ],
    )
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

    /// `letter` addressed to each of `to`, each with a `Message-ID` of its own.
    pub fn letters_to(&self, to: &[Email], letter: &Letter) -> Vec<Mail> {
        to.iter().map(|address| self.letter_to(address, letter.clone())).collect()
    }

    /// The address of the page `path` (`/min-side`), as e-mailed links give it.
    pub fn page_url(&self, path: &str) -> String {
        format!("{}{path}", self.mail.public_url)
    }

    /// A new single-use link for `purpose` to the page `path` (`/bekreft-epost`), working
    /// until `now + ttl`, and its message to `to`: `compose` writes the letter around the
    /// link's address. Only the token's hash is kept.
    pub fn email_link(
        &self, purpose: LinkPurpose, to: &Email, path: &str,
        (now, ttl): (DateTime<Utc>, chrono::Duration), compose: impl FnOnce(&str) -> Letter,
    ) -> Result<EmailLink, AppError> {
        let token = new_opaque_token()?;
        let link = self.page_url(&format!("{path}?token={token}"));
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

    #[test]
    fn titles_are_escaped_and_the_summary_keeps_its_lines() {
        let inbox = "https://fritid.example/min-side/frivillig/1";
        let notice = signup_notice("<Leksehjelp>", inbox);
        assert!(notice.html.contains("«&lt;Leksehjelp&gt;»"), "{}", notice.html);
        assert!(notice.html.contains(&format!("<a href=\"{inbox}\">")));
        let districts = [("Konnerud".to_owned(), 2), ("Svelvik".to_owned(), 0)];
        let monday = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        let summary = weekly_summary("Sentralen", &districts, monday, 7, "https://x/min-side");
        assert!(summary.text.contains("Konnerud: 2\nSvelvik: 0\n"), "{}", summary.text);
        assert!(summary.html.contains("Konnerud: 2<br>\nSvelvik: 0"), "{}", summary.html);
        assert!(summary.subject.contains("uke 50"), "{}", summary.subject);
    }
}
