import type { GuestLimits, PublicSessionResponse } from '../../shared/api/p2p.ts';
import { hasLimits, limitsSentence } from '../../shared/guest-limits.ts';
import type { User } from '../auth/user-repository.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { fileChooser, guestHead, pinStep, problemCard } from './partials.ts';

/** `/p2p/receive/:shortcode` — the guest's "Send files" page (no account needed). */
export function guestSendPage(options: {
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
    script: 'p2p-send-guest',
    data: { session: s, limits },
    body: html`<div class="guest">
      ${guestHead({ eyebrow: 'Send files to', ownerName: s.receiverName, label: s.label, expiresAt: s.expiresAt })}

      <form id="send-form" class="guest__form" novalidate>
        ${pinStep({ ownerName: s.receiverName, enterKeyHint: 'done' })}

        <section class="card step" id="files-step" aria-labelledby="files-heading">
          <h2 id="files-heading" class="step__title"><span class="step__num" aria-hidden="true">2</span> Choose files</h2>
          ${hasLimits(limits) ? html`<p class="meta guest-limits" id="guest-limits">${limitsSentence(limits)}</p>` : ''}
          ${fileChooser('button')}
        </section>

        <p class="form__error" id="send-error" role="alert" hidden></p>
        <button type="submit" disabled data-awaits-script class="button button--primary button--large button--block" id="send-button">Send</button>
      </form>

      <section class="card" id="transfer" aria-labelledby="transfer-heading" hidden>
        <h2 id="transfer-heading" class="step__title">Sending</h2>
        <p class="transfer-status" id="transfer-status" role="status" aria-live="polite"></p>
        <div class="alert alert--warn" id="transfer-warning" role="alert" hidden></div>
        <div id="overall-progress"></div>
        <ul class="list transfer-list" id="transfer-list" aria-label="Files being sent"></ul>
        <div class="button-row">
          <button type="button" class="button button--danger" id="stop-button">Stop sending</button>
        </div>
      </section>

      <section class="card success" id="success" aria-labelledby="success-heading" tabindex="-1" hidden>
        <div class="success__icon" aria-hidden="true">✓</div>
        <h2 id="success-heading">All files arrived</h2>
        <p id="success-text"></p>
        <ul class="list" id="success-list" aria-label="Files sent"></ul>
        <p><a class="button" href="" id="send-more">Send more files</a></p>
      </section>
    </div>`,
  });
}

export type GuestProblem = 'not-found' | 'expired' | 'cancelled';

const PROBLEMS: Record<GuestProblem, { title: string; text: string }> = {
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

/** The guest page when the link cannot be used (404 / 410). */
export function guestProblemPage(problem: GuestProblem, user: User | null): string {
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
