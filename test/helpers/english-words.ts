/**
 * Page scripts read their messages from the page (<body data-messages>); Node tests of their words have no page,
 * so importing this hands them the English catalogue, as an English owner page would.
 */
import { useMessages } from '../../src/client/ui/words.ts';
import { en } from '../../src/shared/i18n/en.ts';

useMessages('en', { ...en.browser, ...en.owner });
