# The signed-in pages where organisations keep their listings (/min-side/…).

manage-back-to-my-page = Tilbake til Min side

## Register an organisation

manage-org-new-title = Registrer en organisasjon
manage-org-new-intro = Kommunen godkjenner organisasjonen før den og aktivitetene dens vises for innbyggerne. Du kan lage aktiviteter med en gang; de blir synlige når organisasjonen er godkjent og du har publisert dem.
manage-org-new-submit = Registrer organisasjonen
manage-org-edit-title = Endre organisasjonen
manage-org-edit-link = Endre opplysningene
manage-org-edit-approval = Organisasjonen er godkjent. Endrer du navn, type, organisasjonsnummer eller nettside, vises endringen når kommunen har godkjent den. Resten endres med en gang.
manage-org-saved = Endringene er lagret.
manage-org-changed-meanwhile = Noen andre har endret organisasjonen mens du redigerte. Last inn siden på nytt, og gjør endringene dine en gang til.
manage-org-name-label = Navn (må fylles ut)
manage-org-name-help = Slik dere vil at innbyggerne skal se det, 2–200 tegn.
manage-org-number-label = Organisasjonsnummer
manage-org-number-help = 9 siffer, fra Enhetsregisteret. Har dere ikke et, la feltet stå tomt.
manage-org-number-taken = Organisasjonsnummeret er allerede registrert. Er organisasjonen din registrert fra før, be eieren om å invitere deg.
manage-org-description-label = Om organisasjonen
manage-org-description-help = Hva dere gjør og for hvem, opptil 5000 tegn.
manage-org-phone-label = Telefon
manage-org-website-label = Nettside
manage-org-website-help = Adressen med https:// foran.
manage-org-districts-legend = Bydeler dere holder til i
# What is wrong with a refused field of the organisation form, by field.
manage-org-field = Sjekk feltet.
    .error = Sjekk feltet.
    .error-name = Skriv navnet, 2–200 tegn.
    .error-kind = Velg hva slags organisasjon det er.
    .error-org_number = Organisasjonsnummeret må ha 9 siffer og være gyldig.
    .error-description = Beskrivelsen kan ha opptil 5000 tegn.
    .error-email = Skriv en gyldig e-postadresse, som navn@eksempel.no.
    .error-phone = Skriv et gyldig telefonnummer.
    .error-website = Skriv en nettadresse som begynner med https:// eller http://.
    .error-districts = Velg bydeler fra listen.

## One organisation

manage-org-pending = Kommunen har ikke godkjent organisasjonen ennå. Aktivitetene dere publiserer, blir synlige når den er godkjent.
manage-org-rejected = Kommunen har avvist organisasjonen. Aktivitetene vises ikke for innbyggerne.
manage-org-rejection-reason = Begrunnelse:
manage-activities-heading = Aktiviteter
manage-no-activities = Organisasjonen har ingen aktiviteter ennå.
manage-activity-new-link = Lag en ny aktivitet
manage-activity-title-label = Tittel
manage-activity-public-heading = For innbyggerne
manage-activity-public-link = Se siden
manage-activity-not-public = Vises ikke
# The state of an activity, by its code.
manage-activity-status = Status
    .draft = Utkast
    .published = Publisert
    .unpublished = Avpublisert
    .deleted = Slettet

## An activity: create and edit

