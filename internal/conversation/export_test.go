package conversation

import "github.com/komek-kz/komek/internal/store"

// Busy reports whether the courier still holds key's delivery.
func (k *Courier) Busy(key store.SessionKey) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	_, ok := k.chats[key]
	return ok
}
