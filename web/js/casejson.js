// "create-case 用 JSON をコピー": posts the draft to /api/case-json (which
// validates it as the CreateCase API does) and copies the pretty-printed
// answer, the input of `aws support create-case --cli-input-json file://case.json`.
// The JSON is also shown in a <pre>, for when the clipboard is unavailable.
// The server's 400 codes are explained in Japanese next to the button.

import * as api from './api.js';
import { h, replace } from './dom.js';
import { describeError } from './errors.js';

// The fields people read first come first; the (long) body last.
const KEY_ORDER = ['subject', 'serviceCode', 'categoryCode', 'severityCode', 'issueType', 'language',
  'ccEmailAddresses', 'communicationBody'];

export function prettyCaseJson(data) {
  const ordered = {};
  for (const key of KEY_ORDER) if (Object.hasOwn(data, key)) ordered[key] = data[key];
  for (const key of Object.keys(data)) if (!Object.hasOwn(ordered, key)) ordered[key] = data[key];
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

const numberFormat = new Intl.NumberFormat('ja-JP');

/** What to say about a refused export, and which field it is about. */
export function caseErrorText(error, { body = '' } = {}) {
  const code = error && error.code;
  switch (code) {
    case 'missing_subject': return { text: 'タイトルを入力してください', field: 'title' };
    case 'missing_body': return { text: '本文を入力してください', field: 'body' };
    case 'body_too_long':
      return { text: `本文が 8,000 文字を超えています (${numberFormat.format([...body].length)} 文字)。短くするか、ログなどの詳細は添付ファイルにしてください`, field: 'body' };
    case 'draft_too_large':
    case 'payload_too_large':
      return { text: '下書きが大きすぎます。本文を短くしてください', field: 'body' };
    case 'unknown_severity': return { text: '重要度を選んでください', field: 'severity' };
    case 'unknown_language': return { text: '言語コードが正しくありません (ja / en / zh / ko)', field: null };
    case 'invalid_service_code':
      return { text: 'サービスコードは英小文字・数字・ハイフンで書いてください (例: amazon-elastic-compute-cloud-linux)', field: 'service' };
    case 'invalid_category_code':
      return { text: 'カテゴリコードは英小文字・数字・ハイフンで書いてください (例: instance-issue)', field: 'category' };
    case 'too_many_cc': return { text: 'CC のメールアドレスは 10 件までです', field: null };
    case 'invalid_cc': return { text: 'CC のメールアドレスが正しくありません', field: null };
    default: break;
  }
  if (!error || error.kind === 'network') return { text: describeError(error).title, field: null };
  const info = describeError(error);
  return { text: `${info.title}: ${error.message} [${error.code}]`, field: null };
}

/**
 * draft(): { title, body, severity } at the moment of the click; fields: the
 * elements an error can point at ({ title, body, severity, service, category });
 * initial: { service_code, category_code } restored with the draft; onChange()
 * after the codes are edited.
 */
export function createCaseExport({ draft, fields, initial = {}, onChange = () => {} }) {
  const serviceEl = document.getElementById('case-service');
  const categoryEl = document.getElementById('case-category');
  const button = document.getElementById('case-json-copy');
  const statusEl = document.getElementById('case-json-status');
  const box = document.getElementById('case-json-box');
  const summaryEl = document.getElementById('case-json-summary');
  const pre = document.getElementById('case-json-pre');
  const allFields = { ...fields, service: serviceEl, category: categoryEl };

  serviceEl.value = String(initial.service_code || '');
  categoryEl.value = String(initial.category_code || '');
  for (const el of [serviceEl, categoryEl]) {
    el.addEventListener('input', () => { clearInvalid(el); onChange(); });
  }
  for (const el of Object.values(fields)) el.addEventListener('input', () => clearInvalid(el));
  button.addEventListener('click', () => copy());

  let controller = null;
  let seq = 0;
  let invalid = null;

  function values() {
    return { service_code: serviceEl.value.trim(), category_code: categoryEl.value.trim() };
  }

  function reset() {
    if (controller) controller.abort();
    serviceEl.value = '';
    categoryEl.value = '';
    clearInvalid();
    showStatus('');
    replace(pre);
    box.hidden = true;
  }

  function clearInvalid(el) {
    if (!invalid || (el && el !== invalid)) return;
    invalid.removeAttribute('aria-invalid');
    invalid = null;
    if (statusEl.classList.contains('is-error')) showStatus('');
  }

  function showStatus(text, kind = '') {
    statusEl.className = `export-status${kind ? ` is-${kind}` : ''}`;
    replace(statusEl, text);
  }

  async function copy() {
    const mine = ++seq;
    if (controller) controller.abort();
    controller = new AbortController();
    const { title, body, severity } = draft();
    clearInvalid();
    button.setAttribute('aria-busy', 'true');
    showStatus('JSON を作成中…');
    let data;
    try {
      data = await api.caseJson({ title, body, severity, language: 'ja', ...values() }, controller.signal);
    } catch (error) {
      if (api.isAbort(error) || mine !== seq) return;
      button.removeAttribute('aria-busy');
      const { text, field } = caseErrorText(error, { body });
      showStatus(text, 'error');
      const el = field && allFields[field];
      if (el) {
        el.setAttribute('aria-invalid', 'true');
        invalid = el;
      }
      return;
    }
    if (mine !== seq) return;
    button.removeAttribute('aria-busy');
    const text = prettyCaseJson(data);
    replace(pre, text);
    const time = new Intl.DateTimeFormat('ja-JP', { hour: '2-digit', minute: '2-digit' }).format(new Date());
    replace(summaryEl, `create-case 用 JSON (${time} 時点)`);
    box.hidden = false;
    box.open = true;
    let copied = false;
    try {
      if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
        await navigator.clipboard.writeText(text);
        copied = true;
      }
    } catch { /* no permission, or not a secure context: the <pre> below is the way */ }
    if (mine !== seq) return;
    if (copied) {
      showStatus('クリップボードにコピーしました ✓', 'ok');
    } else {
      showStatus('クリップボードを使えません。下の JSON を選択してコピーしてください (選択済み)', 'warn');
      pre.focus({ preventScroll: true });
      window.getSelection()?.selectAllChildren(pre);
      pre.scrollIntoView({ block: 'nearest' });
    }
  }

  return { values, reset };
}
