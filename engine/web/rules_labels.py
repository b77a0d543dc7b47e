"""The words of the analysts' page (/rules) in Kazakh, Russian and English."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "title": {
        "kk": "Ережелер: каталог және модельдеу",
        "ru": "Правила: каталог и моделирование",
        "en": "Rules: catalogue and simulations",
    },
    "catalogue": {"kk": "Каталог", "ru": "Каталог", "en": "Catalogue"},
    "status_draft": {"kk": "жоба", "ru": "черновик", "en": "draft"},
    "status_shadow": {"kk": "көлеңкелі режим", "ru": "теневой режим", "en": "shadow"},
    "status_active": {"kk": "күшінде", "ru": "действует", "en": "in force"},
    "status_retired": {"kk": "тоқтатылған", "ru": "отменено", "en": "retired"},
    "version": {"kk": "Нұсқа", "ru": "Версия", "en": "Version"},
    "in_force": {"kk": "Қолданылу мерзімі", "ru": "Срок действия", "en": "In force"},
    "open_ended": {"kk": "мерзімсіз", "ru": "бессрочно", "en": "open-ended"},
    "agency": {"kk": "Мекеме", "ru": "Ведомство", "en": "Agency"},
    "conditions": {"kk": "Шарттар", "ru": "Условия", "en": "Conditions"},
    "otherwise": {"kk": "Әйтпесе", "ru": "Иначе", "en": "Otherwise"},
    "legal_basis": {"kk": "Құқықтық негіз", "ru": "Правовое основание", "en": "Legal basis"},
    "parameters": {
        "kk": "Параметрлер уақыт бойынша",
        "ru": "Параметры во времени",
        "en": "Parameters over time",
    },
    "from": {"kk": "Бастап", "ru": "С", "en": "From"},
    "to": {"kk": "Дейін", "ru": "По", "en": "To"},
    "value": {"kk": "Мәні", "ru": "Значение", "en": "Value"},
    "reference": {"kk": "Құқықтық сілтеме", "ru": "Правовая ссылка", "en": "Legal reference"},
    "tests": {"kk": "Тесттер және қамту", "ru": "Тесты и покрытие", "en": "Tests and coverage"},
    "passed": {"kk": "өтті", "ru": "пройден", "en": "passed"},
    "failed": {"kk": "өтпеді", "ru": "не пройден", "en": "failed"},
    "branches_tested": {
        "kk": "тармақ тесттермен тексерілген",
        "ru": "ветвей проверены тестами",
        "en": "branches tested",
    },
    "shadow": {
        "kk": "Көлеңкелі режим нәтижелері",
        "ru": "Результаты теневого режима",
        "en": "Shadow results",
    },
    "evaluated": {"kk": "Бағаланған жағдайлар", "ru": "Оценено случаев", "en": "Cases evaluated"},
    "would_offer": {
        "kk": "Ұсынылар еді",
        "ru": "Было бы предложено",
        "en": "Would have offered",
    },
    "would_cost": {
        "kk": "Құны болар еді, теңге",
        "ru": "Стоило бы, тенге",
        "en": "Would have cost, KZT",
    },
    "simulation": {"kk": "Модельдеу", "ru": "Моделирование", "en": "Simulation"},
    "population": {
        "kk": "Іріктемедегі адамдар",
        "ru": "Человек в выборке",
        "en": "Persons in the sample",
    },
    "as_of": {
        "kk": "Осы күнге дейінгі 12 айдың оқиғалары",
        "ru": "События 12 месяцев по дату",
        "en": "Events of the 12 months up to",
    },
    "simulate": {"kk": "Модельдеу", "ru": "Смоделировать", "en": "Simulate"},
    "working": {"kk": "Есептелуде…", "ru": "Считаем…", "en": "Computing…"},
    "sample": {"kk": "Іріктеме", "ru": "Выборка", "en": "Sample"},
    "country": {"kk": "Қазақстан", "ru": "Казахстан", "en": "Kazakhstan"},
    "events": {"kk": "Оқиғалар", "ru": "События", "en": "Events"},
    "eligible": {"kk": "Құқығы бар", "ru": "Имеют право", "en": "Eligible"},
    "one_time": {"kk": "Біржолғы, теңге", "ru": "Единовременно, тенге", "en": "One-time, KZT"},
    "monthly": {"kk": "Айына, теңге", "ru": "В месяц, тенге", "en": "Monthly, KZT"},
    "annual": {"kk": "Жылына, теңге", "ru": "За год, тенге", "en": "A year, KZT"},
    "region": {"kk": "Өңір", "ru": "Регион", "en": "Region"},
    "no_region": {"kk": "өңірі белгісіз", "ru": "регион неизвестен", "en": "region unknown"},
    "by_region_chart": {
        "kk": "Өңірлер бойынша жылдық шығын, Қазақстан, теңге",
        "ru": "Годовые расходы по регионам, Казахстан, тенге",
        "en": "Annual cost by region, Kazakhstan, KZT",
    },
    "source": {
        "kk": "Өңірлер халқының саны: Ұлттық статистика бюросы, 2025 жылғы 1 қаңтар "
        "(9 өңір — жарияланған деректер, 11 облыс — бағалау).",
        "ru": "Численность населения регионов: Бюро национальной статистики, на 1 января "
        "2025 г. (9 регионов — опубликованные данные, 11 областей — оценка).",
        "en": "Regional populations: Bureau of National Statistics, 1 January 2025 "
        "(9 regions as published, 11 oblasts estimated).",
    },
    "reasons": {"kk": "Құқығы жоқ, себебі", "ru": "Нет права, потому что", "en": "Not eligible"},
    "unknown": {
        "kk": "Белгісіз: мәлімет жоқ",
        "ru": "Неизвестно: нет сведений",
        "en": "Unknown: a fact is missing",
    },
    "what_if": {
        "kk": "Егер: параметр мәндері (алғашқы күннен бастап)",
        "ru": "Что если: значения параметров (с первой даты)",
        "en": "What if: parameter values (from the first date on)",
    },
    "candidate": {
        "kk": "Ереженің мәтіні (YAML): өзгертіп, тексеріп, салыстырыңыз",
        "ru": "Текст правила (YAML): измените, проверьте и сравните",
        "en": "The rule's text (YAML): edit, check and compare",
    },
    "check": {"kk": "Тексеру", "ru": "Проверить", "en": "Check"},
    "compare": {
        "kk": "Қолданыстағы ережемен салыстыру",
        "ru": "Сравнить с действующим правилом",
        "en": "Compare with the rule in force",
    },
    "compare_values": {
        "kk": "Осы мәндермен салыстыру",
        "ru": "Сравнить с этими значениями",
        "en": "Compare with these values",
    },
    "valid": {"kk": "Қате жоқ", "ru": "Ошибок нет", "en": "No problems"},
    "gainers": {"kk": "Ұтады", "ru": "Выигрывают", "en": "Gain"},
    "losers": {"kk": "Ұтылады", "ru": "Проигрывают", "en": "Lose"},
    "newly": {"kk": "Құқық алады", "ru": "Получают право", "en": "Newly eligible"},
    "no_longer": {"kk": "Құқығынан айырылады", "ru": "Теряют право", "en": "No longer eligible"},
    "cost_change": {
        "kk": "Шығын өзгерісі (іріктеме), теңге",
        "ru": "Изменение расходов (выборка), тенге",
        "en": "Change in cost (sample), KZT",
    },
    "country_change": {
        "kk": "Жылдық шығын өзгерісі, Қазақстан, теңге",
        "ru": "Изменение годовых расходов, Казахстан, тенге",
        "en": "Change in annual cost, Kazakhstan, KZT",
    },
    "token": {
        "kk": "Лауазымды тұлғаның токені",
        "ru": "Токен должностного лица",
        "en": "Official's token",
    },
    "refused": {"kk": "Орындалмады", "ru": "Не выполнено", "en": "Not done"},
    "chain": {
        "kk": "Ережелер тізбегі",
        "ru": "Связанные правила",
        "en": "Rules that build on rules",
    },
    "modifies": {
        "kk": "Мына ереженің сомасын өзгертеді",
        "ru": "Меняет сумму правила",
        "en": "Changes the amount of",
    },
    "modifiers": {
        "kk": "Бұл ереженің сомасын өзгертетін ережелер",
        "ru": "Сумму этого правила меняют",
        "en": "Its amount is changed by",
    },
    "reads": {
        "kk": "Мына ережелердің нәтижелерін пайдаланады",
        "ru": "Использует результаты правил",
        "en": "Reads the results of",
    },
    "kind_relief": {"kk": "Жеңілдік", "ru": "Льгота", "en": "Relief"},
    "kind_exemption": {"kk": "Босату", "ru": "Освобождение", "en": "Exemption"},
    "kind_top_up": {"kk": "Үстеме", "ru": "Надбавка", "en": "Top-up"},
    "through_modifiers": {
        "kk": "Сомалар оны өзгертетін ережелерден кейін көрсетіледі",
        "ru": "Суммы показаны после правил, которые их меняют",
        "en": "Amounts are shown after the rules that change them",
    },
    "through_base": {
        "kk": "Модельдеу осы ереженің өз сомасын көрсетеді; салыстыру негізгі ереже арқылы, "
        "азаматқа хабарланатын сомамен жүргізіледі",
        "ru": "Моделирование показывает собственную сумму этого правила; сравнение идёт через "
        "основное правило, по сумме, которую сообщают гражданину",
        "en": "A simulation shows this rule's own amount; a comparison is made through the "
        "base rule, on the amount the citizen is told",
    },
    "compared_through": {
        "kk": "Негізгі ереже арқылы салыстырылды",
        "ru": "Сравнено через основное правило",
        "en": "Compared through the base rule",
    },
}


def labels_for(lang: str) -> dict[str, str]:
    return {key: texts[lang] for key, texts in LABELS.items()}
