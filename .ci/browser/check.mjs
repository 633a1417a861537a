// Browser check for the resident web pages (crates/web), run by .ci/browser-check.sh.
//
//   BASE_URL=http://127.0.0.1:8080 node .ci/browser/check.mjs
//
// Needs a running `fritid serve` with `seed --demo` data and Debian's chromium
// (CHROMIUM overrides /usr/bin/chromium). For every resident page type it:
//   * loads the page at 320, 375 and 1280 css px width and at 200 % zoom,
//   * saves a full-page PNG to target/screenshots/<page>-<width>.png,
//   * fails when the page scrolls sideways (scrollWidth > innerWidth),
//   * runs axe-core with the WCAG 2.0/2.1 A and AA tags and fails on any violation,
//   * records every request and fails when one goes to another host (or a
//     sub-resource answers with an error status);
// and it submits the search form and the volunteer sign-up form with the keyboard
// only. All failures are collected; the exit status is 1 if there was any.

import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axeSource = require('axe-core').source;

const BASE_URL = (process.env.BASE_URL ?? '').replace(/\/+$/, '');
if (!BASE_URL) {
  console.error('BASE_URL is not set (e.g. BASE_URL=http://127.0.0.1:8080)');
  process.exit(2);
}
const BASE = new URL(BASE_URL);
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO_ROOT, 'target', 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SEARCH_WORD = 'fotball'; // occurs in the demo data ("Fotballtrening for 9-åringer")
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const NAV_TIMEOUT_MS = 20_000;

// Widths. The narrow ones are desktop windows (isMobile false), not phone emulation:
// a desktop window lays the page out at exactly that many css px whatever the page's
// meta viewport says, which is what WCAG 1.4.10 (reflow at 320 css px) asks about, and
// innerWidth stays the window width so `scrollWidth > innerWidth` is a reliable sign of
// sideways scrolling. (In mobile emulation the browser may widen the layout viewport to
// fit overflowing content, hiding the problem.) Because this ignores the meta viewport,
// each page is also checked to have `width=device-width` in it.
//
// 200 % zoom: browser zoom on a 1280×800 window makes css px twice as large, i.e. the
// page gets a 640×400 css px viewport drawn with two device pixels per css px. That is
// exactly a 640×400 viewport with deviceScaleFactor 2, which CDP can emulate (real
// browser zoom cannot be set through CDP). The screenshot is 1280 px wide, as a user
// would see it.
const VIEWPORTS = [
  { key: '320', label: '320 px', viewport: { width: 320, height: 640, deviceScaleFactor: 1 } },
  { key: '375', label: '375 px', viewport: { width: 375, height: 667, deviceScaleFactor: 1 } },
  { key: '1280', label: '1280 px', viewport: { width: 1280, height: 800, deviceScaleFactor: 1 } },
  { key: 'zoom200', label: '200 % zoom', viewport: { width: 640, height: 400, deviceScaleFactor: 2 } },
];
const DESKTOP = VIEWPORTS[2].viewport;

// ---------------------------------------------------------------------------------------
// Bookkeeping

// Every page type, in the order checked and reported.
const PAGES = [
  'home', 'search', 'search-results', 'search-read', 'activity', 'organisations', 'organisation', 'opportunities',
  'opportunity', 'signup-receipt', 'withdraw', 'withdraw-done', 'signup-wait', 'about', 'login', 'register',
  'not-found', 'my-page', 'confirm-email', 'confirm-email-done', 'organisation-new', 'organisation-new-errors', 'organisation-own', 'organisation-edit',
  'activity-new', 'activity-new-errors', 'activity-edit', 'activity-preview', 'members',
  'members-invited', 'invitation', 'members-wait', 'admin-queue', 'admin-organisations', 'admin-log',
  'admin-districts', 'admin-categories', 'admin-coverage', 'opportunity-new', 'opportunity-own', 'signups-inbox',
  'opportunity-admin',
  'forgot-password', 'forgot-password-sent', 'new-password', 'forgot-password-wait', 'my-page-wait',
];
const ADMIN_EMAIL = process.env.ADMIN_EMAIL ?? '';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? '';
// Where the server writes the e-mail it sends (its file transport: <data dir>/outbox).
const OUTBOX_DIR = process.env.OUTBOX_DIR ?? '';
const failures = []; // { page, message }
const pageStatus = new Map(PAGES.map((p) => [p, 'pending'])); // -> 'ok' | 'FAIL' | 'pending'
let widthsChecked = 0;
let axeViolations = 0;
let requestCount = 0;
const offHostRequests = [];

function fail(page, message) {
  // The same problem at several widths is reported once.
  if (failures.some((f) => f.page === page && f.message === message)) return;
  failures.push({ page, message });
  pageStatus.set(page, 'FAIL');
  console.log(`  FAIL ${page}: ${message.split('\n').join('\n       ')}`);
}
function markChecked(page) {
  if (pageStatus.get(page) !== 'FAIL') pageStatus.set(page, 'ok');
}
const short = (s, n = 160) => {
  const one = String(s).replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};
const url = (p) => new URL(p, `${BASE_URL}/`).href;
const shown = (u) => {
  try {
    const x = new URL(u);
    return x.host === BASE.host ? `${x.pathname}${x.search}` : u;
  } catch {
    return u;
  }
};

// ---------------------------------------------------------------------------------------
// Pages

