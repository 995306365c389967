import type { UserListResponse, UserSummary } from '../../shared/api/auth.ts';
import { isolate } from '../../shared/isolate.ts';
import { ApiError, api } from '../ui/api.ts';
import { $, initLoggedInPage, onSubmit, showError } from '../ui/page.ts';
import { ownerT } from '../ui/words.ts';

const form = $('#add-user-form') as HTMLFormElement;
const error = $('.form__error', form);
const done = $('.alert--ok', form);
const list = $('#user-list');
const listError = $('#user-list-error');
const listDone = $('#user-list-done');

let myId = 0;

/** A mistake in what was typed into a dialog, shown as it is. */
class InputError extends Error {}

function message(e: unknown, fallback: string): string {
  return e instanceof ApiError || e instanceof InputError ? e.message : fallback;
}

function report(ok: string | null, problem: string | null = null): void {
  showError(listDone, ok);
  showError(listError, problem);
}

function button(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `button button--small ${className}`;
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

function badge(text: string, modifier: string): HTMLElement {
  const span = document.createElement('span');
  span.className = `badge ${modifier}`;
  span.textContent = text;
  return span;
}

/**
 * Runs one change from a row's button, redraws the list with what the server now says, and only then says how
 * it went (so what the message says is already on the list).
 */
async function change(run: () => Promise<unknown>, success: string): Promise<void> {
  let problem: string | null = null;
  try {
    await run();
  } catch (e) {
    problem = message(e, ownerT('owner.users.failed'));
  }
  await renderUsers();
  report(problem === null ? success : null, problem);
}

function row(u: UserSummary): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'list__item user-row';
  item.dataset.userId = String(u.id);
  const head = document.createElement('div');
  head.className = 'list__row';
  const name = document.createElement('span');
  name.className = 'file-name user-row__name';
  name.textContent = u.username; // names are text, never markup
  name.dir = 'auto'; // a name that mixes scripts keeps its own order on a page of the other direction
  const badges = document.createElement('span');
  badges.className = 'button-row';
  badges.append(
    u.isAdmin ? badge(ownerT('owner.users.administrator'), 'badge--live') : badge(ownerT('owner.users.user'), ''),
  );
  if (u.disabled) badges.append(badge(ownerT('owner.users.disabled'), 'badge--bad'));
  if (u.id === myId) badges.append(badge(ownerT('owner.users.you'), 'badge--ok'));
  head.append(name, badges);

  const actions = document.createElement('div');
  actions.className = 'button-row';
  const path = `/api/users/${u.id}`;
  const who = { name: isolate(u.username) };
  actions.append(
    button(ownerT('owner.users.resetPassword'), '', () => openDialog('reset-dialog', u, resetPassword)),
    u.id === myId
      ? '' // disabling yourself would only lock you out
      : u.disabled
        ? button(
            ownerT('owner.users.enable'),
            '',
            () => void change(() => api('PATCH', path, { disabled: false }), ownerT('owner.users.enabled', who)),
          )
        : button(
            ownerT('owner.users.disable'),
            'button--danger',
            () => void change(() => api('PATCH', path, { disabled: true }), ownerT('owner.users.disabledDone', who)),
          ),
    u.isAdmin
      ? button(
          ownerT('owner.users.removeAdmin'),
          '',
          () => void change(() => api('PATCH', path, { isAdmin: false }), ownerT('owner.users.adminRemoved', who)),
        )
      : button(
          ownerT('owner.users.makeAdmin'),
          '',
          () => void change(() => api('PATCH', path, { isAdmin: true }), ownerT('owner.users.adminMade', who)),
        ),
  );
  if (u.id !== myId)
    actions.append(
      button(ownerT('owner.users.delete'), 'button--danger', () => openDialog('delete-dialog', u, deleteUser)),
    );
  item.append(head, actions);
  return item;
}

async function renderUsers(): Promise<void> {
  const { users } = await api<UserListResponse>('GET', '/api/users');
  list.replaceChildren(...users.map(row));
}

/**
 * Opens a fresh copy of a dialog from its <template> for one user; it leaves the page when closed, so no hidden
 * form lingers. `submit` returns normally to close it, or throws to show its message in the dialog.
 */
function openDialog(
  templateId: string,
  user: UserSummary,
  submit: (user: UserSummary, data: FormData) => Promise<void>,
): void {
  const template = $(`#${templateId}`) as HTMLTemplateElement;
  const dialog = $('dialog', template.content).cloneNode(true) as HTMLDialogElement;
  const dialogForm = $('form', dialog) as HTMLFormElement;
  const dialogError = $('.form__error', dialogForm);
  $('[data-field="username"]', dialogForm).textContent = user.username; // text, never markup
  for (const close of dialog.querySelectorAll('[data-action="close"]'))
    close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  onSubmit(dialogForm, async () => {
    try {
      await submit(user, new FormData(dialogForm));
      dialog.close();
    } catch (e) {
      showError(dialogError, message(e, ownerT('owner.users.failed')));
    }
  });
  document.body.append(dialog);
  dialog.showModal();
}

async function resetPassword(user: UserSummary, data: FormData): Promise<void> {
  const password = String(data.get('password') ?? '');
  if (password.length < 8) throw new InputError(ownerT('owner.users.tooShort'));
  await api('POST', `/api/users/${user.id}/password`, { password });
  report(ownerT('owner.users.passwordReset', { name: isolate(user.username) }));
}

async function deleteUser(user: UserSummary): Promise<void> {
  try {
    await api('DELETE', `/api/users/${user.id}`);
  } finally {
    await renderUsers();
  }
  report(ownerT('owner.users.deleted', { name: isolate(user.username) }));
}

onSubmit(form, async () => {
  showError(done, null);
  const data = new FormData(form);
  const username = String(data.get('username') ?? '').trim();
  const password = String(data.get('password') ?? '');
  if (!username) return showError(error, ownerT('owner.users.enterName'));
  if (password.length < 8) return showError(error, ownerT('owner.users.tooShort'));
  try {
    await api('POST', '/api/users', { username, password });
    showError(error, null);
    form.reset();
    showError(done, ownerT('owner.users.added', { name: isolate(username) }));
    await renderUsers();
  } catch (e) {
    showError(error, message(e, ownerT('owner.users.addFailed')));
  }
});

myId = (await initLoggedInPage()).id;
await renderUsers();
