//! Every scoring dimension, declared once: its id, its labels in each
//! language and its default weight. Printers, the page and the API take
//! labels from here; checklists name dimensions by id.

use serde::Serialize;

use crate::input::Lang;

/// A dimension a checklist can weigh.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Dimension {
    pub id: &'static str,
    pub ru: &'static str,
    pub en: &'static str,
    /// The weight a checklist gives it when it names it without a number.
    pub default_weight: f64,
}

impl Dimension {
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ru => self.ru,
            Lang::En => self.en,
        }
    }
}

const fn dim(
    id: &'static str,
    ru: &'static str,
    en: &'static str,
    default_weight: f64,
) -> Dimension {
    Dimension {
        id,
        ru,
        en,
        default_weight,
    }
}

/// In the order reports list them.
pub const DIMENSIONS: &[Dimension] = &[
    dim("specificity", "Конкретика", "Specificity", 20.0),
    dim("materials", "Материалы", "Materials", 15.0),
    dim("geography", "География", "Geography", 10.0),
    dim("trust", "Доверие", "Trust", 15.0),
    dim("price", "Цена", "Price", 15.0),
    dim("structure", "Структура", "Structure", 15.0),
    dim("cta", "Призыв к действию", "Call to action", 10.0),
    dim("contacts", "Контакты", "Contacts", 15.0),
    dim("relevance", "Ответ на заявку", "Relevance", 30.0),
    dim("questions", "Уточняющие вопросы", "Questions", 15.0),
    dim("tone", "Тон", "Tone", 20.0),
    dim("gratitude", "Благодарность", "Gratitude", 20.0),
    dim("remedy", "Решение проблемы", "Remedy", 45.0),
    dim("volume", "Количество фото", "Volume", 25.0),
    dim("variety", "Разнообразие работ", "Variety", 20.0),
    dim("captions", "Подписи", "Captions", 25.0),
    dim("photo_quality", "Качество фото", "Photo quality", 30.0),
    dim("responsiveness", "Скорость ответа", "Responsiveness", 70.0),
    dim("policy", "Правила площадки", "Platform policy", 0.0),
];

/// The declared dimension with this id.
pub fn find(id: &str) -> Option<&'static Dimension> {
    DIMENSIONS.iter().find(|d| d.id == id)
}

/// The label of a dimension in a language; a dimension that only a user's
/// checklist knows is shown by its id.
pub fn label(lang: Lang, id: &str) -> String {
    find(id).map_or_else(|| id.to_string(), |d| d.label(lang).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_labelled() {
        for (i, d) in DIMENSIONS.iter().enumerate() {
            assert!(DIMENSIONS[i + 1..].iter().all(|o| o.id != d.id), "{}", d.id);
            assert!(!d.ru.is_empty() && !d.en.is_empty());
        }
        assert_eq!(label(Lang::Ru, "cta"), "Призыв к действию");
        assert_eq!(label(Lang::En, "custom"), "custom");
    }
}
