//! Outgoing e-mail as the rules see it: what a message is, which kinds there are, how long a
//! failed delivery waits before the next try, when the outbox gives up, and how an address
//! is shown to operators. No I/O: the store keeps messages in the outbox, a worker of the
//! server delivers them.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Europe::Oslo;
use uuid::Uuid;

use crate::account::Email;
use crate::code::codes;

/// What a message is about. Logs name the kind and the message id, never the address, the
/// body or a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailKind {
    /// The link that confirms the address given at registration.
    VerifyEmail,
    /// The link that sets a new password, asked for by whoever knew the address.
    PasswordReset,
    /// An invitation to join an organisation, with the link that accepts it.
    Invitation,
    /// To the organisation: a volunteer signed up for one of its opportunities.
    SignupNotice,
    /// To the volunteer: the sign-up arrived; with the link that withdraws it.
    SignupReceipt,
    /// To the volunteer: the organisation accepted or declined the sign-up.
    SignupAnswered,
    /// To the organisation: sign-ups still unanswered after the configured days.
    SignupReminder,
    /// To a volunteer centre: the week's counts of unanswered sign-ups in its districts.
    WeeklySummary,
}

codes!(stored MailKind, documented as MailKindDto: "What a message is about (documentation only)." {
    VerifyEmail => "verify_email",
    PasswordReset => "password_reset",
    Invitation => "invitation",
    SignupNotice => "signup_notice",
    SignupReceipt => "signup_receipt",
    SignupAnswered => "signup_answered",
    SignupReminder => "signup_reminder",
    WeeklySummary => "weekly_summary",
});

/// What a single-use link sent by e-mail does; the store keeps only the SHA-256 of its
/// token, with this purpose, so a token made for one purpose never works for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkPurpose {
    /// Confirms the account's address (valid 24 hours).
    Verify,
    /// Sets a new password (valid 30 minutes).
    Reset,
}

codes!(stored LinkPurpose {
    Verify => "verify",
    Reset => "reset",
});

/// Where a message is in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailStatus {
    /// Waiting for its (next) delivery attempt.
    Queued,
    /// Accepted by the mail server (or written to the outbox folder).
    Sent,
    /// Given up after [`MAX_ATTEMPTS`] failed attempts; kept for operators to see.
    Failed,
}

codes!(input MailStatus, documented as MailStatusDto: "Where a message is (documentation only)." {
    Queued => "queued",
    Sent => "sent",
    Failed => "failed",
});

/// A message to one person: a plain-text body and an HTML alternative of the same content.
/// `message_id` is its `Message-ID` header, fixed when it is written to the outbox, so a
/// redelivery after a crash is recognisably the same message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub kind: MailKind,
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub message_id: String,
}

/// A `Message-ID` (`<id@domain>`) for a message sent from `from`, an address or a mailbox
/// such as `Fritid <noreply@drammen.kommune.no>`: unique by `id`, in the sender's domain.
pub fn message_id(id: Uuid, from: &str) -> String {
    let domain = from
        .rsplit_once('@')
        .map(|(_, d)| d.trim_end_matches('>').trim())
        .filter(|d| !d.is_empty())
        .unwrap_or("localhost");
    format!("<{}@{domain}>", id.simple())
}

/// A message as operators see it in the outbox: the recipient masked ([`mask`]), no body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema),
    schema(as = OutboxEntryDto, description = "One e-mail message, without its body."))]
pub struct OutboxEntry {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = MailKindDto))]
    pub kind: MailKind,
    /// The address, masked.
    #[cfg_attr(feature = "openapi", schema(example = "k***@example.no"))]
    pub recipient: String,
    pub subject: String,
    #[cfg_attr(feature = "openapi", schema(value_type = MailStatusDto))]
    pub status: MailStatus,
    /// Delivery attempts made so far.
    pub attempts: i32,
    /// When a queued message is tried next.
    pub next_attempt_at: DateTime<Utc>,
    /// Why the last attempt failed.
    // The transport's words, without personal data.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// How many times delivery is tried before a message is `failed`.
pub const MAX_ATTEMPTS: i32 = 8;

/// The wait after the first failed attempt; it doubles with each further failure.
const FIRST_RETRY: Duration = Duration::seconds(30);

/// The longest wait between two attempts.
const LONGEST_RETRY: Duration = Duration::hours(1);

/// Whether a mail server's refusal concerns the address itself, so that every further
/// attempt would be refused alike: a permanent (5xx) reply whose enhanced status code
/// (RFC 3463) is in class 5.1, addressing ("5.1.1 user unknown", "5.1.2 bad domain").
/// Such a message is given up at once: repeated attempts at a dead address count against
/// a sender with mailbox providers. Any other refusal (authentication, policy, a full
/// mailbox, a reply without an enhanced code) is retried, since it may be mended meanwhile.
pub fn address_refused(permanent: bool, reply: &str) -> bool {
    let Some(code) = reply.split_whitespace().next() else {
        return false;
    };
    let mut parts = code.split('.');
    permanent
        && parts.next() == Some("5")
        && parts.next() == Some("1")
        && parts.next().is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        && parts.next().is_none()
}

