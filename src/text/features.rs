//! Sentence features, computed once per document: the form of each
//! sentence (question, request, statement), what it contains (a time, the
//! reader addressed as "you", a condition, a contrast, a negation) and which
//! words sit in the scope of a negation. Rules use them to match on how a
//! sentence is built, not only on which words it has.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Analysis, Tags, Token};

bitflags::bitflags! {
    /// What a sentence is and has.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct Features: u16 {
        /// Asks something: ends with `?`, or opens with a question word and no
        /// full stop (people often drop the question mark).
        const QUESTION = 1;
        /// Asks the reader to do something: an imperative, `please`,
        /// «можете прислать», "could you send".
        const REQUEST = 1 << 1;
        /// A day, date or time of day: «в субботу к 10», "Tuesday morning".
        const TIME = 1 << 2;
        /// Addresses the reader: вы, ваш, you, your.
        const YOU = 1 << 3;
        const NEGATION = 1 << 4;
        /// A condition put to the reader («если уберёте отзыв», "only if you
        /// pay"), not a courtesy («если вам удобно», "if that suits") and not
        /// the weather («если будет сухо»).
        const CONDITION = 1 << 5;
        /// A contrast: но, однако, but, however.
        const CONTRAST = 1 << 6;
        /// The writer speaks of themselves: я, мы, I, we, «приеду».
        const WE = 1 << 7;
        /// A figure.
        const NUMBER = 1 << 8;
        /// A question word or `ли`: какой, сколько, which, how.
        const QUESTION_WORD = 1 << 9;
        /// Something is promised ahead: «приеду», «заменим», «приедет мастер»,
        /// "we will", "Luis will be there".
        const PROMISE = 1 << 10;
        /// The reader is the one who did something, or does it now: «вы,
        /// скорее всего, так и сделали», «вы не понимаете», "you
        /// overtightened it", "you've used". Not «у вас течёт» (a state of
        /// the reader's things) and not what the reader will do.
        const YOU_DID = 1 << 11;
        /// The writer owns a duty they missed: «мы должны были
        /// предупредить», «нам следовало», "we should have warned you",
        /// "that should have been explained".
        const REGRET = 1 << 12;
    }
}

/// One sentence with its features.
#[derive(Debug, Clone)]
pub struct SentenceInfo {
    pub span: Range<usize>,
    pub tokens: Range<usize>,
    pub features: Features,
}

/// Every sentence of a document, in order, and the negation scope of its
/// words.
#[derive(Debug, Clone, Default)]
pub struct Sentences {
    pub list: Vec<SentenceInfo>,
    negated: Vec<bool>,
    conditional: Vec<bool>,
}

impl Sentences {
    /// The sentence containing byte `offset`, if any.
    pub fn at(&self, offset: usize) -> Option<usize> {
        let i = self.list.partition_point(|s| s.span.start <= offset);
        (i > 0
            && offset
                < self.list[i - 1]
                    .span
                    .end
                    .max(self.list[i - 1].span.start + 1))
        .then(|| i - 1)
    }

    /// A word is negated when a negation governs it: «не вывезли», «вины
    /// нашей нет», "didn't clean", "not sorry".
    pub fn negated(&self, token: usize) -> bool {
        self.negated.get(token).copied().unwrap_or(false)
    }

    /// A word is conditional when a condition governs it: the whole
    /// sentence («Переделаем, если уберёте отзыв»), or only what follows
    /// when the condition opens a clause of its own («Приеду в 18:00, а
    /// если что-то пострадало — возместим»).
    pub fn conditional(&self, token: usize) -> bool {
        self.conditional.get(token).copied().unwrap_or(false)
    }
}

/// Days, dates and times of day, in Russian and English. Word edges are
/// written as classes (a Unicode `\b` would push the whole pattern onto
/// the slowest regex engine).
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:^|[^\p{L}\p{N}])(?:понедельник|вторник|сред[уаые](?:[^\p{L}]|$)|четверг|пятниц|суббот",
        r"|воскресень|завтра|послезавтра|сегодня|выходны[хей]|будн[иея]|утром|вечером|днём",
        r"|днем(?:[^\p{L}]|$)|с утра|на (?:этой|следующей) неделе|на неделе",
        r"|через (?:день|два дня|пару дней|неделю)",
        r"|[0-9]{1,2}\s*(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)",
        r"|(?:в|к|с|до|после|около)\s+[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:утра|вечера|дня|час|ч(?:[^\p{L}]|$))",
        r"|(?:после|до|к)\s+[0-9]{1,2}(?:[^.,0-9%]|$))",
        r"|(?i)(?-u:\b)(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight",
        r"|this (?:week|afternoon|evening|morning)|next (?:week|monday|tuesday|wednesday|thursday|friday)",
        r"|weekends?|mornings?|afternoons?|evenings?|first thing",
        r"|(?:january|february|march|april|june|july|august|september|october|november|december)\s+[0-9]{1,2}",
        r"|[0-9]{1,2}(?:st|nd|rd|th)(?-u:\b)",
        r"|(?:at|by|after|before|around|from)\s+[0-9]{1,2}(?::[0-9]{2})?\s*(?:am|pm|a\.m|p\.m|o'clock)(?-u:\b)",
        r"|(?:after|before|at|by)\s+[0-9]{1,2}(?:[^.,0-9%]|$)",
        r"|[0-9]{1,2}\s*(?:am|pm)(?-u:\b))",
        r"|(?-u:\b)[0-9]{1,2}:[0-9]{2}(?-u:\b)",
    ))
    .expect("valid regex")
});

