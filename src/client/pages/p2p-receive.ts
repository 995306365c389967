/** `/p2p/receive`: create a receive session; list, open and cancel the user's sessions. */
import type {
  CreateReceiveRequest,
  CreateSessionResponse,
  OwnerSessionList,
  OwnerSessionView,
} from '../../shared/api/p2p.ts';
import { ApiError, api } from '../ui/api.ts';
import { h, replace } from '../ui/dom.ts';
import { formatClock, formatRemaining, plural } from '../ui/format.ts';
import { readGuestLimits } from '../ui/guest-limits-form.ts';
import { $, initLoggedInPage, onSubmit, showError } from '../ui/page.ts';

const form = $('#create-form') as HTMLFormElement;
const formError = $('.form__error', form);
const list = $('#session-list');
const listStatus = $('#sessions-status');

const STATUS: Record<OwnerSessionView['status'], { text: string; badge: string }> = {
  active: { text: 'Active', badge: 'badge--live' },
  expired: { text: 'Expired', badge: '' },
  cancelled: { text: 'Cancelled', badge: '' },
  locked: { text: 'Locked', badge: 'badge--bad' },
};

function sessionItem(s: OwnerSessionView): HTMLLIElement {
  const title = s.label || 'Untitled session';
  const waiting = `/p2p/receive/${encodeURIComponent(s.token)}/waiting`;
  const files = s.files.length;
  const guests = s.guests.length;
  const status = STATUS[s.status];
  const remaining = formatRemaining(new Date(s.expiresAt).getTime() - Date.now());
  const confirm = h('div', { class: 'confirm confirm--inline', hidden: true });
  const cancelButton = h(
    'button',
    { type: 'button', class: 'button button--small button--danger', 'aria-label': `Cancel ${title}` },
    'Cancel',
  );
  cancelButton.addEventListener('click', () => {
    confirm.hidden = false;
    cancelButton.hidden = true;
    (confirm.querySelector('button') as HTMLButtonElement).focus();
  });
  const yes = h('button', { type: 'button', class: 'button button--small button--danger-solid' }, 'Yes, cancel it');
  const no = h('button', { type: 'button', class: 'button button--small' }, 'Keep it');
  no.addEventListener('click', () => {
    confirm.hidden = true;
    cancelButton.hidden = false;
    cancelButton.focus();
  });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      await api('DELETE', `/api/p2p/receive/${encodeURIComponent(s.token)}`);
      await loadSessions();
    } catch (e) {
      yes.disabled = false;
      replace(
        confirm,
        h('p', { class: 'form__error', role: 'alert' }, e instanceof ApiError ? e.message : 'Could not cancel.'),
        yes,
        no,
      );
    }
  });
  replace(confirm, h('span', {}, 'Cancel this session? '), yes, ' ', no);

  return h(
    'li',
    { class: `list__item session-item session-item--${s.status}` },
    h(
      'div',
      { class: 'list__row' },
      h(
        'div',
        { class: 'session-item__main' },
        h('a', { class: 'session-item__title', href: waiting }, title),
        ' ',
        h('span', { class: `badge ${status.badge}` }, status.text),
      ),
      h(
        'div',
        { class: 'button-row' },
        h('a', { class: 'button button--small', href: waiting, 'aria-label': `Open ${title}` }, 'Open'),
        s.status === 'active' || s.status === 'locked' ? cancelButton : null,
      ),
    ),
    h(
      'div',
      { class: 'meta' },
      `${plural(guests, 'guest')} · ${plural(files, 'file')} received · created ${formatClock(s.createdAt)} · `,
      s.status === 'active' && remaining
        ? `expires in ${remaining}`
        : `${s.status === 'expired' ? 'expired' : 'ends'} ${formatClock(s.expiresAt)}`,
    ),
    confirm,
  );
}

async function loadSessions(): Promise<void> {
  try {
    const { sessions } = await api<OwnerSessionList>('GET', '/api/p2p/receive');
    replace(list, sessions.map(sessionItem));
    listStatus.textContent = sessions.length
      ? ''
      : 'No receive sessions yet. Create one to get a link and a PIN for your guests.';
    listStatus.hidden = sessions.length > 0;
  } catch (e) {
    listStatus.hidden = false;
    listStatus.textContent = e instanceof ApiError ? e.message : 'Could not load your sessions.';
  }
}

onSubmit(form, async () => {
  const data = new FormData(form);
  const label = String(data.get('label') ?? '').trim();
  const body: CreateReceiveRequest = { expiresIn: Number(data.get('expiresIn') ?? 86400) };
  if (label) body.label = label;
  const limits = readGuestLimits(data);
  if (typeof limits === 'string') return showError(formError, limits);
  Object.assign(body, limits);
  const button = $('button[type=submit]', form) as HTMLButtonElement;
  button.disabled = true;
  showError(formError, null);
  try {
    const created = await api<CreateSessionResponse>('POST', '/api/p2p/receive/create', body);
    location.href = `/p2p/receive/${encodeURIComponent(created.token)}/waiting`;
  } catch (e) {
    showError(formError, e instanceof ApiError ? e.message : 'Could not create the session.');
    button.disabled = false;
  }
});

$('#refresh-sessions').addEventListener('click', () => void loadSessions());

await initLoggedInPage().catch(() => {
  location.href = `/login?next=${encodeURIComponent(location.pathname)}`;
});
await loadSessions();
