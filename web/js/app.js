// sasae — the browser page. Wires the URL state, the tabs, the search view,
// the document view and the drafting pane together.

import * as api from './api.js';
import { replace, h, isTypingTarget } from './dom.js';
import { readState, pageUrl, cloneState, emptyState } from './state.js';
import { createSearch } from './search.js';
import { createDocView } from './docview.js';
import { createDraft } from './draft.js';
import { createOps } from './ops.js';
import { createTokenPrompt } from './token.js';
import { loadSchema } from './schema.js';

createTokenPrompt();  // before anything asks the API
await loadSchema();   // the facets and kinds the URL state and the views are made of
let state = readState();
let previous = null;
let openedFromResults = null;  // the result whose document was opened last

const ctx = {
  state: () => state,

  /** Moves to `next`: 'push' adds a history entry, 'replace' rewrites the current one. */
  navigate(next, mode = 'push', historyState = {}) {
    previous = state;
    state = next;
    const url = pageUrl(state);
    if (mode === 'push') window.history.pushState({ sasae: true, ...historyState }, '', url);
    else if (mode === 'replace') window.history.replaceState({ ...(window.history.state || {}), sasae: true }, '', url);
    render();
  },

  openDoc(id) {
    if (!state.doc) openedFromResults = id;
    const next = cloneState(state);
    next.doc = id;
    next.tab = 'search';
    // Count the documents opened from the page since the results, so that
    // "back to the results" can step back over all of them in the history.
    const depth = state.doc ? (Number(window.history.state && window.history.state.docDepth) || 0) + 1 : 1;
    ctx.navigate(next, 'push', { docDepth: depth });
  },

  closeDoc() {
    if (!state.doc) return;
    const depth = Number(window.history.state && window.history.state.docDepth) || 0;
    if (depth > 0) {
      window.history.go(-depth);
    } else {
      const next = cloneState(state);
      next.doc = null;
      ctx.navigate(next, 'push');
    }
  },

  /** Link to a document over the current results (back returns to them). */
  docHref(id) {
    return pageUrl({ ...cloneState(state), doc: id, tab: 'search' });
  },
  /** Link to a document alone (used from the drafting pane, opens in a new tab). */
  docLink(id) {
    return pageUrl({ ...emptyState(), doc: id });
  },
  searchHref(s) {
    return pageUrl({ ...s, doc: null, tab: 'search' });
  },
  /** The drafting pane, with `title` as the draft's title when no draft is open. */
  startDraft(title) {
    draft.startWith(title);
    ctx.navigate({ ...cloneState(state), doc: null, tab: 'draft' }, 'push');
    draft.focus();
  },
};

const search = createSearch(ctx);
const docView = createDocView(ctx);
const draft = createDraft(ctx);
const ops = createOps(ctx);

// ---- tabs ------------------------------------------------------------------

const tabs = [...document.querySelectorAll('[role="tab"]')];
function tabName(tab) {
  return tab.dataset.tab;
}
function showTab(name) {
  for (const tab of tabs) {
    const selected = tabName(tab) === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  document.body.dataset.tab = name;
}
function selectTab(name, { focusTab = false } = {}) {
  if (focusTab) tabs.find((t) => tabName(t) === name).focus();
  if (state.tab === name) return;
  const next = cloneState(state);
  next.tab = name;
  ctx.navigate(next, 'push');
}
for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tabName(tab)));
  tab.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(tab);
    let target = null;
    if (event.key === 'ArrowRight') target = tabs[(index + 1) % tabs.length];
    else if (event.key === 'ArrowLeft') target = tabs[(index - 1 + tabs.length) % tabs.length];
    else if (event.key === 'Home') target = tabs[0];
    else if (event.key === 'End') target = tabs[tabs.length - 1];
    if (!target) return;
    event.preventDefault();
    selectTab(tabName(target), { focusTab: true });
  });
}

// ---- rendering the state ---------------------------------------------------

function render() {
  const before = previous;
  previous = null;
  showTab(state.tab);
  search.syncInputs(state);
  if (state.tab === 'ops') {
    document.title = '運用 — sasae';
    ops.activate();
    return;
  }
  if (state.tab === 'draft') {
    document.title = '下書き支援 — sasae';
    draft.activate();
    return;
  }
  if (state.doc) {
    search.setVisible(false);
    docView.show(state.doc);
    return;
  }
  docView.hide();
  search.setVisible(true);
  search.ensure(state);
  document.title = state.q.trim() ? `${state.q.trim()} — sasae 検索` : 'sasae — AWS サポートのナレッジ検索';
  // Coming back from a document: put focus back on the result that opened it.
  if (before && before.doc && before.tab === 'search') {
    if (!search.focusHit(openedFromResults || before.doc) && !search.focusHit(before.doc)) search.focusInput();
  }
}

window.addEventListener('popstate', () => {
  previous = state;
  state = readState();
  render();
});

// ---- keyboard --------------------------------------------------------------

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.isComposing) return;
  if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target)) {
    event.preventDefault();
    if (state.tab !== 'search' || state.doc) {
      const next = cloneState(state);
      next.tab = 'search';
      next.doc = null;
      ctx.navigate(next, 'push');
    }
    search.focusInput({ select: true });
  } else if (event.key === 'Escape' && state.tab === 'search' && state.doc) {
    event.preventDefault();
    ctx.closeDoc();
  }
});

// ---- index health in the header --------------------------------------------

const healthEl = document.getElementById('health');
let offline = false;
const dateTime = new Intl.DateTimeFormat('ja-JP', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

async function refreshHealth() {
  try {
    const health = await api.health();
    offline = false;
    const parts = [`索引 ${new Intl.NumberFormat('ja-JP').format(Number(health.documents) || 0)} 件`];
    if (health.last_reindex) {
      const when = new Date(health.last_reindex);
      if (!Number.isNaN(when.getTime())) parts.push(`更新 ${dateTime.format(when)}`);
    }
    healthEl.className = `health ${health.status === 'ok' ? 'is-ok' : 'is-warn'}`;
    replace(healthEl, h('span', { class: 'health-dot', 'aria-hidden': 'true' }), parts.join(' · '));
    healthEl.title = `状態: ${health.status} / リビジョン ${health.revision}`;
  } catch (error) {
    if (error.kind === 'network') return;  // reported through onConnectivity
    healthEl.className = 'health is-warn';
    replace(healthEl, h('span', { class: 'health-dot', 'aria-hidden': 'true' }), '索引を利用できません');
    healthEl.title = error.message;
  }
}

// While the server is unreachable, look for it every few seconds; when it is
// back, repeat whatever failed.
let probe = null;
api.onConnectivity((reachable) => {
  if (!reachable && !offline) {
    offline = true;
    healthEl.className = 'health is-offline';
    replace(healthEl, h('span', { class: 'health-dot', 'aria-hidden': 'true' }), 'サーバー未接続');
    healthEl.title = 'サーバーに接続できません';
    if (!probe) probe = setInterval(() => { api.health().catch(() => {}); }, 5_000);
  } else if (reachable && offline) {
    offline = false;
    clearInterval(probe);
    probe = null;
    refreshHealth();
    if (state.tab === 'draft') draft.retryIfFailed();
    else if (!state.doc) search.retryIfFailed(state);
  }
});

// ---- start -----------------------------------------------------------------

window.history.replaceState({ ...(window.history.state || {}), sasae: true }, '', pageUrl(state));
render();
if (state.tab === 'search' && !state.doc) search.focusInput();
else if (state.tab === 'draft') draft.focus();
refreshHealth();
