// The support plan / severity picker of the drafting pane and the first-response
// target it implies. GET /api/response-targets says which severities each plan
// offers (the others are disabled and hidden); POST /api/response-target gives
// the target for a case opened now, in the browser's own UTC offset (Developer
// counts business hours, weekdays 08:00–18:00, in that zone).

import * as api from './api.js';
import { h, replace } from './dom.js';
import { describeError } from './errors.js';

export const PLANS = [
  { value: 'developer', label: 'デベロッパー' },
  { value: 'business', label: 'ビジネス' },
  { value: 'enterprise-on-ramp', label: 'エンタープライズ On-Ramp' },
  { value: 'enterprise', label: 'エンタープライズ' },
];
export const SEVERITIES = [
  { value: 'low', label: '一般的なガイダンス' },
  { value: 'normal', label: 'システム障害' },
  { value: 'high', label: '本番システム障害' },
  { value: 'urgent', label: '本番システム停止' },
  { value: 'critical', label: 'ビジネスクリティカルなシステム停止' },
];
export const DEFAULT_PLAN = 'business';
export const DEFAULT_SEVERITY = 'normal';
const REFRESH_MS = 60_000;
const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

const pad = (n) => String(n).padStart(2, '0');

/** `date` as ISO 8601 in the browser's local time with its offset: 2026-11-27T17:00:00+09:00 */
export function localIso(date = new Date()) {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    + `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The browser's offset as shown to people: UTC+09:00 */
function offsetLabel(date = new Date()) {
  return `UTC${localIso(date).slice(19)}`;
}

/** 720 minutes → "12 時間" (or "12 営業時間"); 15 → "15 分". */
export function durationText(minutes, businessHours) {
  const m = Math.max(0, Math.round(Number(minutes) || 0));
  const unit = businessHours ? '営業時間' : '時間';
  if (m < 60) return businessHours ? `${m} 分 (営業時間内)` : `${m} 分`;
  const hours = Math.floor(m / 60);
  return m % 60 ? `${hours} ${unit} ${m % 60} 分` : `${hours} ${unit}`;
}

/** "2026-12-01T09:00:00+09:00" → "2026-12-01 火曜 09:00 +09:00" (the server's own offset kept). */
export function dueText(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(String(iso || ''));
  if (!match) return String(iso || '');
  const [, y, mo, d, time, zone] = match;
  const weekday = WEEKDAYS[new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDay()];
  return `${y}-${mo}-${d} ${weekday}曜 ${time} ${zone === 'Z' ? '+00:00' : zone}`;
}

function normalize(value, list, fallback) {
  return list.some((item) => item.value === value) ? value : fallback;
}

/**
 * initial: { plan, severity } restored with the draft; onChange() is called
 * after the person changes either (the draft saves them).
 */
export function createTargetPicker({ initial = {}, onChange = () => {} } = {}) {
  const planEl = document.getElementById('case-plan');
  const severityEl = document.getElementById('case-severity');
  const targetEl = document.getElementById('case-target');
  const noteEl = document.getElementById('case-severity-note');
  const hoursEl = document.getElementById('case-hours');
  const panel = document.getElementById('panel-draft');

  let table = null;          // Map plan → Map severity → { target_minutes, business_hours }
  let tableFailed = false;
  let loadingTable = null;
  let controller = null;
  let seq = 0;
  let failed = false;
  let started = false;
  let timer = null;

  replace(planEl, PLANS.map((p) => h('option', { value: p.value }, p.label)));
  replace(severityEl, SEVERITIES.map((s) => h('option', { value: s.value }, s.label)));
  planEl.value = normalize(initial.plan, PLANS, DEFAULT_PLAN);
  severityEl.value = normalize(initial.severity, SEVERITIES, DEFAULT_SEVERITY);
  describeHours();

  planEl.addEventListener('change', () => {
    applyOffered({ announce: true });
    describeHours();
    onChange();
    update();
  });
  severityEl.addEventListener('change', () => {
    replace(noteEl);
    onChange();
    update();
  });

  function values() {
    return { plan: planEl.value, severity: severityEl.value };
  }

  function reset() {
    planEl.value = DEFAULT_PLAN;
    severityEl.value = DEFAULT_SEVERITY;
    replace(noteEl);
    applyOffered();
    describeHours();
    if (started) update();
  }

  function describeHours() {
    const developer = planEl.value === 'developer';
    hoursEl.classList.toggle('is-developer', developer);
    replace(hoursEl, developer
      ? [h('strong', null, 'デベロッパーは営業時間で数えます'),
        `: 平日 08:00–18:00 (このブラウザのタイムゾーン ${offsetLabel()})。夜間・週末は目標時間に含まれません。`]
      : [`ビジネス以上のプランは 24 時間 365 日で数えます。デベロッパーは営業時間 (平日 08:00–18:00、${offsetLabel()}) のみです。`]);
  }

  /** Disables and hides the severities the plan does not offer; moves off one that is not offered. */
  function applyOffered({ announce = false } = {}) {
    if (!table) return;
    const offered = table.get(planEl.value) || new Map();
    for (const option of severityEl.options) {
      const row = offered.get(option.value);
      const name = SEVERITIES.find((s) => s.value === option.value).label;
      option.disabled = !row;
      option.hidden = !row;
      option.textContent = row ? `${name} (${durationText(row.target_minutes, row.business_hours)})` : name;
    }
    if (offered.has(severityEl.value) || !offered.size) return;
    const before = severityEl.value;
    const order = SEVERITIES.map((s) => s.value);
    const lower = order.slice(0, order.indexOf(before)).reverse().find((v) => offered.has(v));
    severityEl.value = lower || order.find((v) => offered.has(v));
    if (announce) {
      const planName = PLANS.find((p) => p.value === planEl.value).label;
      const label = (v) => SEVERITIES.find((s) => s.value === v).label;
      replace(noteEl, `${planName}では「${label(before)}」を選べないため、「${label(severityEl.value)}」にしました。`);
    }
  }

  async function loadTable() {
    if (table) return true;
    if (!loadingTable) {
      loadingTable = api.responseTargets().then((data) => {
        const rows = Array.isArray(data.targets) ? data.targets : [];
        const map = new Map();
        for (const row of rows) {
          if (!row || typeof row.plan !== 'string' || typeof row.severity !== 'string') continue;
          if (!map.has(row.plan)) map.set(row.plan, new Map());
          map.get(row.plan).set(row.severity, row);
        }
        table = map;
        tableFailed = false;
        applyOffered();
        return true;
      }).catch((error) => {
        tableFailed = true;
        showError(error);
        return false;
      }).finally(() => { loadingTable = null; });
    }
    return loadingTable;
  }

  /**
   * Asks for the target of a case opened now with the chosen plan and severity.
   * `quiet`: the minute refresh, which screen readers need not hear each time.
   */
  async function update({ quiet = false } = {}) {
    started = true;
    targetEl.setAttribute('aria-live', quiet ? 'off' : 'polite');
    const mine = ++seq;
    if (controller) controller.abort();
    controller = new AbortController();
    targetEl.classList.add('is-loading');
    if (!table && !(await loadTable())) return;
    if (mine !== seq) return;
    const { plan, severity } = values();
    try {
      const data = await api.responseTarget({ plan, severity, openedAt: localIso() }, controller.signal);
      if (mine !== seq) return;
      failed = false;
      targetEl.classList.remove('is-loading', 'is-error');
      const minutes = Number(data.target_minutes);
      const business = Boolean(data.business_hours);
      replace(targetEl,
        h('span', { class: 'target-label' }, '初回応答目標: '),
        h('strong', { class: 'target-duration' }, `${durationText(minutes, business)}以内`),
        data.due_at ? h('span', { class: 'target-due' }, ` (${dueText(data.due_at)} まで)`) : null);
      targetEl.title = `いま (${localIso().slice(0, 16).replace('T', ' ')}) 起票した場合の目安です`;
    } catch (error) {
      if (api.isAbort(error) || mine !== seq) return;
      showError(error);
    }
  }

  function showError(error) {
    failed = true;
    const info = describeError(error);
    targetEl.classList.remove('is-loading');
    targetEl.classList.add('is-error');
    replace(targetEl, `初回応答目標を取得できませんでした: ${info.title}`,
      error && error.kind === 'http' ? h('span', { class: 'target-detail' }, ` (${error.message} [${error.code}])`) : null);
  }

  /** Called when the drafting pane is shown. */
  function activate() {
    if (!started || failed || tableFailed) update();
    if (!timer) {
      // "Now" moves on: keep the due time current while the pane is on screen.
      timer = setInterval(() => {
        if (!panel.hidden && document.visibilityState === 'visible') update({ quiet: true });
      }, REFRESH_MS);
    }
  }

  function retryIfFailed() {
    if (failed || tableFailed) update();
  }

  return { values, reset, activate, retryIfFailed };
}
