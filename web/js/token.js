// The API token prompt. A server started with --token-file answers 401 on
// /api/* until the request carries "Authorization: Bearer <token>"; api.js
// then calls ask() here. A small form (not window.prompt) appears above the
// panels; every request waiting for the token shares it, and is repeated once
// the token is stored. Cancelling lets them fail with the server's 401.

import * as api from './api.js';
import { replace } from './dom.js';

export function createTokenPrompt() {
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  const errorEl = document.getElementById('token-error');
  const cancelEl = document.getElementById('token-cancel');

  let pending = null;       // { promise, resolve, reject } while the form is shown
  let returnFocus = null;   // where the focus was when the form appeared

  function ask({ rejected = false } = {}) {
    if (!pending) {
      let resolve;
      let reject;
      const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
      pending = { promise, resolve, reject };
      show(rejected);
    } else if (rejected) {
      showError('保存されているトークンは受け付けられませんでした。正しいトークンを入力してください。');
    }
    return pending.promise;
  }

  function show(rejected) {
    returnFocus = document.activeElement instanceof HTMLElement && !form.contains(document.activeElement)
      ? document.activeElement : null;
    input.value = '';
    showError(rejected ? '保存されているトークンは受け付けられませんでした。正しいトークンを入力してください。' : '');
    form.hidden = false;
    input.focus();
  }

  function showError(text) {
    replace(errorEl, text);
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  function close() {
    form.hidden = true;
    input.value = '';
    showError('');
    const target = returnFocus;
    returnFocus = null;
    if (target && target.isConnected && target.getClientRects().length) target.focus({ preventScroll: true });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) {
      showError('トークンを入力してください。');
      input.focus();
      return;
    }
    if (!api.isValidToken(token)) {
      showError('トークンに使えない文字 (空白や全角文字) が含まれています。');
      input.focus();
      return;
    }
    if (!api.storeToken(token)) {
      showError('このブラウザではトークンを保存できません (localStorage が使えません)。');
      return;
    }
    const waiting = pending;
    pending = null;
    close();
    if (waiting) waiting.resolve(token);
  });

  function cancel() {
    const waiting = pending;
    pending = null;
    close();
    if (waiting) waiting.reject(new Error('the API token was not entered'));
  }
  cancelEl.addEventListener('click', cancel);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.isComposing) {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    }
  });

  api.onUnauthorized(ask);
  return { ask };
}
