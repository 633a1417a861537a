# The municipality's pages (/admin…): verification queue, organisations, log, kommunedeler
# and categories.

admin-nav-label = Administrasjon
admin-nav-queue = Til godkjenning
admin-nav-organisations = Alle organisasjoner
admin-nav-log = Logg
admin-nav-districts = Bydeler
admin-nav-categories = Kategorier
admin-nav-coverage = Dekning
admin-none = Ikke oppgitt
admin-my-page-link = Til kommunens administrasjon: godkjenning, organisasjoner, logg, bydeler, kategorier og dekning

## The verification queue

admin-queue-title = Organisasjoner til godkjenning
admin-queue-intro = Nye organisasjoner venter her til du godkjenner eller avviser dem, eldste først. Det samme gjør endringer av navn, type, organisasjonsnummer eller nettside hos organisasjoner som allerede er godkjent. Innbyggerne ser ikke organisasjonen eller endringene før du har godkjent dem.
admin-queue-empty = Ingenting venter på godkjenning.
admin-queue-new = Ny organisasjon, registrert { $date }
admin-queue-changes = Godkjent organisasjon med endringer fra { $date }
admin-changes-heading = Endringer som venter
admin-change-field = Felt
admin-change-now = Nå
admin-change-proposed = Ønsket endring
admin-profile-heading = Det organisasjonen har registrert
admin-org-name = Navn
admin-districts-label = Bydeler
admin-registered = Registrert
admin-approve = Godkjenn
admin-approve-changes = Godkjenn endringene
admin-reject = Avvis
admin-reject-changes = Avvis endringene
admin-reason-label = Begrunnelse hvis du avviser
admin-reason-help = Må fylles ut for å avvise. Medlemmene i organisasjonen ser begrunnelsen.
admin-reason-missing = Skriv en begrunnelse for å avvise { $name }.
admin-approved = Godkjent. Organisasjonen vises nå for innbyggerne med det den har registrert.
admin-rejected = Avvist. Organisasjonen ser begrunnelsen på sin side.
admin-moderation-archived = Organisasjonen er arkivert og kan ikke godkjennes eller avvises.

## Every organisation

admin-orgs-title = Alle organisasjoner
admin-orgs-all-statuses = Alle
admin-orgs-filter = Vis
admin-orgs-none = Ingen organisasjoner har denne statusen.
admin-orgs-public = For innbyggerne
admin-orgs-public-link = Se siden
admin-orgs-not-public = Vises ikke
admin-orgs-log-link = Endringer

## The audit log

admin-log-title = Logg over endringer
admin-log-intro = Hvem som endret hva og når, nyeste først.
admin-log-empty = Ingen endringer å vise.
admin-log-when = Tid
admin-log-who = Hvem
admin-log-what = Hva
admin-log-system = Kommandolinjen
admin-log-deleted-user = Slettet bruker
admin-log-type-label = Gjelder
admin-log-all-types = Alt
admin-log-id-label = Id
admin-log-id-help = Valgfritt. Id-en til én organisasjon, aktivitet eller annet, for å se bare endringene av den.
admin-log-clear = Vis hele loggen
admin-log-only-this = Vis bare endringene av denne
admin-log-bad-type = Velg hva endringene gjelder fra listen.
admin-log-bad-id = Id-en må se ut som 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.
# What an entry of the log is about, by the store's name for it.
admin-log-resource = Gjelder
    .organisation = Organisasjon
    .activity = Aktivitet
    .volunteer_opportunity = Frivillig oppdrag
    .district = Bydel
    .category = Kategori
    .user = Brukerkonto
    .data_subject = Personopplysninger

## Kommunedeler and categories

