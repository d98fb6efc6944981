package render_test

import (
	"testing"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referral/referraltest"
	"github.com/komek-kz/komek/internal/render"
	"github.com/komek-kz/komek/locales"
)

// BenchmarkRender renders what the bot sends when it reaches the results:
// the heading and a page of referral cards, and the question under them,
// in Telegram's HTML, in Russian.
func BenchmarkRender(b *testing.B) {
	cat, err := locale.Load(locales.FS)
	if err != nil {
		b.Fatal(err)
	}
	r := render.New(cat, render.HTML{})
	table := referraltest.SyntheticTable(1000, 1)
	q := referral.Query{Need: referral.NeedPoverty, Region: referral.Almaty, Lang: referral.Russian}
	all := table.Match(q)
	page := all[:min(referral.PageSize, len(all))]
	outs := []dialog.Output{
		{Kind: dialog.OutResults, Msg: "results.title", Results: page, Args: dialog.Args{"Count": len(all), "Shown": len(page)}},
		{Kind: dialog.OutQuestion, Msg: "ask.results", Step: dialog.StepResults, Seq: 9,
			Options: []dialog.Option{{Value: "more", Label: "results.option.more"}, {Value: "restart", Label: "results.option.restart"}},
			Nav:     []dialog.Option{{Value: dialog.NavBack, Label: "nav.back"}, {Value: dialog.NavLanguage, Label: "nav.language"}}},
	}
	var bytes int
	b.ReportAllocs()
	for b.Loop() {
		msgs := r.Render(referral.Russian, outs)
		bytes = len(msgs[0].Text)
	}
	b.ReportMetric(float64(bytes), "text-bytes")
}