async function newPage(browser, name) {
  const page = await browser.newPage();
  page.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  page.on('request', (req) => {
    const u = req.url();
    if (!/^(https?|wss?):/i.test(u)) return; // data:, blob:, about: never leave the browser
    requestCount += 1;
    if (new URL(u).host !== BASE.host) {
      offHostRequests.push({ page: name, url: u });
      fail(name, `request to another host: ${req.method()} ${short(u, 200)} (${req.resourceType()})`);
    }
  });
  page.on('response', (res) => {
    const req = res.request();
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) return; // checked by the caller
    // Chromium asks for /favicon.ico by itself when a page declares no icon; not the page's doing.
    if (res.status() >= 400 && new URL(res.url()).pathname !== '/favicon.ico') {
      fail(name, `sub-resource ${shown(res.url())} (${req.resourceType()}) answered ${res.status()}`);
    }
  });
  page.on('requestfailed', (req) => {
    const u = req.url();
    const why = req.failure()?.errorText ?? '';
    // ERR_ABORTED: cancelled because the page navigated on (e.g. the form submission).
    if (/^https?:/i.test(u) && new URL(u).host === BASE.host && !why.includes('ERR_ABORTED')) {
      fail(name, `request failed: ${shown(u)} (${req.failure()?.errorText ?? 'unknown error'})`);
    }
  });
  page.on('pageerror', (err) => fail(name, `JavaScript error: ${short(err.message, 300)}`));
  return page;
}

// Runs `check(page)` on a new page for `name` and resolves with what it returns. An
// exception fails `name`, described as `what`; either way the page counts as checked and
// is closed.
async function onNewPage(browser, name, what, check) {
  const page = await newPage(browser, name);
  try {
    return await check(page);
  } catch (err) {
    fail(name, `${what}: ${short(err.message, 400)}`);
    return null;
  } finally {
    markChecked(name);
    await page.close();
  }
}

async function runAxe(page) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) {
    // evaluate, not addScriptTag: the pages' CSP (script-src 'self') would block an
    // inline <script>, while CDP's Runtime.evaluate is not subject to CSP.
    await page.evaluate(axeSource);
  }
  return page.evaluate(
    (tags) =>
      window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    AXE_TAGS,
  );
}

// Checks the page in its current state at one viewport: screenshot, sideways scroll, axe.
// Returns the axe violations so the caller can merge them across widths.
async function checkRendered(page, name, vp) {
  await page.evaluate(() => document.fonts?.ready);
  const file = path.join(SHOT_DIR, `${name}-${vp.key}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
    const sw = document.documentElement.scrollWidth;
    const iw = window.innerWidth;
    // Name the element that sticks out furthest, to make the failure actionable.
    let worst = null;
    if (sw > iw) {
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        // Content can stick out of its own box (a long word in a <p>) unless clipped.
        const spill = getComputedStyle(el).overflowX === 'visible' ? r.left + el.scrollWidth : r.right;
        const right = Math.max(r.right, spill);
        if (right > iw + 0.5 && (!worst || right >= worst.right)) {
          const cls = el.getAttribute('class');
          worst = {
            right: Math.round(right),
            what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls ? `.${cls.trim().split(/\s+/).join('.')}` : ''}`,
            text: (el.textContent ?? '').trim().slice(0, 60),
          };
        }
      }
    }
    return { scrollWidth: sw, innerWidth: iw, widest: worst };
  });
  if (scrollWidth > innerWidth) {
    const culprit = widest ? `; widest element ${widest.what} reaches ${widest.right} px ("${widest.text}")` : '';
    fail(name, `scrolls sideways at ${vp.label}: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}${culprit}`);
  }
  widthsChecked += 1;
  const result = await runAxe(page);
  return result.violations;
}

function reportViolations(name, byWidth) {
  // Merge the same rule across widths so each problem is printed once.
  const rules = new Map();
  for (const [widthLabel, violations] of byWidth) {
    for (const v of violations) {
      const entry = rules.get(v.id) ?? { v, widths: [], nodes: new Map() };
      entry.widths.push(widthLabel);
      for (const n of v.nodes) {
        const key = n.target.join(' ');
        if (!entry.nodes.has(key)) entry.nodes.set(key, n);
      }
      rules.set(v.id, entry);
    }
  }
  for (const [id, { v, widths, nodes }] of rules) {
    axeViolations += 1;
    const lines = [...nodes.values()].slice(0, 8).map((n) => {
      const why = n.any?.[0]?.message ?? n.all?.[0]?.message ?? n.none?.[0]?.message ?? '';
      return `  - ${short(n.target.join(' '), 80)}  ${short(n.html, 110)}${why ? `\n      ${short(why, 150)}` : ''}`;
    });
    if (nodes.size > 8) lines.push(`  … and ${nodes.size - 8} more elements`);
    fail(
      name,
      `axe ${id} (${v.impact}) at ${widths.join(', ')}: ${v.help} <${v.helpUrl.replace(/\?.*$/, '')}>\n${lines.join('\n')}`,
    );
  }
}

async function checkHead(page, name) {
  const head = await page.evaluate(() => ({
    viewport: document.querySelector('meta[name="viewport"]')?.getAttribute('content') ?? null,
    h1: document.querySelectorAll('h1').length,
  }));
  if (!head.viewport || !/width\s*=\s*device-width/.test(head.viewport)) {
    fail(name, `no <meta name="viewport" content="width=device-width, …"> (found ${JSON.stringify(head.viewport)})`);
  }
  if (head.h1 === 0) fail(name, 'the page has no <h1>');
}

