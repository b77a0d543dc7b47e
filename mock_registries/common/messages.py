"""The registries' refusals: a stable code for each, and its message in English, Russian and
Kazakh. ``{name}`` in a message is filled from the problem's ``params``."""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "ru", "kk")
DEFAULT_LANGUAGE = "en"

# code: (English, Russian, Kazakh)
MESSAGES: dict[str, tuple[str, str, str]] = {
    # the request itself
    "request.invalid": (
        "the request is not valid: {summary}",
        "запрос не принят: {summary}",
        "сұрау қабылданбады: {summary}",
    ),
    "request.missing": ("a value is required", "значение обязательно", "мән міндетті"),
    "request.extra_forbidden": (
        "this field is not expected here",
        "такого поля здесь нет",
        "мұндай өріс мұнда жоқ",
    ),
    "request.string_too_short": (
        "at least {min_length} characters",
        "не меньше {min_length} символов",
        "кемінде {min_length} таңба",
    ),
    "request.string_too_long": (
        "at most {max_length} characters",
        "не больше {max_length} символов",
        "ең көбі {max_length} таңба",
    ),
    "request.string_pattern_mismatch": (
        "does not match the pattern {pattern}",
        "не соответствует шаблону {pattern}",
        "{pattern} үлгісіне сәйкес емес",
    ),
    "request.greater_than_equal": (
        "at least {ge}",
        "не меньше {ge}",
        "кемінде {ge}",
    ),
    "request.less_than_equal": ("at most {le}", "не больше {le}", "ең көбі {le}"),
    "request.greater_than": ("more than {gt}", "больше {gt}", "{gt} көп"),
    "request.less_than": ("less than {lt}", "меньше {lt}", "{lt} аз"),
    "request.literal_error": (
        "one of: {expected}",
        "одно из значений: {expected}",
        "мына мәндердің бірі: {expected}",
    ),
    "request.enum": (
        "one of: {expected}",
        "одно из значений: {expected}",
        "мына мәндердің бірі: {expected}",
    ),
    "request.date": (
        "a date of the calendar, as YYYY-MM-DD without a time",
        "дата календаря в виде ГГГГ-ММ-ДД, без времени",
        "күнтізбедегі күн, ЖЖЖЖ-АА-КК түрінде, уақытсыз",
    ),
    "request.other": (
        "not valid: {reason}",
        "недопустимое значение: {reason}",
        "жарамсыз мән: {reason}",
    ),
    "request.nothing_to_change": (
        "name at least one field to change",
        "укажите хотя бы одно изменяемое поле",
        "кемінде бір өзгертілетін өрісті көрсетіңіз",
    ),
    # identifiers
    "iin.format": (
        "an IIN has exactly 12 digits",
        "ИИН состоит ровно из 12 цифр",
        "ЖСН дәл 12 цифрдан тұрады",
    ),
    "iin.century": (
        "digit 7 of an IIN (century and sex) must be 1 to 6",
        "7-я цифра ИИН (век и пол) должна быть от 1 до 6",
        "ЖСН-нің 7-цифры (ғасыр және жыныс) 1-ден 6-ға дейін болуы керек",
    ),
    "iin.serial": (
        "this IIN serial is never issued",
        "такой порядковый номер ИИН не выдаётся",
        "мұндай ЖСН реттік нөмірі берілмейді",
    ),
    "iin.check_digit": (
        "invalid IIN: check digit is {digit}, expected {expected}",
        "неверный ИИН: контрольная цифра {digit}, ожидается {expected}",
        "ЖСН қате: бақылау цифры {digit}, күтілгені {expected}",
    ),
    "bin.format": (
        "a BIN has exactly 12 digits",
        "БИН состоит ровно из 12 цифр",
        "БСН дәл 12 цифрдан тұрады",
    ),
    "bin.entity": (
        "invalid BIN: {reason}",
        "неверный БИН: {reason}",
        "БСН қате: {reason}",
    ),
    "bin.check_digit": (
        "invalid BIN: the check digit does not match",
        "неверный БИН: контрольная цифра не сходится",
        "БСН қате: бақылау цифры сәйкес емес",
    ),
    "vin.format": (
        "invalid VIN: {reason}",
        "неверный VIN: {reason}",
        "VIN қате: {reason}",
    ),
    "name.letters": (
        "a name has only letters, spaces, hyphens and apostrophes, not {bad}",
        "в имени допустимы только буквы, пробелы, дефисы и апострофы, не {bad}",
        "атта тек әріптер, бос орын, дефис пен апостроф болады, {bad} емес",
    ),
    "name.no_letters": (
        "a name needs letters",
        "в имени должны быть буквы",
        "атта әріптер болуы керек",
    ),
    # dates
    "date.future": (
        "{value} is in the future (today is {today})",
        "{value} ещё не наступило (сегодня {today})",
        "{value} әлі келген жоқ (бүгін {today})",
    ),
    "date.too_early": (
        "{value} is before {earliest}",
        "{value} раньше {earliest}",
        "{value} {earliest} күнінен ерте",
    ),
    # persons
    "person.unknown": (
        "no person with this IIN in the population registry",
        "в регистре населения нет человека с таким ИИН",
        "халық тіркелімінде мұндай ЖСН бар адам жоқ",
    ),
    "person.dead": (
        "this person died on {death_date}",
        "этот человек умер {death_date}",
        "бұл адам {death_date} қайтыс болған",
    ),
    "person.not_born": (
        "this person was born on {birth_date}, after {day}",
        "этот человек родился {birth_date}, после {day}",
        "бұл адам {day} күнінен кейін, {birth_date} туған",
    ),
    "person.after_death": (
        "after the person's death ({death_date})",
        "после смерти человека ({death_date})",
        "адам қайтыс болғаннан кейін ({death_date})",
    ),
    "person.not_found": (
        "no person with IIN {iin} in the population registry",
        "в регистре населения нет человека с ИИН {iin}",
        "халық тіркелімінде ЖСН {iin} бар адам жоқ",
    ),
    "spouse.not_found": (
        "no spouse recorded for IIN {iin}",
        "для ИИН {iin} супруг не записан",
        "ЖСН {iin} үшін жұбайы жазылмаған",
    ),
    "father.self": (
        "a person cannot be their own father",
        "человек не может быть своим отцом",
        "адам өзінің әкесі бола алмайды",
    ),
    # births
    "mother.male": (
        "the person with this IIN is male; a mother must be female",
        "человек с этим ИИН мужчина; мать должна быть женщиной",
        "бұл ЖСН иесі ер адам; ана әйел болуы керек",
    ),
    "mother.too_young": (
        "the mother would be {age} years old on this date; check the date",
        "матери в эту дату было бы {age} лет; проверьте дату",
        "бұл күні ана {age} жаста болар еді; күнді тексеріңіз",
    ),
    "mother.dead": (
        "the mother died on {death_date}, before this birth date",
        "мать умерла {death_date}, до этой даты рождения",
        "ана осы туған күнге дейін, {death_date} қайтыс болған",
    ),
    "father.female": (
        "the person with this IIN is female; a father must be male",
        "человек с этим ИИН женщина; отец должен быть мужчиной",
        "бұл ЖСН иесі әйел; әке ер адам болуы керек",
    ),
    "father.born_after_child": (
        "the father was born after the child",
        "отец родился позже ребёнка",
        "әке баладан кейін туған",
    ),
    "birth.duplicate": (
        "this birth is already registered (act {act_id}); to change it, register a correction",
        "это рождение уже зарегистрировано (запись акта {act_id}); чтобы изменить её, "
        "зарегистрируйте исправление",
        "бұл туу тіркелген (акт жазбасы {act_id}); өзгерту үшін түзетуді тіркеңіз",
    ),
    "birth.too_soon": (
        "the mother gave birth on {previous_date} (act {act_id}), {days} days from this date; "
        "two births less than {min_days} days apart are not plausible (twins share one date)",
        "мать родила {previous_date} (запись акта {act_id}), в {days} дн. от этой даты; двое "
        "родов с промежутком меньше {min_days} дней неправдоподобны (у близнецов одна дата)",
        "ана {previous_date} босанған (акт жазбасы {act_id}), бұл күннен {days} күн "
        "қашықтықта; арасы {min_days} күннен аз екі босану шындыққа жанаспайды (егіздердің "
        "туған күні бір)",
    ),
    "correction.no_act": (
        "name the birth act: act_id or child_iin",
        "укажите запись акта о рождении: act_id или child_iin",
        "туу туралы акт жазбасын көрсетіңіз: act_id немесе child_iin",
    ),
    "correction.nothing": (
        "name at least one field to correct",
        "укажите хотя бы одно исправляемое поле",
        "кемінде бір түзетілетін өрісті көрсетіңіз",
    ),
    "correction.unknown_act": (
        "no such birth act in the civil registry",
        "такой записи акта о рождении нет",
        "мұндай туу туралы акт жазбасы жоқ",
    ),
    "name_change.nothing": (
        "name the new first name, last name or patronymic",
        "укажите новое имя, фамилию или отчество",
        "жаңа атын, тегін немесе әкесінің атын көрсетіңіз",
    ),
    # deaths
    "death.recorded": (
        "a death is already recorded for this person ({death_date})",
        "смерть этого человека уже записана ({death_date})",
        "бұл адамның қайтыс болуы жазылған ({death_date})",
    ),
    "death.duplicate": (
        "a death is already registered for this person (act {act_id})",
        "смерть этого человека уже зарегистрирована (запись акта {act_id})",
        "бұл адамның қайтыс болуы тіркелген (акт жазбасы {act_id})",
    ),
    "death.before_birth": (
        "before the person's birth ({birth_date})",
        "раньше рождения человека ({birth_date})",
        "адам туғанға дейін ({birth_date})",
    ),
    # marriages and divorces
    "marriage.self": (
        "a person cannot marry themselves",
        "человек не может вступить в брак с самим собой",
        "адам өзімен неке қия алмайды",
    ),
    "marriage.under_age": (
        "this person is {age} on the marriage date; the age is 18",
        "в дату брака этому человеку {age}; брачный возраст 18 лет",
        "неке күні бұл адам {age} жаста; неке жасы 18",
    ),
    "marriage.married": (
        "this person is already married (to {spouse_iin})",
        "этот человек уже состоит в браке (с {spouse_iin})",
        "бұл адам некеде тұр ({spouse_iin})",
    ),
    "marriage.same_sex": (
        "a marriage is registered between a man and a woman",
        "брак регистрируется между мужчиной и женщиной",
        "неке ер адам мен әйел арасында тіркеледі",
    ),
    "marriage.relatives": (
        "close relatives cannot marry each other",
        "близкие родственники не могут вступать в брак друг с другом",
        "жақын туыстар бір-бірімен неке қия алмайды",
    ),
    "marriage.duplicate": (
        "this marriage is already registered (act {act_id})",
        "этот брак уже зарегистрирован (запись акта {act_id})",
        "бұл неке тіркелген (акт жазбасы {act_id})",
    ),
    "divorce.not_married": (
        "these two people are not married to each other",
        "эти двое не состоят в браке друг с другом",
        "бұл екеуі бір-бірімен некеде емес",
    ),
    "divorce.before_marriage": (
        "before the marriage was registered ({marriage_date})",
        "раньше регистрации брака ({marriage_date})",
        "неке тіркелгенге дейін ({marriage_date})",
    ),
    "divorce.duplicate": (
        "this divorce is already registered (act {act_id})",
        "этот развод уже зарегистрирован (запись акта {act_id})",
        "бұл ажырасу тіркелген (акт жазбасы {act_id})",
    ),
    # vehicles
    "vehicle.owner_missing": (
        "give the owner: owner_iin (a person) or owner_bin",
        "укажите владельца: owner_iin (человек) или owner_bin",
        "иесін көрсетіңіз: owner_iin (адам) немесе owner_bin",
    ),
    "vehicle.two_owners": (
        "give one owner only: owner_iin or owner_bin",
        "укажите одного владельца: owner_iin или owner_bin",
        "бір ғана иесін көрсетіңіз: owner_iin немесе owner_bin",
    ),
    "vehicle.year_future": (
        "{year} is after next year",
        "{year} год позже следующего",
        "{year} жыл келесі жылдан кейін",
    ),
    "vehicle.before_made": (
        "before the vehicle was made ({year})",
        "раньше выпуска транспортного средства ({year})",
        "көлік шығарылғанға дейін ({year})",
    ),
    "vehicle.electric_engine": (
        "an electric vehicle has no engine displacement",
        "у электромобиля нет объёма двигателя",
        "электромобильдің қозғалтқыш көлемі жоқ",
    ),
    "vehicle.owner_dead": (
        "the owner died on {death_date}; a dead person cannot register a vehicle",
        "владелец умер {death_date}; умерший не может зарегистрировать транспорт",
        "иесі {death_date} қайтыс болған; қайтыс болған адам көлік тіркей алмайды",
    ),
    "vehicle.owner_not_born": (
        "the owner was not born on the registration date",
        "в дату регистрации владелец ещё не родился",
        "тіркеу күні иесі әлі туылмаған",
    ),
    "vehicle.registered": (
        "this vehicle is registered (registration {registration_id} since "
        "{registration_date}); deregister it first",
        "это транспортное средство зарегистрировано (регистрация {registration_id} с "
        "{registration_date}); сначала снимите его с учёта",
        "бұл көлік тіркелген ({registration_date} бастап, тіркеу {registration_id}); "
        "алдымен оны есептен шығарыңыз",
    ),
    "vehicle.unknown_registration": (
        "no registration {registration_id}",
        "регистрации {registration_id} нет",
        "{registration_id} тіркеуі жоқ",
    ),
    "vehicle.deregistered": (
        "already deregistered on {deregistration_date}",
        "уже снято с учёта {deregistration_date}",
        "{deregistration_date} есептен шығарылған",
    ),
    "vehicle.deregistered_before": (
        "before the registration ({registration_date})",
        "раньше регистрации ({registration_date})",
        "тіркеуге дейін ({registration_date})",
    ),
    "vehicle.not_found": (
        "no vehicle with VIN {vin} is registered",
        "транспортное средство с VIN {vin} не зарегистрировано",
        "VIN {vin} көлігі тіркелмеген",
    ),
    "registration.not_found": (
        "no registration {registration_id}",
        "регистрации {registration_id} нет",
        "{registration_id} тіркеуі жоқ",
    ),
    # social insurance
    "insurance.under_age": (
        "the person was under {age} then",
        "человеку тогда не было {age}",
        "ол кезде адам {age} жасқа толмаған",
    ),
    "insurance.income_required": (
        "required when the person becomes insured",
        "обязательно, когда человек становится застрахованным",
        "адам сақтандырылған кезде міндетті",
    ),
    "insurance.income_uninsured": (
        "an uninsured person has no insured income",
        "у незастрахованного нет застрахованного дохода",
        "сақтандырылмаған адамның сақтандырылған табысы жоқ",
    ),
    "insurance.no_change": (
        "nothing changes: the person has this status since {since}",
        "ничего не меняется: у человека этот статус с {since}",
        "ештеңе өзгермейді: адамда бұл мәртебе {since} бастап бар",
    ),
    "insurance.before_status": (
        "before the current status began ({since})",
        "раньше начала текущего статуса ({since})",
        "қазіргі мәртебе басталғанға дейін ({since})",
    ),
    "insurance.not_found": (
        "the social insurance fund has no record of IIN {iin}",
        "в фонде социального страхования нет записи об ИИН {iin}",
        "әлеуметтік сақтандыру қорында ЖСН {iin} туралы жазба жоқ",
    ),
    # pension
    "pension.years": (
        "more years than the person could have worked (age {age})",
        "больше лет, чем человек мог проработать (возраст {age})",
        "адам жұмыс істей алатыннан көп жыл (жасы {age})",
    ),
    "pension.no_change": (
        "nothing changes: the account already holds these values",
        "ничего не меняется: на счёте уже эти значения",
        "ештеңе өзгермейді: шотта осы мәндер бар",
    ),
    "pension.not_found": (
        "no pension savings account for IIN {iin}",
        "нет пенсионного счёта для ИИН {iin}",
        "ЖСН {iin} үшін зейнетақы шоты жоқ",
    ),
    # tax
    "tax.year_not_begun": (
        "{tax_year} has not begun (today is {today})",
        "{tax_year} год ещё не начался (сегодня {today})",
        "{tax_year} жыл әлі басталған жоқ (бүгін {today})",
    ),
    "tax.due_before_year": (
        "before the tax year {tax_year}",
        "раньше налогового года {tax_year}",
        "{tax_year} салық жылына дейін",
    ),
    "tax.rates_unknown": (
        "rates are known for {known}",
        "ставки известны за {known}",
        "мөлшерлемелер {known} үшін белгілі",
    ),
    "tax.vehicle_newer": (
        "the vehicle was made after the tax year {tax_year}",
        "транспорт выпущен после налогового года {tax_year}",
        "көлік {tax_year} салық жылынан кейін шығарылған",
    ),
    "tax.registered_after_year": (
        "after the tax year {tax_year}",
        "после налогового года {tax_year}",
        "{tax_year} салық жылынан кейін",
    ),
    "tax.duplicate": (
        "{kind} for {tax_year} on {reference} is already assessed (obligation {obligation_id})",
        "{kind} за {tax_year} по {reference} уже начислен (обязательство {obligation_id})",
        "{tax_year} жылғы {reference} бойынша {kind} есептелген (міндеттеме {obligation_id})",
    ),
    "tax.unknown_obligation": (
        "no obligation {obligation_id}",
        "обязательства {obligation_id} нет",
        "{obligation_id} міндеттемесі жоқ",
    ),
    "tax.closed": (
        "already closed on {closed_on} ({reason})",
        "уже закрыто {closed_on} ({reason})",
        "{closed_on} жабылған ({reason})",
    ),
    "obligation.not_found": (
        "no obligation {obligation_id}",
        "обязательства {obligation_id} нет",
        "{obligation_id} міндеттемесі жоқ",
    ),
    # kindergarten queue
    "queue.before_birth": (
        "before the child was born ({birth_date})",
        "раньше рождения ребёнка ({birth_date})",
        "бала туғанға дейін ({birth_date})",
    ),
    "queue.too_old": (
        "the queue is for children under {limit}; this child is {age}",
        "очередь для детей до {limit} лет; этому ребёнку {age}",
        "кезек {limit} жасқа дейінгі балаларға арналған; бұл бала {age} жаста",
    ),
    "queue.queued": (
        "this child is already in the queue (entry {entry_id})",
        "этот ребёнок уже в очереди (запись {entry_id})",
        "бұл бала кезекте тұр ({entry_id} жазба)",
    ),
    "queue.not_found": (
        "the child with IIN {iin} is not in the kindergarten queue",
        "ребёнка с ИИН {iin} нет в очереди в детский сад",
        "ЖСН {iin} бала балабақша кезегінде жоқ",
    ),
    # disability
    "disability.before_birth": (
        "before the person was born ({birth_date})",
        "раньше рождения человека ({birth_date})",
        "адам туғанға дейін ({birth_date})",
    ),
    "disability.term_order": (
        "the term must end after it begins",
        "срок должен заканчиваться после начала",
        "мерзім басталғаннан кейін аяқталуы керек",
    ),
    "disability.term_long": (
        "a term is at most {years} years",
        "срок не больше {years} лет",
        "мерзім ең көбі {years} жыл",
    ),
    "disability.starts_late": (
        "more than a month after the decision",
        "больше чем через месяц после решения",
        "шешімнен кейін бір айдан астам",
    ),
    "disability.child_cause": (
        "'child' is for persons under 18; this person is {age}",
        "причина 'child' для лиц до 18 лет; этому человеку {age}",
        "'child' себебі 18 жасқа дейінгілерге; бұл адам {age} жаста",
    ),
    "disability.minor_cause": (
        "a person of {age} gets the cause 'child'",
        "человеку {age} лет назначается причина 'child'",
        "{age} жастағы адамға 'child' себебі беріледі",
    ),
    "disability.not_found": (
        "no disability in force on {on} for IIN {iin}",
        "на {on} у ИИН {iin} нет действующей инвалидности",
        "{on} күні ЖСН {iin} үшін күшіндегі мүгедектік жоқ",
    ),
    # payments
    "payment.after_death": (
        "the person died on {death_date}; payments to a person stop at death",
        "человек умер {death_date}; выплаты прекращаются со смертью",
        "адам {death_date} қайтыс болған; төлемдер қайтыс болғанда тоқтайды",
    ),
    "payment.duplicate": (
        "{agency} already paid this reference (payment {payment_id} on {paid_on})",
        "{agency} уже выплатил по этой ссылке (выплата {payment_id} от {paid_on})",
        "{agency} бұл сілтеме бойынша төлеген ({paid_on}, төлем {payment_id})",
    ),
    # callers
    "auth.token_missing": (
        "the {registry} registry answers officials only: send a bearer token",
        "регистр {registry} отвечает только должностным лицам: передайте токен",
        "{registry} тіркелімі тек лауазымды тұлғаларға жауап береді: токен жіберіңіз",
    ),
    "auth.token_invalid": (
        "invalid token: {reason}",
        "недействительный токен: {reason}",
        "жарамсыз токен: {reason}",
    ),
    "auth.not_official": (
        "the {registry} registry answers officials only",
        "регистр {registry} отвечает только должностным лицам",
        "{registry} тіркелімі тек лауазымды тұлғаларға жауап береді",
    ),
    "auth.not_writer": (
        "writes to the {registry} registry need an official of: {writers} (this token is of "
        "{agency})",
        "запись в регистр {registry} доступна должностным лицам: {writers} (этот токен — {agency})",
        "{registry} тіркеліміне жазуға {writers} лауазымды тұлғалары құқылы (бұл токен — {agency})",
    ),
    "auth.agency_unknown": (
        "this token is of {agency}, which is not a known agency",
        "этот токен выдан {agency}, такого ведомства нет",
        "бұл токен {agency} үшін берілген, мұндай ведомство жоқ",
    ),
    "auth.integrator_unknown": (
        "the integrator {client} is not registered with the gateway for this agency",
        "интегратор {client} не зарегистрирован в шлюзе для этого ведомства",
        "{client} интеграторы бұл ведомство үшін шлюзде тіркелмеген",
    ),
    "auth.integrator_reads_only": (
        "the integrator {client} may read, not write",
        "интегратор {client} может только читать, но не записывать",
        "{client} интеграторы тек оқи алады, жаза алмайды",
    ),
    "auth.registry_not_allowed": (
        "the integrator {client} is not allowed to read the {registry} registry",
        "интегратору {client} не разрешено читать регистр {registry}",
        "{client} интеграторына {registry} тіркелімін оқуға рұқсат жоқ",
    ),
    "purpose.missing": (
        "state the purpose of this read in X-Purpose",
        "укажите цель этого чтения в X-Purpose",
        "бұл оқудың мақсатын X-Purpose тақырыбында көрсетіңіз",
    ),
    "purpose.not_allowed": (
        "the integrator {client} may read only for: {purposes}",
        "интегратор {client} может читать только для целей: {purposes}",
        "{client} интеграторы тек мына мақсаттар үшін оқи алады: {purposes}",
    ),
    "rate.limited": (
        "more than {limit} requests a minute from this client; try again in {retry_after} s",
        "больше {limit} запросов в минуту от этого клиента; повторите через {retry_after} с",
        "бұл клиенттен минутына {limit} сұраудан көп; {retry_after} с кейін қайталаңыз",
    ),
    "fault.rate_limited": (
        "the {registry} registry is limiting requests (simulated fault); try again in "
        "{retry_after} s",
        "регистр {registry} ограничивает запросы (имитация); повторите через {retry_after} с",
        "{registry} тіркелімі сұрауларды шектеп тұр (имитация); {retry_after} с кейін қайталаңыз",
    ),
    "auth.unknown_agency": (
        "unknown agency code; one of: {agencies}",
        "неизвестный код ведомства; допустимые: {agencies}",
        "белгісіз ведомство коды; мыналардың бірі: {agencies}",
    ),
    # writes
    "idempotency.key_reused": (
        "this Idempotency-Key was already used with a different request body; use a new key "
        "for a new request",
        "этот Idempotency-Key уже использован с другим телом запроса; для нового запроса "
        "нужен новый ключ",
        "бұл Idempotency-Key басқа сұрау денесімен қолданылған; жаңа сұрауға жаңа кілт керек",
    ),
    "write.conflict": (
        "this write conflicts with a record written at the same moment; read the current "
        "state and try again",
        "эта запись конфликтует с записью, сделанной в тот же момент; прочитайте текущее "
        "состояние и повторите",
        "бұл жазба дәл сол сәтте жасалған жазбамен қайшы; қазіргі күйді оқып, қайталаңыз",
    ),
    "peer.unavailable": (
        "the {registry} registry {reason}; nothing was written, try again (with the same "
        "Idempotency-Key)",
        "регистр {registry} недоступен ({reason}); ничего не записано, повторите (с тем же "
        "Idempotency-Key)",
        "{registry} тіркелімі қолжетімсіз ({reason}); ештеңе жазылған жоқ, қайталаңыз (сол "
        "Idempotency-Key арқылы)",
    ),
    # the change feed
    "feed.cursor_invalid": (
        "the cursor must be a value of 'next' from an earlier page, or 'now'",
        "курсор должен быть значением 'next' с предыдущей страницы или 'now'",
        "курсор алдыңғы беттің 'next' мәні немесе 'now' болуы керек",
    ),
    "feed.cursor_stale": (
        "this cursor is from an earlier incarnation of the {registry} registry (now "
        "{incarnation}); its feed was started again: resynchronise and read from the start",
        "курсор от прежнего экземпляра регистра {registry} (сейчас {incarnation}); лента "
        "начата заново: синхронизируйтесь и читайте с начала",
        "курсор {registry} тіркелімінің бұрынғы данасынан (қазір {incarnation}); лента "
        "қайта басталды: қайта синхрондап, басынан оқыңыз",
    ),
    "feed.cursor_beyond_head": (
        "this cursor ({position}) is beyond the newest change of the {registry} registry "
        "({head}); resynchronise and read from the start",
        "курсор ({position}) дальше последнего изменения регистра {registry} ({head}); "
        "синхронизируйтесь и читайте с начала",
        "курсор ({position}) {registry} тіркелімінің соңғы өзгерісінен ({head}) әрі; "
        "қайта синхрондап, басынан оқыңыз",
    ),
    # faults and the gateway
    "faults.disabled": (
        "fault switches exist only in demo and test mode (PROACTIVE_MODE=demo)",
        "переключатели сбоев есть только в демо- и тестовом режиме (PROACTIVE_MODE=demo)",
        "ақау ауыстырғыштары тек демо және тест режимінде бар (PROACTIVE_MODE=demo)",
    ),
    "faults.local_only": (
        "fault switches answer only on this machine (loopback); start the registries with "
        "--allow-remote (PROACTIVE_DEMO_REMOTE=true) to switch them from the network",
        "переключатели сбоев отвечают только на этой машине (loopback); чтобы управлять ими "
        "по сети, запустите регистры с --allow-remote (PROACTIVE_DEMO_REMOTE=true)",
        "ақау ауыстырғыштары тек осы машинада (loopback) жауап береді; оларды желі арқылы "
        "басқару үшін тіркелімдерді --allow-remote (PROACTIVE_DEMO_REMOTE=true) арқылы "
        "іске қосыңыз",
    ),
    "fault.outage": (
        "the {registry} registry is down (simulated outage); try again later",
        "регистр {registry} недоступен (имитация отказа); повторите позже",
        "{registry} тіркелімі істемейді (имитацияланған іркіліс); кейінірек қайталаңыз",
    ),
    "fault.error": (
        "the {registry} registry failed (simulated fault)",
        "сбой регистра {registry} (имитация)",
        "{registry} тіркелімінде ақау (имитация)",
    ),
    "fault.written_then_failed": (
        "the {registry} registry failed after the write was committed (simulated fault); "
        "repeat it with the same Idempotency-Key to read its answer",
        "сбой регистра {registry} после фиксации записи (имитация); повторите с тем же "
        "Idempotency-Key, чтобы получить ответ",
        "{registry} тіркелімінде жазба сақталғаннан кейін ақау (имитация); жауабын алу үшін "
        "сол Idempotency-Key арқылы қайталаңыз",
    ),
    # anything else HTTP answers
    "http.not_found": (
        "nothing at this path",
        "по этому пути ничего нет",
        "бұл жолда ештеңе жоқ",
    ),
    "http.method_not_allowed": (
        "this method is not allowed here",
        "этот метод здесь не допускается",
        "бұл әдіске мұнда рұқсат жоқ",
    ),
    "http.error": ("{reason}", "{reason}", "{reason}"),
}


class _Blank(dict[str, Any]):
    """Fills a missing parameter with a dash rather than failing the answer."""

    def __missing__(self, key: str) -> str:
        return "—"


def message(code: str, language: str, params: dict[str, Any]) -> str:
    texts = MESSAGES.get(code, MESSAGES["http.error"])
    index = LANGUAGES.index(language) if language in LANGUAGES else 0
    return texts[index].format_map(_Blank({k: _shown(v) for k, v in params.items()}))


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "—" if value is None else str(value)
