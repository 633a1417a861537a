# An organisation's volunteer opportunities and their sign-ups (/min-side/frivillig/…).

## On the organisation's page

manage-opportunities-heading = Frivillige oppdrag
manage-no-opportunities = Organisasjonen har ingen frivillige oppdrag ennå.
manage-opportunity-new-link = Lag et nytt frivillig oppdrag
manage-opportunity-unanswered = Ubesvarte påmeldinger
manage-centre-heading = Ubesvarte påmeldinger i bydelene deres
manage-centre-intro = Som frivilligsentral ser dere hvor mange påmeldinger som har ventet på svar i mer enn en uke hos organisasjonene i bydelene deres. Dere ser bare antallet, ikke hvem som har meldt seg.
manage-centre-none = Ingen påmeldinger venter på svar.
manage-centre-waiting = Venter på svar

## An opportunity: create and edit

manage-opportunity-new-title = Nytt frivillig oppdrag
manage-opportunity-edit-title = Rediger oppdraget
manage-opportunity-public-link = Se siden slik innbyggerne ser den
manage-opportunity-saved = Endringene er lagret.
manage-opportunity-changed-meanwhile = Noen andre har endret oppdraget mens du redigerte. Last inn siden på nytt for å se endringene, og gjør dine endringer en gang til.
manage-opportunity-delete = Slett oppdraget
manage-opportunity-title-help = 2–200 tegn, for eksempel «Sjåfør til handletur for eldre».
manage-opportunity-description-help = Hva den frivillige skal gjøre, og hva dere tilbyr. Opptil 10 000 tegn.
manage-opportunity-skills-label = Ferdigheter dere ønsker
manage-opportunity-skills-help = Skilt med komma, for eksempel sjåfør, norsk. Høyst 20.
manage-opportunity-commitment-legend = Hvor ofte (må fylles ut)
manage-opportunity-when-help = Skjer oppdraget på faste tider, fyll ut en regel. Skjer det én gang eller i en periode, fyll ut start og slutt. Er tiden etter avtale, la feltene stå tomme.
manage-opportunity-starts-label = Starter
manage-opportunity-ends-label = Slutter
manage-opportunity-time-help = Dato og klokkeslett, norsk tid.
manage-opportunity-min-age-label = Laveste alder
manage-opportunity-spots-label = Antall frivillige dere trenger
manage-opportunity-spots-help = La stå tom hvis det ikke er noen grense. Når så mange er godtatt, vises oppdraget som fylt.
manage-opportunity-police-label = Krever politiattest
# The state of an opportunity, by its code.
manage-opportunity-status = Status
    .open = Åpent for påmelding
    .filled = Fylt
    .closed = Stengt
# What is wrong with a refused field of the opportunity form, by field (a schedule rule's
# fields by their own name).
manage-opportunity-field = Sjekk feltet.
    .error = Sjekk feltet.
    .error-title = Skriv en tittel, 2–200 tegn.
    .error-description = Beskrivelsen kan ha opptil 10 000 tegn.
    .error-district = Velg en bydel.
    .error-commitment = Velg hvor ofte.
    .error-starts_at = Skriv når oppdraget starter, med dato og klokkeslett.
    .error-ends_at = Skriv når oppdraget slutter, med dato og klokkeslett, senere enn starten.
    .error-skills = Skriv høyst 20 ferdigheter, hver på høyst 40 tegn, skilt med komma.
    .error-min_age = Skriv alderen som et helt tall fra 0 til 120.
    .error-spots = Skriv antallet som et helt tall fra 1 til 10 000.
    .error-status = Velg en status.
    .error-schedule = Sjekk tidene.
    .error-weekdays = Velg minst én ukedag, eller fyll ut en enkeltdato.
    .error-start_time = Skriv når oppdraget starter, som 17:30.
    .error-end_time = Skriv når oppdraget slutter, som 19:00, senere enn starten.
    .error-valid_from = Skriv datoen perioden starter.
    .error-valid_to = Skriv datoen perioden slutter, ikke før den starter.
    .error-except_dates = Skriv datoene som 2026-10-06, innenfor perioden.
    .error-date = Skriv datoen som 2026-12-12.

## The sign-ups of an opportunity

manage-signups-heading = Påmeldinger
manage-signups-privacy = Opplysningene er personopplysninger. Bruk dem bare til å kontakte den frivillige om dette oppdraget.
manage-signups-none = Ingen har meldt seg ennå.
manage-signups-members-only = Påmeldingene er personopplysninger som bare organisasjonens medlemmer ser.
manage-signups-count = { $count ->
    [one] { $count } påmelding
   *[other] { $count } påmeldinger
}
manage-signup-anonymous = Uten navn (opplysningene er slettet)
manage-signup-withdrawn = Den frivillige har trukket seg, og opplysningene er slettet.
manage-signup-erased = Opplysningene om den frivillige er slettet.
# $days is the number of days after which an unanswered sign-up is marked.
manage-signup-stale = { $days ->
    [one] Ubesvart i mer enn { $days } dag
   *[other] Ubesvart i mer enn { $days } dager
}
manage-signup-saved = Påmeldingen er oppdatert.
manage-signup-received = Mottatt
manage-signup-guardian = Foresatt
manage-signup-message = Melding:
manage-signup-police-seen = Sett { $date }
manage-signup-police-not-seen = Ikke sett ennå
manage-signup-new-status = Ny status
manage-signup-keep-status = Ikke endre
manage-signup-police-label = Dato dere så politiattesten
manage-signup-police-help = Skriv bare datoen. Ta ikke vare på selve attesten.
manage-signup-save = Lagre
manage-signup-no-spot = Alle plassene er tatt. Avslå en som er godtatt, eller øk antallet frivillige dere trenger, før du godtar flere.
manage-signup-refused = Påmeldingen kan ikke endres slik. Den frivillige kan ha trukket seg.
# The state of a sign-up, by its code.
manage-signup-status = Status
    .new = Ny, ikke besvart
    .contacted = Kontaktet
    .accepted = Godtatt
    .declined = Avslått
    .withdrawn = Trukket tilbake
# What is wrong with a refused field of a sign-up's form.
manage-signup-field = Sjekk feltet.
    .error = Sjekk feltet.
    .error-status = Velg en ny status, eller skriv datoen dere så politiattesten.
    .error-police_certificate_seen_on = Skriv en dato som ikke er frem i tid.
