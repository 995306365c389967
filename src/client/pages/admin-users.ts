import type { UserListResponse } from '../../shared/api/auth.ts';
import { api, ApiError } from '../ui/api.ts';
import { $, initLoggedInPage, onSubmit, showError } from '../ui/page.ts';

const form = $('#add-user-form') as HTMLFormElement;
const error = $('.form__error', form);
const done = $('.alert--ok', form);
const list = $('#user-list');

async function renderUsers(): Promise<void> {
  const { users } = await api<UserListResponse>('GET', '/api/users');
  list.replaceChildren(
    ...users.map((u) => {
      const item = document.createElement('li');
      item.className = 'list__item list__row';
      const name = document.createElement('span');
      name.className = 'file-name';
      name.textContent = u.username;
      const role = document.createElement('span');
      role.className = u.isAdmin ? 'badge badge--live' : 'badge';
      role.textContent = u.isAdmin ? 'Administrator' : 'User';
      item.append(name, role);
      return item;
    }),
  );
}

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
    showError(error, e instanceof ApiError ? e.message : 'Could not add the user.');
  }
});

await initLoggedInPage();
await renderUsers();
