/**
 * The colour theme: "system" (follow `prefers-color-scheme`), "light" or "dark", remembered in localStorage.
 *
 * Loaded as a classic script in <head>, without defer, so the chosen theme is on <html> before the body is
 * parsed or painted: no flash of the other theme. (The CSP forbids inline scripts; a cookie read by the server
 * would have done it too, but would travel with every request and make every page's HTML differ per browser.)
 * The stylesheet does the rest: `[data-theme]` overrides the system's choice, no attribute follows it.
 */
import { themeSwitchIds } from '../../shared/element-ids/theme-switch.ts';
import { registerServiceWorker } from '../offline/register-service-worker.ts';

type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'phuppi-theme';

function isChoice(value: unknown): value is ThemeChoice {
  return value === 'system' || value === 'light' || value === 'dark';
}

function storedChoice(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isChoice(value) ? value : 'system';
  } catch {
    return 'system'; // storage turned off: follow the system
  }
}

function store(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Storage turned off: the choice holds for this page only.
  }
}

function apply(choice: ThemeChoice): void {
  if (choice === 'system') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', choice);
}

/** Shows the switch (hidden without JavaScript, where it could do nothing) and keeps it and the page in step. */
function wireSwitch(): void {
  const container = document.getElementById(themeSwitchIds.container);
  const select = document.getElementById(themeSwitchIds.select);
  if (!container || !(select instanceof HTMLSelectElement)) return;
  select.value = storedChoice();
  select.addEventListener('change', () => {
    const choice = isChoice(select.value) ? select.value : 'system';
    store(choice);
    apply(choice);
  });
  // A choice made in another tab of this site applies here too.
  addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY && event.key !== null) return;
    const choice = storedChoice();
    select.value = choice;
    apply(choice);
  });
  container.hidden = false;
}

apply(storedChoice());
document.addEventListener('DOMContentLoaded', wireSwitch);
// Every page loads this script, so it is where the offline page's service worker gets registered.
registerServiceWorker();
