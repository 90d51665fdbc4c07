// Browser tests for the sasae page: the real indexer and server, Debian's
// Chromium driven through playwright-core, Node's built-in test runner.
//
//   node --test tests/e2e/page.test.mjs
//
// Env: SASAE_INDEX_BIN, SASAE_SERVER_BIN, SASAE_SOURCE_DIR, CHROMIUM_BIN
// (defaults: <repo>/build/indexer/sasae-index, <repo>/build/server/sasae-server,
// the repo holding this file, /usr/bin/chromium).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import {
  CHROMIUM_ARGS, CHROMIUM_BIN, checkPrerequisites, indexContent, makeTempDir, removeDir,
  screenshotDir, sleep, startServer,
} from './harness.mjs';

const T = { timeout: 30_000 };            // per test
const WAIT = 10_000;                        // per wait inside a test

const DRAFT_TITLE = 'ALB 配下の EC2 で断続的に 502 Bad Gateway が返る';
const DRAFT_BODY = [
  '本番環境の ALB (ap-northeast-1) で、1 時間に数回 502 Bad Gateway が発生しています。',
  'ターゲットは EC2 上の Node.js (Express) アプリで、ヘルスチェックは正常です。',
  'アクセスログでは target_status_code が - になっており、ターゲットの keepalive timeout と',
  'ALB のアイドルタイムアウトの関係を疑っています。',
].join('\n');

// A note whose every field tries to inject markup: the page must show it as text.
const HOSTILE_NOTE = `---
title: "<img src=x onerror=\\"window.__xss=1\\"> XSSPROBE タイトル"
services: ["<b>EC2</b>"]
tags: ["<script>window.__xss=2</script>"]
opened: 2020-01-01
---
XSSPROBE 本文 <script>window.__xss=3</script> <img src=x onerror="window.__xss=4">

[click me](javascript:window.__xss=5) and [data](data:text/html,<script>window.__xss=6</script>)
`;

let tmp;
let server;
let browser;
let desktop;       // browser context 1280x800
let page;
let shots;
const background = [];  // slow clean-ups awaited at the end
const problems = [];   // console errors, CSP violations, uncaught exceptions

function watch(p, label) {
  p.on('pageerror', (error) => problems.push(`${label} pageerror: ${error.message}`));
  p.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
      problems.push(`${label} console.${message.type()}: ${message.text()}`);
    }
  });
}

