//! Strings of the organisations pages.

use super::ListText;
use fritid_domain::organisation::OrganisationKind;

#[derive(Debug)]
pub struct OrganisationsText {
    // The list.
    pub list: ListText,
    pub districts_legend: &'static str,
    pub kind_label: &'static str,
    pub all_kinds: &'static str,
    pub category_label: &'static str,
    pub category_help: &'static str,
    pub all_categories: &'static str,
    pub kind_short: &'static str,
    pub districts_short: &'static str,
    pub all_of_drammen: &'static str,
    // One organisation.
    pub about_heading: &'static str,
    pub no_description: &'static str,
    pub org_number: &'static str,
    pub verified_note: &'static str,
    pub contact_heading: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub website: &'static str,
    pub no_contact: &'static str,
    pub activities_heading: &'static str,
    pub no_activities: &'static str,
    pub all_activities: &'static str,
    pub opportunities_heading: &'static str,
    pub opportunities_intro: &'static str,
    pub no_opportunities: &'static str,
    pub all_opportunities: &'static str,
    /// The kinds in the order of [`OrganisationKind::ALL`].
    pub kinds: [&'static str; 5],
}

impl OrganisationsText {
    /// The name of a kind of organisation.
    pub fn kind_name(&self, kind: OrganisationKind) -> &'static str {
        let i = OrganisationKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.kinds.get(i).copied().unwrap_or_default()
    }
}

pub const NB: OrganisationsText = OrganisationsText {
    list: ListText {
        title: "Lag og foreninger",
        intro: Some(
            "Idrettslag, korps, kor, frivilligsentraler og andre som tilbyr noe i Drammen. Lagene skriver og oppdaterer opplysningene selv; kommunen har godkjent alle som vises her.",
        ),
        filters_heading: "Avgrens listen",
        q_label: "Navn",
        q_help: Some("Hele eller en del av navnet."),
        apply_filters: "Vis lag og foreninger",
        clear_filters: "Fjern alle filtre",
        results_heading: "Resultater",
        no_results: "Ingen lag eller foreninger passer søket ditt.",
        no_results_help: "Prøv færre filtre, eller bare en del av navnet.",
        none_yet: "Det er ingen lag eller foreninger å vise ennå.",
        errors: &[
            ("q", "Navnet kan være på høyst 200 tegn."),
            ("district", "Velg bydeler fra listen."),
            ("kind", "Velg en type fra listen."),
            ("category", "Velg en kategori fra listen."),
            ("limit", "Antall per side må være mellom 1 og 100."),
        ],
    },
    districts_legend: "Bydel (kommunedel)",
    kind_label: "Type organisasjon",
    all_kinds: "Alle typer",
    category_label: "Har aktiviteter innen",
    category_help: "Bare lag som har minst én aktivitet i kategorien.",
    all_categories: "Alle kategorier",
    kind_short: "Type",
    districts_short: "Bydel",
    all_of_drammen: "Hele Drammen",
    about_heading: "Om organisasjonen",
    no_description: "Organisasjonen har ikke skrevet noe om seg selv ennå.",
    org_number: "Organisasjonsnummer",
    verified_note: "Godkjent av Drammen kommune. Opplysningene er skrevet av organisasjonen selv.",
    contact_heading: "Kontakt",
    email: "E-post",
    phone: "Telefon",
    website: "Nettside",
    no_contact: "Organisasjonen har ikke oppgitt kontaktinformasjon.",
    activities_heading: "Aktiviteter",
    no_activities: "Organisasjonen har ingen publiserte aktiviteter akkurat nå.",
    all_activities: "Se alle aktivitetene til organisasjonen",
    opportunities_heading: "Trenger frivillige",
    opportunities_intro: "Disse oppdragene tar imot frivillige nå. Du trenger ikke konto for å melde din interesse.",
    no_opportunities: "Organisasjonen søker ikke frivillige akkurat nå.",
    all_opportunities: "Se alle frivillige oppdrag",
    kinds: [
        "Lag eller forening",
        "Frivilligsentral",
        "Kommunalt tilbud",
        "Sosial entreprenør",
        "Annet",
    ],
};