manage-back-to-organisation = Tilbake til organisasjonen
manage-activity-new-title = Ny aktivitet
manage-activity-edit-title = Rediger aktiviteten
manage-activity-preview-link = Forhåndsvis slik innbyggerne ser den
manage-preview-public = Forhåndsvisning. Aktiviteten er publisert og vises for innbyggerne slik.
manage-preview-not-public = Forhåndsvisning. Innbyggerne ser ikke aktiviteten ennå: den vises når den er publisert og organisasjonen er godkjent.
manage-preview-back = Tilbake til redigering
manage-activity-publish = Publiser
manage-activity-unpublish = Avpubliser
manage-activity-copy = Kopier til neste sesong
manage-activity-delete = Slett aktiviteten
manage-activity-saved = Endringene er lagret.
manage-activity-published = Aktiviteten er publisert. Den vises for innbyggerne når organisasjonen er godkjent.
manage-activity-not-published = Aktiviteten kan ikke publiseres fordi organisasjonen er avvist eller arkivert.
manage-activity-copied = Dette er en kopi for neste sesong, lagret som utkast. Datoene er flyttet ett år frem. Legg inn fridager og ferier på nytt, og publiser når alt stemmer.
manage-activity-changed-meanwhile = Noen andre har endret aktiviteten mens du redigerte. Last inn siden på nytt for å se endringene, og gjør dine endringer en gang til.
manage-activity-save = Lagre
manage-activity-what-heading = Hva
manage-activity-title-required = Tittel (må fylles ut)
manage-activity-title-help = 2–200 tegn, for eksempel «Fotballtrening for 9-åringer».
manage-activity-summary-label = Kort beskrivelse
manage-activity-summary-help = Én setning som vises i søkeresultatene.
manage-activity-description-label = Beskrivelse
manage-activity-categories-legend = Kategorier (velg 1–5)
manage-activity-where-heading = Hvor
manage-activity-district-legend = Bydel (må fylles ut)
manage-activity-venue-label = Sted (må fylles ut)
manage-activity-address-label = Adresse
manage-activity-latitude-label = Breddegrad
manage-activity-longitude-label = Lengdegrad
manage-activity-coordinates-help = Valgfritt. Gir et kartlenke på siden. Skriv for eksempel 59.7441 og 10.2045.
manage-activity-when-heading = Når
manage-activity-schedule-help = En regel er en fast tid hver uke i en periode, for eksempel tirsdager 17:30–19:00 fra august til juni. Har aktiviteten en enkelt dag, fyll ut dato og klokkeslett i stedet for ukedager og periode. Trenger du flere tider, legg til en regel til.
manage-activity-rule-legend = Regel { $number }
manage-activity-weekdays-legend = Ukedager
manage-activity-start-label = Starter kl.
manage-activity-end-label = Slutter kl.
manage-activity-from-label = Fra og med dato
manage-activity-to-label = Til og med dato
manage-activity-to-help = La stå tom hvis aktiviteten fortsetter uten sluttdato.
manage-activity-except-label = Unntatt datoene
manage-activity-except-help = Datoer uten aktivitet, for eksempel ferier, skrevet som 2026-10-06 og skilt med komma.
manage-activity-date-label = Enkeltdato
manage-activity-date-help = Bare for en aktivitet som skjer én dag.
manage-activity-remove-rule = Fjern regel { $number }
manage-activity-add-rule = Legg til en regel
manage-activity-who-heading = For hvem
manage-activity-age-min-label = Fra alder
manage-activity-age-max-label = Til alder
manage-activity-capacity-label = Antall plasser
manage-activity-languages-label = Språk
manage-activity-languages-help = Språkkoder skilt med komma, for eksempel nb, en.
manage-activity-price-heading = Pris og påmelding
manage-activity-amount-label = Pris i kroner
manage-activity-free-label = Gratis
manage-activity-reduced-label = Redusert pris finnes
manage-activity-registration-label = Krever påmelding
manage-activity-registration-url-label = Lenke til påmelding
manage-activity-deadline-label = Påmeldingsfrist
manage-activity-accessibility-heading = Tilgjengelighet
manage-activity-accessibility-note-label = Mer om tilgjengelighet
manage-activity-contact-name-label = Kontaktperson
# What is wrong with a refused field of the activity form, by field (a schedule rule's
# fields by their own name).
manage-activity-field = Sjekk feltet.
    .error = Sjekk feltet.
    .error-title = Skriv en tittel, 2–200 tegn.
    .error-summary = Den korte beskrivelsen kan ha opptil 300 tegn.
    .error-description = Beskrivelsen er for lang.
    .error-categories = Velg 1–5 kategorier.
    .error-district = Velg en bydel.
    .error-name = Skriv stedet der aktiviteten er.
    .error-address = Adressen er for lang.
    .error-latitude = Skriv breddegraden som et tall, for eksempel 59.7441, og lengdegraden også.
    .error-longitude = Skriv lengdegraden som et tall, for eksempel 10.2045, og breddegraden også.
    .error-age_min = Skriv alderen som et helt tall fra 0 til 120.
    .error-age_max = Skriv alderen som et helt tall fra 0 til 120, og ikke lavere enn fra-alderen.
    .error-target_groups = Velg fra listen.
    .error-amount_nok = Skriv prisen i hele kroner.
    .error-free = En gratis aktivitet har pris 0.
    .error-url = Skriv en nettadresse som begynner med https:// eller http://.
    .error-deadline = Skriv fristen som en dato.
    .error-capacity = Skriv antall plasser som et helt tall.
    .error-languages = Skriv språkkoder som nb eller en.
    .error-email = Skriv en gyldig e-postadresse, som navn@eksempel.no.
    .error-phone = Skriv et gyldig telefonnummer.
    .error-schedule = Sjekk tidene.
    .error-weekdays = Velg minst én ukedag, eller fyll ut en enkeltdato.
    .error-start_time = Skriv når aktiviteten starter, som 17:30.
    .error-end_time = Skriv når aktiviteten slutter, som 19:00, senere enn starten.
    .error-valid_from = Skriv datoen perioden starter.
    .error-valid_to = Skriv datoen perioden slutter, ikke før den starter.
    .error-except_dates = Skriv datoene som 2026-10-06, innenfor perioden.
    .error-date = Skriv datoen som 2026-12-12.

