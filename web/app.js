'use strict';

(() => {
  // Every interface string, per interface language. Findings' messages come
  // from the server in the document's own language and are shown as they are.
  const I18N = {
    ru: {
      tagline: 'Проверка текстов для маркетплейса услуг',
      tabsLabel: 'Что проверить',
      uiLangButton: 'EN',
      uiLangAria: 'Switch interface to English',
      'kind.profile': 'Профиль',
      'kind.reply': 'Отклик на заказ',
      'kind.review-reply': 'Ответ на отзыв',
      'kind.portfolio': 'Портфолио',
      'kind.conversation': 'Переписка',
      'hint.conversation': 'Вставьте выгрузку переписки с клиентами (CSV или JSON Lines: thread, time, from, text) — проверим, как быстро и как по делу вы отвечаете.',
      'textLabel.conversation': 'Выгрузка переписки',
      'placeholder.conversation': 'thread,time,from,text\nt1,2026-11-16 09:00,client,"Сколько стоит…"',
      'hint.profile': 'Вставьте текст профиля целиком — покажем, что в нём слабо и как это исправить.',
      'hint.reply': 'Вставьте заказ клиента и свой отклик — проверим, отвечает ли отклик на заказ.',
      'hint.review-reply': 'Вставьте отзыв клиента и свой ответ на него.',
      'hint.portfolio': 'Добавьте фото своих работ и подпишите каждое: что сделано, из чего, где.',
      'textLabel.profile': 'Текст профиля',
      'textLabel.reply': 'Ваш отклик',
      'textLabel.review-reply': 'Ваш ответ на отзыв',
      'contextLabel.reply': 'Текст заказа (необязательно)',
      'contextLabel.review-reply': 'Отзыв клиента (необязательно)',
      'placeholder.profile': 'Например: Делаю столешницы из акрила и кварцевого агломерата в Казани…',
      'placeholder.reply': 'Здравствуйте! Сделаю столешницу 2,4 м из акрила…',
      'placeholder.review-reply': 'Спасибо за отзыв! …',
      'contextPlaceholder.reply': 'Что написал клиент в заказе',
      'contextPlaceholder.review-reply': 'Что написал клиент в отзыве',
      inputHeading: 'Ваш текст',
      dropTitle: 'Перетащите фото сюда',
      dropSub: 'или нажмите, чтобы выбрать файлы',
      captionLabel: 'Подпись',
      captionPlaceholder: 'Что на фото: изделие, материал, город',
      removePhoto: 'Убрать фото',
      docLang: 'Язык текста',
      'docLang.auto': 'определить сам',
      'docLang.ru': 'русский',
      'docLang.en': 'английский',
      check: 'Проверить',
      draft: 'Собрать черновик',
      privacy: 'Тексты хранятся только в этом браузере; на сервере ничего не сохраняется.',
      draftHeading: 'Черновик',
      draftNote: 'Собран из ваших же предложений; в [скобках] — совет, что дописать.',
      draftUse: 'Перенести в редактор',
      shortcut: 'Ctrl + Enter — проверить',
      resultsHeading: 'Результат',
      placeholder: 'Здесь появятся оценка и советы. Вставьте текст и нажмите «Проверить».',
      stale: 'Текст изменён — нажмите «Проверить» ещё раз.',
      dimensionsHeading: 'По направлениям',
      findingsHeading: 'Что исправить',
      fixesHeading: 'Исправьте в первую очередь',
      points: 'балл.',
      more: 'ещё',
      trade: 'Специализация',
      market: 'Рынок',
      noFindings: 'Замечаний нет — можно публиковать.',
      notJudged: 'не оценивается',
      auxDim: 'не входит в итоговую оценку',
      weight: 'вес',
      advice: 'Совет: ',
      line: 'строка',
      photo: 'фото',
      wholeText: 'весь текст',
      showInText: 'Показать в тексте',
      showPhoto: 'Показать фото',
      why: 'Почему это важно',
      logFile: 'или выберите файл выгрузки (.csv, .jsonl)',
      responseFacts: 'Обращений: {threads}, отвечено: {answered}; медиана первого ответа: {median}; в течение часа: {hour}%',
      responseChart: 'Первые ответы по времени',
      'bucket.0': '≤15 мин',
      'bucket.1': '15–60 мин',
      'bucket.2': '1–3 ч',
      'bucket.3': '3–12 ч',
      'bucket.4': '>12 ч',
      'bucket.5': 'без ответа',
      minutes: 'мин',
      hours: 'ч',
      'picked.reply': 'Из заявки вы упомянули',
      'missed.reply': 'Не упомянули',
      'picked.review-reply': 'Из отзыва вы упомянули',
      'missed.review-reply': 'Не упомянули',
      exampleBad: 'Так хуже:',
      exampleGood: 'Так лучше:',
      details: 'Подробности: правила и строки',
      sample: 'Вставить пример',
      'sev.error': 'ошибка',
      'sev.warning': 'предупреждение',
      'sev.info': 'замечание',
      'grade.A': 'Отлично: можно публиковать',
      'grade.B': 'Хорошо: осталось немного доработать',
      'grade.C': 'Средне: есть что усилить',
      'grade.D': 'Слабо: стоит доработать',
      'grade.E': 'Плохо: лучше переделать',
      noScore: 'Оценить не получилось: не хватает материала',
      textLang: 'язык',
      'lang.ru': 'русский',
      'lang.en': 'английский',
      errEmptyText: 'Вставьте текст, который нужно проверить.',
      errNoPhotos: 'Добавьте хотя бы одно фото.',
      errNetwork: 'Не удалось связаться с сервером pitchlint. Он запущен?',
      errStatus: 'Сервер ответил ошибкой {status}.',
      errTooLarge: 'Слишком большой запрос — сократите текст или уменьшите число фото.',
      errBadResponse: 'Сервер прислал ответ, который не удалось прочитать.',
      errSkipped: 'Это не изображения, они пропущены: {names}',
    },
    en: {
      tagline: 'Checks your texts for a services marketplace',
      tabsLabel: 'What to check',
      uiLangButton: 'RU',
      uiLangAria: 'Переключить интерфейс на русский',
      'kind.profile': 'Profile',
      'kind.reply': 'Reply to a job',
      'kind.review-reply': 'Review answer',
      'kind.portfolio': 'Portfolio',
      'kind.conversation': 'Conversations',
      'hint.conversation': 'Paste an export of your chats with clients (CSV or JSON Lines: thread, time, from, text): we check how fast and how usefully you answer.',
      'textLabel.conversation': 'Chat export',
      'placeholder.conversation': 'thread,time,from,text\nt1,2026-11-16 09:00,client,"How much for…"',
      'hint.profile': 'Paste your whole profile: we show what is weak in it and how to fix it.',
      'hint.reply': 'Paste the client\'s job post and your reply: we check that the reply answers it.',
      'hint.review-reply': 'Paste the client\'s review and your answer to it.',
      'hint.portfolio': 'Add photos of your work and caption each: what was made, from what, where.',
      'textLabel.profile': 'Profile text',
      'textLabel.reply': 'Your reply',
      'textLabel.review-reply': 'Your answer to the review',
      'contextLabel.reply': 'Job post (optional)',
      'contextLabel.review-reply': 'Client\'s review (optional)',
      'placeholder.profile': 'For example: I make acrylic and quartz countertops in Kazan…',
      'placeholder.reply': 'Hello! I can make a 2.4 m acrylic countertop…',
      'placeholder.review-reply': 'Thank you for the review! …',
      'contextPlaceholder.reply': 'What the client wrote in the job post',
      'contextPlaceholder.review-reply': 'What the client wrote in the review',
      inputHeading: 'Your text',
      dropTitle: 'Drop photos here',
      dropSub: 'or tap to pick files',
      captionLabel: 'Caption',
      captionPlaceholder: 'What is shown: item, material, city',
      removePhoto: 'Remove photo',
      docLang: 'Text language',
      'docLang.auto': 'detect',
      'docLang.ru': 'Russian',
      'docLang.en': 'English',
      draft: 'Build a draft',
      privacy: 'Your texts stay in this browser; the server keeps nothing.',
      draftHeading: 'Draft',
      draftNote: 'Built from your own sentences; what is in [brackets] is advice on what to add.',
      draftUse: 'Put it in the editor',
      check: 'Check',
      shortcut: 'Ctrl + Enter to check',
      resultsHeading: 'Result',
      placeholder: 'Your score and advice will appear here. Paste a text and press “Check”.',
      stale: 'The text has changed: press “Check” again.',
      dimensionsHeading: 'By dimension',
      findingsHeading: 'What to fix',
      fixesHeading: 'Fix these first',
      points: 'pts',
      more: 'more',
      trade: 'Trade',
      market: 'Market',
      noFindings: 'No findings: ready to publish.',
      notJudged: 'not judged',
      auxDim: 'not part of the overall score',
      weight: 'weight',
      advice: 'Tip: ',
      line: 'line',
      photo: 'photo',
      wholeText: 'whole text',
      showInText: 'Show in the text',
      showPhoto: 'Show the photo',
      why: 'Why it matters',
      logFile: 'or pick an export file (.csv, .jsonl)',
      responseFacts: 'Requests: {threads}, answered: {answered}; median first answer: {median}; within an hour: {hour}%',
      responseChart: 'First answers by time',
      'bucket.0': '≤15 min',
      'bucket.1': '15–60 min',
      'bucket.2': '1–3 h',
      'bucket.3': '3–12 h',
      'bucket.4': '>12 h',
      'bucket.5': 'no answer',
      minutes: 'min',
      hours: 'h',
      'picked.reply': 'From the job post you mentioned',
      'missed.reply': 'Not mentioned',
      'picked.review-reply': 'From the review you mentioned',
      'missed.review-reply': 'Not mentioned',
      exampleBad: 'Weaker:',
      exampleGood: 'Better:',
      details: 'Details: rules and lines',
      sample: 'Insert an example',
      'sev.error': 'error',
      'sev.warning': 'warning',
      'sev.info': 'info',
      'grade.A': 'Excellent: ready to publish',
      'grade.B': 'Good: a little more polish',
      'grade.C': 'Fair: some parts need work',
      'grade.D': 'Weak: needs more work',
      'grade.E': 'Poor: better rewrite it',
      noScore: 'Could not score: not enough to judge',
      textLang: 'language',
      'lang.ru': 'Russian',
      'lang.en': 'English',
      errEmptyText: 'Paste the text you want to check.',
      errNoPhotos: 'Add at least one photo.',
      errNetwork: 'Could not reach the pitchlint server. Is it running?',
      errStatus: 'The server answered with error {status}.',
      errTooLarge: 'The request is too large: shorten the text or send fewer photos.',
      errBadResponse: 'The server sent an answer that could not be read.',
      errSkipped: 'Not images, skipped: {names}',
    },
  };

  const KINDS = ['profile', 'reply', 'review-reply', 'conversation', 'portfolio'];
  const SEVERITIES = ['error', 'warning', 'info'];
  const UI_KEY = 'pitchlint.ui-lang';
  // The texts of each tab, kept in this browser only so a reload loses
  // nothing; the server stores nothing.
  const TEXTS_KEY = 'pitchlint.texts';
  const SAMPLE_CAPTIONS = {
    ru: ['Столешница из кварцевого агломерата 3,2 м, Казань, монтаж за 2 дня', 'Подоконник'],
    en: ['Quartz worktop, 3.2 m, Leeds, fitted in 2 days', 'Window sill'],
  };
  // Whether rule ids, severities and lines are shown.
  const DETAILS_KEY = 'pitchlint.details';

  // A middling text per tab, in the interface language, to see what the
  // checks say before writing one's own.
  const SAMPLES = {
    ru: {
      profile: {
        text: 'Здравствуйте! Меня зовут Олег, делаю ремонт квартир под ключ. Качественно и в срок, индивидуальный подход к каждому клиенту. Работаю с плиткой, ламинатом, гипсокартоном. Цены договорные. Звоните!',
      },
      reply: {
        context: 'Нужно поменять смеситель на кухне и сифон под мойкой, смеситель купили сами. Екатеринбург, Уралмаш.',
        text: 'Здравствуйте! Сделаю быстро и качественно, опыт 10 лет. Пишите.',
      },
      'review-reply': {
        context: 'Плитку в ванной положили ровно, но затирку у ванны так и не доделали, мастер больше не отвечает.',
        text: 'Спасибо за отзыв. Мастер был на другом объекте, у нас много заказов.',
      },
      conversation: {
        text: [
          'thread,time,from,text',
          't1,2026-11-16 09:00,client,"Здравствуйте! Сколько стоит заменить смеситель на кухне?"',
          't1,2026-11-16 09:20,contractor,"Здравствуйте! 1500 ₽ за работу, могу сегодня после 18:00. Смеситель у вас уже есть?"',
          't2,2026-11-16 11:00,client,"Нужно повесить три полки в детской, стены бетон."',
          't2,2026-11-17 10:30,contractor,"Можно."',
          't3,2026-11-16 15:00,client,"Добрый день, вы делаете откосы на окнах?"',
        ].join('\n'),
      },
    },
    en: {
      profile: {
        text: "Hi, I'm Dave, a local handyman. No job too small, quality work at fair prices. I do everything from painting to plumbing. Call me for a quote!",
      },
      reply: {
        context: 'Need a new extractor fan in the bathroom, the old one is noisy. 100 mm duct, ceiling mounted. Leeds LS6.',
        text: 'Hi, can do this, lots of experience. Message me.',
      },
      'review-reply': {
        context: 'Fence looks great but the gate now sticks and they left offcuts in the garden.',
        text: 'Thanks for the review. The gate sticks because the wood swells in the rain, that is normal.',
      },
      conversation: {
        text: [
          'thread,time,from,text',
          't1,2026-11-16 09:00,client,"Hi, how much to replace a kitchen tap?"',
          't1,2026-11-16 09:20,contractor,"Hi! £80 labour, I could come today after 6. Have you got the tap already?"',
          't2,2026-11-16 11:00,client,"Need three shelves put up in the kids room, brick walls."',
          't2,2026-11-17 10:30,contractor,"Can do."',
          't3,2026-11-16 15:00,client,"Hello, do you do window reveals?"',
        ].join('\n'),
      },
    },
  };

  const $ = (id) => document.getElementById(id);
  const els = {
    uiLang: $('ui-lang'),
    tabs: Array.from(document.querySelectorAll('.tab[data-kind]')),
    hint: $('kind-hint'),
    contextField: $('context-field'),
    contextLabel: $('context-label'),
    context: $('context'),
    textField: $('text-field'),
    textLabel: $('text-label'),
    text: $('text'),
    photosField: $('photos-field'),
    dropzone: $('dropzone'),
    photos: $('photos'),
    photoList: $('photo-list'),
    lang: $('lang'),
    check: $('check'),
    draft: $('draft'),
    sample: $('sample'),
    detailsToggle: $('details-toggle'),
    draftSection: $('draft-section'),
    draftText: $('draft-text'),
    draftUse: $('draft-use'),
    error: $('error'),
    highlighted: $('highlighted'),
    results: $('results'),
    badge: $('badge'),
    score: $('score'),
    grade: $('grade'),
    verdict: $('verdict'),
    meta: $('meta'),
    dimensions: $('dimensions'),
    findingsHeading: $('findings-heading'),
    findings: $('findings'),
    fixes: $('fixes'),
    fixesSection: $('fixes-section'),
    contextNotes: $('context-notes'),
    contextMarks: $('context-marks'),
    response: $('response'),
    responseFacts: $('response-facts'),
    responseChart: $('response-chart'),
    logFileField: $('log-file-field'),
    logFile: $('log-file'),
    contextPicked: $('context-picked'),
    contextMissed: $('context-missed'),
  };

  const state = {
    ui: 'ru',
    kind: 'profile',
    // Each text tab keeps its own draft, so switching tabs loses nothing.
    drafts: {
      profile: { text: '', context: '' },
      reply: { text: '', context: '' },
      'review-reply': { text: '', context: '' },
      conversation: { text: '', context: '' },
    },
    photos: [], // { id, file, url, caption }
    nextPhotoId: 1,
    // Last result per kind, with a snapshot of what was sent: spans point
    // into the sent text, items into the sent photo order.
    results: {},
    controller: null,
  };

  // ---------- helpers ----------

  function t(key, vars) {
    const dict = I18N[state.ui];
    let s = key in dict ? dict[key] : I18N.ru[key];
    if (s === undefined) return key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
    return s;
  }

  // Dimension, trade and market labels come from the server, which
  // declares them once.
  const DIMENSIONS = {};
  const TRADES = {};
  const MARKETS = {};
  fetch('/api/v1/rules')
    .then((r) => (r.ok ? r.json() : { dimensions: [] }))
    .then((j) => {
      for (const d of j.dimensions || []) DIMENSIONS[d.id] = d;
      for (const d of j.trades || []) TRADES[d.id] = d;
      for (const d of j.markets || []) MARKETS[d.id] = d;
      document.querySelectorAll('.dim[data-dim] .dim-label').forEach((label) => {
        label.textContent = dimLabel(label.parentElement.dataset.dim);
      });
    })
    .catch(() => {});

  function dimLabel(name) {
    const d = DIMENSIONS[name];
    return (d && d[state.ui]) || name;
  }

  /** A trade's or market's name in the interface language; its id until the names arrive. */
  function tagName(table, id) {
    const d = table[id];
    return (d && (d[state.ui] || d.en || d.ru)) || id;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function severityOf(finding) {
    return SEVERITIES.includes(finding.severity) ? finding.severity : 'info';
  }

  const reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  function flash(node) {
    node.scrollIntoView({ behavior: reduceMotion ? 'auto' : 'smooth', block: 'nearest' });
    node.classList.remove('flash');
    void node.offsetWidth; // restart the animation on repeated clicks
    node.classList.add('flash');
  }

  // Maps UTF-8 byte offsets (as the server reports spans) to UTF-16 string
  // indices: entry b is the index where byte b starts a character, else -1.
  function byteIndexMap(text) {
    const bytes = new TextEncoder().encode(text).length;
    const map = new Int32Array(bytes + 1).fill(-1);
    let b = 0;
    for (let i = 0; i < text.length;) {
      map[b] = i;
      const cp = text.codePointAt(i);
      b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += cp > 0xffff ? 2 : 1;
    }
    map[bytes] = text.length;
    return map;
  }

  function indexAt(map, byte) {
    if (!Number.isInteger(byte) || byte < 0 || byte >= map.length) return null;
    let b = byte;
    while (b > 0 && map[b] < 0) b--; // inside a character: snap to its start
    return map[b];
  }

  // ---------- interface language ----------

  function applyUiLang() {
    document.documentElement.lang = state.ui;
    for (const node of document.querySelectorAll('[data-i18n]')) {
      node.textContent = t(node.dataset.i18n);
    }
    for (const node of document.querySelectorAll('[data-i18n-aria-label]')) {
      node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
    }
    els.uiLang.textContent = t('uiLangButton');
    els.uiLang.setAttribute('aria-label', t('uiLangAria'));
    updateKindView();
    renderPhotos();
    renderResults();
  }

  function setUiLang(lang) {
    state.ui = lang === 'en' ? 'en' : 'ru';
    try { localStorage.setItem(UI_KEY, state.ui); } catch (e) { /* storage may be off */ }
    applyUiLang();
  }

  // ---------- tabs ----------

  function saveDraft() {
    const draft = state.drafts[state.kind];
    if (draft) {
      draft.text = els.text.value;
      draft.context = els.context.value;
    }
    try {
      localStorage.setItem(TEXTS_KEY, JSON.stringify({ kind: state.kind, drafts: state.drafts }));
    } catch (e) { /* storage may be off or full */ }
  }

  function restoreTexts() {
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(TEXTS_KEY) || 'null'); } catch (e) { /* ignore */ }
    if (!saved || typeof saved.drafts !== 'object' || !saved.drafts) return;
    for (const kind of Object.keys(state.drafts)) {
      const d = saved.drafts[kind];
      if (d && typeof d.text === 'string' && typeof d.context === 'string') {
        state.drafts[kind] = { text: d.text, context: d.context };
      }
    }
    const kind = state.drafts[saved.kind] ? saved.kind : 'profile';
    state.kind = kind;
    els.text.value = state.drafts[kind].text;
    els.context.value = state.drafts[kind].context;
  }

  function selectKind(kind) {
    if (!KINDS.includes(kind) || kind === state.kind) return;
    saveDraft();
    state.kind = kind;
    const draft = state.drafts[kind];
    if (draft) {
      els.text.value = draft.text;
      els.context.value = draft.context;
    }
    clearError();
    updateKindView();
    renderResults();
  }

  function updateKindView() {
    const kind = state.kind;
    for (const tab of els.tabs) {
      const on = tab.dataset.kind === kind;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    const isPortfolio = kind === 'portfolio';
    const hasContext = kind === 'reply' || kind === 'review-reply';
    els.hint.textContent = t('hint.' + kind);
    els.textField.hidden = isPortfolio;
    els.photosField.hidden = !isPortfolio;
    els.photoList.hidden = !isPortfolio;
    els.contextField.hidden = !hasContext;
    els.draft.hidden = isPortfolio || kind === 'conversation';
    els.logFileField.hidden = kind !== 'conversation';
    els.draftSection.hidden = true;
    if (!isPortfolio) {
      els.textLabel.textContent = t('textLabel.' + kind);
      els.text.placeholder = t('placeholder.' + kind);
    }
    if (hasContext) {
      els.contextLabel.textContent = t('contextLabel.' + kind);
      els.context.placeholder = t('contextPlaceholder.' + kind);
    }
  }

  // ---------- photos ----------

  // Two photos drawn in the browser, one of them too dark, with captions of
  // different quality: enough to see what the portfolio checks say.
  async function addSamplePhotos() {
    const draw = (name, light) => new Promise((resolve) => {
      const canvas = document.createElement('canvas');
      canvas.width = 1200;
      canvas.height = 900;
      const g = canvas.getContext('2d');
      for (let x = 0; x < canvas.width; x += 40) {
        for (let y = 0; y < canvas.height; y += 40) {
          const v = ((x / 40 + y / 40) % 2 ? 200 : 90) * light;
          g.fillStyle = `rgb(${v}, ${v * 0.9}, ${v * 0.8})`;
          g.fillRect(x, y, 40, 40);
        }
      }
      canvas.toBlob((blob) => resolve(new File([blob], name, { type: 'image/jpeg' })), 'image/jpeg', 0.9);
    });
    const captions = SAMPLE_CAPTIONS[state.ui];
    const files = [await draw('kitchen.jpg', 1), await draw('sill.jpg', 0.08)];
    const first = state.photos.length;
    addFiles(files);
    captions.forEach((caption, i) => { if (state.photos[first + i]) state.photos[first + i].caption = caption; });
    renderPhotos();
  }

  function addFiles(fileList) {
    const files = Array.from(fileList || []);
    const skipped = [];
    for (const file of files) {
      if (file.type && !file.type.startsWith('image/')) {
        skipped.push(file.name);
        continue;
      }
      state.photos.push({ id: state.nextPhotoId++, file, url: URL.createObjectURL(file), caption: '' });
    }
    if (skipped.length) showError(t('errSkipped', { names: skipped.join(', ') }));
    else clearError();
    renderPhotos();
    renderResults();
  }

  function removePhoto(id) {
    const i = state.photos.findIndex((p) => p.id === id);
    if (i < 0) return;
    URL.revokeObjectURL(state.photos[i].url);
    state.photos.splice(i, 1);
    renderPhotos();
    renderResults();
  }

  function renderPhotos() {
    const frag = document.createDocumentFragment();
    state.photos.forEach((photo, i) => {
      const card = el('li', 'photo');
      card.dataset.id = String(photo.id);

      const img = el('img', 'thumb');
      img.src = photo.url;
      img.alt = photo.file.name;
      img.loading = 'lazy';

      const head = el('div', 'photo-head');
      head.append(el('span', 'photo-num', String(i + 1)), el('span', 'photo-name', photo.file.name));
      const remove = el('button', 'photo-remove', '×');
      remove.type = 'button';
      remove.title = t('removePhoto');
      remove.setAttribute('aria-label', t('removePhoto') + ' ' + photo.file.name);
      remove.addEventListener('click', () => removePhoto(photo.id));
      head.append(remove);

      const label = el('label', 'caption-label');
      label.append(el('span', 'visually-hidden', t('captionLabel') + ' ' + (i + 1)));
      // Captions run to a sentence or two: the field grows with them.
      const input = el('textarea', 'caption');
      input.rows = 2;
      input.value = photo.caption;
      input.placeholder = t('captionPlaceholder');
      input.addEventListener('input', () => {
        photo.caption = input.value;
        updateStale();
      });
      label.append(input);

      card.append(img, head, label, el('ul', 'photo-findings'));
      frag.append(card);
    });
    els.photoList.replaceChildren(frag);
  }

  function photoCard(id) {
    return els.photoList.querySelector('.photo[data-id="' + id + '"]');
  }

  // ---------- checking ----------

  function showError(message) {
    els.error.textContent = message;
    els.error.hidden = false;
  }

  function clearError() {
    els.error.textContent = '';
    els.error.hidden = true;
  }

  function buildRequest(kind) {
    const lang = els.lang.value;
    if (kind === 'portfolio') {
      if (!state.photos.length) return { error: t('errNoPhotos') };
      const form = new FormData();
      if (lang) form.append('lang', lang);
      // The server pairs each photo with the caption part that follows it.
      for (const photo of state.photos) {
        form.append('photo', photo.file, photo.file.name);
        form.append('caption', photo.caption);
      }
      return {
        url: 'api/v1/portfolio',
        init: { method: 'POST', body: form },
        snapshot: {
          photos: state.photos.map((p) => ({ id: p.id, name: p.file.name })),
          captions: state.photos.map((p) => p.caption),
        },
      };
    }
    const text = els.text.value;
    const context = els.context.value;
    if (!text.trim()) return { error: t('errEmptyText') };
    const body = { kind, text };
    if (kind === 'reply' && context.trim()) body.task = context;
    if (kind === 'review-reply' && context.trim()) body.review = context;
    if (lang) body.lang = lang;
    return {
      url: 'api/v1/check',
      init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
      snapshot: { text, context },
    };
  }

  // Sends a request and reads its JSON answer; a failure throws the
  // server's own message or a plain reason (an abort is rethrown as is).
  async function fetchJson(url, init) {
    let res;
    try {
      res = await fetch(url, init);
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new Error(t('errNetwork'));
    }
    let data = null;
    try { data = await res.json(); } catch (e) { /* not JSON; handled below */ }
    if (!res.ok) {
      if (data && typeof data.error === 'string' && data.error) throw new Error(data.error);
      throw new Error(res.status === 413 ? t('errTooLarge') : t('errStatus', { status: res.status }));
    }
    return data;
  }

  async function check() {
    clearError();
    const kind = state.kind;
    const req = buildRequest(kind);
    if (req.error) {
      showError(req.error);
      return;
    }
    if (state.controller) state.controller.abort();
    const controller = new AbortController();
    state.controller = controller;
    setBusy(true);
    try {
      const data = await fetchJson(req.url, { ...req.init, signal: controller.signal });
      const doc = data && Array.isArray(data.documents) ? data.documents[0] : data;
      if (!doc || typeof doc !== 'object' || typeof doc.dimensions !== 'object') {
        throw new Error(t('errBadResponse'));
      }
      if (!Array.isArray(doc.findings)) doc.findings = [];
      state.results[kind] = { doc, ...req.snapshot };
      if (state.kind === kind) {
        renderResults();
        // On a narrow screen the result sits below the editor: bring it up.
        if (window.matchMedia && window.matchMedia('(max-width: 700px)').matches) {
          els.results.scrollIntoView({ behavior: reduceMotion ? 'auto' : 'smooth', block: 'start' });
        }
      }
    } catch (err) {
      if (controller.signal.aborted) return;
      if (state.kind === kind) {
        showError(err.message || t('errBadResponse'));
        els.results.dataset.state = 'error';
      }
    } finally {
      if (state.controller === controller) {
        state.controller = null;
        setBusy(false);
      }
    }
  }

  // Asks the server for a draft of the text in the editor and shows it.
  async function draft() {
    clearError();
    const req = buildRequest(state.kind);
    if (req.error) {
      showError(req.error);
      return;
    }
    els.draft.classList.add('busy');
    try {
      const data = await fetchJson('api/v1/draft', req.init);
      if (!data || typeof data.text !== 'string') throw new Error(t('errBadResponse'));
      els.draftText.textContent = data.text;
      els.draftSection.hidden = false;
      els.draftSection.scrollIntoView({ block: 'start', behavior: 'smooth' });
    } catch (err) {
      showError(err.message || t('errBadResponse'));
    } finally {
      els.draft.classList.remove('busy');
    }
  }

  function setBusy(busy) {
    els.check.classList.toggle('busy', busy);
    els.results.setAttribute('aria-busy', String(busy));
    if (busy) els.results.dataset.state = 'loading';
  }

  // ---------- results ----------

  function isStale(entry) {
    if (!entry) return false;
    if (state.kind === 'portfolio') {
      const ids = state.photos.map((p) => p.id);
      return ids.length !== entry.photos.length ||
        ids.some((id, i) => id !== entry.photos[i].id) ||
        state.photos.some((p, i) => p.caption !== entry.captions[i]);
    }
    return els.text.value !== entry.text || els.context.value !== entry.context;
  }

  function updateStale() {
    const stale = isStale(state.results[state.kind]);
    els.results.classList.toggle('stale', stale);
    // Marks belong to the text as it was checked: once it changes they go.
    if (stale) {
      showPlainText();
      els.contextMarks.textContent = els.context.value;
    }
  }

  function renderResults() {
    const entry = state.results[state.kind];
    for (const list of els.photoList.querySelectorAll('.photo-findings')) list.replaceChildren();
    els.results.classList.toggle('empty', !entry);
    els.results.dataset.state = entry ? 'done' : 'empty';
    if (!entry) {
      els.score.textContent = '—';
      els.grade.textContent = '—';
      els.badge.className = 'badge';
      els.dimensions.replaceChildren();
      els.findings.replaceChildren();
      els.fixes.replaceChildren();
      els.fixesSection.hidden = true;
      els.contextNotes.hidden = true;
      els.contextMarks.textContent = els.context.value;
      els.response.hidden = true;
      showPlainText();
      updateStale();
      return;
    }
    const doc = entry.doc;
    const hasScore = Number.isFinite(doc.score);
    els.score.textContent = hasScore ? String(doc.score) : '—';
    els.grade.textContent = doc.grade || '—';
    els.badge.className = 'badge grade-' + (doc.grade || 'none');
    els.verdict.textContent = doc.grade && hasScore ? t('grade.' + doc.grade) : t('noScore');
    const kindName = KINDS.includes(doc.kind) ? t('kind.' + doc.kind) : doc.kind;
    const langName = doc.lang ? t('lang.' + doc.lang) : '';
    const trades = Array.isArray(doc.trades) ? doc.trades : [];
    els.meta.textContent = [
      kindName,
      langName && t('textLang') + ': ' + langName,
      trades.length ? t('trade') + ': ' + trades.map((id) => tagName(TRADES, id)).join(', ') : '',
      doc.market ? t('market') + ': ' + tagName(MARKETS, doc.market) : '',
    ].filter(Boolean).join(' · ');

    renderFixes(Array.isArray(doc.top_fixes) ? doc.top_fixes : []);
    renderContextNotes(doc);
    renderResponse(doc.response);
    renderDimensions(doc.dimensions);

    let targets;
    if (state.kind === 'portfolio') {
      targets = renderPhotoFindings(doc.findings, entry.photos);
    } else {
      targets = renderHighlighted(entry.text, doc.findings);
    }
    renderFindings(doc.findings, targets, entry);
    updateStale();
  }

  // The three rules that cost most, severity first; a rule that fired many
  // times is one item listing what it matched.
  function renderFixes(fixes) {
    const frag = document.createDocumentFragment();
    for (const fix of fixes.slice(0, 3)) {
      const li = el('li', 'fix sev-' + (fix.severity || 'info'));
      li.dataset.rule = fix.rule || '';
      li.append(el('p', 'fix-advice', fix.suggestion || ''));
      const cost = '−' + fix.points + ' ' + t('points');
      const matches = Array.isArray(fix.matches) ? fix.matches : [];
      const detail = matches.length
        ? fix.count + '× · ' + matches.join(', ') + (fix.count > matches.length ? ', …' : '') + ' · ' + cost
        : cost;
      li.append(el('p', 'fix-detail', detail));
      frag.append(li);
    }
    els.fixes.replaceChildren(frag);
    els.fixesSection.hidden = fixes.length === 0;
  }

  // Which details of the job post (or review) the text picked up and which
  // it missed, in the words the advice uses.
  function renderContextNotes(doc) {
    const notes = doc.context;
    const line = (node, key, items) => {
      node.hidden = !items.length;
      node.replaceChildren();
      if (!items.length) return;
      node.append(el('span', 'context-label', t(key + '.' + doc.kind) + ': '));
      items.forEach((item, i) => {
        if (i) node.append(', ');
        node.append(el('span', 'context-item', item));
      });
    };
    const picked = (notes && notes.picked) || [];
    const missed = (notes && notes.missed) || [];
    line(els.contextPicked, 'picked', picked);
    line(els.contextMissed, 'missed', missed);
    els.contextNotes.hidden = !picked.length && !missed.length;
    markContext(picked, missed);
  }

  // The job post (or review) with the details the text took up marked
  // green and those it missed red, where the post names them.
  function markContext(picked, missed) {
    const text = els.context.value;
    const places = [];
    for (const [items, cls] of [[picked, 'picked'], [missed, 'missed']]) {
      for (const item of items) {
        const at = text.toLowerCase().indexOf(item.toLowerCase());
        if (at < 0) continue;
        const end = at + item.length;
        if (places.some((p) => at < p.end && p.start < end)) continue;
        places.push({ start: at, end, cls, item });
      }
    }
    places.sort((a, b) => a.start - b.start);
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const p of places) {
      if (p.start > pos) frag.append(text.slice(pos, p.start));
      const mark = el('mark', 'ctx ctx-' + p.cls, text.slice(p.start, p.end));
      mark.dataset.item = p.item;
      frag.append(mark);
      pos = p.end;
    }
    if (pos < text.length) frag.append(text.slice(pos));
    els.contextMarks.replaceChildren(frag);
    els.contextMarks.scrollTop = els.context.scrollTop;
  }

  // A conversation log's first answers: the key figures and a bar per
  // time bucket.
  function renderResponse(r) {
    els.response.hidden = !r;
    if (!r) return;
    const median = Number.isFinite(r.median_minutes)
      ? (r.median_minutes < 90 ? Math.round(r.median_minutes) + ' ' + t('minutes') : (r.median_minutes / 60).toFixed(1) + ' ' + t('hours'))
      : '—';
    const hour = r.threads ? Math.round((100 * r.within_60) / r.threads) : 0;
    els.responseFacts.textContent = t('responseFacts', { threads: r.threads, answered: r.answered, median, hour });
    els.responseChart.setAttribute('aria-label', t('responseChart'));
    const most = Math.max(1, ...r.buckets);
    const frag = document.createDocumentFragment();
    r.buckets.forEach((count, i) => {
      const row = el('div', 'bucket' + (i >= 4 ? ' late' : ''));
      row.dataset.bucket = String(i);
      const track = el('div', 'bucket-track');
      const bar = el('div', 'bucket-bar');
      bar.style.width = (100 * count) / most + '%';
      track.append(bar);
      row.append(el('span', 'bucket-label', t('bucket.' + i)), track, el('span', 'bucket-count', String(count)));
      frag.append(row);
    });
    els.responseChart.replaceChildren(frag);
  }

  function renderDimensions(dimensions) {
    const frag = document.createDocumentFragment();
    for (const [name, d] of Object.entries(dimensions || {})) {
      const judged = d && d.judged !== false && Number.isFinite(d.score);
      const aux = d && Number(d.weight) === 0;
      const row = el('div', 'dim');
      row.dataset.dim = name;
      if (!judged) row.classList.add('unjudged');
      if (aux) row.classList.add('aux');
      if (judged) row.classList.add(d.score < 40 ? 'low' : d.score < 70 ? 'mid' : 'high');
      row.title = aux ? t('auxDim') : t('weight') + ' ' + d.weight;

      const track = el('div', 'track');
      const bar = el('div', 'bar');
      bar.style.width = (judged ? Math.max(0, Math.min(100, d.score)) : 0) + '%';
      track.append(bar);
      if (!judged) track.append(el('span', 'track-note', t('notJudged')));
      if (judged) {
        track.setAttribute('role', 'meter');
        track.setAttribute('aria-valuemin', '0');
        track.setAttribute('aria-valuemax', '100');
        track.setAttribute('aria-valuenow', String(d.score));
        track.setAttribute('aria-label', dimLabel(name));
      }

      row.append(el('span', 'dim-label', dimLabel(name)), track, el('span', 'dim-score', judged ? String(d.score) : '—'));
      frag.append(row);
    }
    els.dimensions.replaceChildren(frag);
  }

  // Re-renders the sent text with findings' spans marked. Returns a map from
  // finding index to its mark, for the findings list to link to.
  function renderHighlighted(text, findings) {
    const map = byteIndexMap(text);
    const taken = [];
    findings.forEach((f, i) => {
      if (!f.span) return;
      const start = indexAt(map, f.span.start);
      const end = indexAt(map, f.span.end);
      if (start === null || end === null || end <= start) return;
      // Findings come most important first, so an overlapping later span loses.
      if (taken.some((s) => start < s.end && s.start < end)) return;
      taken.push({ start, end, f, i });
    });
    taken.sort((a, b) => a.start - b.start);

    const targets = new Map();
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const s of taken) {
      if (s.start > pos) frag.append(text.slice(pos, s.start));
      const mark = el('mark', 'hl sev-' + severityOf(s.f), text.slice(s.start, s.end));
      mark.dataset.rule = s.f.rule || '';
      mark.dataset.finding = String(s.i);
      mark.title = s.f.message || '';
      frag.append(mark);
      targets.set(s.i, mark);
      pos = s.end;
    }
    if (pos < text.length) frag.append(text.slice(pos));
    els.highlighted.replaceChildren(frag);
    marked = taken;
    syncScroll();
    return targets;
  }

  // The places marked in the editor, for a click in the text to find its card.
  let marked = [];

  function showPlainText() {
    marked = [];
    els.highlighted.textContent = els.text.value;
    syncScroll();
  }

  function syncScroll() {
    els.highlighted.scrollTop = els.text.scrollTop;
  }

  // A card's words, selected in the editor.
  function selectInEditor(mark) {
    const span = marked.find((m) => String(m.i) === mark.dataset.finding);
    if (!span) return;
    els.text.focus({ preventScroll: true });
    els.text.setSelectionRange(span.start, span.end);
    // Scroll the editor so the selection is in view.
    const before = els.text.value.slice(0, span.start).split('\n').length - 1;
    const lineHeight = parseFloat(getComputedStyle(els.text).lineHeight) || 24;
    els.text.scrollTop = Math.max(0, before * lineHeight - els.text.clientHeight / 3);
    syncScroll();
  }

  // Puts item-tagged findings into their photo's card. Returns a map from
  // finding index to that card.
  function renderPhotoFindings(findings, sentPhotos) {
    const targets = new Map();
    findings.forEach((f, i) => {
      const sent = Number.isInteger(f.item) ? sentPhotos[f.item - 1] : null;
      const card = sent && photoCard(sent.id);
      if (!card) return;
      const li = el('li', 'photo-finding sev-' + severityOf(f));
      li.dataset.rule = f.rule || '';
      li.append(el('span', 'photo-finding-message', f.message || ''));
      if (f.suggestion) li.append(el('span', 'photo-finding-tip', t('advice') + f.suggestion));
      card.querySelector('.photo-findings').append(li);
      targets.set(i, card);
    });
    return targets;
  }

  // Findings grouped by dimension, each group folded, the costliest
  // dimension first; a rule that fired many times is one card listing the
  // words it matched.
  // Each mark's card, by finding index, for clicks in the editor.
  const cardOf = new Map();

  function renderFindings(findings, targets, entry) {
    cardOf.clear();
    els.findingsHeading.textContent = t('findingsHeading') + (findings.length ? ' · ' + findings.length : '');
    if (!findings.length) {
      els.findings.replaceChildren(el('p', 'no-findings', t('noFindings')));
      return;
    }
    const frag = document.createDocumentFragment();
    const groups = new Map();
    const cards = new Map();
    const map = entry.text ? byteIndexMap(entry.text) : null;
    findings.forEach((f, i) => {
      // A finding about one photo is shown on that photo's card only.
      if (state.kind === 'portfolio' && Number.isInteger(f.item) && targets.has(i)) return;
      const quote = matchedText(f, entry, map);
      const seen = cards.get(f.rule);
      if (seen) {
        // Its words in the editor lead to the rule's one card.
        const mark = targets.get(i);
        if (mark && mark.tagName === 'MARK') cardOf.set(String(i), seen.li);
        seen.count += 1;
        if (quote && !seen.matches.includes(quote)) seen.matches.push(quote);
        showRepeats(seen);
        return;
      }
      let group = groups.get(f.dimension);
      if (!group) {
        group = dimensionGroup(f.dimension, entry.doc.dimensions);
        groups.set(f.dimension, group);
        frag.append(group.node);
      }
      const card = findingCard(f, targets.get(i), entry);
      cards.set(f.rule, { count: 1, matches: quote ? [quote] : [], node: card.repeats, li: card.li });
      group.list.append(card.li);
      group.count += 1;
      group.countNode.textContent = String(group.count);
    });
    els.findings.replaceChildren(frag);
  }

  function dimensionGroup(name, dimensions) {
    const node = el('details', 'dim-group');
    node.dataset.dim = name || '';
    const summary = el('summary', 'dim-group-head');
    summary.append(el('span', 'dim-group-name', dimLabel(name)));
    const d = dimensions && dimensions[name];
    if (d && Number.isFinite(d.score)) summary.append(el('span', 'dim-group-score', d.score + '/100'));
    const countNode = el('span', 'dim-group-count', '0');
    summary.append(countNode);
    const list = el('ol', 'dim-group-list');
    node.append(summary, list);
    return { node, list, countNode, count: 0 };
  }

  function findingCard(f, target, entry) {
    const sev = severityOf(f);
    const li = el('li', 'finding sev-' + sev);
    li.dataset.rule = f.rule || '';
    li.dataset.severity = sev;
    const head = el('div', 'finding-head');
    head.append(el('span', 'sev-tag', t('sev.' + sev)));
    const where = whereLabel(f, entry);
    if (where) head.append(el('span', 'where', where));
    head.append(el('code', 'rule-id', f.rule || ''));
    li.append(head, el('p', 'finding-message', f.message || ''));
    const repeats = el('p', 'repeats', '');
    repeats.hidden = true;
    li.append(repeats);
    if (f.suggestion) li.append(el('p', 'finding-suggestion', t('advice') + f.suggestion));
    li.append(whyButton(f.rule, li));
    if (target) {
      li.classList.add('linked');
      li.tabIndex = 0;
      li.title = state.kind === 'portfolio' ? t('showPhoto') : t('showInText');
      const show = () => {
        if (target.tagName === 'MARK') selectInEditor(target);
        flash(target);
      };
      li.addEventListener('click', (e) => {
        if (!e.target.closest('.why, .why-body')) show();
      });
      li.addEventListener('keydown', (e) => {
        if ((e.key === 'Enter' || e.key === ' ') && e.target === li) {
          e.preventDefault();
          show();
        }
      });
      if (target.tagName === 'MARK') cardOf.set(target.dataset.finding, li);
    }
    return { li, repeats };
  }

  // "3× · «a», «b», «c»": every word a repeated rule matched, once.
  function showRepeats(card) {
    const quotes = card.matches.map((m) => '«' + m + '»').join(', ');
    card.node.textContent = card.count + '× ' + (quotes ? '· ' + quotes : '');
    card.node.hidden = false;
  }

  function matchedText(f, entry, map) {
    if (!map || !f.span) return '';
    const start = indexAt(map, f.span.start);
    const end = indexAt(map, f.span.end);
    if (start === null || end === null || end <= start) return '';
    const text = entry.text.slice(start, end).replace(/\s+/g, ' ').trim();
    return text.length > 60 ? text.slice(0, 59) + '…' : text;
  }

  // "Why it matters": the rule's explanation and its bad and good examples,
  // fetched from the server once per rule.
  const explained = new Map();

  function whyButton(rule, li) {
    const button = el('button', 'why', t('why'));
    button.type = 'button';
    button.setAttribute('aria-expanded', 'false');
    button.addEventListener('click', async () => {
      const open = li.querySelector('.why-body');
      if (open) {
        open.remove();
        button.setAttribute('aria-expanded', 'false');
        return;
      }
      try {
        if (!explained.has(rule)) explained.set(rule, await fetchJson('/api/v1/rules/' + encodeURIComponent(rule)));
      } catch (err) {
        showError(err.message);
        return;
      }
      li.append(whyBody(explained.get(rule)));
      button.setAttribute('aria-expanded', 'true');
    });
    return button;
  }

  function whyBody(rule) {
    const body = el('div', 'why-body');
    body.append(el('p', 'why-explain', rule.explain || ''));
    for (const [key, label] of [['bad', t('exampleBad')], ['good', t('exampleGood')]]) {
      const examples = ((rule.examples && rule.examples[key]) || []).slice(0, 2);
      if (!examples.length) continue;
      body.append(el('p', 'why-label why-' + key, label));
      const list = el('ul', 'why-examples why-' + key);
      for (const ex of examples) {
        const item = el('li');
        if (ex.context) item.append(el('span', 'why-context', ex.context));
        item.append(el('span', 'why-text', ex.text));
        list.append(item);
      }
      body.append(list);
    }
    return body;
  }

  function whereLabel(f, entry) {
    if (Number.isInteger(f.item)) {
      const name = f.photo || (entry.photos && entry.photos[f.item - 1] ? entry.photos[f.item - 1].name : '');
      return t('photo') + ' ' + f.item + (name ? ' · ' + name : '');
    }
    if (f.span && Number.isInteger(f.span.line)) return t('line') + ' ' + f.span.line;
    return state.kind === 'portfolio' ? '' : t('wholeText');
  }

  // ---------- wiring ----------

  els.tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => selectKind(tab.dataset.kind));
    tab.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      e.preventDefault();
      const next = els.tabs[(i + step + els.tabs.length) % els.tabs.length];
      next.focus();
      selectKind(next.dataset.kind);
    });
  });

  els.uiLang.addEventListener('click', () => setUiLang(state.ui === 'ru' ? 'en' : 'ru'));
  els.check.addEventListener('click', check);
  els.sample.addEventListener('click', async () => {
    if (state.kind === 'portfolio') {
      await addSamplePhotos();
      return;
    }
    const sample = SAMPLES[state.ui][state.kind];
    if (!sample) return;
    els.context.value = sample.context || '';
    els.text.value = sample.text;
    els.text.dispatchEvent(new Event('input'));
    els.text.focus();
  });
  els.detailsToggle.addEventListener('change', () => {
    document.body.classList.toggle('show-details', els.detailsToggle.checked);
    try { localStorage.setItem(DETAILS_KEY, els.detailsToggle.checked ? '1' : ''); } catch (e) { /* storage may be off */ }
  });
  els.draft.addEventListener('click', draft);
  els.draftUse.addEventListener('click', () => {
    els.text.value = els.draftText.textContent;
    els.text.dispatchEvent(new Event('input'));
    els.draftSection.hidden = true;
    els.text.focus();
  });
  els.text.addEventListener('input', () => { updateStale(); saveDraft(); });
  els.text.addEventListener('scroll', syncScroll);
  // A click on marked words opens their card.
  els.text.addEventListener('click', () => {
    const at = els.text.selectionStart;
    const span = marked.find((m) => at >= m.start && at < m.end);
    const li = span && cardOf.get(String(span.i));
    if (!li) return;
    const group = li.closest('details');
    if (group) group.open = true;
    flash(li);
  });
  els.context.addEventListener('input', () => {
    els.contextMarks.textContent = els.context.value;
    updateStale();
    saveDraft();
  });
  els.context.addEventListener('scroll', () => { els.contextMarks.scrollTop = els.context.scrollTop; });
  els.logFile.addEventListener('change', async () => {
    const file = els.logFile.files && els.logFile.files[0];
    if (!file) return;
    els.text.value = await file.text();
    els.logFile.value = '';
    els.text.dispatchEvent(new Event('input'));
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      check();
    }
  });

  els.photos.addEventListener('change', () => {
    addFiles(els.photos.files);
    els.photos.value = ''; // so picking the same file again fires change
  });
  els.dropzone.addEventListener('dragover', (e) => {
    e.preventDefault();
    els.dropzone.classList.add('over');
  });
  els.dropzone.addEventListener('dragleave', () => els.dropzone.classList.remove('over'));
  els.dropzone.addEventListener('drop', (e) => {
    e.preventDefault();
    els.dropzone.classList.remove('over');
    if (e.dataTransfer) addFiles(e.dataTransfer.files);
  });
  // A photo dropped beside the zone would otherwise open in the tab and lose the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());

  let saved = null;
  try { saved = localStorage.getItem(UI_KEY); } catch (e) { /* storage may be off */ }
  state.ui = saved === 'en' ? 'en' : 'ru';
  try { els.detailsToggle.checked = localStorage.getItem(DETAILS_KEY) === '1'; } catch (e) { /* storage may be off */ }
  document.body.classList.toggle('show-details', els.detailsToggle.checked);
  restoreTexts();
  updateKindView();
  applyUiLang();
})();
