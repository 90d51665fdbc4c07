// The page state lives in the URL so that every view can be shared and the
// browser's back/forward buttons work:
//   /?q=ロードバランサー+502&kind=case&service=ELB&tag=502&sort=date&page=2
//   (one parameter per facet the server has: schema.js)
//   /?q=…&doc=cases/alb-502-keepalive-timeout        (document view over the results)
//   /?tab=draft                                       (the drafting pane)
//   /?tab=ops                                         (運用: usage analytics)

import { facetNames } from './schema.js';

export const PER_PAGE = 10;

/** Every facet (GET /api/schema) is a list of selected values, ORed. */
export function emptyState() {
  const state = { q: '', sort: 'relevance', page: 1, doc: null, tab: 'search' };
  for (const facet of facetNames()) state[facet] = [];
  return state;
}

function positiveInt(value, fallback) {
  return /^[1-9][0-9]{0,5}$/.test(value || '') ? Number(value) : fallback;
}

function unique(values) {
  return [...new Set(values.filter((v) => v !== ''))];
}

export function readState(search = window.location.search) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  state.q = params.get('q') || '';
  for (const facet of facetNames()) state[facet] = unique(params.getAll(facet));
  state.sort = params.get('sort') === 'date' ? 'date' : 'relevance';
  state.page = positiveInt(params.get('page'), 1);
  state.doc = params.get('doc') || null;
  state.tab = ['draft', 'ops'].includes(params.get('tab')) ? params.get('tab') : 'search';
  return state;
}

export function cloneState(state) {
  const copy = { ...state };
  for (const facet of facetNames()) copy[facet] = [...(state[facet] || [])];
  return copy;
}

/** The query string for the page URL ('' or '?…'). Slashes in ids stay readable. */
export function pageQuery(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const facet of facetNames()) for (const value of state[facet] || []) params.append(facet, value);
  if (state.sort === 'date') params.set('sort', 'date');
  if (state.page > 1) params.set('page', String(state.page));
  if (state.doc) params.set('doc', state.doc);
  if (state.tab !== 'search') params.set('tab', state.tab);
  const text = params.toString().replace(/%2F/gi, '/');
  return text ? `?${text}` : '';
}

export function pageUrl(state) {
  return `${window.location.pathname}${pageQuery(state)}`;
}

/** True when there is something to search for (the API refuses an empty query without filters). */
export function hasSearch(state) {
  return state.q.trim() !== '' || facetNames().some((facet) => (state[facet] || []).length > 0);
}

export function hasFilters(state) {
  return facetNames().some((facet) => (state[facet] || []).length > 0);
}

/** Parameters for GET /api/search. */
export function apiParams(state, { perPage = PER_PAGE } = {}) {
  const params = new URLSearchParams();
  params.set('q', state.q);
  for (const facet of facetNames()) for (const value of state[facet] || []) params.append(facet, value);
  params.set('sort', state.sort);
  params.set('page', String(state.page));
  params.set('per_page', String(perPage));
  return params;
}

/** A key identifying one result list (everything but the document and the tab). */
export function searchKey(state) {
  return apiParams(state).toString();
}
