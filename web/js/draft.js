// The drafting pane (下書き支援): a title and a body; after each pause in
// typing the draft is posted to /api/suggest and related past cases, AWS
// documents and community articles appear beside it, each with the reason.
// The draft is kept in localStorage so it survives a reload, together with
// the chosen support plan and severity (target.js) and the service and
// category codes of the create-case export (casejson.js).

import * as api from './api.js';
import { h, replace, snippetFragment, formatMs, debounce, isSafeHref } from './dom.js';
import { describeError } from './errors.js';
import { kinds } from './schema.js';
import { createTargetPicker } from './target.js';
import { createCaseExport } from './casejson.js';
import { createNoteCapture, citedLinks } from './note.js';

const STORAGE_KEY = 'sasae.draft.v1';
const SUGGEST_LIMIT = 5;
const WHY_SHOWN = 8;
// Why a suggestion was of no use, offered when it is marked 関係ない (the 運用 tab groups them).
const UNHELPFUL_REASONS = ['別の事象', 'サービスが違う', '情報が古い', '一次情報ではない'];
const REASON_MAX = 200;
// The checks that say what a good case contains, from GET /api/lint: the
// rules of each checklist item, listed as done when the server finds nothing
// to say about any of them. Loaded once, the first time the pane is used.
let checklist = null;
function loadChecklist() {
  checklist ??= api.lintRules().then((data) => {
    const items = new Map();
    for (const rule of Array.isArray(data.rules) ? data.rules : []) {
      if (!rule || !rule.checklist) continue;
      if (!items.has(rule.checklist)) items.set(rule.checklist, []);
      items.get(rule.checklist).push(rule.id);
    }
    return [...items].map(([label, rules]) => ({ label, rules }));
  }).catch(() => { checklist = null; return []; });
  return checklist;
}

function loadDraft() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || 'null');
    if (saved && typeof saved === 'object') {
      const text = (key) => (typeof saved[key] === 'string' ? saved[key] : '');
      return {
        title: text('title'), body: text('body'), savedAt: Number(saved.saved_at) || 0,
        plan: text('plan'), severity: text('severity'),
        service_code: text('service_code'), category_code: text('category_code'),
      };
    }
  } catch { /* storage unavailable or corrupt: start empty */ }
  return { title: '', body: '', savedAt: 0 };
}