/// Words after «если» / "if" that make the condition a courtesy, not a
/// condition: «если вам удобно», "if that suits".
const POLITE_AFTER_IF: &[&str] = &[
    "удобно",
    "удобнее",
    "хотите",
    "желаете",
    "интересно",
    "актуально",
    "нужно",
    "можно",
    "convenient",
    "suits",
    "suit",
    "easier",
    "prefer",
    "like",
    "want",
    "wish",
    "helpful",
    "possible",
    "works",
    "ok",
    "okay",
];

/// Words a request or question may open with before its verb: greetings,
/// names, `please`, `so`, `and`.
const OPENERS: &[&str] = &[
    "so",
    "and",
    "just",
    "also",
    "then",
    "ok",
    "okay",
    "hi",
    "а",
    "и",
    "тогда",
    "также",
    "ещё",
    "еще",
    "просто",
    "так",
    "ну",
];

/// Computes every sentence's features; `text` is the document text the
/// analysis spans point into.
pub fn sentences(text: &str, analysis: &Analysis) -> Sentences {
    let mut out = Sentences {
        list: Vec::new(),
        negated: vec![false; analysis.tokens.len()],
        conditional: vec![false; analysis.tokens.len()],
    };
    let times = time_spans(text, analysis);
    for block in &analysis.blocks {
        for sentence in analysis
            .block_sentences(block)
            .iter()
            .flat_map(|s| split_at_emoji(text, analysis, s.clone()))
        {
            let tokens = &analysis.tokens[sentence.tokens.clone()];
            let mut features = features(text, &sentence.span, tokens);
            features.set(
                Features::TIME,
                times
                    .iter()
                    .any(|t| t.start < sentence.span.end && t.end > sentence.span.start),
            );
            mark_negated(text, tokens, &mut out.negated[sentence.tokens.clone()]);
            mark_conditional(text, tokens, &mut out.conditional[sentence.tokens.clone()]);
            out.list.push(SentenceInfo {
                span: sentence.span,
                tokens: sentence.tokens,
                features,
            });
        }
    }
    out
}

/// Where days and times are mentioned: one pass over the analysed text.
fn time_spans(text: &str, analysis: &Analysis) -> Vec<Range<usize>> {
    let (Some(first), Some(last)) = (analysis.tokens.first(), analysis.tokens.last()) else {
        return Vec::new();
    };
    let base = first.start;
    TIME.find_iter(&text[base..last.end])
        .map(|m| base + m.start()..base + m.end())
        .filter(|span| !is_measure(text, span) && !is_greeting(text, span))
        .collect()
}

/// «до 40 кг», "by 12 mm": a figure with a unit after it is no time.
fn is_measure(text: &str, span: &Range<usize>) -> bool {
    const UNITS: &[&str] = &[
        "кг", "г", "см", "мм", "м", "м2", "м²", "км", "шт", "лет", "год", "метр", "литр", "л", "т",
        "квт", "вт", "кв", "kg", "cm", "mm", "m", "ft", "in", "lbs", "years", "sq",
    ];
    let rest = text[span.end..].trim_start();
    let unit: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '²')
        .flat_map(char::to_lowercase)
        .collect();
    (text[span.clone()].ends_with(|c: char| c.is_ascii_digit() || c.is_whitespace())
        && UNITS.contains(&unit.as_str()))
        || rest.starts_with('%')
}

/// "Afternoon." and "Good morning," open a message; they offer no time.
fn is_greeting(text: &str, span: &Range<usize>) -> bool {
    let word = text[span.clone()].trim().to_lowercase();
    if !matches!(word.as_str(), "morning" | "afternoon" | "evening") {
        return false;
    }
    let before = text[..span.start].trim_end();
    let opens = before.is_empty()
        || before
            .get(before.len().saturating_sub(4)..)
            .is_some_and(|w| w.eq_ignore_ascii_case("good"))
        || before.ends_with(['\n', '.', '!']);
    let after = text[span.end..].trim_start();
    opens && (after.is_empty() || after.starts_with([',', '.', '!']))
}

