//! Strings of signing in, signing out, creating an account and `/min-side`.
//!
//! `{name}` and `{email}` are replaced by the signed-in user's name and address.

#[derive(Debug)]
pub struct AccountText {
    /// Before the title of a page whose form has errors.
    pub error_title_prefix: &'static str,
    pub required: &'static str,
    pub email_label: &'static str,
    pub password_label: &'static str,
    pub name_label: &'static str,
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub login_submit: &'static str,
    /// The one message for a refused sign-in: it never says which part was wrong.
    pub login_failed: &'static str,
    pub registered_notice: &'static str,
    pub forgot_password: &'static str,
    pub no_account: &'static str,
    pub register_link: &'static str,
    pub register_title: &'static str,
    pub register_intro: &'static str,
    pub register_password_help: &'static str,
    pub register_submit: &'static str,
    pub has_account: &'static str,
    pub login_link: &'static str,
    pub my_page_title: &'static str,
    pub signed_in_as: &'static str,
    pub organisations_heading: &'static str,
    pub no_organisations: &'static str,
    pub organisation_name: &'static str,
    pub organisation_status: &'static str,
    pub organisation_role: &'static str,
    pub status_pending: &'static str,
    pub status_verified: &'static str,
    pub status_rejected: &'static str,
    pub status_archived: &'static str,
    pub role_owner: &'static str,
    pub role_editor: &'static str,
    pub logout_submit: &'static str,
    /// Messages for refused fields of the registration, by the API's field name.
    pub errors: &'static [(&'static str, &'static str)],
    pub error_fallback: &'static str,
}

impl AccountText {
    /// The message for a refused registration `field`.
    pub fn error(&self, field: &str) -> &'static str {
        self.errors.iter().find(|(f, _)| *f == field).map_or(self.error_fallback, |(_, m)| m)
    }
}

pub const NB: AccountText = AccountText {
    error_title_prefix: "Rett opp skjemaet: ",
    required: "må fylles ut",
    email_label: "E-postadresse",
    password_label: "Passord",
    name_label: "Fullt navn",
    login_title: "Logg inn",
    login_intro: "For deg som legger inn og oppdaterer tilbud for et lag, en forening eller en frivilligsentral.",
    login_submit: "Logg inn",
    login_failed: "E-postadressen eller passordet er feil. Sjekk begge og prøv igjen.",
    registered_notice: "Hvis adressen ikke var registrert fra før, er kontoen din opprettet. Logg inn med e-postadressen og passordet du valgte.",
    forgot_password: "Glemt passordet?",
    no_account: "Har du ikke konto?",
    register_link: "Opprett konto",
    register_title: "Opprett konto",
    register_intro: "Med en konto kan du registrere laget ditt og legge inn aktiviteter og frivillige oppdrag.",
    register_password_help: "Minst 10 tegn. Bruk gjerne flere ord etter hverandre.",
    register_submit: "Opprett konto",
    has_account: "Har du allerede en konto?",
    login_link: "Logg inn",
    my_page_title: "Min side",
    signed_in_as: "Du er logget inn som {name} ({email}).",
    organisations_heading: "Mine organisasjoner",
    no_organisations: "Du er ikke medlem av noen organisasjon ennå.",
    organisation_name: "Organisasjon",
    organisation_status: "Status",
    organisation_role: "Din rolle",
    status_pending: "Venter på godkjenning",
    status_verified: "Godkjent",
    status_rejected: "Avvist",
    status_archived: "Arkivert",
    role_owner: "Eier",
    role_editor: "Redaktør",
    logout_submit: "Logg ut",
    errors: &[
        ("email", "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."),
        (
            "password",
            "Velg et passord med mellom 10 og 128 tegn som ikke er et vanlig brukt passord.",
        ),
        ("name", "Skriv navnet ditt."),
    ],
    error_fallback: "Sjekk det du har skrevet her.",
};