async function until(fn, message, timeout = WAIT) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) assert.fail(`${message} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(50);
  }
}

const statusText = (p = page) => p.locator('#search-status').innerText();
const hitTitles = (p = page) => p.locator('#results .hit-title a').allInnerTexts();
const badges = (p = page) => p.locator('#results .hit .badge').allInnerTexts();
const params = (p = page) => new URL(p.url()).searchParams;

async function search(text, p = page) {
  await p.locator('#q').fill(text);
  await until(async () => (await statusText(p)).includes(`「${text.trim()}」`) && !(await statusText(p)).includes('検索中'),
    `results for ${text}`);
}

before(async () => {
  checkPrerequisites();
  tmp = await makeTempDir();
  await mkdir(path.join(tmp, 'hostile', 'cases'), { recursive: true });
  await writeFile(path.join(tmp, 'hostile', 'cases', 'xss-probe.md'), HOSTILE_NOTE);
  await indexContent(path.join(tmp, 'db'), [`e2e=${path.join(tmp, 'hostile')}`]);
  server = await startServer({ db: path.join(tmp, 'db') });
  browser = await chromium.launch({ executablePath: CHROMIUM_BIN, args: CHROMIUM_ARGS, timeout: 30_000 });
  desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
  page = await desktop.newPage();
  page.setDefaultTimeout(WAIT);
  watch(page, 'desktop');
  shots = await screenshotDir();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop().catch(() => {});
  await Promise.allSettled(background);
  await removeDir(tmp);
});

test('the page loads in Japanese with the search box focused', T, async () => {
  await page.goto(server.url);
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'q');
  await page.locator('.welcome').waitFor();
  assert.match(await page.locator('.welcome').innerText(), /まとめて検索/);
  await until(async () => /索引 \d+ 件/.test(await page.locator('#health').innerText()), 'health line in the header');
});

test('typing a Japanese query shows highlighted results, debounced, and the URL follows', T, async () => {
  const searches = [];
  const onRequest = (request) => { if (request.url().includes('/api/search')) searches.push(request.url()); };
  page.on('request', onRequest);
  await page.locator('#q').click();
  await page.keyboard.type('ロードバランサー 502', { delay: 40 });
  await page.locator('#results .hit mark').first().waitFor();
  await until(async () => (await statusText()).includes('「ロードバランサー 502」の検索結果'), 'status names the query');
  page.off('request', onRequest);

  assert.ok(searches.length <= 3, `typing 11 characters sent ${searches.length} searches (debounce expected)`);
  const titles = await hitTitles();
  assert.ok(titles.length >= 3, `expected several hits, got ${titles.length}`);
  assert.match(titles[0], /502/);
  const marks = await page.locator('#results .hit-snippet mark').allInnerTexts();
  assert.ok(marks.some((m) => m.includes('502')), `a <mark> around 502 (${marks.join(', ')})`);
  const kinds = new Set(await badges());
  assert.ok(kinds.has('過去ケース'), 'kind badge 過去ケース');
  assert.ok(kinds.has('コミュニティ記事'), 'kind badge コミュニティ記事');
  assert.ok(await page.locator('#results .hit .chip-service').count() > 0, 'services shown');
  assert.ok(await page.locator('#results .hit time').count() > 0, 'dates shown');
  assert.ok(await page.locator('#results .hit-url a[target="_blank"][rel~="noopener"]').count() > 0, 'external URL shown');
  assert.equal(params().get('q'), 'ロードバランサー 502');
  await page.screenshot({ path: path.join(shots, 'desktop-search.png') });
});

test('a facet filter narrows the results, keeps the other values, and back/forward work', T, async () => {
  const kindFacet = page.locator('.facet-kind');
  const caseOption = kindFacet.locator('label', { hasText: '過去ケース' });
  const caseCount = Number((await caseOption.locator('.facet-count').innerText()).replace(/\D/g, ''));
  assert.ok(caseCount > 0);
  await caseOption.locator('input').check();
  await page.waitForURL((url) => url.searchParams.getAll('kind').includes('case'));
  await until(async () => {
    const b = await badges();
    return b.length === caseCount && b.every((x) => x === '過去ケース');
  }, 'only past cases after filtering');
  assert.match(await statusText(), new RegExp(`${caseCount} 件`));
  // Other kinds stay selectable (counted without the kind filter).
  assert.ok(await kindFacet.locator('label', { hasText: 'コミュニティ記事' }).count() === 1, 'other kinds still listed');
  assert.ok(await page.locator('#active-filters .chip-active', { hasText: '過去ケース' }).count() === 1, 'active filter chip');

  await page.goBack();
  await until(async () => (await badges()).some((x) => x !== '過去ケース'), 'unfiltered results after back');
  assert.deepEqual(params().getAll('kind'), []);
  assert.equal(await caseOption.locator('input').isChecked(), false);

  await page.goForward();
  await until(async () => (await badges()).every((x) => x === '過去ケース'), 'filtered again after forward');
  assert.equal(await caseOption.locator('input').isChecked(), true);

  // Remove the filter through its chip.
  await page.locator('#active-filters .chip-active').click();
  await until(async () => (await badges()).some((x) => x !== '過去ケース'), 'chip removes the filter');
});

test('keyboard: "/" focuses search, arrows move, Enter opens a document, Escape and back return', T, async () => {
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');

  const titles = await hitTitles();
  const ids = await page.locator('#results .hit-title a').evaluateAll((links) => links.map((a) => a.dataset.docId));
  const focusedTitle = () => page.evaluate(() => document.activeElement.closest('.hit-title') ? document.activeElement.textContent : null);
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedTitle(), titles[0]);
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedTitle(), titles[1]);
  await page.keyboard.press('ArrowUp');
  assert.equal(await focusedTitle(), titles[0]);
  await page.keyboard.press('Enter');

  const docView = page.locator('#doc-view');
  await docView.locator('#doc-title').waitFor();
  assert.equal(await docView.locator('#doc-title').innerText(), titles[0]);
  assert.equal(params().get('doc'), ids[0]);
  assert.equal(await page.locator('#search-layout').isVisible(), false);
  assert.ok((await docView.locator('.doc-body').innerText()).length > 50, 'the rendered note');

  await page.keyboard.press('Escape');
  await until(async () => page.locator('#search-layout').isVisible(), 'results again after Escape');
  assert.equal(params().get('doc'), null);
  assert.equal(params().get('q'), 'ロードバランサー 502');
  assert.equal(await focusedTitle(), titles[0], 'focus back on the result that was opened');

  // The keep-alive case: its rendered note, links and a cited AWS document.
  const caseLink = page.locator('#results .hit-title a[data-doc-id="cases/alb-502-keepalive-timeout"]');
  const caseTitle = await caseLink.innerText();
  await caseLink.click();
  await until(async () => (await docView.locator('#doc-title').innerText()) === caseTitle, 'the case opens');
  assert.equal(params().get('doc'), 'cases/alb-502-keepalive-timeout');
  assert.match(await docView.locator('.doc-body').innerText(), /原因/);
  assert.ok(await docView.locator('.doc-body h3').count() > 0, 'rendered headings');
  assert.equal(await docView.locator('.doc-links a.internal').count(), 3, 'three internal links to documents');
  assert.match(await docView.locator('.doc-cited h3').innerText(), /被引用/);
  await page.screenshot({ path: path.join(shots, 'desktop-document.png'), fullPage: true });

  await docView.locator('.doc-body a.internal', { hasText: 'Troubleshoot your Application Load Balancers' }).click();
  await until(async () => (await docView.locator('#doc-title').innerText()) === 'Troubleshoot your Application Load Balancers',
    'the cited AWS document opens inside the page');
  assert.equal(params().get('doc'), 'docs/elb/load-balancer-troubleshooting');
  const cited = await docView.locator('.doc-cited li').allInnerTexts();
  assert.ok(cited.some((c) => c.includes(caseTitle)), `被引用 lists the case (${cited.join(' | ')})`);
  const original = docView.locator('.doc-meta a.external');
  assert.equal(await original.getAttribute('target'), '_blank');
  assert.match(await original.getAttribute('rel'), /noopener/);
  assert.match(await original.getAttribute('href'), /^https:\/\/docs\.aws\.amazon\.com\//);

  await page.goBack();
  await until(async () => (await docView.locator('#doc-title').innerText()) === caseTitle, 'browser back shows the case again');
  await docView.locator('#doc-back').click();
  await until(async () => page.locator('#search-layout').isVisible(), 'the back button returns to the results');
  assert.equal(params().get('doc'), null);
  assert.equal(params().get('q'), 'ロードバランサー 502');
});

test('sort by date and pagination', T, async () => {
  await search('ALB');
  const total = Number((await statusText()).match(/([\d,]+) 件/)[1].replace(/,/g, ''));
  assert.ok(total > 10, `ALB should need two pages, got ${total}`);
  await page.locator('#sort').selectOption('date');
  await page.waitForURL((url) => url.searchParams.get('sort') === 'date');
  await until(async () => !(await statusText()).includes('検索中'), 'sorted results');
  const dates = (await page.locator('#results .hit').evaluateAll((items) =>
    items.map((li) => li.querySelector('time')?.getAttribute('datetime') || ''))).filter(Boolean);
  assert.ok(dates.length >= 2, 'dated results first');
  assert.deepEqual(dates, [...dates].sort().reverse(), `newest first: ${dates.join(', ')}`);

  await page.locator('#pager a.page-link', { hasText: '2' }).click();
  await page.waitForURL((url) => url.searchParams.get('page') === '2');
  await until(async () => (await statusText()).includes('11〜'), 'second page');
  assert.equal(await page.locator('#pager [aria-current="page"]').innerText(), '2');
  await page.locator('#sort').selectOption('relevance');
  await page.waitForURL((url) => !url.searchParams.has('sort') && !url.searchParams.has('page'));
});

test('did-you-mean is offered and clickable; no results shows hints', T, async () => {
  await search('keepalve timout');
  const dym = page.locator('.notice-dym a');
  await dym.waitFor();
  const suggestion = await dym.innerText();
  assert.ok(suggestion && suggestion !== 'keepalve timout');
  assert.match(await page.locator('.notice-dym').innerText(), /^もしかして: /);
  await dym.click();
  await until(async () => (await page.locator('#q').inputValue()) === suggestion, 'the suggestion becomes the query');
  assert.equal(params().get('q'), suggestion);

  await search('zzqxjvwk');
  const empty = page.locator('.empty');
  await empty.waitFor();
  assert.match(await empty.innerText(), /見つかりませんでした/);
  assert.match(await empty.innerText(), /別の言葉/);
  assert.match(await statusText(), /0 件/);
});

test('partial matches are announced', T, async () => {
  await search('ロードバランサー 502 ほげふがぴよ');
  await page.locator('.notice-partial').waitFor();
  assert.match(await page.locator('.notice-partial').innerText(), /一部の語/);
});

test('loading state and stale answers: only the newest query is shown', T, async () => {
  await page.route('**/api/search?**', async (route) => {
    const q = new URL(route.request().url()).searchParams.get('q');
    if (q === 'EC2') await sleep(1_200);
    try { await route.continue(); } catch { /* aborted by the page: fine */ }
  });
  try {
    await page.locator('#q').fill('EC2');
    await until(async () => (await statusText()).includes('検索中…'), 'loading state 検索中…');
    await page.locator('#q').fill('S3 403');
    await until(async () => (await statusText()).includes('「S3 403」'), 'results for the newer query');
    await sleep(1_400);   // the slow, older answer has had time to arrive
    assert.match(await statusText(), /「S3 403」/);
    assert.equal(await page.locator('#q').inputValue(), 'S3 403');
  } finally {
    await page.unroute('**/api/search?**');
  }
});

test('index text is never inserted as HTML (only the snippet and the rendered note are)', T, async () => {
  await search('XSSPROBE');
  const hit = page.locator('#results .hit').first();
  assert.match(await hit.locator('.hit-title a').innerText(), /^<img src=x onerror=/);
  assert.match(await hit.locator('.hit-snippet mark').innerText(), /XSSPROBE/);
  assert.equal(await page.locator('#search-layout :is(img, script, b, iframe)').count(), 0);
  assert.match(await page.locator('#facets').innerText(), /<b>EC2<\/b>/);
  assert.match(await page.locator('#facets').innerText(), /<script>/);

  await hit.locator('.hit-title a').click();
  await page.locator('#doc-title').waitFor();
  assert.match(await page.locator('#doc-title').innerText(), /^<img src=x/);
  assert.equal(await page.locator('#doc-view :is(img, script, iframe)').count(), 0);
  const hrefs = await page.locator('#doc-view a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.every((href) => href && !/^\s*(javascript|data):/i.test(href)), `no unsafe links: ${hrefs.join(' ')}`);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await page.keyboard.press('Escape');
  await page.locator('#search-layout').waitFor();
});

test('drafting pane: live suggestions of all three kinds, with reasons, and citation insert', T, async () => {
  await page.locator('#tab-draft').click();
  await page.waitForURL((url) => url.searchParams.get('tab') === 'draft');
  assert.equal(await page.locator('#panel-draft').isVisible(), true);
  assert.equal(await page.locator('#panel-search').isVisible(), false);

  const suggests = [];
  const onRequest = (request) => { if (request.url().includes('/api/suggest')) suggests.push(request.postDataJSON()); };
  page.on('request', onRequest);
  await page.locator('#draft-title').click();
  await page.keyboard.type(DRAFT_TITLE, { delay: 15 });
  await page.locator('#draft-body').click();
  await page.locator('#draft-body').fill(DRAFT_BODY);

  for (const group of ['cases', 'docs', 'blogs']) {
    await page.locator(`.sugg-${group} .sugg`).first().waitFor();
  }
  await until(async () => (await page.locator('#draft-status').innerText()).startsWith('関連情報'), 'suggestion count');
  page.off('request', onRequest);
  assert.ok(suggests.length >= 1 && suggests.length <= 4, `debounced suggest calls: ${suggests.length}`);
  const lastSent = suggests[suggests.length - 1];
  assert.equal(lastSent.title, DRAFT_TITLE);
  assert.equal(lastSent.body, DRAFT_BODY);

  const headings = (await page.locator('.sugg-group h3').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
  assert.match(headings[0], /類似の過去ケース/);
  assert.match(headings[1], /AWS ドキュメント \(一次ソース\)/);
  assert.match(headings[2], /コミュニティ記事 \(参考\)/);
  const caseTitles = await page.locator('.sugg-cases .sugg-title').allInnerTexts();
  assert.ok(caseTitles.some((t) => t.includes('keep-alive')), `the keep-alive case is suggested (${caseTitles.join(' | ')})`);
  assert.ok(await page.locator('.sugg-cases .why .term').count() > 0, 'reasons (matched terms) shown');
  const citedNotes = await page.locator('.sugg-docs .cited-by').allInnerTexts();
  assert.ok(citedNotes.some((t) => /ケース .+ で引用/.test(t)), `「ケース X で引用」 shown (${citedNotes.join(' | ')})`);

  // Insert a citation at the cursor, in the middle of the body.
  const body = page.locator('#draft-body');
  const cursor = DRAFT_BODY.indexOf('\n') + 1;
  await body.evaluate((el, at) => { el.focus(); el.setSelectionRange(at, at); }, cursor);
  const firstDoc = page.locator('.sugg-docs .sugg').first();
  const docTitle = await firstDoc.locator('.sugg-title').innerText();
  const docUrl = await firstDoc.locator('.sugg-meta a.external').getAttribute('href');
  await firstDoc.getByRole('button', { name: /引用を本文に挿入/ }).click();
  const citation = `[${docTitle}](${docUrl})`;
  await until(async () => (await body.inputValue()).includes(citation), `body contains ${citation}`);
  const value = await body.inputValue();
  assert.equal(value.indexOf(citation), cursor, 'inserted at the cursor');
  assert.equal(value.replace(citation, ''), DRAFT_BODY);
  assert.equal(await firstDoc.locator('.chip-cited').count(), 1, 'marked as cited');

  // A past case has no URL: its title alone is inserted.
  await body.evaluate((el) => { el.focus(); el.setSelectionRange(el.value.length, el.value.length); });
  const firstCase = page.locator('.sugg-cases .sugg').first();
  const caseTitle = await firstCase.locator('.sugg-title').innerText();
  await firstCase.getByRole('button', { name: /引用を本文に挿入/ }).click();
  await until(async () => (await body.inputValue()).endsWith(caseTitle), 'case title appended at the cursor');
  await page.screenshot({ path: path.join(shots, 'desktop-draft.png') });
  await page.locator('.sugg-docs').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(shots, 'desktop-draft-docs.png') });
});

test('the draft survives a reload', T, async () => {
  const before = await page.locator('#draft-body').inputValue();
  await page.reload();
  await page.locator('#panel-draft').waitFor();
  assert.equal(await page.locator('#draft-title').inputValue(), DRAFT_TITLE);
  assert.equal(await page.locator('#draft-body').inputValue(), before);
  await page.locator('.sugg-docs .sugg').first().waitFor();
  assert.match(await page.locator('#draft-saved').innerText(), /復元/);
});

test('narrow screen (390 px): panes stack, nothing overflows', T, async () => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ja-JP' });
  try {
    const p = await phone.newPage();
    p.setDefaultTimeout(WAIT);
    watch(p, 'narrow');
    const noOverflow = async (what) => {
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `${what}: page is ${width}px wide`);
    };

    await p.goto(`${server.url}?q=${encodeURIComponent('ロードバランサー 502')}`);
    await p.locator('#results .hit mark').first().waitFor();
    assert.equal(await p.locator('#q').inputValue(), 'ロードバランサー 502');
    const facets = await p.locator('#facets-box').boundingBox();
    const firstHit = await p.locator('#results .hit').first().boundingBox();
    assert.ok(firstHit.y > facets.y + facets.height - 1, 'facets above the results (stacked)');
    assert.ok(firstHit.width > 300, 'results use the full width');
    await noOverflow('search');
    await p.screenshot({ path: path.join(shots, 'narrow-search.png') });

    await p.locator('#facets-box > summary').click();
    await p.screenshot({ path: path.join(shots, 'narrow-search-facets.png') });

    await p.locator('#results .hit-title a').first().click();
    await p.locator('#doc-view #doc-title').waitFor();
    await noOverflow('document');
    await p.screenshot({ path: path.join(shots, 'narrow-document.png'), fullPage: true });

    await p.locator('#tab-draft').click();
    await p.locator('#draft-title').fill(DRAFT_TITLE);
    await p.locator('#draft-body').fill(DRAFT_BODY);
    await p.locator('.sugg-blogs .sugg').first().waitFor();
    const editor = await p.locator('.draft-editor').boundingBox();
    const suggestions = await p.locator('.suggestions').boundingBox();
    assert.ok(suggestions.y >= editor.y + editor.height - 1, 'suggestions below the draft (stacked)');
    await noOverflow('draft');
    await p.screenshot({ path: path.join(shots, 'narrow-draft.png') });
    await p.locator('.suggestions').scrollIntoViewIfNeeded();
    await p.evaluate(() => document.querySelector('.suggestions').scrollIntoView({ block: 'start' }));
    await p.screenshot({ path: path.join(shots, 'narrow-draft-suggestions.png') });
  } finally {
    await phone.close();
  }
});

test('clearing the draft empties it, also after a reload', T, async () => {
  await page.locator('#draft-clear').click();
  assert.equal(await page.locator('#draft-title').inputValue(), '');
  assert.equal(await page.locator('#draft-body').inputValue(), '');
  await until(async () => (await page.locator('.sugg').count()) === 0, 'suggestions cleared');
  assert.equal(await page.evaluate(() => window.localStorage.getItem('sasae.draft.v1')), null);
  await page.reload();
  await page.locator('#panel-draft').waitFor();
  assert.equal(await page.locator('#draft-title').inputValue(), '');
  assert.equal(await page.locator('#draft-body').inputValue(), '');
});

test('drafting checks (lint) from the server are shown and point at the passage', T, async () => {
  await page.locator('#draft-title').fill('【緊急】EC2 が起動しない');
  await page.locator('#draft-body').fill('至急確認してください。');
  const urgent = page.locator('#draft-lint .lint-warning[data-rule="urgency-words"]').first();
  await urgent.waitFor();
  assert.match(await page.locator('#draft-lint summary').innerText(), /注意 \d+ 件/);
  assert.match(await urgent.innerText(), /【緊急】/);   // the server's own (Japanese) message
  await urgent.getByRole('button', { name: /該当箇所を選択/ }).click();
  const selection = await page.locator('#draft-title').evaluate((el) => [el.selectionStart, el.selectionEnd, document.activeElement === el]);
  assert.deepEqual(selection, [0, 4, true]);
  await page.locator('#draft-clear').click();
  await until(async () => (await page.locator('#draft-lint').innerText()) === '', 'checks cleared with the draft');
});

test('a server error shows the message from the server', T, async () => {
  // A server without an index answers 503 {"error": {"code": "index_unavailable", ...}}.
  const noIndex = await startServer({ db: path.join(tmp, 'no-index-here') });
  const p = await desktop.newPage();
  try {
    await p.goto(noIndex.url);
    await p.locator('#q').fill('EC2');
    const box = p.locator('#search-message .error-box');
    await box.waitFor();
    const text = await box.innerText();
    assert.match(text, /索引を利用できません \(HTTP 503\)/);
    assert.match(text, /no index at/);
    assert.match(text, /index_unavailable/);
    assert.ok(await box.getByRole('button', { name: '再試行' }).isVisible());
  } finally {
    await p.close();
    // The server lingers up to 5 s on the browser's idle keep-alive connections; don't wait here.
    background.push(noIndex.stop());
  }
});

test('no console errors or CSP violations so far', T, async () => {
  assert.deepEqual(problems, []);
});

test('when the server is stopped the page says it cannot connect', T, async () => {
  await page.locator('#tab-search').click();
  await page.locator('#q').waitFor();
  await server.stop();
  await page.locator('#q').fill('VPC ピアリング');
  const box = page.locator('#search-message .error-network');
  await box.waitFor();
  assert.match(await box.innerText(), /サーバーに接続できません/);
  assert.match(await statusText(), /サーバーに接続できません/);
  await until(async () => (await page.locator('#health').innerText()).includes('サーバー未接続'), 'header shows offline');
  await page.screenshot({ path: path.join(shots, 'desktop-unreachable.png') });

  await page.locator('#tab-draft').click();
  await page.locator('#draft-title').fill('VPN トンネルがダウンする');
  await page.locator('#suggest-groups .error-network').waitFor();
  assert.match(await page.locator('#draft-status').innerText(), /サーバーに接続できません/);
});

test('when the server comes back the page recovers by itself', T, async () => {
  const port = Number(new URL(server.url).port);
  server = await startServer({ db: path.join(tmp, 'db'), port });
  // The page probes every 5 s while offline, then repeats the failed request.
  await page.locator('.sugg-cases .sugg').first().waitFor({ timeout: 15_000 });
  assert.match(await page.locator('#draft-status').innerText(), /^関連情報/);
  await until(async () => /索引 \d+ 件/.test(await page.locator('#health').innerText()), 'header back online');
});