/// People end sentences with an emoji instead of a full stop («Рады помочь
/// 🙂 Пришлите фото»): an emoji followed by a capital starts a new one. A
/// semicolon joins what are sentences in their own right, too.
fn split_at_emoji(
    text: &str,
    analysis: &Analysis,
    sentence: super::Sentence,
) -> Vec<super::Sentence> {
    let tokens = &analysis.tokens;
    let mut out = Vec::new();
    let (mut start, mut first) = (sentence.span.start, sentence.tokens.start);
    for i in sentence.tokens.clone().skip(1) {
        let gap = &text[tokens[i - 1].end..tokens[i].start];
        let capital = text[tokens[i].start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if capital && gap.chars().any(is_emoji) || gap.contains(';') {
            let end = tokens[i - 1].end + gap.trim_end().len();
            out.push(super::Sentence {
                span: start..end,
                tokens: first..i,
            });
            (start, first) = (tokens[i].start, i);
        }
    }
    out.push(super::Sentence {
        span: start..sentence.span.end,
        tokens: first..sentence.tokens.end,
    });
    out
}

/// Pictographs and the symbols people use as them.
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF | 0x1F000..=0x1F2FF)
}

fn features(text: &str, span: &Range<usize>, tokens: &[Token]) -> Features {
    let mut features = Features::empty();
    let any = |tags: Tags| tokens.iter().any(|t| t.word.tags.intersects(tags));
    let sentence = &text[span.clone()];
    features.set(Features::QUESTION, is_question(sentence, text, tokens));
    let bare_request = is_bare_second_plural(tokens);
    // «Краску берёте сами?» asks; a bare «-те» verb requests only outside
    // a question.
    let bare_ask = bare_request && !features.contains(Features::QUESTION);
    features.set(Features::REQUEST, is_request(text, tokens, bare_ask));
    features.set(Features::YOU, any(Tags::YOU));
    features.set(Features::WE, any(Tags::WE.union(Tags::FIRST_PERSON)));
    features.set(Features::NEGATION, any(Tags::NEGATION));
    features.set(Features::CONTRAST, any(Tags::CONTRAST));
    features.set(Features::CONDITION, has_condition(text, tokens));
    features.set(Features::QUESTION_WORD, any(Tags::WH.union(Tags::LI)));
    // A bare «Освободите…» is a request, not the future tense.
    let request_verb = |t: &Token| bare_request && is_second_plural(t);
    features.set(
        Features::PROMISE,
        tokens
            .iter()
            .any(|t| t.word.tags.contains(Tags::FUTURE) && !request_verb(t)),
    );
    features.set(
        Features::NUMBER,
        sentence.chars().any(|c| c.is_ascii_digit()),
    );
    features.set(Features::YOU_DID, reader_acted(tokens));
    features.set(Features::REGRET, writer_regrets(tokens));
    features
}

/// The writer's own "should have": «мы должны были», «мне следовало»,
/// «нам надо было», "we should have", "I should've", "ought to have", or
/// a passive "should have been told". Adverbs may stand between («мы,
/// конечно, должны были», "we really should have").
fn writer_regrets(tokens: &[Token]) -> bool {
    // Beside the fillers: adverbs of certainty.
    const SKIP: &[&str] = &[
        "definitely",
        "certainly",
        "clearly",
        "obviously",
        "absolutely",
        "also",
        "безусловно",
        "точно",
        "тоже",
        "сразу",
    ];
    let skipped = |t: &&Token| t.word.tags.contains(Tags::FILLER) || SKIP.contains(&&*t.word.norm);
    let kept = |from: usize| {
        tokens[from..]
            .iter()
            .filter(move |t| !skipped(t))
            .map(|t| &*t.word.norm)
    };
    tokens.iter().enumerate().any(|(i, t)| {
        let word = &*t.word.norm;
        // Most words open no "should have": look no further.
        if !matches!(
            word,
            "we" | "i"
                | "should"
                | "should've"
                | "should’ve"
                | "мы"
                | "я"
                | "нам"
                | "мне"
                | "следовало"
                | "стоило"
                | "надо"
                | "нужно"
        ) {
            return false;
        }
        let mut window = [""; 5];
        for (slot, norm) in window.iter_mut().zip(kept(i + 1)) {
            *slot = norm;
        }
        let next = &window[..];
        match word {
            "we" | "i" => matches!(
                next,
                ["should", "have", ..]
                    | ["should've" | "should’ve", ..]
                    | ["ought", "to", "have", ..]
            ),
            "should" => matches!(next, ["have", "been", ..]),
            "should've" | "should’ve" => matches!(next, ["been", ..]),
            "мы" => matches!(next, ["должны", "были", ..] | ["были", "должны", ..]),
            "я" => matches!(
                next,
                ["должен" | "должна", "был" | "была", ..]
                    | ["был" | "была", "должен" | "должна", ..]
            ),
            "нам" | "мне" => matches!(
                next,
                ["следовало" | "стоило", ..] | ["надо" | "нужно", "было", ..]
            ),
            "следовало" | "стоило" => matches!(next, ["нам" | "мне", ..]),
            // «Надо было сразу вам позвонить»: a duty towards the reader is
            // the writer's («вам надо было» is the reader's own).
            _ => {
                let reader_before = tokens[..i]
                    .iter()
                    .rev()
                    .find(|t| !skipped(t))
                    .is_some_and(|t| matches!(&*t.word.norm, "вам" | "вы" | "тебе"));
                !reader_before
                    && matches!(next, ["было", ..])
                    && next[1..4].iter().any(|w| matches!(*w, "вам" | "вас"))
            }
        }
    })
}

