/** German. Keys and placeholders as in en.ts; plural forms: one, other. */
import type { Catalogue } from './catalogue.ts';

export const de: Catalogue = {
  page: {
    'layout.noscript':
      'Diese Seite braucht JavaScript: Darüber gehen die Dateien direkt von Browser zu Browser. Schalten Sie JavaScript ein und laden Sie die Seite neu.',
    'layout.footer': 'Die Dateien gehen direkt von Browser zu Browser; sie berühren diesen Server nie.',
    'theme.label': 'Design',
    'theme.system': 'Wie das Gerät',
    'theme.light': 'Hell',
    'theme.dark': 'Dunkel',
    'language.label': 'Sprache',
    'language.change': 'Wechseln',

    'offline.title': 'Offline',
    'offline.heading': 'Sie sind offline',
    'offline.text':
      'Phuppi braucht seinen Server, um eine Sitzung zu starten oder ihr beizutreten: Die Dateien gehen von Browser zu Browser, aber der Server bringt die beiden zusammen. Bis das Netz wieder da ist, kann nichts gesendet oder empfangen werden.',
    'offline.retry': 'Erneut versuchen',

    'guest.validUntil': 'Link gültig bis {{time}}',
    'guest.pinTitle': 'PIN eingeben',
    'guest.pinLabel': 'PIN',
    'guest.pinHint': 'Die zweistellige Zahl auf dem Bildschirm von {{owner}}.',
    'guest.pinAccepted': '✓ PIN angenommen',
    'guest.dropHere': 'Dateien oder Ordner hierher ziehen, oder',
    'guest.chooseFiles': 'Dateien auswählen',
    'guest.chooseFolder': 'Ordner auswählen',
    'guest.chosenList': 'Ausgewählte Dateien',
    'guest.scanAnother': 'Anderen QR-Code scannen',

    'receiveGuest.title': 'Dateien an {{owner}} senden',
    'receiveGuest.eyebrow': 'Dateien senden an',
    'receiveGuest.unsupported':
      'Mit diesem Browser lassen sich keine Dateien direkt an ein anderes Gerät senden. Öffnen Sie diesen Link in Chrome, Firefox, Edge oder Safari, um Ihre Dateien zu senden.',
    'receiveGuest.filesTitle': 'Dateien auswählen',
    'receiveGuest.send': 'Senden',
    'receiveGuest.sending': 'Wird gesendet',
    'receiveGuest.sendingList': 'Dateien, die gesendet werden',
    'receiveGuest.stop': 'Senden abbrechen',
    'receiveGuest.allArrived': 'Alle Dateien sind angekommen',
    'receiveGuest.sentList': 'Gesendete Dateien',
    'receiveGuest.sendMore': 'Weitere Dateien senden',
    'receiveGuest.notFound.title': 'Diesen Link gibt es nicht',
    'receiveGuest.notFound.text':
      'Prüfen Sie, ob Sie den ganzen Link eingegeben oder gescannt haben. Wenn es dann noch nicht klappt, bitten Sie die Person, die Ihre Dateien haben möchte, um einen neuen Link.',
    'receiveGuest.expired.title': 'Dieser Link ist abgelaufen',
    'receiveGuest.expired.text':
      'Links zum Senden von Dateien gelten nur eine begrenzte Zeit. Bitten Sie die Person, die Ihre Dateien haben möchte, um einen neuen Link.',
    'receiveGuest.cancelled.title': 'Dieser Link wurde zurückgezogen',
    'receiveGuest.cancelled.text':
      'Die Person, die ihn erstellt hat, hat ihn zurückgezogen; er nimmt keine Dateien mehr an. Bitten Sie sie um einen neuen Link, falls Sie noch etwas senden müssen.',

    'shareGuest.title': 'Dateien von {{owner}}',
    'shareGuest.eyebrow': 'Dateien von',
    'shareGuest.unsupported':
      'Mit diesem Browser lassen sich keine Dateien direkt von einem anderen Gerät empfangen. Öffnen Sie diesen Link in Chrome, Firefox, Edge oder Safari, um die Dateien zu erhalten.',
    'shareGuest.getFiles': 'Dateien holen',
    'shareGuest.downloadTitle': 'Herunterladen',
    'shareGuest.start': 'Geben Sie die PIN ein, um zu beginnen. Die Dateien kommen direkt vom Gerät von {{owner}}.',
    'shareGuest.list': 'Dateien',
    'shareGuest.stop': 'Herunterladen abbrechen',
    'shareGuest.notFound.title': 'Diesen Link gibt es nicht',
    'shareGuest.notFound.text':
      'Prüfen Sie, ob Sie den ganzen Link eingegeben oder gescannt haben. Wenn es dann noch nicht klappt, bitten Sie die Person, die die Dateien geteilt hat, um einen neuen Link.',
    'shareGuest.expired.title': 'Dieser Link ist abgelaufen',
    'shareGuest.expired.text':
      'Links zum Herunterladen gelten nur eine begrenzte Zeit. Bitten Sie die Person, die die Dateien geteilt hat, um einen neuen Link.',
    'shareGuest.cancelled.title': 'Dieser Link wurde zurückgezogen',
    'shareGuest.cancelled.text':
      'Die Person, die die Dateien geteilt hat, hat den Link zurückgezogen; die Dateien lassen sich hier nicht mehr herunterladen. Bitten Sie sie um einen neuen Link, falls Sie sie noch brauchen.',
    'shareGuest.notYours.title': 'Nicht Ihre Freigabe',
    'shareGuest.notYours.text': 'Diese Freigabe gehört zu einem anderen Konto.',

    'scan.title': 'QR-Code scannen',
    'scan.intro':
      'Richten Sie die Kamera auf den QR-Code auf dem anderen Bildschirm. Die Kamera startet erst, wenn Sie auf den Knopf drücken, und nichts verlässt dieses Telefon.',
    'scan.start': 'Kamera starten',
    'scan.stop': 'Kamera stoppen',
    'scan.found': 'Gefunden:',
    'scan.notWorking': 'Kamera funktioniert nicht?',
    'scan.httpsOnly':
      'Telefone erlauben die Kamera nur auf sicheren (https-)Seiten. Sie können den Code aber fotografieren:',
    'scan.photo': 'Foto aufnehmen oder auswählen',
    'scan.typeLink': 'Oder tippen Sie den Link unter dem QR-Code in die Adresszeile.',

    'view.nav.label': 'Hauptmenü',
    'view.nav.receive': 'Empfangen',
    'view.nav.send': 'Senden',
    'view.nav.users': 'Benutzer',
    'view.nav.account': 'Konto',
    'view.nav.logout': 'Abmelden',
    'view.form.username': 'Benutzername',
    'view.form.password': 'Passwort',
    'view.form.optional': '(optional)',
    'view.form.cancel': 'Abbrechen',

    'view.login.title': 'Anmelden',
    'view.login.sso': 'Mit {{provider}} anmelden',
    'view.login.orPassword': 'oder mit einem Passwort anmelden',
    'view.login.sso.denied':
      'Die Anmeldung wurde beim Anmeldedienst abgebrochen. Versuchen Sie es erneut, wenn Sie so weit sind.',
    'view.login.sso.state':
      'Diese Anmeldung wurde nicht in diesem Browser begonnen, hat länger als 10 Minuten gedauert oder wurde schon verwendet. Beginnen Sie mit der Schaltfläche unten neu.',
    'view.login.sso.code':
      'Der Anmeldedienst hat den Anmeldecode abgelehnt: Er ist abgelaufen oder wurde schon verwendet. Beginnen Sie mit der Schaltfläche unten neu.',
    'view.login.sso.unreachable':
      'Der Anmeldedienst ist gerade nicht erreichbar. Versuchen Sie es gleich noch einmal, oder melden Sie sich mit Ihrem Passwort an.',
    'view.login.sso.failed':
      'Die Anmeldung über den Anmeldedienst hat nicht geklappt. Versuchen Sie es erneut, oder fragen Sie eine Administratorin oder einen Administrator.',
    'view.login.sso.noUsername':
      'Der Anmeldedienst hat nicht mitgeteilt, welchen Benutzernamen Sie hier haben. Fragen Sie eine Administratorin oder einen Administrator.',
    'view.login.sso.unknownUser':
      'Sie haben hier noch kein Konto. Bitten Sie eine Administratorin oder einen Administrator, Sie hinzuzufügen.',
    'view.login.sso.taken':
      'Ihr Benutzername gehört hier zu einem Konto, das mit jemand anderem verknüpft ist. Fragen Sie eine Administratorin oder einen Administrator.',
    'view.login.sso.disabled':
      'Dieses Konto ist deaktiviert. Bitten Sie eine Administratorin oder einen Administrator, es zu aktivieren.',

    'view.setup.title': 'Einrichten',
    'view.setup.heading': 'Phuppi P2P einrichten',
    'view.setup.intro':
      'Legen Sie das erste Administratorkonto an. Der Einrichtungscode steht in der Konsole, in der der Server läuft.',
    'view.setup.code': 'Einrichtungscode',
    'view.setup.submit': 'Administratorkonto anlegen',

    'view.account.title': 'Konto',
    'view.account.loggedInAs': 'Sie sind als {{user}} angemeldet.',
    'view.account.loggedInAsAdmin': 'Sie sind als {{user}} angemeldet (Administrator).',
    'view.account.changeTitle': 'Passwort ändern',
    'view.account.current': 'Aktuelles Passwort',
    'view.account.new': 'Neues Passwort',
    'view.account.newHint': 'Mindestens 8 Zeichen.',
    'view.account.again': 'Neues Passwort wiederholen',
    'view.account.submit': 'Passwort ändern',
    'view.account.othersLoggedOut': 'Ihre anderen Geräte werden abgemeldet; dieses bleibt angemeldet.',

    'view.users.title': 'Benutzer',
    'view.users.addTitle': 'Benutzer hinzufügen',
    'view.users.passwordHint': 'Mindestens 8 Zeichen. Geben Sie es der Person unter vier Augen.',
    'view.users.add': 'Hinzufügen',
    'view.users.listTitle': 'Alle, die sich anmelden können',
    'view.users.listHint':
      'Ein deaktiviertes Konto kann sich nicht anmelden; seine offenen Links funktionieren nicht mehr. Es gibt immer mindestens ein aktives Administratorkonto.',
    'view.users.resetTitle': 'Neues Passwort für {{user}}',
    'view.users.resetHint':
      'Mindestens 8 Zeichen. Die Person wird überall abgemeldet; geben Sie ihr das neue Passwort unter vier Augen.',
    'view.users.setPassword': 'Passwort setzen',
    'view.users.deleteTitle': '{{user}} löschen?',
    'view.users.deleteText':
      'Das Konto, seine Empfangssitzungen und Freigaben und die Liste dessen, was Gäste gesendet haben, werden gelöscht. Das lässt sich nicht rückgängig machen.',
    'view.users.delete': 'Benutzer löschen',

    'view.expiry.legend': 'Link läuft ab nach',
    'view.expiry.minutes_one': '{{count}} Minute',
    'view.expiry.minutes_other': '{{count}} Minuten',
    'view.expiry.hours_one': '{{count}} Stunde',
    'view.expiry.hours_other': '{{count}} Stunden',
    'view.expiry.days_one': '{{count}} Tag',
    'view.expiry.days_other': '{{count}} Tagen',
    'view.owner.refresh': 'Aktualisieren',
    'view.owner.loading': 'Wird geladen…',
    'view.owner.connecting': 'Verbindung wird hergestellt…',
    'view.status.active': 'Aktiv',
    'view.status.expired': 'Abgelaufen',
    'view.status.cancelled': 'Zurückgezogen',
    'view.status.locked': 'Gesperrt: zu viele falsche PINs',

    'view.card.qrLoading': 'QR-Code…',
    'view.card.scanWithPhone': 'Mit der Handykamera scannen',
    'view.card.pin': 'PIN',
    'view.card.copy': 'Link kopieren',
    'view.card.expires': 'Läuft ab: {{time}}',
    'view.card.resetPin': 'PIN zurücksetzen',
    'view.card.keep': 'Behalten',
    'view.card.cancel.session': 'Sitzung zurückziehen',
    'view.card.cancel.share': 'Freigabe zurückziehen',
    'view.card.cancelQuestion.session': 'Diese Sitzung zurückziehen?',
    'view.card.cancelQuestion.share': 'Diese Freigabe zurückziehen?',
    'view.card.cancelText.session':
      'Link und PIN funktionieren dann nicht mehr, und laufende Übertragungen brechen ab.',
    'view.card.cancelText.share': 'Link und PIN funktionieren dann nicht mehr, und laufende Downloads brechen ab.',
    'view.card.cancelYes.session': 'Ja, Sitzung zurückziehen',
    'view.card.cancelYes.share': 'Ja, Freigabe zurückziehen',

    'view.receiveCreate.title': 'Dateien empfangen',
    'view.receiveCreate.lead':
      'Erstellen Sie einen Link und eine PIN, zeigen Sie beides der Person, die die Dateien hat, und ihre Dateien kommen direkt von ihrem Handy oder Computer in diesen Browser – nie über den Server.',
    'view.receiveCreate.newTitle': 'Neue Empfangssitzung',
    'view.receiveCreate.label': 'Bezeichnung für Gäste',
    'view.receiveCreate.labelExample': 'z. B. Hausaufgaben Woche 3',
    'view.receiveCreate.limits': 'Was jeder Gast senden darf',
    'view.receiveCreate.limitsHint': '(optional; die Dateien kommen in diesen Browser)',
    'view.receiveCreate.maxFiles': 'Höchstens Dateien',
    'view.receiveCreate.maxSize': 'Höchstens Größe insgesamt',
    'view.receiveCreate.unit': 'Einheit',
    'view.receiveCreate.noLimit': 'Keine Grenze',
    'view.receiveCreate.submit': 'Empfangssitzung erstellen',
    'view.receiveCreate.sessions': 'Ihre Empfangssitzungen',
    'view.receiveCreate.onPhone': 'Am Handy? {{scan}}, um einen Link zu öffnen, den Ihnen jemand zeigt.',
    'view.receiveCreate.scan': 'QR-Code scannen',

    'view.receiveOwner.title': 'Warten auf Dateien · {{session}}',
    'view.receiveOwner.untitled': 'Empfangssitzung',
    'view.receiveOwner.back': '← Alle Empfangssitzungen',
    'view.receiveOwner.cardHeading': 'Diesen Link weitergeben',
    'view.receiveOwner.pinHint': 'Sagen Sie dem Gast diese PIN: Er gibt sie vor dem Senden ein.',
    'view.receiveOwner.urlLabel': 'Link für den Gast',
    'view.receiveOwner.notify': 'Benachrichtigen, wenn Dateien ankommen',
    'view.receiveOwner.guests': 'Gäste',
    'view.receiveOwner.guestsEmpty':
      'Noch niemand. Sobald ein Gast die PIN eingibt, erscheint er hier, und seine Dateien kommen von selbst an. Lassen Sie diese Seite geöffnet.',
    'view.receiveOwner.files': 'Empfangene Dateien',
    'view.receiveOwner.forget': 'Aus diesem Browser entfernen',
    'view.receiveOwner.downloadAll': 'Alle herunterladen',
    'view.receiveOwner.filesEmpty': 'Noch keine Dateien.',
    'view.receiveOwner.notYours.title': 'Nicht Ihre Sitzung',
    'view.receiveOwner.notYours.text':
      'Diese Empfangssitzung gehört zu einem anderen Konto. Melden Sie sich als ihr Besitzer an, um sie zu öffnen.',
    'view.receiveOwner.notFound.title': 'Sitzung nicht gefunden',
    'view.receiveOwner.notFound.text':
      'Unter dieser Adresse gibt es keine Empfangssitzung. Vielleicht wurde sie nach ihrem Ende gelöscht.',

    'view.shareOwner.title': 'Dateien senden',
    'view.shareOwner.lead':
      'Wählen Sie Dateien aus und zeigen Sie dann den QR-Code und die PIN der Person, die sie bekommen soll. Die Dateien gehen direkt von diesem Browser in ihren – nie über den Server –, lassen Sie diese Seite also geöffnet, bis sie fertig sind.',
    'view.shareOwner.newTitle': 'Neue Freigabe',
    'view.shareOwner.keepCopy': 'Eine Kopie in diesem Browser behalten, damit die Freigabe ein Neuladen übersteht',
    'view.shareOwner.keepCopyHint':
      'Die Dateien werden im Hintergrund in den privaten Speicher dieses Browsers kopiert und gelöscht, wenn die Freigabe endet. Ohne Kopie hält ein Neuladen oder Schließen dieser Seite die Freigabe an, bis Sie die Dateien erneut auswählen.',
    'view.shareOwner.submit': 'Freigabe erstellen',
    'view.shareOwner.back': '← Neue Freigabe',
    'view.shareOwner.sharing': 'Dateien werden freigegeben',
    'view.shareOwner.cardHeading': 'Link, QR-Code und PIN für die Empfänger',
    'view.shareOwner.urlLabel': 'Link für die Empfänger',
    'view.shareOwner.notify': 'Über Downloads benachrichtigen',
    'view.shareOwner.offered': 'Angebotene Dateien',
    'view.shareOwner.missing.title': 'Die Dateien sind nicht mehr in diesem Browser',
    'view.shareOwner.missing.text':
      'Empfänger können nur herunterladen, solange diese Seite die Dateien hat. Wählen Sie dieselben Dateien erneut aus, um die Freigabe fortzusetzen.',
    'view.shareOwner.missing.choose': 'Dateien erneut auswählen',
    'view.shareOwner.recipients': 'Empfänger',
    'view.shareOwner.recipientsEmpty':
      'Noch niemand. Sobald jemand die PIN eingibt, erscheint die Person hier, und ihr Download beginnt von selbst. Mehrere Personen können gleichzeitig herunterladen.',
    'view.shareOwner.shares': 'Ihre Freigaben',
    'view.shareOwner.notFound':
      'Unter dieser Adresse gibt es keine Freigabe. Vielleicht wurde sie nach ihrem Ende gelöscht.',
    'view.shareOwner.expired': 'Diese Freigabe ist abgelaufen.',
    'view.shareOwner.cancelled': 'Diese Freigabe wurde zurückgezogen.',
    'view.shareOwner.notYours':
      'Diese Freigabe gehört zu einem anderen Konto. Melden Sie sich als ihr Besitzer an, um sie zu öffnen.',

    'view.apiError.badCredentials': 'Benutzername oder Passwort ist falsch.',
    'view.apiError.accountDisabled':
      'Dieses Konto ist deaktiviert. Bitten Sie eine Administratorin oder einen Administrator, es zu aktivieren.',
    'view.apiError.usernameTaken': 'Der Benutzername „{{username}}“ ist schon vergeben.',
    'view.apiError.usernameTakenSetup': 'Der Benutzername ist schon vergeben.',
    'view.apiError.alreadySetUp': 'Dieser Server ist schon eingerichtet. Melden Sie sich stattdessen an.',
    'view.apiError.badSetupCode': 'Dieser Einrichtungscode stimmt nicht. Er steht in der Konsole des Servers.',
    'view.apiError.lastAdmin':
      'Dann gäbe es kein aktives Administratorkonto mehr. Machen Sie zuerst jemand anderen zum Administrator.',
    'view.apiError.noSuchUser': 'Diesen Benutzer gibt es nicht. Laden Sie die Liste neu.',
    'view.apiError.wrongPassword': 'Ihr aktuelles Passwort stimmt nicht.',
    'view.apiError.usernameBlank': 'Der Benutzername muss sichtbare Zeichen enthalten.',
    'view.apiError.logInFirst': 'Bitte melden Sie sich zuerst an.',
    'view.apiError.csrf':
      'Dieser Anfrage fehlt ihr X-CSRF-Token-Header. Laden Sie die Seite neu und versuchen Sie es erneut.',
    'view.apiError.adminsOnly': 'Das kann nur ein Administrator.',
    'view.apiError.adminsOnlyUsers': 'Nur ein Administrator kann Benutzer verwalten.',
    'view.apiError.rateLimited': 'Zu viele Anfragen. Warten Sie eine Minute und versuchen Sie es erneut.',
    'view.apiError.internal': 'Auf dem Server ist etwas schiefgegangen. Bitte versuchen Sie es erneut.',
    'view.apiError.noSuchEndpoint': 'Diese Seite oder Schnittstelle gibt es nicht: {{method}} {{path}}',
    'view.apiError.noSuchSession': 'Diese Sitzung gibt es nicht.',
    'view.apiError.notYourSession': 'Diese Sitzung gehört einem anderen Benutzer.',
    'view.apiError.noSuchGuest': 'Diesen Gast gibt es in dieser Sitzung nicht.',
    'view.apiError.sessionExpired': 'Diese Sitzung ist abgelaufen.',
    'view.apiError.sessionCancelled': 'Diese Sitzung wurde zurückgezogen.',
    'view.apiError.tooManyCreations':
      'In der letzten Minute erstellte Sitzungen: {{max}}. Warten Sie eine Minute und versuchen Sie es erneut.',
    'view.apiError.tooManyActive':
      'Sie haben schon so viele offene Sitzungen wie erlaubt ({{max}}). Ziehen Sie eine zurück, die Sie nicht mehr brauchen, und erstellen Sie dann eine neue.',
  },

  browser: {
    'list.separator': ', ',
    'size.unit.B': 'B',
    'size.unit.KiB': 'KiB',
    'size.unit.MiB': 'MiB',
    'size.unit.GiB': 'GiB',
    'size.unit.TiB': 'TiB',
    'size.value': '{{value}} {{unit}}',
    'size.speed': '{{size}}/s',
    'time.days': '{{d}} Tg. {{h}} Std.',
    'time.hours': '{{h}} Std. {{m}} Min.',
    'time.minutes': '{{m}} Min. {{s}} Sek.',
    'time.seconds': '{{s}} Sek.',

    'files.count_one': '{{count}} Datei',
    'files.count_other': '{{count}} Dateien',
    'limits.atMostFiles_one': 'höchstens {{count}} Datei',
    'limits.atMostFiles_other': 'höchstens {{count}} Dateien',
    'limits.inTotal': 'insgesamt {{size}}',
    'limits.youCan': 'Sie können {{what}} senden.',
    'limits.youCanUpTo': 'Sie können bis zu {{what}} senden.',
    'limits.linkLetsYou': 'Über diesen Link können Sie {{what}} senden.',
    'limits.linkLetsYouUpTo': 'Über diesen Link können Sie bis zu {{what}} senden.',
    'limits.overFiles_one': 'Das ist {{count}} Datei; dieser Link nimmt von einem Gast höchstens {{max}} an.',
    'limits.overFiles_other': 'Das sind {{count}} Dateien; dieser Link nimmt von einem Gast höchstens {{max}} an.',
    'limits.overBytes': 'Das sind {{size}}; dieser Link nimmt von einem Gast höchstens {{max}} an.',

    'progress.overall': 'Gesamtfortschritt',
    'progress.overallDownload': 'Gesamtfortschritt des Downloads',
    'progress.ofFile': 'Fortschritt von {{name}}',
    'progress.bytes': '{{done}} von {{total}}',
    'progress.estimating': 'Restzeit wird geschätzt…',
    'progress.left': 'noch {{time}}',
    'progress.line': '{{percent}} % · {{parts}}',
    'progress.percent': '{{percent}} %',
    'progress.stoppedAt': 'Angehalten bei {{percent}} %',

    'expiry.validFor': 'Link noch {{left}} gültig (bis {{time}})',
    'expiry.expired': 'Dieser Link ist abgelaufen.',

    'server.lostContact': 'Verbindung zum Server verloren. Neue Verbindung wird aufgebaut…',
    'server.unreachable': 'Server nicht erreichbar',
    'server.unreachableBusy': 'Server nicht erreichbar – Ihre Übertragung läuft weiter',
    'server.unreachableText':
      'Diese Seite verbindet sich von selbst wieder mit dem Server und macht weiter; lassen Sie sie offen.',
    'server.unreachableBusyText':
      'Die Dateien gehen direkt zwischen den beiden Geräten, nicht über den Server. Diese Seite verbindet sich von selbst wieder mit dem Server.',
    'api.network': 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es noch einmal.',
    'api.rateLimited': 'Zu viele Anfragen. Warten Sie eine Minute und versuchen Sie es dann noch einmal.',
    'api.status': 'Der Server antwortete mit {{status}}.',

    'pin.enterDigits': 'Geben Sie die zweistellige PIN ein, die auf dem Bildschirm von {{owner}} steht.',
    'pin.wrong': 'Falsche PIN. Prüfen Sie die Zahl auf dem Bildschirm von {{owner}}.',
    'pin.wrongLeft_one':
      'Falsche PIN. Noch {{count}} Versuch übrig. Prüfen Sie die Zahl auf dem Bildschirm von {{owner}}.',
    'pin.wrongLeft_other':
      'Falsche PIN. Noch {{count}} Versuche übrig. Prüfen Sie die Zahl auf dem Bildschirm von {{owner}}.',
    'pin.lockedSession':
      'Es wurden zu viele falsche PINs probiert, deshalb ist dieser Link gesperrt. Bitten Sie {{owner}}, auf „PIN zurücksetzen“ zu drücken und Ihnen die neue PIN zu sagen.',
    'pin.lockedUnknown':
      'Es wurden zu viele falsche PINs probiert. Warten Sie ein wenig oder bitten Sie {{owner}}, die PIN zurückzusetzen.',
    'pin.lockedAddress':
      'Nach 3 falschen PINs gesperrt. Versuchen Sie es in {{left}} wieder (um {{time}}) oder fragen Sie {{owner}} nach der PIN.',
    'pin.unlocked': 'Sie können die PIN jetzt wieder eingeben.',
    'pin.checkFailed': 'Die PIN konnte nicht geprüft werden. Versuchen Sie es noch einmal.',

    'tips.headline': 'Die beiden Geräte konnten sich nicht direkt verbinden.',
    'tips.wifi':
      'Seien Sie im selben WLAN wie {{owner}} (Gäste-WLANs trennen Geräte oft voneinander; mobile Daten gehen nur, wenn der Server ein TURN-Relay hat).',
    'tips.https': 'Öffnen Sie den Link mit https://, wenn der Server das anbietet.',
    'tips.turn':
      'Die Administration des Servers kann einen TURN-Server (PHUPPI_ICE_SERVERS) für Geräte in verschiedenen Netzen einrichten.',
    'tips.keepsTrying': 'Diese Seite versucht es von selbst weiter.',
    'tips.reload': 'Laden Sie die Seite neu, um es noch einmal zu versuchen.',

    'status.connecting': 'Verbindung zu {{owner}} wird aufgebaut…',
    'status.notOpen': 'Die Seite von {{owner}} ist gerade nicht offen. Lassen Sie diese Seite offen: {{when}}',
    'status.waiting': 'Warten, bis sich das Gerät von {{owner}} verbindet…',
    'status.connectedAgain': 'Wieder mit {{owner}} verbunden. Es geht dort weiter, wo es aufgehört hat…',
    'status.connected': 'Mit {{owner}} verbunden. {{doing}}…',
    'status.stillWaiting':
      'Noch immer warten, bis das Gerät von {{owner}} zurückkommt. Sobald es da ist, geht der {{what}} dort weiter, wo er aufgehört hat.',
    'status.lost':
      'Verbindung zu {{owner}} unterbrochen. Sie wird von selbst wiederhergestellt – der {{what}} geht dort weiter, wo er aufgehört hat.',
    'warning.paused': 'Angehalten: {{message}}',
    'warning.damaged': '„{{name}}“ kam beschädigt an{{how}}, deshalb wird die Datei automatisch noch einmal gesendet.',
    'warning.damagedSkipped': '„{{name}}“ kam mehrmals beschädigt an und wurde übersprungen.',
    'mended.it': ' Sie kam zuerst beschädigt an und wurde automatisch noch einmal gesendet.',
    'mended.files_one': ' {{count}} Datei kam zuerst beschädigt an und wurde automatisch noch einmal gesendet.',
    'mended.files_other': ' {{count}} Dateien kamen zuerst beschädigt an und wurden automatisch noch einmal gesendet.',

    'end.expired.title': 'Dieser Link ist abgelaufen',
    'end.expired.text': 'Bitten Sie {{owner}} um einen neuen Link.',
    'end.notFound.title': 'Diesen Link gibt es nicht mehr',
    'end.notFound.text': 'Bitten Sie {{owner}} um einen neuen Link.',
    'end.pinAgain.title': 'Bitte geben Sie die PIN noch einmal ein',
    'end.pinAgain.text': '{{owner}} hat die PIN geändert. Laden Sie diese Seite neu und geben Sie die neue PIN ein.',
    'end.removed.title': '{{owner}} hat Sie entfernt',
    'end.removed.text':
      '{{owner}} hat Sie aus dieser Sitzung entfernt, es wird nichts mehr ausgetauscht. Fragen Sie nach, wenn Sie glauben, dass das ein Versehen war.',
    'end.overLimit.title': 'Zu viele Dateien für diesen Link',
    'end.overLimit.text':
      '{{limits}} Laden Sie diese Seite neu, geben Sie die PIN noch einmal ein und wählen Sie weniger oder kleinere Dateien.',
    'end.overLimit.generic':
      '{{owner}} hat diese Dateien abgelehnt: Sie sind mehr, als dieser Link von einem Gast annimmt.',

    'failure.storageFullPeer': 'Auf dem Gerät von {{other}} ist kein Platz mehr für diese Dateien.',
    'failure.storageFull': 'Auf diesem Gerät ist kein Platz mehr für diese Dateien.',
    'failure.storagePeer': 'Das Gerät von {{other}} konnte die Dateien nicht speichern.',
    'failure.storage': 'Dieser Browser konnte die Dateien nicht speichern.',
    'failure.version':
      'Auf den beiden Seiten laufen verschiedene Versionen der App. Laden Sie beide Seiten neu und versuchen Sie es noch einmal.',
    'failure.protocolPeer':
      'Das Gerät von {{other}} hat die Übertragung gestoppt: Es meldete einen Fehler in dem, was es empfangen hat.',
    'failure.protocol':
      'Das Gerät von {{other}} hat etwas gesendet, das diese Seite nicht annimmt, deshalb wurde die Übertragung gestoppt.',
    'failure.digest': 'Eine Datei kam mehrmals beschädigt an und wurde aufgegeben.',
    'failure.peerGone': 'Das Gerät von {{other}} hat die Verbindung getrennt und ist nicht zurückgekommen.',
    'failure.cancelled': 'Die Übertragung wurde gestoppt.',
    'failure.errorPeer': 'Das Gerät von {{other}} hat die Übertragung mit einem Fehler gestoppt.',
    'failure.error': 'Die Übertragung wurde durch einen unerwarteten Fehler in dieser Seite gestoppt.',

    'picker.chosen': '{{files}} ausgewählt · {{size}}',
    'picker.none': 'Noch keine Dateien ausgewählt.',
    'picker.remove': 'Entfernen',
    'picker.removeName': '{{name}} entfernen',

    'send.ownerInTips': 'die empfangende Person',
    'send.doing': 'Wird gesendet',
    'send.what': 'Versand',
    'send.whenTheyOpen': 'Ihre Dateien gehen los, sobald sie geöffnet wird.',
    'send.file.waiting': 'Wartet',
    'send.file.moving': 'Wird gesendet',
    'send.file.arrived': '✓ Angekommen',
    'send.file.resending': 'Unterwegs beschädigt; wird noch einmal gesendet',
    'send.file.skipped': 'Fehlgeschlagen',
    'send.file.declined': 'Von {{owner}} abgelehnt',
    'send.file.removed': 'Entfernt',
    'send.failed.stoppedByOwner': '{{owner}} hat die Übertragung gestoppt.',
    'send.failed.stopped': 'Sie haben das Senden abgebrochen. Laden Sie die Seite neu, um noch einmal zu beginnen.',
    'send.failed.ownerGone': 'Das Gerät von {{owner}} ist nicht zurückgekommen.',
    'send.failed.storageFull':
      'Auf dem Gerät von {{owner}} ist kein Platz mehr für diese Dateien. Sagen Sie Bescheid und versuchen Sie es dann noch einmal.',
    'send.failed.refused': 'Das Senden wurde gestoppt.',
    'send.failed.error': 'Das Senden ist fehlgeschlagen. {{reason}}',
    'send.cancelled.title': 'Dieser Link wurde zurückgezogen',
    'send.cancelled.text':
      '{{owner}} hat ihn zurückgezogen; er nimmt keine Dateien mehr an. Bitten Sie um einen neuen Link, falls Sie noch etwas senden müssen.',
    'send.finishing': 'Alle Dateien sind angekommen. Wird abgeschlossen…',
    'send.chooseOne': 'Wählen Sie mindestens eine Datei zum Senden aus.',
    'send.removeSome': '{{problem}} Entfernen Sie einige Dateien und drücken Sie dann auf „Senden“.',
    'send.someArrived_one': '{{count}} Datei ist angekommen',
    'send.someArrived_other': '{{count}} Dateien sind angekommen',
    'send.yourFileArrived': 'Ihre Datei ist angekommen',
    'send.allArrived_one': 'Die {{count}} Datei ist angekommen',
    'send.allArrived_other': 'Alle {{count}} Dateien sind angekommen',
    'send.ownerHas_one': '{{owner}} hat sie jetzt ({{size}}), geprüft mit ihrer SHA-256-Prüfsumme.',
    'send.ownerHas_other': '{{owner}} hat sie jetzt ({{size}}), jede geprüft mit ihrer SHA-256-Prüfsumme.',
    'send.didNotArrive_one': ' {{count}} Datei ist nicht angekommen.',
    'send.didNotArrive_other': ' {{count}} Dateien sind nicht angekommen.',
    'send.sentSize': '✓ {{size}}',
    'send.moreFiles_one': '… und {{count}} weitere Datei.',
    'send.moreFiles_other': '… und {{count}} weitere Dateien.',
    'rows.more_one': '… und {{count}} weitere Datei ({{size}}), davon {{arrived}} angekommen.',
    'rows.more_other': '… und {{count}} weitere Dateien ({{size}}), davon {{arrived}} angekommen.',
    'send.outcome.cancelled': 'abgebrochen',
    'send.outcome.failed': 'fehlgeschlagen',

    'download.doing': 'Wird heruntergeladen',
    'download.what': 'Download',
    'download.whenTheyOpen': 'der Download beginnt, sobald sie geöffnet wird.',
    'download.damagedHow': ' (ihre SHA-256-Prüfsumme stimmte nicht)',
    'download.file.moving': 'Wird heruntergeladen',
    'download.file.arrived': '✓ Geprüft',
    'download.file.resending': 'Beschädigt angekommen; wird noch einmal gesendet',
    'download.file.skipped': 'Beschädigt angekommen; übersprungen',
    'download.file.notDownloaded': 'Nicht heruntergeladen',
    'download.failed.stoppedByOwner': '{{owner}} hat das Senden gestoppt.',
    'download.failed.stopped':
      'Sie haben den Download abgebrochen. Laden Sie die Seite neu, um noch einmal zu beginnen.',
    'download.failed.ownerGone': 'Das Gerät von {{owner}} ist nicht zurückgekommen.',
    'download.failed.storageFull':
      'Auf diesem Gerät ist kein Platz mehr für diese Dateien. Schaffen Sie Platz und laden Sie die Seite dann neu.',
    'download.failed.refused': 'Der Download wurde gestoppt.',
    'download.failed.error': 'Der Download ist fehlgeschlagen. {{reason}}',
    'download.ended.cancelled': '{{owner}} hat diese Freigabe zurückgezogen.',
    'download.ended.removed': '{{owner}} hat Sie aus dieser Freigabe entfernt.',
    'download.ended.pinChanged': 'Gestoppt: Die PIN wurde geändert.',
    'download.cancelled.title': 'Diese Freigabe wurde zurückgezogen',
    'download.cancelled.text':
      '{{owner}} hat sie zurückgezogen; die Dateien lassen sich hier nicht mehr herunterladen. Bitten Sie um einen neuen Link, falls Sie sie noch brauchen.',
    'download.yourFileArrived': 'Ihre Datei ist angekommen',
    'download.allArrived_one': 'Die {{count}} Datei ist angekommen',
    'download.allArrived_other': 'Alle {{count}} Dateien sind angekommen',
    'download.someArrived_one': '{{count}} Datei ist angekommen',
    'download.someArrived_other': '{{count}} Dateien sind angekommen',
    'download.done':
      '{{arrived}}, jede mit ihrer SHA-256-Prüfsumme geprüft.{{mended}} Tippen Sie auf eine Datei, um sie zu speichern, oder speichern Sie alle auf einmal als ZIP.{{missing}}',
    'download.didNotArrive_one': ' {{count}} Datei ist nicht angekommen.',
    'download.didNotArrive_other': ' {{count}} Dateien sind nicht angekommen.',
    'download.summary': '{{files}} · {{size}}',
    'download.linkPrefix': 'Herunterladen: ',
    'download.all': 'Alle herunterladen (ZIP)',
    'download.preparingZip': 'ZIP wird vorbereitet…',
    'download.zipFailed': 'Die ZIP-Datei konnte nicht erstellt werden: {{message}}',
    'download.zipName': 'Dateien von {{owner}}',
    'download.promise.lead':
      'Das sendende Gerät hat andere Dateien angeboten, als diese Freigabe auflistet; der Download wurde gestoppt und nichts davon behalten.',
    'download.promise.count': '{{lead}} ({{offered}} Dateien statt {{promised}}.)',
    'download.promise.name': '{{lead}} (Eine Datei, die diese Freigabe nicht auflistet, anstelle von „{{name}}“.)',
    'download.promise.size': '{{lead}} („{{name}}“: {{offered}} statt {{promised}}.)',

    'zip.what_one': 'ZIP mit {{count}} Datei ({{size}})',
    'zip.what_other': 'ZIP mit {{count}} Dateien ({{size}})',
    'zip.savedAs': '{{what}} gespeichert als „{{name}}“.',
    'zip.savedDownloads': '{{what}} in Ihren Downloads gespeichert.',
    'zip.description': 'ZIP-Archiv',

    'scan.foundPhuppi': 'Phuppi-Link gefunden. Er wird geöffnet…',
    'scan.foundOther': 'Link zu einer anderen Adresse gefunden. Öffnen Sie ihn nur, wenn Sie ihm vertrauen.',
    'scan.notLink': 'QR-Code gefunden, aber er enthält keinen Link.',
    'scan.noCamera':
      'Dieser Browser hat keinen Zugriff auf die Kamera. Fotografieren Sie den Code stattdessen (unten).',
    'scan.httpsOnly':
      'Die Kamera funktioniert nur auf https-Seiten. Fotografieren Sie den Code stattdessen (unten) oder nehmen Sie die Kamera-App des Telefons.',
    'scan.asking': 'Kamera wird angefragt…',
    'scan.denied':
      'Die Kamera wurde nicht erlaubt. Erlauben Sie die Kamera für diese Seite oder fotografieren Sie den Code stattdessen.',
    'scan.failed': 'Die Kamera konnte nicht starten ({{message}}).',
    'scan.looking': 'QR-Code wird gesucht…',
    'scan.stopped': 'Kamera gestoppt.',
    'scan.readingPhoto': 'Das Foto wird gelesen…',
    'scan.noCodeInPhoto':
      'Auf diesem Foto wurde kein QR-Code gefunden. Versuchen Sie es näher noch einmal, mit dem ganzen Code im Bild.',
    'scan.notImage': 'Diese Datei konnte nicht als Bild gelesen werden.',
  },
};
