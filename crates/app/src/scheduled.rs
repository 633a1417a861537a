//! The messages nobody's request causes: reminders of unanswered sign-ups, and the weekly
//! summary for volunteer centres. Each is a job a background loop of the server runs every
//! few minutes, taking the time as an argument (tests choose it); each is safe to run on
//! several nodes at once and as often as one likes: what it sends is decided inside the
//! transaction that writes it.

use chrono::{DateTime, Utc};
use fritid_domain::mail::summary_week;
use fritid_persistence::UnansweredSignup;

use crate::mail::{self, Waiting};
use crate::{App, AppError};

/// The name the weekly summary's runs are recorded under.
const WEEKLY_SUMMARY: &str = "weekly_summary";

impl App {
    /// Reminds organisations of the sign-ups that have waited more than
    /// `FRITID_STALE_SIGNUP_DAYS` for an answer as of `now`: each sign-up once. Returns the
    /// messages written by this run.
    ///
    /// One message per organisation and pass, listing each opportunity with how many of its
    /// sign-ups wait and the link to its inbox — rather than one per sign-up: after a quiet
    /// spell, or the first time the job runs, an organisation with a backlog would otherwise
    /// find a pile of identical messages, the kind people learn to ignore. A sign-up is in
    /// exactly one reminder: the message is written with the marks of the sign-ups it
    /// lists, or not at all.
    pub async fn remind_unanswered_signups(&self, now: DateTime<Utc>) -> Result<usize, AppError> {
        let waiting = self.store.unreminded_signups(self.volunteering.stale_before(now)).await?;
        let mut written = 0;
        for signups in waiting.chunk_by(|a, b| a.organisation_id == b.organisation_id) {
            let Some(first) = signups.first() else { continue };
            let contacts = self.store.organisation_contacts(first.organisation_id).await?;
            let letter = mail::signup_reminder(
                &self.waiting_by_opportunity(signups),
                self.volunteering.stale_after_days,
            );
            let mails = self.letters_to(&contacts, &letter);
            let ids: Vec<_> = signups.iter().map(|s| s.id).collect();
            if self.store.remind_of_signups(&ids, &mails, now).await? {
                written += mails.len();
            }
        }
        Ok(written)
    }

    /// The opportunities of one organisation's waiting `signups`, in order of the oldest.
    fn waiting_by_opportunity(&self, signups: &[UnansweredSignup]) -> Vec<Waiting> {
        let mut out: Vec<(uuid::Uuid, Waiting)> = Vec::new();
        for s in signups {
            match out.iter_mut().find(|(id, _)| *id == s.opportunity_id) {
                Some((_, w)) => w.signups += 1,
                None => out.push((
                    s.opportunity_id,
                    Waiting {
                        opportunity: s.opportunity_title.clone(),
                        signups: 1,
                        inbox: self.page_url(&format!("/min-side/frivillig/{}", s.opportunity_id)),
                    },
                )),
            }
        }
        out.into_iter().map(|(_, w)| w).collect()
    }

    /// The weekly summary, once a week from Monday 07:00 Europe/Oslo as of `now` (see
    /// [`summary_week`]): to each verified volunteer centre, how many sign-ups in each of
    /// its districts have waited more than `FRITID_STALE_SIGNUP_DAYS` for an answer. Counts
    /// only. A centre with none waiting gets no message: a summary that says nothing every
    /// week teaches people to skip the one that matters. The week is recorded with the
    /// messages in one transaction, so it goes out once however many nodes run the job and
    /// however often. Returns the messages written by this run.
    pub async fn send_weekly_summaries(&self, now: DateTime<Utc>) -> Result<usize, AppError> {
        let Some(monday) = summary_week(now) else {
            return Ok(0);
        };
        let period = monday.to_string();
        if self.store.job_ran(WEEKLY_SUMMARY, &period).await? {
            return Ok(0);
        }
        let days = self.volunteering.stale_after_days;
        let overview = self.page_url("/min-side");
        let mut mails = Vec::new();
        for centre in self.store.centre_summaries(self.volunteering.stale_before(now)).await? {
            if centre.districts.iter().all(|(_, n)| *n == 0) {
                continue;
            }
            let contacts = self.store.organisation_contacts(centre.centre_id).await?;
            let letter = mail::weekly_summary(
                &centre.centre_name,
                &centre.districts,
                monday,
                days,
                &overview,
            );
            mails.extend(self.letters_to(&contacts, &letter));
        }
        let recorded = self.store.record_job_run(WEEKLY_SUMMARY, &period, &mails, now).await?;
        Ok(if recorded { mails.len() } else { 0 })
    }
}