// Loads `path` fresh at every viewport and checks it. `expectStatus` is the status of the
// final document (after redirects).
async function checkPage(browser, name, pagePath, { expectStatus = 200 } = {}) {
  console.log(`${name}  ${pagePath}`);
  return onNewPage(browser, name, `error while checking ${pagePath}`, async (page) => {
    const byWidth = [];
    for (const vp of VIEWPORTS) {
      await page.setViewport(vp.viewport);
      const res = await page.goto(url(pagePath), { waitUntil: 'load' });
      const status = res?.status();
      if (status !== expectStatus) {
        const title = await page.title().catch(() => '');
        fail(name, `GET ${pagePath} answered ${status}, expected ${expectStatus}${title ? ` (title "${short(title, 80)}")` : ''}`);
        return; // one clear line is enough; the other widths would say the same
      }
      const type = res.headers()['content-type'] ?? '';
      if (!type.startsWith('text/html')) {
        fail(name, `GET ${pagePath} answered Content-Type "${type}", expected text/html`);
        return;
      }
      if (vp === VIEWPORTS[0]) await checkHead(page, name);
      byWidth.push([vp.label, await checkRendered(page, name, vp)]);
    }
    reportViolations(name, byWidth);
  });
}

// For a page reached by POST: re-loading it per width would post again, so the
// viewport is changed in place (the CSS re-lays the page out on resize).
async function checkInPlace(page, name) {
  const byWidth = [];
  await checkHead(page, name);
  for (const vp of VIEWPORTS) {
    await page.setViewport(vp.viewport);
    byWidth.push([vp.label, await checkRendered(page, name, vp)]);
  }
  reportViolations(name, byWidth);
  await page.setViewport(DESKTOP);
}

// ---------------------------------------------------------------------------------------
// Keyboard only

const activeDescription = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return `${el.tagName.toLowerCase()}${el.name ? `[name=${el.name}]` : ''}${el.type ? `[type=${el.type}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
  });

// Presses Tab until `isTarget(document.activeElement)` (evaluated in the page) holds.
// Returns the number of presses, or throws naming where focus went.
async function tabTo(page, what, isTarget, arg, maxPresses = 80) {
  const visited = [];
  for (let i = 1; i <= maxPresses; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(isTarget, arg)) return i;
    if (visited.length < 40) visited.push(await activeDescription(page));
  }
  throw new Error(`${what} not reached with ${maxPresses} Tab presses; focus went to: ${[...new Set(visited)].join(', ')}`);
}

const fieldNamed = (name) => `form [name="${name}"]`;
const isField = (sel) => document.activeElement?.matches?.(sel) ?? false;

// The product's example search, typed on the front page as a resident would say it: the
// words as typed find nothing, so the page searches with the filters four of them name
// and says so.
const SAID = 'fotball for 9-åringer på Konnerud, gratis, ettermiddag';

async function searchReadByKeyboard(browser) {
  const name = 'search-read';
  console.log(`${name}  keyboard: Tab to q on /, type "${SAID}", Enter`);
  return onNewPage(browser, name, 'keyboard search read as filters', async (page) => {
    await page.setViewport(DESKTOP);
    await page.goto(url('/'), { waitUntil: 'load' });
    await tabTo(page, 'the search field q', isField, 'input[name="q"]');
    await page.keyboard.type(SAID);
    const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    const landed = new URL(page.url());
    if (res?.status() !== 200) fail(name, `search answered ${res?.status()}, expected 200 (${shown(page.url())})`);
    const asked = new URLSearchParams(landed.searchParams.get('tolket') ?? '');
    if (asked.get('q') !== SAID || landed.searchParams.get('district') !== 'konnerud') {
      fail(name, `search went to ${shown(page.url())}, expected the filters the words name`);
    }
    const notice = await page.$$eval('.ds-alert h3', (hs) => hs.map((h) => h.textContent));
    if (!notice.some((t) => t.includes('filtre'))) fail(name, 'no notice of the words read as filters');
    const results = await page.$$eval('a[href^="/aktiviteter/"]', (as) => as.length);
    if (results === 0) fail(name, 'no results for the filters the words name');
    await checkInPlace(page, name);
  });
}

async function searchByKeyboard(browser, activity) {
  const name = 'search-results';
  console.log(`${name}  keyboard: Tab to q on /aktiviteter, type "${SEARCH_WORD}", Enter`);
  return onNewPage(browser, name, 'keyboard search', async (page) => {
    await page.setViewport(DESKTOP);
    const first = await page.goto(url('/aktiviteter'), { waitUntil: 'load' });
    if (first?.status() !== 200) {
      fail(name, `GET /aktiviteter answered ${first?.status()}, cannot try the search form`);
      return;
    }
    await tabTo(page, 'the search field q', isField, 'input[name="q"]');
    await page.keyboard.type(SEARCH_WORD);
    const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    const landed = new URL(page.url());
    if (res?.status() !== 200) fail(name, `search answered ${res?.status()}, expected 200 (${shown(page.url())})`);
    if (landed.pathname !== '/aktiviteter' || landed.searchParams.get('q') !== SEARCH_WORD) {
      fail(name, `search went to ${shown(page.url())}, expected /aktiviteter?…q=${SEARCH_WORD}…`);
    }
    const h1 = await page.$$eval('h1', (hs) => hs.length);
    if (h1 === 0) fail(name, 'search results page has no <h1>');
    // The API's own answer for the same word must be among the results shown.
    if (activity) {
      const linked = await page.$$eval(
        'a[href]',
        (as, id) => as.some((a) => new URL(a.href).pathname === `/aktiviteter/${id}`),
        activity.id,
      );
      if (!linked) fail(name, `results for "${SEARCH_WORD}" do not link to /aktiviteter/${activity.id} ("${activity.title}"), which the API finds`);
    }
    await checkInPlace(page, name);
  });
}

