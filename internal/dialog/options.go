package dialog

import "github.com/komek-kz/komek/internal/referral"

// The options of the questions whose answers never change, built once.
// Outputs share these slices, so Step allocates nothing for them; their
// capacity is cut to their length, so an append makes a copy. Channels only
// read an Output's options.
var (
	languageOptions = optionsOf("lang.", referral.Langs)
	dangerOptions   = []Option{{Value: "yes", Label: "danger.yes"}, {Value: "no", Label: "danger.no"}}
	safetyOptions   = []Option{{Value: "continue", Label: "safety.continue"}, {Value: "exit", Label: "safety.exit"}}
	needOptions     = optionsOf("need.", referral.Needs)
	whoOptionList   = optionsOf("who.", whoOptions)
	regionOptions   = optionsOf("region.", referral.Regions)
	citizenOptions  = optionsOf("citizenship.", []string{"kz", "foreign", "stateless", "skip"})
	childAgeOptions = optionsOf("age.", childBands)
	selfAgeOptions  = optionsOf("age.", selfBands)
)

// optionsOf returns one option per value, labelled prefix + value.
func optionsOf[T ~string](prefix string, values []T) []Option {
	opts := make([]Option, len(values))
	for i, v := range values {
		opts[i] = Option{Value: string(v), Label: prefix + string(v)}
	}
	return opts[:len(opts):len(opts)]
}
