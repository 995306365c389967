import type { PublicShareResponse } from '../../shared/api/p2p.ts';
import { guestPageIds as id } from '../../shared/element-ids/guest-pages.ts';
import type { User } from '../auth/user-repository.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { guestHead, pinStep, problemCard } from './partials.ts';

/** `/p2p/:shortcode` — the guest's page of a share (no account needed): PIN, then the files straight from the owner's browser. */
const UNSUPPORTED =
  "This browser can't receive files directly from another device. Open this link in Chrome, Firefox, Edge or Safari to get the files.";

export function shareGuestPage(options: { share: PublicShareResponse; user: User | null }): string {
  const s = options.share;
  return page({
    title: `Files from ${s.senderName}`,
    user: options.user,
    guest: true,
    script: 'share-guest',
    data: { share: s },
    body: html`<div class="guest">
      ${guestHead({ eyebrow: 'Files from', ownerName: s.senderName, expiresAt: s.expiresAt, unsupported: UNSUPPORTED })}

      <form id="${id.pinForm}" class="guest__form" novalidate>
        ${pinStep({
          ownerName: s.senderName,
          enterKeyHint: 'go',
          after: html`<button type="submit" disabled data-awaits-script class="button button--primary button--large button--block" id="${id.getFiles}">Get the files</button>`,
        })}
      </form>

      <section class="card step" id="${id.filesStep}" aria-labelledby="${id.filesHeading}">
        <div class="card__head">
          <h2 id="${id.filesHeading}" class="step__title"><span class="step__num" aria-hidden="true">2</span> Download</h2>
          <span class="meta" id="${id.filesSummary}"></span>
        </div>
        <p class="transfer-status" id="${id.transferStatus}" role="status" aria-live="polite">Enter the PIN to start. The files come straight from ${s.senderName}'s device.</p>
        <div class="alert alert--warn" id="${id.transferWarning}" role="alert" hidden></div>
        <div id="${id.overallProgress}"></div>
        <ul class="list download-list" id="${id.downloadList}" aria-label="Files"></ul>
        <div class="button-row download-actions">
          <button type="button" class="button button--primary button--large" id="${id.downloadAll}" disabled>Download all (ZIP)</button>
          <button type="button" class="button button--danger" id="${id.stopButton}" hidden>Stop downloading</button>
        </div>
        <p class="meta" id="${id.zipStatus}" role="status"></p>
      </section>
    </div>`,
  });
}

export type ShareProblem = 'not-found' | 'expired' | 'cancelled' | 'not-yours';

const PROBLEMS: Record<ShareProblem, { title: string; guest: string; owner: string }> = {
  'not-found': {
    title: "This link doesn't exist",
    guest:
      'Check that you typed or scanned the whole link. If it still does not work, ask the person who shared the files for a new link.',
    owner: 'There is no share at this address. It may have been deleted after it ended.',
  },
  expired: {
    title: 'This link has expired',
    guest: 'Links to download files only work for a limited time. Ask the person who shared the files for a new link.',
    owner: 'This share has expired.',
  },
  cancelled: {
    title: 'This link was cancelled',
    guest:
      'The person who shared the files cancelled it, so the files can no longer be downloaded here. Ask them for a new link if you still need them.',
    owner: 'This share was cancelled.',
  },
  'not-yours': {
    title: 'Not your share',
    guest: 'This share belongs to another account.',
    owner: 'This share belongs to another account. Log in as its owner to open it.',
  },
};

/** The page shown instead when a share link cannot be used (404 / 410; 403 for another user's share). */
export function shareProblemPage(problem: ShareProblem, user: User | null, audience: 'guest' | 'owner'): string {
  const p = PROBLEMS[problem];
  const action =
    audience === 'owner'
      ? html`<a class="button" href="/p2p">Send files</a>`
      : html`<a class="button" href="/scan">Scan another QR code</a>`;
  return page({
    title: p.title,
    user,
    guest: audience === 'guest',
    body: problemCard({
      problem,
      icon: problem === 'expired' || problem === 'cancelled' ? '⏱' : '?',
      title: p.title,
      text: audience === 'owner' ? p.owner : p.guest,
      action,
    }),
  });
}
