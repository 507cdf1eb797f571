// Browser tests of accord serve's pages: playwright-core driving Debian's Chromium
// (never a downloaded browser). run.sh starts the server and sets ACCORD_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.ACCORD_URL;
// The shared data sets (../shared beside the repository), for the import tests.
const SHARED = process.env.SHARED || join(process.cwd(), '..', '..', '..', 'shared');
const ARTIFACTS = process.env.ARTIFACTS || join(process.cwd(), 'artifacts');
const SCENARIO = 'ukraine-2025';
const PLAN = 'us_28';
const ARMY = 'army_cap';

let context;

before(async () => {
  assert.ok(BASE, 'ACCORD_URL names the running server');
  mkdirSync(ARTIFACTS, { recursive: true });
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'accord-chromium-')), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 900 },
  });
});

after(async () => {
  if (context) await context.close();
});

async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, name + '.png'), fullPage: true });
}

async function api(path) {
  const res = await fetch(BASE + path);
  assert.equal(res.status, 200, path);
  return res.json();
}

// Waits until the editor has shown the answer to the latest change.
async function assessed(page, previous) {
  await page.waitForFunction((prev) => {
    const e = document.getElementById('editor');
    return e && e.dataset.assessed && e.dataset.assessed !== prev;
  }, previous);
  return page.$eval('#editor', (e) => e.dataset.assessed);
}

async function partyState(page, name) {
  const li = page.locator(`li.party[data-party="${name}"]`);
  return {
    verdict: await li.getAttribute('data-verdict'),
    width: await li.locator('.fill').evaluate((e) => e.style.width),
    utility: await li.locator('.utility').textContent(),
    reason: await li.locator('.reason').textContent(),
  };
}

async function openEditor(page) {
  await page.goto(`${BASE}/scenario/${SCENARIO}/edit/${PLAN}`);
  return assessed(page, '');
}

test('workspace and scenario pages show the flagship by its labels', async () => {
  const page = await context.newPage();
  await page.goto(BASE + '/');
  await page.getByRole('link', { name: /The Ukraine peace plans, June 2025/ }).click();
  await page.waitForSelector('h1');
  assert.match(await page.textContent('h1'), /The Ukraine peace plans, June 2025/);
  assert.ok(await page.getByText('US 28-point draft').first().isVisible());
  assert.ok(await page.getByText("Ceiling on Ukraine's armed forces (I4)").first().isVisible());
  await shot(page, 'scenario');
  await page.close();
});

test('change the army ceiling of the 28-point draft, save, see it in history and diff, reload, restore', async () => {
  const page = await context.newPage();
  let seen = await openEditor(page);
  const before = await partyState(page, 'Ukraine');
  const versionBefore = (await api(`/api/v1/scenarios/${SCENARIO}`)).version;
  await shot(page, 'editor-before');

  await page.selectOption(`select[data-issue="${ARMY}"]`, '800k');
  seen = await assessed(page, seen);
  const afterChange = await partyState(page, 'Ukraine');
  assert.notEqual(afterChange.width, before.width, "Ukraine's bar moves");
  assert.notEqual(afterChange.utility, before.utility, "Ukraine's utility changes");
  assert.notEqual(afterChange.reason, before.reason, "Ukraine's verdict and reason change");
  assert.ok(before.reason.includes('600,000 at all times'), 'the 600,000 ceiling is one of the red lines Ukraine sees crossed');
  assert.ok(!afterChange.reason.includes('600,000'), 'the 600,000 ceiling is no longer a crossed red line');
  assert.ok(parseFloat(afterChange.utility) > parseFloat(before.utility), "Ukraine's utility rises");
  await shot(page, 'editor-after-change');

  await page.fill('#save-message', 'army ceiling 800k in the 28-point draft');
  await page.click('#save');
  await page.waitForSelector('#save-result .ok');
  const saved = (await api(`/api/v1/scenarios/${SCENARIO}`)).version;
  assert.equal(saved, versionBefore + 1);

  await page.goto(`${BASE}/scenario/${SCENARIO}/history`);
  const row = page.locator(`tr.version[data-version="${saved}"]`);
  assert.equal(await row.locator('.message').textContent(), 'army ceiling 800k in the 28-point draft');
  await shot(page, 'history');
  await row.locator('a.diff-link').click();
  await page.waitForSelector('.diff');
  const diffText = await page.textContent('.diff');
  assert.match(diffText, /US 28-point draft/);
  assert.match(diffText, /600,000 at all times/);
  assert.match(diffText, /800,000 in peacetime/);
  await shot(page, 'diff');

  // A fresh page load reads the stored version.
  await page.goto(`${BASE}/scenario/${SCENARIO}/edit/${PLAN}`);
  await assessed(page, '');
  assert.equal(await page.$eval(`select[data-issue="${ARMY}"]`, (s) => s.value), '800k');
  assert.equal(await page.textContent('#base-version'), String(saved));

  // Restore the version before: a new version, the old one kept.
  await page.goto(`${BASE}/scenario/${SCENARIO}/history`);
  await Promise.all([
    page.waitForEvent('load'),
    page.click(`tr.version[data-version="${saved - 1}"] button.restore`),
  ]);
  await page.waitForSelector(`tr.version[data-version="${saved + 1}"]`);
  assert.equal(await page.textContent(`tr.version[data-version="${saved + 1}"] .message`), `restore version ${saved - 1}`);
  assert.ok(await page.isVisible(`tr.version[data-version="${saved}"]`), 'the saved version is kept');
  const restored = await api(`/api/v1/scenarios/${SCENARIO}`);
  const first = await api(`/api/v1/scenarios/${SCENARIO}/versions/${saved - 1}`);
  assert.equal(restored.text, first.text, 'the restored text is the old one');
  await page.close();
});

