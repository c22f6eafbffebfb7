// End-to-end check of `pitchlint batch --report`: the page is rendered in
// headless Chromium, light and dark, screenshotted, and every figure read
// off the page is checked against the JSON Lines the same run wrote.
//
//   PITCHLINT_BIN=target/release/pitchlint node report.mjs
//
// Env: PITCHLINT_BIN (default ../../target/release/pitchlint),
// PITCHLINT_REPORT_SCREENSHOT (PNG path, optional), CHROMIUM (browser
// binary, default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.resolve(ROOT, process.env.PITCHLINT_BIN || 'target/release/pitchlint');

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function equal(got, want, what) {
  assert(JSON.stringify(got) === JSON.stringify(want), `${what}: page says ${JSON.stringify(got)}, results say ${JSON.stringify(want)}`);
}

// Input: the labelled replies and review answers as batch records, and one
// broken record.
function input(dir) {
  const lines = [];
  for (const set of ['replies', 'review-replies']) {
    const text = fs.readFileSync(path.join(ROOT, 'corpus/eval', `${set}.jsonl`), 'utf8');
    for (const line of text.split('\n').filter(Boolean)) {
      const r = JSON.parse(line);
      const record = { id: r.id, kind: r.kind, lang: r.lang, text: r.text };
      for (const key of ['task', 'review', 'rating']) if (key in r) record[key] = r[key];
      lines.push(JSON.stringify(record));
    }
  }
  lines.push('{"id": "broken", "kind": "reply", "text": 5}');
  const file = path.join(dir, 'records.jsonl');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

// What the page must show, computed from the results.
function expected(results) {
  const scored = results.filter((r) => !('error' in r));
  const scores = scored.map((r) => r.score).filter((s) => s !== null);
  const bins = Array(10).fill(0);
  for (const s of scores) bins[Math.min(9, Math.floor(s / 10))] += 1;
  const grades = { A: 0, B: 0, C: 0, D: 0, E: 0, 'not graded': 0 };
  for (const r of scored) grades[r.grade ?? 'not graded'] += 1;
  const rules = {};
  for (const r of scored) {
    for (const rule of new Set(r.findings.map((f) => f.rule))) rules[rule] = (rules[rule] || 0) + 1;
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return {
    records: String(scored.length),
    errors: String(results.length - scored.length),
    mean: mean.toFixed(1),
    bins,
    grades,
    rules,
  };
}

async function read(page) {
  return page.evaluate(() => {
    const text = (sel) => document.querySelector(sel).textContent.trim();
    const bins = [...document.querySelectorAll('svg[data-name="overall"] text.count')].map((t) => Number(t.textContent));
    const grades = {};
    for (const row of document.querySelectorAll('#grades tr[data-grade]')) {
      grades[row.dataset.grade] = Number(row.children[1].textContent);
    }
    const rules = {};
    for (const row of document.querySelectorAll('tr[data-rule]')) rules[row.dataset.rule] = Number(row.children[1].textContent);
    const style = getComputedStyle(document.body);
    const bar = getComputedStyle(document.querySelector('svg .bar')).fill;
    return {
      records: text('#records'),
      errors: text('#errors'),
      mean: text('#mean'),
      bins,
      grades,
      rules,
      background: style.backgroundColor,
      bar,
      external: [...document.querySelectorAll('[src],[href]')].map((e) => e.getAttribute('src') || e.getAttribute('href')),
    };
  });
}

function brightness(rgb) {
  const [r, g, b] = rgb.match(/\d+/g).map(Number);
  return r + g + b;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pitchlint-report-'));
  const report = path.join(dir, 'report.html');
  const run = spawnSync(BIN, ['batch', input(dir), '--report', report], { maxBuffer: 1 << 30, encoding: 'utf8' });
  assert(run.status === 1, `batch exits 1 with a broken record: ${run.status} ${run.stderr}`);
  const results = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const want = expected(results);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    const light = await browser.newPage({ viewport: { width: 1000, height: 900 }, colorScheme: 'light' });
    const requests = [];
    light.on('request', (r) => requests.push(r.url()));
    await light.goto('file://' + report, { waitUntil: 'load' });
    const shot = process.env.PITCHLINT_REPORT_SCREENSHOT || path.join(dir, 'report.png');
    await light.screenshot({ path: shot, fullPage: true });
    assert(fs.statSync(shot).size > 20_000, 'the screenshot shows a page');
    const page = await read(light);
    equal(page.records, want.records, 'records');
    equal(page.errors, want.errors, 'errors');
    equal(page.mean, want.mean, 'mean score');
    equal(page.bins, want.bins, 'overall score histogram');
    equal(page.grades, want.grades, 'grades');
    const listed = Object.keys(page.rules);
    assert(listed.length >= 7, `the page lists the common findings: ${listed.length}`);
    for (const rule of listed) equal(page.rules[rule], want.rules[rule], `records with ${rule}`);
    assert(page.external.length === 0 && requests.every((u) => u.startsWith('file:')), `self-contained: ${page.external} ${requests}`);

    const dark = await browser.newPage({ viewport: { width: 1000, height: 900 }, colorScheme: 'dark' });
    await dark.goto('file://' + report, { waitUntil: 'load' });
    const night = await read(dark);
    assert(brightness(page.background) > 600 && brightness(night.background) < 150,
      `light and dark schemes: ${page.background} / ${night.background}`);
    assert(night.bar !== page.bar, 'bars change colour with the scheme');
    console.log(`report: ${want.records} records and ${want.errors} errors agree with the page, light and dark (screenshot ${shot})`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(`FAIL report: ${err.message}`);
  process.exit(1);
});
