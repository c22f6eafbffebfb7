//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, the
//! Windows-1251 files that Russian Windows editors still save by default,
//! and KOI8-R, told apart from Windows-1251 by letter frequencies.

use crate::error::{Error, Result};

pub fn decode(path: &str, bytes: &[u8]) -> Result<String> {
    let display = if path == "-" { "<stdin>" } else { path };
    if bytes.is_empty() {
        return Err(Error::new(display, "empty file: nothing to check"));
    }
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(Error::new(
                display,
                format!("invalid {} text after the byte-order mark", encoding.name()),
            ));
        }
        return Ok(text.into_owned());
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(Error::new(
            display,
            "binary file (contains NUL bytes); expected UTF-8 or Windows-1251 text",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) if looks_like_windows_1251(bytes) => {
            // KOI8-R also puts Russian letters in 0xC0–0xFF, in another
            // order: read the wrong way, it is a plausible-looking string
            // of rare letters. Keep whichever reading looks like Russian.
            let (cp1251, _, _) = encoding_rs::WINDOWS_1251.decode(bytes);
            let (koi8, _, _) = encoding_rs::KOI8_R.decode(bytes);
            let text = if russian_plausibility(&koi8) > russian_plausibility(&cp1251) {
                koi8
            } else {
                cp1251
            };
            Ok(text.into_owned())
        }
        Err(e) => Err(Error::new(
            display,
            format!(
                "not valid UTF-8 (first bad byte at offset {}) and not Windows-1251 Russian text; save the file as UTF-8",
                e.valid_up_to()
            ),
        )),
    }
}

/// The share of Cyrillic letters that are among the ten most frequent in
/// Russian (о е а и н т с р в л, about 60% of running text, either case).
/// A text decoded with the wrong Cyrillic code page scrambles the letters
/// and scores far lower, all-capitals text included.
fn russian_plausibility(text: &str) -> f64 {
    let (mut letters, mut common) = (0usize, 0usize);
    for c in text.chars().filter(|c| super::is_cyrillic(*c)) {
        letters += 1;
        let lower = c.to_lowercase().next().unwrap_or(c);
        if "оеаинтсрвл".contains(lower) {
            common += 1;
        }
    }
    if letters == 0 {
        0.0
    } else {
        common as f64 / letters as f64
    }
}

/// In Windows-1251 Russian text almost every high byte is a Cyrillic letter
/// (0xC0–0xFF, Ё/ё) or common typography (dashes, quotes, №). Random binary
/// or another code page spreads over the whole high range.
fn looks_like_windows_1251(bytes: &[u8]) -> bool {
    let (mut high, mut cyrillic) = (0usize, 0usize);
    for &b in bytes {
        if b >= 0x80 {
            high += 1;
            if b >= 0xC0 || matches!(b, 0xA8 | 0xB8 | 0x96 | 0x97 | 0xAB | 0xBB | 0xB9 | 0x85) {
                cyrillic += 1;
            }
        }
    }
    high > 0 && cyrillic * 10 >= high * 9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_windows_1251_russian() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Столешницы из камня, Казань");
        assert_eq!(
            decode("p.txt", &bytes).unwrap(),
            "Столешницы из камня, Казань"
        );
    }

    #[test]
    fn decodes_koi8_r_russian_in_any_case() {
        for text in [
            "Столешницы из камня, Казань. Замер бесплатно, работаем без выходных.",
            "СРОЧНЫЙ РЕМОНТ КВАРТИР ПОД КЛЮЧ",
        ] {
            let (koi8, _, _) = encoding_rs::KOI8_R.encode(text);
            assert_eq!(decode("p.txt", &koi8).unwrap(), text);
            let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(text);
            assert_eq!(decode("p.txt", &cp1251).unwrap(), text);
        }
    }

    #[test]
    fn strips_utf8_bom() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("Привет".as_bytes());
        assert_eq!(decode("p.txt", &bytes).unwrap(), "Привет");
    }

    #[test]
    fn rejects_binary_and_empty() {
        assert!(
            decode("a.bin", &[0x89, b'P', 0, 0, 1])
                .unwrap_err()
                .message
                .contains("binary")
        );
        assert!(decode("a.txt", b"").unwrap_err().message.contains("empty"));
    }

    #[test]
    fn rejects_latin1_noise() {
        let bytes = [b'a', 0x81, 0x82, 0x83, 0x84, 0x8A, b'b'];
        let err = decode("x.txt", &bytes).unwrap_err();
        assert!(err.message.contains("not valid UTF-8"), "{err}");
    }
}