test('two tabs edit the same draft: the second save shows the conflict and loses nothing', async () => {
  const one = await context.newPage();
  const two = await context.newPage();
  await openEditor(one);
  await openEditor(two);
  const base = Number(await one.textContent('#base-version'));

  await one.selectOption(`select[data-issue="${ARMY}"]`, 'no_cap');
  await one.fill('#save-message', 'tab one: no ceiling');
  await one.click('#save');
  await one.waitForSelector('#save-result .ok');

  await two.selectOption(`select[data-issue="${ARMY}"]`, '85k');
  await two.fill('#save-message', 'tab two: 85,000');
  await two.click('#save');
  await two.waitForSelector('#conflict');
  const conflict = await two.textContent('#conflict');
  assert.match(conflict, /Not saved/);
  assert.match(conflict, new RegExp(`version ${base + 1}`));
  assert.match(conflict, /No ceiling/, 'the conflict shows what the other tab changed, by label');
  // Nothing lost: the second tab's edits and message are still on the page.
  assert.equal(await two.$eval(`select[data-issue="${ARMY}"]`, (s) => s.value), '85k');
  assert.equal(await two.inputValue('#save-message'), 'tab two: 85,000');
  assert.equal((await api(`/api/v1/scenarios/${SCENARIO}`)).version, base + 1, 'the stale save wrote nothing');
  await shot(two, 'conflict');
  // Having seen what changed, the second tab saves its draft on top: its term is stored.
  await two.click('#save-anyway');
  await two.waitForSelector('#save-result .ok');
  const latest = await api(`/api/v1/scenarios/${SCENARIO}`);
  assert.equal(latest.version, base + 2);
  const terms = latest.text.slice(latest.text.indexOf('[plans.us_28.terms]'));
  assert.match(terms.slice(0, terms.indexOf('\n[', 1)), /army_cap = "85k"/, "the second tab's term is in the 28-point draft");
  const versions = await api(`/api/v1/scenarios/${SCENARIO}/versions`);
  assert.equal(versions[versions.length - 1].message, 'tab two: 85,000');
  await one.close();
  await two.close();
});

test('a what-if slider flips a verdict without saving', async () => {
  const page = await context.newPage();
  let seen = await openEditor(page);
  const stored = await api(`/api/v1/scenarios/${SCENARIO}`);
  assert.ok(await page.isHidden('#whatif-banner'), 'no what-if banner before a what-if');
  // Find a party that accepts, and raise its walk-away to 1.
  const accepting = await page.$$eval('li.party[data-verdict="accept"]', (l) => l.map((e) => e.dataset.party));
  assert.ok(accepting.length > 0, 'some party accepts the draft');
  const name = accepting[0];
  const details = page.locator('details.party-whatif').filter({ has: page.locator('summary', { hasText: name }) }).first();
  await details.evaluate((d) => { d.open = true; });
  await details.locator('input.whatif[data-path$=".walk_away"]').fill('1');
  seen = await assessed(page, seen);
  assert.equal((await partyState(page, name)).verdict, 'reject', `${name} now rejects`);
  assert.ok(await page.isVisible('#whatif-banner'), 'the what-if banner shows');
  assert.match(await page.textContent('#whatif-banner'), /never saved/);
  assert.match(await page.textContent('#whatif-banner'), new RegExp(`Walk-away of ${name}`));
  assert.match(await page.textContent('#result'), new RegExp(`Walk-away of ${name} = 1`));
  await shot(page, 'whatif');
  const after = await api(`/api/v1/scenarios/${SCENARIO}`);
  assert.equal(after.version, stored.version, 'no version was saved');
  assert.equal(after.text, stored.text, 'the stored text did not change');
  // Reset: the verdict is back, the banner gone.
  await page.click('#whatif-reset');
  seen = await assessed(page, seen);
  assert.equal((await partyState(page, name)).verdict, 'accept', `${name} accepts again`);
  assert.ok(await page.isHidden('#whatif-banner'), 'the banner is gone');
  await page.close();
});

