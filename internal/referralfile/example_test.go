package referralfile_test

import (
	"fmt"

	"github.com/komek-kz/komek/internal/referralfile"
)

func ExampleParse() {
	file := `id = "hotline-116-16"
kind = "ngo"

[name]
kk = "Адам саудасына қарсы ұлттық жедел желі"
ru = "Национальная горячая линия по противодействию торговле людьми"
en = "National anti-trafficking hotline"

[[service]]
id = "hotline-116-16.hotline"
needs = ["human_trafficking"]
area = ["nationwide"]
hours = "unknown"

[service.name]
kk = "116 16 — адам саудасына қарсы жедел желі"
ru = "116 16 — горячая линия против торговли людьми"
en = "116 16 — hotline against human trafficking"

[service.description]
kk = "…"
ru = "…"
en = "…"

[[service.contact]]
kind = "phone"
value = "116 16"
source = ["http://sanasezim.org/eng/node/428"]
checked = "2026-04-08"
`
	_, problems := referralfile.Parse("hotline-116-16.toml", []byte(file))
	for _, p := range problems {
		fmt.Println(p)
	}
	// Output:
	// hotline-116-16.toml:11: service[1].needs: unknown need "human_trafficking"; use one of: domestic_violence, child_abuse, trafficking, migrant, child_rehab, disability, mental_health, poverty, child_care, legal
	// hotline-116-16.toml:29: service[1].contact[1].checked: checked must be a date without quotes and without a time, as in checked = 2025-11-06; found the text "2026-04-08"
}
