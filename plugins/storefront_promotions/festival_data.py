"""The festival table: every festival's date rule per country and its name per language.

Data only; calendar.py evaluates the rules. Countries are ISO 3166-1 alpha-2 codes; a festival
lists the countries where shops run campaigns for it (retail-wise), each with its own rule
(Mother's Day is the second Sunday of May in the US, Mothering Sunday in the UK, 10 May in
Mexico...). Names: ``names`` holds the festival's name per language (ISO 639-1, English
required: it is the fallback), ``variants`` what a country calls it where that differs (the UK's
"Mothering Sunday", Korea's 설날).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


@dataclass(frozen=True)
class Fixed:
    """The same day every year, lasting ``days`` days (Christmas, Singles' Day 11.11)."""

    kind: ClassVar[str] = "fixed"
    month: int
    day: int
    days: int = 1


@dataclass(frozen=True)
class NthWeekday:
    """The n-th weekday of a month (n < 0 counts from the month's end), plus ``offset`` days."""

    kind: ClassVar[str] = "nth-weekday"
    month: int
    weekday: int  # MON .. SUN
    n: int
    offset: int = 0
    days: int = 1


@dataclass(frozen=True)
class EasterOffset:
    """Days after Easter Sunday (Western, or Orthodox for the Orthodox churches' countries)."""

    kind: ClassVar[str] = "easter"
    offset: int = 0
    orthodox: bool = False


@dataclass(frozen=True)
class Lunar:
    """A Chinese-calendar festival in the country's own lunar calendar (`holidays` tables);
    lasts through the country's run of days off that starts on it."""

    kind: ClassVar[str] = "lunar"
    event: str  # "new-year" | "mid-autumn"
    season: tuple[tuple[int, int], tuple[int, int]]  # earliest and latest (month, day)


@dataclass(frozen=True)
class Hijri:
    """An Islamic festival as the country declares it (`holidays` per-country tables; Umm
    al-Qura via `hijridate` where the country has none)."""

    kind: ClassVar[str] = "hijri"
    event: str  # "ramadan" | "eid-al-fitr" | "eid-al-adha"


@dataclass(frozen=True)
class Hindu:
    """A Hindu festival by its name in the country's `holidays` table (English names)."""

    kind: ClassVar[str] = "hindu"
    holiday: str  # e.g. "Diwali", "Laxmi Pooja"
    season: tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class Retail:
    """A rule no library has, implemented in calendar.py under this name."""

    kind: ClassVar[str] = "retail"
    rule: str  # "black-friday" | "cyber-monday" | "buen-fin" | "fete-des-meres"
    kind_override: str = ""  # shown kind when the rule is really an nth-weekday one

    @property
    def shown_kind(self) -> str:
        return self.kind_override or self.kind


Rule = Fixed | NthWeekday | EasterOffset | Lunar | Hijri | Hindu | Retail


@dataclass(frozen=True)
class Festival:
    """One festival: its id, names per language, rule per country, and country variants."""

    id: str
    names: Mapping[str, str]
    rules: Mapping[str, Rule]
    variants: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def _each(rule: Rule, countries: Iterable[str]) -> dict[str, Rule]:
    return {c: rule for c in countries}


# -- country groups (retail markets) ----------------------------------------------------------
EUROPE = ("GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "LU", "ES", "PT", "IT", "PL", "SE", "NO",
          "DK", "FI", "CZ", "GR")
AMERICAS = ("US", "CA", "MX", "BR", "AR", "CL", "CO", "PE")
OCEANIA = ("AU", "NZ")
EAST_ASIA = ("CN", "JP", "KR", "TW", "HK")
SOUTH_EAST_ASIA = ("SG", "MY", "ID", "PH", "TH", "VN")
GULF = ("SA", "AE", "KW", "QA", "BH", "OM")
#: where Ramadan and the Eids are national events
MUSLIM_MARKETS = GULF + ("EG", "JO", "LB", "IQ", "MA", "DZ", "TN", "TR", "ID", "MY", "SG", "BN",
                         "PK", "BD", "IN", "NG")
#: large Muslim communities, no national declaration: Umm al-Qura dates (override if needed)
MUSLIM_DIASPORA = ("GB", "FR", "DE", "NL", "BE", "US", "CA", "AU")
ORTHODOX_EASTER = ("GR", "CY", "RO", "BG", "RS", "UA", "RU")

#: `holidays` subdivision to read per country: Deepavali is a holiday in Kuala Lumpur (14),
#: not in Malaysia's nationwide list
HOLIDAYS_SUBDIVISIONS: Mapping[str, str] = {"MY": "14"}

#: officially declared dates the pinned `holidays` tables get wrong or only estimate:
#: (event, country, year) -> the first days declared. Indonesia's Ministry of Religious Affairs
#: declared 1 Ramadan 1446 on Saturday 1 March 2025 (isbat session of 28 February 2025, e.g.
#: https://jakartaglobe.id/news/indonesia-declares-start-of-ramadan-on-march-1); holidays 0.109
#: estimates 2 March (its MABIMS calculation; Ramadan's start is no public holiday to confirm).
DECLARED: Mapping[tuple[str, str, int], tuple[date, ...]] = {
    ("ramadan", "ID", 2025): (date(2025, 3, 1),),
}

#: El Buen Fin editions whose announced dates differ from the usual Friday-to-Monday rule
#: (organisers: Secretaría de Economía with Concanaco-Servytur). 2020: 9-20 Nov (pandemic);
#: 2021: 10-16 Nov; 2025: Thursday 13 to Monday 17 Nov (15th edition, e.g.
#: https://www.infobae.com/mexico/2025/10/14/buen-fin-2025-por-que-se-adelanto-la-fecha-de-este-evento-anual/).
BUEN_FIN_ANNOUNCED: Mapping[int, tuple[date, date]] = {
    2020: (date(2020, 11, 9), date(2020, 11, 20)),
    2021: (date(2021, 11, 10), date(2021, 11, 16)),
    2022: (date(2022, 11, 18), date(2022, 11, 21)),
    2023: (date(2023, 11, 17), date(2023, 11, 20)),
    2024: (date(2024, 11, 15), date(2024, 11, 18)),
    2025: (date(2025, 11, 13), date(2025, 11, 17)),
}

_LNY_SEASON = ((1, 21), (2, 20))
_MID_AUTUMN_SEASON = ((9, 7), (10, 8))

_MOTHERS_DAY: dict[str, Rule] = {
    **_each(NthWeekday(5, SUN, 2), ("US", "CA", "AU", "NZ", "DE", "AT", "CH", "IT", "NL", "BE",
                                    "DK", "FI", "GR", "TR", "JP", "CN", "TW", "HK", "SG", "MY",
                                    "PH", "IN", "BR", "CL", "PE", "ZA")),
    **_each(NthWeekday(5, SUN, 1), ("ES", "PT")),
    **_each(NthWeekday(5, SUN, -1), ("SE", "CO")),
    **_each(EasterOffset(-21), ("GB", "IE")),  # Mothering Sunday: 4th Sunday of Lent
    **_each(Fixed(3, 21), ("SA", "AE", "KW", "QA", "BH", "OM", "EG", "JO", "LB", "IQ")),
    "MX": Fixed(5, 10),
    "FR": Retail("fete-des-meres", kind_override="nth-weekday"),
    "PL": Fixed(5, 26),
    "AR": NthWeekday(10, SUN, 3),
    "RU": NthWeekday(11, SUN, -1),
    "NO": NthWeekday(2, SUN, 2),
    "TH": Fixed(8, 12),
    "ID": Fixed(12, 22),
    "KR": Fixed(5, 8),  # Parents' Day (어버이날): Korea's day for mothers and fathers
}

_FATHERS_DAY: dict[str, Rule] = {
    **_each(NthWeekday(6, SUN, 3), ("US", "CA", "GB", "IE", "FR", "NL", "JP", "CN", "HK", "SG",
                                    "MY", "PH", "IN", "MX", "AR", "CL", "PE", "CO", "ZA", "TR",
                                    "GR")),
    "DE": EasterOffset(39),  # Vatertag is Ascension Day
    **_each(NthWeekday(6, SUN, 2), ("AT", "BE")),
    **_each(NthWeekday(9, SUN, 1), ("AU", "NZ")),
    "BR": NthWeekday(8, SUN, 2),
    **_each(Fixed(3, 19), ("ES", "IT", "PT")),  # Saint Joseph's Day
    **_each(NthWeekday(11, SUN, 2), ("SE", "NO", "FI")),
    **_each(Fixed(6, 21), ("EG", "JO", "LB")),
    "TW": Fixed(8, 8),  # 八八 sounds like 爸爸
    "TH": Fixed(12, 5),
    "PL": Fixed(6, 23),
    "DK": Fixed(6, 5),
    "ID": Fixed(11, 12),
}

_CHILDRENS_DAY: dict[str, Rule] = {
    **_each(Fixed(5, 5), ("JP", "KR")),
    **_each(Fixed(6, 1), ("CN", "VN")),
    "TW": Fixed(4, 4),
    "TR": Fixed(4, 23),
    "MX": Fixed(4, 30),
    "BR": Fixed(10, 12),
    "ID": Fixed(7, 23),
    "IN": Fixed(11, 14),
    "TH": NthWeekday(1, SAT, 2),
}

_ISLAMIC = MUSLIM_MARKETS + MUSLIM_DIASPORA

FESTIVALS: tuple[Festival, ...] = (
    Festival(
        "new-year",
        {"en": "New Year's Day", "de": "Neujahr", "fr": "Jour de l'An", "es": "Año Nuevo",
         "pt": "Ano-Novo", "ja": "元日", "zh": "元旦", "ko": "신정",
         "ar": "رأس السنة الميلادية", "hi": "नव वर्ष", "id": "Tahun Baru"},
        _each(Fixed(1, 1), EUROPE + AMERICAS + OCEANIA + EAST_ASIA + SOUTH_EAST_ASIA
              + ("AE", "BH", "KW", "EG", "TR", "IN", "ZA", "RU", "UA")),
    ),
    Festival(
        "epiphany",
        {"en": "Epiphany (Three Kings' Day)", "de": "Heilige Drei Könige", "fr": "Épiphanie",
         "es": "Día de Reyes", "pt": "Dia de Reis", "it": "Epifania", "ja": "公現祭",
         "zh": "主显节", "ko": "주님 공현 대축일", "ar": "عيد الغطاس", "hi": "एपिफ़नी",
         "id": "Hari Raya Penampakan Tuhan"},
        _each(Fixed(1, 6), ("ES", "MX", "IT")),
    ),
    Festival(
        "lunar-new-year",
        {"en": "Lunar New Year", "de": "Mondneujahr", "fr": "Nouvel An lunaire",
         "es": "Año Nuevo Lunar", "pt": "Ano-Novo Lunar", "ja": "旧正月", "zh": "春节",
         "ko": "설날", "ar": "رأس السنة القمرية", "hi": "चंद्र नव वर्ष",
         "id": "Tahun Baru Imlek", "vi": "Tết Nguyên Đán"},
        _each(Lunar("new-year", _LNY_SEASON),
              ("CN", "HK", "TW", "MO", "KR", "VN", "SG", "MY", "ID", "PH", "BN")),
        {
            "CN": {"en": "Chinese New Year (Spring Festival)"},
            "HK": {"en": "Chinese New Year", "zh": "农历新年"},
            "TW": {"en": "Chinese New Year", "zh": "农历新年"},
            "MO": {"en": "Chinese New Year", "zh": "农历新年"},
            "SG": {"en": "Chinese New Year"},
            "MY": {"en": "Chinese New Year"},
            "BN": {"en": "Chinese New Year"},
            "PH": {"en": "Chinese New Year"},
            "KR": {"en": "Seollal (Korean New Year)", "ja": "ソルラル（旧正月）"},
            "VN": {"en": "Tết (Vietnamese New Year)", "ja": "テト（旧正月）"},
        },
    ),
    Festival(
        "valentines-day",
        {"en": "Valentine's Day", "de": "Valentinstag", "fr": "Saint-Valentin",
         "es": "San Valentín", "pt": "Dia de São Valentim", "ja": "バレンタインデー",
         "zh": "情人节", "ko": "밸런타인데이", "ar": "عيد الحب", "hi": "वैलेंटाइन डे",
         "id": "Hari Valentine"},
        _each(Fixed(2, 14), EUROPE + OCEANIA + EAST_ASIA + SOUTH_EAST_ASIA
              + ("US", "CA", "MX", "AR", "CL", "PE", "IN", "AE", "EG", "LB", "JO", "TR", "ZA")),
    ),
    Festival(
        "womens-day",
        {"en": "International Women's Day", "de": "Internationaler Frauentag",
         "fr": "Journée internationale des droits des femmes",
         "es": "Día Internacional de la Mujer", "pt": "Dia Internacional da Mulher",
         "it": "Festa della donna", "ja": "国際女性デー", "zh": "国际妇女节",
         "ko": "세계 여성의 날", "ar": "اليوم العالمي للمرأة", "hi": "अंतर्राष्ट्रीय महिला दिवस",
         "id": "Hari Perempuan Internasional", "vi": "Ngày Quốc tế Phụ nữ"},
        _each(Fixed(3, 8), ("CN", "VN", "RU", "UA", "IT", "PL")),
        {"CN": {"zh": "三八妇女节"}},
    ),
    Festival(
        "white-day",
        # no native name outside East Asia: the English loan is what shops write
        {"en": "White Day", "ja": "ホワイトデー", "zh": "白色情人节", "ko": "화이트데이"},
        _each(Fixed(3, 14), ("JP", "KR", "TW")),
    ),
    Festival(
        "ramadan",
        {"en": "Ramadan", "de": "Ramadan", "fr": "Ramadan", "es": "Ramadán", "pt": "Ramadã",
         "ja": "ラマダン", "zh": "斋月", "ko": "라마단", "ar": "رمضان", "hi": "रमज़ान",
         "id": "Ramadan"},
        _each(Hijri("ramadan"), _ISLAMIC),
    ),
    Festival(
        "eid-al-fitr",
        {"en": "Eid al-Fitr", "de": "Zuckerfest", "fr": "Aïd el-Fitr", "es": "Eid al-Fitr",
         "pt": "Eid al-Fitr", "ja": "イード・アル＝フィトル", "zh": "开斋节",
         "ko": "이드 알피트르", "ar": "عيد الفطر", "hi": "ईद-उल-फ़ित्र", "id": "Idulfitri"},
        _each(Hijri("eid-al-fitr"), _ISLAMIC),
        {"SG": {"en": "Hari Raya Puasa"}, "MY": {"en": "Hari Raya Aidilfitri"},
         "BN": {"en": "Hari Raya Aidilfitri"}},
    ),
    Festival(
        "eid-al-adha",
        {"en": "Eid al-Adha", "de": "Opferfest", "fr": "Aïd el-Kébir",
         "es": "Fiesta del Sacrificio", "pt": "Eid al-Adha", "ja": "犠牲祭", "zh": "宰牲节",
         "ko": "이드 알아드하", "ar": "عيد الأضحى", "hi": "ईद-उल-अज़हा", "id": "Iduladha"},
        _each(Hijri("eid-al-adha"), _ISLAMIC),
        {"SG": {"en": "Hari Raya Haji"}, "MY": {"en": "Hari Raya Haji"},
         "BN": {"en": "Hari Raya Haji"}},
    ),
    Festival(
        "holi",
        {"en": "Holi", "de": "Holi", "fr": "Holi", "es": "Holi", "pt": "Holi", "ja": "ホーリー",
         "zh": "洒红节", "ko": "홀리", "ar": "هولي", "hi": "होली", "id": "Holi"},
        _each(Hindu("Holi", ((2, 20), (3, 31))), ("IN", "GY", "SR")),
    ),
    Festival(
        "easter",
        {"en": "Easter", "de": "Ostern", "fr": "Pâques", "es": "Pascua", "pt": "Páscoa",
         "it": "Pasqua", "ja": "イースター", "zh": "复活节", "ko": "부활절", "ar": "عيد الفصح",
         "hi": "ईस्टर", "id": "Paskah"},
        {
            **_each(EasterOffset(0), tuple(c for c in EUROPE if c != "GR") + AMERICAS
                    + OCEANIA + ("PH", "ZA")),
            **_each(EasterOffset(0, orthodox=True), ORTHODOX_EASTER),
        },
    ),
    Festival(
        "songkran",
        {"en": "Songkran", "th": "สงกรานต์", "ja": "ソンクラーン", "zh": "宋干节",
         "ko": "송끄란", "ar": "سونغكران"},
        {"TH": Fixed(4, 13, days=3)},
    ),
    Festival(
        "golden-week",
        {"en": "Golden Week", "de": "Goldene Woche", "fr": "Golden Week",
         "es": "Semana Dorada", "ja": "ゴールデンウィーク", "zh": "黄金周", "ko": "골든위크",
         "ar": "الأسبوع الذهبي"},
        # Showa Day (29 April) to Children's Day (5 May): the span travel and retail plan for
        {"JP": Fixed(4, 29, days=7)},
    ),
    Festival(
        "childrens-day",
        {"en": "Children's Day", "de": "Kindertag", "fr": "Fête des enfants",
         "es": "Día del Niño", "pt": "Dia das Crianças", "ja": "子どもの日", "zh": "儿童节",
         "ko": "어린이날", "ar": "يوم الطفل", "hi": "बाल दिवस", "id": "Hari Anak",
         "vi": "Ngày Quốc tế Thiếu nhi", "th": "วันเด็กแห่งชาติ"},
        _CHILDRENS_DAY,
        {"JP": {"ja": "こどもの日"}, "CN": {"zh": "六一儿童节"},
         "ID": {"id": "Hari Anak Nasional"}, "TH": {"en": "National Children's Day"}},
    ),
    Festival(
        "mothers-day",
        {"en": "Mother's Day", "de": "Muttertag", "fr": "Fête des mères",
         "es": "Día de la Madre", "pt": "Dia das Mães", "it": "Festa della mamma",
         "ja": "母の日", "zh": "母亲节", "ko": "어머니날", "ar": "عيد الأم", "hi": "मातृ दिवस",
         "id": "Hari Ibu", "th": "วันแม่แห่งชาติ"},
        _MOTHERS_DAY,
        {"GB": {"en": "Mothering Sunday"}, "IE": {"en": "Mothering Sunday"},
         "KR": {"en": "Parents' Day", "ko": "어버이날", "ja": "父母の日（オボイナル）"},
         "MX": {"es": "Día de las Madres"}, "PT": {"pt": "Dia da Mãe"}},
    ),
    Festival(
        "memorial-day",
        {"en": "Memorial Day", "de": "Memorial Day", "fr": "Memorial Day",
         "es": "Memorial Day", "ja": "メモリアルデー", "zh": "阵亡将士纪念日",
         "ko": "메모리얼 데이", "ar": "يوم الذكرى", "hi": "मेमोरियल डे"},
        {"US": NthWeekday(5, MON, -1)},
    ),
    Festival(
        "shopping-618",
        {"en": "618 Shopping Festival", "de": "618-Shoppingfestival", "zh": "618购物节",
         "ja": "618セール", "ko": "618 쇼핑 페스티벌"},
        # JD.com's anniversary sale, now every platform's mid-year festival; the pre-sale
        # window before 18 June is set by each platform (merchant overrides)
        {"CN": Fixed(6, 18)},
    ),
    Festival(
        "dia-dos-namorados",
        {"en": "Dia dos Namorados (Brazilian Valentine's Day)", "pt": "Dia dos Namorados",
         "es": "Día de los Enamorados (Brasil)"},
        {"BR": Fixed(6, 12)},
    ),
    Festival(
        "fathers-day",
        {"en": "Father's Day", "de": "Vatertag", "fr": "Fête des pères", "es": "Día del Padre",
         "pt": "Dia dos Pais", "it": "Festa del papà", "ja": "父の日", "zh": "父亲节",
         "ko": "아버지날", "ar": "عيد الأب", "hi": "पितृ दिवस", "id": "Hari Ayah",
         "th": "วันพ่อแห่งชาติ"},
        _FATHERS_DAY,
        {"PT": {"pt": "Dia do Pai"}, "TW": {"zh": "爸爸节"}},
    ),
    Festival(
        "labor-day",
        {"en": "Labor Day", "de": "Labor Day", "fr": "Labor Day", "es": "Labor Day",
         "ja": "レイバー・デー", "zh": "劳工节", "ko": "노동절", "ar": "عيد العمال",
         "hi": "लेबर डे"},
        _each(NthWeekday(9, MON, 1), ("US", "CA")),
        {"CA": {"en": "Labour Day", "fr": "Fête du Travail"}},
    ),
    Festival(
        "mid-autumn",
        {"en": "Mid-Autumn Festival", "de": "Mondfest", "fr": "Fête de la mi-automne",
         "es": "Festival del Medio Otoño", "pt": "Festival do Meio do Outono", "ja": "中秋節",
         "zh": "中秋节", "ko": "추석", "ar": "عيد منتصف الخريف", "hi": "मध्य-शरद उत्सव",
         "id": "Festival Kue Bulan", "vi": "Tết Trung Thu"},
        _each(Lunar("mid-autumn", _MID_AUTUMN_SEASON),
              ("CN", "HK", "TW", "MO", "KR", "VN", "SG", "MY")),
        {"KR": {"en": "Chuseok (Korean Thanksgiving)", "ja": "秋夕（チュソク）"}},
    ),
    Festival(
        "diwali",
        {"en": "Diwali", "de": "Diwali", "fr": "Diwali", "es": "Diwali", "pt": "Diwali",
         "ja": "ディーワーリー", "zh": "排灯节", "ko": "디왈리", "ar": "ديوالي",
         "hi": "दीपावली", "id": "Deepavali"},
        {
            **_each(Hindu("Diwali", ((10, 14), (11, 16))),
                    ("IN", "SG", "MY", "MU", "FJ", "TT", "GY", "SR")),
            "NP": Hindu("Laxmi Pooja", ((10, 14), (11, 16))),
        },
        {"SG": {"en": "Deepavali"}, "MY": {"en": "Deepavali"},
         "NP": {"en": "Tihar (Laxmi Puja)"}},
    ),
    Festival(
        "halloween",
        {"en": "Halloween", "de": "Halloween", "fr": "Halloween", "es": "Halloween",
         "pt": "Dia das Bruxas", "ja": "ハロウィン", "zh": "万圣节前夜", "ko": "핼러윈",
         "ar": "الهالوين", "hi": "हैलोवीन", "id": "Halloween"},
        _each(Fixed(10, 31), ("US", "CA", "MX", "GB", "IE", "DE", "AU", "NZ", "JP", "HK",
                              "SG", "PH")),
    ),
    Festival(
        "singles-day",
        {"en": "Singles' Day (11.11)", "de": "Singles' Day", "fr": "Fête des célibataires",
         "es": "Día del Soltero", "pt": "Dia dos Solteiros", "ja": "独身の日",
         "zh": "双十一", "ko": "광군제", "ar": "يوم العزاب", "hi": "सिंगल्स डे"},
        {"CN": Fixed(11, 11)},
    ),
    Festival(
        "buen-fin",
        {"en": "El Buen Fin", "es": "El Buen Fin"},
        {"MX": Retail("buen-fin")},
    ),
    Festival(
        "thanksgiving",
        {"en": "Thanksgiving", "de": "Thanksgiving", "fr": "Thanksgiving",
         "es": "Día de Acción de Gracias", "pt": "Dia de Ação de Graças", "ja": "感謝祭",
         "zh": "感恩节", "ko": "추수감사절", "ar": "عيد الشكر", "hi": "थैंक्सगिविंग",
         "id": "Hari Pengucapan Syukur"},
        {"US": NthWeekday(11, THU, 4), "CA": NthWeekday(10, MON, 2)},
        {"CA": {"fr": "Action de grâce"}},
    ),
    Festival(
        "black-friday",
        {"en": "Black Friday", "de": "Black Friday", "fr": "Black Friday",
         "es": "Black Friday", "pt": "Black Friday", "ja": "ブラックフライデー",
         "zh": "黑色星期五", "ko": "블랙프라이데이", "ar": "الجمعة السوداء",
         "hi": "ब्लैक फ्राइडे", "id": "Black Friday"},
        _each(Retail("black-friday"), tuple(c for c in EUROPE) + OCEANIA
              + ("US", "CA", "BR", "AR", "CL", "CO", "PE", "ZA", "IN", "JP", "SG", "MY", "PH",
                 "HK", "RO")),
    ),
    Festival(
        "white-friday",
        {"en": "White Friday", "de": "White Friday", "fr": "White Friday",
         "es": "White Friday", "ja": "ホワイトフライデー", "zh": "白色星期五",
         "ko": "화이트 프라이데이", "ar": "الجمعة البيضاء", "hi": "व्हाइट फ्राइडे"},
        # the Gulf's name for Black Friday (Friday is the holy day): the same Friday
        _each(Retail("black-friday"), GULF + ("EG",)),
    ),
    Festival(
        "cyber-monday",
        {"en": "Cyber Monday", "de": "Cyber Monday", "fr": "Cyber Monday",
         "es": "Cyber Monday", "pt": "Cyber Monday", "ja": "サイバーマンデー",
         "zh": "网络星期一", "ko": "사이버먼데이", "ar": "الاثنين الإلكتروني",
         "hi": "साइबर मंडे", "id": "Cyber Monday"},
        # not AR, CL, CO, MX: their "CyberMonday"/"CyberDay" are separate events on dates
        # their chambers of commerce announce (merchant overrides)
        _each(Retail("cyber-monday"), ("US", "CA", "GB", "IE", "DE", "AT", "CH", "FR", "BE",
                                       "NL", "ES", "PT", "IT", "PL", "SE", "DK", "AU", "NZ",
                                       "BR", "ZA")),
    ),
    Festival(
        "double-twelve",
        {"en": "Double 12 (12.12)", "zh": "双十二", "id": "Harbolnas 12.12",
         "ja": "ダブル12（12.12）"},
        _each(Fixed(12, 12), ("CN", "ID", "SG", "MY", "PH", "TH", "VN")),
        {"ID": {"en": "Harbolnas (National Online Shopping Day)",
                "id": "Harbolnas (Hari Belanja Online Nasional)"}},
    ),
    Festival(
        "christmas",
        {"en": "Christmas", "de": "Weihnachten", "fr": "Noël", "es": "Navidad",
         "pt": "Natal", "it": "Natale", "ja": "クリスマス", "zh": "圣诞节", "ko": "성탄절",
         "ar": "عيد الميلاد المجيد", "hi": "क्रिसमस", "id": "Hari Natal"},
        _each(Fixed(12, 25), EUROPE + AMERICAS + OCEANIA + EAST_ASIA
              + ("SG", "MY", "ID", "PH", "IN", "ZA", "AE", "UA")),
    ),
    Festival(
        "boxing-day",
        {"en": "Boxing Day", "de": "Boxing Day", "fr": "Boxing Day", "es": "Boxing Day",
         "ja": "ボクシング・デー", "zh": "节礼日", "ko": "박싱 데이", "ar": "بوكسينغ داي",
         "hi": "बॉक्सिंग डे"},
        _each(Fixed(12, 26), ("GB", "IE", "CA", "AU", "NZ", "ZA", "HK")),
        {"IE": {"en": "St. Stephen's Day"}, "ZA": {"en": "Day of Goodwill"},
         "CA": {"fr": "Lendemain de Noël"}},
    ),
)
