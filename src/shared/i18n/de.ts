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
    'failure.controlFlood':
      'Das Gerät von {{other}} hat weit mehr Nachrichten gesendet, als eine Übertragung braucht, deshalb hat diese Seite die Verbindung beendet.',
    'failure.listOrder':
      'Das Gerät von {{other}} hat seine Dateiliste in falscher Reihenfolge gesendet, deshalb wurde die Übertragung gestoppt.',
    'failure.listTotals':
      'Die Dateiliste von {{other}} passte nicht zu den angekündigten Dateien und Größen, deshalb wurde die Übertragung gestoppt.',
    'failure.listTooMany':
      'Das Gerät von {{other}} hat mehr Dateien aufgeführt, als es angekündigt hat oder eine Übertragung haben darf, deshalb wurde die Übertragung gestoppt.',
    'failure.listUnfinished':
      'Das Gerät von {{other}} hat seine Dateiliste nicht rechtzeitig fertig gesendet, deshalb wurde die Übertragung gestoppt.',
    'failure.digest': 'Eine Datei kam mehrmals beschädigt an und wurde aufgegeben.',
    'failure.peerGone': 'Das Gerät von {{other}} hat die Verbindung getrennt und ist nicht zurückgekommen.',
    'failure.cancelled': 'Die Übertragung wurde gestoppt.',
    'failure.errorPeer': 'Das Gerät von {{other}} hat die Übertragung mit einem Fehler gestoppt.',
    'failure.error': 'Die Übertragung wurde durch einen unerwarteten Fehler in dieser Seite gestoppt.',

    'picker.chosen': '{{files}} ausgewählt · {{size}}',
    'picker.none': 'Noch keine Dateien ausgewählt.',
    'picker.remove': 'Entfernen',
    'picker.removeName': '{{name}} entfernen',
    'picker.more_one': '… und {{count}} weitere Datei ({{size}}), die mit den anderen gesendet wird.',
    'picker.more_other': '… und {{count}} weitere Dateien ({{size}}), die mit den anderen gesendet werden.',

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
