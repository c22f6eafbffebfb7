// End-to-end check of the `pitchlint serve` page in headless Chromium.
//
//   PITCHLINT_URL=http://127.0.0.1:18080 PITCHLINT_PHOTOS=a.png,b.jpg node page.mjs
//
// Env: PITCHLINT_URL (required), PITCHLINT_PHOTOS (two image paths; small
// generated PNGs when unset), PITCHLINT_SCREENSHOT (PNG path, optional),
// CHROMIUM (browser binary, default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import zlib from 'node:zlib';

const BASE = process.env.PITCHLINT_URL;
const TIMEOUT = 15_000;

const VAGUE =
  'Качественно и в срок выполним любые работы. Индивидуальный подход к каждому клиенту. Звоните!';

const SPECIFIC = `Делаю столешницы из кварцевого агломерата и акрила в Казани: 12 лет в деле, больше 400 кухонь.

Что делаю:
- кухонные столешницы и островы;
- подоконники;
- барные стойки;
- мойки из акрила, интегрированные в столешницу;
- фартуки и стеновые панели.

Материалы: кварцевый агломерат (Caesarstone, Technistone), акриловый камень (Grandex, Tristone), керамогранит.

Цены: от 12 000 ₽ за погонный метр из акрила, от 18 000 ₽ за погонный метр из кварца. Итог зависит от материала, толщины, вырезов под мойку и варочную панель. Замер по Казани бесплатно, выезжаю по Татарстану до 50 км.

Работаю по договору, гарантия 5 лет, свой цех на Горьковском шоссе. Срок — от 7 рабочих дней после замера.

Пришлите размеры — посчитаю за час.`;

let passed = 0;

class StepError extends Error {}

function assert(condition, message) {
  if (!condition) throw new StepError(message);
}

async function step(name, fn) {
  try {
    await fn();
  } catch (err) {
    const why = err instanceof StepError ? err.message : (err && err.stack) || String(err);
    console.error(`FAIL ${passed + 1}. ${name}: ${why}`);
    throw Object.assign(err, { reported: true });
  }
  passed += 1;
  console.log(`ok ${passed}. ${name}`);
}

// Presses #check and waits until the page has rendered the server's answer.
async function runCheck(page, route) {
  const response = page.waitForResponse((r) => r.url().endsWith(route) && r.request().method() === 'POST');
  await page.click('#check');
  const res = await response;
  assert(res.ok(), `POST ${route} answered ${res.status()}: ${await res.text()}`);
  await page.waitForFunction(
    () => document.querySelector('#results').dataset.state === 'done' &&
      /^\d+$/.test(document.querySelector('#score').textContent.trim()),
    null,
    { timeout: TIMEOUT },
  );
  const error = await page.locator('#error').textContent();
  assert(!(await page.locator('#error').isVisible()), `the error box is shown: ${error}`);
  const score = Number((await page.textContent('#score')).trim());
  return { score, answer: await res.json() };
}

async function checkProfile(page, text) {
  await page.click('[data-kind="profile"]');
  await page.fill('#text', text);
  return runCheck(page, '/api/v1/check');
}

// The server's findings of one checked document, wherever the answer keeps them.
function findingsOf(answer) {
  const doc = answer.documents ? answer.documents[0] : answer;
  assert(Array.isArray(doc.findings), `no findings in the answer: ${JSON.stringify(answer).slice(0, 200)}`);
  return doc.findings;
}

// A byte offset of the UTF-8 text as a JavaScript (UTF-16) string index.
function charIndex(text, byte) {
  return Buffer.from(text, 'utf8').subarray(0, byte).toString('utf8').length;
}

