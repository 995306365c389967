/**
 * The owner's per-guest "Remove" / "Stop and remove", for both owner pages: asks first, takes the guest's
 * ticket back on the server (`DELETE <apiBase>/<token>/guests/<id>`), and says in the guest's card why a
 * revoked guest is no longer served (removed, the PIN changed, or their files were over the limits).
 */
import type { RevokeReason } from '../../../shared/api/p2p.ts';
import { ApiError, api } from '../api.ts';
import { h, setText } from '../dom.ts';
import { ownerT } from '../words.ts';

const REVOKED_KEYS = {
  removed: 'owner.revoked.removed',
  'pin-reset': 'owner.revoked.pinReset',
  'over-limit': 'owner.revoked.overLimit',
} as const satisfies Record<RevokeReason, string>;

/** What the owner's card says once a guest's ticket was taken back. */
export function revokedText(reason: RevokeReason): string {
  return ownerT(REVOKED_KEYS[reason]);
}

/** Takes the guest's ticket back on the server. */
export function revokeGuest(
  apiBase: string,
  token: string,
  guestId: number,
  reason: 'removed' | 'over-limit' = 'removed',
): Promise<unknown> {
  return api('DELETE', `${apiBase}/${encodeURIComponent(token)}/guests/${guestId}`, { reason });
}

export interface RemoveButtonOptions {
  /** "guest 2", "recipient 1": in the accessible name and the question. */
  who: string;
  /** Whether a transfer with them is running now (the button then reads "Stop and remove"). */
  busy(): boolean;
  /** The question to confirm, e.g. what happens to files already received. */
  question(busy: boolean): string;
  /** Revoke on the server and stop locally; a thrown error is shown beside the button. */
  remove(): Promise<void>;
}

/** A small button for a guest's card; `refresh()` updates its words when the transfer starts or ends. */
export interface RemoveButton {
  element: HTMLElement;
  refresh(): void;
  /** The guest is gone: the button goes too. */
  done(): void;
}

export function removeButton(o: RemoveButtonOptions): RemoveButton {
  const button = h('button', {
    type: 'button',
    class: 'button button--small button--danger guest-card__remove',
  }) as HTMLButtonElement;
  const error = h('span', { class: 'form__error', role: 'alert', hidden: true });
  const refresh = () => {
    const busy = o.busy();
    setText(button, ownerT(busy ? 'owner.stopAndRemove' : 'owner.remove'));
    button.setAttribute('aria-label', ownerT(busy ? 'owner.stopAndRemoveWho' : 'owner.removeWho', { who: o.who }));
  };
  button.addEventListener('click', async () => {
    if (!confirm(o.question(o.busy()))) return;
    button.disabled = true;
    error.hidden = true;
    try {
      await o.remove();
      button.hidden = true;
    } catch (e) {
      error.hidden = false;
      setText(error, e instanceof ApiError ? e.message : ownerT('owner.removeFailed', { who: o.who }));
      button.disabled = false;
    }
  });
  refresh();
  return {
    element: h('span', { class: 'guest-card__actions' }, button, error),
    refresh,
    done: () => {
      button.hidden = true;
    },
  };
}
