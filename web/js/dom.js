// Small DOM helpers. Everything that comes from the index goes in as text
// (textContent / Text nodes); the only HTML taken from the server is the
// search snippet and a document's rendered body, and both pass through the
// allow-list sanitizers below before they reach the page.

import { isKnownKind, kindLabel } from './schema.js';

/**
 * Creates an element. Attributes are set with setAttribute (never innerHTML);
 * children are Nodes or strings (strings become Text nodes).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value == null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (value === true) el.setAttribute(key, '');
      else el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of `el` with `children` (Nodes or strings). */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

function parseInert(html) {
  // <template> content is inert: nothing loads, nothing runs while we inspect it.
  const template = document.createElement('template');
  template.innerHTML = typeof html === 'string' ? html : '';
  return template.content;
}

/**
 * The server's snippet: escaped text with <mark> around matches. Rebuilt from
 * scratch so that only text and <mark> can come out, whatever came in.
 */
export function snippetFragment(html) {
  const out = document.createDocumentFragment();
  for (const node of parseInert(html).childNodes) {
    if (node.nodeName === 'MARK') out.append(h('mark', null, node.textContent));
    else out.append(node.textContent);
  }
  return out;
}

const ALLOWED_TAGS = new Set([
  'P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'A', 'EM', 'STRONG', 'CODE', 'PRE',
  'BLOCKQUOTE', 'HR', 'BR', 'IMG', 'DEL', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'SPAN',
  'DIV', 'DL', 'DT', 'DD', 'SUP', 'SUB', 'KBD',
]);
const DROPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'TEMPLATE', 'NOSCRIPT', 'FORM', 'LINK', 'META', 'BASE', 'SVG', 'MATH']);
const ALLOWED_ATTRS = {
  A: ['href', 'title'],
  IMG: ['src', 'alt', 'title'],
  OL: ['start'],
  CODE: ['class'],
  TH: ['align'],
  TD: ['align'],
};

/** http(s), mailto, in-page anchors and relative paths; never javascript:, data: etc. */
export function isSafeHref(href) {
  const value = href.trim();
  if (value.startsWith('#')) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value);
  if (!scheme) return !value.startsWith('//');
  return ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase());
}

/**
 * The server's rendered Markdown (cmark output, raw HTML already stripped
 * server-side). Defence in depth: keep an allow-list of tags and attributes.
 * Headings are shifted so they sit below the document title (h2).
 */
export function documentFragment(html) {
  const content = parseInert(html);
  cleanChildren(content);
  return content;
}

function cleanChildren(parent) {
  for (const node of [...parent.childNodes]) {
    if (node.nodeType === Node.TEXT_NODE) continue;
    if (node.nodeType !== Node.ELEMENT_NODE) { node.remove(); continue; }
    const tag = node.nodeName;
    if (DROPPED_TAGS.has(tag)) { node.remove(); continue; }
    cleanChildren(node);
    if (!ALLOWED_TAGS.has(tag)) { node.replaceWith(...node.childNodes); continue; }
    const keep = ALLOWED_ATTRS[tag] || [];
    for (const attr of [...node.attributes]) {
      if (!keep.includes(attr.name)) node.removeAttribute(attr.name);
    }
    if (tag === 'A' && node.hasAttribute('href') && !isSafeHref(node.getAttribute('href'))) node.removeAttribute('href');
    if (tag === 'IMG' && node.hasAttribute('src') && !isSafeHref(node.getAttribute('src'))) node.removeAttribute('src');
    if (tag === 'CODE' && node.hasAttribute('class') && !/^language-[\w+-]+$/.test(node.getAttribute('class'))) node.removeAttribute('class');
    const heading = /^H([1-6])$/.exec(tag);
    if (heading) {
      const level = Math.min(6, Math.max(3, Number(heading[1]) + 1));
      const replacement = document.createElement(`h${level}`);
      replacement.append(...node.childNodes);
      node.replaceWith(replacement);
    }
  }
}

/** True when keyboard focus is somewhere the person types text. */
export function isTypingTarget(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}

/** A plain left click without modifiers (so ctrl/cmd/middle click still open a new tab). */
export function isPlainClick(event) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; fn(...args); }, ms);
  };
  debounced.cancel = () => { clearTimeout(timer); timer = null; };
  debounced.pending = () => timer !== null;
  debounced.flush = (...args) => { debounced.cancel(); fn(...args); };
  return debounced;
}

export function kindBadge(kind) {
  const known = isKnownKind(kind) ? kind : 'other';
  return h('span', { class: `badge badge-${known}` }, kindLabel(kind));
}

const numberFormat = new Intl.NumberFormat('ja-JP');
export function formatCount(n) {
  return numberFormat.format(n);
}

export function formatMs(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** Restores keyboard focus to the element carrying the same data-focus-key after a re-render. */
export function rememberFocus(root) {
  const active = document.activeElement;
  if (!active || !root.contains(active)) return () => {};
  const key = active.dataset.focusKey;
  if (!key) return () => {};
  return () => {
    const next = [...root.querySelectorAll('[data-focus-key]')].find((el) => el.dataset.focusKey === key);
    if (next) next.focus({ preventScroll: true });
  };
}
