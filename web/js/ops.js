// The 運用 tab: how sasae is used, from GET /api/analytics (the last 30 days):
// what people search for and do not find, which results they open, which
// suggestions they cite or mark 関係ない, with a daily chart in plain SVG.
// A zero-result query links to its search and to a new note about it. Below,
// what to mend in the knowledge base (GET /api/content-report), rule by rule.

import * as api from './api.js';
import { h, replace, formatCount } from './dom.js';
import { describeError } from './errors.js';
import { emptyState } from './state.js';

const FINDINGS_SHOWN = 50;
// Findings whose detail names another document of the index.
const DETAIL_IS_DOC = new Set(['broken-link', 'near-duplicate']);

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.append(c);
  return el;
}

/** Searches per day as bars, the zero-result share of each darker, and a title per bar. */
export function dailyChart(daily) {
  const width = 640;
  const height = 160;
  const pad = 24;
  const max = Math.max(1, ...daily.map((d) => Number(d.searches) || 0));
  const step = (width - pad * 2) / Math.max(1, daily.length);
  const bar = Math.max(2, step * 0.7);
  const y = (n) => height - pad - ((height - pad * 2) * n) / max;
  const bars = daily.map((d, i) => {
    const x = pad + i * step + (step - bar) / 2;
    const searches = Number(d.searches) || 0;
    const zero = Number(d.zero_result) || 0;
    return svg('g', { class: 'ops-bar' },
      svg('title', null, `${d.day}: 検索 ${searches} 件 (0 件ヒット ${zero})・文書を開いた ${Number(d.opens) || 0} 回`),
      svg('rect', { x, y: y(searches), width: bar, height: height - pad - y(searches), class: 'ops-bar-all' }),
      svg('rect', { x, y: y(zero), width: bar, height: height - pad - y(zero), class: 'ops-bar-zero' }));
  });
  const first = daily.length ? daily[0].day : '';
  const last = daily.length ? daily[daily.length - 1].day : '';
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'ops-chart',
    'aria-label': `日ごとの検索数 (${first}〜${last}、最大 ${max} 件)` },
  svg('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: 'ops-axis' }),
  svg('text', { x: pad, y: pad - 8, class: 'ops-label' }, document.createTextNode(`最大 ${max} 件/日`)),
  svg('text', { x: pad, y: height - 6, class: 'ops-label' }, document.createTextNode(first)),
  svg('text', { x: width - pad, y: height - 6, class: 'ops-label', 'text-anchor': 'end' }, document.createTextNode(last)),
  ...bars);
}

/** One row per day from `from` to `to` (YYYY-MM-DD, UTC), with zeros where nothing happened. */
export function everyDay(from, to, daily) {
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const out = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < 400; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byDay.get(day) || { day, searches: 0, zero_result: 0, opens: 0 });
  }
  return out.length ? out : daily;
}

