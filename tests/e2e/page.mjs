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
  return Number((await page.textContent('#score')).trim());
}

async function checkProfile(page, text) {
  await page.click('[data-kind="profile"]');
  await page.fill('#text', text);
  return runCheck(page, '/api/v1/check');
}

// A small valid PNG (a coloured gradient), for runs without PITCHLINT_PHOTOS.
function png(width, height, tint) {
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
      row[1 + x * 3] = (x * 255) / width;
      row[2 + x * 3] = (y * 255) / height;
      row[3 + x * 3] = tint;
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
    { name: 'sill.png', mimeType: 'image/png', buffer: png(160, 120, 200) },
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
    page.on('pageerror', (err) => pageErrors.push(err.message));

    await step('page opens in Russian', async () => {
      const res = await page.goto(BASE, { waitUntil: 'load' });
      assert(res && res.ok(), `GET ${BASE} answered ${res && res.status()}`);
      const label = (await page.textContent('#check')).trim();
      assert(label === 'Проверить', `check button reads "${label}", expected "Проверить"`);
    });

    let vagueScore;
    await step('vague profile scores low, with bars and highlights', async () => {
      vagueScore = await checkProfile(page, VAGUE);
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
      const marks = await page.locator('#highlighted mark.hl').allTextContents();
      assert(marks.length >= 1, 'no highlighted words in #highlighted');
      for (const mark of marks) {
        assert(mark.length > 0 && VAGUE.includes(mark), `highlight "${mark}" is not a piece of the input`);
      }
      const rule = await page.locator('#highlighted mark.hl').first().getAttribute('data-rule');
      assert(rule, 'highlight has no data-rule');
      const shown = await page.textContent('#highlighted');
      assert(shown === VAGUE, 'the re-rendered text differs from the input');
    });

    await step('specific profile scores higher', async () => {
      const score = await checkProfile(page, SPECIFIC);
      assert(score > vagueScore, `specific profile scored ${score}, not above the vague ${vagueScore}`);
      const marks = await page.locator('#highlighted mark.hl').allTextContents();
      for (const mark of marks) {
        assert(SPECIFIC.includes(mark), `highlight "${mark}" is not a piece of the input`);
      }
    });

    await step('portfolio shows findings inside photo cards', async () => {
      await page.click('[data-kind="portfolio"]');
      assert(await page.locator('#dropzone').isVisible(), 'the drop zone is not shown on the portfolio tab');
      await page.setInputFiles('#photos', photoFiles());
      const cards = page.locator('#photo-list .photo');
      assert((await cards.count()) === 2, `expected 2 photo cards, found ${await cards.count()}`);
      await cards.nth(0).locator('input.caption').fill('Столешница из акрила, Казань');
      await cards.nth(1).locator('input.caption').fill('Подоконник');
      await runCheck(page, '/api/v1/portfolio');
      await page.locator('.photo .photo-finding').first().waitFor({ state: 'visible', timeout: TIMEOUT });
      const inCards = await page.locator('.photo .photo-finding').count();
      assert(inCards >= 1, 'no findings inside the photo cards');
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
