# Signing in, signing out, creating an account and `/min-side`.

account-name-label = Fullt navn
account-password-label = Passord
account-password-required-label = { account-password-label } ({ form-required })

## Signing in

account-login-title = Logg inn
account-login-intro = For deg som legger inn og oppdaterer tilbud for et lag, en forening eller en frivilligsentral.
account-login-submit = Logg inn
# The one message for a refused sign-in: it never says which part was wrong.
account-login-failed = E-postadressen eller passordet er feil. Sjekk begge og prøv igjen.
account-registered-notice = Hvis adressen ikke var registrert fra før, er kontoen din opprettet, og vi har sendt en lenke til den for å bekrefte adressen. Logg inn med e-postadressen og passordet du valgte.
account-forgot-password = Glemt passordet?
account-no-account = Har du ikke konto?
account-register-link = Opprett konto

## Creating an account

account-register-title = Opprett konto
account-register-intro = Med en konto kan du registrere laget ditt og legge inn aktiviteter og frivillige oppdrag.
account-register-password-help = Minst 10 tegn. Bruk gjerne flere ord etter hverandre.
account-register-submit = Opprett konto
# Messages for refused fields of the registration, by the API's field name; the value when
# a field has none of its own.
account-register-error = Sjekk det du har skrevet her.
    .email = Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.
    .password = Velg et passord med mellom 10 og 128 tegn som ikke er et vanlig brukt passord.
    .name = Skriv navnet ditt.
account-has-account = Har du allerede en konto?
account-login-link = Logg inn

## Min side

account-my-page-title = Min side
# $name and $email are the signed-in user's.
account-signed-in-as = Du er logget inn som { $name } ({ $email }).
account-organisations-heading = Mine organisasjoner
account-no-organisations = Du er ikke medlem av noen organisasjon ennå.
account-organisation-name = Organisasjon
account-organisation-status = Status
account-organisation-role = Din rolle
# The organisation's status, by its code.
account-organisation-status-name =
    .pending = Venter på godkjenning
    .verified = Godkjent
    .rejected = Avvist
    .archived = Arkivert
# The user's role in the organisation, by its code.
account-role-name =
    .owner = Eier
    .editor = Redaktør
account-invitations-heading = Invitasjoner
account-invitations-help = Du er invitert til å være med i disse organisasjonene. Åpne lenken i invitasjonen for å godta den.
account-invitation = { $organisation }, som { $role }, til { $until }
account-logout-submit = Logg ut

account-reset-done = Passordet er byttet. Logg inn med det nye passordet.

## The links sent by e-mail: confirming the address, a new password
account-confirm-title = Bekreft e-postadressen
account-confirm-intro = Trykk på knappen for å bekrefte at e-postadressen er din. Da kan du registrere laget ditt.
account-confirm-submit = Bekreft e-postadressen
account-confirm-done = E-postadressen er bekreftet. Nå kan du registrere laget ditt.
account-confirm-go-on = Gå til Min side
account-confirm-invalid = Lenken er brukt eller for gammel. Logg inn og be om en ny på Min side.
account-unconfirmed = E-postadressen din er ikke bekreftet ennå. Vi har sendt deg en lenke; du må bekrefte adressen før du kan registrere et lag.
account-confirm-resend = Send lenken på nytt
account-confirm-resent = Vi har sendt en ny lenke til e-postadressen din.
account-confirm-wait = Vi har sendt flere lenker til adressen din nylig. Bruk den nyeste (se også i søppelpost-mappen), eller be om en ny om en halvtime.
account-forgot-title = Glemt passordet
account-forgot-intro = Skriv e-postadressen du logger inn med. Har den en konto, sender vi deg en lenke for å velge nytt passord. Lenken virker i 30 minutter og bare én gang.
account-forgot-submit = Send lenke
account-forgot-sent = Hvis adressen har en konto hos oss, har vi sendt en lenke til den nå. Finner du den ikke, se i søppelpost-mappen.
account-forgot-error = Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.
account-forgot-wait = Vi har sendt flere lenker nylig. Bruk den nyeste (se også i søppelpost-mappen), eller prøv igjen om { $minutes } minutter.
account-reset-title = Velg nytt passord
account-reset-intro = Når du har valgt et nytt passord, blir du logget ut overalt, og du logger inn med det nye.
account-reset-password-label = Nytt passord
account-reset-submit = Lagre nytt passord
account-reset-invalid = Lenken er brukt eller for gammel. Be om en ny lenke.
account-reset-new-link = Be om en ny lenke
