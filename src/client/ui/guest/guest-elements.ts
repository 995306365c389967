/**
 * The guest pages' elements, looked up by the keys of the ids their server views write
 * (src/shared/element-ids/guest-pages.ts), typed by what each element is.
 */
import { type GuestPageId, guestPageIds } from '../../../shared/element-ids/guest-pages.ts';

/** The elements that are more than an HTMLElement to the scripts. */
interface GuestElementTypes {
  pin: HTMLInputElement;
  fileInput: HTMLInputElement;
  folderButton: HTMLButtonElement;
  sendForm: HTMLFormElement;
  sendButton: HTMLButtonElement;
  sendMore: HTMLAnchorElement;
  stopButton: HTMLButtonElement;
  pinForm: HTMLFormElement;
  getFiles: HTMLButtonElement;
  downloadAll: HTMLButtonElement;
}

export type GuestElement<K extends GuestPageId> = K extends keyof GuestElementTypes
  ? GuestElementTypes[K]
  : HTMLElement;

/** The element the view gave the id of `key`; throws when the page has none (a view and a script out of step). */
export function guestElement<K extends GuestPageId>(key: K): GuestElement<K> {
  const element = document.getElementById(guestPageIds[key]);
  if (!element) throw new Error(`Missing element #${guestPageIds[key]}`);
  return element as GuestElement<K>;
}