function timeText(ms) {
  return new Intl.DateTimeFormat('ja-JP', { hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}

/** A Markdown citation: [title](url), or the title alone when there is no URL. */
export function citation(item) {
  const title = String(item.title || item.id || '').replace(/\s+/g, ' ').trim();
  const url = typeof item.url === 'string' ? item.url.trim() : '';
  if (!url || !isSafeHref(url)) return title;
  const safeTitle = title.replace(/([\\[\]])/g, '\\$1');
  const safeUrl = url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${safeTitle}](${safeUrl})`;
}

export function createDraft(ctx) {
  const titleEl = document.getElementById('draft-title');
  const bodyEl = document.getElementById('draft-body');
  const savedEl = document.getElementById('draft-saved');
  const clearEl = document.getElementById('draft-clear');
  const statusEl = document.getElementById('draft-status');
  const termsEl = document.getElementById('draft-terms');
  const groupsEl = document.getElementById('suggest-groups');
  const liveEl = document.getElementById('draft-live');
  const lintEl = document.getElementById('draft-lint');

  let seq = 0;
  let controller = null;
  let lastData = null;
  let started = false;
  let failed = false;
  let lintOpen = null;   // the person's own choice to open or close the checklist
  const wide = window.matchMedia('(min-width: 761px)');

  const draft = loadDraft();
  titleEl.value = draft.title;
  bodyEl.value = draft.body;
  showSaved(draft.savedAt, false);

  const picker = createTargetPicker({ initial: draft, onChange: () => save() });
  const exporter = createCaseExport({
    draft: () => ({ title: titleEl.value, body: bodyEl.value, severity: picker.values().severity }),
    fields: { title: titleEl, body: bodyEl, severity: document.getElementById('case-severity') },
    initial: draft,
    onChange: () => save(),
  });

  const capture = createNoteCapture({
    draft: () => {
      // The services of the suggestions the draft cites: what the case turned out to be about.
      const cited = new Set(citedLinks(bodyEl.value).map((l) => l.url));
      const items = lastData ? kinds().flatMap((k) => (Array.isArray(lastData[k.group]) ? lastData[k.group] : [])) : [];
      const services = [...new Set(items.filter((i) => cited.has(i.url)).flatMap((i) => (Array.isArray(i.services) ? i.services : [])))];
      return { title: titleEl.value, body: bodyEl.value, services };
    },
  });

  const scheduleSuggest = debounce(() => suggest(), 300);

  for (const el of [titleEl, bodyEl]) {
    el.addEventListener('input', (event) => {
      save();
      if (!event.isComposing) scheduleSuggest();
    });
    el.addEventListener('compositionend', () => scheduleSuggest());
  }
  clearEl.addEventListener('click', () => {
    titleEl.value = '';
    bodyEl.value = '';
    picker.reset();
    exporter.reset();
    capture.reset();
    try { window.localStorage.removeItem(STORAGE_KEY); } catch { /* ignore */ }
    scheduleSuggest.cancel();
    suggest();
    showSaved(0, false);
    announce('下書きを消去しました。');
    titleEl.focus();
  });

  function save() {
    const now = Date.now();
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify({
        title: titleEl.value, body: bodyEl.value, ...picker.values(), ...exporter.values(), saved_at: now,
      }));
      showSaved(now, true);
    } catch {
      replace(savedEl, 'このブラウザでは下書きを保存できません (localStorage が使えません)。');
    }
  }

  function showSaved(ms, justNow) {
    if (!ms) replace(savedEl, '下書きはこのブラウザに自動保存されます。');
    else replace(savedEl, `${justNow ? '自動保存しました' : '保存済みの下書きを復元しました'} (${timeText(ms)})`);
  }

  function announce(text) {
    replace(liveEl, text);
  }

  /** Called when the pane is shown: fetch suggestions for a restored draft once. */
  function activate() {
    picker.activate();
    if (!started) {
      started = true;
      suggest();
    }
  }

  async function suggest() {
    started = true;
    const title = titleEl.value;
    const body = bodyEl.value;
    const mine = ++seq;
    if (controller) controller.abort();
    controller = null;
    if (!title.trim() && !body.trim()) {
      lastData = null;
      groupsEl.classList.remove('is-loading');
      replace(statusEl, 'タイトルや本文を書き始めると、関連する過去ケース・ドキュメント・記事がここに表示されます。');
      replace(termsEl);
      replace(groupsEl);
      replace(lintEl);
      return;
    }
    controller = new AbortController();
    groupsEl.classList.add('is-loading');
    groupsEl.setAttribute('aria-busy', 'true');
    replace(statusEl, h('span', { class: 'spinner', 'aria-hidden': 'true' }), '関連情報を検索中…');
    statusEl.classList.remove('is-error');
    try {
      const [data, checks] = await Promise.all([
        api.suggest({ title, body, limit: SUGGEST_LIMIT }, controller.signal), loadChecklist()]);
      if (mine !== seq) return;
      lastData = data;
      failed = false;
      render(data);
      renderLint(data.lint, { title, body }, checks);
    } catch (error) {
      if (api.isAbort(error) || mine !== seq) return;
      failed = true;
      renderError(error);
    } finally {
      if (mine === seq) {
        groupsEl.classList.remove('is-loading');
        groupsEl.setAttribute('aria-busy', 'false');
      }
    }
  }

  function render(data) {
    // One list per kind, under the kind's group key (GET /api/schema).
    const groups = kinds().map((k) => ({ key: k.group, title: k.group_title || k.label, note: k.group_note,
      items: Array.isArray(data[k.group]) ? data[k.group] : [],
      // The past cases when none is taken for the draft's own problem: say so, so that a case on
      // the topic is not read as the answer.
      onlyTopic: k.lends_citations === true && data.same_problem === false }));
    const count = groups.reduce((n, g) => n + g.items.length, 0);
    statusEl.classList.remove('is-error');
    const took = formatMs(data.took_ms);
    replace(statusEl, count
      ? `関連情報 ${count} 件${took ? ` (${took})` : ''}`
      : '関連する情報は見つかりませんでした。エラーメッセージやサービス名など、具体的な語を書き足してみてください。');
    const terms = Array.isArray(data.terms) ? data.terms : [];
    const termsOpen = termsEl.querySelector('details')?.open || false;
    replace(termsEl, terms.length ? h('details', { class: 'terms', open: termsOpen },
      h('summary', null, `下書きから抽出した語 (${terms.length})`),
      h('p', { class: 'term-list' }, terms.map((t) => h('span', { class: 'term' }, String(t))))) : null);

    // Titles of the suggestions, to name the cases that cite a document.
    const caseTitles = new Map(groups.flatMap((g) => g.items).map((c) => [c.id, c.title]));
    replace(groupsEl, groups.map((group) => {
      const { items } = group;
      const headingId = `sugg-${group.key}-h`;
      return h('section', { class: `sugg-group sugg-${group.key}`, 'aria-labelledby': headingId },
        h('h3', { id: headingId },
          group.title,
          group.note ? h('span', { class: 'group-note' }, ` (${group.note})`) : null,
          h('span', { class: 'group-count' }, ` ${items.length} 件`)),
        items.length && group.onlyTopic
          ? h('p', { class: 'muted only-topic' }, '同じ事象の過去ケースは見当たりません。以下は近い話題のケースです。')
          : null,
        items.length
          ? h('ol', { class: 'sugg-list' }, items.map((item) => renderItem(item, caseTitles)))
          : h('p', { class: 'muted empty-group' }, '該当なし'));
    }));
  }

  function renderItem(item, caseTitles) {
    const id = String(item.id || '');
    const title = String(item.title || id);
    const url = typeof item.url === 'string' && /^https?:\/\//i.test(item.url) && isSafeHref(item.url) ? item.url : '';
    const why = Array.isArray(item.why) ? item.why.map(String) : [];
    const citedBy = Array.isArray(item.cited_by) ? item.cited_by.map(String) : [];
    const alreadyCited = url ? bodyEl.value.includes(url) : false;
    const services = Array.isArray(item.services) ? item.services : [];

    const reasons = [];
    if (why.length) {
      reasons.push(h('p', { class: 'why' },
        h('span', { class: 'why-label' }, '一致した語: '),
        why.slice(0, WHY_SHOWN).map((t) => h('span', { class: 'term term-match' }, t)),
        why.length > WHY_SHOWN ? h('span', { class: 'muted' }, ` ほか ${why.length - WHY_SHOWN} 語`) : null));
    }
    if (citedBy.length) {
      reasons.push(h('ul', { class: 'cited-by' }, citedBy.slice(0, 3).map((caseId) => {
        const name = caseTitles.get(caseId) || caseId.replace(/^cases\//, '');
        return h('li', null, 'ケース ',
          h('a', { href: ctx.docLink(caseId), target: '_blank', rel: 'noopener', title: caseId }, name),
          ' で引用');
      }), citedBy.length > 3 ? h('li', { class: 'muted' }, `ほか ${citedBy.length - 3} 件のケースで引用`) : null));
    }

    const button = h('button', {
      type: 'button', class: 'btn btn-cite',
      'aria-label': `「${title}」の引用を本文に挿入`,
      onclick: () => insertCitation(item, button),
    }, '引用を挿入');

    // Was it of use? For the usage analytics (運用 tab); answered once per suggestion.
    // 関係ない first asks why: a preset reason, one's own words, or none.
    const answered = (pressed, label) => {
      for (const b of actions.querySelectorAll('.btn-feedback')) b.disabled = true;
      pressed.setAttribute('aria-pressed', 'true');
      announce(`「${title}」を「${label}」として記録しました`);
    };
    const record = (type, reason = '') => api.recordEvent({ type, doc: id, query: titleEl.value, ...(reason ? { reason } : {}) });
    const helpful = h('button', {
      type: 'button', class: 'btn btn-small btn-feedback', 'aria-pressed': 'false',
      onclick: () => { record('helpful'); answered(helpful, '役に立った'); },
    }, '役に立った');
    const unhelpful = h('button', {
      type: 'button', class: 'btn btn-small btn-feedback', 'aria-pressed': 'false', 'aria-expanded': 'false',
      onclick: () => {
        unhelpful.setAttribute('aria-expanded', 'true');
        reasonEl.hidden = false;
        reasonEl.querySelector('button').focus();
      },
    }, '関係ない');
    const own = h('input', { type: 'text', class: 'reason-own', maxlength: REASON_MAX, placeholder: 'その他の理由', 'aria-label': 'その他の理由' });
    const chosen = (reason) => {
      record('unhelpful', reason.trim().slice(0, REASON_MAX));
      reasonEl.hidden = true;
      unhelpful.setAttribute('aria-expanded', 'false');
      answered(unhelpful, '関係ない');
    };
    const reasonEl = h('div', { class: 'sugg-reasons', role: 'group', 'aria-label': `「${title}」が関係ない理由`, hidden: true },
      h('span', { class: 'muted' }, '理由: '),
      UNHELPFUL_REASONS.map((reason) => h('button', { type: 'button', class: 'btn btn-small btn-reason', onclick: () => chosen(reason) }, reason)),
      own,
      h('button', { type: 'button', class: 'btn btn-small', onclick: () => chosen(own.value) }, '記録'));
    own.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.isComposing) { event.preventDefault(); chosen(own.value); }
    });
    const actions = h('div', { class: 'sugg-actions' }, button, helpful, unhelpful);

    return h('li', { class: 'sugg', dataset: { id } },
      h('div', { class: 'sugg-head' },
        h('a', { class: 'sugg-title', href: ctx.docLink(id), target: '_blank', rel: 'noopener', title: `${title} (新しいタブで開く)` }, title),
        alreadyCited ? h('span', { class: 'chip chip-cited' }, '引用済み') : null),
      h('div', { class: 'sugg-meta' },
        services.map((s) => h('span', { class: 'chip chip-service' }, s)),
        item.date ? h('time', { datetime: item.date }, item.date) : null,
        url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'external small', 'aria-label': `${title} の原文 (新しいタブで開く)` }, '原文 ↗') : null),
      item.snippet ? h('p', { class: 'sugg-snippet' }, snippetFragment(item.snippet)) : null,
      reasons,
      actions,
      reasonEl);
  }

  // Drafting checks (the server's "lint") as a checklist: warnings first, then
  // hints, then what the draft already covers. A finding about a passage (a
  // span, in UTF-16 code units) is a button that selects the passage.
  function renderLint(findings, sent, checks) {
    if (!Array.isArray(findings)) { replace(lintEl); return; }
    const items = findings
      .filter((f) => f && typeof f.message === 'string')
      .sort((a, b) => (a.level === 'warning' ? 0 : 1) - (b.level === 'warning' ? 0 : 1));
    const warnings = items.filter((f) => f.level === 'warning').length;
    const infos = items.length - warnings;
    const rules = new Set(items.map((f) => f.rule));
    const done = checks.filter((c) => !c.rules.some((r) => rules.has(r))).map((c) => c.label);
    const summary = [warnings ? `注意 ${warnings} 件` : '', infos ? `ヒント ${infos} 件` : ''].filter(Boolean).join('・');
    // Open beside the draft on wide screens; on a phone only when there is a warning (or when opened).
    const open = lintOpen ?? (warnings > 0 || wide.matches);
    const box = h('details', { class: 'lint-box', open },
      h('summary', { class: 'lint-heading', onclick: () => { lintOpen = !box.open; } },
        h('span', { class: 'lint-title' }, '下書きのチェック'),
        h('span', { class: warnings ? 'lint-count is-warning' : 'lint-count' }, summary || '指摘はありません')),
      items.length ? h('ul', { class: 'lint-list' }, items.map((f) => lintItem(f, sent))) : null,
      done.length ? h('p', { class: 'lint-done' },
        h('span', { class: 'lint-done-mark', 'aria-hidden': 'true' }, '✓'),
        ` 書けている項目: ${done.join('・')}`) : null);
    replace(lintEl, box);
  }

  function lintItem(f, sent) {
    const warning = f.level === 'warning';
    const field = f.field === 'title' ? titleEl : f.field === 'body' ? bodyEl : null;
    const span = f.span && Number.isInteger(f.span.start) && Number.isInteger(f.span.end) ? f.span : null;
    const sentText = f.field === 'title' ? sent.title : sent.body;
    const canSelect = field && span && span.start >= 0 && span.start < span.end && span.end <= sentText.length;
    const parts = [
      h('span', { class: 'lint-level' }, warning ? '注意' : 'ヒント'),
      h('span', { class: 'lint-message' }, f.message),
    ];
    const li = h('li', { class: `lint-item lint-${warning ? 'warning' : 'info'}`, dataset: { rule: String(f.rule || '') } });
    if (!canSelect) {
      li.append(h('div', { class: 'lint-row' }, parts));
      return li;
    }
    const where = f.field === 'title' ? 'タイトル' : '本文';
    li.append(h('button', {
      type: 'button', class: 'lint-row lint-jump',
      onclick: () => selectPassage(field, sentText.slice(span.start, span.end), span, where),
    }, parts, h('span', { class: 'lint-where' }, `${where}の該当箇所を選択`)));
    return li;
  }

  /**
   * Selects `text` in `field` at the span the server gave; when the draft was
   * edited since, at the nearest place the same text is now.
   */
  function selectPassage(field, text, span, where) {
    const value = field.value;
    let start = value.slice(span.start, span.end) === text ? span.start : -1;
    if (start < 0) {
      for (let i = value.indexOf(text); i !== -1; i = value.indexOf(text, i + 1)) {
        if (start < 0 || Math.abs(i - span.start) < Math.abs(start - span.start)) start = i;
      }
    }
    if (start < 0) {
      announce(`${where}の該当箇所「${text}」は書き換えられています。`);
      return;
    }
    field.focus();
    field.setSelectionRange(start, start + text.length);
    announce(`${where}の「${text}」を選択しました。`);
  }

  /** Inserts the citation at the body's cursor (or replaces its selection). */
  function insertCitation(item, button) {
    const text = citation(item);
    const start = bodyEl.selectionStart ?? bodyEl.value.length;
    const end = bodyEl.selectionEnd ?? start;
    bodyEl.focus({ preventScroll: true });
    bodyEl.setRangeText(text, start, end, 'end');
    save();
    api.recordEvent({ type: 'cite', doc: String(item.id || ''), query: titleEl.value });
    button.textContent = '挿入しました ✓';
    button.classList.add('is-done');
    setTimeout(() => { button.textContent = '引用を挿入'; button.classList.remove('is-done'); }, 2000);
    announce(`本文に引用を挿入しました: ${text}`);
    if (lastData) markCited();
    bodyEl.focus();
  }

  function markCited() {
    for (const li of groupsEl.querySelectorAll('.sugg')) {
      const head = li.querySelector('.sugg-head');
      const external = li.querySelector('.sugg-meta a.external');
      if (external && bodyEl.value.includes(external.getAttribute('href')) && !head.querySelector('.chip-cited')) {
        head.append(h('span', { class: 'chip chip-cited' }, '引用済み'));
      }
    }
  }

  function renderError(error) {
    const info = describeError(error);
    statusEl.classList.add('is-error');
    replace(statusEl, info.title);
    replace(groupsEl, h('div', { class: `error-box error-${info.kind}` },
      h('h3', null, info.title),
      h('p', null, info.advice),
      info.detail ? h('p', { class: 'error-detail' }, info.detail) : null,
      h('button', { type: 'button', class: 'btn', onclick: () => suggest() }, '再試行')));
  }

  /** After the server comes back: ask again if the last request failed. */
  function retryIfFailed() {
    if (failed) suggest();
    picker.retryIfFailed();
  }

  /** Starts a draft about `title` (a query nobody found anything for), unless one is open. */
  function startWith(title) {
    if (titleEl.value.trim() || bodyEl.value.trim()) return false;
    titleEl.value = title;
    save();
    started = false;
    return true;
  }

  return { activate, retryIfFailed, startWith, focus: () => (titleEl.value ? bodyEl : titleEl).focus() };
}