/// «Вы» or "you" as the subject of a verb in the past (or, in Russian, the
/// present) within the next few words; hedges and particles may stand
/// between («вы, видимо, так и сделали», "you probably just used").
fn reader_acted(tokens: &[Token]) -> bool {
    tokens.iter().enumerate().any(|(i, t)| {
        let after = || tokens[i + 1..].iter().take(5);
        match &*t.word.norm {
            "вы" => after().any(|next| {
                let tags = next.word.tags;
                tags.contains(Tags::VERB)
                    && (tags.contains(Tags::PAST)
                        || tags.contains(Tags::SECOND_PERSON)
                            && !tags.intersects(Tags::FUTURE.union(Tags::IMPERATIVE)))
            }),
            // «Сами мыли кипятком»: «сами» with a past verb and no other
            // subject before it («они сами ушли» is someone else).
            "сами" => {
                let other = i > 0 && matches!(&*tokens[i - 1].word.norm, "они" | "мы");
                !other
                    && after().take(2).any(|next| {
                        next.word.tags.contains(Tags::VERB) && next.word.tags.contains(Tags::PAST)
                    })
            }
            // Up to the next subject: "thank you, we fixed it" is ours.
            "you" | "u" | "you've" | "you’ve" => {
                let next: Vec<&str> = after()
                    .take(3)
                    .take_while(|next| !next.word.tags.contains(Tags::WE))
                    .map(|next| &*next.word.norm)
                    .collect();
                next.iter().any(|norm| is_english_past(norm)) || guessed_perfect(&next)
            }
            _ => false,
        }
    })
}

/// "you must have run it", "you might've knocked it": a modal perfect makes
/// whatever verb follows a past act, regular or not.
fn guessed_perfect(next: &[&str]) -> bool {
    const MODAL: &[&str] = &["must", "might", "may", "could"];
    const CONTRACTED: &[&str] = &["must've", "might've", "may've", "could've"];
    // "You must have the key handy", "you may have a leak": "have" owns a
    // thing there, not a perfect.
    const OWNED: &[&str] = &[
        "the", "a", "an", "your", "my", "our", "his", "her", "their", "some", "any", "it", "this",
        "that", "these", "those", "to", "no", "one", "two", "enough",
    ];
    let verb = |word: &&str| !OWNED.contains(word);
    match next {
        [modal, "have", word, ..] => MODAL.contains(modal) && verb(word),
        [contracted, word, ..] => {
            CONTRACTED.contains(&contracted.replace('’', "'").as_str()) && verb(word)
        }
        _ => false,
    }
}

/// A past form: a regular one in "-ed", or one of the common irregular
/// verbs of a job gone wrong.
fn is_english_past(norm: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "did",
        "done",
        "put",
        "bought",
        "left",
        "made",
        "took",
        "taken",
        "got",
        "gotten",
        "went",
        "gone",
        "let",
        "chose",
        "chosen",
        "broke",
        "broken",
        "forgot",
        "forgotten",
        "ran",
        "paid",
        "hit",
        "cut",
        "set",
        "stuck",
        "drew",
        "drawn",
        "fell",
        "overdid",
        "overdone",
    ];
    const NOT_PAST: &[&str] = &[
        "need", "feed", "seed", "weed", "speed", "breed", "indeed", "proceed", "exceed", "succeed",
    ];
    (norm.len() >= 4 && norm.ends_with("ed") && !NOT_PAST.contains(&norm))
        || IRREGULAR.contains(&norm)
}

/// The punctuation (and emoji) after the last word.
fn tail(sentence: &str) -> &str {
    let end = sentence
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &sentence[end..]
}

fn is_question(sentence: &str, text: &str, tokens: &[Token]) -> bool {
    let tail = tail(sentence);
    if tail.contains('?') {
        return true;
    }
    if tail.contains(['.', '!']) {
        return false;
    }
    // No end mark: a question word or `ли` up front still makes a question.
    let head = clause_start(text, tokens);
    let opens = |tags: Tags| {
        tokens
            .get(head)
            .is_some_and(|t| t.word.tags.intersects(tags))
    };
    opens(Tags::WH.union(Tags::AUX))
        || tokens
            .iter()
            .skip(head)
            .take(4)
            .any(|t| t.word.tags.contains(Tags::LI))
}