## Members and invitations

manage-members-link = Medlemmer og invitasjoner
manage-members-title = Medlemmer
manage-members-role = Rolle
manage-members-make-owner = Gjør til eier
manage-members-make-editor = Gjør til redaktør
manage-members-remove = Fjern
manage-members-leave = Forlat organisasjonen
manage-members-changed = Endringen er lagret.
manage-members-last-owner = Organisasjonen må alltid ha minst én eier. Gjør et annet medlem til eier først, så kan du endre eller fjerne denne.
manage-members-owner-rule = Eiere kan invitere nye medlemmer og endre roller. Redaktører kan endre aktiviteter og oppdrag. Organisasjonen har alltid minst én eier.
manage-members-invite-heading = Inviter et nytt medlem
manage-members-invite-help = Adressen personen har eller vil lage konto med. Bare den kontoen kan godta invitasjonen.
manage-members-invite-submit = Lag invitasjon
manage-members-invited = Invitasjonen er laget
manage-members-invited-text = Send denne lenken til personen. Den vises bare nå, og gjelder i 14 dager.
# What is wrong with a refused field of the invitation form.
manage-members-wait = Det er sendt mange invitasjoner nylig, fra deg eller til denne adressen. Prøv igjen om { $minutes } minutter.
manage-members-field = Sjekk feltet.
    .error = Sjekk feltet.
    .error-email = Skriv en gyldig e-postadresse, som navn@eksempel.no.
    .error-role = Velg en rolle.
manage-invitation-title = Invitasjon til en organisasjon
manage-invitation-text = Du er invitert til å være med og holde en organisasjons aktiviteter og oppdrag oppdatert.
manage-invitation-accept = Godta invitasjonen
manage-invitation-sign-in-first = Logg inn med e-postadressen invitasjonen ble sendt til, eller lag en konto med den, og åpne lenken igjen.
manage-invitation-unknown = Invitasjonen finnes ikke, er brukt eller har gått ut. Be om en ny.
    .error = Invitasjonen finnes ikke, er brukt eller har gått ut. Be om en ny.
manage-invitation-other-address = Invitasjonen ble sendt til en annen e-postadresse enn den du er logget inn med.
    .error = Invitasjonen ble sendt til en annen e-postadresse enn den du er logget inn med.
