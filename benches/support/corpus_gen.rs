//! Deterministic synthetic profiles for benchmarks: about 250 words each,
//! half Russian, half English, mixing strong and weak wording so every
//! check has work to do.

const RU: &[&str] = &[
    "Делаем столешницы и подоконники из кварцевого агломерата и акрилового камня.",
    "Работаем в Казани и по всему Татарстану, выезд на замер бесплатно.",
    "Создаём уют и комфорт, индивидуальный подход к каждому клиенту.",
    "Цена договорная, всё зависит от объёма работ.",
    "Столешница из акрила — от 12 000 ₽ за погонный метр, точная стоимость после замера.",
    "За 12 лет сделали более 400 кухонь, работаем по договору, гарантия 2 года.",
    "Выполняем все виды работ любой сложности по разумным ценам.",
    "## Материалы",
    "- керамогранит, натуральный камень, массив дуба",
    "- ЛДСП Egger, МДФ, фурнитура Blum",
    "Итог зависит от толщины, количества вырезов и сложности монтажа.",
    "Мы лучшие в городе, самые низкие цены!!!",
    "Собственный цех 600 м² в Подмосковье, шоурум в Москве.",
    "Пришлите размеры или фото кухни — за день посчитаем три варианта.",
];

const EN: &[&str] = &[
    "We build quartz and granite countertops, kitchen islands and vanities.",
    "Serving Austin, TX and the surrounding areas within 40 miles.",
    "Quality work, attention to detail and affordable prices for every client.",
    "Price on request, every job is different.",
    "Quartz countertops from $65 per sq ft installed, final price after measuring.",
    "Licensed and insured, 15 years in business, over 600 kitchens completed.",
    "We do it all, no job too big or small!!!",
    "## Materials",
    "- quartz, granite, marble, porcelain slabs",
    "- white oak, walnut, plywood cabinet boxes with Blum hardware",
    "The total depends on thickness, edge profile and the number of cutouts.",
    "Best in town with the lowest prices guaranteed.",
    "Own fabrication shop in Round Rock with a showroom.",
    "Send us your measurements or a photo of the kitchen and we will quote within a day.",
];

/// A small linear congruential generator: the same sequence everywhere.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed)
    }

    pub fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % bound as u64) as usize
    }
}

/// Profile number `i` (even: Russian, odd: English), about `words` words.
pub fn profile(i: usize, words: usize) -> String {
    let mut rng = Lcg::new(i as u64 + 1);
    let lines = if i.is_multiple_of(2) { RU } else { EN };
    let mut out = String::new();
    let mut count = 0;
    while count < words {
        let line = lines[rng.next(lines.len())];
        out.push_str(line);
        out.push_str(if line.starts_with('#') || line.starts_with('-') {
            "\n"
        } else {
            " "
        });
        if rng.next(4) == 0 {
            out.push('\n');
        }
        count += line.split_whitespace().count();
    }
    out
}
