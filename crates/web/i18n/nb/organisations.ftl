# The organisations: the list (`/organisasjoner`) and one organisation.

## The list

# The title, and the strings of the list page's frame; .error-<parameter> for refused values.
org-list = Lag og foreninger
    .intro = Idrettslag, korps, kor, frivilligsentraler og andre som tilbyr noe i Drammen. Lagene skriver og oppdaterer opplysningene selv; kommunen har godkjent alle som vises her.
    .filters-heading = Avgrens listen
    .q-label = Navn
    .q-help = Hele eller en del av navnet.
    .apply-filters = Vis lag og foreninger
    .results-heading = Resultater
    .no-results = Ingen lag eller foreninger passer søket ditt.
    .no-results-help = Prøv færre filtre, eller bare en del av navnet.
    .none-yet = Det er ingen lag eller foreninger å vise ennå.
    .error-q = Navnet kan være på høyst 200 tegn.
    .error-district = Velg bydeler fra listen.
    .error-kind = Velg en type fra listen.
    .error-category = Velg en kategori fra listen.
    .error-limit = Antall per side må være mellom 1 og 100.
org-kind-label = Type organisasjon
org-all-kinds = Alle typer
org-category-label = Har aktiviteter innen
org-category-help = Bare lag som har minst én aktivitet i kategorien.
org-all-categories = Alle kategorier
# The kinds of organisation, by their code.
org-kind = Type
    .association = Lag eller forening
    .volunteer_centre = Frivilligsentral
    .municipal_service = Kommunalt tilbud
    .social_enterprise = Sosial entreprenør
    .other = Annet
org-districts = Bydel
# For an organisation that names no district.
org-all-of-drammen = Hele Drammen

## One organisation

org-about-heading = Om organisasjonen
org-no-description = Organisasjonen har ikke skrevet noe om seg selv ennå.
org-org-number = Organisasjonsnummer
org-verified-note = Godkjent av Drammen kommune. Opplysningene er skrevet av organisasjonen selv.
org-contact-heading = Kontakt
org-email = E-post
org-phone = Telefon
org-website = Nettside
org-no-contact = Organisasjonen har ikke oppgitt kontaktinformasjon.
org-activities-heading = Aktiviteter
org-no-activities = Organisasjonen har ingen publiserte aktiviteter akkurat nå.
org-all-activities = Se alle aktivitetene til organisasjonen
org-opportunities-heading = Trenger frivillige
org-opportunities-intro = Disse oppdragene tar imot frivillige nå. Du trenger ikke konto for å melde din interesse.
org-no-opportunities = Organisasjonen søker ikke frivillige akkurat nå.
org-all-opportunities = Se alle frivillige oppdrag
