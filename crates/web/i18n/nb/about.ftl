# `/om`: what Fritid is, who runs it, privacy (personvern) and the accessibility statement
# (tilgjengelighetserklæring). A heading's message holds its paragraphs as .p1, .p2, …
# (printed in that order). $age is the consent age, $days the retention period.

about-title = Om Fritid
about-intro = Fritid er Drammen kommunes oversikt over fritidstilbud, lag og foreninger og frivillig arbeid i hele kommunen.
about-toc-label = På denne siden

about-what = Hva er Fritid?
    .p1 = Her finner du aktiviteter for barn, unge, voksne og eldre, lagene og foreningene som driver dem, og oppdrag der de trenger frivillige. Du trenger ingen konto for å lete, og heller ikke for å melde deg som frivillig.
    .p2 = Lagene skriver og oppdaterer opplysningene selv. Kommunen godkjenner hvert lag før det vises her, men sjekker ikke hver enkelt aktivitet. Ser du noe som er feil, si fra til laget eller til kommunen.
    .p3 = Alt som vises på disse sidene, er også åpne data. Andre nettsteder og apper kan hente det samme gjennom et åpent API, uten personopplysninger.
about-open-data-link = Dokumentasjon av det åpne API-et
about-who = Hvem står bak?
    .p1 = Drammen kommune eier og drifter Fritid. Tjenesten er en del av kommunens arbeid for å gjøre det lettere å finne noe å gjøre i fritiden, og å gjøre det enklere for lag, foreninger og frivillige å finne hverandre.
    .p2 = Kommunen er ansvarlig for tjenesten og for opplysningene som lagres i den. Når et lag har fått opplysningene dine, er laget også ansvarlig for hvordan det bruker dem.

## Personvern

about-privacy-heading = Personvern
about-browsing = Når du ser på sidene
    .p1 = Sidene bruker ingen informasjonskapsler (cookies), ingen analyseverktøy og ingen sporing. Alt sidene trenger – også skrift og ikoner – kommer fra denne tjenesten. Ingenting lastes fra andre nettsteder, så ingen andre får vite hva du ser på. Kart er bare lenker til OpenStreetMap; du besøker et annet nettsted først hvis du klikker på en slik lenke.
    .p2 = Serveren fører en teknisk logg over forespørsler (tidspunkt, hvilken side og om det gikk bra) for å finne og rette feil. Loggen inneholder ikke IP-adressen din, navnet ditt eller e-postadressen din.
    .p3 = For å stoppe misbruk holder tjenesten i minnet, i inntil en time, hvor mange forespørsler og påmeldinger som kommer fra hver IP-adresse. Dette skrives ikke ned noe sted.
about-signup-heading = Når du melder deg som frivillig
about-signup-stored = Når du melder interesse for et frivillig oppdrag, lagrer vi:
    .p1 = navnet og e-postadressen din
    .p2 = telefonnummeret og meldingen din, hvis du skriver dem
    .p3 = at du har bekreftet at du er { $age } år eller eldre – eller navnet på den foresatte som har samtykket for deg
    .p4 = når du meldte deg, og hvor langt organisasjonen har kommet med henvendelsen (for eksempel «kontaktet» eller «takket ja»)
    .p5 = datoen organisasjonen så politiattesten din, hvis oppdraget krever det
about-signup-not-stored = Selve politiattesten lagres aldri her. Vi spør ikke om fødselsnummer eller adresse.
about-signup-purpose = Opplysningene brukes bare til å sette deg i kontakt med organisasjonen som har oppdraget. Grunnlaget for å lagre dem er samtykket ditt (personvernforordningen artikkel 6 nr. 1 bokstav a).
about-signup-who-sees =
    .p1 = Bare medlemmene av organisasjonen som har oppdraget, ser opplysningene dine. Opplysningene vises aldri på de åpne sidene eller i det åpne API-et.
    .p2 = Noen få ansatte i kommunen som drifter tjenesten, kan se dem når det trengs, for eksempel for å svare på en henvendelse om innsyn eller sletting.
about-signup-age = Er du { $age } år eller eldre, kan du samtykke selv. Er du yngre, må en av foreldrene dine eller en annen foresatt samtykke for deg.
about-retention = Hvor lenge vi lagrer opplysningene, og hvordan du trekker deg
    .p1 = Opplysningene slettes automatisk { $days } dager etter at oppdraget er avsluttet.
    .p2 = Når du har meldt deg, får du en lenke som du kan bruke til å trekke deg. Da slettes opplysningene dine med en gang, og organisasjonen ser bare at noen har trukket seg. Har du mistet lenken, kan du kontakte organisasjonen eller kommunen.
about-rights-heading = Rettighetene dine
# Followed by the contact address.
about-rights = Du har rett til å få vite hvilke opplysninger vi har om deg, og til å få dem rettet eller slettet. Skriv til kommunen på
about-rights-complain = Mener du at vi behandler opplysningene dine i strid med regelverket, kan du klage til
about-datatilsynet = Datatilsynet
    .url = https://www.datatilsynet.no/

## Tilgjengelighet

about-accessibility = Tilgjengelighetserklæring
    .p1 = Alle skal kunne bruke Fritid – også med skjermleser, forstørrelse eller bare tastatur, og på en liten skjerm. Sidene skal oppfylle kravene i forskrift om universell utforming av IKT-løsninger, det vil si WCAG 2.1 på nivå AA.
    .p2 = Sidene virker uten JavaScript, og du kan forstørre dem til 200 prosent uten at noe forsvinner.
about-testing = Slik tester vi
    .p1 = Hver gang tjenesten endres, åpner en automatisk test alle sidetypene i en ekte nettleser og sjekker dem med verktøyet axe-core mot kravene i WCAG 2.1 A og AA.
    .p2 = Den samme testen sjekker at sidene kan leses i 320 piksler bredde og med 200 prosent forstørrelse uten at du må rulle sidelengs, at søkeskjemaet og påmeldingsskjemaet kan fylles ut og sendes med bare tastatur, og at ingenting hentes fra andre nettsteder.
    .p3 = Feil som testen finner, skal rettes før endringen tas i bruk.
about-gaps = Kjente mangler
    .p1 = Automatiske tester finner bare en del av mulige problemer. Sidene er ennå ikke testet av brukere av skjermleser eller andre hjelpemidler.
    .p2 = Tekstene om aktiviteter, lag og oppdrag skrives av lagene selv. Vi kan ikke love at alle er skrevet i klart språk.
    .p3 = Kartlenkene går til OpenStreetMap, som vi ikke har ansvar for.
about-feedback-heading = Si fra om noe ikke virker
# Followed by the contact address.
about-feedback = Er noe vanskelig å bruke, eller virker det ikke? Skriv til kommunen på
about-feedback-more = Fortell gjerne hvilken side det gjelder og hva du prøvde å gjøre.
about-feedback-complain = Får du ikke svar, eller er du ikke fornøyd med svaret, kan du klage til Tilsynet for universell utforming av IKT,
about-uutilsynet = Uutilsynet
    .url = https://www.uutilsynet.no/

## Kontakt

about-contact-heading = Kontakt
about-contact-text = Spørsmål om tjenesten, personvern eller tilgjengelighet sender du til Drammen kommune:
# The municipality's address for questions about the service, privacy and accessibility.
about-contact-email = postmottak@drammen.kommune.no