/// Index of the first token after an opening vocative or filler: «Анна,
/// какой этаж», "So, when…".
fn clause_start(text: &str, tokens: &[Token]) -> usize {
    let mut head = 0;
    for (i, pair) in tokens.windows(2).enumerate().take(3) {
        if text[pair[0].end..pair[1].start].contains(',') {
            head = i + 1;
        }
    }
    while tokens
        .get(head)
        .is_some_and(|t| OPENERS.contains(&&*t.word.lemma) || t.word.tags.contains(Tags::PLEASE))
    {
        head += 1;
    }
    head
}

/// `bare_plural`: the sentence has a «-те» verb and no «вы»
/// (`is_bare_second_plural`), worked out once by the caller.
fn is_request(text: &str, tokens: &[Token], bare_plural: bool) -> bool {
    if tokens.iter().any(|t| t.word.tags.contains(Tags::PLEASE)) {
        return true;
    }
    let russian = tokens
        .iter()
        .any(|t| t.word.tags.intersects(Tags::NOUN.union(Tags::VERB)) && is_cyrillic_word(text, t));
    if russian {
        // An imperative anywhere: «Фото пришлите, пожалуйста».
        if tokens
            .iter()
            .any(|t| t.word.tags.contains(Tags::IMPERATIVE) && t.word.tags.contains(Tags::VERB))
        {
            return true;
        }
        // «Освободите комнату»: the dictionary's first reading of a
        // second-person plural may be the future tense, but with no «вы»
        // in the sentence it can only be a request.
        if bare_plural {
            return true;
        }
        // «Можете прислать…», «Могли бы вы…».
        return tokens.windows(2).any(|w| {
            &*w[0].word.lemma == "мочь"
                && (w[0].word.tags.contains(Tags::SECOND_PERSON)
                    || w[1].word.tags.contains(Tags::YOU))
        });
    }
    let head = clause_start(text, tokens);
    let lemma = |i: usize| tokens.get(i).map(|t| &*t.word.lemma);
    // A request verb up front, after at most two words that are not a
    // subject: "Send me…", "Mate, just send pics".
    let subject = Tags::WE
        .union(Tags::YOU)
        .union(Tags::AUX)
        .union(Tags::WH)
        .union(Tags::NEGATION);
    for (k, t) in tokens.iter().skip(head).take(3).enumerate() {
        if t.word.tags.contains(Tags::IMPERATIVE) {
            return true;
        }
        // Only the first word may be a name or a form of address.
        if t.word.tags.intersects(subject) || k > 0 && t.word.tags.contains(Tags::NOUN) {
            break;
        }
    }
    // "Could you send…", "Hi, can u let me know…".
    let addressed = |i: usize| {
        tokens
            .get(i)
            .is_some_and(|t| t.word.tags.contains(Tags::YOU))
    };
    if (head..head + 2)
        .any(|k| matches!(lemma(k), Some("could" | "can" | "would" | "will")) && addressed(k + 1))
    {
        return true;
    }
    // "If you (can) send a photo, I'll…".
    tokens.windows(3).enumerate().any(|(i, w)| {
        &*w[0].word.lemma == "if"
            && &*w[1].word.lemma == "you"
            && (w[2].word.tags.contains(Tags::IMPERATIVE)
                || matches!(&*w[2].word.lemma, "can" | "could")
                    && tokens
                        .get(i + 3)
                        .is_some_and(|t| t.word.tags.contains(Tags::IMPERATIVE)))
    })
}

/// A verb in «-те» read as the second person, in a sentence that never
/// says «вы»: «Освободите комнату», «Не экономьте на клее».
fn is_bare_second_plural(tokens: &[Token]) -> bool {
    !tokens.iter().any(|t| t.word.tags.contains(Tags::YOU)) && tokens.iter().any(is_second_plural)
}

fn is_second_plural(t: &Token) -> bool {
    t.word.tags.contains(Tags::VERB.union(Tags::SECOND_PERSON))
        && !t.word.tags.contains(Tags::PAST)
        && t.word.norm.ends_with("те")
}

fn is_cyrillic_word(text: &str, token: &Token) -> bool {
    text[token.start..token.end]
        .chars()
        .any(crate::input::is_cyrillic)
}

fn has_condition(text: &str, tokens: &[Token]) -> bool {
    (0..tokens.len()).any(|i| is_condition(text, tokens, i))
}

/// A condition word whose clause puts something to the reader («если
/// уберёте», "if you pay") and is not a courtesy («если вам удобно»).
fn is_condition(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    if !t.word.tags.contains(Tags::CONDITION) {
        return false;
    }
    let clause: Vec<&Token> = tokens[i + 1..]
        .iter()
        .take(6)
        .take_while(|next| !text[t.end..next.start].contains(['.', ';', ',', '—']))
        .collect();
    let polite = clause.iter().take(3).any(|next| {
        let surface = super::normalize(&text[next.start..next.end]);
        POLITE_AFTER_IF.contains(&&*next.word.lemma) || POLITE_AFTER_IF.contains(&surface.as_str())
    });
    let to_reader = clause.iter().any(|next| {
        next.word
            .tags
            .intersects(Tags::YOU.union(Tags::SECOND_PERSON))
    });
    to_reader && !polite
}

