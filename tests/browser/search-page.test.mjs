// The search page in headless Chromium: search, highlights, facets, URL state, the article
// reader, story expansion, hostile text and queries, a phone-sized screen. Screenshots are saved
// as test artifacts.
//
//   node search-page.test.mjs BASE_URL OUTPUT_DIR
//
// BASE_URL: a running newsdesk-serve over the sample corpus plus tests/api/data/hostile.
// CHROMIUM: the browser to drive (default /usr/bin/chromium); playwright never downloads one.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node search-page.test.mjs BASE_URL OUTPUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

// Each browser gets a fresh profile directory (playwright's launchPersistentContext is how it
// takes one), removed at the end.
const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
const profiles = [];
const contexts = [];

/** A page that records script errors, CSP violations and dialogs (an alert() is an injection). */
async function openPage(contextOptions) {
  const profile = mkdtempSync(join(tmpdir(), 'newsdesk-chromium-'));
  profiles.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: launchArgs,
    ...contextOptions,
  });
  contexts.push(context);
  const page = context.pages()[0] || await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push('script error: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push('console: ' + m.text());
  });
  page.on('dialog', async (d) => {
    page.problems.push(`a dialog opened (${d.type()}: ${d.message()}): script was injected`);
    await d.dismiss();
  });
  return page;
}

async function injected(page) {
  return page.evaluate(() => ({
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    elements: document.querySelectorAll('#results script, #results img, #results iframe, ' +
      '#facets script, #facets img, #reader script, #reader img, .notice img, #results-heading img')
      .length,
  }));
}

