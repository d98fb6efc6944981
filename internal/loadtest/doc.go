// Package loadtest is Komek's performance and resilience harness. It has no
// code of its own outside its tests: `go test ./internal/loadtest` builds
// the real komek binary, starts `komek serve` as a child process against
// the fake Bot API (internal/telegram/telegramtest) running in the test
// process, and drives simulated people through whole conversations.
//
// # What a simulated person does
//
// Each person is a goroutine with a Telegram user of their own and one of
// a few conversation templates (Kazakh, Russian, English; answers by
// button and by typed text; a child's and an adult's path; paging through
// results). A person sends /start, then answers each question the bot
// asks, recognising the question by the step carried in its buttons'
// callback data, until the results; then they start over, by button or by
// typing, and go round again. A person acts only after receiving the
// bot's next question, as a person does, so each update's "last reply" is
// that question. Typed answers the bot does not understand get a hint and
// the question again; the person then presses the button.
//
// # What is measured
//
//   - updates handled per second: people act as fast as the replies come
//     (a closed loop) for a fixed time after a warm-up;
//   - latency from an update's enqueueing in the fake (the moment the
//     person acts) to the moment the fake applies the last reply it
//     causes (telegramtest.Server.OnChange): p50, p95, p99, max; measured
//     in the closed loop and, separately, with updates offered at a fixed
//     rate (a Poisson process) by many people;
//   - CPU seconds per 1,000 updates, from /proc/<pid>/stat of the komek
//     process over the measured window;
//   - peak RSS, VmHWM from /proc/<pid>/status;
//   - database bytes per stored session: from the file after a run, and
//     for 100,000 idle sessions written through internal/store next to a
//     table of 10,000 services (with komek serving from that database for
//     the peak RSS).
//
// The baseline, measured in the same run with the same number of people
// on the same fake server, is telegramtest.Echo: a bare go-telegram-bot-api
// loop (getUpdates → sendMessage, no dialog, no store), run as a child
// process like komek (this test binary re-executed). Komek's figures are
// reported as ratios to it; absolute figures hold for the machine they were
// measured on only.
//
// Outgoing rate limits are configuration (KOMEK_RATE, KOMEK_CHAT_RATE,
// KOMEK_CHAT_BURST): the load runs raise them far above Telegram's (see
// loadEnv), since the fake has no flood limits and the point is the bot's
// own cost. KOMEK_WORKERS stays at its default.
//
// # Human pace
//
// TestHumanPace (issue 14) runs komek at its shipped outgoing limits:
// quick tappers through one conversation each, every Bot API call taking
// 100 ms, pressing 300 ms after each question appears (tap → spinner
// stops, tap → next question, calls and messages per conversation); the
// crowd offered rising rates until the p95 passes 1 s (the capacity); and
// the closed-loop ratio to the echo loop.
//
// # Correctness under faults and kills
//
// TestFaultsAndKills runs the same people with one Bot API call in ten
// failing (429 with retry_after, 500, a timeout, a dropped connection) and
// the komek process killed with SIGKILL three times at seeded random
// moments and restarted on the same database, in polling and in webhook
// mode. At the end every person's chat must hold exactly the messages a
// run without faults produces for the same number of rounds: nothing lost,
// nothing twice, nothing out of order, every edit made. The database must
// then pass bbolt's consistency check (store.DB.Check).
//
// TestKillsDuringErasureAndSweep kills komek in the middle of its
// janitor's sweep of a database full of expired conversations, then three
// times more while people are served and others start and ask to be
// forgotten, under the same faults: the served chats must be exact, every
// /forget confirmed once, the erased and expired chats gone from the files.
//
// # Erasure
//
// TestErasure measures /forget while 64 people are served, on databases
// of 1k, 10k and 100k conversations (baseline, erasures, one chat repeating
// /forget, in interleaved rounds), the store's share of one erasure, and a
// janitor sweep of 50k expired conversations among 100k while writers do
// the channel's store work; it checks that nothing of the erased chats is
// left in the files.
//
// # WhatsApp
//
// TestWhatsAppLoad starts one komek serving Telegram (webhook mode) and
// WhatsApp (against internal/whatsapp/whatsapptest) and offers each in
// turn 500 inbound messages a second from 200 people: Telegram's crowd as
// above, then WhatsApp people going round an English conversation by taps
// (buttons, lists, the two taps of the regions). It reports messages
// handled per second, WhatsApp conversations per second, the latency from
// a message to the bot's next question, and CPU per 1,000 messages, as
// ratios to Telegram's in the same run.
//
// TestWhatsAppFaultsAndKills runs WhatsApp people while one Cloud API send
// in seven fails (throughput and pair-rate errors, 500, a timeout, a
// message sent whose answer is lost) and komek is killed twice: every chat
// must equal the fault-free one, a reply repeated right after itself (a
// lost answer, which the Cloud API cannot detect) being the only
// difference allowed.
//
// Tests never time anything: the short runs (the default, part of
// `go test ./...`) assert correctness only. The figures come from:
//
//	go test ./internal/loadtest -run TestLoad -load.full -load.report /tmp/komek-bench.md -timeout 60m -v
//	go test ./internal/loadtest -run TestFaultsAndKills -load.soak -timeout 60m -v
//	go test ./internal/loadtest -run TestErasure -load.erasure -load.report /tmp/erasure.md -timeout 60m -v
//	go test ./internal/loadtest -run TestWhatsAppLoad -load.whatsapp -load.report /tmp/whatsapp.md -timeout 30m -v
//	go test ./internal/loadtest -run TestHumanPace -load.pace -load.report /tmp/pace.md -timeout 30m -v
//
// The first also runs the micro-benchmarks (go test -bench) of the
// packages that matter and, with 200 people for a minute per mode, the
// fault and kill runs. See BENCHMARKS.md beside this file for the method,
// the machine and the figures, and main_test.go for the other flags
// (-load.profile, -load.logs, -load.workers, -load.seed).
package loadtest
