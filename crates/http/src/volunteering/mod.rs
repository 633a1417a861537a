//! Volunteering: organisations post opportunities; residents offer to help without an
//! account. Sign-ups are personal data: only the organisation's members see them (admins
//! answer requests about an address with the personal-data endpoints); they never appear in
//! public listings, logs or audit summaries, and the volunteer can erase them with the
//! withdraw token.

mod opportunities;
mod signups;

pub use opportunities::*;
pub use signups::*;