admin-districts-title = Bydeler
admin-districts-intro = Bydelene (kommunedelene) som organisasjoner og aktiviteter kan knyttes til. En bydel som er tatt ut av bruk, tilbys ikke for nye oppføringer, men vises fortsatt der den er brukt. Adressenavnet og koden kan ikke endres.
admin-categories-title = Kategorier
admin-categories-intro = Kategoriene aktiviteter sorteres i. En kategori som er tatt ut av bruk, tilbys ikke for nye aktiviteter, men vises fortsatt der den er brukt. Adressenavnet kan ikke endres.
admin-district-add-heading = Legg til en bydel
admin-category-add-heading = Legg til en kategori
admin-name-label = Navn (må fylles ut)
admin-slug-label = Adressenavn (må fylles ut)
admin-slug-help = Brukes i nettadresser og i API-et. Små bokstaver a–z, tall og bindestrek, for eksempel «konnerud». Skriv æ, ø og å som ae, o og a. Kan ikke endres senere.
admin-code-label = Kode (må fylles ut)
admin-code-help = Kommunens nummer for bydelen, 1–8 bokstaver eller tall, for eksempel 05.
admin-short-name-label = Kort navn
admin-short-name-help = Valgfritt. Brukes der det er lite plass.
admin-parent-label = Hovedkategori
admin-parent-none = Ingen (dette er en hovedkategori)
admin-district-add = Legg til bydelen
admin-category-add = Legg til kategorien
admin-districts-heading = Bydelene
admin-categories-heading = Kategoriene
admin-district-detail = kode { $code }
admin-category-top = hovedkategori
admin-category-under = under { $parent }
admin-retired-status = tatt ut av bruk
admin-item-name-label = Navn
admin-retired-label = Tatt ut av bruk
admin-item-save = Lagre
admin-saved = Endringene er lagret.
admin-added = Lagt til.
admin-slug-taken = Adressenavnet er allerede i bruk. Velg et annet.
admin-code-taken = Koden er allerede i bruk. Velg en annen.
admin-changed-meanwhile = Noen andre har endret dette mens du holdt på. Last inn siden på nytt for å se endringen, og gjør din endring en gang til.
# What is wrong with a refused field of a kommunedel, by field.
admin-district-field = Sjekk feltet.
    .error = Sjekk feltet.
    .error-slug = Adressenavnet kan ha små bokstaver a–z, tall og enkle bindestreker, 1–64 tegn.
    .error-code = Koden må være 1–8 bokstaver A–Z eller tall.
    .error-name = Skriv navnet, 1–200 tegn.
    .error-short_name = Det korte navnet kan ha opptil 100 tegn.
# What is wrong with a refused field of a category, by field.
admin-category-field = Sjekk feltet.
    .error = Sjekk feltet.
    .error-slug = Adressenavnet kan ha små bokstaver a–z, tall og enkle bindestreker, 1–64 tegn.
    .error-name = Skriv navnet, 1–200 tegn.
    .error-parent = Velg en hovedkategori fra listen som er i bruk.

## Coverage: activities per kommunedel and target group

admin-coverage-title = Dekning per bydel og målgruppe
admin-coverage-intro = Hvor mange aktiviteter innbyggerne finner i hver bydel, for hver målgruppe. Ruter med 0 er markert: der mangler tilbudet.
admin-coverage-price = Pris
admin-coverage-all-prices = Alle aktiviteter
admin-coverage-free = Bare gratis aktiviteter
admin-coverage-paid = Bare aktiviteter som koster penger
admin-coverage-caption = Publiserte aktiviteter per bydel og målgruppe
admin-coverage-caption-free = Gratis publiserte aktiviteter per bydel og målgruppe
admin-coverage-caption-paid = Publiserte aktiviteter som koster penger, per bydel og målgruppe
admin-coverage-district = Bydel
admin-coverage-all = Alle målgrupper
# The columns' headings: the target groups, by their code. The long word may break at its
# soft hyphen (U+00AD), so the table fits a wide screen.
admin-coverage-groups = Målgruppe
    .children = Barn
    .youth = Ungdom
    .adults = Voksne
    .seniors = Seniorer
    .families = Familier
    .disabilities = Personer med funksjons­nedsettelse
admin-coverage-no-group = Ingen målgruppe oppgitt
admin-coverage-whole = Hele kommunen
admin-coverage-note = En aktivitet for flere målgrupper telles under hver av dem, men bare én gang under «Alle målgrupper». Tallene gjelder publiserte aktiviteter fra godkjente organisasjoner, også de som er avsluttet for sesongen.
admin-coverage-api = De samme tallene i API-et (JSON), for videre bruk
