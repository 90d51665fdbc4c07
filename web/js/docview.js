// The document view: a note rendered by the server, its links and the notes
// that cite it (被引用). Internal links open here; external ones in a new tab.

import * as api from './api.js';
import { h, replace, documentFragment, kindBadge, isPlainClick, isSafeHref } from './dom.js';
import { kindLabel } from './schema.js';
import { describeError } from './errors.js';

const META_FIELDS = [
  ['region', 'リージョン'],
  ['severity', '重要度'],
  ['opened', '起票日'],
  ['resolved', '解決日'],
  ['author', '著者'],
  ['published', '公開日'],
  ['lang', '言語'],
];

function isExternalUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) && isSafeHref(url);
}

function externalLink(url, text, extraClass = '') {
  return h('a', {
    href: url, target: '_blank', rel: 'noopener noreferrer', class: `external ${extraClass}`.trim(),
    'aria-label': `${text} (新しいタブで開く)`,
  }, text);
}

function valueText(value) {
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function createDocView(ctx) {
  const view = document.getElementById('doc-view');
  let seq = 0;
  let controller = null;
  let shownId = null;   // the document on screen (loaded or loading)

  view.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-doc-id]');
    if (!link || !isPlainClick(event)) return;
    event.preventDefault();
    ctx.openDoc(link.dataset.docId);
  });

  function backButton() {
    return h('div', { class: 'doc-toolbar' },
      h('button', { type: 'button', class: 'btn btn-back', id: 'doc-back', onclick: () => ctx.closeDoc() },
        h('span', { 'aria-hidden': 'true' }, '← '), '検索結果に戻る'),
      h('span', { class: 'muted keyhint' }, h('kbd', null, 'Esc'), ' でも戻れます'));
  }

  async function show(id) {
    view.hidden = false;
    if (id === shownId) return;
    shownId = id;
    const mine = ++seq;
    if (controller) controller.abort();
    controller = new AbortController();
    view.setAttribute('aria-busy', 'true');
    replace(view, backButton(), h('p', { class: 'status', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), '読み込み中…'));
    try {
      const doc = await api.documentById(id, controller.signal);
      if (mine !== seq) return;
      render(doc);
    } catch (error) {
      if (api.isAbort(error) || mine !== seq) return;
      shownId = null;
      const info = describeError(error);
      replace(view, backButton(), h('div', { class: `error-box error-${info.kind}`, role: 'alert' },
        h('h2', { id: 'doc-title', tabindex: '-1' }, info.title),
        h('p', null, error.status === 404 ? `文書「${id}」は見つかりませんでした。${info.advice}` : info.advice),
        info.detail ? h('p', { class: 'error-detail' }, info.detail) : null,
        h('button', { type: 'button', class: 'btn', onclick: () => { shownId = null; show(id); } }, '再試行')));
      focusTitle();
    } finally {
      if (mine === seq) view.setAttribute('aria-busy', 'false');
    }
  }

  function render(doc) {
    const id = String(doc.id || shownId);
    const fm = doc.front_matter && typeof doc.front_matter === 'object' ? doc.front_matter : {};
    const links = Array.isArray(doc.links) ? doc.links : [];
    const citedBy = Array.isArray(doc.cited_by) ? doc.cited_by : [];

    // Metadata (all text).
    const meta = [];
    const addMeta = (label, ...value) => meta.push(h('div', { class: 'meta-row' }, h('dt', null, label), h('dd', null, ...value)));
    addMeta('種類', kindLabel(doc.kind));
    if (Array.isArray(doc.services) && doc.services.length) addMeta('サービス', doc.services.map((s) => h('span', { class: 'chip chip-service' }, s)));
    if (doc.date) addMeta('日付', h('time', { datetime: doc.date }, doc.date));
    for (const [key, label] of META_FIELDS) {
      if (fm[key] != null && fm[key] !== '' && !(key === 'published' && typeof fm[key] === 'boolean')) addMeta(label, valueText(fm[key]));
    }
    if (Array.isArray(doc.tags) && doc.tags.length) addMeta('タグ', doc.tags.map((t) => h('span', { class: 'tag' }, `#${t}`)));
    addMeta('ID', h('code', null, id));
    if (isExternalUrl(doc.url)) addMeta('原文', externalLink(doc.url, doc.url));

    // Body: the server's HTML, sanitized; links rewritten.
    const body = h('div', { class: 'doc-body prose' }, documentFragment(doc.html || ''));
    const internalByUrl = new Map();
    for (const link of links) if (link && link.id && link.id !== id) internalByUrl.set(link.url, link.id);
    for (const a of body.querySelectorAll('a')) {
      const href = a.getAttribute('href') || '';
      const target = internalByUrl.get(href);
      if (target) {
        a.setAttribute('href', ctx.docHref(target));
        a.dataset.docId = target;
        a.classList.add('internal');
        a.title = `sasae で「${target}」を開く`;
      } else if (isExternalUrl(href)) {
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.classList.add('external');
      } else if (!href.startsWith('#') || href === '') {
        // A relative link the indexer could not resolve, or one the server
        // emptied because it was unsafe: show it as text.
        const span = h('span', { class: 'unresolved-link', title: href ? `索引にないリンク: ${href}` : 'リンク先がありません' });
        span.append(...a.childNodes);
        a.replaceWith(span);
      }
    }

    const linkItems = links.map((link) => {
      const text = String(link.text || link.url || link.id || '');
      if (link.id && link.id !== id) {
        return h('li', null,
          h('a', { href: ctx.docHref(link.id), dataset: { docId: link.id }, class: 'internal' }, text),
          ' ', h('span', { class: 'chip chip-internal' }, 'sasae 内'),
          isExternalUrl(link.url) ? h('span', { class: 'link-url' }, ' ', externalLink(link.url, '原文 ↗', 'small')) : null);
      }
      if (isExternalUrl(link.url)) {
        return h('li', null, externalLink(link.url, text), h('span', { class: 'link-url muted' }, ` ${link.url}`));
      }
      return h('li', null, h('span', null, text), h('span', { class: 'muted' }, ` ${String(link.url || '')}`));
    });

    const citedItems = citedBy.map((c) => h('li', { class: 'cited-item' },
      kindBadge(c.kind),
      ' ',
      h('a', { href: ctx.docHref(String(c.id)), dataset: { docId: String(c.id) }, class: 'internal' }, String(c.title || c.id)),
      c.date ? h('time', { class: 'muted', datetime: c.date }, ` ${c.date}`) : null));

    const fmEntries = Object.entries(fm);

    replace(view,
      backButton(),
      h('header', { class: 'doc-header' },
        kindBadge(doc.kind),
        h('h2', { id: 'doc-title', tabindex: '-1' }, String(doc.title || id))),
      h('div', { class: 'doc-columns' },
        h('div', { class: 'doc-main' }, body),
        h('aside', { class: 'doc-aside', 'aria-label': '文書の情報' },
          h('section', { class: 'doc-section doc-info', 'aria-labelledby': 'doc-info-h' },
            h('h3', { id: 'doc-info-h' }, '情報'),
            h('dl', { class: 'doc-meta' }, meta)),
          h('section', { class: 'doc-section doc-links', 'aria-labelledby': 'doc-links-h' },
            h('h3', { id: 'doc-links-h' }, `リンク (${links.length})`),
            linkItems.length ? h('ul', { class: 'link-list' }, linkItems) : h('p', { class: 'muted' }, 'この文書にはリンクがありません。')),
          h('section', { class: 'doc-section doc-cited', 'aria-labelledby': 'doc-cited-h' },
            h('h3', { id: 'doc-cited-h' }, `被引用 (${citedBy.length})`),
            citedItems.length
              ? h('ul', { class: 'cited-list' }, citedItems)
              : h('p', { class: 'muted' }, 'この文書を引用している文書はありません。')),
          fmEntries.length ? h('details', { class: 'doc-section doc-frontmatter' },
            h('summary', null, 'すべてのメタデータ (front matter)'),
            h('dl', { class: 'fm-list' }, fmEntries.map(([k, v]) => h('div', { class: 'meta-row' }, h('dt', null, k), h('dd', null, valueText(v)))))) : null)),
    );
    document.title = `${String(doc.title || id)} — sasae`;
    focusTitle();
  }

  function focusTitle() {
    window.scrollTo({ top: 0 });
    const title = document.getElementById('doc-title');
    if (title) title.focus({ preventScroll: true });
  }

  function hide() {
    if (controller) controller.abort();
    seq += 1;
    shownId = null;
    view.hidden = true;
    replace(view);
  }

  return { show, hide, isOpen: () => !view.hidden };
}
