# Volunteering: the opportunities (`/frivillig`), the sign-up form and its receipt, and
# withdrawing a sign-up. $age is the consent age, $organisation the organisation's name.

## The list

# The title, and the strings of the list page's frame; .error-<parameter> for refused values.
volunteer-list = Frivillig arbeid
    .intro = Lag, foreninger og frivilligsentraler i Drammen som trenger hjelp – en gang, fast eller når det passer deg. Du trenger ikke konto for å melde din interesse.
    .filters-heading = Avgrens søket
    .q-label = Søkeord
    .q-help = For eksempel «sjåfør», «lekser» eller navnet på et lag.
    .apply-filters = Vis oppdrag
    .results-heading = Ledige oppdrag
    .no-results = Ingen oppdrag passer søket ditt.
    .no-results-help = Prøv færre filtre eller et annet søkeord. Frivilligsentralen i bydelen din vet ofte om flere behov.
    .none-yet = Ingen organisasjoner søker frivillige akkurat nå. Se innom igjen senere.
    .error-q = Søkeordet kan være på høyst 200 tegn.
    .error-district = Velg bydeler fra listen.
    .error-skill = En ferdighet kan være på høyst 40 tegn.
    .error-commitment = Velg fra listen over hvor ofte.
    .error-status = Ukjent status.
    .error-limit = Antall per side må være mellom 1 og 100.
volunteer-skills-legend = Ferdigheter

## Facts about an opportunity

volunteer-organisation = Organisasjon
volunteer-district = Bydel
# How often, by its code.
volunteer-commitment = Hvor ofte
    .one_off = Én gang
    .recurring = Fast
    .flexible = Når det passer deg
volunteer-when = Når
# When an opportunity has no schedule: $from and $to are dates and times.
volunteer-when-by-agreement = Etter avtale
volunteer-when-from = fra { $from }
volunteer-when-to = til { $to }
volunteer-when-from-to = fra { $from } til { $to }
volunteer-skills = Fint om du kan
volunteer-min-age = Alder
volunteer-no-min-age = Ingen aldersgrense
volunteer-spots-left = Ledige plasser
volunteer-no-spot-limit = Ingen fast grense
volunteer-police-certificate = Politiattest
volunteer-police-certificate-yes = Ja, du må vise politiattest før du begynner. Organisasjonen hjelper deg med å søke om den.
volunteer-police-certificate-no = Nei
volunteer-about-heading = Om oppdraget
volunteer-status-closed = Dette oppdraget tar ikke imot flere frivillige.
volunteer-status-filled = Alle plassene på dette oppdraget er fylt.
volunteer-not-open-help = Ingenting er sendt. Se om det finnes andre oppdrag som passer for deg.
volunteer-see-others = Se andre frivillige oppdrag

## The sign-up form

volunteer-form-heading = Meld din interesse
volunteer-form-intro = Fyll ut skjemaet, så sender vi opplysningene dine til { $organisation }. De tar kontakt med deg for å avtale resten. Du trenger ikke konto.
volunteer-name-label = Navn
volunteer-email-help = Organisasjonen bruker den til å kontakte deg.
volunteer-phone-label = Telefonnummer
volunteer-phone-help = Hvis du heller vil bli ringt eller få SMS.
volunteer-message-label = Melding til organisasjonen
volunteer-message-help = For eksempel når du kan, eller hva du er god på. Høyst 2000 tegn.
volunteer-consent-legend = Samtykke
volunteer-consent-label = Jeg samtykker i at opplysningene i skjemaet sendes til { $organisation }, som bare bruker dem til å kontakte meg om frivillig arbeid.
volunteer-consent-help = Bare organisasjonen ser opplysningene. Du kan trekke deg og få dem slettet når du vil.
volunteer-privacy-link = Les hvordan vi behandler opplysningene dine
volunteer-age-confirmed-label = Jeg er { $age } år eller eldre
volunteer-guardian-legend = Er du under { $age } år?
volunteer-guardian-intro = Da må en av foreldrene dine eller en annen foresatt samtykke. Skriv navnet til den foresatte, og la den foresatte krysse av.
volunteer-guardian-name-label = Navn på foresatt
volunteer-guardian-consent-label = Jeg er foresatt og samtykker i at opplysningene sendes til organisasjonen
volunteer-submit = Send interessen
# Messages for refused fields, by field name (the domain's own message for the others).
volunteer-signup-wait = Det er sendt mange påmeldinger herfra eller med denne e-postadressen nylig. Prøv igjen om { $minutes } minutter.
volunteer-field-error =
    .name = Skriv navnet ditt (høyst 200 tegn).
    .email = Skriv en gyldig e-postadresse, for eksempel kari@eksempel.no.
    .phone = Skriv et gyldig telefonnummer, for eksempel 912 34 567, eller la feltet stå tomt.
    .message = Meldingen kan være på høyst 2000 tegn.
    .consent = Du må samtykke før vi kan sende opplysningene dine til organisasjonen.
    .age_confirmed = Kryss av hvis du er { $age } år eller eldre. Er du yngre, må en foresatt samtykke.
    .guardian_name = Skriv navnet til den foresatte (høyst 200 tegn).
    .guardian_consent = Er du under { $age } år, må den foresatte krysse av for samtykke.

## The receipt

volunteer-receipt-title = Takk for at du vil bidra!
# $opportunity is the opportunity's title.
volunteer-receipt-intro = Vi har sendt interessen din for «{ $opportunity }» til { $organisation }.
volunteer-next = Hva skjer nå?
    .p1 = Organisasjonen kan se interessen din med en gang.
    .p2 = De tar kontakt med deg på e-post eller telefon for å avtale resten.
volunteer-next-police-certificate = Før du kan begynne, må du vise politiattest. Organisasjonen forteller deg hvordan du søker om den.
volunteer-withdraw-heading = Hvis du ombestemmer deg
volunteer-withdraw-once = Ta vare på lenken nedenfor, for eksempel som bokmerke eller i et notat. Den vises bare denne ene gangen, og vi kan ikke sende den til deg senere.
volunteer-withdraw-link = Trekk tilbake interessen og slett opplysningene mine
volunteer-withdraw-address = Lenken i sin helhet:
volunteer-back-to-opportunities = Se flere frivillige oppdrag

## Withdrawing

volunteer-withdraw-title = Trekk tilbake interessen din
volunteer-withdraw-intro = Vil du ikke lenger være frivillig på dette oppdraget? Da kan du trekke deg her.
volunteer-withdraw-what = Når du trekker deg, sletter vi navnet, e-postadressen, telefonnummeret og meldingen din med en gang. Organisasjonen ser bare at noen har trukket seg.
volunteer-withdraw-confirm = Trekk tilbake og slett opplysningene
volunteer-withdraw-keep = Nei, jeg vil fortsatt være med
volunteer-withdrawn-title = Du har trukket deg
volunteer-withdrawn-text = Opplysningene dine er slettet. Organisasjonen ser bare at noen har trukket seg.
volunteer-withdrawn-again = Vil du hjelpe til med noe annet?
volunteer-unknown-token-title = Fant ikke påmeldingen
volunteer-unknown-token-text = Lenken er brukt allerede, eller den er ikke hel. Har du allerede trukket deg, er opplysningene dine slettet, og du trenger ikke gjøre noe mer.
volunteer-unknown-token-help = Kopier gjerne hele lenken fra kvitteringen på nytt. Finner du den ikke, kan du kontakte organisasjonen direkte.
