//! Strings of the volunteering pages: the opportunities, the sign-up form and its receipt,
//! and withdrawing a sign-up.
//!
//! `{age}` in a string is replaced by the consent age, `{organisation}` by the
//! organisation's name.

use super::ListText;
use fritid_domain::volunteering::Commitment;

#[derive(Debug)]
pub struct VolunteeringText {
    // The list.
    pub list: ListText,
    pub districts_legend: &'static str,
    pub commitments_legend: &'static str,
    pub skills_legend: &'static str,
    // Facts about an opportunity.
    pub organisation: &'static str,
    pub district: &'static str,
    pub commitment: &'static str,
    pub when: &'static str,
    pub by_agreement: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub skills: &'static str,
    pub min_age: &'static str,
    pub no_min_age: &'static str,
    pub spots_left: &'static str,
    pub no_spot_limit: &'static str,
    pub police_certificate: &'static str,
    pub police_certificate_yes: &'static str,
    pub police_certificate_no: &'static str,
    pub about_heading: &'static str,
    pub status_closed: &'static str,
    pub status_filled: &'static str,
    pub not_open_help: &'static str,
    pub see_others: &'static str,
    /// The commitments in the order of [`Commitment::ALL`].
    pub commitments: [&'static str; 3],
    // The sign-up form.
    pub form_heading: &'static str,
    pub form_intro: &'static str,
    pub required: &'static str,
    pub name_label: &'static str,
    pub email_label: &'static str,
    pub email_help: &'static str,
    pub phone_label: &'static str,
    pub phone_help: &'static str,
    pub message_label: &'static str,
    pub message_help: &'static str,
    pub consent_legend: &'static str,
    pub consent_label: &'static str,
    pub consent_help: &'static str,
    pub privacy_link: &'static str,
    pub age_confirmed_label: &'static str,
    pub guardian_legend: &'static str,
    pub guardian_intro: &'static str,
    pub guardian_name_label: &'static str,
    pub guardian_consent_label: &'static str,
    pub submit: &'static str,
    /// Before the page title when the form has errors.
    pub error_title_prefix: &'static str,
    /// Messages for refused fields, by field name.
    pub field_errors: [(&'static str, &'static str); 8],
    // The receipt.
    pub receipt_title: &'static str,
    pub receipt_intro: &'static str,
    pub next_heading: &'static str,
    pub next_steps: [&'static str; 2],
    pub next_police_certificate: &'static str,
    pub withdraw_heading: &'static str,
    pub withdraw_once: &'static str,
    pub withdraw_link: &'static str,
    pub withdraw_address: &'static str,
    pub back_to_opportunities: &'static str,
    // Withdrawing.
    pub withdraw_title: &'static str,
    pub withdraw_intro: &'static str,
    pub withdraw_what: &'static str,
    pub withdraw_confirm: &'static str,
    pub withdraw_keep: &'static str,
    pub withdrawn_title: &'static str,
    pub withdrawn_text: &'static str,
    pub withdrawn_again: &'static str,
    pub unknown_token_title: &'static str,
    pub unknown_token_text: &'static str,
    pub unknown_token_help: &'static str,
}

impl VolunteeringText {
    /// The name of a commitment.
    pub fn commitment_name(&self, commitment: Commitment) -> &'static str {
        let i = Commitment::ALL.iter().position(|c| *c == commitment).unwrap_or(0);
        self.commitments.get(i).copied().unwrap_or_default()
    }

    /// The message for a refused sign-up `field` (the domain's own when it has none).
    pub fn field_error(&self, field: &str, fallback: &str, consent_age: u8) -> String {
        self.field_errors
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(fallback, |(_, m)| m)
            .replace("{age}", &consent_age.to_string())
    }
}

pub const NB: VolunteeringText = VolunteeringText {
    list: ListText {
        title: "Frivillig arbeid",
        intro: Some(
            "Lag, foreninger og frivilligsentraler i Drammen som trenger hjelp – en gang, fast eller når det passer deg. Du trenger ikke konto for å melde din interesse.",
        ),
        filters_heading: "Avgrens søket",
        q_label: "Søkeord",
        q_help: Some("For eksempel «sjåfør», «lekser» eller navnet på et lag."),
        apply_filters: "Vis oppdrag",
        clear_filters: "Fjern alle filtre",
        results_heading: "Ledige oppdrag",
        no_results: "Ingen oppdrag passer søket ditt.",
        no_results_help: "Prøv færre filtre eller et annet søkeord. Frivilligsentralen i bydelen din vet ofte om flere behov.",
        none_yet: "Ingen organisasjoner søker frivillige akkurat nå. Se innom igjen senere.",
        errors: &[
            ("q", "Søkeordet kan være på høyst 200 tegn."),
            ("district", "Velg bydeler fra listen."),
            ("skill", "En ferdighet kan være på høyst 40 tegn."),
            ("commitment", "Velg fra listen over hvor ofte."),
            ("status", "Ukjent status."),
            ("limit", "Antall per side må være mellom 1 og 100."),
        ],
    },
    districts_legend: "Bydel (kommunedel)",
    commitments_legend: "Hvor ofte",
    skills_legend: "Ferdigheter",
    organisation: "Organisasjon",
    district: "Bydel",
    commitment: "Hvor ofte",
    when: "Når",
    by_agreement: "Etter avtale",
    from: "fra",
    to: "til",
    skills: "Fint om du kan",
    min_age: "Alder",
    no_min_age: "Ingen aldersgrense",
    spots_left: "Ledige plasser",
    no_spot_limit: "Ingen fast grense",
    police_certificate: "Politiattest",
    police_certificate_yes: "Ja, du må vise politiattest før du begynner. Organisasjonen hjelper deg med å søke om den.",
    police_certificate_no: "Nei",
    about_heading: "Om oppdraget",
    status_closed: "Dette oppdraget tar ikke imot flere frivillige.",
    status_filled: "Alle plassene på dette oppdraget er fylt.",
    not_open_help: "Ingenting er sendt. Se om det finnes andre oppdrag som passer for deg.",
    see_others: "Se andre frivillige oppdrag",
    commitments: ["Én gang", "Fast", "Når det passer deg"],
    form_heading: "Meld din interesse",
    form_intro: "Fyll ut skjemaet, så sender vi opplysningene dine til {organisation}. De tar kontakt med deg for å avtale resten. Du trenger ikke konto.",
    required: "må fylles ut",
    name_label: "Navn",
    email_label: "E-postadresse",
    email_help: "Organisasjonen bruker den til å kontakte deg.",
    phone_label: "Telefonnummer",
    phone_help: "Hvis du heller vil bli ringt eller få SMS.",
    message_label: "Melding til organisasjonen",
    message_help: "For eksempel når du kan, eller hva du er god på. Høyst 2000 tegn.",
    consent_legend: "Samtykke",
    consent_label: "Jeg samtykker i at opplysningene i skjemaet sendes til {organisation}, som bare bruker dem til å kontakte meg om frivillig arbeid.",
    consent_help: "Bare organisasjonen ser opplysningene. Du kan trekke deg og få dem slettet når du vil.",
    privacy_link: "Les hvordan vi behandler opplysningene dine",
    age_confirmed_label: "Jeg er {age} år eller eldre",
    guardian_legend: "Er du under {age} år?",
    guardian_intro: "Da må en av foreldrene dine eller en annen foresatt samtykke. Skriv navnet til den foresatte, og la den foresatte krysse av.",
    guardian_name_label: "Navn på foresatt",
    guardian_consent_label: "Jeg er foresatt og samtykker i at opplysningene sendes til organisasjonen",
    submit: "Send interessen",
    error_title_prefix: "Rett opp skjemaet: ",
    field_errors: [
        ("name", "Skriv navnet ditt (høyst 200 tegn)."),
        ("email", "Skriv en gyldig e-postadresse, for eksempel kari@eksempel.no."),
        (
            "phone",
            "Skriv et gyldig telefonnummer, for eksempel 912 34 567, eller la feltet stå tomt.",
        ),
        ("message", "Meldingen kan være på høyst 2000 tegn."),
        ("consent", "Du må samtykke før vi kan sende opplysningene dine til organisasjonen."),
        (
            "age_confirmed",
            "Kryss av hvis du er {age} år eller eldre. Er du yngre, må en foresatt samtykke.",
        ),
        ("guardian_name", "Skriv navnet til den foresatte (høyst 200 tegn)."),
        ("guardian_consent", "Er du under {age} år, må den foresatte krysse av for samtykke."),
    ],
    receipt_title: "Takk for at du vil bidra!",
    receipt_intro: "Vi har sendt interessen din for «{opportunity}» til {organisation}.",
    next_heading: "Hva skjer nå?",
    next_steps: [
        "Organisasjonen kan se interessen din med en gang.",
        "De tar kontakt med deg på e-post eller telefon for å avtale resten.",
    ],
    next_police_certificate: "Før du kan begynne, må du vise politiattest. Organisasjonen forteller deg hvordan du søker om den.",
    withdraw_heading: "Hvis du ombestemmer deg",
    withdraw_once: "Ta vare på lenken nedenfor, for eksempel som bokmerke eller i et notat. Den vises bare denne ene gangen, og vi kan ikke sende den til deg senere.",
    withdraw_link: "Trekk tilbake interessen og slett opplysningene mine",
    withdraw_address: "Lenken i sin helhet:",
    back_to_opportunities: "Se flere frivillige oppdrag",
    withdraw_title: "Trekk tilbake interessen din",
    withdraw_intro: "Vil du ikke lenger være frivillig på dette oppdraget? Da kan du trekke deg her.",
    withdraw_what: "Når du trekker deg, sletter vi navnet, e-postadressen, telefonnummeret og meldingen din med en gang. Organisasjonen ser bare at noen har trukket seg.",
    withdraw_confirm: "Trekk tilbake og slett opplysningene",
    withdraw_keep: "Nei, jeg vil fortsatt være med",
    withdrawn_title: "Du har trukket deg",
    withdrawn_text: "Opplysningene dine er slettet. Organisasjonen ser bare at noen har trukket seg.",
    withdrawn_again: "Vil du hjelpe til med noe annet?",
    unknown_token_title: "Fant ikke påmeldingen",
    unknown_token_text: "Lenken er brukt allerede, eller den er ikke hel. Har du allerede trukket deg, er opplysningene dine slettet, og du trenger ikke gjøre noe mer.",
    unknown_token_help: "Kopier gjerne hele lenken fra kvitteringen på nytt. Finner du den ikke, kan du kontakte organisasjonen direkte.",
};