// One address gets ten sign-up receipts at once: ten sign-ups through the API, and the
// eleventh, on the page, is refused there with a message saying when to try again (429).
async function signupWait(browser, opportunityId) {
  const name = 'signup-wait';
  const formPath = `/frivillig/${opportunityId}`;
  const email = `mange.${Date.now()}@example.org`;
  return onNewPage(browser, name, 'error while checking the sign-up limit', async (page) => {
    for (let i = 0; i < 10; i++) {
      const res = await fetch(url(`/api/v1/volunteer-opportunities/${opportunityId}/signups`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Mange Påmeldinger', email, consent: true, age_confirmed: true }),
      });
      if (res.status !== 201) {
        fail(name, `sign-up ${i + 1} through the API answered ${res.status}`);
        return;
      }
    }
    await page.setViewport(DESKTOP);
    await page.goto(url(formPath), { waitUntil: 'load' });
    await fill(page, { name: 'Mange Påmeldinger', email });
    for (const box of ['consent', 'age_confirmed']) {
      await page.click(`form [name="${box}"][type=checkbox]`).catch(() => {});
    }
    const res = await submitWith(page, 'form:has([name="email"]) button[type=submit]');
    if (res?.status() !== 429) fail(name, `an eleventh sign-up with one address answered ${res?.status()}, expected 429`);
    await checkInPlace(page, name);
  });
}

// Returns the withdraw link from the receipt, or null.
async function signUpByKeyboard(browser, opportunityId) {
  const name = 'signup-receipt';
  const formPath = `/frivillig/${opportunityId}`;
  console.log(`${name}  keyboard: fill and submit the sign-up form on ${formPath}`);
  return onNewPage(browser, name, 'keyboard sign-up', async (page) => {
    await page.setViewport(DESKTOP);
    const first = await page.goto(url(formPath), { waitUntil: 'load' });
    if (first?.status() !== 200) {
      fail(name, `GET ${formPath} answered ${first?.status()}, cannot try the sign-up form`);
      return null;
    }
    const present = await page.evaluate(
      () => [...document.querySelectorAll('form [name]')].map((el) => el.name),
    );
    const text = {
      name: 'Kari Nordmann',
      email: 'kari.nordmann@example.org',
      phone: '+47 912 34 567',
      message: 'Jeg hjelper gjerne til på lørdager.',
    };
    for (const [field, value] of Object.entries(text)) {
      if (!present.includes(field)) {
        if (field === 'name' || field === 'email') fail(name, `sign-up form has no field named ${field}`);
        continue;
      }
      await tabTo(page, `field ${field}`, isField, fieldNamed(field));
      await page.keyboard.type(value);
    }
    const ticks = ['consent'];
    if (present.includes('age_confirmed')) ticks.push('age_confirmed');
    else if (present.includes('guardian_name')) {
      await tabTo(page, 'field guardian_name', isField, fieldNamed('guardian_name'));
      await page.keyboard.type('Ola Nordmann');
    } else fail(name, 'sign-up form has neither age_confirmed nor guardian_name');
    for (const box of ticks) {
      await tabTo(page, `checkbox ${box}`, isField, `${fieldNamed(box)}[type=checkbox]`);
      await page.keyboard.press('Space');
      if (!(await page.evaluate(() => document.activeElement.checked))) {
        fail(name, `Space did not tick the checkbox ${box}`);
      }
    }
    if (!present.includes('csrf_token')) fail(name, 'sign-up form has no hidden csrf_token field');
    await tabTo(
      page,
      'the submit button of the sign-up form',
      () => {
        const el = document.activeElement;
        return !!el?.form?.querySelector('[name="email"]') && el.matches('button:not([type]), button[type=submit], input[type=submit]');
      },
      undefined,
    );
    const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    if (res?.status() !== 200) {
      const h1 = await page.$eval('h1', (h) => h.textContent).catch(() => '');
      fail(name, `sign-up answered ${res?.status()}, expected 200 (${shown(page.url())}${h1 ? `, h1 "${short(h1, 80)}"` : ''})`);
      return null;
    }
    const withdraw = await page.$$eval('a[href]', (as) =>
      as.map((a) => new URL(a.href)).find((u) => u.pathname === '/frivillig/trekk-tilbake' && u.searchParams.get('token'))?.href ?? null,
    );
    if (!withdraw) fail(name, 'the receipt has no link to /frivillig/trekk-tilbake?token=…');
    await checkInPlace(page, name);
    return withdraw;
  });
}

// The withdraw link's answer is a confirmation form; confirm it with the keyboard too.
async function confirmWithdrawal(browser, withdrawUrl) {
  const name = 'withdraw-done';
  console.log(`${name}  keyboard: confirm the withdrawal`);
  return onNewPage(browser, name, 'keyboard withdrawal', async (page) => {
    await page.setViewport(DESKTOP);
    const first = await page.goto(withdrawUrl, { waitUntil: 'load' });
    if (first?.status() !== 200) {
      fail(name, `GET ${shown(withdrawUrl)} answered ${first?.status()}`);
      return;
    }
    await tabTo(page, 'the confirm button', () => {
      const el = document.activeElement;
      return !!el?.form && (el.form.method ?? '').toLowerCase() === 'post' && el.matches('button:not([type]), button[type=submit], input[type=submit]');
    });
    const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    if (res?.status() !== 200) {
      fail(name, `withdrawal answered ${res?.status()}, expected 200 (${shown(page.url())})`);
      return;
    }
    await checkInPlace(page, name);
  });
}

