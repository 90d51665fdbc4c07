// "ナレッジとして保存": the solved case as a note of the knowledge base. The
// server writes the Markdown (POST /api/note-draft: front matter and the
// sections 事象 / 環境 / 原因 / 対応 / 参考 with the links the draft cites); the
// person completes it in the editor here, then downloads it as a .md file or,
// when the server keeps an inbox (GET /api/schema), saves it there for the
// next reindex (POST /api/notes).

import * as api from './api.js';
import { replace } from './dom.js';
import { describeError } from './errors.js';
import { inboxEnabled } from './schema.js';

const LINK = /\[([^\]\n]*)\]\((https?:\/\/[^)\s]+)\)/g;

/** The links a draft cites, in order, each once: {url, title}. */
export function citedLinks(body) {
  const seen = new Set();
  const out = [];
  for (const m of body.matchAll(LINK)) {
    if (seen.has(m[2])) continue;
    seen.add(m[2]);
    out.push({ url: m[2], title: m[1] });
  }
  return out;
}

function localDate(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const NOTE_ERRORS = {
  missing_title: 'タイトルを入力してください',
  title_too_long: 'タイトルが長すぎます (300 バイトまで)',
  draft_too_large: '本文が大きすぎます (64 KiB まで)',
  note_too_large: 'ノートが大きすぎます (64 KiB まで)',
  invalid_note: 'ノートの先頭にフロントマター (--- で囲んだ title など) が必要です',
  no_inbox: 'このサーバーには受信箱がありません。ダウンロードしたファイルを content/ に追加してください',
};

function errorText(error) {
  if (error && NOTE_ERRORS[error.code]) return NOTE_ERRORS[error.code];
  const info = describeError(error);
  return error && error.kind !== 'network' ? `${info.title}: ${error.message}` : info.title;
}

/**
 * draft(): { title, body, services } at the moment of the click (services:
 * those of the suggestions the draft cites).
 */
export function createNoteCapture({ draft }) {
  const makeButton = document.getElementById('note-make');
  const statusEl = document.getElementById('note-status');
  const box = document.getElementById('note-box');
  const editor = document.getElementById('note-markdown');
  const download = document.getElementById('note-download');
  const saveButton = document.getElementById('note-save');
  let fileName = 'note.md';
  let controller = null;

  function showStatus(text, kind = '') {
    statusEl.className = `export-status${kind ? ` is-${kind}` : ''}`;
    replace(statusEl, text);
  }

  async function make() {
    if (controller) controller.abort();
    controller = new AbortController();
    const { title, body, services } = draft();
    makeButton.setAttribute('aria-busy', 'true');
    showStatus('ノートを作成中…');
    try {
      const data = await api.noteDraft({ title, body, services, date: localDate(), references: citedLinks(body) },
        controller.signal);
      editor.value = String(data.markdown || '');
      fileName = String(data.file_name || 'note.md');
      box.hidden = false;
      saveButton.hidden = !inboxEnabled();
      showStatus('ノートを作成しました。原因と対応を書き足してから保存してください', 'ok');
      editor.focus({ preventScroll: true });
      editor.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      if (!api.isAbort(error)) showStatus(errorText(error), 'error');
    } finally {
      makeButton.removeAttribute('aria-busy');
    }
  }

  function downloadNote() {
    const url = URL.createObjectURL(new Blob([editor.value], { type: 'text/markdown;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    showStatus(`${fileName} をダウンロードしました。content/cases/ に置くと次の索引更新で検索できます`, 'ok');
  }

  async function saveToInbox() {
    saveButton.setAttribute('aria-busy', 'true');
    showStatus('受信箱に保存中…');
    try {
      const data = await api.saveNote(editor.value);
      showStatus(`受信箱に保存しました (${data.file})。次の索引更新で検索できます`, 'ok');
    } catch (error) {
      if (!api.isAbort(error)) showStatus(errorText(error), 'error');
    } finally {
      saveButton.removeAttribute('aria-busy');
    }
  }

  makeButton.addEventListener('click', () => make());
  download.addEventListener('click', () => downloadNote());
  saveButton.addEventListener('click', () => saveToInbox());

  return {
    reset() {
      if (controller) controller.abort();
      editor.value = '';
      box.hidden = true;
      showStatus('');
    },
  };
}