/// After `attempts` failed attempts (1 or more), when the next one is due, as of `now`:
/// 30 s · 2^(attempts − 1), at most an hour. `None` once the outbox gives up.
pub fn next_attempt(attempts: i32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = u32::try_from(attempts.max(1) - 1).unwrap_or(0).min(16);
    let wait = FIRST_RETRY * 2_i32.pow(doublings);
    Some(now + wait.min(LONGEST_RETRY))
}

/// The weekly summary goes out on Mondays at this hour, Europe/Oslo.
const SUMMARY_HOUR: u32 = 7;

/// The week whose summary is due at `now`, named by its Monday (the date in Europe/Oslo):
/// from Monday 07:00 Oslo time until the next Monday 07:00. `None` on a Monday before 07:00
/// and never an earlier week, so a summary missed while the service was down is caught up
/// within its own week and never for a week long past. Summer time changes on Sundays at
/// 02:00/03:00, so 07:00 on a Monday always exists once.
pub fn summary_week(now: DateTime<Utc>) -> Option<NaiveDate> {
    let today = now.with_timezone(&Oslo).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let due = monday.and_hms_opt(SUMMARY_HOUR, 0, 0)?.and_local_timezone(Oslo).earliest()?;
    (now >= due).then_some(monday)
}

/// An address as operators may see it: the first character of the local part, then `***`,
/// then the domain (`k***@example.no`).
pub fn mask(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

/// `value` safe inside HTML text and attribute values.
pub fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_permanent_refusal_of_the_address_is_final() {
        let cases = [
            (true, "5.1.1 <kari@example.no>: Recipient address rejected: User unknown", true),
            (true, "5.1.10 Recipient address rejected: null MX", true),
            (true, "5.7.1 Message rejected as spam", false),
            (true, "5.7.8 Authentication credentials invalid", false),
            (true, "5.2.2 Mailbox full", false),
            (true, "Requested action not taken: mailbox unavailable", false),
            (true, "5.1 incomplete", false),
            (true, "5.1.x not a number", false),
            (true, "", false),
            (false, "4.1.1 Try again later", false),
            (false, "5.1.1 User unknown", false),
        ];
        for (permanent, reply, expected) in cases {
            assert_eq!(super::address_refused(permanent, reply), expected, "{permanent} {reply}");
        }
    }

    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour_then_stop() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let wait = |n| next_attempt(n, now).map(|at| (at - now).num_seconds());
        assert_eq!(wait(1), Some(30));
        assert_eq!(wait(2), Some(60));
        assert_eq!(wait(3), Some(120));
        assert_eq!(wait(7), Some(1920));
        assert_eq!(wait(MAX_ATTEMPTS), None);
        assert_eq!(wait(MAX_ATTEMPTS + 3), None);
        assert_eq!(wait(0), Some(30));
    }

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339).map(|t| t.to_utc()).unwrap_or_default()
    }

    #[test]
    fn the_summary_week_starts_on_monday_at_seven_oslo_time() {
        let monday = NaiveDate::from_ymd_opt(2026, 12, 7);
        // Winter: 07:00 in Oslo is 06:00 UTC.
        assert_eq!(summary_week(at("2026-12-07T05:59:59Z")), None);
        assert_eq!(summary_week(at("2026-12-07T06:00:00Z")), monday);
        assert_eq!(summary_week(at("2026-12-13T22:59:59Z")), monday, "Sunday night");
        assert_eq!(summary_week(at("2026-12-13T23:30:00Z")), None, "Monday 00:30 Oslo");
        // Summer: 07:00 is 05:00 UTC; the Monday after the change to summer time.
        let after_change = NaiveDate::from_ymd_opt(2026, 3, 30);
        assert_eq!(summary_week(at("2026-03-30T04:59:00Z")), None);
        assert_eq!(summary_week(at("2026-03-30T05:00:00Z")), after_change);
        // And the Monday after the change back.
        assert_eq!(summary_week(at("2026-10-26T05:30:00Z")), None);
        assert_eq!(summary_week(at("2026-10-26T06:00:00Z")), NaiveDate::from_ymd_opt(2026, 10, 26));
    }

    #[test]
    fn addresses_are_masked() {
        assert_eq!(mask("kari.nordmann@example.no"), "k***@example.no");
        assert_eq!(mask("ø@example.no"), "ø***@example.no");
        assert_eq!(mask("nonsense"), "***");
    }

    #[test]
    fn message_ids_are_in_the_senders_domain() {
        let id = Uuid::nil();
        let want = format!("<{}@drammen.kommune.no>", id.simple());
        assert_eq!(message_id(id, "Fritid <noreply@drammen.kommune.no>"), want);
        assert_eq!(message_id(id, "noreply@drammen.kommune.no"), want);
        assert_eq!(message_id(id, "nobody"), format!("<{}@localhost>", id.simple()));
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape_html("<b>\"Ola\" & 'Kari'</b>"),
            "&lt;b&gt;&quot;Ola&quot; &amp; &#39;Kari&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn codes_round_trip() {
        assert_eq!(MailKind::parse("verify_email"), Some(MailKind::VerifyEmail));
        assert_eq!(MailKind::parse("weekly_summary"), Some(MailKind::WeeklySummary));
        assert_eq!(MailStatus::parse("status", "failed").ok(), Some(MailStatus::Failed));
        assert!(MailStatus::parse("status", "lost").is_err());
    }
}
