/** Every shipped language's catalogue (the server loads them all; a page script gets only its language's). */
import { ar } from './ar.ts';
import type { Catalogue, Language } from './catalogue.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';

export const CATALOGUES: Record<Language, Catalogue> = { en, de, es, ar };
