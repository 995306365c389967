/**
 * The owner's share card, for either direction: QR code and link (with copy), the PIN in large type,
 * a live expiry line, "Reset PIN", and "Cancel" behind a confirmation. Talks to `<apiBase>/<token>`.
 */
import { ApiError, api } from '../api.ts';
import { h, replace, setText } from '../dom.ts';
import { formatClock, formatRemaining } from '../format.ts';
import { showError } from '../page.ts';
import { ownerT } from '../words.ts';
import { askNotificationPermission, notificationPermission } from './notify.ts';
import { renderQr } from './qr.ts';

export interface ShareCardElements {
  qr: HTMLElement;
  url: HTMLInputElement;
  copy: HTMLButtonElement;
  copyStatus: HTMLElement;
  pin: HTMLElement;
  expiry: HTMLElement;
  resetPin: HTMLButtonElement;
  cancel: HTMLButtonElement;
  confirm: HTMLElement;
  confirmYes: HTMLButtonElement;
  confirmNo: HTMLButtonElement;
  error: HTMLElement;
  notifications?: HTMLButtonElement;
}

export interface ShareCardSession {
  token: string;
  url: string;
  pin: string;
  expiresAt: string;
}

export interface ShareControlsOptions {
  /** `/api/p2p` (shares) or `/api/p2p/receive` (receive sessions). */
  apiBase: string;
  elements: ShareCardElements;
  /** Said once notifications are allowed, e.g. "You will get a notification when a download finishes." */
  notifyOnText: string;
  /** What a failed cancel says (default: "Could not cancel."). */
  cancelFailed?: string;
  onPin?(pin: string): void;
  onCancelled(): void;
  onExpired(): void;
}

/** Copy `text` to the clipboard; on plain http (no clipboard API) select `input` and use the old command. */
export async function copyText(text: string, input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input.focus();
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

export class ShareControls {
  #session: ShareCardSession | null = null;
  #ended: 'cancelled' | 'expired' | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly o: ShareControlsOptions) {
    const e = o.elements;
    e.copy.addEventListener('click', async () => {
      if (!this.#session) return;
      setText(e.copyStatus, ownerT((await copyText(this.#session.url, e.url)) ? 'owner.copied' : 'owner.copyYourself'));
    });
    e.resetPin.addEventListener('click', () => void this.#resetPin());
    e.cancel.addEventListener('click', () => {
      e.confirm.hidden = false;
      e.confirmYes.focus();
    });
    e.confirmNo.addEventListener('click', () => {
      e.confirm.hidden = true;
      e.cancel.focus();
    });
    e.confirmYes.addEventListener('click', () => void this.#cancel());
    if (e.notifications) {
      const button = e.notifications;
      button.hidden = notificationPermission() !== 'default';
      button.addEventListener('click', async () => {
        const result = await askNotificationPermission();
        button.hidden = true;
        setText(e.copyStatus, result === 'granted' ? o.notifyOnText : ownerT('owner.notificationsOff'));
      });
    }
  }

  get ended(): 'cancelled' | 'expired' | null {
    return this.#ended;
  }

  /** Show `session` (a new one, or the same after a reload). */
  show(session: ShareCardSession): void {
    const e = this.o.elements;
    this.#session = session;
    this.#ended = null;
    e.url.value = session.url;
    this.setPin(session.pin);
    setText(e.copyStatus, '');
    e.confirm.hidden = true;
    showError(e.error, null);
    void renderQr(e.qr, session.url, ownerT('owner.qrLabel', { url: session.url })).catch(() => {
      replace(e.qr, h('span', { class: 'meta' }, ownerT('owner.qrFailed')));
    });
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#renderExpiry(), 1000);
    this.#renderExpiry();
    this.#renderButtons();
  }

  setPin(pin: string): void {
    if (this.#session) this.#session = { ...this.#session, pin };
    setText(this.o.elements.pin, pin);
  }

  /** The session ended (seen here, or told by the server). */
  end(reason: 'cancelled' | 'expired'): void {
    if (this.#ended === 'cancelled') return;
    this.#ended = reason;
    if (reason === 'cancelled' && this.#timer) clearInterval(this.#timer);
    this.#renderExpiry();
    this.#renderButtons();
  }

  #renderButtons(): void {
    const e = this.o.elements;
    e.resetPin.disabled = this.#ended !== null;
    e.cancel.hidden = this.#ended !== null;
    if (this.#ended) e.confirm.hidden = true;
  }

  #renderExpiry(): void {
    const s = this.#session;
    if (!s) return;
    const el = this.o.elements.expiry;
    if (this.#ended === 'cancelled') {
      setText(el, ownerT('owner.status.cancelled'));
      return;
    }
    const left = formatRemaining(new Date(s.expiresAt).getTime() - Date.now());
    if (left) {
      setText(el, ownerT('owner.expiresIn', { left, time: formatClock(s.expiresAt) }));
      return;
    }
    setText(el, ownerT('owner.expiredAt', { time: formatClock(s.expiresAt) }));
    if (!this.#ended) {
      this.end('expired');
      this.o.onExpired();
    }
  }

  async #resetPin(): Promise<void> {
    const e = this.o.elements;
    if (!this.#session) return;
    e.resetPin.disabled = true;
    showError(e.error, null);
    try {
      const { pin } = await api<{ pin: string }>(
        'POST',
        `${this.o.apiBase}/${encodeURIComponent(this.#session.token)}/reset-pin`,
      );
      this.setPin(pin);
      this.o.onPin?.(pin);
    } catch (err) {
      showError(e.error, err instanceof ApiError ? err.message : ownerT('owner.resetPinFailed'));
    } finally {
      e.resetPin.disabled = this.#ended !== null;
    }
  }

  async #cancel(): Promise<void> {
    const e = this.o.elements;
    if (!this.#session) return;
    e.confirmYes.disabled = true;
    try {
      await api('DELETE', `${this.o.apiBase}/${encodeURIComponent(this.#session.token)}`);
      e.confirm.hidden = true;
      this.end('cancelled');
      this.o.onCancelled();
    } catch (err) {
      showError(e.error, err instanceof ApiError ? err.message : (this.o.cancelFailed ?? ownerT('owner.cancelFailed')));
    } finally {
      e.confirmYes.disabled = false;
    }
  }
}
