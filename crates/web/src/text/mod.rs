//! Every user-facing string of the pages, in Norwegian bokmål (klarspråk). One module per
//! page group, one `NB` value per module, so nynorsk and English can be added as further
//! values of the same structs. Templates only print these.

pub mod about;
pub mod account;
pub mod activities;
pub mod organisations;
pub mod volunteering;

/// The strings every list page with a filter form has (`_list.html` prints them); each page
/// group holds one beside its own.
#[derive(Debug)]
pub struct ListText {
    pub title: &'static str,
    /// Under the title.
    pub intro: Option<&'static str>,
    pub filters_heading: &'static str,
    /// The free-text field `q`.
    pub q_label: &'static str,
    pub q_help: Option<&'static str>,
    pub apply_filters: &'static str,
    pub clear_filters: &'static str,
    pub results_heading: &'static str,
    /// When a filtered search finds nothing, and what to try then.
    pub no_results: &'static str,
    pub no_results_help: &'static str,
    /// When there is nothing to list at all.
    pub none_yet: &'static str,
    /// Messages for refused filter values, by parameter name.
    pub errors: &'static [(&'static str, &'static str)],
}

impl ListText {
    /// The message for a refused filter `field`, or `fallback`.
    pub fn error<'a>(&self, field: &str, fallback: &'a str) -> &'a str {
        self.errors.iter().find(|(f, _)| *f == field).map_or(fallback, |(_, m)| m)
    }
}

/// Strings of the frame, the navigation, forms in general and the error pages.
#[derive(Debug)]
pub struct Text {
    pub lang: &'static str,
    pub site_name: &'static str,
    pub skip_to_content: &'static str,
    /// On list pages, where the filters come first on a phone.
    pub skip_to_results: &'static str,
    pub nav_label: &'static str,
    pub nav_activities: &'static str,
    pub nav_organisations: &'static str,
    pub nav_volunteering: &'static str,
    pub nav_about: &'static str,
    /// For those who keep an organisation's listings: sign in, or their page when signed in.
    pub nav_my_page: &'static str,
    pub footer_text: &'static str,
    pub footer_api: &'static str,
    pub footer_about: &'static str,
    pub error_summary_heading: &'static str,
    pub next_page: &'static str,
    pub pagination_label: &'static str,
    pub request_id: &'static str,
    pub back_home: &'static str,
    pub error_400: &'static str,
    pub error_400_text: &'static str,
    pub error_403: &'static str,
    pub error_403_text: &'static str,
    pub error_404: &'static str,
    pub error_404_text: &'static str,
    pub error_413: &'static str,
    pub error_413_text: &'static str,
    pub error_429: &'static str,
    pub error_429_text: &'static str,
    pub error_500: &'static str,
    pub error_500_text: &'static str,
    pub error_503: &'static str,
    pub error_503_text: &'static str,
}

pub const NB: Text = Text {
    lang: "nb",
    site_name: "Fritid i Drammen",
    skip_to_content: "Hopp til hovedinnholdet",
    skip_to_results: "Hopp over filtrene, til resultatene",
    nav_label: "Hovedmeny",
    nav_activities: "Aktiviteter",
    nav_organisations: "Lag og foreninger",
    nav_volunteering: "Frivillig arbeid",
    nav_about: "Om tjenesten",
    nav_my_page: "Min side",
    footer_text: "Fritid er Drammen kommunes oversikt over fritidstilbud, lag og foreninger og frivillig arbeid. Lagene holder selv sine opplysninger oppdatert.",
    footer_api: "Åpne data (API)",
    footer_about: "Personvern og tilgjengelighet",
    error_summary_heading: "For å gå videre må du rette opp dette:",
    next_page: "Neste side",
    pagination_label: "Sider",
    request_id: "Referanse for feilmelding",
    back_home: "Gå til forsiden",
    error_400: "Vi forstod ikke forespørselen",
    error_400_text: "Adressen eller skjemaet inneholdt noe vi ikke kunne lese. Gå tilbake og prøv igjen.",
    error_403: "Skjemaet var utløpt",
    error_403_text: "Av sikkerhetshensyn godtar vi bare skjemaer som er hentet fra denne tjenesten nylig. Ingenting er lagret. Gå tilbake, last inn siden på nytt og send skjemaet igjen.",
    error_404: "Fant ikke siden",
    error_404_text: "Siden finnes ikke, eller den er ikke lenger offentlig. Sjekk at adressen er riktig, eller søk etter aktiviteter fra forsiden.",
    error_413: "For mye tekst",
    error_413_text: "Skjemaet inneholdt mer tekst enn vi tar imot. Kort ned teksten og prøv igjen.",
    error_429: "For mange forespørsler",
    error_429_text: "Vi har fått mange forespørsler fra deg på kort tid. Vent litt og prøv igjen.",
    error_500: "Noe gikk galt hos oss",
    error_500_text: "Feilen er logget. Prøv igjen om litt. Hvis feilen vedvarer, kontakt kommunen og oppgi referansen nedenfor.",
    error_503: "Tjenesten er midlertidig utilgjengelig",
    error_503_text: "Vi får ikke kontakt med databasen akkurat nå. Prøv igjen om litt.",
};
