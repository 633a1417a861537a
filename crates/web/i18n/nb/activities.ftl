# The front page, the activity search (`/aktiviteter`) and one activity (`/aktiviteter/{id}`).

## The front page

front-title = Finn noe å gjøre
front-heading = Finn noe å gjøre i fritiden
front-intro = Aktiviteter for barn, unge, voksne og eldre i hele Drammen – fra idrettslag og korps til kor, kurs og møteplasser.
front-search-label = Hva vil du gjøre?
front-search-help = Skriv slik du ville sagt det, for eksempel «fotball for 9-åringer på Konnerud, gratis».
front-district-label = Hvor i Drammen?
front-all-districts = Hele Drammen
front-search-button = Søk
# With shortcuts to the search for each target group (by its code).
front-for-whom = For hvem?
    .children = For barn
    .youth = For ungdom
    .adults = For voksne
    .seniors = For seniorer
front-categories = Populære kategorier
front-volunteer-heading = Vil du bidra?
front-volunteer-text = Lag, foreninger og frivilligsentraler trenger folk som vil hjelpe til – en gang, eller fast.
front-volunteer-link = Se frivillige oppdrag

## The search

# The title, and the strings of the list page's frame; .error-<parameter> for refused values.
activities-list = Aktiviteter
    .filters-heading = Avgrens søket
    .q-label = Søkeord
    .apply-filters = Vis aktiviteter
    .results-heading = Resultater
    .no-results = Ingen aktiviteter passer søket ditt.
    .no-results-help = Prøv færre filtre, et annet søkeord eller en annen bydel. Mange aktiviteter er for flere aldre og bydeler enn man tror.
    .none-yet = Det er ingen aktiviteter å vise ennå.
    .error-q = Søkeordet kan være høyst 200 tegn.
    .error-age = Skriv alderen som et helt tall fra 0 til 120.
    .error-time_from = Skriv klokkeslettet som TT:MM, for eksempel 17:00.
    .error-time_to = Skriv klokkeslettet som TT:MM, og senere enn «fra»-tiden.
    .error-district = Velg en bydel fra listen.
    .error-category = Velg en kategori fra listen.
    .error-weekday = Velg en ukedag fra listen.
# When the words typed found nothing and the page shows what some of them name as filters.
activities-read-heading = Vi har brukt noen av ordene som filtre
activities-read-intro = Ingen aktiviteter inneholdt alle ordene i «{ $typed }». Derfor viser vi aktivitetene som passer når disse ordene brukes som filtre:
activities-read-as-typed = Søk bare etter ordene slik du skrev dem
activities-read-district = bydel { $names }
activities-read-category = kategorien { $name }
activities-read-age = alder { $age } år
activities-read-free = gratis
activities-read-weekdays = på { $days }
activities-read-time = mellom kl. { $from } og { $to }
activities-read-group = for { $group }
activities-read-wheelchair = tilgjengelig med rullestol
activities-categories = Kategori
# The target groups, by their code.
activities-target-groups = For hvem
    .children = Barn
    .youth = Ungdom
    .adults = Voksne
    .seniors = Seniorer
    .families = Familier
    .disabilities = Personer med funksjonsnedsettelse
activities-age-label = Alder
activities-age-help = Vis aktiviteter som passer for denne alderen.
# The weekdays, by their code.
activities-weekdays = Ukedag
    .mon = Mandag
    .tue = Tirsdag
    .wed = Onsdag
    .thu = Torsdag
    .fri = Fredag
    .sat = Lørdag
    .sun = Søndag
activities-time-from-label = Fra klokken
activities-time-to-label = Til klokken
activities-time-help = Aktiviteter som foregår (helt eller delvis) mellom disse klokkeslettene. Skriv TT:MM, for eksempel 17:00.
activities-other-legend = Annet
activities-free-label = Bare gratis aktiviteter
activities-wheelchair-label = Tilgjengelig med rullestol
# The orders of the results, by their code.
activities-sort = Sorter etter
    .relevance = Best treff
    .title = Navn (A–Å)
    .updated = Sist oppdatert
activities-next-session = Neste gang
activities-organised-by = Arrangør

## One activity (and the facts a result shows)

activities-what-heading = Om aktiviteten
activities-when-heading = Når
activities-next-sessions-heading = De neste gangene
activities-no-sessions = Ingen planlagte ganger de neste tre månedene.
activities-add-to-calendar = Legg i kalender (.ics)
activities-where-heading = Hvor
activities-map-link = Vis på kart (OpenStreetMap)
activities-who-heading = For hvem
activities-ages-label = Alder
activities-everyone = Alle aldre
activities-price-heading = Pris
activities-free-of-charge = Gratis
# $amount is the price in kroner.
activities-price-reduced = { $amount } (redusert pris kan gis)
activities-registration-heading = Påmelding
activities-registration-required = Påmelding kreves.
activities-registration-not-required = Ingen påmelding – bare møt opp.
activities-registration-link = Meld deg på hos arrangøren
activities-registration-deadline = Påmeldingsfrist
activities-capacity = Antall plasser
activities-accessibility-heading = Tilgjengelighet
activities-accessibility-unknown = Arrangøren har ikke oppgitt noe om tilgjengelighet. Spør gjerne.
activities-wheelchair = Tilgjengelig med rullestol
activities-hearing-loop = Teleslynge
activities-adapted = Tilrettelagt for personer med funksjonsnedsettelse
activities-contact-heading = Kontakt
activities-organiser-heading = Arrangør
activities-district-label-short = Bydel