// ---------------------------------------------------------------------------------------
// Signed in: an organisation keeps its listings

// Submits the form holding `selector`'s element by clicking it; resolves with the answer.
async function submitWith(page, selector) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return res;
}

async function fill(page, fields) {
  for (const [name, value] of Object.entries(fields)) {
    await page.$eval(`form [name="${name}"]`, (el) => { el.value = ''; });
    await page.type(`form [name="${name}"]`, value);
  }
}

async function tick(page, name, value) {
  await page.click(`form [name="${name}"][value="${value}"]`);
}

// The self-service story on a fresh organisation: register an account, sign in with the
// keyboard, register an organisation (first with errors), the municipality's admin verifies
// it in the queue, an activity with two schedule rules and a holiday (first with errors,
// then "add a rule"), publish, find it on the resident search page and in the API, an
// opportunity, a resident signs up, the organisation accepts; then its members and an
// invitation. Every signed-in page type on the way is checked at every width with axe. The
// browser keeps the session cookie, so the GET pages are checked like the public ones.
// The path and query of the newest link to `linkPath` in the e-mail to `address`, as the
// server's file transport wrote it (quoted-printable or base64 bodies decoded); waits up to
// 10 s for the worker to deliver it.
async function emailedLink(address, linkPath) {
  const decode = (eml) => {
    const qp = eml.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    const b64 = [...eml.matchAll(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]{40,})/g)]
      .map((m) => Buffer.from(m[1].replace(/\s/g, ''), 'base64').toString('utf8'));
    return [qp, ...b64].join('\n');
  };
  const pattern = new RegExp(`https?://[^\\s"<>]+(${linkPath}\\?token=[A-Za-z0-9_-]+)`);
  for (let i = 0; i < 50; i++) {
    const files = (await readdir(OUTBOX_DIR).catch(() => [])).filter((f) => f.endsWith('.eml'));
    let found = null;
    for (const f of files) {
      const text = decode(await readFile(path.join(OUTBOX_DIR, f), 'utf8'));
      const to = text.match(/^To:.*$/m)?.[0] ?? '';
      const m = text.match(pattern);
      if (to.includes(address) && m) found = m[1];
    }
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

async function organisationStory(browser) {
  const name = 'my-page';
  console.log('signed in: register, sign in by keyboard, register an organisation, make an activity');
  const page = await newPage(browser, name);
  const email = `kari.${Date.now()}@example.org`;
  const password = 'korrekt hest batteri stift';
  try {
    await page.setViewport(DESKTOP);
    await page.goto(url('/registrer'), { waitUntil: 'load' });
    await fill(page, { name: 'Kari Nordmann', email, password });
    let res = await submitWith(page, 'form button[type=submit]');
    if (!new URL(page.url()).pathname.startsWith('/logg-inn')) {
      fail(name, `registration went to ${shown(page.url())} (${res?.status()}), expected /logg-inn`);
      return;
    }
    await tabTo(page, 'the e-mail field', isField, fieldNamed('email'));
    await page.keyboard.type(email);
    await tabTo(page, 'the password field', isField, fieldNamed('password'));
    await page.keyboard.type(password);
    [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    if (new URL(page.url()).pathname !== '/min-side') {
      fail(name, `sign-in went to ${shown(page.url())} (${res?.status()}), expected /min-side`);
      return;
    }
    markChecked(name);
    // Unconfirmed: /min-side says so (and can send the link again); after too many links
    // to the address lately, it also says to use the newest.
    await checkPage(browser, 'my-page', '/min-side');
    await checkPage(browser, 'my-page-wait', '/min-side?sendt=vent');
    const confirmPath = await emailedLink(email, '/bekreft-epost');
    if (!confirmPath) {
      fail('confirm-email', `no confirmation link to ${email} in ${OUTBOX_DIR || '(OUTBOX_DIR unset)'}`);
      return;
    }
    // Opening the link shows a button; pressing it (by keyboard) confirms.
    await checkPage(browser, 'confirm-email', confirmPath);
    await page.goto(url(confirmPath), { waitUntil: 'load' });
    await tabTo(page, 'the confirm button', isField, 'form[action="/bekreft-epost"] button');
    [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    if (res?.status() !== 200 || !(await page.content()).includes('E-postadressen er bekreftet')) {
      fail('confirm-email-done', `confirming answered ${res?.status()} (${shown(page.url())})`);
      return;
    }
    await checkInPlace(page, 'confirm-email-done');
    markChecked('confirm-email-done');
    await checkPage(browser, 'organisation-new', '/min-side/organisasjoner/ny');

    await page.goto(url('/min-side/organisasjoner/ny'), { waitUntil: 'load' });
    await fill(page, { name: 'K', org_number: '123' });
    res = await submitWith(page, 'form button[type=submit].ds-button');
    if (res?.status() !== 422) fail('organisation-new-errors', `a refused form answered ${res?.status()}, expected 422`);
    await checkInPlace(page, 'organisation-new-errors');
    markChecked('organisation-new-errors');
    await fill(page, { name: 'Konnerud skolekorps', org_number: '' });
    await page.click('form [name="districts"][value="konnerud"]').catch(() => {});
    res = await submitWith(page, 'form button[type=submit].ds-button');
    const orgPath = new URL(page.url()).pathname;
    if (!orgPath.startsWith('/min-side/organisasjoner/')) {
      fail('organisation-own', `registering went to ${shown(page.url())} (${res?.status()})`);
      return;
    }
    await checkPage(browser, 'organisation-own', orgPath);
    await checkPage(browser, 'organisation-edit', `${orgPath}/rediger`);
    // The municipality verifies the organisation in the queue (another browser, signed in
    // as an admin made by `fritid admin create`).
    const orgId = orgPath.split('/').pop();
    const admin = await browser.createBrowserContext();
    try {
      const adminPage = await newPage(admin, 'admin-queue');
      await adminPage.setViewport(DESKTOP);
      await adminPage.goto(url('/logg-inn'), { waitUntil: 'load' });
      await fill(adminPage, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      await submitWith(adminPage, 'form button[type=submit]');
      await checkPage(admin, 'admin-queue', '/admin');
      await adminPage.goto(url('/admin'), { waitUntil: 'load' });
      res = await submitWith(adminPage, `form[action="/admin/organisasjoner/${orgId}/godkjenn"] button`);
      if (new URL(adminPage.url()).pathname !== '/admin') fail('admin-queue', `verifying went to ${shown(adminPage.url())} (${res?.status()})`);
      await adminPage.close();
      await checkPage(admin, 'admin-organisations', '/admin/organisasjoner');
      await checkPage(admin, 'admin-log', '/admin/logg');
      await checkPage(admin, 'admin-districts', '/admin/bydeler');
      await checkPage(admin, 'admin-categories', '/admin/kategorier');
      await checkPage(admin, 'admin-coverage', '/admin/dekning?free=true');
    } finally {
      await admin.close();
    }


    await checkPage(browser, 'activity-new', `${orgPath}/aktiviteter/ny`);

    await page.goto(url(`${orgPath}/aktiviteter/ny`), { waitUntil: 'load' });
    await fill(page, { title: 'Korpsøvelse for nybegynnere', 'venue.name': 'Konnerud skole', age_min: 'åtte' });
    await fill(page, { 'schedule[0].start_time': '25:00' });
    res = await submitWith(page, 'form button[name=action][value=save].ds-button');
    if (res?.status() !== 422) fail('activity-new-errors', `a refused activity answered ${res?.status()}, expected 422`);
    await checkInPlace(page, 'activity-new-errors');
    markChecked('activity-new-errors');

    await fill(page, { age_min: '8', age_max: '12' });
    await tick(page, 'categories', 'musikk');
    await tick(page, 'district', 'konnerud');
    await tick(page, 'schedule[0].weekdays', 'tue');
    await page.$eval('form [name="schedule[0].start_time"]', (el) => { el.value = '17:30'; });
    await page.$eval('form [name="schedule[0].end_time"]', (el) => { el.value = '19:00'; });
    await page.$eval('form [name="schedule[0].valid_from"]', (el) => { el.value = '2026-08-18'; });
    await fill(page, { 'schedule[0].except_dates': '2026-10-06' });
    await submitWith(page, 'form button[name=action][value=add_rule]');
    await tick(page, 'schedule[1].weekdays', 'thu');
    await page.$eval('form [name="schedule[1].start_time"]', (el) => { el.value = '18:00'; });
    await page.$eval('form [name="schedule[1].end_time"]', (el) => { el.value = '19:30'; });
    await page.$eval('form [name="schedule[1].valid_from"]', (el) => { el.value = '2026-08-20'; });
    res = await submitWith(page, 'form button[name=action][value=save].ds-button');
    const editPath = new URL(page.url()).pathname;
    if (!editPath.startsWith('/min-side/aktiviteter/')) {
      const h1 = await page.$eval('h1', (h) => h.textContent).catch(() => '');
      fail('activity-edit', `saving went to ${shown(page.url())} (${res?.status()}, "${short(h1, 60)}")`);
      return;
    }
    await checkPage(browser, 'activity-edit', editPath);
    await checkPage(browser, 'activity-preview', `${editPath}/forhandsvisning`);

    // Published, the activity is found by residents and by the API.
    await page.goto(url(editPath), { waitUntil: 'load' });
    await submitWith(page, `form[action="${editPath}/publiser"] button`);
    const api = await (await fetch(url(`/api/v1/activities?q=${encodeURIComponent('korpsøvelse')}`))).json();
    const activityId = editPath.split('/').pop();
    if (!api.items?.some((a) => a.id === activityId)) fail('activity-edit', 'the published activity is not found by the API search');
    await page.goto(url(`/aktiviteter?q=${encodeURIComponent('korpsøvelse')}`), { waitUntil: 'load' });
    const listed = await page.$$eval('a[href]', (as, id) => as.some((a) => new URL(a.href).pathname === `/aktiviteter/${id}`), activityId);
    if (!listed) fail('activity-edit', 'the published activity is not on the resident search page');

    // An opportunity; a resident signs up; the organisation accepts.
    await checkPage(browser, 'opportunity-new', `${orgPath}/frivillig/ny`);
    await page.goto(url(`${orgPath}/frivillig/ny`), { waitUntil: 'load' });
    await fill(page, { title: 'Noteholder på konsert', spots: '2' });
    await tick(page, 'commitment', 'one_off');
    await tick(page, 'district', 'konnerud');
    res = await submitWith(page, 'form button[name=action][value=save].ds-button');
    const oppPath = new URL(page.url()).pathname;
    if (!oppPath.startsWith('/min-side/frivillig/')) {
      const h1 = await page.$eval('h1', (h) => h.textContent).catch(() => '');
      fail('opportunity-own', `saving the opportunity went to ${shown(page.url())} (${res?.status()}, "${short(h1, 60)}")`);
      return;
    }
    await checkPage(browser, 'opportunity-own', oppPath);
    const resident = await browser.createBrowserContext();
    try {
      const r = await resident.newPage();
      await r.goto(url(`/frivillig/${oppPath.split('/').pop()}`), { waitUntil: 'load' });
      await fill(r, { name: 'Per Hansen', email: 'per.hansen@example.org' });
      await r.click('form [name="consent"]');
      await r.click('form [name="age_confirmed"]').catch(() => {});
      const signed = await submitWith(r, 'form button[type=submit]');
      if (signed?.status() !== 200) fail('signups-inbox', `the resident's sign-up answered ${signed?.status()}`);
    } finally {
      await resident.close();
    }
    await page.goto(url(oppPath), { waitUntil: 'load' });
    await page.select('form select[name="status"]', 'accepted');
    res = await submitWith(page, 'form:has(select[name="status"]) button[type=submit]');
    const inbox = await page.content();
    if (res?.status() !== 200 || !inbox.includes('Per Hansen') || !inbox.includes('Godtatt')) {
      fail('signups-inbox', `accepting the sign-up answered ${res?.status()} at ${shown(page.url())}, without the sign-up marked Godtatt`);
    }
    await checkInPlace(page, 'signups-inbox');
    markChecked('signups-inbox');
    // An admin who is not a member may edit the opportunity but not read its volunteers.
    const adminAgain = await browser.createBrowserContext();
    try {
      const p = await adminAgain.newPage();
      await p.goto(url('/logg-inn'), { waitUntil: 'load' });
      await fill(p, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      await submitWith(p, 'form button[type=submit]');
      await p.goto(url(oppPath), { waitUntil: 'load' });
      const seen = await p.content();
      if (seen.includes('Per Hansen') || seen.includes('per.hansen@example.org')) {
        fail('opportunity-admin', 'an admin who is not a member sees the volunteer');
      }
      await p.close();
      await checkPage(adminAgain, 'opportunity-admin', oppPath);
    } finally {
      await adminAgain.close();
    }

    await checkPage(browser, 'members', `${orgPath}/medlemmer`);
    await page.goto(url(`${orgPath}/medlemmer`), { waitUntil: 'load' });
    await fill(page, { email: 'ola.nordmann@example.org' });
    res = await submitWith(page, 'form button[type=submit][data-variant=primary]');
    const link = await page.$$eval('a[href]', (as) => as.map((a) => a.href).find((h) => h.includes('/invitasjon?token=')) ?? null);
    if (res?.status() !== 200 || !link) fail('members-invited', `inviting answered ${res?.status()} ${link ? '' : 'without a link'}`);
    await checkInPlace(page, 'members-invited');
    markChecked('members-invited');
    if (link) {
      const u = new URL(link);
      await checkPage(browser, 'invitation', `${u.pathname}${u.search}`);
    }
    // Three invitations at once (browser-check.sh lowers the limit to that): two more, and
    // the fourth is refused on the page, which says when to try again (429).
    for (let i = 0; i < 3; i++) {
      await page.goto(url(`${orgPath}/medlemmer`), { waitUntil: 'load' });
      await fill(page, { email: 'ola.nordmann@example.org' });
      res = await submitWith(page, 'form button[type=submit][data-variant=primary]');
    }
    if (res?.status() !== 429) fail('members-wait', `a fourth invitation to one address answered ${res?.status()}, expected 429`);
    await checkInPlace(page, 'members-wait');
    markChecked('members-wait');

  } catch (err) {
    fail(name, `signed-in story: ${short(err.message, 400)}`);
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------
// Demo data through the public API

// A forgotten password: ask for a link on /glemt-passord (by keyboard), open the e-mailed
// link, choose a new password, and sign in with it.
async function passwordResetStory(browser) {
  const name = 'forgot-password';
  console.log('a forgotten password: ask for a link, choose a new password, sign in');
  const email = `ola.${Date.now()}@example.org`;
  const res = await fetch(url('/api/v1/auth/register'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'et gammelt langt passord', name: 'Ola Nordmann' }),
  });
  if (res.status !== 201) {
    fail(name, `registering ${email} through the API answered ${res.status}`);
    return;
  }
  await checkPage(browser, name, '/glemt-passord');
  const page = await newPage(browser, 'forgot-password-sent');
  try {
    await page.setViewport(DESKTOP);
    await page.goto(url('/glemt-passord'), { waitUntil: 'load' });
    await tabTo(page, 'the e-mail field', isField, fieldNamed('email'));
    await page.keyboard.type(email);
    const [sent] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    if (sent?.status() !== 200) fail('forgot-password-sent', `asking for a link answered ${sent?.status()}`);
    await checkInPlace(page, 'forgot-password-sent');
    markChecked('forgot-password-sent');
    const resetPath = await emailedLink(email, '/nytt-passord');
    if (!resetPath) {
      fail('new-password', `no link to a new password reached ${email}`);
      return;
    }
    await checkPage(browser, 'new-password', resetPath);
    await page.goto(url(resetPath), { waitUntil: 'load' });
    await fill(page, { password: 'et helt nytt langt passord' });
    await submitWith(page, 'form button[type=submit].ds-button');
    if (!page.url().includes('/logg-inn?nytt-passord=ja')) {
      fail('new-password', `saving the new password went to ${shown(page.url())}`);
      return;
    }
    await fill(page, { email, password: 'et helt nytt langt passord' });
    await submitWith(page, 'form button[type=submit]');
    if (new URL(page.url()).pathname !== '/min-side') {
      fail('new-password', `signing in with the new password went to ${shown(page.url())}`);
    }
    // Links to one address are limited: two more through the API make three, and the
    // fourth, asked for on the page, is refused there with a message (429).
    for (let i = 0; i < 2; i++) {
      await fetch(url('/api/v1/auth/password-reset'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
    }
    await page.goto(url('/glemt-passord'), { waitUntil: 'load' });
    await fill(page, { email });
    const refused = await submitWith(page, 'form[action="/glemt-passord"] button[type=submit]');
    if (refused?.status() !== 429) {
      fail('forgot-password-wait', `a fourth link to one address answered ${refused?.status()}, expected 429`);
    }
    await checkInPlace(page, 'forgot-password-wait');
    markChecked('forgot-password-wait');
  } catch (err) {
    fail('new-password', `error in the password story: ${short(err.message, 300)}`);
  } finally {
    await page.close();
  }
}

async function firstItem(apiPath, pageNames) {
  try {
    const res = await fetch(url(apiPath), { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`answered ${res.status}`);
    const body = await res.json();
    const item = body?.items?.[0];
    if (!item?.id) throw new Error('returned no items');
    return item;
  } catch (err) {
    for (const p of pageNames) fail(p, `no demo data: GET ${apiPath} ${err.message}`);
    return null;
  }
}

// ---------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  await mkdir(SHOT_DIR, { recursive: true });
  for (const f of await readdir(SHOT_DIR)) {
    if (f.endsWith('.png')) await rm(path.join(SHOT_DIR, f));
  }

  const [activity, organisation, opportunity, found] = await Promise.all([
    firstItem('/api/v1/activities?limit=1', ['activity']),
    firstItem('/api/v1/organisations?limit=1', ['organisation']),
    firstItem('/api/v1/volunteer-opportunities?limit=1', ['opportunity', 'signup-receipt', 'withdraw', 'withdraw-done']),
    firstItem(`/api/v1/activities?q=${encodeURIComponent(SEARCH_WORD)}&limit=1`, ['search-results']),
  ]);

  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--font-render-hinting=none', '--lang=nb-NO'],
  });
  try {
    console.log(`Browser check of ${BASE_URL} with ${await browser.version()}, axe-core ${require('axe-core/package.json').version}`);
    await checkPage(browser, 'home', '/');
    await checkPage(browser, 'search', '/aktiviteter');
    await searchByKeyboard(browser, found);
    await searchReadByKeyboard(browser);
    if (activity) await checkPage(browser, 'activity', `/aktiviteter/${activity.id}`);
    await checkPage(browser, 'organisations', '/organisasjoner');
    if (organisation) await checkPage(browser, 'organisation', `/organisasjoner/${organisation.id}`);
    await checkPage(browser, 'opportunities', '/frivillig');
    if (opportunity) {
      await checkPage(browser, 'opportunity', `/frivillig/${opportunity.id}`);
      const withdrawUrl = await signUpByKeyboard(browser, opportunity.id);
      if (withdrawUrl) {
        const u = new URL(withdrawUrl);
        await checkPage(browser, 'withdraw', `${u.pathname}${u.search}`);
        await confirmWithdrawal(browser, withdrawUrl);
      } else {
        fail('withdraw', 'not checked: the sign-up gave no withdraw link');
      }
      await signupWait(browser, opportunity.id);
    }
    await checkPage(browser, 'about', '/om');
    await checkPage(browser, 'login', '/logg-inn');
    await checkPage(browser, 'register', '/registrer');
    await checkPage(browser, 'not-found', '/finnes-ikke', { expectStatus: 404 });
    await organisationStory(browser);
    await passwordResetStory(browser);
  } finally {
    await browser.close();
  }

  for (const [n, status] of pageStatus) {
    if (status === 'pending') fail(n, 'not checked: an earlier step it depends on failed');
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const names = [...pageStatus.keys()];
  const bad = names.filter((n) => pageStatus.get(n) === 'FAIL');
  console.log('\n=== Browser check summary');
  for (const n of names) {
    const count = failures.filter((f) => f.page === n).length;
    console.log(`  ${pageStatus.get(n) === 'ok' ? 'ok  ' : 'FAIL'}  ${n}${count ? `  (${count} problem${count > 1 ? 's' : ''})` : ''}`);
  }
  console.log(
    `  ${names.length - bad.length} of ${names.length} pages ok; ${widthsChecked} page × width renderings checked; ` +
      `axe violations (rules per page): ${axeViolations}; ` +
      `requests: ${requestCount}, ${offHostRequests.length ? `${offHostRequests.length} to other hosts` : `all to ${BASE.host}`}; ` +
      `screenshots in ${path.relative(REPO_ROOT, SHOT_DIR)}/; ${seconds} s`,
  );
  if (failures.length) {
    console.log(`FAILED: ${failures.length} problem(s) on ${bad.join(', ')}`);
    process.exitCode = 1;
  } else {
    console.log('ok: browser check passed');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
