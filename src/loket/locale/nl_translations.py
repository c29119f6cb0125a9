"""Dutch (B1) translations of Loket's texts, the source for ``nl/LC_MESSAGES/django.po``.

Run ``uv run python -m loket.locale.fill_po`` after ``makemessages`` to write these into
the .po file, then ``uv run loket compilemessages``. Translators may also edit the .po file
directly (Poedit, Weblate); this table only fills entries that are still empty.
Plain language: short sentences, "u", explain the one legal word (beslistermijn).
"""

from __future__ import annotations

NL: dict[str, str | tuple[str, str]] = {
    "We also check the model. Every week we work out which periods it would have given a few months ago. We compare those with the decisions that came after. Did it take longer than the model thought? Then we make the periods longer. Did it go faster? Then we make them shorter.": (
        "Wij controleren ook het model. Elke week rekenen wij uit welke periodes het een paar "
        "maanden geleden zou geven. Die vergelijken wij met de besluiten die daarna kwamen. "
        "Duurde het langer dan het model dacht? Dan maken wij de periodes langer. Ging het "
        "sneller? Dan maken wij ze korter."
    ),
    "Pages of messages": "Pagina's met berichten",
    "Newer messages": "Nieuwere berichten",
    "Older messages": "Oudere berichten",
    "Page %(number)s of %(total)s": "Pagina %(number)s van %(total)s",
    # Track record of forecasts (predictions/processing_times.html)
    "Did our forecasts come true?": "Kwamen onze voorspellingen uit?",
    "For every application we decided in the past 6 months, we look at the first period we gave. Did the decision come in that period, or later, or earlier?": (
        "Voor elke aanvraag waarover wij in de afgelopen 6 maanden beslisten, kijken wij naar "
        "de eerste periode die wij gaven. Kwam het besluit in die periode? Of later, of eerder?"
    ),
    "Decisions of the past 6 months and the first period we gave": (
        "Besluiten van de afgelopen 6 maanden en de eerste periode die wij gaven"
    ),
    "Decisions": "Besluiten",
    "In the period": "In de periode",
    "Later": "Later",
    "Earlier": "Eerder",
    "In short": "Kort gezegd",
    "%(n)s in 10 in the period": "%(n)s van de 10 in de periode",
    "We aim for 8 in 10. Is it less, and were we mostly too early? Then we make our periods longer.": (
        "Ons doel is 8 van de 10. Is het minder, en waren wij vooral te vroeg? Dan maken wij "
        "onze periodes langer."
    ),
    "Not yet. We show this when at least 20 applications with a forecast have been decided.": (
        "Nog niet. Dit ziet u als er over minstens 20 aanvragen met een voorspelling is beslist."
    ),
    # Portal inbox (portal/inbox.html, the menu and the case page)
    "Messages": "Berichten",
    "(%(counter)s new)": ("(%(counter)s nieuw)", "(%(counter)s nieuw)"),
    "New": "Nieuw",
    "Application %(reference)s": "Aanvraag %(reference)s",
    "Here you find the messages we sent you about your applications. We also send them by e-mail. The newest message is at the top.": (
        "Hier vindt u de berichten die wij u hebben gestuurd over uw aanvragen. Wij sturen ze "
        "ook per e-mail. Het nieuwste bericht staat bovenaan."
    ),
    "You have no messages. When something about your application changes, or when we expect to be late, we send you a message here and by e-mail.": (
        "U heeft geen berichten. Als er iets verandert in uw aanvraag, of als wij verwachten "
        "dat wij te laat zijn, sturen wij u hier een bericht. En ook per e-mail."
    ),
    'We also sent you %(counter)s message about this application. <a class="utrecht-link" href="%(inbox_url)s">Read it in Messages</a>.': (
        'Wij hebben u ook %(counter)s bericht over deze aanvraag gestuurd. <a class="utrecht-link" '
        'href="%(inbox_url)s">Lees het bij Berichten</a>.',
        'Wij hebben u ook %(counter)s berichten over deze aanvraag gestuurd. <a class="utrecht-link" '
        'href="%(inbox_url)s">Lees ze bij Berichten</a>.',
    ),
    # Processing-times chart (predictions/processing_times.html)
    "If you apply today: the period in which we expect a decision": (
        "Als u vandaag een aanvraag doet: de periode waarin wij een besluit verwachten"
    ),
    "The bar is the period for 8 in 10 applications; the dark line is the most likely moment; the dotted line is how long 8 in 10 decisions took in the past 6 months. The table above has the same numbers.": (
        "De balk is de periode voor 8 van de 10 aanvragen. De donkere streep is het moment dat "
        "het meest waarschijnlijk is. De stippellijn laat zien hoe lang 8 van de 10 besluiten "
        "duurden in de afgelopen 6 maanden. De tabel hierboven heeft dezelfde cijfers."
    ),
    # Case page forecast (portal/includes/forecast.html)
    "We expect a decision between %(earliest)s and %(latest)s.": (
        "Wij verwachten een besluit tussen %(earliest)s en %(latest)s."
    ),
    "What does this mean? We looked at applications like yours. For 8 in 10 of them, the decision came within such a period. So it is an estimate, not a promise. The legal decision date above does not change.": (
        "Wat betekent dit? Wij hebben gekeken naar aanvragen zoals die van u. Bij 8 van de 10 "
        "kwam het besluit binnen zo'n periode. Het is dus een schatting, geen belofte. De "
        "beslistermijn hierboven verandert niet."
    ),
    "We will probably not decide before the legal decision date. We are sorry. We will send you a message about this.": (
        "Wij beslissen waarschijnlijk niet voor het einde van de beslistermijn. Het spijt ons. "
        "U krijgt hierover een bericht van ons."
    ),
    # Case vocabulary (cases.domain.vocabulary)
    "Received": "Ontvangen",
    "In progress": "In behandeling",
    "Waiting for you": "Wij wachten op u",
    "Decided": "Besluit genomen",
    "Document ready": "Document klaar",
    "Document issued": "Document uitgereikt",
    "Withdrawn": "Ingetrokken",
    "Application received": "Aanvraag ontvangen",
    "Next step started": "Volgende stap begonnen",
    "Information requested": "Informatie gevraagd",
    "Information received": "Informatie ontvangen",
    "Decision term extended": "Beslistermijn verlengd",
    "Decision made": "Besluit genomen",
    "Application withdrawn": "Aanvraag ingetrokken",
    "Granted": "Toegekend",
    "Refused": "Afgewezen",
    "Standard": "Standaard",
    "Expert": "Expert",
    "Staff": "Medewerker",
    "Import": "Import",
    "Simulation": "Simulatie",
    "API": "API",
    # Catalogue
    "Work": "Werk",
    "Study": "Studie",
    "Family": "Familie",
    "Asylum": "Asiel",
    "Naturalisation": "Naturalisatie",
    "Temporary protection": "Tijdelijke bescherming",
    # Notifications
    "Retry selected failed messages": "Mislukte berichten opnieuw proberen",
    "%(count)d message queued for another try.": (
        "%(count)d bericht staat klaar voor een nieuwe poging.",
        "%(count)d berichten staan klaar voor een nieuwe poging.",
    ),
    "Email": "E-mail",
    "Portal inbox": "Berichtenbox in het portaal",
    "Created": "Aangemaakt",
    "Sending": "Wordt verstuurd",
    "Delivered": "Afgeleverd",
    "Failed": "Mislukt",
    "Delay notice": "Bericht over vertraging",
    "Team alert": "Melding voor het team",
    "Message": "Bericht",
    # Term words
    "%(count)d year": ("%(count)d jaar", "%(count)d jaar"),
    "%(count)d month": ("%(count)d maand", "%(count)d maanden"),
    "%(count)d day": ("%(count)d dag", "%(count)d dagen"),
    " and ": " en ",
    # Staff form and errors
    "'%(kind)s' is not possible now. The case is '%(status)s'. Possible now: %(allowed)s. "
    "(%(detail)s)": "'%(kind)s' kan nu niet. De zaak is '%(status)s'. Nu mogelijk: "
    "%(allowed)s. (%(detail)s)",
    "The decision term cannot change like this. (%(detail)s)": (
        "De beslistermijn kan niet zo veranderen. (%(detail)s)"
    ),
    "Your username or password is not right. Check them and try again. Capital letters matter.": (
        "Uw gebruikersnaam of wachtwoord klopt niet. Controleer ze en probeer het opnieuw. "
        "Let op hoofdletters."
    ),
    "This account is blocked. Please contact us.": (
        "Dit account is geblokkeerd. Neem contact met ons op."
    ),
    "Username": "Gebruikersnaam",
    "Password": "Wachtwoord",
    "What happened": "Wat is er gebeurd",
    "Date and time": "Datum en tijd",
    "When it happened, not when you type it in.": "Wanneer het gebeurde, niet wanneer u het invult.",
    "Number of days": "Aantal dagen",
    "Only for an extension of the decision term.": "Alleen bij verlenging van de beslistermijn.",
    "Decision": "Besluit",
    "Only when the decision is made.": "Alleen als het besluit is genomen.",
    "No decision": "Geen besluit",
    "Step": "Stap",
    "Only when the case moves to another step.": "Alleen als de zaak naar een andere stap gaat.",
    "Note for colleagues": "Notitie voor collega's",
    "The applicant does not see this note.": "De aanvrager ziet deze notitie niet.",
    "No change": "Geen wijziging",
    "This date is in the future. Enter when it happened.": (
        "Deze datum ligt in de toekomst. Vul in wanneer het gebeurde."
    ),
    "This date is before the application was received. Check the date.": (
        "Deze datum ligt vóór de dag waarop de aanvraag binnenkwam. Controleer de datum."
    ),
    "Enter by how many days the decision term is extended.": (
        "Vul in met hoeveel dagen de beslistermijn wordt verlengd."
    ),
    "Leave this empty: days are only for an extension.": (
        "Laat dit leeg: dagen zijn alleen voor een verlenging."
    ),
    "Choose the decision: granted or refused.": "Kies het besluit: toegekend of afgewezen.",
    "Leave this empty: a decision is only for 'Decision made'.": (
        "Laat dit leeg: een besluit hoort alleen bij 'Besluit genomen'."
    ),
    "Choose the step the case moves to.": "Kies de stap waar de zaak naartoe gaat.",
    "This form was already sent. The event is recorded once.": (
        "Dit formulier is al verstuurd. De gebeurtenis is één keer vastgelegd."
    ),
    "The event is recorded.": "De gebeurtenis is vastgelegd.",
    "Record an event": "Gebeurtenis vastleggen",
    "Record event": "Vastleggen",
    "Latest events": "Laatste gebeurtenissen",
    "Details": "Details",
    "days": "dagen",
    "No events yet.": "Nog geen gebeurtenissen.",
    # Pages
    "Page not found": "Pagina niet gevonden",
    "We cannot find this page": "Wij kunnen deze pagina niet vinden",
    "Maybe the address is not right, or the page no longer exists.": (
        "Misschien klopt het adres niet, of bestaat de pagina niet meer."
    ),
    "Go to my applications": "Naar mijn aanvragen",
    "Skip to the main content": "Direct naar de inhoud",
    "Immigration and naturalisation": "Immigratie en naturalisatie",
    "Log out": "Uitloggen",
    "Main menu": "Hoofdmenu",
    "My applications": "Mijn aanvragen",
    "Back office": "Backoffice",
    "Questions? Call us on working days from 9:00 to 17:00, or write to the handler of your "
    "application.": "Vragen? Bel ons op werkdagen van 9.00 tot 17.00 uur, of schrijf aan de "
    "behandelaar van uw aanvraag.",
    "Loket is open-source software (EUPL-1.2).": "Loket is opensourcesoftware (EUPL-1.2).",
    "Back to my applications": "Terug naar mijn aanvragen",
    "Reference": "Kenmerk",
    "Where is your application now?": "Waar is uw aanvraag nu?",
    "We made a decision on %(day)s. You find the decision in your letters.": (
        "Wij hebben op %(day)s een besluit genomen. U vindt het besluit bij uw brieven."
    ),
    "What do you need to do?": "Wat moet u doen?",
    "We are waiting for information from you.": "Wij wachten op informatie van u.",
    "Look in the letter we sent you to see what we need and before which date. While we wait, "
    "we cannot decide.": "In de brief die wij u stuurden, staat wat wij nodig hebben en vóór "
    "welke datum. Zolang wij wachten, kunnen wij niet beslissen.",
    "Nothing at the moment. If we need something from you, we send you a letter.": (
        "Op dit moment niets. Hebben wij iets van u nodig? Dan sturen wij u een brief."
    ),
    "What happens next?": "Wat gebeurt er hierna?",
    "When will you get a decision?": "Wanneer krijgt u een besluit?",
    "We cannot show the decision date right now. Please contact us if you have a question "
    "about it.": "Wij kunnen de beslisdatum nu niet laten zien. Hebt u er een vraag over? "
    "Neem dan contact met ons op.",
    "All steps of your application": "Alle stappen van uw aanvraag",
    "Your letters": "Uw brieven",
    "Your contact person": "Uw contactpersoon",
    "Something is not right yet": "Er klopt nog iets niet",
    "optional": "niet verplicht",
    "Error:": "Fout:",
    "What we expect": "Wat wij verwachten",
    "We expect to decide between %(earliest)s and %(latest)s. This is an estimate, based on "
    "applications like yours. The legal decision date above stays the same.": "Wij verwachten "
    "te beslissen tussen %(earliest)s en %(latest)s. Dit is een schatting, op basis van "
    "aanvragen zoals die van u. De wettelijke beslisdatum hierboven blijft hetzelfde.",
    "Name": "Naam",
    "Team": "Team",
    "Always mention your reference %(reference)s when you contact us.": (
        "Noem altijd uw kenmerk %(reference)s als u contact met ons opneemt."
    ),
    "Your application does not have a contact person yet. You can call us on working days "
    "from 9:00 to 17:00. Mention your reference %(reference)s.": "Uw aanvraag heeft nog geen "
    "contactpersoon. U kunt ons bellen op werkdagen van 9.00 tot 17.00 uur. Noem dan uw "
    "kenmerk %(reference)s.",
    "Download": "Downloaden",
    "We have not sent you any letters yet.": "Wij hebben u nog geen brieven gestuurd.",
    "We made a decision on <strong>%(day)s</strong>.": (
        "Wij hebben een besluit genomen op <strong>%(day)s</strong>."
    ),
    "We decide on <strong>%(day)s</strong> at the latest.": (
        "Wij beslissen uiterlijk op <strong>%(day)s</strong>."
    ),
    "The law says how much time we have to decide. This is called the legal decision term (in "
    "Dutch: beslistermijn). The last day of this term is your decision date.": "De wet zegt "
    "hoeveel tijd wij hebben om te beslissen. Dat heet de beslistermijn. De laatste dag van "
    "de beslistermijn is uw beslisdatum.",
    "How we calculate this date": "Zo rekenen wij deze datum uit",
    "You applied on %(received)s. The law gives us %(term)s to decide. So the first decision "
    "date was %(base)s.": "U deed uw aanvraag op %(received)s. De wet geeft ons %(term)s om te "
    "beslissen. De eerste beslisdatum was dus %(base)s.",
    "We asked you for information on %(asked)s. You sent it on %(sent)s. That is %(days)s day. "
    "The decision date moves %(days)s day.": (
        "Wij vroegen u op %(asked)s om informatie. U stuurde die op %(sent)s. Dat is %(days)s "
        "dag. De beslisdatum schuift %(days)s dag op.",
        "Wij vroegen u op %(asked)s om informatie. U stuurde die op %(sent)s. Dat is %(days)s "
        "dagen. De beslisdatum schuift %(days)s dagen op.",
    ),
    "We asked you for information on %(asked)s. We have not received it yet. For every day we "
    "wait, the decision date moves one day. Until today, that is %(days)s day.": (
        "Wij vroegen u op %(asked)s om informatie. Wij hebben die nog niet ontvangen. Voor "
        "elke dag dat wij wachten, schuift de beslisdatum een dag op. Tot vandaag is dat "
        "%(days)s dag.",
        "Wij vroegen u op %(asked)s om informatie. Wij hebben die nog niet ontvangen. Voor "
        "elke dag dat wij wachten, schuift de beslisdatum een dag op. Tot vandaag is dat "
        "%(days)s dagen.",
    ),
    "We need more time to decide carefully. The law allows this. So we extended the term by "
    "%(days)s day. The decision date moves %(days)s day.": (
        "Wij hebben meer tijd nodig om goed te beslissen. Dat mag volgens de wet. Daarom hebben "
        "wij de beslistermijn verlengd met %(days)s dag. De beslisdatum schuift %(days)s dag op.",
        "Wij hebben meer tijd nodig om goed te beslissen. Dat mag volgens de wet. Daarom hebben "
        "wij de beslistermijn verlengd met %(days)s dagen. De beslisdatum schuift %(days)s "
        "dagen op.",
    ),
    "That would be %(day)s. That is a Saturday.": "Dat zou %(day)s zijn. Dat is een zaterdag.",
    "That would be %(day)s. That is a Sunday.": "Dat zou %(day)s zijn. Dat is een zondag.",
    "That would be %(day)s. That is a public holiday.": (
        "Dat zou %(day)s zijn. Dat is een feestdag."
    ),
    "A decision date cannot be on a weekend or a public holiday. So it moves to the next "
    "working day: %(day)s.": "Een beslisdatum kan niet in het weekend of op een feestdag "
    "vallen. Daarom schuift hij op naar de volgende werkdag: %(day)s.",
    "Your decision date is now %(day)s.": "Uw beslisdatum is nu %(day)s.",
    "Done": "Klaar",
    "started on %(day)s": "begonnen op %(day)s",
    "Now": "Nu",
    "since %(day)s": "sinds %(day)s",
    "Still to come": "Komt nog",
    "There are no steps to show yet.": "Er zijn nog geen stappen om te laten zien.",
    "Back to your application": "Terug naar uw aanvraag",
    "Sent on": "Verstuurd op",
    "Download this letter": "Deze brief downloaden",
    "Log in": "Inloggen",
    "Log in to see your applications. You see where your application is, what happens next "
    "and when you get a decision.": "Log in om uw aanvragen te zien. U ziet waar uw aanvraag "
    "is, wat er hierna gebeurt en wanneer u een besluit krijgt.",
    "Here you see all your applications. Choose an application to see what happens next.": (
        "Hier ziet u al uw aanvragen. Kies een aanvraag om te zien wat er hierna gebeurt."
    ),
    "Next step": "Volgende stap",
    "You send us the information we asked for": "U stuurt ons de informatie die wij vroegen",
    "Decided on": "Besluit genomen op",
    "Decision at the latest on": "Besluit uiterlijk op",
    "You have no applications yet. Did you just apply? Then it can take a few days before you "
    "see your application here.": "U hebt nog geen aanvragen. Hebt u net een aanvraag gedaan? "
    "Dan kan het een paar dagen duren voordat u die hier ziet.",
    "Find a case": "Zaak zoeken",
    "Type the reference of the case. Then you can record what happened.": (
        "Typ het kenmerk van de zaak. Daarna kunt u vastleggen wat er is gebeurd."
    ),
    "There is no case with reference %(reference)s. Check the reference.": (
        "Er is geen zaak met kenmerk %(reference)s. Controleer het kenmerk."
    ),
    "Find": "Zoeken",
    # Forecasting pages (loket.predictions templates)
    "Cases at risk": "Zaken met risico",
    "Cases at risk of missing the decision period": "Zaken die de beslistermijn kunnen missen",
    "Open cases where the forecast puts more than half of its probability after the legal "
    "decision date, riskiest first.": "Open zaken waarbij de kans groter dan de helft is dat "
    "het besluit na de wettelijke beslisdatum komt. Het grootste risico staat bovenaan.",
    "Model trained on %(day)s (%(reason)s).": "Model getraind op %(day)s (%(reason)s).",
    "%(n)s case at risk": ("%(n)s zaak met risico", "%(n)s zaken met risico"),
    "Case": "Zaak",
    "Product": "Product",
    "Decision period ends": "Beslistermijn eindigt",
    "Expected decision (80%% window)": "Verwacht besluit (80%%-bandbreedte)",
    "Chance of being late": "Kans op te laat",
    "Pages": "Pagina's",
    "Previous": "Vorige",
    "Page %(n)s of %(total)s": "Pagina %(n)s van %(total)s",
    "Next": "Volgende",
    "No open case is at risk right now.": "Er is nu geen open zaak met risico.",
    "Processing times": "Behandeltijden",
    "How long does it take?": "Hoe lang duurt het?",
    "Here you see how long we took to decide in the past 6 months, and what we expect for an "
    "application that you send today.": "Hier ziet u hoe lang wij de afgelopen 6 maanden "
    "nodig hadden om te beslissen. En wat wij verwachten voor een aanvraag die u vandaag "
    "stuurt.",
    "Updated every day. Last update: %(day)s.": "Elke dag bijgewerkt. Laatst bijgewerkt: %(day)s.",
    "Processing times per type of application": "Behandeltijden per soort aanvraag",
    "Application": "Aanvraag",
    "Past 6 months: 8 in 10 decisions took at most": (
        "Afgelopen 6 maanden: 8 van de 10 besluiten duurden hoogstens"
    ),
    "If you apply today, we expect a decision in": (
        "Als u vandaag aanvraagt, verwachten wij een besluit binnen"
    ),
    "Applications waiting": "Aanvragen die wachten",
    "%(weeks)s week": ("%(weeks)s week", "%(weeks)s weken"),
    "not enough decisions yet": "nog niet genoeg besluiten",
    "between %(low)s and %(high)s weeks": "tussen %(low)s en %(high)s weken",
    "between %(low)s and %(high)s days": "tussen %(low)s en %(high)s dagen",
    "no forecast yet": "nog geen verwachting",
    "There are no figures yet. They appear after the first daily update.": (
        "Er zijn nog geen cijfers. Die komen na de eerste dagelijkse update."
    ),
    "How do we get these numbers?": "Hoe komen wij aan deze cijfers?",
    "The first number looks back. We take all decisions of the past 6 months. 8 in 10 of them "
    "were made within this time.": "Het eerste getal kijkt terug. Wij nemen alle besluiten van "
    "de afgelopen 6 maanden. 8 van de 10 daarvan namen wij binnen deze tijd.",
    "The second number looks ahead. A computer model learns from all our earlier applications "
    "and from how busy we are now. It gives a period. For 8 in 10 applications the decision "
    "comes in that period. We check this every day on new decisions.": "Het tweede getal kijkt "
    "vooruit. Een computermodel leert van al onze eerdere aanvragen en van hoe druk het nu "
    "is. Het geeft een periode. Bij 8 van de 10 aanvragen komt het besluit in die periode. "
    "Wij controleren dit elke dag met nieuwe besluiten.",
    "The law gives us a maximum time to decide: the decision period (beslistermijn). If we "
    "think we will not make it for your application, we tell you before that date.": "De wet "
    "geeft ons een maximale tijd om te beslissen: de beslistermijn. Denken wij dat het ons "
    "niet lukt voor uw aanvraag? Dan laten wij u dat weten vóór die datum.",
    # Delay notice to the applicant (predictions/notices.py), in the language they chose
    "%(reference)s: the decision will probably be late": (
        "%(reference)s: het besluit komt waarschijnlijk later"
    ),
    "Dear applicant,": "Beste aanvrager,",
    "We must decide on your application %(product)s (%(reference)s) by %(due)s at the "
    "latest.\nThis is the decision period that the law gives us.": "Wij moeten uiterlijk "
    "%(due)s beslissen over uw aanvraag %(product)s (%(reference)s).\nDat is de "
    "beslistermijn: de termijn die de wet ons geeft.",
    "We expect that we will not make it. We are sorry. We now expect a decision between "
    "%(earliest)s and %(latest)s.\nFor 8 in 10 applications like yours, the decision comes "
    "in that period.": "Wij verwachten dat wij dat niet halen. Sorry. Wij verwachten nu een "
    "besluit tussen %(earliest)s en %(latest)s.\nBij 8 van de 10 aanvragen zoals die van u "
    "komt het besluit in die periode.",
    "What can you do?": "Wat kunt u doen?",
    "- You do not have to do anything. We are working on your application.": (
        "- U hoeft niets te doen. Wij werken aan uw aanvraag."
    ),
    "- Has the decision period passed? Then you may send us a letter asking us to decide "
    "quickly.\n  This is called a notice of default (ingebrekestelling).": "- Is de "
    "beslistermijn voorbij? Dan mag u ons een brief sturen waarin u vraagt om snel te "
    "beslissen.\n  Dit heet een ingebrekestelling.",
    "- Do you have questions? Contact %(contact)s.": (
        "- Heeft u vragen? Neem contact op met %(contact)s."
    ),
    "team %(team)s": "team %(team)s",
    "us": "ons",  # msgctxt "whom to contact about a delay": "Contact us" -> "contact met ons"
    "You can always see your application in Loket.": (
        "U kunt uw aanvraag altijd bekijken in Loket."
    ),
    "Nederlands": "Nederlands",
    "English": "English",
}
