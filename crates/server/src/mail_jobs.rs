//! The scheduled e-mail: reminders of unanswered sign-ups and the weekly summary for
//! volunteer centres (`fritid_app`'s `remind_unanswered_signups` and
//! `send_weekly_summaries`). A loop runs both at start and then every few minutes; each
//! decides what is due from the time it is given, and records what it sent in the same
//! transaction as the messages, so several nodes running the loop send nothing twice and a
//! restart loses nothing. Logs give counts, never an address.

use std::time::Duration;

use chrono::{DateTime, Utc};
use fritid_app::App;
use tokio::sync::watch;

/// How often the loop looks for what is due.
pub const EVERY: Duration = Duration::from_secs(5 * 60);

/// One pass of both jobs as of `now`; a job that fails is logged and tried again next pass.
pub async fn run_once(app: &App, now: DateTime<Utc>) {
    report("signup_reminder", app.remind_unanswered_signups(now).await);
    report("weekly_summary", app.send_weekly_summaries(now).await);
}

/// Logs what a job of `kind` wrote: how many messages, or why it failed.
fn report(kind: &'static str, written: Result<usize, fritid_app::AppError>) {
    match written {
        Ok(0) => {}
        Ok(messages) => tracing::info!(kind, messages, "mail: scheduled messages written"),
        Err(e) => tracing::warn!(kind, error = %e, "mail: a scheduled job failed; will retry"),
    }
}

/// The running loop.
pub struct Jobs {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Jobs {
    /// Runs [`run_once`] now and then every `every`, until stopped.
    pub fn spawn(app: App, every: Duration) -> Jobs {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut ticker = tokio::time::interval(every);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = ticker.tick() => run_once(&app, Utc::now()).await,
                    _ = stopped.changed() => break,
                }
                if *stopped.borrow() {
                    break;
                }
            }
        });
        Jobs { stop, task }
    }

    /// Stops after the pass in hand, if any, has finished.
    pub async fn stop(self) {
        self.stop.send_replace(true);
        if let Err(e) = self.task.await {
            tracing::warn!(error = %e, "mail jobs ended abnormally");
        }
    }
}