/// Conjunctions after which a condition opens a clause of its own.
const CLAUSE_JOINERS: &[&str] = &["а", "и", "но", "или", "and", "but", "or"];

fn mark_conditional(text: &str, tokens: &[Token], out: &mut [bool]) {
    for k in 0..tokens.len() {
        if !is_condition(text, tokens, k) {
            continue;
        }
        let own_clause = k > 0 && CLAUSE_JOINERS.contains(&&*tokens[k - 1].word.lemma);
        let from = if own_clause { k - 1 } else { 0 };
        out[from..].fill(true);
    }
}

/// Clause boundaries stop a negation's reach.
fn boundary(text: &str, from: &Token, to: &Token) -> bool {
    text[from.end..to.start].contains([',', ';', ':', '—', '–', '(', ')'])
}

/// Words that open a subordinate clause: a negation inside the clause
/// does not reach back past them.
fn opens_clause(norm: &str) -> bool {
    matches!(
        norm,
        "that"
            | "which"
            | "who"
            | "because"
            | "since"
            | "if"
            | "when"
            | "что"
            | "чтобы"
            | "который"
            | "которая"
            | "которое"
            | "которые"
            | "потому"
            | "если"
            | "когда"
    )
}

/// Words after which an English clause opens without "that": "sorry the
/// tap still drips", "I think it didn't". They stand outside the clause, so
/// a negation inside it does not reach back to them.
fn takes_bare_clause(norm: &str) -> bool {
    matches!(
        norm,
        "sorry"
            | "glad"
            | "afraid"
            | "sure"
            | "pleased"
            | "happy"
            | "aware"
            | "hope"
            | "think"
            | "thought"
            | "know"
            | "knew"
            | "understand"
            | "believe"
            | "feel"
            | "felt"
            | "appreciate"
            | "realise"
            | "realize"
            | "noticed"
            | "see"
            | "agree"
            | "guess"
            | "suppose"
    )
}

/// How far a negation reaches: «не очень аккуратно убрали» (3 words).
const NEGATION_REACH: usize = 3;
/// How far a negated «можем», "can't" reaches within its clause.
const MODAL_REACH: usize = 8;
/// How far back «нет» and «не было» reach within their clause.
const EXISTENTIAL_REACH: usize = 5;

