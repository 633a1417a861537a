//! The e-mail worker: delivers what the use cases wrote to the outbox. It claims due
//! messages with a lease (so several nodes never take the same one), sends each with the
//! `Message-ID` it was given when written (a redelivery after a crash is recognisably the
//! same message), and marks it sent, or failed for a retry with exponential backoff; after
//! the last attempt, or at once when no attempt could go otherwise (the receiving server
//! says the address does not exist; a message that cannot be built), it stays `failed`,
//! for operators to see. It wakes when a message is
//! committed through this process, and every few seconds for other nodes' messages.
//!
//! Transport: SMTP through lettre (`FRITID_SMTP_URL`), or, by default, one `.eml` file per
//! message under `<data dir>/outbox/`. Logs name a message's kind and id only, never its
//! address, body or token.

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use fritid_domain::mail::{Mail, MailStatus, address_refused};
use fritid_persistence::{ClaimedMail, Store, StoreError};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::watch;
use uuid::Uuid;

/// How long claimed messages are held before another worker may take them: longer than a
/// whole batch may take (`BATCH` conversations of up to `SMTP_TIMEOUT`), so a slow batch is
/// not claimed again, and sent twice, while its worker is still at it.
const LEASE: chrono::Duration = chrono::Duration::minutes(15);

/// Messages claimed at once.
const BATCH: u64 = 10;

/// The longest sleep between two looks at the outbox.
pub const POLL: Duration = Duration::from_secs(5);

/// The longest an SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(60);

/// Something that delivers a built message; `id` is its outbox id.
pub trait Deliver: Send + Sync + 'static {
    /// Delivers `message`, or says why not.
    fn deliver(
        &self, id: Uuid, message: &Message,
    ) -> impl Future<Output = Result<(), Failure>> + Send;
}

/// Why a delivery failed, and whether another attempt could go otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The transport's words (addresses in them are masked before they are kept or logged).
    pub reason: String,
    pub retry: bool,
}

impl Failure {
    /// A failure another attempt may not meet: a server down, a full disk, a refusal that
    /// may be mended (authentication, policy).
    pub fn passing(reason: impl Into<String>) -> Self {
        Self { reason: reason.into(), retry: true }
    }

    /// A failure every attempt would meet.
    pub fn lasting(reason: impl Into<String>) -> Self {
        Self { reason: reason.into(), retry: false }
    }

    /// An SMTP failure: lasting when the receiving server refused the address itself
    /// ([`address_refused`]), passing otherwise.
    fn smtp(e: &lettre::transport::smtp::Error) -> Self {
        let reply = std::error::Error::source(e).map(ToString::to_string).unwrap_or_default();
        let reason = e.to_string();
        if address_refused(e.is_permanent(), &reply) {
            Self::lasting(reason)
        } else {
            Self::passing(reason)
        }
    }
}

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One `<outbox id>.eml` file per message in this folder (a redelivery rewrites it).
    Files(PathBuf),
}

impl Transport {
    /// The transport the configuration names: SMTP when `FRITID_SMTP_URL` is set, else
    /// files under `<data dir>/outbox/`.
    pub fn from_config(config: &crate::Config) -> anyhow::Result<Self> {
        match config.smtp_url()? {
            Some(url) => {
                let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .context("FRITID_SMTP_URL is not a valid SMTP connection URL")?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build();
                Ok(Transport::Smtp(smtp))
            }
            None => Ok(Transport::Files(config.data_dir.join("outbox"))),
        }
    }

    /// What the logs may say about it.
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "SMTP (FRITID_SMTP_URL)".to_owned(),
            Transport::Files(dir) => format!(".eml files in {}", dir.display()),
        }
    }
}

impl Deliver for Transport {
    async fn deliver(&self, id: Uuid, message: &Message) -> Result<(), Failure> {
        match self {
            Transport::Smtp(smtp) => {
                smtp.send(message.clone()).await.map(drop).map_err(|e| Failure::smtp(&e))
            }
            Transport::Files(dir) => {
                let (dir, bytes) = (dir.clone(), message.formatted());
                tokio::task::spawn_blocking(move || write_eml(&dir, id, &bytes))
                    .await
                    .map_err(|e| Failure::passing(e.to_string()))?
                    .map_err(|e| Failure::passing(format!("writing the .eml file: {}", e.kind())))
            }
        }
    }
}

