package referral

// Region is where a person is, or where a service works: one of the 17
// regions (oblys) of Kazakhstan, one of its three cities of republican
// status, or Abroad. Labels live in the locale catalogs under
// "region.<code>"; other names people type (towns, old names,
// abbreviations) are in RegionAliases.
type Region string

// Cities of republican status.
const (
	Astana   Region = "astana"
	Almaty   Region = "almaty"
	Shymkent Region = "shymkent"
)

// The 17 regions, as of the 2022 reform.
const (
	Abai            Region = "abai"
	Akmola          Region = "akmola"
	Aktobe          Region = "aktobe"
	AlmatyRegion    Region = "almaty_region"
	Atyrau          Region = "atyrau"
	EastKazakhstan  Region = "east_kazakhstan"
	Jetisu          Region = "jetisu"
	Karaganda       Region = "karaganda"
	Kostanay        Region = "kostanay"
	Kyzylorda       Region = "kyzylorda"
	Mangystau       Region = "mangystau"
	NorthKazakhstan Region = "north_kazakhstan"
	Pavlodar        Region = "pavlodar"
	Turkistan       Region = "turkistan"
	Ulytau          Region = "ulytau"
	WestKazakhstan  Region = "west_kazakhstan"
	Zhambyl         Region = "zhambyl"
)

// Abroad is anywhere outside Kazakhstan. Short national numbers (111, 112,
// 150) cannot be dialled from there.
const Abroad Region = "abroad"

// Regions lists every region in the order the bot offers them: the three
// cities, the regions, then Abroad.
var Regions = []Region{
	Astana, Almaty, Shymkent,
	Abai, Akmola, Aktobe, AlmatyRegion, Atyrau, EastKazakhstan, Jetisu,
	Karaganda, Kostanay, Kyzylorda, Mangystau, NorthKazakhstan, Pavlodar,
	Turkistan, Ulytau, WestKazakhstan, Zhambyl,
	Abroad,
}

// Valid reports whether r is one of Regions.
func (r Region) Valid() bool {
	for _, k := range Regions {
		if r == k {
			return true
		}
	}
	return false
}

// Near returns the region that surrounds a city of republican status, or the
// city inside a region; "" when there is none. Services there are the next
// best after local ones: a person in Akmola region can reach Astana.
func (r Region) Near() Region {
	switch r {
	case Astana:
		return Akmola
	case Akmola:
		return Astana
	case Almaty:
		return AlmatyRegion
	case AlmatyRegion:
		return Almaty
	case Shymkent:
		return Turkistan
	case Turkistan:
		return Shymkent
	}
	return ""
}

