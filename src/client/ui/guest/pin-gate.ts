/**
 * The guest's PIN step, for either direction: checks the 2-digit PIN with `<apiBase>/verify-pin`, says
 * how many attempts are left, and explains a lock (this device for 15 minutes, or the whole link until
 * its owner sets a new PIN) with a live countdown. A correct PIN yields the ticket.
 */
import type { VerifyPinResponse } from '../../../shared/api/p2p.ts';
import { ApiError, api, apiErrorText } from '../api.ts';
import { formatClock, formatRemaining } from '../format.ts';
import { showError } from '../page.ts';
import { t } from '../words.ts';

export type LockScope = 'address' | 'session' | 'unknown';

export interface PinGateOptions {
  /** `/api/p2p/<token>` or `/api/p2p/receive/<token>`. */
  sessionUrl: string;
  input: HTMLInputElement;
  /** role=alert paragraph under the field. */
  message: HTMLElement;
  /** "✓ PIN accepted", shown once the PIN was right. */
  accepted?: HTMLElement;
  /** The person whose screen shows the PIN. */
  ownerName: string;
  /** 404 / 410 answers: the page shows its own "link gone" state; return true when handled. */
  onGone(error: ApiError): boolean;
  /** Told when the field becomes usable again (a lock ran out). */
  onUnlocked?(): void;
}

export class PinGate {
  #lockTimer: ReturnType<typeof setInterval> | null = null;
  #ticket: string | null = null;
  /** The field is marked wrong (a typed digit clears that). */
  #invalid = false;

  constructor(private readonly o: PinGateOptions) {
    o.input.addEventListener('input', () => {
      const digits = o.input.value.replace(/\D/g, '').slice(0, 2);
      if (digits !== o.input.value) o.input.value = digits;
      if (this.#invalid) this.#say(null);
    });
  }

  get ticket(): string | null {
    return this.#ticket;
  }

  /** True while this device may not try (a running 15-minute lock). */
  get blocked(): boolean {
    return this.#lockTimer !== null;
  }

  /** A ticket from an earlier page load (kept for this tab): the PIN step is shown as done. */
  accept(ticket: string): void {
    this.#ticket = ticket;
    this.#say(null);
    this.o.input.disabled = true;
    if (this.o.accepted) this.o.accepted.hidden = false;
  }

  #say(text: string | null, kind: 'error' | 'warn' = 'error'): void {
    this.o.message.className = `pin-message alert alert--${kind}`;
    showError(this.o.message, text);
    this.#invalid = text !== null && kind === 'error';
    this.o.input.setAttribute('aria-invalid', String(this.#invalid));
  }

  /** Explain a lock; `lockedUntil` (this device's lock) counts down and re-opens the field. */
  showLocked(lockedUntil: string | null, scope: LockScope): void {
    if (this.#lockTimer) clearInterval(this.#lockTimer);
    this.#lockTimer = null;
    const owner = this.o.ownerName;
    if (!lockedUntil) {
      this.o.input.disabled = false;
      this.#say(t(scope === 'session' ? 'pin.lockedSession' : 'pin.lockedUnknown', { owner }));
      return;
    }
    this.o.input.disabled = true;
    const tick = () => {
      const left = formatRemaining(new Date(lockedUntil).getTime() - Date.now());
      if (left) return this.#say(t('pin.lockedAddress', { left, time: formatClock(lockedUntil), owner }));
      if (this.#lockTimer) clearInterval(this.#lockTimer);
      this.#lockTimer = null;
      this.o.input.disabled = false;
      this.#say(t('pin.unlocked'), 'warn');
      this.o.onUnlocked?.();
    };
    tick();
    this.#lockTimer = setInterval(tick, 1000);
  }

  /** Check the PIN typed in; resolves to the ticket, or null with the reason shown. */
  async verify(): Promise<string | null> {
    if (this.#ticket) return this.#ticket;
    const { input, ownerName } = this.o;
    const pin = input.value.trim();
    if (!/^\d{2}$/.test(pin)) {
      this.#say(t('pin.enterDigits', { owner: ownerName }));
      input.focus();
      return null;
    }
    try {
      const result = await api<VerifyPinResponse>('POST', `${this.o.sessionUrl}/verify-pin`, { pin });
      if (result.valid && result.ticket) {
        this.accept(result.ticket);
        return result.ticket;
      }
      if (result.locked) {
        this.showLocked(result.lockedUntil ?? null, result.lockedUntil ? 'address' : 'session');
        return null;
      }
      const count = result.attemptsRemaining;
      this.#say(count > 0 ? t('pin.wrongLeft', { count, owner: ownerName }) : t('pin.wrong', { owner: ownerName }));
      input.select();
      input.focus();
      return null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 423) {
        const until = typeof e.body.lockedUntil === 'string' ? e.body.lockedUntil : null;
        this.showLocked(until, e.body.scope === 'session' ? 'session' : until ? 'address' : 'unknown');
        return null;
      }
      if (e instanceof ApiError && this.o.onGone(e)) return null;
      this.#say(apiErrorText(e, t('pin.checkFailed')));
      return null;
    }
  }
}
