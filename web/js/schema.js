// What the server has: the facets a search counts and filters on, the
// content kinds (names, labels, suggestion groups) and whether it keeps notes
// (an inbox), from GET /api/schema
// (core/facets.h and core/kinds.h on the server). Loaded once before the page
// starts, so that the page lists what the server has instead of a copy.

import * as api from './api.js';

const schema = { facets: [], kinds: [], inbox: false };

/** Loads the schema; on a network error tries again every few seconds. */
export async function loadSchema() {
  for (;;) {
    try {
      const data = await api.schema();
      schema.facets = Array.isArray(data.facets) ? data.facets.filter((f) => f && typeof f.name === 'string') : [];
      schema.kinds = Array.isArray(data.kinds) ? data.kinds.filter((k) => k && typeof k.name === 'string') : [];
      schema.inbox = data.inbox === true;
      return;
    } catch (error) {
      if (error.kind !== 'network') return;  // the page still starts; searches report the error
      await new Promise((resolve) => { setTimeout(resolve, 2_000); });
    }
  }
}

/** The facet names, in the order the page shows them. */
export function facetNames() {
  return schema.facets.map((f) => f.name);
}

export function facetLabel(name) {
  const facet = schema.facets.find((f) => f.name === name);
  return (facet && facet.label) || name;
}

/** How many values of a facet are listed before "more". */
export function facetShown(name) {
  const facet = schema.facets.find((f) => f.name === name);
  return (facet && Number(facet.shown)) || 10;
}

/** The kinds, in the server's order: {name, label, group, group_title, group_note, lends_citations}. */
export function kinds() {
  return schema.kinds;
}

export function kindLabel(kind) {
  const known = schema.kinds.find((k) => k.name === kind);
  return (known && known.label) || kind || '不明';
}

/** The server keeps notes saved from the page (sasae-server --inbox). */
export function inboxEnabled() {
  return schema.inbox;
}

export function isKnownKind(kind) {
  return schema.kinds.some((k) => k.name === kind);
}