// RegionAliases maps other names a person may type for a place to its
// region: regional centres and large towns, old and Soviet-era names,
// Latin spellings and common abbreviations. The official names in kk, ru
// and en are in the locale catalogs and are matched too. Keys are written in
// lower case; the matcher normalises typed text the same way.
var RegionAliases = map[string]Region{
	// Astana
	"nur-sultan": Astana, "nursultan": Astana, "нур-султан": Astana, "нұр-сұлтан": Astana,
	"целиноград": Astana, "tselinograd": Astana, "акмолинск": Astana, "akmolinsk": Astana,
	"астане": Astana, "столица": Astana, "елорда": Astana,
	// Almaty
	"alma-ata": Almaty, "alma ata": Almaty, "алма-ата": Almaty, "алма ата": Almaty,
	"верный": Almaty, "алматы қаласы": Almaty, "г алматы": Almaty,
	// Shymkent
	"chimkent": Shymkent, "чимкент": Shymkent,
	// Abai region
	"semey": Abai, "semei": Abai, "семей": Abai, "семипалатинск": Abai, "semipalatinsk": Abai,
	"kurchatov": Abai, "курчатов": Abai, "ayagoz": Abai, "аягоз": Abai, "аягөз": Abai,
	// Akmola region
	"kokshetau": Akmola, "көкшетау": Akmola, "кокшетау": Akmola, "кокчетав": Akmola, "kokchetav": Akmola,
	"stepnogorsk": Akmola, "степногорск": Akmola, "shchuchinsk": Akmola, "щучинск": Akmola,
	"burabay": Akmola, "бурабай": Akmola,
	// Aktobe region
	"актюбинск": Aktobe, "aktyubinsk": Aktobe, "актобе": Aktobe, "aqtobe": Aktobe,
	// Almaty region
	"konaev": AlmatyRegion, "konayev": AlmatyRegion, "қонаев": AlmatyRegion, "конаев": AlmatyRegion,
	"kapchagay": AlmatyRegion, "kapshagay": AlmatyRegion, "капчагай": AlmatyRegion, "қапшағай": AlmatyRegion,
	"talgar": AlmatyRegion, "талгар": AlmatyRegion, "kaskelen": AlmatyRegion, "каскелен": AlmatyRegion, "қаскелең": AlmatyRegion,
	"esik": AlmatyRegion, "есик": AlmatyRegion, "есік": AlmatyRegion, "issyk": AlmatyRegion,
	"алматинская": AlmatyRegion, "алматы облысы": AlmatyRegion,
	// Atyrau region
	"гурьев": Atyrau, "guryev": Atyrau, "kulsary": Atyrau, "кульсары": Atyrau, "құлсары": Atyrau,
	// East Kazakhstan region
	"ust-kamenogorsk": EastKazakhstan, "усть-каменогорск": EastKazakhstan, "oskemen": EastKazakhstan,
	"өскемен": EastKazakhstan, "оскемен": EastKazakhstan, "ridder": EastKazakhstan, "риддер": EastKazakhstan,
	"вко": EastKazakhstan, "шқо": EastKazakhstan,
	// Jetisu region
	"taldykorgan": Jetisu, "талдыкорган": Jetisu, "талдықорған": Jetisu, "талды-курган": Jetisu,
	"taldy-kurgan": Jetisu, "taldy kurgan": Jetisu, "zhetysu": Jetisu, "жетысу": Jetisu, "жетісу": Jetisu,
	"tekeli": Jetisu, "текели": Jetisu, "zharkent": Jetisu, "жаркент": Jetisu,
	// Karaganda region
	"karagandy": Karaganda, "qaragandy": Karaganda, "караганда": Karaganda, "қарағанды": Karaganda,
	"temirtau": Karaganda, "темиртау": Karaganda, "теміртау": Karaganda, "saran": Karaganda, "сарань": Karaganda,
	"balkhash": Karaganda, "балхаш": Karaganda, "балқаш": Karaganda, "shakhtinsk": Karaganda, "шахтинск": Karaganda,
	// Kostanay region
	"кустанай": Kostanay, "kustanay": Kostanay, "qostanay": Kostanay, "rudny": Kostanay, "рудный": Kostanay,
	"lisakovsk": Kostanay, "лисаковск": Kostanay, "arkalyk": Kostanay, "аркалык": Kostanay,
	// Kyzylorda region
	"qyzylorda": Kyzylorda, "кызыл-орда": Kyzylorda, "baikonur": Kyzylorda, "байконур": Kyzylorda,
	"aral": Kyzylorda, "аральск": Kyzylorda,
	// Mangystau region
	"aktau": Mangystau, "актау": Mangystau, "ақтау": Mangystau, "шевченко": Mangystau,
	"zhanaozen": Mangystau, "жанаозен": Mangystau, "жаңаөзен": Mangystau, "mangistau": Mangystau, "мангистау": Mangystau,
	// North Kazakhstan region
	"petropavl": NorthKazakhstan, "petropavlovsk": NorthKazakhstan, "петропавловск": NorthKazakhstan,
	"петропавл": NorthKazakhstan, "ско": NorthKazakhstan, "сқо": NorthKazakhstan,
	// Pavlodar region
	"ekibastuz": Pavlodar, "экибастуз": Pavlodar, "екібастұз": Pavlodar, "aksu": Pavlodar, "аксу": Pavlodar, "ақсу": Pavlodar,
	// Turkistan region (formerly South Kazakhstan region)
	"turkestan": Turkistan, "туркестан": Turkistan, "kentau": Turkistan, "кентау": Turkistan,
	"saryagash": Turkistan, "сарыагаш": Turkistan, "южно-казахстанская": Turkistan, "юко": Turkistan,
	"south kazakhstan": Turkistan, "оңтүстік қазақстан": Turkistan,
	// Ulytau region
	"zhezkazgan": Ulytau, "жезказган": Ulytau, "жезқазған": Ulytau, "джезказган": Ulytau,
	"satbayev": Ulytau, "сатпаев": Ulytau, "сәтбаев": Ulytau,
	// West Kazakhstan region
	"uralsk": WestKazakhstan, "уральск": WestKazakhstan, "oral": WestKazakhstan, "орал": WestKazakhstan,
	"зко": WestKazakhstan, "бқо": WestKazakhstan, "aksai": WestKazakhstan, "аксай": WestKazakhstan,
	// Zhambyl region
	"taraz": Zhambyl, "тараз": Zhambyl, "джамбул": Zhambyl, "dzhambul": Zhambyl, "жамбыл": Zhambyl,
	"korday": Zhambyl, "кордай": Zhambyl, "қордай": Zhambyl, "shu": Zhambyl, "шу": Zhambyl,
	// Abroad
	"russia": Abroad, "россия": Abroad, "ресей": Abroad, "uzbekistan": Abroad, "узбекистан": Abroad,
	"өзбекстан": Abroad, "kyrgyzstan": Abroad, "кыргызстан": Abroad, "киргизия": Abroad, "қырғызстан": Abroad,
	"tajikistan": Abroad, "таджикистан": Abroad, "тәжікстан": Abroad, "turkey": Abroad, "турция": Abroad,
	"түркия": Abroad, "korea": Abroad, "корея": Abroad, "abroad": Abroad, "за границей": Abroad, "шетелде": Abroad,
}