try {
  // ---- desktop: search ----------------------------------------------------------------------
  const page = await openPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + '/');
  check(await page.locator('#welcome').isVisible(), 'the empty page shows the welcome text');
  check(await page.evaluate(() => document.activeElement.id === 'q'), 'the search box has focus');

  await page.fill('#q', 'Kursk troops');
  await page.press('#q', 'Enter');
  await page.waitForSelector('#results .result');
  check(new URL(page.url()).searchParams.get('q') === 'Kursk troops', 'the URL holds the query');
  const marks = await page.locator('#results .snippet mark').count();
  check(marks > 0, `results are highlighted (${marks} <mark> elements)`);
  const marked = await page.locator('#results .snippet mark').allTextContents();
  check(marked.every((t) => /kursk|troop/i.test(t)), `the marks are query words (${marked.slice(0, 4)})`);
  const heading = await page.textContent('#results-heading');
  check(/for “Kursk troops”/.test(heading), `the heading names the query: ${heading.trim()}`);

  // Hostile article text shows as text.
  const titles = await page.locator('#results .title').allTextContents();
  check(titles.some((t) => t.includes('<script>')), 'a title with <script> is shown as text');
  let bad = await injected(page);
  check(bad.pwned === null && bad.elements === 0,
    `no markup from articles ran or was inserted (${JSON.stringify(bad)})`);
  await page.screenshot({ path: join(outDir, 'desktop-results.png'), fullPage: true });

  // ---- facets: click the first value --------------------------------------------------------
  const facets = page.locator('#facets button.facet');
  const facetCount = await facets.count();
  check(facetCount > 0, facetCount > 0 ? `the sidebar lists ${facetCount} facet values`
    : 'the sidebar lists facet values: it is EMPTY (/api/search returned no "facets" values ' +
      'for "Kursk troops")');
  if (facetCount > 0) {
    const first = facets.first();
    const type = await first.getAttribute('data-type');
    const value = await first.getAttribute('data-value');
    const before = page.url();
    const articlesBefore = await page.locator('#results .result').count();
    await first.click();
    await page.waitForFunction((f) => new URL(location.href).searchParams.getAll('filter').includes(f),
      `${type}:${value}`);
    await page.waitForSelector('#results:not([aria-busy])');
    check(page.url() !== before, `clicking ${type}: ${value} changes the URL (${page.url()})`);
    check(await page.locator('#filter-list .chip').count() === 1, 'the active filter is shown');
    const pressed = page.locator(`#facets button.facet[aria-pressed="true"]`);
    check(await pressed.count() === 1, 'the clicked facet value is marked as pressed');
    const after = await page.locator('#results .result').count();
    check(after > 0 && after <= articlesBefore, `the list is filtered (${articlesBefore} → ${after})`);
    if (type === 'source') {
      const sources = await page.locator('#results .meta .source').allTextContents();
      check(sources.length === after && sources.every((s) => s.toLowerCase() === value.toLowerCase()),
        `every result is from ${value}`);
    }
    await page.screenshot({ path: join(outDir, 'desktop-filtered.png'), fullPage: true });

    // Removing the filter, and the back button.
    await page.goBack();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('filter'));
    await page.waitForSelector('#results:not([aria-busy])');
    check(await page.locator('#filter-list .chip').count() === 0, 'back: the filter is gone');
    check(await page.locator('#results .result').count() === articlesBefore, 'back: the full list again');
  }

  // ---- stories ------------------------------------------------------------------------------
  const toggles = page.locator('#results .story-toggle');
  if (await toggles.count() > 0) {
    await toggles.first().click();
    await page.waitForSelector('#results .story-list:not([hidden]) li a');
    check(await toggles.first().getAttribute('aria-expanded') === 'true', 'a story expands');
  } else {
    console.log('note no story with more than one article among the results: expansion not tried');
  }

  // ---- the article reader -------------------------------------------------------------------
  await page.locator('#results .title a').first().click();
  await page.waitForFunction(() => !document.getElementById('reader').hidden &&
    document.getElementById('reader-text').childElementCount > 0);
  check(new URL(page.url()).searchParams.has('article'), 'the reader is in the URL');
  await page.screenshot({ path: join(outDir, 'desktop-reader.png') });
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.getElementById('reader').hidden);
  check(!new URL(page.url()).searchParams.has('article'), 'Escape closes the reader');

  // The hostile article in the reader: its text, never its markup.
  const hostile = page.locator('#results .title a', { hasText: '<script>' }).first();
  if (await hostile.count()) {
    await hostile.click();
    await page.waitForFunction(() => document.getElementById('reader-text').childElementCount > 0);
    bad = await injected(page);
    check(bad.pwned === null && bad.elements === 0, 'the hostile article reads as text');
    const links = await page.locator('#reader-link a').evaluateAll((as) => as.map((a) => a.href));
    check(links.every((h) => /^https?:/.test(h)), `no javascript: link (${links})`);
    await page.keyboard.press('Escape');
  }

  // ---- keyboard -----------------------------------------------------------------------------
  await page.locator('#results .title a').first().focus();
  await page.keyboard.press('/');
  check(await page.evaluate(() => document.activeElement.id === 'q'), '"/" focuses the search box');

  // ---- a hostile query ----------------------------------------------------------------------
  const evil = '<img src=x onerror=alert(1)> Kursk';
  await page.fill('#q', evil);
  await page.press('#q', 'Enter');
  await page.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q, evil);
  await page.waitForSelector('#results:not([aria-busy])');
  await page.waitForTimeout(200);
  bad = await injected(page);
  check(bad.pwned === null && bad.elements === 0, 'a query with markup is not markup on the page');
  check((await page.textContent('#results-heading')).includes('<img src=x'),
    'the heading shows the query as typed');

  check(page.problems.length === 0, `no script errors, CSP violations or dialogs ${JSON.stringify(page.problems)}`);

  // ---- a phone ------------------------------------------------------------------------------
  const phone = await openPage({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  await phone.goto(base + '/?q=Kursk+troops');
  await phone.waitForSelector('#results .result');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no sideways scrolling on a phone (overflow ${overflow}px)`);
  check(await phone.evaluate(() => !document.getElementById('refine').open),
    'filters start folded on a phone');
  await phone.screenshot({ path: join(outDir, 'phone-results.png'), fullPage: true });
  await phone.click('#refine summary');
  await phone.screenshot({ path: join(outDir, 'phone-filters.png') });
  check(phone.problems.length === 0, `phone: no script errors ${JSON.stringify(phone.problems)}`);
} catch (e) {
  check(false, 'the test ran to the end: ' + (e && e.stack || e));
} finally {
  for (const context of contexts) await context.close().catch(() => {});
  for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
}

console.log(failures ? `${failures} check(s) failed; screenshots in ${outDir}`
  : `all checks passed; screenshots in ${outDir}`);
process.exit(failures ? 1 : 0);