async function importFiles(page, format, files) {
  await page.goto(BASE + '/');
  await page.selectOption('#import-format', format);
  await page.setInputFiles('#import-files', files);
  await page.fill('#import-message', `imported ${format} in the browser test`);
  await page.click('#import-form button[type="submit"]');
}

test('import Genius and GeniusWeb uploads from the workspace, export TOML and the report', async () => {
  const page = await context.newPage();
  const laptop = join(SHARED, 'domains', 'genius', 'Laptop');
  await importFiles(page, 'genius', ['laptop_domain.xml', 'laptop_buyer_utility.xml', 'laptop_seller_utility.xml']
    .map((f) => join(laptop, f)));
  await page.waitForURL(/\/scenario\/[^/]+$/);
  const genius = page.url().split('/').pop();
  assert.ok(await page.isVisible('h2:text("Parties")'));
  assert.equal((await api(`/api/v1/scenarios/${genius}`)).version, 1);
  await shot(page, 'import-genius');

  const anl = join(SHARED, 'domains', 'geniusweb', 'ANL2023_domain00');
  await importFiles(page, 'geniusweb', ['domain00.json', 'profileA.json', 'profileB.json'].map((f) => join(anl, f)));
  await page.waitForURL((u) => /\/scenario\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/' + genius));
  assert.ok(await page.isVisible('h2:text("Issues by area")'));

  // A file that is not a Genius domain: the error is shown on the workspace, nothing stored.
  const before = (await api('/api/v1/scenarios')).length;
  await importFiles(page, 'genius', [{ name: 'broken.xml', mimeType: 'text/xml', buffer: Buffer.from('<not xml') }]);
  await page.waitForSelector('#import-result .error');
  assert.match(await page.textContent('#import-result'), /Not imported/);
  assert.equal((await api('/api/v1/scenarios')).length, before);

  // The workspace's export links: the accord TOML and the HTML report.
  await page.goto(BASE + '/');
  const toml = await page.getAttribute(`a[href="/scenario/${genius}/export.toml"]`, 'href');
  const t = await fetch(BASE + toml);
  assert.equal(t.status, 200);
  assert.match(await t.text(), /^format = "accord\/1"/);
  const report = await page.getAttribute(`a[href="/scenario/${genius}/report.html"]`, 'href');
  const r = await fetch(BASE + report);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html/);
  await page.close();
});

test('compare, frontier and simulation pages render', async () => {
  const page = await context.newPage();
  await page.goto(`${BASE}/scenario/${SCENARIO}/compare?a=us_28&b=us_ua_20`);
  assert.ok(await page.isVisible('table.list'));
  await shot(page, 'compare');
  await page.goto(`${BASE}/scenario/${SCENARIO}/frontier?a=ukraine&b=russia`);
  await page.waitForSelector('figure.chart svg');
  await shot(page, 'frontier');
  await page.goto(`${BASE}/scenario/${SCENARIO}/simulate?protocol=sao&strategy=boulware&rounds=60&seed=3`);
  await page.waitForSelector('#sim-ending');
  await shot(page, 'simulation');
  await page.close();
});

test('a simulation run shows its offers over time: one line per party', async () => {
  const page = await context.newPage();
  await page.goto(`${BASE}/scenario/${SCENARIO}/simulate?protocol=sao&strategy=boulware&rounds=40&seed=2`);
  await page.waitForSelector('figure.chart.offers svg');
  const chart = await page.$eval('figure.chart.offers', (f) => {
    const svg = f.querySelector('svg');
    const box = svg.getBoundingClientRect();
    return {
      parties: Number(f.dataset.parties),
      lines: [...svg.querySelectorAll('polyline')].filter((p) => p.getAttribute('stroke') !== '#000000').map((p) => p.getAttribute('points').trim().split(/\s+/).length),
      width: box.width,
      figure: f.getBoundingClientRect().width,
      texts: [...svg.querySelectorAll('text')].map((t) => t.textContent.trim()),
      smallest: Math.min(...[...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * box.width / svg.viewBox.baseVal.width)),
    };
  });
  // The table's header: round, party, action, then one column per party.
  const names = await page.$$eval('table.list.offers thead th', (ths) => ths.slice(3).map((t) => t.textContent.trim()));
  assert.ok(chart.parties >= 2);
  assert.equal(chart.lines.length, chart.parties, 'one coloured polyline per party (the axes are black)');
  for (const points of chart.lines) assert.ok(points >= 2, 'a line through the offers');
  // The parties the chart judges are named in its legend as the table names them.
  assert.equal(names.filter((n) => chart.texts.includes(n)).length, chart.parties);
  assert.ok(chart.width >= chart.figure - 1, 'the chart fills the width');
  assert.ok(chart.smallest >= 12, `labels at least 12 px (${chart.smallest})`);
  await shot(page, 'simulation-offers');
  await page.close();
});
