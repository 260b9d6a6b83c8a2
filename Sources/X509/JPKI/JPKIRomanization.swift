/// The romanized place names J-LIS writes in certificates: the signature certificate's subject
/// (`L=Tokyo-to, L=Shinjuku-ku`) and the CRL distribution points (`OU=Kanagawa-ken,
/// CN=Yokohama-shi-Naka-ku CRLDP`).
///
/// Prefectures are romanized with their suffix (`東京都` → `Tokyo-to`, `神奈川県` →
/// `Kanagawa-ken`, `北海道` → `Hokkaido`); cities and wards from a table of known names joined
/// by their suffixes (`横浜市中区` → `Yokohama-shi-Naka-ku`, `千代田区` → `Chiyoda-ku`). A
/// name that is already ASCII is kept; a name the table does not know is kept as given (a
/// UTF8String is a valid value there too), so the result is always usable, if not always the
/// one J-LIS would write.
public enum JPKIRomanization {
    /// `prefecture` romanized, e.g. `Tokyo-to`; ASCII or unknown names unchanged.
    public static func prefecture(_ prefecture: String) -> String {
        if prefecture.utf8.allSatisfy({ $0 < 0x80 }) { return prefecture }
        return prefectures[prefecture] ?? prefecture
    }

    /// `city` (a city, ward, town or village, or a designated city's ward) romanized, e.g.
    /// `Yokohama-shi-Naka-ku`; ASCII or unknown names unchanged.
    public static func city(_ city: String) -> String {
        if city.utf8.allSatisfy({ $0 < 0x80 }) { return city }
        if let whole = places[city] { return whole }
        // Split after each 市, 区, 町 or 村 and romanize each part with its suffix.
        var parts: [String] = []
        var current = ""
        for character in city {
            current.append(character)
            // A suffix ends a part only after a known name (町田市 is Machida-shi).
            if let suffix = suffixes[character], let romanized = bases[String(current.dropLast())] {
                parts.append("\(romanized)-\(suffix)")
                current = ""
            }
        }
        guard current.isEmpty, !parts.isEmpty else { return city }
        return parts.joined(separator: "-")
    }

    /// The suffixes of municipalities and wards.
    static let suffixes: [Character: String] = ["市": "shi", "区": "ku", "町": "machi", "村": "mura"]

    /// Whole names whose reading the suffix rule would get wrong.
    static let places: [String: String] = [
        "さいたま市": "Saitama-shi", "堺市": "Sakai-shi",
    ]

    /// The 47 prefectures.
    static let prefectures: [String: String] = [
        "北海道": "Hokkaido", "青森県": "Aomori-ken", "岩手県": "Iwate-ken", "宮城県": "Miyagi-ken",
        "秋田県": "Akita-ken", "山形県": "Yamagata-ken", "福島県": "Fukushima-ken", "茨城県": "Ibaraki-ken",
        "栃木県": "Tochigi-ken", "群馬県": "Gunma-ken", "埼玉県": "Saitama-ken", "千葉県": "Chiba-ken",
        "東京都": "Tokyo-to", "神奈川県": "Kanagawa-ken", "新潟県": "Niigata-ken", "富山県": "Toyama-ken",
        "石川県": "Ishikawa-ken", "福井県": "Fukui-ken", "山梨県": "Yamanashi-ken", "長野県": "Nagano-ken",
        "岐阜県": "Gifu-ken", "静岡県": "Shizuoka-ken", "愛知県": "Aichi-ken", "三重県": "Mie-ken",
        "滋賀県": "Shiga-ken", "京都府": "Kyoto-fu", "大阪府": "Osaka-fu", "兵庫県": "Hyogo-ken",
        "奈良県": "Nara-ken", "和歌山県": "Wakayama-ken", "鳥取県": "Tottori-ken", "島根県": "Shimane-ken",
        "岡山県": "Okayama-ken", "広島県": "Hiroshima-ken", "山口県": "Yamaguchi-ken", "徳島県": "Tokushima-ken",
        "香川県": "Kagawa-ken", "愛媛県": "Ehime-ken", "高知県": "Kochi-ken", "福岡県": "Fukuoka-ken",
        "佐賀県": "Saga-ken", "長崎県": "Nagasaki-ken", "熊本県": "Kumamoto-ken", "大分県": "Oita-ken",
        "宮崎県": "Miyazaki-ken", "鹿児島県": "Kagoshima-ken", "沖縄県": "Okinawa-ken",
    ]

