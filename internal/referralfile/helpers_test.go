package referralfile

import (
	"strings"
	"testing"
)

// validFile is a small valid file in canonical form, built from the real
// entry for 111. The tests use its line numbers: 1 id, 4 [name], 5 kk,
// 9 [[service]], 10 its id, 11 needs, 12 general, 13 area, 14 hours, 15 cost,
// 17 [service.name], 22 [service.description], 27 [[service.contact]],
// 28 kind, 29 value, 30 for, 31-33 source, 34 checked.
const validFile = `id = "contact-centre-111"
kind = "state"

[name]
kk = "111 бірыңғай байланыс орталығы"
ru = "Единый контакт-центр 111"
en = "Unified contact centre 111"

[[service]]
id = "contact-centre-111.hotline"
needs = ["domestic_violence", "child_abuse"]
general = true
area = ["nationwide"]
hours = "24/7"
cost = "free"

[service.name]
kk = "111 байланыс орталығы"
ru = "Контакт-центр 111"
en = "Contact centre 111"

[service.description]
kk = "Үйдегі зорлық-зомбылық не балаға қорлық туралы хабарласыңыз. Тегін, тәулік бойы."
ru = "Звоните о насилии дома или о том, что ребёнка обижают. Бесплатно, круглосуточно."
en = "Call about violence at home or a child being hurt. Free, day and night."

[[service.contact]]
kind = "phone"
value = "111"
for = "hotline"
source = [
  "https://www.inform.kz/ru/bolee-110-tisyach-detey-obratilis-za-pomoshyu-v-kontakt-tsentr-111-b7c9bd",
]
checked = 2025-11-06
`

// secondService is a second valid service to append to validFile; its
// [[service]] header is on line 36 of the result and its value on line 55.
const secondService = `
[[service]]
id = "contact-centre-111.children"
needs = ["child_abuse"]
area = ["nationwide"]
hours = "24/7"
ages = "0-17"

[service.name]
kk = "Балаларға"
ru = "Детям"
en = "For children"

[service.description]
kk = "Балаларға арналған желі."
ru = "Линия для детей."
en = "A line for children."

[[service.contact]]
kind = "phone"
value = "111"
source = ["https://apgazeta.kz/2024/03/18/na-strazhe-interesov-semi/"]
checked = 2024-03-18
`

// edit returns validFile with each old string replaced once by its new
// string; it fails the test if an old string is not there.
func edit(t *testing.T, src string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(src, pairs[i]) {
			t.Fatalf("edit: %q not in the file", pairs[i])
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	return src
}