/// Writes `<dir>/<id>.eml` whole or not at all (a temporary file renamed into place),
/// readable by the owner only: messages hold personal data.
fn write_eml(dir: &std::path::Path, id: Uuid, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let temporary = dir.join(format!(".{id}.{}.tmp", Uuid::new_v4().simple()));
    crate::config::write_owner_only(&temporary, bytes)?;
    std::fs::rename(&temporary, dir.join(format!("{id}.eml")))
}

/// A transport's error without addresses in it (an SMTP server may quote the recipient).
fn scrub(error: &str) -> String {
    error
        .split(' ')
        .map(|word| if word.contains('@') { "<address>" } else { word })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The message as sent: from `from`, with its stored `Message-ID`, plain text with an HTML
/// alternative. A message that cannot be built never will be: its failure is lasting.
pub fn build(from: &Mailbox, mail: &Mail) -> Result<Message, Failure> {
    build_message(from, mail).map_err(Failure::lasting)
}

fn build_message(from: &Mailbox, mail: &Mail) -> Result<Message, String> {
    let to: Mailbox =
        mail.to.as_str().parse().map_err(|_| "the recipient is not a deliverable address")?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(mail.message_id.clone()))
        .multipart(MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone()))
        .map_err(|e| format!("the message could not be built: {e}"))
}

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    /// Failed attempts that will be retried.
    pub retrying: usize,
    /// Failed attempts after which the outbox gave up.
    pub failed: usize,
}

impl Pass {
    fn claimed(&self) -> usize {
        self.sent + self.retrying + self.failed
    }
}

/// One pass as of `now`: claims the messages due, delivers each through `transport`, and
/// records the outcome.
pub async fn deliver_due(
    store: &Store, transport: &impl Deliver, from: &Mailbox, now: DateTime<Utc>,
) -> Result<Pass, StoreError> {
    let mut pass = Pass::default();
    for ClaimedMail { id, mail, attempts } in store.claim_due_mail(now, LEASE, BATCH).await? {
        let kind = mail.kind.as_str();
        let outcome = match build(from, &mail) {
            Ok(message) => transport.deliver(id, &message).await,
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => {
                store.mark_mail_sent(id, now).await?;
                tracing::info!(kind, %id, "mail sent");
                pass.sent += 1;
            }
            Err(Failure { reason, retry }) => {
                let error = scrub(&reason);
                match store.mark_mail_failed(id, &error, retry, now).await? {
                    MailStatus::Failed => {
                        tracing::error!(kind, %id, attempts = attempts + 1, %error, "mail failed; giving up");
                        pass.failed += 1;
                    }
                    _ => {
                        tracing::warn!(kind, %id, attempts = attempts + 1, %error, "mail failed; will retry");
                        pass.retrying += 1;
                    }
                }
            }
        }
    }
    Ok(pass)
}

/// The running worker.
pub struct Worker {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Worker {
    /// Starts delivering the outbox of `store` through `transport`, as `from`.
    pub fn spawn(store: Store, transport: impl Deliver, from: Mailbox) -> Worker {
        let (stop, mut stopped) = watch::channel(false);
        let wake = store.mail_wake();
        let task = tokio::spawn(async move {
            while !*stopped.borrow() {
                let full = match deliver_due(&store, &transport, &from, Utc::now()).await {
                    Ok(pass) => pass.claimed() as u64 == BATCH,
                    Err(e) => {
                        tracing::warn!(error = %e, "mail: the outbox could not be read; will retry");
                        false
                    }
                };
                if full {
                    continue; // more may be due
                }
                tokio::select! {
                    () = wake.notified() => {}
                    () = tokio::time::sleep(POLL) => {}
                    _ = stopped.changed() => {}
                }
            }
        });
        Worker { stop, task }
    }

    /// Stops after the message in hand (its batch) is delivered and recorded.
    pub async fn stop(self) {
        self.stop.send_replace(true);
        if let Err(e) = self.task.await {
            tracing::warn!(error = %e, "mail worker ended abnormally");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_errors_lose_their_addresses() {
        assert_eq!(
            scrub("permanent error (550): 5.1.1 <kari@example.no>: Recipient address rejected"),
            "permanent error (550): 5.1.1 <address> Recipient address rejected"
        );
    }
}
