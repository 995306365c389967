import type { UserListResponse, UserSummary } from '../../shared/api/auth.ts';
import { api, ApiError } from '../ui/api.ts';
import { $, initLoggedInPage, onSubmit, showError } from '../ui/page.ts';

const form = $('#add-user-form') as HTMLFormElement;
const error = $('.form__error', form);
const done = $('.alert--ok', form);
const list = $('#user-list');
const listError = $('#user-list-error');
const listDone = $('#user-list-done');
const resetDialog = $('#reset-dialog') as HTMLDialogElement;
const resetForm = $('#reset-form') as HTMLFormElement;
const deleteDialog = $('#delete-dialog') as HTMLDialogElement;
const deleteForm = $('#delete-form') as HTMLFormElement;

let myId = 0;
/** The user a dialog is open for. */
let target: UserSummary | null = null;

function message(e: unknown, fallback: string): string {
  return e instanceof ApiError ? e.message : fallback;
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

/** Runs one change from a row's button, then redraws the list with what the server now says. */
async function change(run: () => Promise<unknown>, success: string): Promise<void> {
  try {
    await run();
    report(success);
  } catch (e) {
    report(null, message(e, 'That did not work. Reload the page and try again.'));
  }
  await renderUsers();
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
  const badges = document.createElement('span');
  badges.className = 'button-row';
  badges.append(u.isAdmin ? badge('Administrator', 'badge--live') : badge('User', ''));
  if (u.disabled) badges.append(badge('Disabled', 'badge--bad'));
  if (u.id === myId) badges.append(badge('You', 'badge--ok'));
  head.append(name, badges);

  const actions = document.createElement('div');
  actions.className = 'button-row';
  const path = `/api/users/${u.id}`;
  actions.append(
    button('Reset password', '', () => openDialog(resetDialog, resetForm, u)),
    u.id === myId
      ? '' // disabling yourself would only lock you out
      : u.disabled
      ? button('Enable', '', () => void change(() => api('PATCH', path, { disabled: false }), `${u.username} can log in again.`))
      : button('Disable', 'button--danger', () => void change(() => api('PATCH', path, { disabled: true }), `${u.username} is disabled and logged out.`)),
    u.isAdmin
      ? button('Remove administrator', '', () => void change(() => api('PATCH', path, { isAdmin: false }), `${u.username} is no longer an administrator.`))
      : button('Make administrator', '', () => void change(() => api('PATCH', path, { isAdmin: true }), `${u.username} is now an administrator.`)),
  );
  if (u.id !== myId) actions.append(button('Delete', 'button--danger', () => openDialog(deleteDialog, deleteForm, u)));
  item.append(head, actions);
  return item;
}

async function renderUsers(): Promise<void> {
  const { users } = await api<UserListResponse>('GET', '/api/users');
  list.replaceChildren(...users.map(row));
}

function openDialog(dialog: HTMLDialogElement, dialogForm: HTMLFormElement, user: UserSummary): void {
  target = user;
  dialogForm.reset();
  showError($('.form__error', dialogForm), null);
  $('[data-field="username"]', dialogForm).textContent = user.username;
  dialog.showModal();
}

for (const dialog of [resetDialog, deleteDialog]) {
  for (const close of dialog.querySelectorAll('[data-action="close"]')) close.addEventListener('click', () => dialog.close());
}

onSubmit(resetForm, async () => {
  const password = String(new FormData(resetForm).get('password') ?? '');
  const dialogError = $('.form__error', resetForm);
  if (password.length < 8) return showError(dialogError, 'The password needs at least 8 characters.');
  if (!target) return;
  try {
    await api('POST', `/api/users/${target.id}/password`, { password });
    resetDialog.close();
    report(`${target.username} has a new password and was logged out everywhere else.`);
  } catch (e) {
    showError(dialogError, message(e, 'Could not set the password.'));
  }
});

onSubmit(deleteForm, async () => {
  if (!target) return;
  const deleted = target;
  try {
    await api('DELETE', `/api/users/${deleted.id}`);
    deleteDialog.close();
    report(`${deleted.username} is deleted.`);
  } catch (e) {
    showError($('.form__error', deleteForm), message(e, 'Could not delete the user.'));
  }
  await renderUsers();
});

onSubmit(form, async () => {
  showError(done, null);
  const data = new FormData(form);
  const username = String(data.get('username') ?? '').trim();
  const password = String(data.get('password') ?? '');
  if (!username) return showError(error, 'Enter a username.');
  if (password.length < 8) return showError(error, 'The password needs at least 8 characters.');
  try {
    await api('POST', '/api/users', { username, password });
    showError(error, null);
    form.reset();
    showError(done, `${username} can now log in.`);
    await renderUsers();
  } catch (e) {
    showError(error, message(e, 'Could not add the user.'));
  }
});

myId = (await initLoggedInPage()).id;
await renderUsers();
