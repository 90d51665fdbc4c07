// The search view: search box, facets, results, pagination and the states
// around them (welcome, loading, no results, unreachable, server error).

import * as api from './api.js';
import {
  h, replace, snippetFragment, kindBadge, formatCount, formatMs, debounce,
  isPlainClick, rememberFocus, isSafeHref,
} from './dom.js';
import { PER_PAGE, apiParams, cloneState, hasSearch, hasFilters, searchKey } from './state.js';
import { facetNames, facetLabel, facetShown, kinds, kindLabel } from './schema.js';
import { describeError } from './errors.js';

const EXAMPLES = ['ロードバランサー 502', 'InsufficientInstanceCapacity', 'Direct Connect BGP', 'ap-northeast-1 S3 403', 'Lambda タイムアウト'];

export function createSearch(ctx) {
  const input = document.getElementById('q');
  const form = document.getElementById('search-form');
  const sort = document.getElementById('sort');
  const layout = document.getElementById('search-layout');
  const facetsBox = document.getElementById('facets-box');
  const facetsEl = document.getElementById('facets');
  const statusEl = document.getElementById('search-status');
  const activeEl = document.getElementById('active-filters');
  const noticesEl = document.getElementById('notices');
  const resultsEl = document.getElementById('results');
  const pagerEl = document.getElementById('pager');
  const messageEl = document.getElementById('search-message');

  let seq = 0;              // request counter: only the newest answer is shown
  let controller = null;    // aborts the previous request
  let renderedKey = null;   // the search whose results are on screen (or loading)
  let lastData = null;
  let focusAfterRender = null;
  const expanded = new Set();

  // On a phone the facets start folded so the results come first.
  if (window.matchMedia('(max-width: 760px)').matches) facetsBox.open = false;

  // Typing searches after a pause; Enter searches at once.
  function commit() {
    const state = ctx.state();
    if (input.value === state.q && !state.doc) return false;
    const next = cloneState(state);
    next.q = input.value;
    next.page = 1;
    next.doc = null;
    ctx.navigate(next, state.doc ? 'push' : 'replace');
    return true;
  }
  const commitQuery = debounce(commit, 250);

  // While an IME composition is open the text is not final: wait for it.
  input.addEventListener('input', (event) => { if (!event.isComposing) commitQuery(); });
  input.addEventListener('compositionend', () => commitQuery());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    commitQuery.cancel();
    // Enter on an unchanged query retries it when the last attempt failed.
    if (!commit()) ensure(ctx.state());
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && !event.isComposing) {
      if (commitQuery.pending()) {
        // The results on screen are for an older query: search now instead.
        event.preventDefault();
        commitQuery.flush();
        return;
      }
      const first = hitLinks()[0];
      if (first && !layout.hidden) {
        event.preventDefault();
        first.focus();
      }
    }
  });

  sort.addEventListener('change', () => {
    const next = cloneState(ctx.state());
    next.sort = sort.value === 'date' ? 'date' : 'relevance';
    next.page = 1;
    next.q = input.value;
    ctx.navigate(next, 'push');
  });

  // ↑/↓ move between results, ↑ on the first goes back to the search box; Enter follows the link.
  resultsEl.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = hitLinks();
    const item = event.target.closest('.hit');
    const index = links.findIndex((link) => link.closest('.hit') === item);
    if (index < 0) return;
    event.preventDefault();
    if (event.key === 'ArrowDown') links[Math.min(index + 1, links.length - 1)].focus();
    else if (index === 0) input.focus();
    else links[index - 1].focus();
  });
  resultsEl.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-doc-id]');
    if (!link) return;
    // Which result of which search was opened (any click: a new tab counts too).
    const state = ctx.state();
    const position = (state.page - 1) * PER_PAGE + hitLinks().indexOf(link) + 1;
    if (position > 0) api.recordEvent({ type: 'open', doc: link.dataset.docId, query: state.q, position });
    if (!isPlainClick(event)) return;
    event.preventDefault();
    ctx.openDoc(link.dataset.docId);
  });

  function hitLinks() {
    return [...resultsEl.querySelectorAll('.hit-title a')];
  }

  function navigateTo(mutate, mode = 'push') {
    const next = cloneState(ctx.state());
    next.q = input.value;
    mutate(next);
    next.doc = null;
    ctx.navigate(next, mode);
  }

  // ---- running a search ---------------------------------------------------

  /** Shows the results for `state`, searching only when they are not already on screen. */
  function ensure(state, { force = false } = {}) {
    const key = hasSearch(state) ? searchKey(state) : '';
    if (!force && key === renderedKey) return;
    renderedKey = key;
    if (!key) {
      seq += 1;
      if (controller) controller.abort();
      controller = null;
      showWelcome();
      return;
    }
    run(state);
  }

  async function run(state) {
    const mine = ++seq;
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    setLoading(true);
    try {
      // A selected facet's other values come counted as if it were not selected
      // (docs/api.md), so one request is all the facets need.
      const data = await api.search(apiParams(state), signal);
      if (mine !== seq) return;
      lastData = data;
      renderResults(state, data);
    } catch (error) {
      if (api.isAbort(error) || mine !== seq) return;
      renderedKey = null;
      renderError(state, error);
    } finally {
      if (mine === seq) setLoading(false);
    }
  }

  function setLoading(loading) {
    resultsEl.setAttribute('aria-busy', String(loading));
    layout.classList.toggle('is-loading', loading);
    if (loading) {
      replace(statusEl, h('span', { class: 'spinner', 'aria-hidden': 'true' }), '検索中…');
      statusEl.classList.remove('is-error');
    }
  }

  // ---- rendering ------------------------------------------------------------

  function showWelcome() {
    lastData = null;
    setLoading(false);
    replace(statusEl);
    replace(activeEl);
    replace(noticesEl);
    replace(resultsEl);
    replace(pagerEl);
    facetsBox.hidden = true;
    layout.classList.add('is-welcome');
    const exampleButtons = EXAMPLES.map((q) => h('li', null, h('button', {
      type: 'button', class: 'chip chip-button',
      onclick: () => { input.value = q; navigateTo((s) => { s.q = q; s.page = 1; }, 'push'); },
    }, q)));
    const kindButtons = kinds().map(({ name }) => h('li', null, h('button', {
      type: 'button', class: `chip chip-button chip-${name}`,
      onclick: () => navigateTo((s) => { s.kind = [name]; s.page = 1; }, 'push'),
    }, kindLabel(name))));
    replace(messageEl, h('div', { class: 'welcome' },
      h('h2', null, '過去ケース・AWS ドキュメント・コミュニティ記事をまとめて検索'),
      h('p', null, '日本語と英語を混ぜて入力できます。サービス名、エラーコード、リージョン名、リソース ID もそのまま検索できます。全角・半角やカタカナの表記ゆれは自動で吸収されます。'),
      h('h3', null, '検索の例'),
      h('ul', { class: 'chip-list' }, exampleButtons),
      h('h3', null, '種類から探す'),
      h('ul', { class: 'chip-list' }, kindButtons),
      h('p', { class: 'muted' }, 'ケースや返信を書いている最中なら、「下書き支援」タブで関連情報を自動で表示できます。'),
    ));
  }

  function renderResults(state, data) {
    layout.classList.remove('is-welcome');
    facetsBox.hidden = false;
    const total = Number(data.total) || 0;
    const hits = Array.isArray(data.hits) ? data.hits : [];
    const first = (state.page - 1) * PER_PAGE + 1;
    const last = first + hits.length - 1;
    const took = formatMs(data.took_ms);
    const subject = state.q.trim() ? `「${state.q.trim()}」の検索結果` : '絞り込みの結果';
    statusEl.classList.remove('is-error');
    if (total === 0) replace(statusEl, `${subject}: 0 件`);
    else if (hits.length === 0) replace(statusEl, `${subject}: ${formatCount(total)} 件 (このページには結果がありません)`);
    else {
      replace(statusEl,
        h('strong', null, `${subject}: ${formatCount(total)} 件`),
        total > hits.length ? ` — ${formatCount(first)}〜${formatCount(last)} 件目` : '',
        took ? h('span', { class: 'muted' }, ` (${took})`) : '');
    }

    renderActiveFilters(state);
    renderNotices(state, data);
    renderFacets(state, data.facets || {});

    const restore = rememberFocus(resultsEl);
    replace(resultsEl, hits.map((hit) => renderHit(hit)));
    restore();
    renderPager(state, total);

    if (total === 0) replace(messageEl, renderNoResults(state));
    else if (hits.length === 0) {
      replace(messageEl, h('div', { class: 'empty' },
        h('p', null, 'このページには結果がありません。'),
        h('button', { type: 'button', class: 'btn', onclick: () => navigateTo((s) => { s.page = 1; }) }, '最初のページへ')));
    } else replace(messageEl);

    if (focusAfterRender === 'first-hit') {
      focusAfterRender = null;
      const firstLink = hitLinks()[0];
      if (firstLink) firstLink.focus({ preventScroll: true });
      statusEl.scrollIntoView({ block: 'nearest' });
    }
  }

  function renderHit(hit) {
    const id = String(hit.id || '');
    const title = String(hit.title || id);
    const services = Array.isArray(hit.services) ? hit.services : [];
    const tags = Array.isArray(hit.tags) ? hit.tags : [];
    const url = typeof hit.url === 'string' ? hit.url : '';
    return h('li', { class: `hit hit-${hit.kind}`, dataset: { id } },
      h('div', { class: 'hit-head' },
        kindBadge(hit.kind),
        h('h3', { class: 'hit-title' },
          h('a', { href: ctx.docHref(id), dataset: { docId: id, focusKey: `hit:${id}` } }, title))),
      hit.snippet ? h('p', { class: 'hit-snippet' }, snippetFragment(hit.snippet)) : null,
      h('div', { class: 'hit-meta' },
        services.length ? h('span', { class: 'meta-services' },
          h('span', { class: 'visually-hidden' }, 'サービス: '),
          services.map((s) => h('span', { class: 'chip chip-service' }, s))) : null,
        hit.date ? h('time', { class: 'meta-date', datetime: hit.date }, hit.date) : null,
        tags.length ? h('span', { class: 'meta-tags' },
          h('span', { class: 'visually-hidden' }, 'タグ: '),
          tags.slice(0, 5).map((t) => h('span', { class: 'tag' }, `#${t}`))) : null),
      h('div', { class: 'hit-url' },
        url && /^https?:\/\//i.test(url) && isSafeHref(url)
          ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'external', 'aria-label': `${url} (新しいタブで開く)` }, url)
          : h('span', { class: 'hit-id' }, url || id)));
  }

  function renderNotices(state, data) {
    const notices = [];
    if (typeof data.did_you_mean === 'string' && data.did_you_mean.trim() && data.did_you_mean !== state.q) {
      const suggestion = data.did_you_mean;
      const corrected = data.corrected_query === suggestion;
      notices.push(h('p', { class: 'notice notice-dym' },
        corrected ? `「${state.q}」に一致する文書がないため、次の語の検索結果を表示しています: ` : 'もしかして: ',
        h('a', {
          href: ctx.searchHref({ ...cloneState(state), q: suggestion, page: 1 }),
          class: 'dym-link',
          onclick: (event) => {
            if (!isPlainClick(event)) return;
            event.preventDefault();
            input.value = suggestion;
            navigateTo((s) => { s.q = suggestion; s.page = 1; });
          },
        }, suggestion)));
    }
    if (data.partial) {
      notices.push(h('p', { class: 'notice notice-partial' },
        'すべての語を含む文書が見つからなかったため、一部の語に一致する文書も表示しています。'));
    }
    replace(noticesEl, notices);
  }

  function renderActiveFilters(state) {
    const chips = [];
    for (const facet of facetNames()) {
      for (const value of state[facet]) {
        const label = facet === 'kind' ? kindLabel(value) : value;
        chips.push(h('li', null, h('button', {
          type: 'button', class: 'chip chip-active',
          'aria-label': `絞り込み「${facetLabel(facet)}: ${label}」を解除`,
          onclick: () => navigateTo((s) => { s[facet] = s[facet].filter((v) => v !== value); s.page = 1; }),
        }, `${facetLabel(facet)}: ${label}`, h('span', { 'aria-hidden': 'true', class: 'chip-x' }, '×'))));
      }
    }
    if (chips.length > 1) {
      chips.push(h('li', null, h('button', {
        type: 'button', class: 'link-button', onclick: clearFilters,
      }, 'すべての絞り込みを解除')));
    }
    replace(activeEl, chips.length ? h('ul', { class: 'chip-list', 'aria-label': '適用中の絞り込み' }, chips) : null);
  }

  function clearFilters() {
    navigateTo((s) => { for (const facet of facetNames()) s[facet] = []; s.page = 1; });
  }

  function facetEntries(facet, counts, selected) {
    const entries = Object.entries(counts || {}).map(([value, count]) => ({ value, count: Number(count) || 0 }));
    for (const value of selected) if (!entries.some((e) => e.value === value)) entries.push({ value, count: null });
    if (facet === 'kind') {
      const order = kinds().map((k) => k.name);
      const rank = (v) => { const i = order.indexOf(v); return i < 0 ? order.length : i; };
      entries.sort((a, b) => rank(a.value) - rank(b.value) || a.value.localeCompare(b.value, 'ja'));
    } else {
      entries.sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.value.localeCompare(b.value, 'ja'));
    }
    return entries;
  }

  function renderFacets(state, facets) {
    const restore = rememberFocus(facetsEl);
    const applied = facetNames().reduce((n, facet) => n + state[facet].length, 0);
    replace(document.getElementById('facets-applied'), applied ? ` (${applied} 件適用中)` : '');
    const groups = facetNames().map((facet) => {
      const selected = state[facet];
      const entries = facetEntries(facet, facets[facet], selected);
      if (entries.length === 0) return null;
      const limit = facetShown(facet);
      const isExpanded = expanded.has(facet);
      const shown = isExpanded ? entries : entries.filter((e, i) => i < limit || selected.includes(e.value));
      const items = shown.map((entry) => {
        const checked = selected.includes(entry.value);
        const label = facet === 'kind' ? kindLabel(entry.value) : entry.value;
        return h('li', null, h('label', { class: `facet-option${checked ? ' is-checked' : ''}` },
          h('input', {
            type: 'checkbox', checked, dataset: { focusKey: `facet:${facet}:${entry.value}` },
            onchange: (event) => toggleFacet(facet, entry.value, event.target.checked),
          }),
          facet === 'kind' ? h('span', { class: `dot dot-${entry.value}`, 'aria-hidden': 'true' }) : null,
          h('span', { class: 'facet-value', title: label }, label),
          h('span', { class: 'facet-count' },
            h('span', { class: 'visually-hidden' }, '件数 '),
            entry.count == null ? '–' : formatCount(entry.count))));
      });
      const more = entries.length > limit ? h('button', {
        type: 'button', class: 'link-button facet-more', 'aria-expanded': String(isExpanded),
        dataset: { focusKey: `facet-more:${facet}` },
        onclick: () => {
          if (expanded.has(facet)) expanded.delete(facet); else expanded.add(facet);
          if (lastData) renderFacets(ctx.state(), lastData.facets || {});
        },
      }, isExpanded ? '少なく表示' : `すべて表示 (${formatCount(entries.length)})`) : null;
      return h('fieldset', { class: `facet facet-${facet}` },
        h('legend', null, facetLabel(facet)),
        h('ul', { class: 'facet-list' }, items),
        more);
    }).filter(Boolean);
    replace(facetsEl, groups.length ? groups : h('p', { class: 'muted' }, '絞り込める項目はありません。'));
    restore();
  }

  function toggleFacet(facet, value, on) {
    navigateTo((s) => {
      s[facet] = on ? [...new Set([...s[facet], value])] : s[facet].filter((v) => v !== value);
      s.page = 1;
    });
  }

  function renderPager(state, total) {
    const pages = Math.ceil(total / PER_PAGE);
    if (pages <= 1) { replace(pagerEl); return; }
    const current = Math.min(state.page, pages);
    const wanted = new Set([1, pages, current - 2, current - 1, current, current + 1, current + 2]);
    const numbers = [...wanted].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
    const link = (page, text, extra = {}) => h('a', {
      href: ctx.searchHref({ ...cloneState(state), page }),
      class: 'page-link', dataset: { page: String(page), focusKey: `page:${text}` }, ...extra,
      onclick: (event) => {
        if (!isPlainClick(event)) return;
        event.preventDefault();
        focusAfterRender = 'first-hit';
        navigateTo((s) => { s.page = page; });
      },
    }, text);
    const items = [];
    items.push(h('li', null, state.page > 1
      ? link(state.page - 1, '前へ', { rel: 'prev' })
      : h('span', { class: 'page-link is-disabled', 'aria-disabled': 'true' }, '前へ')));
    let previous = 0;
    for (const n of numbers) {
      if (n - previous > 1) items.push(h('li', { class: 'page-gap', 'aria-hidden': 'true' }, '…'));
      items.push(h('li', null, n === state.page
        ? h('span', { class: 'page-link is-current', 'aria-current': 'page' }, String(n))
        : link(n, String(n), { 'aria-label': `${n} ページ目` })));
      previous = n;
    }
    items.push(h('li', null, state.page < pages
      ? link(state.page + 1, '次へ', { rel: 'next' })
      : h('span', { class: 'page-link is-disabled', 'aria-disabled': 'true' }, '次へ')));
    replace(pagerEl, h('ul', { class: 'pager-list' }, items));
  }

  function renderNoResults(state) {
    const hints = [
      h('li', null, '別の言葉や言い換えで検索してみてください (例: 「ALB」→「ロードバランサー」、「つながらない」→「接続できない」)。'),
      h('li', null, '語の数を減らすと見つかりやすくなります。'),
      h('li', null, 'エラーコード・サービス名・リージョン名は英語表記のまま入力できます (例: InsufficientInstanceCapacity、ap-northeast-1)。'),
    ];
    if (hasFilters(state)) {
      hints.unshift(h('li', null, '絞り込みを外すと見つかるかもしれません。 ',
        h('button', { type: 'button', class: 'btn btn-small', onclick: clearFilters }, 'フィルタ解除')));
    }
    return h('div', { class: 'empty' },
      h('h2', null, state.q.trim() ? `「${state.q.trim()}」に一致する文書は見つかりませんでした` : '条件に一致する文書は見つかりませんでした'),
      h('ul', { class: 'hints' }, hints));
  }

  function renderError(state, error) {
    const info = describeError(error);
    statusEl.classList.add('is-error');
    replace(statusEl, info.kind === 'network' ? 'サーバーに接続できません' : '検索できませんでした');
    facetsBox.hidden = true;   // counts from an earlier search would be misleading
    layout.classList.remove('is-welcome');
    replace(noticesEl);
    replace(resultsEl);
    replace(pagerEl);
    replace(messageEl, h('div', { class: `error-box error-${info.kind}` },
      h('h2', null, info.title),
      h('p', null, info.advice),
      info.detail ? h('p', { class: 'error-detail' }, info.detail) : null,
      h('button', { type: 'button', class: 'btn', onclick: () => ensure(ctx.state(), { force: true }) }, '再試行')));
  }

  // ---- called by the app --------------------------------------------------

  function syncInputs(state) {
    if (input.value !== state.q) {
      commitQuery.cancel();
      input.value = state.q;
    }
    sort.value = state.sort;
  }

  function focusInput({ select = false } = {}) {
    input.focus();
    if (select) input.select();
  }

  function focusHit(id) {
    const link = hitLinks().find((a) => a.dataset.docId === id);
    if (link) {
      link.focus({ preventScroll: true });
      link.closest('.hit').scrollIntoView({ block: 'nearest' });
      return true;
    }
    return false;
  }

  function setVisible(visible) {
    layout.hidden = !visible;
  }

  /** After the server comes back: repeat the search that failed, if any. */
  function retryIfFailed(state) {
    if (renderedKey === null && !layout.hidden) ensure(state);
  }

  return { ensure, syncInputs, focusInput, focusHit, setVisible, retryIfFailed };
}
