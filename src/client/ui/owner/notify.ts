/**
 * Tells the owner something happened while they look elsewhere: a counter in the tab title and,
 * once allowed, a desktop notification.
 */
import { assetUrl } from '../page.ts';

const baseTitle = document.title;
/** News the user has not seen yet: counted in the title while the tab is hidden. */
const unseen = { count: 0 };

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    unseen.count = 0;
    document.title = baseTitle;
  }
});

export function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

export function notificationPermission(): NotificationPermission | 'unsupported' {
  return notificationsSupported() ? Notification.permission : 'unsupported';
}

export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!notificationsSupported()) return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/** Flash `message` in the title (a counter while the tab is hidden) and notify when allowed. */
export function notify(message: string): void {
  if (document.hidden) {
    unseen.count += 1;
    document.title = `(${unseen.count}) ${message} · ${baseTitle}`;
  } else {
    document.title = `${message} · ${baseTitle}`;
    setTimeout(() => {
      if (!document.hidden) document.title = baseTitle;
    }, 6000);
  }
  if (notificationsSupported() && Notification.permission === 'granted') {
    try {
      let icon: string | undefined;
      try {
        icon = assetUrl('favicon.svg');
      } catch {
        icon = undefined;
      }
      const n = new Notification('Phuppi P2P', { body: message, tag: 'phuppi-receive', ...(icon ? { icon } : {}) });
      n.onclick = () => {
        window.focus();
        n.close();
      };
    } catch {
      /* some mobile browsers only notify from a service worker */
    }
  }
}
