/**
 * Finds a page's elements by the keys of its id module (src/shared/element-ids/), the same module its server
 * view renders from, and checks each element's type instead of casting it.
 */
/** The ids of one page (or part of one), by key. */
export type ElementIds = Readonly<Record<string, string>>;

type ElementType<T extends HTMLElement> = abstract new () => T;

/** `byId(key)` → the element with `ids[key]`; `byId(key, HTMLButtonElement)` also checks it is a button. */
export function elementsById<Ids extends ElementIds>(ids: Ids) {
  return function byId<T extends HTMLElement = HTMLElement>(key: keyof Ids & string, type?: ElementType<T>): T {
    const id = ids[key] as string;
    const element = document.getElementById(id);
    if (!element) throw new Error(`Missing element #${id}`);
    if (type && !(element instanceof type)) throw new Error(`#${id} is not a ${type.name}`);
    return element as T;
  };
}