export function createOps(ctx) {
  const body = document.getElementById('ops-body');
  const statusEl = document.getElementById('ops-status');
  const rangeEl = document.getElementById('ops-range');
  const healthEl = document.getElementById('ops-health');
  const healthStatusEl = document.getElementById('ops-health-status');
  document.getElementById('ops-refresh').addEventListener('click', () => load());
  let controller = null;

  function searchLink(query) {
    return h('a', { href: ctx.searchHref({ ...emptyState(), q: query }) }, query || '(絞り込みのみ)');
  }

  function docLink(id) {
    return h('a', { href: ctx.docLink(id), target: '_blank', rel: 'noopener' }, id);
  }

  function table(caption, headings, rows, empty = '記録はまだありません') {
    return h('section', { class: 'ops-section' },
      h('h3', null, caption),
      rows.length
        ? h('table', { class: 'ops-table' },
          h('thead', null, h('tr', null, headings.map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, rows.map((cells) => h('tr', null, cells.map((c) => h('td', null, c))))))
        : h('p', { class: 'muted' }, empty));
  }

  function render(r) {
    const list = (key) => (Array.isArray(r[key]) ? r[key] : []);
    replace(rangeEl, `${r.from} 〜 ${r.to} (UTC)`);
    const opens = list('daily').reduce((n, d) => n + (Number(d.opens) || 0), 0);
    replace(body,
      h('p', { class: 'ops-summary' },
        `検索 ${formatCount(r.searches || 0)} 件 (結果あり ${formatCount(r.searches_with_hits || 0)} 件)・文書を開いた ${formatCount(opens)} 回`),
      list('daily').length ? dailyChart(everyDay(r.from, r.to, list('daily'))) : null,
      table('結果が 0 件だった検索', ['検索語', '回数', ''], list('zero_result_queries').map((q) => [
        searchLink(q.query), formatCount(q.searches),
        h('button', { type: 'button', class: 'btn btn-small', onclick: () => ctx.startDraft(q.query) }, 'ノートを作成')])),
      table('よく検索される語', ['検索語', '回数', '平均ヒット数'], list('top_queries').map((q) => [
        searchLink(q.query), formatCount(q.searches), (Number(q.average_hits) || 0).toFixed(1)])),
      table('結果を開かなかった検索', ['検索語', '回数'], list('queries_without_click').map((q) => [
        searchLink(q.query), formatCount(q.searches)])),
      table('表示順位ごとのクリック', ['順位', '開いた回数', '結果ありの検索あたり'], list('clicks_by_position').map((c) => [
        String(c.position), formatCount(c.opens), `${((Number(c.rate) || 0) * 100).toFixed(1)}%`])),
      table('よく開かれた文書', ['文書', '回数'], list('most_opened').map((d) => [docLink(d.id), formatCount(d.count)])),
      table('よく引用された文書', ['文書', '回数'], list('most_cited').map((d) => [docLink(d.id), formatCount(d.count)])),
      table('下書きに提案された文書', ['文書', '表示', '引用', '役に立った', '関係ない'], list('suggestions').map((d) => [
        docLink(d.id), formatCount(d.shown), formatCount(d.cited), formatCount(d.helpful), formatCount(d.unhelpful)])),
      table('「関係ない」と評価された候補', ['文書', '回数', '理由'], list('unhelpful').map((d) => [
        docLink(d.id), formatCount(d.count), d.reasons || ''])),
      table('「役に立った」と評価された候補', ['文書', '回数'], list('helpful').map((d) => [docLink(d.id), formatCount(d.count)])));
  }

  function renderHealth(r) {
    const findings = Array.isArray(r.findings) ? r.findings : [];
    const rules = Array.isArray(r.rules) ? r.rules : [];
    const days = Number(r.unopened_days) || 0;
    replace(healthEl,
      h('p', { class: 'ops-summary' },
        `文書 ${formatCount(r.documents || 0)} 件・ノート ${formatCount(r.notes || 0)} 件・要対応 ${formatCount(findings.length)} 件`),
      h('p', { class: 'muted ops-use-note' }, r.use_checked
        ? `過去 ${days} 日に開かれも引用もされていないノートも点検しました。`
        : `開かれていないノートは点検していません: ${r.use_not_checked || ''}`),
      findings.length ? null : h('p', null, '直すべき点は見つかりませんでした。'),
      rules.map((rule) => {
        const rows = findings.filter((f) => f.rule === rule.id);
        if (!rows.length) return null;
        return h('section', { class: 'ops-section', dataset: { rule: rule.id } },
          h('h3', null, `${rule.label} (${rows.length} 件)`),
          h('table', { class: 'ops-table' },
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, '文書'), h('th', { scope: 'col' }, '内容'))),
            h('tbody', null, rows.slice(0, FINDINGS_SHOWN).map((f) => h('tr', null,
              h('td', null, docLink(f.id)),
              h('td', null, DETAIL_IS_DOC.has(f.rule) ? docLink(f.detail) : f.detail))))),
          rows.length > FINDINGS_SHOWN ? h('p', { class: 'muted' }, `ほか ${rows.length - FINDINGS_SHOWN} 件`) : null);
      }));
  }

  async function loadHealth(signal) {
    replace(healthStatusEl, '点検中…');
    try {
      renderHealth(await api.contentReport(signal));
      replace(healthStatusEl);
    } catch (error) {
      if (api.isAbort(error)) return;
      replace(healthEl);
      replace(healthStatusEl, `点検結果を読めませんでした: ${describeError(error).title}`);
    }
  }

  async function load() {
    if (controller) controller.abort();
    controller = new AbortController();
    replace(statusEl, '集計中…');
    loadHealth(controller.signal);
    try {
      const data = await api.analytics(new URLSearchParams(), controller.signal);
      replace(statusEl);
      render(data);
    } catch (error) {
      if (api.isAbort(error)) return;
      replace(body);
      replace(statusEl, error.code === 'analytics_off'
        ? 'このサーバーは使われ方を記録していません (--no-analytics)。'
        : `集計を読めませんでした: ${describeError(error).title}`);
    }
  }

  return { activate: () => load() };
}