// Every highlight sits exactly on its finding's span: the same start and end
// in the text the user typed, for the finding it names; and every finding
// whose span does not overlap a more important one is highlighted.
async function assertHighlightPlaces(page, text, answer) {
  const findings = findingsOf(answer);
  const marks = await page.locator('#highlighted').evaluate((root) => {
    const out = [];
    let pos = 0;
    for (const node of root.childNodes) {
      const len = node.textContent.length;
      if (node.nodeName === 'MARK') {
        out.push({ start: pos, end: pos + len, finding: Number(node.dataset.finding), rule: node.dataset.rule });
      }
      pos += len;
    }
    return out;
  });
  const expected = [];
  findings.forEach((f, i) => {
    if (!f.span) return;
    const start = charIndex(text, f.span.start);
    const end = charIndex(text, f.span.end);
    if (expected.some((e) => start < e.end && e.start < end)) return;
    expected.push({ start, end, finding: i, rule: f.rule });
  });
  expected.sort((a, b) => a.start - b.start);
  assert(marks.length === expected.length, `${marks.length} highlights for ${expected.length} placed findings`);
  marks.forEach((m, k) => {
    const e = expected[k];
    assert(
      m.start === e.start && m.end === e.end && m.finding === e.finding && m.rule === e.rule,
      `highlight ${k} of ${m.rule} at ${m.start}–${m.end} ("${text.slice(m.start, m.end)}"); ` +
        `its finding ${e.rule} is at ${e.start}–${e.end} ("${text.slice(e.start, e.end)}")`,
    );
  });
}

// A small valid PNG (a coloured gradient, dimmed by `light`), for runs
// without PITCHLINT_PHOTOS.
function png(width, height, tint, light = 1) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = ((x * 255) / width) * light;
      row[2 + x * 3] = ((y * 255) / height) * light;
      row[3 + x * 3] = tint * light;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function photoFiles() {
  const list = (process.env.PITCHLINT_PHOTOS || '').split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length) {
    assert(list.length === 2, `PITCHLINT_PHOTOS should name two images, got ${list.length}`);
    return list;
  }
  return [
    { name: 'kitchen.png', mimeType: 'image/png', buffer: png(160, 120, 40) },
    // Dark: only this photo's card may say so.
    { name: 'sill.png', mimeType: 'image/png', buffer: png(160, 120, 200, 0.1) },
  ];
}

