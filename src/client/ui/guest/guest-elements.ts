/**
 * The guest pages' elements, looked up by the keys of the ids their server views write
 * (src/shared/element-ids/guest-pages.ts).
 */
import { guestPageIds } from '../../../shared/element-ids/guest-pages.ts';
import { elementsById } from '../element-by-id.ts';

/** `guestElement(key)`, or `guestElement(key, HTMLInputElement)` to have its type checked as well. */
export const guestElement = elementsById(guestPageIds);
