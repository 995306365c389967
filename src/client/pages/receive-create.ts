/** `/p2p/receive`: the form that opens a receive session, and the owner's receive sessions (open, cancel). */
import type { CreateReceiveRequest, CreateSessionResponse } from '../../shared/api/p2p.ts';
import { RECEIVE_CREATE_IDS } from '../../shared/element-ids/owner-pages.ts';
import { isolate } from '../../shared/isolate.ts';
import { ApiError, api } from '../ui/api.ts';
import { elementsById } from '../ui/element-by-id.ts';
import { fileCount } from '../ui/format.ts';
import { readGuestLimits } from '../ui/owner/guest-limits-form.ts';
import { SessionList } from '../ui/owner/session-list.ts';
import { initLoggedInPage, onSubmit, showError } from '../ui/page.ts';
import { ownerT } from '../ui/words.ts';

const byId = elementsById(RECEIVE_CREATE_IDS);
const form = byId('createForm', HTMLFormElement);
const formError = form.querySelector<HTMLElement>('.form__error');
const submit = form.querySelector<HTMLButtonElement>('button[type=submit]');
if (!formError || !submit) throw new Error('Missing the form error or its submit button');

const sessions = new SessionList({
  apiBase: '/api/p2p/receive',
  list: byId('sessionList'),
  status: byId('sessionsStatus'),
  empty: ownerT('owner.receive.listEmpty'),
  loadFailed: ownerT('owner.receive.listFailed'),
  item: (s) => ({
    title: s.label ? isolate(s.label) : ownerT('owner.receive.untitled'),
    href: `/p2p/receive/${encodeURIComponent(s.token)}/waiting`,
    current: false,
    counts: ownerT('owner.receive.counts', {
      guests: ownerT('owner.guests', { count: s.guests.length }),
      files: fileCount(s.files.length),
    }),
    question: ownerT('owner.receive.cancelQuestion'),
  }),
});

onSubmit(form, async () => {
  const data = new FormData(form);
  const label = String(data.get('label') ?? '').trim();
  const body: CreateReceiveRequest = { expiresIn: Number(data.get('expiresIn') ?? 86400) };
  if (label) body.label = label;
  const limits = readGuestLimits(data);
  if (typeof limits === 'string') return showError(formError, limits);
  Object.assign(body, limits);
  submit.disabled = true;
  showError(formError, null);
  try {
    const created = await api<CreateSessionResponse>('POST', '/api/p2p/receive/create', body);
    location.href = `/p2p/receive/${encodeURIComponent(created.token)}/waiting`;
  } catch (e) {
    showError(formError, e instanceof ApiError ? e.message : ownerT('owner.receive.createFailed'));
    submit.disabled = false;
  }
});

byId('refreshSessions').addEventListener('click', () => void sessions.load());

await initLoggedInPage().catch(() => {
  location.href = `/login?next=${encodeURIComponent(location.pathname)}`;
});
await sessions.load();