async function main() {
  if (!BASE) {
    console.error('Set PITCHLINT_URL to the running `pitchlint serve`, e.g. http://127.0.0.1:18080');
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const pageErrors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    // Instant scrolling, so what is measured has stopped moving.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    page.on('pageerror', (err) => pageErrors.push(err.message));

    await step('page opens in Russian', async () => {
      const res = await page.goto(BASE, { waitUntil: 'load' });
      assert(res && res.ok(), `GET ${BASE} answered ${res && res.status()}`);
      const label = (await page.textContent('#check')).trim();
      assert(label === 'Проверить', `check button reads "${label}", expected "Проверить"`);
    });

    let vagueScore;
    await step('vague profile scores low, with bars and highlights', async () => {
      const { score, answer } = await checkProfile(page, VAGUE);
      vagueScore = score;
      assert(vagueScore < 70, `vague profile scored ${vagueScore}, expected below 70`);
      const bars = await page.locator('#dimensions .dim .bar').count();
      assert(bars >= 3, `expected at least 3 dimension bars, found ${bars}`);
      const width = await page.locator('#dimensions .dim .bar').first().evaluate((el) => el.style.width);
      const label = (await page.textContent('#dimensions .dim[data-dim="specificity"] .dim-label')).trim();
      assert(label === 'Конкретика', `dimension label "${label}" is not the server's Russian label`);
      assert(/^\d+(\.\d+)?%$/.test(width), `bar width "${width}" is not a percentage`);
      const findings = await page.locator('#findings .finding[data-rule]').count();
      assert(findings >= 1, 'no findings listed');
      const rules = await page.locator('#findings .finding[data-rule]').evaluateAll((cards) => cards.map((c) => c.dataset.rule));
      assert(new Set(rules).size === rules.length, `a rule has more than one card: ${rules.join(', ')}`);
      const fixes = await page.locator('#fixes .fix[data-rule]').count();
      assert(fixes >= 1 && fixes <= 3, `expected 1–3 items in "fix these first", found ${fixes}`);
      assert(await page.isVisible('#fixes-section'), '"fix these first" is hidden');
      const marks = await page.locator('#highlighted mark.hl').count();
      assert(marks >= 1, 'no highlighted words in #highlighted');
      const shown = await page.textContent('#highlighted');
      assert(shown === VAGUE, 'the re-rendered text differs from the input');
      await assertHighlightPlaces(page, VAGUE, answer);
    });

    await step('findings are grouped by dimension, folded, in plain words', async () => {
      const { answer } = await checkProfile(page, VAGUE);
      const findings = findingsOf(answer);
      // One group per dimension with findings, in the order of the first
      // (most important) finding of each, all folded.
      const expected = [...new Set(findings.map((f) => f.dimension))];
      const groups = await page.locator('#findings details.dim-group').evaluateAll((nodes) =>
        nodes.map((n) => ({ dim: n.dataset.dim, open: n.open, count: Number(n.querySelector('.dim-group-count').textContent) })));
      assert(JSON.stringify(groups.map((g) => g.dim)) === JSON.stringify(expected),
        `groups [${groups.map((g) => g.dim)}], dimensions of the findings [${expected}]`);
      assert(groups.every((g) => !g.open), 'a group is open before it is asked for');
      for (const g of groups) {
        const rules = new Set(findings.filter((f) => f.dimension === g.dim).map((f) => f.rule));
        assert(g.count === rules.size, `${g.dim}: ${g.count} cards for ${rules.size} rules`);
      }
      // A rule that fired many times is one card counting them all.
      const counts = {};
      for (const f of findings) counts[f.rule] = (counts[f.rule] || 0) + 1;
      const [rule, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
      assert(count > 1, 'the vague profile should repeat a rule');
      const repeats = (await page.textContent(`#findings .finding[data-rule="${rule}"] .repeats`)).trim();
      assert(repeats.startsWith(count + '×') && repeats.includes('«'), `${rule} fired ${count}×, its card says "${repeats}"`);
      // Rule ids and severity words only behind the details switch.
      const first = page.locator('#findings details.dim-group').first();
      await first.locator('summary').click();
      const card = first.locator('.finding').first();
      assert(!(await card.locator('.rule-id').isVisible()), 'a rule id shows without the details switch');
      await page.check('#details-toggle');
      assert(await card.locator('.rule-id').isVisible(), 'the details switch shows no rule id');
      await page.uncheck('#details-toggle');
      // "Why it matters" shows the rule's own explanation and examples.
      const cardRule = await card.getAttribute('data-rule');
      const explained = await (await page.request.get(`${BASE}/api/v1/rules/${cardRule}`)).json();
      await card.locator('.why').click();
      await card.locator('.why-body').waitFor({ state: 'visible', timeout: TIMEOUT });
      const shownExplain = (await card.locator('.why-explain').textContent()).trim();
      assert(shownExplain === explained.explain.trim(), `${cardRule}: the page explains "${shownExplain.slice(0, 60)}…"`);
      const shownBad = await card.locator('.why-examples.why-bad .why-text').first().textContent();
      assert(shownBad === explained.examples.bad[0].text, `${cardRule}: first bad example "${shownBad}"`);
    });

    await step('marks sit in the editor, under the words, and lead to their cards', async () => {
      const { answer } = await checkProfile(page, VAGUE);
      // The copy behind the editor is laid out exactly as the editor.
      const layout = await page.evaluate(() => {
        const t = document.querySelector('#text');
        const b = document.querySelector('#highlighted');
        return { tw: t.clientWidth, bw: b.clientWidth, th: t.scrollHeight, bh: b.scrollHeight };
      });
      assert(layout.tw === layout.bw && Math.abs(layout.th - layout.bh) <= 1,
        `editor ${layout.tw}×${layout.th}, marks ${layout.bw}×${layout.bh}`);
      // Clicking a card selects its words in the editor.
      const mark = page.locator('#highlighted mark.hl').first();
      const index = Number(await mark.getAttribute('data-finding'));
      const f = findingsOf(answer)[index];
      const rule = await mark.getAttribute('data-rule');
      const card = page.locator(`#findings .finding[data-rule="${rule}"]`);
      await card.evaluate((li) => { li.closest('details').open = true; });
      await card.locator('.finding-message').click();
      const sel = await page.evaluate(() => [document.querySelector('#text').selectionStart, document.querySelector('#text').selectionEnd]);
      const want = [charIndex(VAGUE, f.span.start), charIndex(VAGUE, f.span.end)];
      assert(JSON.stringify(sel) === JSON.stringify(want), `the card selected ${sel}, its words are at ${want}`);
      // Clicking the marked words in the editor opens their card.
      await card.evaluate((li) => { li.closest('details').open = false; });
      await page.locator('#text').scrollIntoViewIfNeeded();
      const box = await mark.boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      assert(await card.evaluate((li) => li.closest('details').open), 'a click on marked words did not open their card');
      // Once the text changes, its marks go.
      await page.locator('#text').press('End');
      await page.keyboard.type(' ');
      assert((await page.locator('#highlighted mark.hl').count()) === 0, 'marks stay on a changed text');
    });

    await step('a sample fills the reply tab and checks', async () => {
      await page.click('[data-kind="reply"]');
      await page.click('#sample');
      const text = await page.inputValue('#text');
      const context = await page.inputValue('#context');
      assert(text.length > 10 && context.length > 10, `sample reply "${text}", job post "${context}"`);
      const { score, answer } = await runCheck(page, '/api/v1/check');
      assert(score < 60, `the sample reply is meant to show what to fix, scored ${score}`);
      // The details of the job post the reply missed, as the server lists them.
      const doc = answer.documents ? answer.documents[0] : answer;
      assert(doc.context && doc.context.missed.length > 0, `no missed details: ${JSON.stringify(doc.context)}`);
      const missed = await page.locator('#context-missed .context-item').allTextContents();
      assert(JSON.stringify(missed) === JSON.stringify(doc.context.missed),
        `the page lists [${missed}] as missed, the server [${doc.context.missed}]`);
      // …and marked in the job post itself, green for picked, red for missed.
      const marked = await page.locator('#context-marks mark.ctx-missed').allTextContents();
      const inPost = doc.context.missed.filter((m) => context.toLowerCase().includes(m.toLowerCase()));
      assert(inPost.length > 0 && JSON.stringify(marked.map((m) => m.toLowerCase()).sort()) === JSON.stringify(inPost.map((m) => m.toLowerCase()).sort()),
        `missed details marked in the post: [${marked}], named in it: [${inPost}]`);
      assert((await page.textContent('#context-marks')) === context, 'the marked job post differs from the one typed');
      await page.click('[data-kind="profile"]');
    });

    await step('the conversation tab scores a chat export', async () => {
      await page.click('[data-kind="conversation"]');
      assert(!(await page.isVisible('#draft')), 'a draft is offered for a chat export');
      await page.click('#sample');
      const { answer } = await runCheck(page, '/api/v1/check');
      const doc = answer.documents ? answer.documents[0] : answer;
      assert(doc.kind === 'conversation', `checked as ${doc.kind}`);
      // The sample leaves one client unanswered: the page must say so.
      const rules = findingsOf(answer).map((f) => f.rule);
      assert(rules.some((r) => /unanswered/.test(r)), `no unanswered thread found: ${rules}`);
      const groups = await page.locator('#findings details.dim-group').count();
      assert(groups >= 1, 'no findings shown for the chat export');
      // Response times: one bar per bucket, with the server's counts.
      const counts = await page.locator('#response-chart .bucket-count').allTextContents();
      assert(JSON.stringify(counts.map(Number)) === JSON.stringify(doc.response.buckets),
        `the chart shows [${counts}], the server counted [${doc.response.buckets}]`);
      // A log picked from a file is read into the editor.
      const csv = 'thread,time,from,text\nt9,2026-11-16 09:00,client,"Сколько стоит?"\n';
      await page.setInputFiles('#log-file', { name: 'log.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      // The file is read asynchronously.
      await page.waitForFunction((want) => document.querySelector('#text').value === want, csv, { timeout: TIMEOUT })
        .catch(() => { throw new Error('the picked file did not reach the editor'); });
      await page.click('[data-kind="profile"]');
    });

    await step('specific profile scores higher, highlights in place', async () => {
      const { score, answer } = await checkProfile(page, SPECIFIC);
      assert(score > vagueScore, `specific profile scored ${score}, not above the vague ${vagueScore}`);
      await assertHighlightPlaces(page, SPECIFIC, answer);
    });

    await step('a draft is built from the profile and goes into the editor', async () => {
      await checkProfile(page, VAGUE);
      const response = page.waitForResponse((r) => r.url().endsWith('/api/v1/draft'));
      await page.click('#draft');
      const res = await response;
      assert(res.ok(), `POST /api/v1/draft answered ${res.status()}`);
      const answer = await res.json();
      await page.locator('#draft-text').waitFor({ state: 'visible', timeout: TIMEOUT });
      const shown = await page.textContent('#draft-text');
      assert(shown === answer.text, 'the page shows another draft than the server built');
      assert(shown.startsWith('# ') && shown.includes('\n## Цены\n'), `no headline or prices section:\n${shown}`);
      assert(answer.placeholders >= 3 && (shown.match(/\[/g) || []).length >= answer.placeholders, `placeholders:\n${shown}`);
      // The general phrases are left out, not copied into the draft.
      assert(!shown.includes('Индивидуальный подход'), `a general phrase was kept:\n${shown}`);
      await page.click('#draft-use');
      assert((await page.inputValue('#text')) === answer.text, 'the draft did not go into the editor');
      assert(!(await page.isVisible('#draft-section')), 'the draft panel stays open');
    });

    await step('portfolio shows findings inside photo cards', async () => {
      await page.click('[data-kind="portfolio"]');
      assert(await page.locator('#dropzone').isVisible(), 'the drop zone is not shown on the portfolio tab');
      await page.setInputFiles('#photos', photoFiles());
      const cards = page.locator('#photo-list .photo');
      assert((await cards.count()) === 2, `expected 2 photo cards, found ${await cards.count()}`);
      // The button stays above the photos, in reach however many there are.
      const button = await page.locator('#check').boundingBox();
      const firstCard = await cards.nth(0).boundingBox();
      assert(button.y < firstCard.y, `«Проверить» at ${button.y} sits below the first photo at ${firstCard.y}`);
      await cards.nth(0).locator('textarea.caption').fill('Столешница из акрила, Казань');
      await cards.nth(1).locator('textarea.caption').fill('Подоконник');
      const { answer } = await runCheck(page, '/api/v1/portfolio');
      await page.locator('.photo .photo-finding').first().waitFor({ state: 'visible', timeout: TIMEOUT });
      // Each card shows exactly the findings about its own photo.
      const findings = findingsOf(answer);
      for (let k = 0; k < 2; k++) {
        const expected = findings.filter((f) => f.item === k + 1).map((f) => f.rule).sort();
        const shown = (
          await cards.nth(k).locator('.photo-finding').evaluateAll((items) => items.map((li) => li.dataset.rule))
        ).sort();
        assert(expected.length >= 1, `the server found nothing about photo ${k + 1}`);
        assert(
          JSON.stringify(shown) === JSON.stringify(expected),
          `photo ${k + 1}'s card shows [${shown}], its findings are [${expected}]`,
        );
      }
      // A long caption is kept whole, and a photo's findings are not listed twice.
      const long = 'Столешница из акрила Grandex 3,2 м с интегрированной мойкой, Казань, ЖК «Светлая долина», 2025 год';
      await cards.nth(0).locator('textarea.caption').fill(long);
      assert((await cards.nth(0).locator('textarea.caption').inputValue()) === long, 'the long caption was cut');
      await cards.nth(0).locator('textarea.caption').fill('Столешница из акрила, Казань');
      const listed = await page.locator('#findings .finding[data-rule]').evaluateAll((cards) => cards.map((c) => c.dataset.rule));
      const aboutPhotos = new Set(findings.filter((f) => Number.isInteger(f.item)).map((f) => f.rule));
      const wholePortfolio = new Set(findings.filter((f) => !Number.isInteger(f.item)).map((f) => f.rule));
      const twice = listed.filter((r) => aboutPhotos.has(r) && !wholePortfolio.has(r));
      assert(twice.length === 0, `photo findings listed again under the photos: ${twice}`);
      const verdict = await page.textContent('#verdict');
      assert(!/текст/i.test(verdict), `the verdict speaks of a text: "${verdict}"`);
      const dark = findings.filter((f) => /\.dark$/.test(f.rule)).map((f) => f.item);
      if (!process.env.PITCHLINT_PHOTOS) {
        assert(JSON.stringify(dark) === '[2]', `"dark" reported for photos [${dark}], expected [2]`);
      }
    });

    await step('the portfolio sample adds captioned photos that check', async () => {
      await page.click('[data-kind="portfolio"]');
      const before = await page.locator('#photo-list .photo').count();
      await page.click('#sample');
      await page.waitForFunction((n) => document.querySelectorAll('#photo-list .photo').length === n + 2, before, { timeout: TIMEOUT });
      const captions = await page.locator('#photo-list textarea.caption').evaluateAll((nodes) => nodes.map((n) => n.value));
      assert(captions.slice(-2).every((c) => c.length > 0), `sample captions: ${captions}`);
      const { answer } = await runCheck(page, '/api/v1/portfolio');
      const dark = findingsOf(answer).filter((f) => /\.dark$/.test(f.rule)).map((f) => f.item);
      assert(dark.includes(before + 2), `the dark sample photo ${before + 2} is not called dark: [${dark}]`);
    });

    await step('on a phone the result scrolls into view, and texts survive a reload', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.click('[data-kind="profile"]');
      await page.fill('#text', VAGUE);
      await runCheck(page, '/api/v1/check');
      await page.waitForFunction(() => {
        const box = document.querySelector('#score').getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      }, null, { timeout: TIMEOUT });
      await page.click('[data-kind="reply"]');
      await page.fill('#context', 'Нужна розетка на кухне, Казань.');
      await page.fill('#text', 'Здравствуйте! Поставлю розетку завтра.');
      await page.reload({ waitUntil: 'load' });
      assert((await page.inputValue('#text')) === 'Здравствуйте! Поставлю розетку завтра.', 'the reply was lost on reload');
      assert((await page.inputValue('#context')) === 'Нужна розетка на кухне, Казань.', 'the job post was lost on reload');
      assert((await page.getAttribute('[data-kind="reply"]', 'aria-selected')) === 'true', 'the reply tab was not restored');
      await page.click('[data-kind="profile"]');
      assert((await page.inputValue('#text')) === VAGUE, 'the profile was lost on reload');
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await step('interface switches to English', async () => {
      await page.click('#ui-lang');
      const label = (await page.textContent('#check')).trim();
      assert(label === 'Check', `check button reads "${label}", expected "Check"`);
    });

    if (process.env.PITCHLINT_SCREENSHOT) {
      await step('screenshot of a checked profile', async () => {
        await page.click('#ui-lang');
        await page.setViewportSize({ width: 1280, height: 900 });
        await checkProfile(page, VAGUE);
        await page.screenshot({ path: process.env.PITCHLINT_SCREENSHOT, fullPage: true });
      });
    }

    await step('no script errors on the page', async () => {
      assert(pageErrors.length === 0, `uncaught errors: ${pageErrors.join('; ')}`);
    });
  } finally {
    await browser.close();
  }
}

main().then(
  () => {
    console.log(`${passed} passed, 0 failed`);
  },
  (err) => {
    if (!err.reported) console.error(`FAIL: ${(err && err.stack) || err}`);
    console.log(`${passed} passed, 1 failed`);
    process.exitCode = 1;
  },
);
