//! The demo's customers: realistic names by nationality, with their native spelling where the
//! document's front side carries one, and the real-world devices they verified from.

/// (MRZ spelling, native spelling) pairs.
pub type NamePair = (&'static str, &'static str);

pub struct Nationality {
    pub code: &'static str,
    pub first_names: &'static [NamePair],
    pub last_names: &'static [NamePair],
    /// A phone prefix and the first octets of an address block of the country.
    pub phone_prefix: &'static str,
    pub ip_prefix: &'static str,
}

pub const NATIONALITIES: &[Nationality] = &[
    Nationality {
        code: "GEO",
        first_names: &[
            ("GIORGI", "გიორგი"), ("NINO", "ნინო"), ("DAVIT", "დავით"), ("TAMAR", "თამარ"),
            ("LEVAN", "ლევან"), ("MARIAM", "მარიამ"), ("IRAKLI", "ირაკლი"), ("ANA", "ანა"),
            ("ZURAB", "ზურაბ"), ("KETEVAN", "ქეთევან"),
        ],
        last_names: &[
            ("GELASHVILI", "გელაშვილი"), ("MAISURADZE", "მაისურაძე"), ("LOMIDZE", "ლომიძე"),
            ("TSIKLAURI", "წიკლაური"), ("JAPARIDZE", "ჯაფარიძე"), ("ABASHIDZE", "აბაშიძე"),
            ("CHKHEIDZE", "ჩხეიძე"), ("DOLIDZE", "დოლიძე"),
        ],
        phone_prefix: "+995 5",
        ip_prefix: "31.146",
    },
    Nationality {
        code: "UKR",
        first_names: &[
            ("OLENA", "Олена"), ("DMYTRO", "Дмитро"), ("IRYNA", "Ірина"), ("ANDRII", "Андрій"),
            ("KATERYNA", "Катерина"), ("SERHII", "Сергій"), ("YULIIA", "Юлія"), ("TARAS", "Тарас"),
        ],
        last_names: &[
            ("SHEVCHENKO", "Шевченко"), ("BONDARENKO", "Бондаренко"), ("TKACHENKO", "Ткаченко"),
            ("MELNYK", "Мельник"), ("KRAVCHUK", "Кравчук"), ("OLIINYK", "Олійник"), ("MOROZ", "Мороз"),
        ],
        phone_prefix: "+380 6",
        ip_prefix: "93.170",
    },
    Nationality {
        code: "TUR",
        first_names: &[
            ("MEHMET", "Mehmet"), ("AYSE", "Ayşe"), ("MUSTAFA", "Mustafa"), ("FATMA", "Fatma"),
            ("EMRE", "Emre"), ("ZEYNEP", "Zeynep"), ("BURAK", "Burak"), ("ELIF", "Elif"),
        ],
        last_names: &[
            ("YILMAZ", "Yılmaz"), ("KAYA", "Kaya"), ("DEMIR", "Demir"), ("CELIK", "Çelik"),
            ("SAHIN", "Şahin"), ("YILDIZ", "Yıldız"), ("AYDIN", "Aydın"), ("OZTURK", "Öztürk"),
        ],
        phone_prefix: "+90 53",
        ip_prefix: "78.160",
    },
    Nationality {
        code: "D",
        first_names: &[
            ("LUKAS", "Lukas"), ("ANNA", "Anna"), ("JONAS", "Jonas"), ("LEA", "Lea"),
            ("FELIX", "Felix"), ("SOPHIE", "Sophie"), ("MAXIMILIAN", "Maximilian"), ("JOHANNA", "Johanna"),
        ],
        last_names: &[
            ("MUELLER", "Müller"), ("SCHMIDT", "Schmidt"), ("SCHNEIDER", "Schneider"), ("FISCHER", "Fischer"),
            ("WEBER", "Weber"), ("MEYER", "Meyer"), ("WAGNER", "Wagner"), ("BECKER", "Becker"),
        ],
        phone_prefix: "+49 15",
        ip_prefix: "84.150",
    },
    Nationality {
        code: "JOR",
        first_names: &[
            ("OMAR", "عمر"), ("LAYLA", "ليلى"), ("KHALED", "خالد"), ("YOUSEF", "يوسف"),
            ("NOUR", "نور"), ("SAMIR", "سمير"), ("HANA", "هناء"), ("TAREK", "طارق"),
        ],
        last_names: &[
            ("HADDAD", "حداد"), ("KHOURY", "خوري"), ("NASSER", "ناصر"), ("MANSOUR", "منصور"),
            ("HAMDAN", "حمدان"), ("SALEH", "صالح"), ("AZIZ", "عزيز"),
        ],
        phone_prefix: "+962 7",
        ip_prefix: "92.253",
    },
];

/// People on the demo watchlist who also verify with Demo Bank, so that screening has hits.
pub struct ListedPerson {
    pub first: NamePair,
    pub last: NamePair,
    pub nationality: &'static str,
    pub birth_date: (i32, u32, u32),
    pub sex: char,
}

pub const LISTED_PEOPLE: &[ListedPerson] = &[
    ListedPerson { first: ("GIORGI", "გიორგი"), last: ("BERIDZE", "ბერიძე"), nationality: "GEO", birth_date: (1971, 3, 14), sex: 'M' },
    ListedPerson { first: ("OLEKSANDR", "Олександр"), last: ("KOVALENKO", "Коваленко"), nationality: "UKR", birth_date: (1966, 11, 2), sex: 'M' },
    ListedPerson { first: ("AHMAD HASSAN", "أحمد حسن"), last: ("AL RASHID", "الرشيد"), nationality: "SYR", birth_date: (1975, 7, 9), sex: 'M' },
    ListedPerson { first: ("NINO", "ნინო"), last: ("KAPANADZE", "კაპანაძე"), nationality: "GEO", birth_date: (1980, 6, 21), sex: 'F' },
];

/// Real user agents of the devices customers verify from.
pub const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 331.0.2.27.101 (iPhone15,3; iOS 17_5; en_GB; en-GB; scale=3.00; 1290x2796; 596215541)",
    "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/118.0.0.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/439.0.0.29.120;]",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 YaBrowser/24.4.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 12; Redmi Note 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.6312.99 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_7_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_34.1.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/GE",
];

/// The given names above that are women's names, so a demo person's sex fits the name.
const WOMENS_NAMES: &[&str] = &[
    "NINO", "TAMAR", "MARIAM", "ANA", "KETEVAN", "OLENA", "IRYNA", "KATERYNA", "YULIIA", "AYSE", "FATMA",
    "ZEYNEP", "ELIF", "ANNA", "LEA", "SOPHIE", "JOHANNA", "LAYLA", "NOUR", "HANA",
];

/// `'F'` for a woman's given name, `'M'` otherwise (MRZ spelling).
pub fn sex_for(first_name: &str) -> char {
    if WOMENS_NAMES.contains(&first_name) { 'F' } else { 'M' }
}