    /// Names before a suffix: the prefectural capitals and the designated cities, Tokyo's 23
    /// wards, and the ward names common in designated cities.
    static let bases: [String: String] = [
        // Designated cities and prefectural capitals.
        "札幌": "Sapporo", "仙台": "Sendai", "千葉": "Chiba", "横浜": "Yokohama", "川崎": "Kawasaki",
        "相模原": "Sagamihara", "新潟": "Niigata", "静岡": "Shizuoka", "浜松": "Hamamatsu", "名古屋": "Nagoya",
        "京都": "Kyoto", "大阪": "Osaka", "神戸": "Kobe", "岡山": "Okayama", "広島": "Hiroshima",
        "北九州": "Kitakyushu", "福岡": "Fukuoka", "熊本": "Kumamoto", "青森": "Aomori", "盛岡": "Morioka",
        "秋田": "Akita", "山形": "Yamagata", "福島": "Fukushima", "水戸": "Mito", "宇都宮": "Utsunomiya",
        "前橋": "Maebashi", "富山": "Toyama", "金沢": "Kanazawa", "福井": "Fukui", "甲府": "Kofu",
        "長野": "Nagano", "岐阜": "Gifu", "津": "Tsu", "大津": "Otsu", "奈良": "Nara", "和歌山": "Wakayama",
        "鳥取": "Tottori", "松江": "Matsue", "山口": "Yamaguchi", "徳島": "Tokushima", "高松": "Takamatsu",
        "松山": "Matsuyama", "高知": "Kochi", "佐賀": "Saga", "長崎": "Nagasaki", "大分": "Oita",
        "宮崎": "Miyazaki", "鹿児島": "Kagoshima", "那覇": "Naha", "八王子": "Hachioji", "立川": "Tachikawa",
        "武蔵野": "Musashino", "三鷹": "Mitaka", "府中": "Fuchu", "町田": "Machida", "船橋": "Funabashi",
        "川口": "Kawaguchi", "所沢": "Tokorozawa", "藤沢": "Fujisawa", "横須賀": "Yokosuka", "豊田": "Toyota",
        "姫路": "Himeji", "西宮": "Nishinomiya", "尼崎": "Amagasaki", "豊中": "Toyonaka", "吹田": "Suita",
        "高槻": "Takatsuki", "枚方": "Hirakata", "東大阪": "Higashiosaka", "倉敷": "Kurashiki",
        "福山": "Fukuyama", "久留米": "Kurume", "旭川": "Asahikawa", "函館": "Hakodate", "郡山": "Koriyama",
        "いわき": "Iwaki",
        // Tokyo's 23 wards.
        "千代田": "Chiyoda", "中央": "Chuo", "港": "Minato", "新宿": "Shinjuku", "文京": "Bunkyo",
        "台東": "Taito", "墨田": "Sumida", "江東": "Koto", "品川": "Shinagawa", "目黒": "Meguro", "大田": "Ota",
        "世田谷": "Setagaya", "渋谷": "Shibuya", "中野": "Nakano", "杉並": "Suginami", "豊島": "Toshima",
        "北": "Kita", "荒川": "Arakawa", "板橋": "Itabashi", "練馬": "Nerima", "足立": "Adachi",
        "葛飾": "Katsushika", "江戸川": "Edogawa",
        // Wards of designated cities.
        "中": "Naka", "南": "Minami", "東": "Higashi", "西": "Nishi", "青葉": "Aoba", "宮城野": "Miyagino",
        "若林": "Wakabayashi", "太白": "Taihaku", "泉": "Izumi", "鶴見": "Tsurumi", "神奈川": "Kanagawa",
        "保土ケ谷": "Hodogaya", "磯子": "Isogo", "港北": "Kohoku", "戸塚": "Totsuka",
        "港南": "Konan", "旭": "Asahi", "緑": "Midori", "瀬谷": "Seya", "栄": "Sakae", "都筑": "Tsuzuki",
        "幸": "Saiwai", "高津": "Takatsu", "多摩": "Tama", "宮前": "Miyamae",
        "麻生": "Asao", "天王寺": "Tennoji", "浪速": "Naniwa", "淀川": "Yodogawa", "東淀川": "Higashiyodogawa",
        "都島": "Miyakojima", "此花": "Konohana", "西淀川": "Nishiyodogawa",
        "生野": "Ikuno", "城東": "Joto", "阿倍野": "Abeno", "住吉": "Sumiyoshi", "東住吉": "Higashisumiyoshi",
        "平野": "Hirano", "住之江": "Suminoe", "西成": "Nishinari", "中村": "Nakamura",
        "昭和": "Showa", "瑞穂": "Mizuho", "熱田": "Atsuta", "中川": "Nakagawa", "守山": "Moriyama",
        "名東": "Meito", "天白": "Tempaku", "千種": "Chikusa", "上京": "Kamigyo", "下京": "Shimogyo",
        "左京": "Sakyo", "右京": "Ukyo", "伏見": "Fushimi", "山科": "Yamashina", "東山": "Higashiyama",
        "博多": "Hakata", "早良": "Sawara", "城南": "Jonan", "灘": "Nada", "兵庫": "Hyogo", "長田": "Nagata",
        "須磨": "Suma", "垂水": "Tarumi", "厚別": "Atsubetsu", "豊平": "Toyohira", "清田": "Kiyota",
        "手稲": "Teine", "白石": "Shiroishi", "浦和": "Urawa", "大宮": "Omiya", "見沼": "Minuma",
        "岩槻": "Iwatsuki", "美浜": "Mihama", "花見川": "Hanamigawa", "稲毛": "Inage", "若葉": "Wakaba",
        "安佐南": "Asaminami", "安佐北": "Asakita", "安芸": "Aki", "佐伯": "Saeki", "小倉北": "Kokurakita",
        "小倉南": "Kokuraminami", "八幡東": "Yahatahigashi", "八幡西": "Yahatanishi", "門司": "Moji",
        "若松": "Wakamatsu", "戸畑": "Tobata", "葵": "Aoi", "駿河": "Suruga", "清水": "Shimizu",
    ]
}
