package textnorm

import (
	"strconv"
	"strings"
)

// numberWords are the folded number words of Kazakh, Russian and English
// that ages are written with.
var numberWords = foldKeys(map[string]float64{
	// Kazakh
	"bir": 1, "eki": 2, "ush": 3, "tort": 4, "bes": 5, "alti": 6, "jeti": 7, "segiz": 8, "togiz": 9,
	"on": 10, "jiirma": 20, "jiyrma": 20, "otiz": 30, "kirik": 40, "elu": 50, "alpis": 60, "jetpis": 70,
	"seksen": 80, "toksan": 90, "jarim": 0.5,
	// Russian
	"odin": 1, "odna": 1, "odnogo": 1, "dva": 2, "dve": 2, "dvuh": 2, "tri": 3, "treh": 3, "chetire": 4, "chetireh": 4,
	"piat": 5, "piati": 5, "shest": 6, "shesti": 6, "sem": 7, "semi": 7, "vosem": 8, "vosmi": 8, "deviat": 9, "deviati": 9,
	"desiat": 10, "desiati": 10, "odinnadcat": 11, "dvenadcat": 12, "trinadcat": 13, "chetirnadcat": 14,
	"piatnadcat": 15, "shestnadcat": 16, "semnadcat": 17, "vosemnadcat": 18, "deviatnadcat": 19,
	"dvadcat": 20, "tridcat": 30, "sorok": 40, "piatdesiat": 50, "shestdesiat": 60, "semdesiat": 70,
	"vosemdesiat": 80, "devianosto": 90, "poltora": 1.5, "poltori": 1.5, "pol": 0.5,
	// English
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "half": 0.5,
	"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9,
	"он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "жарым": 0.5,
	"один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
	"восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13,
	"четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
	"девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "полтора": 1.5,
})

// foldKeys folds the keys of a table written as people spell the words,
// so it is looked up with the words of Words.
func foldKeys[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		if ws := Words(k); len(ws) == 1 {
			out[ws[0]] = v
		}
	}
	return out
}

// Number reads a number at ws[i]: digits ("5", "2.5") or number words,
// which add up while they go down («он бес» 15, «двадцать пять» 25,
// "twenty one" 21, «бір жарым» 1.5). It returns the value and how many
// words it used, or n = 0.
func Number(ws []string, i int) (v float64, n int) {
	if i >= len(ws) {
		return 0, 0
	}
	if d, ok := digits(ws[i]); ok {
		return d, 1
	}
	last := 1000.0
	for j := i; j < len(ws); j++ {
		w, ok := numberWords[ws[j]]
		if !ok || w >= last && !(w == 0.5 && last >= 1) {
			break
		}
		v += w
		last, n = w, n+1
	}
	return v, n
}

func digits(w string) (float64, bool) {
	if !isDigits(w) || len(w) > 3 {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	return float64(n), err == nil
}

func isDigits(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Units of an age.
const (
	NoUnit = iota
	Years
	Months
	Weeks
)

var ageUnits = foldKeys(map[string]int{
	"jas": Years, "jasta": Years, "jasar": Years, "jastamin": Years, "jastasin": Years, "jastagi": Years,
	"jasinda": Years, "jil": Years, "jildik": Years,
	"let": Years, "god": Years, "goda": Years, "godik": Years, "godika": Years, "godikov": Years, "lat": Years,
	"year": Years, "years": Years, "yr": Years, "yrs": Years, "yo": Years, "old": Years,
	"ai": Months, "ailik": Months, "aida": Months, "ailikta": Months, "aiga": Months,
	"mes": Months, "mesiac": Months, "mesiaca": Months, "mesiacev": Months, "mesiachnii": Months,
	"month": Months, "months": Months, "mo": Months,
	"apta": Weeks, "aptalik": Weeks, "nedel": Weeks, "nedeli": Weeks, "nedelia": Weeks, "week": Weeks, "weeks": Weeks,
	"kundik": Weeks, "den": Weeks, "dnei": Weeks, "dnia": Weeks, "days": Weeks, "day": Weeks,
	"polgoda": Months,
	"жас":     Years, "жаста": Years, "жасар": Years, "жастамын": Years, "жыл": Years, "лет": Years, "год": Years,
	"года": Years, "годик": Years, "годика": Years, "годиков": Years, "годков": Years,
	"ай": Months, "айлық": Months, "айда": Months, "месяц": Months, "месяца": Months, "месяцев": Months,
	"мес": Months, "апта": Weeks, "апталық": Weeks, "неделя": Weeks, "недели": Weeks, "недель": Weeks,
	"күндік": Weeks, "дней": Weeks, "дня": Weeks, "день": Weeks,
})

// AgeUnit returns the unit a folded word names (жаста, лет, months), or
// NoUnit.
func AgeUnit(w string) int {
	if u, ok := ageUnits[w]; ok {
		return u
	}
	if strings.HasPrefix(w, "mesiac") {
		return Months
	}
	return NoUnit
}
