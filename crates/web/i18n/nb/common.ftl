# The frame of every page, forms in general, list pages in general and the error pages.
# Norwegian bokmål, klarspråk.

## The frame

site-name = Fritid i Drammen
skip-to-content = Hopp til hovedinnholdet
# On list pages, where the filters come first on a phone.
skip-to-results = Hopp over filtrene, til resultatene
nav-label = Hovedmeny
nav-activities = Aktiviteter
nav-organisations = Lag og foreninger
nav-volunteering = Frivillig arbeid
nav-about = Om tjenesten
# For those who keep an organisation's listings: sign in, or their page when signed in.
nav-my-page = Min side
footer-text = Fritid er Drammen kommunes oversikt over fritidstilbud, lag og foreninger og frivillig arbeid. Lagene holder selv sine opplysninger oppdatert.
footer-api = Åpne data (API)
footer-about = Personvern og tilgjengelighet

## Forms

error-summary-heading = For å gå videre må du rette opp dette:
# The page title of a form that has errors.
form-error-title = Rett opp skjemaet: { $title }
# After the label of a field that must be filled in: "Navn (må fylles ut)".
form-required = må fylles ut
form-email-label = E-postadresse
form-email-required-label = { form-email-label } ({ form-required })

## List pages with a filter form

list-districts-legend = Bydel (kommunedel)
list-clear-filters = Fjern alle filtre
# After a folded filter's legend, when something in it is chosen.
list-chosen =
    ({ $count ->
        [one] { $count } valgt
       *[other] { $count } valgt
    })
next-page = Neste side
pagination-label = Sider

## Error pages: the heading, and what to do

request-id = Referanse for feilmelding
back-home = Gå til forsiden
error-400 = Vi forstod ikke forespørselen
    .text = Adressen eller skjemaet inneholdt noe vi ikke kunne lese. Gå tilbake og prøv igjen.
error-403 = Skjemaet var utløpt
    .text = Av sikkerhetshensyn godtar vi bare skjemaer som er hentet fra denne tjenesten nylig. Ingenting er lagret. Gå tilbake, last inn siden på nytt og send skjemaet igjen.
error-404 = Fant ikke siden
    .text = Siden finnes ikke, eller den er ikke lenger offentlig. Sjekk at adressen er riktig, eller søk etter aktiviteter fra forsiden.
error-413 = For mye tekst
    .text = Skjemaet inneholdt mer tekst enn vi tar imot. Kort ned teksten og prøv igjen.
error-429 = For mange forespørsler
    .text = Vi har fått mange forespørsler fra deg på kort tid. Vent litt og prøv igjen.
error-500 = Noe gikk galt hos oss
    .text = Feilen er logget. Prøv igjen om litt. Hvis feilen vedvarer, kontakt kommunen og oppgi referansen nedenfor.
error-503 = Tjenesten er midlertidig utilgjengelig
    .text = Vi får ikke kontakt med databasen akkurat nå. Prøv igjen om litt.

## Dates, times, schedules, ages and amounts in words (the words module fills these in)

# A session's day: "tirsdag 1. september".
weekday =
    .mon = mandag
    .tue = tirsdag
    .wed = onsdag
    .thu = torsdag
    .fri = fredag
    .sat = lørdag
    .sun = søndag
# What happens every such day: "tirsdager 17:30–19:00".
weekday-every =
    .mon = mandager
    .tue = tirsdager
    .wed = onsdager
    .thu = torsdager
    .fri = fredager
    .sat = lørdager
    .sun = søndager
# By the month's number.
month =
    .m1 = januar
    .m2 = februar
    .m3 = mars
    .m4 = april
    .m5 = mai
    .m6 = juni
    .m7 = juli
    .m8 = august
    .m9 = september
    .m10 = oktober
    .m11 = november
    .m12 = desember
# "17. august"
date-day-month = { $day }. { $month }
# "17. august 2026"
date-full = { $day-month } { $year }
# "5. september 2026 kl. 10:00"
date-time = { $date } kl. { $time }
# "17:30–19:00"
time-span = { $start }–{ $end }
# The last two of a list: "a og b", "a, b og c".
list-and = { $rest } og { $last }
list-or = { $rest } eller { $last }
# A weekly schedule: "tirsdager og torsdager 17:30–19:00, 17. august–18. juni".
rule-weekly = { $days } { $times }, { $period }
rule-period = { $from }–{ $to }
# A period with no end: "fra 17. august 2026".
rule-period-open = fra { $from }
# A weekly schedule and the dates it skips: "… (ikke 13. oktober)".
rule-except = { $rule } (ikke { $dates })
# One date: "lørdag 5. september 2026, 10:00–14:00".
rule-single = { $weekday } { $date }, { $times }
# One session: "tirsdag 1. september kl. 17:30–19:00".
session = { $weekday } { $date } kl. { $times }
# An age range.
ages-exact = { $min } år
ages-range = { $min }–{ $max } år
ages-from = fra { $min } år
ages-to = til og med { $max } år
# Whole kroner, the digits grouped: "1 250 kr" (no-break spaces).
kroner = { $amount }{"\u00A0"}kr
