import type { GuestLimits, PublicSessionResponse } from '../../shared/api/p2p.ts';
import { guestPageIds as id } from '../../shared/element-ids/guest-pages.ts';
import { hasLimits, limitsSentence } from '../../shared/guest-limits.ts';
import type { User } from '../auth/user-repository.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { fileChooser, guestHead, pinStep, problemCard } from './partials.ts';

/** `/p2p/receive/:shortcode` — the guest's page of a receive session: the guest sends files (no account needed). */
const UNSUPPORTED =
  "This browser can't send files directly to another device. Open this link in Chrome, Firefox, Edge or Safari to send your files.";

export function receiveGuestPage(options: {
  session: PublicSessionResponse;
  limits: GuestLimits;
  user: User | null;
}): string {
  const s = options.session;
  const limits = options.limits;
  return page({
    title: `Send files to ${s.receiverName}`,
    user: options.user,
    guest: true,
    script: 'receive-guest',
    data: { session: s, limits },
    body: html`<div class="guest">
      ${guestHead({ eyebrow: 'Send files to', ownerName: s.receiverName, label: s.label, expiresAt: s.expiresAt, unsupported: UNSUPPORTED })}

      <form id="${id.sendForm}" class="guest__form" novalidate>
        ${pinStep({ ownerName: s.receiverName, enterKeyHint: 'done' })}

        <section class="card step" id="${id.filesStep}" aria-labelledby="${id.filesHeading}">
          <h2 id="${id.filesHeading}" class="step__title"><span class="step__num" aria-hidden="true">2</span> Choose files</h2>
          ${hasLimits(limits) ? html`<p class="meta guest-limits" id="${id.guestLimits}">${limitsSentence(limits)}</p>` : ''}
          ${fileChooser('button')}
        </section>

        <p class="form__error" id="${id.sendError}" role="alert" hidden></p>
        <button type="submit" disabled data-awaits-script class="button button--primary button--large button--block" id="${id.sendButton}">Send</button>
      </form>

      <section class="card" id="${id.transfer}" aria-labelledby="${id.transferHeading}" hidden>
        <h2 id="${id.transferHeading}" class="step__title">Sending</h2>
        <p class="transfer-status" id="${id.transferStatus}" role="status" aria-live="polite" tabindex="-1"></p>
        <div class="alert alert--warn" id="${id.transferWarning}" role="alert" hidden></div>
        <div id="${id.overallProgress}"></div>
        <ul class="list transfer-list" id="${id.transferList}" aria-label="Files being sent"></ul>
        <div class="button-row">
          <button type="button" class="button button--danger" id="${id.stopButton}">Stop sending</button>
        </div>
      </section>

      <section class="card success" id="${id.success}" aria-labelledby="${id.successHeading}" tabindex="-1" hidden>
        <div class="success__icon" aria-hidden="true">✓</div>
        <h2 id="${id.successHeading}">All files arrived</h2>
        <p id="${id.successText}"></p>
        <ul class="list" id="${id.successList}" aria-label="Files sent"></ul>
        <p><a class="button" href="" id="${id.sendMore}">Send more files</a></p>
      </section>
    </div>`,
  });
}

export type ReceiveGuestProblem = 'not-found' | 'expired' | 'cancelled';

const PROBLEMS: Record<ReceiveGuestProblem, { title: string; text: string }> = {
  'not-found': {
    title: "This link doesn't exist",
    text: 'Check that you typed or scanned the whole link. If it still does not work, ask the person who wants your files for a new link.',
  },
  expired: {
    title: 'This link has expired',
    text: 'Links to send files only work for a limited time. Ask the person who wants your files for a new link.',
  },
  cancelled: {
    title: 'This link was cancelled',
    text: 'The person who created it cancelled it, so it no longer accepts files. Ask them for a new link if you still need to send something.',
  },
};

/** The receive session's guest page when the link cannot be used (404 / 410). */
export function receiveGuestProblemPage(problem: ReceiveGuestProblem, user: User | null): string {
  const p = PROBLEMS[problem];
  return page({
    title: p.title,
    user,
    guest: true,
    body: problemCard({
      problem,
      icon: problem === 'not-found' ? '?' : '!',
      title: p.title,
      text: p.text,
      action: html`<a class="button" href="/scan">Scan another QR code</a>`,
    }),
  });
}
