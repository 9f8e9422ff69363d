// Opens Accord's HTML reports in headless Chromium and checks what a reviewer relies on:
// the page runs without console errors and loads nothing, the decision and the findings are
// in the DOM, the pack graph is drawn, and the class filter hides and shows findings.
//
//   node test.mjs DENY_REPORT.html CHECK_REPORT.html SCREENSHOT_DIR
//
// DENY_REPORT is `accord check --base … --format html` of a change Accord denies;
// CHECK_REPORT is `accord check --format html` of a repository with findings (no decision).
import { chromium } from 'playwright-core';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [denyReport, checkReport, shots] = process.argv.slice(2);
if (!denyReport || !checkReport || !shots) {
  console.error('usage: node test.mjs DENY_REPORT.html CHECK_REPORT.html SCREENSHOT_DIR');
  process.exit(2);
}

const failures = [];
function expect(what, ok, detail = '') {
  if (!ok) failures.push(`${what}${detail ? `: ${detail}` : ''}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // Without the background-networking flags Chromium keeps dialling Google on a closed
  // network; Playwright itself adds --headless and a fresh profile directory.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

/** Opens `file`, recording console errors, page errors and every request it makes. */
async function open(file) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  const url = pathToFileURL(path.resolve(file)).href;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

/** Counts of visible findings per class, and the counter the page shows. */
async function visible(page) {
  return page.evaluate(() => {
    const counts = {};
    for (const f of document.querySelectorAll('article.finding')) {
      if (f.offsetParent !== null) counts[f.dataset.class] = (counts[f.dataset.class] || 0) + 1;
    }
    return { counts, shown: document.getElementById('shown')?.textContent };
  });
}

const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

// --- The denied change -------------------------------------------------------------------
{
  const { page, problems } = await open(denyReport);
  const decision = await page.evaluate(() => {
    const d = document.getElementById('decision');
    return d && {
      outcome: d.dataset.outcome,
      banner: d.querySelector('.outcome')?.textContent,
      reasons: d.querySelectorAll('.reasons li').length,
      actions: [...d.querySelectorAll('#required-actions li')].map((li) => li.textContent),
      consumers: [...d.querySelectorAll('#impacted-consumers li')].map((li) => li.textContent),
    };
  });
  expect('decision section present', decision !== null);
  expect('decision is DENY', decision?.outcome === 'DENY' && decision?.banner === 'DENY', JSON.stringify(decision));
  expect('decision has reasons', decision?.reasons > 0);
  expect('required actions listed', decision?.actions.length > 0);
  expect('impacted consumers listed', decision?.consumers.length > 0);

  const findings = await page.evaluate(() => ({
    total: document.querySelectorAll('article.finding').length,
    rules: [...document.querySelectorAll('article.finding')].map((f) => f.dataset.rule),
    groups: [...document.querySelectorAll('section.group')].map((g) => g.dataset.contract),
    snippets: document.querySelectorAll('article.finding pre.snippet mark').length,
    packs: document.querySelectorAll('#pack-graph g.pack').length,
    packRows: document.querySelectorAll('#packs tr').length - 1,
    edges: document.querySelectorAll('#pack-graph path.edge').length,
  }));
  expect('findings in the DOM', findings.total > 0);
  expect('the removed section is reported', findings.rules.includes('required-removed'), findings.rules.join(','));
  expect('findings grouped by contract', findings.groups.some((g) => g !== ''), findings.groups.join(','));
  expect('snippets with a marked span', findings.snippets > 0);
  expect('every pack drawn', findings.packs > 0 && findings.packs === findings.packRows, `${findings.packs} of ${findings.packRows}`);
  expect('edges drawn', findings.edges > 0);

  const all = await visible(page);
  expect('all findings visible at first', sum(all.counts) === findings.total, JSON.stringify(all));
  expect('BREAKING findings present', (all.counts.BREAKING || 0) > 0);
  await page.uncheck('#filter input[data-filter="BREAKING"]');
  const filtered = await visible(page);
  expect('unticking BREAKING hides them', !filtered.counts.BREAKING, JSON.stringify(filtered));
  expect('unticking BREAKING keeps the others', sum(filtered.counts) === findings.total - all.counts.BREAKING, JSON.stringify(filtered));
  expect('the counter follows the filter', filtered.shown === String(sum(filtered.counts)), JSON.stringify(filtered));
  const emptyGroupsShown = await page.evaluate(() =>
    [...document.querySelectorAll('section.group')].filter(
      (g) => g.offsetParent !== null && !g.querySelector('article.finding:not([hidden])'),
    ).length,
  );
  expect('groups left empty are hidden', emptyGroupsShown === 0);
  await page.check('#filter input[data-filter="BREAKING"]');
  const again = await visible(page);
  expect('ticking BREAKING shows them again', sum(again.counts) === findings.total, JSON.stringify(again));

  const shot = path.join(shots, 'report-deny.png');
  await page.screenshot({ path: shot, fullPage: true });
  expect('page runs clean', problems.length === 0, problems.join(' | '));
  console.log(`deny report: ${findings.total} findings, ${findings.packs} packs, ${findings.edges} edges, ` +
    `filter ok; screenshot ${shot}`);
}

// --- A tree check with findings and no decision ------------------------------------------
{
  const { page, problems } = await open(checkReport);
  const state = await page.evaluate(() => ({
    decision: document.getElementById('decision') !== null,
    total: document.querySelectorAll('article.finding').length,
  }));
  expect('no decision without --base', !state.decision);
  expect('tree-check findings in the DOM', state.total > 0);
  const shot = path.join(shots, 'report-check.png');
  await page.screenshot({ path: shot, fullPage: false });
  expect('tree-check page runs clean', problems.length === 0, problems.join(' | '));
  console.log(`check report: ${state.total} findings; screenshot ${shot}`);
}

await browser.close();
if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
console.log('html report: all browser checks passed');
