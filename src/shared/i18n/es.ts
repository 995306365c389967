/** Spanish. Keys and placeholders as in en.ts; plural forms: one, many (round millions: "de archivos"), other. */
import type { Catalogue } from './catalogue.ts';

export const es: Catalogue = {
  page: {
    'layout.noscript':
      'Esta página necesita JavaScript: a través de él los archivos van de un navegador a otro. Activa JavaScript y vuelve a cargar la página.',
    'layout.footer': 'Los archivos van directamente de un navegador a otro; nunca pasan por este servidor.',
    'theme.label': 'Tema',
    'theme.system': 'Como el dispositivo',
    'theme.light': 'Claro',
    'theme.dark': 'Oscuro',
    'language.label': 'Idioma',
    'language.change': 'Cambiar',

    'offline.title': 'Sin conexión',
    'offline.heading': 'No tienes conexión',
    'offline.text':
      'Phuppi necesita su servidor para iniciar una sesión o unirse a ella: los archivos van de un navegador a otro, pero el servidor pone en contacto a ambos. No se puede enviar ni recibir nada hasta que vuelva la red.',
    'offline.retry': 'Intentar de nuevo',

    'guest.validUntil': 'Enlace válido hasta {{time}}',
    'guest.pinTitle': 'Introduce el PIN',
    'guest.pinLabel': 'PIN',
    'guest.pinHint': 'El número de 2 cifras que aparece en la pantalla de {{owner}}.',
    'guest.pinAccepted': '✓ PIN aceptado',
    'guest.dropHere': 'Suelta aquí archivos o carpetas, o',
    'guest.chooseFiles': 'Elegir archivos',
    'guest.chooseFolder': 'Elegir una carpeta',
    'guest.chosenList': 'Archivos elegidos',
    'guest.scanAnother': 'Escanear otro código QR',

    'receiveGuest.title': 'Enviar archivos a {{owner}}',
    'receiveGuest.eyebrow': 'Enviar archivos a',
    'receiveGuest.unsupported':
      'Este navegador no puede enviar archivos directamente a otro dispositivo. Abre este enlace en Chrome, Firefox, Edge o Safari para enviar tus archivos.',
    'receiveGuest.filesTitle': 'Elige los archivos',
    'receiveGuest.send': 'Enviar',
    'receiveGuest.sending': 'Enviando',
    'receiveGuest.sendingList': 'Archivos que se están enviando',
    'receiveGuest.stop': 'Dejar de enviar',
    'receiveGuest.allArrived': 'Han llegado todos los archivos',
    'receiveGuest.sentList': 'Archivos enviados',
    'receiveGuest.sendMore': 'Enviar más archivos',
    'receiveGuest.notFound.title': 'Este enlace no existe',
    'receiveGuest.notFound.text':
      'Comprueba que has escrito o escaneado el enlace completo. Si aun así no funciona, pide un enlace nuevo a la persona que quiere tus archivos.',
    'receiveGuest.expired.title': 'Este enlace ha caducado',
    'receiveGuest.expired.text':
      'Los enlaces para enviar archivos solo funcionan durante un tiempo limitado. Pide un enlace nuevo a la persona que quiere tus archivos.',
    'receiveGuest.cancelled.title': 'Este enlace se ha anulado',
    'receiveGuest.cancelled.text':
      'La persona que lo creó lo ha anulado, así que ya no acepta archivos. Pídele un enlace nuevo si todavía tienes que enviar algo.',

    'shareGuest.title': 'Archivos de {{owner}}',
    'shareGuest.eyebrow': 'Archivos de',
    'shareGuest.unsupported':
      'Este navegador no puede recibir archivos directamente de otro dispositivo. Abre este enlace en Chrome, Firefox, Edge o Safari para obtener los archivos.',
    'shareGuest.getFiles': 'Obtener los archivos',
    'shareGuest.downloadTitle': 'Descargar',
    'shareGuest.start':
      'Introduce el PIN para empezar. Los archivos llegan directamente desde el dispositivo de {{owner}}.',
    'shareGuest.list': 'Archivos',
    'shareGuest.stop': 'Dejar de descargar',
    'shareGuest.notFound.title': 'Este enlace no existe',
    'shareGuest.notFound.text':
      'Comprueba que has escrito o escaneado el enlace completo. Si aun así no funciona, pide un enlace nuevo a la persona que compartió los archivos.',
    'shareGuest.expired.title': 'Este enlace ha caducado',
    'shareGuest.expired.text':
      'Los enlaces para descargar archivos solo funcionan durante un tiempo limitado. Pide un enlace nuevo a la persona que compartió los archivos.',
    'shareGuest.cancelled.title': 'Este enlace se ha anulado',
    'shareGuest.cancelled.text':
      'La persona que compartió los archivos lo ha anulado, así que ya no se pueden descargar aquí. Pídele un enlace nuevo si todavía los necesitas.',
    'shareGuest.notYours.title': 'No es tu envío',
    'shareGuest.notYours.text': 'Este envío pertenece a otra cuenta.',

    'scan.title': 'Escanear código QR',
    'scan.intro':
      'Apunta la cámara al código QR de la otra pantalla. La cámara solo se enciende cuando pulsas el botón, y nada sale de este teléfono.',
    'scan.start': 'Encender la cámara',
    'scan.stop': 'Apagar la cámara',
    'scan.found': 'Encontrado:',
    'scan.notWorking': '¿No funciona la cámara?',
    'scan.httpsOnly':
      'Los teléfonos solo permiten la cámara en páginas seguras (https). Aun así puedes hacer una foto del código:',
    'scan.photo': 'Hacer o elegir una foto',
    'scan.typeLink': 'O escribe en la barra de direcciones el enlace que aparece bajo el código QR.',
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
    'time.days': '{{d}} d {{h}} h',
    'time.hours': '{{h}} h {{m}} min',
    'time.minutes': '{{m}} min {{s}} s',
    'time.seconds': '{{s}} s',

    'files.count_one': '{{count}} archivo',
    'files.count_many': '{{count}} de archivos',
    'files.count_other': '{{count}} archivos',
    'limits.atMostFiles_one': 'como máximo {{count}} archivo',
    'limits.atMostFiles_many': 'como máximo {{count}} de archivos',
    'limits.atMostFiles_other': 'como máximo {{count}} archivos',
    'limits.inTotal': '{{size}} en total',
    'limits.youCan': 'Puedes enviar {{what}}.',
    'limits.youCanUpTo': 'Puedes enviar hasta {{what}}.',
    'limits.linkLetsYou': 'Con este enlace puedes enviar {{what}}.',
    'limits.linkLetsYouUpTo': 'Con este enlace puedes enviar hasta {{what}}.',
    'limits.overFiles_one': 'Eso es {{count}} archivo; este enlace acepta como máximo {{max}} de cada invitado.',
    'limits.overFiles_many': 'Eso son {{count}} de archivos; este enlace acepta como máximo {{max}} de cada invitado.',
    'limits.overFiles_other': 'Eso son {{count}} archivos; este enlace acepta como máximo {{max}} de cada invitado.',
    'limits.overBytes': 'Eso son {{size}}; este enlace acepta como máximo {{max}} de cada invitado.',

    'progress.overall': 'Progreso total',
    'progress.overallDownload': 'Progreso total de la descarga',
    'progress.ofFile': 'Progreso de {{name}}',
    'progress.bytes': '{{done}} de {{total}}',
    'progress.estimating': 'calculando el tiempo restante…',
    'progress.left': 'quedan {{time}}',
    'progress.line': '{{percent}} % · {{parts}}',
    'progress.percent': '{{percent}} %',
    'progress.stoppedAt': 'Detenido al {{percent}} %',

    'expiry.validFor': 'Enlace válido durante {{left}} más (hasta las {{time}})',
    'expiry.expired': 'Este enlace ha caducado.',

    'server.lostContact': 'Se ha perdido el contacto con el servidor. Reconectando…',
    'server.unreachable': 'No se puede acceder al servidor',
    'server.unreachableBusy': 'No se puede acceder al servidor; tu transferencia continúa',
    'server.unreachableText': 'Esta página se vuelve a conectar al servidor sola y sigue adelante; déjala abierta.',
    'server.unreachableBusyText':
      'Los archivos van directamente entre los dos dispositivos, no a través del servidor. Esta página se vuelve a conectar al servidor sola.',
    'api.network': 'No se puede acceder al servidor. Comprueba tu conexión y vuelve a intentarlo.',
    'api.rateLimited': 'Demasiadas solicitudes. Espera un minuto y vuelve a intentarlo.',
    'api.status': 'El servidor respondió {{status}}.',

    'pin.enterDigits': 'Introduce el PIN de 2 cifras que aparece en la pantalla de {{owner}}.',
    'pin.wrong': 'PIN incorrecto. Comprueba el número en la pantalla de {{owner}}.',
    'pin.wrongLeft_one': 'PIN incorrecto. Te queda {{count}} intento. Comprueba el número en la pantalla de {{owner}}.',
    'pin.wrongLeft_many':
      'PIN incorrecto. Te quedan {{count}} de intentos. Comprueba el número en la pantalla de {{owner}}.',
    'pin.wrongLeft_other':
      'PIN incorrecto. Te quedan {{count}} intentos. Comprueba el número en la pantalla de {{owner}}.',
    'pin.lockedSession':
      'Se han probado demasiados PIN incorrectos, así que este enlace está bloqueado. Pide a {{owner}} que pulse «Restablecer PIN» y te diga el PIN nuevo.',
    'pin.lockedUnknown':
      'Se han probado demasiados PIN incorrectos. Espera un poco o pide a {{owner}} que restablezca el PIN.',
    'pin.lockedAddress':
      'Bloqueado tras 3 PIN incorrectos. Vuelve a intentarlo dentro de {{left}} (a las {{time}}) o pide el PIN a {{owner}}.',
    'pin.unlocked': 'Ya puedes volver a probar el PIN.',
    'pin.checkFailed': 'No se ha podido comprobar el PIN. Vuelve a intentarlo.',

    'tips.headline': 'Los dos dispositivos no han podido conectarse directamente.',
    'tips.wifi':
      'Conéctate a la misma red wifi que {{owner}} (las redes wifi de invitados suelen separar los dispositivos; los datos móviles solo funcionan si el servidor tiene un relé TURN).',
    'tips.https': 'Abre el enlace con https:// si el servidor lo ofrece.',
    'tips.turn':
      'Quien administra el servidor puede añadir un servidor TURN (PHUPPI_ICE_SERVERS) para dispositivos en redes distintas.',
    'tips.keepsTrying': 'Esta página sigue intentándolo sola.',
    'tips.reload': 'Vuelve a cargar la página para intentarlo de nuevo.',

    'status.connecting': 'Conectando con {{owner}}…',
    'status.notOpen': 'La página de {{owner}} no está abierta ahora mismo. Deja esta página abierta: {{when}}',
    'status.waiting': 'Esperando a que se conecte el dispositivo de {{owner}}…',
    'status.connectedAgain': 'Conectado de nuevo con {{owner}}. Continuando donde se quedó…',
    'status.connected': 'Conectado con {{owner}}. {{doing}}…',
    'status.stillWaiting':
      'Seguimos esperando a que vuelva el dispositivo de {{owner}}. La {{what}} continuará donde se quedó en cuanto vuelva.',
    'status.lost':
      'Se ha perdido la conexión con {{owner}}. Se vuelve a conectar sola; la {{what}} continúa donde se quedó.',
    'warning.paused': 'En pausa: {{message}}',
    'warning.damaged': '«{{name}}» llegó dañado{{how}}, así que se está volviendo a enviar automáticamente.',
    'warning.damagedSkipped': '«{{name}}» llegó dañado varias veces y se ha omitido.',
    'mended.it': ' Al principio llegó dañado y se volvió a enviar automáticamente.',
    'mended.files_one': ' {{count}} archivo llegó dañado al principio y se volvió a enviar automáticamente.',
    'mended.files_many':
      ' {{count}} de archivos llegaron dañados al principio y se volvieron a enviar automáticamente.',
    'mended.files_other': ' {{count}} archivos llegaron dañados al principio y se volvieron a enviar automáticamente.',

    'end.expired.title': 'Este enlace ha caducado',
    'end.expired.text': 'Pide un enlace nuevo a {{owner}}.',
    'end.notFound.title': 'Este enlace ya no existe',
    'end.notFound.text': 'Pide un enlace nuevo a {{owner}}.',
    'end.pinAgain.title': 'Vuelve a introducir el PIN',
    'end.pinAgain.text': '{{owner}} ha cambiado el PIN. Vuelve a cargar esta página e introduce el PIN nuevo.',
    'end.removed.title': '{{owner}} te ha quitado',
    'end.removed.text':
      '{{owner}} te ha quitado de esta sesión, así que ya no se intercambia nada más. Pregúntale si crees que ha sido un error.',
    'end.overLimit.title': 'Demasiados archivos para este enlace',
    'end.overLimit.text':
      '{{limits}} Vuelve a cargar esta página, introduce de nuevo el PIN y elige menos archivos o más pequeños.',
    'end.overLimit.generic':
      '{{owner}} ha rechazado estos archivos: superan lo que este enlace acepta de cada invitado.',

    'failure.storageFullPeer': 'El dispositivo de {{other}} no tiene espacio para estos archivos.',
    'failure.storageFull': 'Este dispositivo no tiene espacio para estos archivos.',
    'failure.storagePeer': 'El dispositivo de {{other}} no ha podido guardar los archivos.',
    'failure.storage': 'Este navegador no ha podido guardar los archivos.',
    'failure.version':
      'Las dos páginas usan versiones distintas de la aplicación. Vuelve a cargar ambas páginas e inténtalo de nuevo.',
    'failure.protocolPeer':
      'El dispositivo de {{other}} ha detenido la transferencia: informó de un fallo en lo que recibió.',
    'failure.protocol':
      'El dispositivo de {{other}} envió algo que esta página no acepta, así que se detuvo la transferencia.',
    'failure.controlFlood':
      'El dispositivo de {{other}} envió muchos más mensajes de los que necesita una transferencia, así que esta página cerró la conexión.',
    'failure.listOrder':
      'El dispositivo de {{other}} envió su lista de archivos desordenada, así que se detuvo la transferencia.',
    'failure.listTotals':
      'La lista de archivos de {{other}} no cuadraba con los archivos y tamaños anunciados, así que se detuvo la transferencia.',
    'failure.listTooMany':
      'El dispositivo de {{other}} incluyó más archivos de los que anunció o de los que admite una transferencia, así que se detuvo la transferencia.',
    'failure.listUnfinished':
      'El dispositivo de {{other}} no terminó de enviar su lista de archivos a tiempo, así que se detuvo la transferencia.',
    'failure.digest': 'Un archivo llegó dañado varias veces y se ha abandonado.',
    'failure.peerGone': 'El dispositivo de {{other}} se desconectó y no ha vuelto.',
    'failure.cancelled': 'Se ha detenido la transferencia.',
    'failure.errorPeer': 'El dispositivo de {{other}} detuvo la transferencia con un error.',
    'failure.error': 'La transferencia se detuvo por un error inesperado en esta página.',

    'picker.chosen': '{{files}} elegidos · {{size}}',
    'picker.none': 'Todavía no has elegido ningún archivo.',
    'picker.remove': 'Quitar',
    'picker.removeName': 'Quitar {{name}}',
    'picker.more_one': '… y {{count}} archivo más ({{size}}), que se envía con los demás.',
    'picker.more_many': '… y {{count}} de archivos más ({{size}}), que se envían con los demás.',
    'picker.more_other': '… y {{count}} archivos más ({{size}}), que se envían con los demás.',

    'send.ownerInTips': 'la persona que recibe',
    'send.doing': 'Enviando',
    'send.what': 'transferencia',
    'send.whenTheyOpen': 'tus archivos saldrán en cuanto la abra.',
    'send.file.waiting': 'En espera',
    'send.file.moving': 'Enviando',
    'send.file.arrived': '✓ Ha llegado',
    'send.file.resending': 'Se dañó por el camino; se envía de nuevo',
    'send.file.skipped': 'Ha fallado',
    'send.file.declined': 'Rechazado por {{owner}}',
    'send.file.removed': 'Quitado',
    'send.failed.stoppedByOwner': '{{owner}} ha detenido la transferencia.',
    'send.failed.stopped': 'Has dejado de enviar. Vuelve a cargar la página para empezar de nuevo.',
    'send.failed.ownerGone': 'El dispositivo de {{owner}} no ha vuelto.',
    'send.failed.storageFull':
      'El dispositivo de {{owner}} no tiene espacio para estos archivos. Avísale y vuelve a intentarlo.',
    'send.failed.refused': 'Se ha detenido el envío.',
    'send.failed.error': 'El envío ha fallado. {{reason}}',
    'send.cancelled.title': 'Este enlace se ha anulado',
    'send.cancelled.text':
      '{{owner}} lo ha anulado, así que ya no acepta archivos. Pídele un enlace nuevo si todavía tienes que enviar algo.',
    'send.finishing': 'Han llegado todos los archivos. Terminando…',
    'send.chooseOne': 'Elige al menos un archivo para enviar.',
    'send.removeSome': '{{problem}} Quita algunos archivos y pulsa «Enviar».',
    'send.someArrived_one': 'Ha llegado {{count}} archivo',
    'send.someArrived_many': 'Han llegado {{count}} de archivos',
    'send.someArrived_other': 'Han llegado {{count}} archivos',
    'send.yourFileArrived': 'Tu archivo ha llegado',
    'send.allArrived_one': 'Ha llegado {{count}} archivo',
    'send.allArrived_many': 'Han llegado los {{count}} de archivos',
    'send.allArrived_other': 'Han llegado los {{count}} archivos',
    'send.ownerHas_one': '{{owner}} ya lo tiene ({{size}}), comprobado con su suma SHA-256.',
    'send.ownerHas_many': '{{owner}} ya los tiene ({{size}}), cada uno comprobado con su suma SHA-256.',
    'send.ownerHas_other': '{{owner}} ya los tiene ({{size}}), cada uno comprobado con su suma SHA-256.',
    'send.didNotArrive_one': ' {{count}} archivo no ha llegado.',
    'send.didNotArrive_many': ' {{count}} de archivos no han llegado.',
    'send.didNotArrive_other': ' {{count}} archivos no han llegado.',
    'send.sentSize': '✓ {{size}}',
    'send.moreFiles_one': '… y {{count}} archivo más.',
    'send.moreFiles_many': '… y {{count}} de archivos más.',
    'send.moreFiles_other': '… y {{count}} archivos más.',
    'rows.more_one': '… y {{count}} archivo más ({{size}}); han llegado {{arrived}}.',
    'rows.more_many': '… y {{count}} de archivos más ({{size}}); han llegado {{arrived}}.',
    'rows.more_other': '… y {{count}} archivos más ({{size}}); han llegado {{arrived}}.',
    'send.outcome.cancelled': 'cancelado',
    'send.outcome.failed': 'fallido',

    'download.doing': 'Descargando',
    'download.what': 'descarga',
    'download.whenTheyOpen': 'la descarga empezará en cuanto la abra.',
    'download.damagedHow': ' (su suma SHA-256 no coincidía)',
    'download.file.moving': 'Descargando',
    'download.file.arrived': '✓ Comprobado',
    'download.file.resending': 'Llegó dañado; se envía de nuevo',
    'download.file.skipped': 'Llegó dañado; omitido',
    'download.file.notDownloaded': 'No descargado',
    'download.failed.stoppedByOwner': '{{owner}} ha dejado de enviar.',
    'download.failed.stopped': 'Has detenido la descarga. Vuelve a cargar la página para empezar de nuevo.',
    'download.failed.ownerGone': 'El dispositivo de {{owner}} no ha vuelto.',
    'download.failed.storageFull':
      'Este dispositivo no tiene espacio para estos archivos. Libera espacio y vuelve a cargar la página.',
    'download.failed.refused': 'Se ha detenido la descarga.',
    'download.failed.error': 'La descarga ha fallado. {{reason}}',
    'download.ended.cancelled': '{{owner}} ha anulado este envío.',
    'download.ended.removed': '{{owner}} te ha quitado de este envío.',
    'download.ended.pinChanged': 'Detenido: se ha cambiado el PIN.',
    'download.cancelled.title': 'Este envío se ha anulado',
    'download.cancelled.text':
      '{{owner}} lo ha anulado, así que los archivos ya no se pueden descargar aquí. Pídele un enlace nuevo si todavía los necesitas.',
    'download.yourFileArrived': 'Tu archivo ha llegado',
    'download.allArrived_one': 'Ha llegado {{count}} archivo',
    'download.allArrived_many': 'Han llegado los {{count}} de archivos',
    'download.allArrived_other': 'Han llegado los {{count}} archivos',
    'download.someArrived_one': 'Ha llegado {{count}} archivo',
    'download.someArrived_many': 'Han llegado {{count}} de archivos',
    'download.someArrived_other': 'Han llegado {{count}} archivos',
    'download.done':
      '{{arrived}}, cada uno comprobado con su suma SHA-256.{{mended}} Toca un archivo para guardarlo, o guárdalos todos a la vez en un ZIP.{{missing}}',
    'download.didNotArrive_one': ' {{count}} archivo no ha llegado.',
    'download.didNotArrive_many': ' {{count}} de archivos no han llegado.',
    'download.didNotArrive_other': ' {{count}} archivos no han llegado.',
    'download.summary': '{{files}} · {{size}}',
    'download.linkPrefix': 'Descargar ',
    'download.all': 'Descargar todo (ZIP)',
    'download.preparingZip': 'Preparando el ZIP…',
    'download.zipFailed': 'No se ha podido crear el ZIP: {{message}}',
    'download.zipName': 'Archivos de {{owner}}',
    'download.promise.lead':
      'El dispositivo que envía ofreció archivos distintos de los que indica este envío, así que se detuvo la descarga y no se ha guardado nada de lo enviado.',
    'download.promise.count': '{{lead}} ({{offered}} archivos en lugar de {{promised}}.)',
    'download.promise.name': '{{lead}} (Un archivo que este envío no incluye en lugar de «{{name}}».)',
    'download.promise.size': '{{lead}} («{{name}}»: {{offered}} en lugar de {{promised}}.)',

    'zip.what_one': 'ZIP de {{count}} archivo ({{size}})',
    'zip.what_many': 'ZIP de {{count}} de archivos ({{size}})',
    'zip.what_other': 'ZIP de {{count}} archivos ({{size}})',
    'zip.savedAs': '{{what}} guardado como «{{name}}».',
    'zip.savedDownloads': '{{what}} guardado en tus descargas.',
    'zip.description': 'Archivo ZIP',

    'scan.foundPhuppi': 'Se ha encontrado un enlace de Phuppi. Abriéndolo…',
    'scan.foundOther': 'Se ha encontrado un enlace a otra dirección. Ábrelo solo si confías en él.',
    'scan.notLink': 'Se ha encontrado un código QR, pero no es un enlace.',
    'scan.noCamera': 'Este navegador no tiene acceso a la cámara. Haz una foto del código (abajo).',
    'scan.httpsOnly':
      'La cámara solo funciona en páginas https. Haz una foto del código (abajo) o usa la aplicación de cámara del teléfono.',
    'scan.asking': 'Pidiendo acceso a la cámara…',
    'scan.denied':
      'Se ha denegado el permiso de la cámara. Permite la cámara para este sitio o haz una foto del código.',
    'scan.failed': 'No se ha podido encender la cámara ({{message}}).',
    'scan.looking': 'Buscando un código QR…',
    'scan.stopped': 'Cámara apagada.',
    'scan.readingPhoto': 'Leyendo la foto…',
    'scan.noCodeInPhoto':
      'No se ha encontrado ningún código QR en esa foto. Inténtalo de nuevo más cerca, con el código entero en la imagen.',
    'scan.notImage': 'Ese archivo no se ha podido leer como imagen.',
  },
};
