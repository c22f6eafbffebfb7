//! Sentence breaks by UAX #29, as unicode-segmentation finds them, but
//! asked only where a break can happen.
//!
//! A sentence break follows a terminator (`.`, `!`, `?` and their kin) or a
//! line separator; whether it does depends on a character or two before the
//! terminator and on what follows up to the next letter. So the segmenter
//! runs on short windows around those characters instead of the whole text,
//! which costs a fraction of a full pass on long paragraphs.

use unicode_segmentation::UnicodeSegmentation;

/// Byte offsets where sentences start; the first is always 0.
pub fn sentence_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut pos = 0;
    while let Some(found) = text[pos..].find(may_end_sentence).map(|i| pos + i) {
        let start = text[..found]
            .char_indices()
            .next_back()
            .map_or(found, |(i, _)| i);
        let end = window_end(text, found);
        let window = &text[start..end];
        starts.extend(
            window
                .split_sentence_bound_indices()
                .skip(1)
                .map(|(offset, _)| start + offset),
        );
        pos = end;
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// The end of the context that decides breaks after the terminator at
/// `from`: just past the first plain letter that follows the last
/// terminator of the run (or the end of the text).
fn window_end(text: &str, from: usize) -> usize {
    for (i, c) in text[from..].char_indices() {
        if i > 0 && is_plain_letter(c) {
            return from + i + c.len_utf8();
        }
    }
    text.len()
}

/// Latin and Cyrillic letters: always Upper or Lower for UAX #29, and never
/// followed by combining marks in practice, so they settle a decision.
fn is_plain_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')
}

/// Characters after which UAX #29 may break a sentence (STerm, ATerm and
/// separators). Conservative: unknown punctuation counts, letters and the
/// common punctuation of Russian and English text do not.
pub fn may_end_sentence(c: char) -> bool {
    match c {
        '.' | '!' | '?' | '\n' | '\r' => true,
        _ if c.is_ascii() => false,
        'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' => false,
        '—' | '–' | '«' | '»' | '“' | '”' | '„' | '’' | '₽' | '№' | '×' | '²' | '³' | '°' => {
            false
        }
        _ => !c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library(text: &str) -> Vec<usize> {
        let mut starts: Vec<usize> = text
            .split_sentence_bound_indices()
            .map(|(i, _)| i)
            .collect();
        if starts.is_empty() {
            starts.push(0);
        }
        starts
    }

    fn assert_same(text: &str) {
        assert_eq!(sentence_starts(text), library(text), "{text:?}");
    }

    #[test]
    fn agrees_with_the_full_segmenter_on_tricky_text() {
        for text in [
            "",
            "Один.",
            "Мы работаем 12 лет. Звоните!",
            "Цена 3.5 тыс. руб. за метр. Звоните?! Да.",
            "т.е. всё включено. Г. Казань, ул. Ленина.",
            "U.S. based. e.g. this one... And then?",
            "Он сказал: «Готово.» Потом ушёл.",
            "Первая строка\nвторая строка\r\nтретья.",
            "Конец. (Скобка.) \"Quote.\" 'x.' Next",
            "Итог… Дальше. …и ещё.",
            "Abc.  ,lower. 123. Upper",
            "日本語。次の文。Next",
            "Текст.\u{2028}Разделитель\u{85}ещё\u{a0}. Дальше",
            "A.B.C. D. e. F",
            "Тест .Точка в начале",
            "!!!",
            ". . .",
        ] {
            assert_same(text);
        }
    }

    #[test]
    fn agrees_with_the_full_segmenter_on_every_triple_of_fragments() {
        let fragments = [
            "слово",
            "Слово",
            "word",
            "Word",
            ".",
            "!",
            "?",
            "…",
            " ",
            "\n",
            "\r\n",
            "»",
            ")",
            "\"",
            "3",
            ",",
            "\u{a0}",
            "。",
            "\u{2028}",
            "ё",
        ];
        for a in fragments {
            for b in fragments {
                for c in fragments {
                    assert_same(&format!("{a}{b}{c}{a}"));
                    assert_same(&format!("x{a} {b}. {c}"));
                }
            }
        }
    }

    #[test]
    fn agrees_with_the_full_segmenter_on_the_corpus() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut files = 0;
        for entry in ignore::Walk::new(root).flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                for line in text.split("\n\n") {
                    assert_same(line);
                }
                assert_same(&text);
                files += 1;
            }
        }
        assert!(files > 50, "corpus not found ({files} files)");
    }
}
