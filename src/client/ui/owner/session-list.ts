/**
 * The owner's list of their sessions (of receive sessions on the "Receive files" page, of shares on the
 * "Send files" page): title and status, counts, when it was made and ends, "Open", and "Cancel" behind an
 * inline confirmation.
 */
import type { OwnerSessionList, OwnerSessionView } from '../../../shared/api/p2p.ts';
import { ApiError, api } from '../api.ts';
import { h, replace, setText, unmarked } from '../dom.ts';
import { formatClock, formatRemaining } from '../format.ts';
import { ownerT } from '../words.ts';

/** The list's badge of each status. */
const BADGES = {
  active: { key: 'owner.status.active', cls: 'badge--live' },
  expired: { key: 'owner.status.expired', cls: '' },
  cancelled: { key: 'owner.status.cancelled', cls: '' },
  locked: { key: 'owner.status.lockedShort', cls: 'badge--bad' },
} as const satisfies Record<OwnerSessionView['status'], { key: string; cls: string }>;

/** What one session's row says, beyond its status and times. */
export interface SessionItem {
  /** Its label or file name marked with `isolate` (src/shared/isolate.ts): shown in a <bdi>. */
  title: string;
  href: string;
  /** The session this page shows (no "Cancel" here: the page has its own). */
  current: boolean;
  /** "2 guests · 3 files received". */
  counts: string;
  /** "Cancel this share?" */
  question: string;
}

export interface SessionListOptions {
  /** `/api/p2p/receive` or `/api/p2p`. */
  apiBase: string;
  list: HTMLElement;
  status: HTMLElement;
  /** What the status line says when there are none. */
  empty: string;
  loadFailed: string;
  item(session: OwnerSessionView): SessionItem;
  /** After a session was cancelled from the list. */
  cancelled?(token: string): Promise<void>;
  /** After each load. */
  loaded?(sessions: readonly OwnerSessionView[]): Promise<void>;
}

export class SessionList {
  #refresh: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly o: SessionListOptions) {}

  async load(): Promise<void> {
    const o = this.o;
    try {
      const { sessions } = await api<OwnerSessionList>('GET', o.apiBase);
      replace(
        o.list,
        sessions.map((s) => this.#row(s)),
      );
      o.status.hidden = sessions.length > 0;
      setText(o.status, sessions.length ? '' : o.empty);
      await o.loaded?.(sessions);
    } catch (e) {
      o.status.hidden = false;
      setText(o.status, e instanceof ApiError ? e.message : o.loadFailed);
    }
  }

  /** Loads again in a moment: several changes in a row cost one request. */
  refreshSoon(): void {
    this.#refresh ??= setTimeout(() => {
      this.#refresh = null;
      void this.load();
    }, 2000);
  }

  #row(s: OwnerSessionView): HTMLLIElement {
    const item = this.o.item(s);
    const open = s.status === 'active' || s.status === 'locked';
    const left = formatRemaining(new Date(s.expiresAt).getTime() - Date.now());
    const badge = BADGES[s.status];
    const cancel = open && !item.current ? this.#cancelControl(s.token, item) : null;
    return h(
      'li',
      { class: `list__item session-item session-item--${s.status}${item.current ? ' session-item--current' : ''}` },
      h(
        'div',
        { class: 'list__row' },
        h(
          'div',
          { class: 'session-item__main' },
          h(
            'a',
            { class: 'session-item__title', href: item.href, 'aria-current': item.current ? 'page' : null },
            item.title,
          ),
          ' ',
          h('span', { class: `badge ${badge.cls}` }, ownerT(badge.key)),
        ),
        h(
          'div',
          { class: 'button-row' },
          h(
            'a',
            {
              class: 'button button--small',
              href: item.href,
              'aria-label': ownerT('owner.list.openWhat', { title: unmarked(item.title) }),
            },
            ownerT('owner.list.open'),
          ),
          cancel?.button,
        ),
      ),
      h(
        'div',
        { class: 'meta' },
        `${item.counts} · ${ownerT('owner.list.created', { time: formatClock(s.createdAt) })} · `,
        s.status === 'active' && left
          ? ownerT('owner.list.expiresIn', { left })
          : ownerT(s.status === 'expired' ? 'owner.list.expired' : 'owner.list.ends', {
              time: formatClock(s.expiresAt),
            }),
      ),
      cancel?.confirm,
    );
  }

  /** "Cancel", and the question it opens below the row. */
  #cancelControl(token: string, item: SessionItem): { button: HTMLElement; confirm: HTMLElement } {
    const cancel = h(
      'button',
      {
        type: 'button',
        class: 'button button--small button--danger',
        'aria-label': ownerT('owner.list.cancelWhat', { title: unmarked(item.title) }),
      },
      ownerT('owner.list.cancel'),
    );
    const yes = h(
      'button',
      { type: 'button', class: 'button button--small button--danger-solid' },
      ownerT('owner.list.yes'),
    );
    const no = h('button', { type: 'button', class: 'button button--small' }, ownerT('owner.list.keep'));
    const confirm = h('div', { class: 'confirm confirm--inline', hidden: true });
    replace(confirm, h('span', {}, `${item.question} `), yes, ' ', no);
    cancel.addEventListener('click', () => {
      confirm.hidden = false;
      cancel.hidden = true;
      yes.focus();
    });
    no.addEventListener('click', () => {
      confirm.hidden = true;
      cancel.hidden = false;
      cancel.focus();
    });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await api('DELETE', `${this.o.apiBase}/${encodeURIComponent(token)}`);
        await this.o.cancelled?.(token);
        await this.load();
      } catch (e) {
        yes.disabled = false;
        const error = e instanceof ApiError ? e.message : ownerT('owner.cancelFailed');
        replace(confirm, h('p', { class: 'form__error', role: 'alert' }, error), yes, no);
      }
    });
    return { button: cancel, confirm };
  }
}
