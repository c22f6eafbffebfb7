//! Words by UAX #29, as unicode-segmentation finds them, with a fast path
//! for the text this tool nearly always reads.
//!
//! In text made only of ASCII, Latin-1 and Cyrillic (plus common dashes,
//! quotes and signs), the word-break rules that matter reduce to this:
//! letters, digits and `_` stick together; a letter, one of `: · . ’ ‘ '`
//! and a letter stay one word (WB6–7); a digit, one of `, ; . ’ ‘ '` and a
//! digit too (WB11–12). Everything else breaks. Any other character sends
//! the whole text to the full segmenter, so the two always agree.

use unicode_segmentation::UnicodeSegmentation;

/// Segments of `text` that hold a letter or digit, with their byte offsets.
pub fn words(text: &str) -> Vec<(usize, &str)> {
    fast_words(text).unwrap_or_else(|| {
        text.split_word_bound_indices()
            .filter(|(_, w)| is_word(w))
            .collect()
    })
}

pub fn is_word(slice: &str) -> bool {
    slice.chars().any(is_alphanumeric)
}

/// `char::is_alphanumeric` with fast paths for ASCII and Cyrillic, which
/// is nearly all the text this tool reads.
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if crate::input::is_cyrillic(c) {
        c >= 'Ѐ'
    } else {
        c.is_alphanumeric()
    }
}

/// Word-break classes of the fast path's characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// `_` (ExtendNumLet): joins letters and digits on either side.
    Underscore,
    /// Joins two letters (MidLetter).
    MidLetter,
    /// Joins two digits (MidNum).
    MidNum,
    /// Joins two letters or two digits (MidNumLet, Single_Quote).
    MidBoth,
    Other,
}

/// ASCII classes, looked up rather than matched: this runs on every
/// character of every document.
const ASCII: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match class_by_match(b as u8 as char) {
            Some(class) => class,
            None => Class::Other,
        };
        b += 1;
    }
    table
};

/// The class of `c`, or `None` when only the full segmenter can tell.
fn class(c: char) -> Option<Class> {
    if c.is_ascii() {
        return Some(ASCII[c as usize]);
    }
    if matches!(c, 'Ѐ'..='ҁ' | 'Ҋ'..='ӿ') {
        return Some(Class::Letter);
    }
    class_by_match(c)
}

const fn class_by_match(c: char) -> Option<Class> {
    Some(match c {
        'a'..='z' | 'A'..='Z' => Class::Letter,
        '0'..='9' => Class::Digit,
        '_' => Class::Underscore,
        ':' | '·' => Class::MidLetter,
        ',' | ';' => Class::MidNum,
        '.' | '\'' | '‘' | '’' => Class::MidBoth,
        _ if c.is_ascii() => Class::Other,
        // Latin-1 letters, without ª µ º (also letters, but rare) and × ÷.
        'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ' => Class::Letter,
        // Cyrillic, without ҂ and the combining marks U+0483–U+0489.
        'Ѐ'..='ҁ' | 'Ҋ'..='ӿ' => Class::Letter,
        '\u{a0}' | '«' | '»' | '°' | '×' | '÷' | '–' | '—' | '“' | '”' | '„' | '•' | '…' | '№'
        | '₽' | '€' | '£' | '−' => Class::Other,
        _ => return None,
    })
}

/// One pass with one character of look-behind (a pending middle
/// character); `None` at the first character outside the fast path.
fn fast_words(text: &str) -> Option<Vec<(usize, &str)>> {
    let mut words = Vec::with_capacity(text.len() / 8);
    // The open word: its start, its last word character's class, whether
    // it holds a letter or digit yet, and a middle character after it.
    let mut open: Option<(usize, Class, bool)> = None;
    let mut pending: Option<(usize, Class)> = None;
    let mut push = |start: usize, end: usize, alnum: bool| {
        if alnum {
            words.push((start, &text[start..end]));
        }
    };
    for (i, c) in text.char_indices() {
        let class = class(c)?;
        if let Some((start, last, alnum)) = open {
            if let Some((mid_at, mid)) = pending.take() {
                if joins_across(last, mid, class) {
                    open = Some((start, class, true));
                    continue;
                }
                push(start, mid_at, alnum);
                open = None;
            } else if is_word_part(class) {
                open = Some((start, class, alnum || class != Class::Underscore));
                continue;
            } else if matches!(class, Class::MidLetter | Class::MidNum | Class::MidBoth) {
                pending = Some((i, class));
                continue;
            } else {
                push(start, i, alnum);
                open = None;
            }
        }
        if is_word_part(class) {
            open = Some((i, class, class != Class::Underscore));
        }
    }
    if let Some((start, _, alnum)) = open {
        let end = pending.map_or(text.len(), |(at, _)| at);
        push(start, end, alnum);
    }
    Some(words)
}

/// Letters, digits and `_` never break between each other (WB5, WB8–10,
/// WB13a–b).
fn is_word_part(class: Class) -> bool {
    matches!(class, Class::Letter | Class::Digit | Class::Underscore)
}

/// WB6–7 and WB11–12: one middle character between two letters or two
/// digits.
fn joins_across(before: Class, mid: Class, after: Class) -> bool {
    match (before, after) {
        (Class::Letter, Class::Letter) => matches!(mid, Class::MidLetter | Class::MidBoth),
        (Class::Digit, Class::Digit) => matches!(mid, Class::MidNum | Class::MidBoth),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library(text: &str) -> Vec<(usize, &str)> {
        text.split_word_bound_indices()
            .filter(|(_, w)| is_word(w))
            .collect()
    }

    #[test]
    fn agrees_with_the_full_segmenter_on_real_text() {
        for text in [
            "Мы работаем 12 лет. Звоните!",
            "Цена 3.5 тыс. руб. за м², 1,5 мм; 10:30 — «под ключ».",
            "don't stop: e.g. a.b.c, 1.000.000, 3'5 и т.д.",
            "snake_case _x x_ __ 1_000 a1b2 2b",
            "Ёлка, ёж, Ђ, ӿ, Ҋ; café naïve Ø",
            "No 1 №1 ₽5 £10 €3 −4 5×6 7÷8 «а» “b” „c” • … ‘q’ x’y 1’2",
            "нет\u{a0}пробела 10\u{a0}000",
            "https://example.com/a?b=c&d=e #tag @name (x) [y] {z}",
            "✅ Плитка 🔥 emoji\u{fe0f} and a\u{301}ccent",
        ] {
            assert_eq!(words(text), library(text), "{text:?}");
        }
    }

    #[test]
    fn agrees_with_the_full_segmenter_around_every_fast_character() {
        let fast: Vec<char> = (0..=0x24ffu32)
            .filter_map(char::from_u32)
            .filter(|&c| class(c).is_some())
            .collect();
        let sides = ["a", "Я", "7", "_", " ", ".", "'"];
        for c in fast {
            for left in sides {
                for right in sides {
                    for text in [
                        format!("{left}{c}{right}"),
                        format!("{left}{left}{c}{right}{right}"),
                        format!("{c}{c}{left}{c}{right}"),
                    ] {
                        assert_eq!(words(&text), library(&text), "{text:?}");
                    }
                }
            }
        }
    }
}
