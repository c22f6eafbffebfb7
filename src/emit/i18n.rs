//! Interface words for the pretty printer, in the document's language.
//! Rule messages come from the rule files, already in that language.

use crate::input::{Kind, Lang};
use crate::rules::Severity;

pub fn dimension(lang: Lang, name: &str) -> String {
    crate::dimensions::label(lang, name)
}

pub fn kind(lang: Lang, kind: Kind) -> &'static str {
    match (lang, kind) {
        (Lang::Ru, Kind::Profile) => "профиль",
        (Lang::Ru, Kind::Reply) => "отклик на заявку",
        (Lang::Ru, Kind::ReviewReply) => "ответ на отзыв",
        (Lang::Ru, Kind::Portfolio) => "портфолио",
        (Lang::Ru, Kind::Conversation) => "переписка",
        (Lang::En, Kind::Profile) => "profile",
        (Lang::En, Kind::Reply) => "reply to a job post",
        (Lang::En, Kind::ReviewReply) => "reply to a review",
        (Lang::En, Kind::Portfolio) => "portfolio",
        (Lang::En, Kind::Conversation) => "conversation",
    }
}

pub fn severity(lang: Lang, severity: Severity) -> &'static str {
    match (lang, severity) {
        (Lang::Ru, Severity::Error) => "ошибка",
        (Lang::Ru, Severity::Warning) => "предупреждение",
        (Lang::Ru, Severity::Info) => "замечание",
        (Lang::En, Severity::Error) => "error",
        (Lang::En, Severity::Warning) => "warning",
        (Lang::En, Severity::Info) => "info",
    }
}

/// Fixed interface phrases.
pub struct Words {
    pub score: &'static str,
    pub not_judged: &'static str,
    pub weight: &'static str,
    pub suggestion: &'static str,
    pub first_fixes: &'static str,
    pub no_findings: &'static str,
    pub points: &'static str,
    pub picked: &'static str,
    pub missed: &'static str,
    /// Quotation marks around quoted words.
    pub quotes: (&'static str, &'static str),
    /// "Trade" and "market" labels of the header.
    pub trade: &'static str,
    pub market: &'static str,
}

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Ru => &Words {
            score: "Оценка",
            not_judged: "не оценивается",
            weight: "вес",
            suggestion: "совет",
            first_fixes: "Что исправить в первую очередь",
            no_findings: "Замечаний нет — текст готов к публикации.",
            points: "балл.",
            picked: "Из заявки упомянуто",
            missed: "Из заявки не упомянуто",
            quotes: ("«", "»"),
            trade: "Специализация",
            market: "Рынок",
        },
        Lang::En => &Words {
            score: "Score",
            not_judged: "not judged",
            weight: "weight",
            suggestion: "suggestion",
            first_fixes: "Fix these first",
            no_findings: "No findings: ready to publish.",
            points: "pts",
            picked: "Picked up from the job post",
            missed: "Missed from the job post",
            quotes: ("“", "”"),
            trade: "Trade",
            market: "Market",
        },
    }
}

/// "3 ошибки, 1 предупреждение" / "3 errors, 1 warning".
pub fn counts(lang: Lang, errors: usize, warnings: usize, infos: usize) -> String {
    match lang {
        Lang::Ru => format!(
            "{} {}, {} {}, {} {}",
            errors,
            plural_ru(errors, "ошибка", "ошибки", "ошибок"),
            warnings,
            plural_ru(
                warnings,
                "предупреждение",
                "предупреждения",
                "предупреждений"
            ),
            infos,
            plural_ru(infos, "замечание", "замечания", "замечаний"),
        ),
        Lang::En => format!(
            "{} error{}, {} warning{}, {} info",
            errors,
            if errors == 1 { "" } else { "s" },
            warnings,
            if warnings == 1 { "" } else { "s" },
            infos
        ),
    }
}

/// Russian plural form for a count: 1 ошибка, 2 ошибки, 5 ошибок, 21 ошибка.
pub fn plural_ru<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let (n10, n100) = (n % 10, n % 100);
    if n10 == 1 && n100 != 11 {
        one
    } else if (2..=4).contains(&n10) && !(12..=14).contains(&n100) {
        few
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals() {
        let forms: Vec<&str> = [1, 2, 5, 11, 21, 22, 112]
            .iter()
            .map(|&n| plural_ru(n, "ошибка", "ошибки", "ошибок"))
            .collect();
        assert_eq!(
            forms,
            [
                "ошибка",
                "ошибки",
                "ошибок",
                "ошибок",
                "ошибка",
                "ошибки",
                "ошибок"
            ]
        );
    }
}