fn mark_negated(text: &str, tokens: &[Token], out: &mut [bool]) {
    for (k, negator) in tokens.iter().enumerate() {
        if !negator.word.tags.contains(Tags::NEGATION) {
            continue;
        }
        // «не только» / "not only" adds, it does not negate.
        if tokens
            .get(k + 1)
            .is_some_and(|t| matches!(&*t.word.lemma, "только" | "only" | "just"))
        {
            continue;
        }
        // «не можем заменить столешницу по гарантии», "we can't replace
        // it under warranty": a negated ability or intention governs the
        // whole verb phrase after it, to the end of its clause.
        let modal = tokens.get(k + 1).is_some_and(|t| {
            matches!(
                &*t.word.lemma,
                "мочь" | "смочь" | "собираться" | "планировать" | "able" | "going"
            )
        }) || matches!(
            text[negator.start..negator.end].to_lowercase().as_str(),
            "can't" | "cannot" | "can’t" | "couldn't" | "couldn’t"
        );
        let ahead = if modal { MODAL_REACH } else { NEGATION_REACH };
        let mut prev = negator;
        for (i, t) in tokens.iter().enumerate().skip(k + 1).take(ahead) {
            if boundary(text, prev, t) || t.word.tags.intersects(Tags::CONTRAST) {
                break;
            }
            out[i] = true;
            prev = t;
        }
        // «Вины нашей нет», "the rubbish wasn't booked", «бесплатные
        // консультации мы не проводим»: a Russian «нет», an English negated
        // auxiliary and «не» before a verb negate the words before them.
        // «не будем», «не стану», «не было» count as verbs, though the
        // dictionary calls the forms of «быть» auxiliaries.
        let next_lemma = tokens.get(k + 1).map(|t| &*t.word.lemma);
        let verb_follows = || {
            &*negator.word.lemma == "не"
                && tokens.get(k + 1).is_some_and(|t| {
                    t.word.tags.contains(Tags::VERB) || matches!(&*t.word.lemma, "быть" | "стать")
                })
        };
        // «Ошибки с нашей стороны не было», «вины нашей тут нет»: what
        // is said not to exist may stand a few words further back.
        let existential = &*negator.word.lemma == "нет"
            || &*negator.word.lemma == "не" && next_lemma == Some("быть");
        let reach = if existential {
            EXISTENTIAL_REACH
        } else {
            NEGATION_REACH
        };
        if &*negator.word.lemma == "нет" || negator.word.tags.contains(Tags::AUX) || verb_follows()
        {
            let mut next = negator;
            for i in (k.saturating_sub(reach)..k).rev() {
                if boundary(text, &tokens[i], next) || takes_bare_clause(&tokens[i].word.norm) {
                    break;
                }
                // "I'm sorry that wasn't made clear": the clause opens at
                // "that"; the words before it are not negated.
                if opens_clause(&tokens[i].word.norm) {
                    out[i] = true;
                    break;
                }
                out[i] = true;
                next = &tokens[i];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    /// Asserts that `feature` is found in every `yes` sentence and in no
    /// `no` sentence.
    fn sorts(feature: Features, yes: &[&str], no: &[&str]) {
        for text in yes {
            assert!(first(text).contains(feature), "{text}");
        }
        for text in no {
            assert!(!first(text).contains(feature), "{text}");
        }
    }

    fn first(text: &str) -> Features {
        let a = analyze(text, 0..text.len());
        sentences(text, &a).list[0].features
    }

    /// The words of `text` for which `pick` holds.
    fn words_where(text: &str, pick: fn(&Sentences, usize) -> bool) -> Vec<String> {
        let a = analyze(text, 0..text.len());
        let s = sentences(text, &a);
        a.tokens
            .iter()
            .enumerate()
            .filter(|(i, _)| pick(&s, *i))
            .map(|(_, t)| text[t.start..t.end].to_string())
            .collect()
    }

    fn negated_words(text: &str) -> Vec<String> {
        words_where(text, Sentences::negated)
    }

    #[test]
    fn questions_with_and_without_a_question_mark() {
        sorts(
            Features::QUESTION,
            &[
                "Счётчики на воду уже стоят?",
                "Плитку вы купили или подбираем вместе?",
                "Is the old sink staying?",
                "какая толщина нужна",
                "Анна, какой у вас этаж",
                "Нужен ли демонтаж",
                "do you have the tiles already",
                "Удобно в субботу? 🙂",
            ],
            &[
                "Нужна ли помощь — не нужна.",
                "Сделаем за день.",
                "We fit kitchens",
                "Как договоримся, так и сделаем.",
            ],
        );
    }

    #[test]
    fn requests_by_mood_and_by_form() {
        sorts(
            Features::REQUEST,
            &[
                "Пришлите фото кухни.",
                "Фото пришлите, пожалуйста",
                "Можете прислать размеры?",
                "Давайте созвонимся завтра.",
                "Send me a photo of the boiler.",
                "Could you send the measurements?",
                "Please let me know the postcode.",
                "Mike, text me the address",
                "Mate just send pics.",
                "If you can send a photo of the hatch, I'll confirm.",
                "Hi can u send pics",
                "В следующий раз освободите комнату до приезда мастеров.",
            ],
            &[
                "Сделаем за 10 дней.",
                "Переделаем за свой счёт.",
                "We checked the boiler yesterday.",
                "I can come on Monday.",
                "We send photos of every job.",
                "The guys call it a day at 5.",
                "Вы освободите комнату к пятнице?",
                "Краску берёте сами или мне закупить?",
            ],
        );
    }

    #[test]
    fn an_emoji_before_a_capital_ends_a_sentence() {
        let text = "Seattle! We love it here 🌲 Send photos and we'll call back.";
        let a = analyze(text, 0..text.len());
        let list = sentences(text, &a).list;
        let spans: Vec<&str> = list.iter().map(|s| &text[s.span.clone()]).collect();
        assert_eq!(
            spans,
            [
                "Seattle!",
                "We love it here 🌲",
                "Send photos and we'll call back."
            ]
        );
        assert!(list[2].features.contains(Features::REQUEST));
    }

    #[test]
    fn the_reader_as_the_one_who_acted() {
        sorts(
            Features::YOU_DID,
            &[
                "Вы, скорее всего, так и сделали.",
                "Вы, видимо, не совсем понимаете, что это.",
                "You probably overtightened the nut.",
                "I bet you've used cheap grout.",
                "Наверное, сами мыли кипятком.",
                "You must have run it without water.",
                "You might've knocked the valve.",
            ],
            &[
                "У вас, скорее всего, засор в сифоне.",
                "Они сами ушли с объекта.",
                "Мы сами привезём плитку.",
                "Вы, наверное, захотите заменить и смеситель.",
                "Пришлите фото, если вам удобно.",
                "You'll probably need a new valve.",
                "You need a new valve.",
                "You must have the key handy.",
                "You may have a leak under the bath.",
                "You would have to move the sofa.",
                "Thank you for the photos.",
                "Thank you, we fixed the tap.",
            ],
        );
    }

    #[test]
    fn the_writer_owning_a_missed_duty_is_regret() {
        sorts(
            Features::REGRET,
            &[
                "We should have warned you about the drying time.",
                "I really should've told you before leaving.",
                "That should have been explained at handover.",
                "Мы должны были предупредить вас заранее.",
                "Мне следовало сразу сказать про сроки.",
                "Нам, конечно, надо было позвонить.",
                "Надо было сразу вам позвонить и предупредить.",
            ],
            &[
                "You should have called us first.",
                "We have warned you twice.",
                "Вам надо было сразу вызвать мастера.",
                "Надо было сразу вызвать мастера.",
                "Вы должны были проветривать.",
                "We should finish by Friday.",
            ],
        );
    }

    #[test]
    fn times_of_day_and_days() {
        sorts(
            Features::TIME,
            &[
                "Готов заехать в субботу к 10 утра",
                "Могу после 17:00",
                "Завтра утром подойдёт?",
                "I could come by Monday at 8",
                "Wednesday after lunch works",
                "free after 5pm",
                "приеду 12 мая",
            ],
            &[
                "Столешница 3,2 м, толщина 20 мм.",
                "Цена от 45 000 ₽.",
                "Two coats of paint, 3.5 m wall",
                "Работаем 12 лет",
                "Шкафы с посудой тянут до 40 кг, поэтому это важно.",
                "Afternoon. Torus is a deeper profile.",
                "Good morning, thanks for the details.",
            ],
        );
    }

    #[test]
    fn conditions_that_are_courtesies_do_not_count() {
        assert!(first("Переделаем, если уберёте отзыв.").contains(Features::CONDITION));
        assert!(!first("В среду, если будет сухо, бригада приедет.").contains(Features::CONDITION));
        assert!(
            first("We'll redo it only if you pay for materials.").contains(Features::CONDITION)
        );
        assert!(!first("Если вам удобно, приеду в субботу.").contains(Features::CONDITION));
        assert!(!first("If that suits, I'll come Monday.").contains(Features::CONDITION));
    }

    #[test]
    fn condition_scope() {
        let scope = |text: &str| words_where(text, Sentences::conditional);
        assert_eq!(scope("Переделаем, если уберёте отзыв.").len(), 4);
        assert_eq!(
            scope("Приеду в 18:00, а если захотите, заменим и смеситель."),
            ["а", "если", "захотите", "заменим", "и", "смеситель"]
        );
        assert!(scope("Если вам удобно, приеду в субботу.").is_empty());
    }

    #[test]
    fn promises() {
        assert!(first("Приеду в четверг и заменю прокладку.").contains(Features::PROMISE));
        assert!(first("We'll be there tomorrow at 8.").contains(Features::PROMISE));
        assert!(first("Завтра приедет Артём и перетянет крепёж.").contains(Features::PROMISE));
        assert!(first("Priya will ring you; she'll call Monday.").contains(Features::PROMISE));
        assert!(!first("You called us at 11pm on a holiday.").contains(Features::PROMISE));
        assert!(!first("Мы приезжали в субботу.").contains(Features::PROMISE));
        // A bare «Освободите…» asks; it promises nothing.
        assert!(!first("Освободите комнату к пятнице.").contains(Features::PROMISE));
    }

    #[test]
    fn negation_scope() {
        assert_eq!(
            negated_words("Мусор так и не вывезли."),
            ["Мусор", "так", "и", "вывезли"]
        );
        assert_eq!(
            negated_words("Бесплатные консультации мы не проводим."),
            ["Бесплатные", "консультации", "мы", "проводим"]
        );
        assert_eq!(
            negated_words("Вины нашей тут нет."),
            ["Вины", "нашей", "тут"]
        );
        assert_eq!(
            negated_words("We didn't clean up, sorry."),
            ["We", "clean", "up"]
        );
        assert_eq!(
            negated_words("Rubbish removal wasn't booked."),
            ["Rubbish", "removal", "booked"]
        );
        // The clause opens at "that": "sorry" stays an apology.
        assert_eq!(
            negated_words("I'm sorry that wasn't made clear."),
            ["that", "made", "clear"]
        );
        // …and where "that" is left out.
        assert_eq!(
            negated_words("I'm sorry the job didn't meet your expectations."),
            ["the", "job", "meet", "your", "expectations"]
        );
        assert_eq!(
            negated_words("Не только кухни, но и шкафы."),
            Vec::<String>::new()
        );
        assert_eq!(negated_words("Спасибо, не за что"), ["за", "что"]);
        // «не будем», «не было»: the verb or the thing before is negated.
        assert_eq!(
            negated_words("Извиняться не будем."),
            ["Извиняться", "будем"]
        );
        assert_eq!(
            negated_words("Заменить столешницу не будем."),
            ["Заменить", "столешницу", "будем"]
        );
        assert_eq!(
            negated_words("Мы не можем заменить столешницу по гарантии, но вернём деньги."),
            ["Мы", "можем", "заменить", "столешницу", "по", "гарантии"]
        );
        assert_eq!(
            negated_words("We can't replace it under warranty."),
            ["We", "replace", "it", "under", "warranty"]
        );
        assert_eq!(
            negated_words("Ошибки с нашей стороны не было."),
            ["Ошибки", "с", "нашей", "стороны", "было"]
        );
    }
}
