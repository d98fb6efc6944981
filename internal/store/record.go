package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A conversation's record, in the convs bucket under its ID (see convID):
//
//	[0]     recordVersion
//	[1:5]   its keyring slot, big-endian
//	[5:13]  last activity, Unix seconds, big-endian
//	[13]    flags: flagSession, flagMessages, flagOutbox
//	[14:22] the date of the oldest logged message, Unix seconds (0: none)
//	[22:]   the sealed body: a 12-byte nonce, then the body encrypted
//	        with AES-256-GCM under the slot's key, the ID as additional data
//
// The body: the session key (uvarint length, channel, NUL, chat); the last
// update handled and the last message sent (8 bytes each); the session
// (uvarint length, then dialog.State's encoding; length 0: none); the
// message log (uvarint count, then 8-byte ID and 8-byte Unix date each).
//
// Only the header is readable without the key: the janitor decides from it
// alone, without decrypting anything.
const (
	recordVersion = 1
	recordHead    = 22
	nonceSize     = 12

	flagSession  = 1 << 0
	flagMessages = 1 << 1
	flagOutbox   = 1 << 2
)

// conv is a conversation's record as a transaction sees it. Changes stay in
// memory until the transaction commits (Tx.flush).
type conv struct {
	id   []byte
	slot uint32
	aead cipher.AEAD // nil: the record could not be read (corrupt)
	key  SessionKey
	last int64

	lastUpdate, lastSent int64
	session              []byte
	msgs                 []Message
	outbox               bool

	hasSlot bool // slot is the record's own (false: unreadable header)
	corrupt bool
	dirty   bool
}

func (c *conv) flags() byte {
	var f byte
	if c.session != nil {
		f |= flagSession
	}
	if len(c.msgs) > 0 {
		f |= flagMessages
	}
	if c.outbox {
		f |= flagOutbox
	}
	return f
}

// empty reports whether nothing is left worth keeping: the record is
// then deleted and its key destroyed.
func (c *conv) empty() bool {
	return c.flags() == 0 && c.lastUpdate == 0 && c.lastSent == 0
}

func (c *conv) touch(t int64) { c.last = max(c.last, t) }

// convID returns the ID under which conversation k is stored: a keyed hash
// (HMAC-SHA-256, 16 bytes) of its channel and chat, so the file never holds
// the chat identifier a channel gives.
func (db *DB) convID(k SessionKey) ([]byte, error) {
	key, err := k.key()
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, db.index)
	m.Write(key)
	return m.Sum(nil)[:16], nil
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// seal encrypts plain under aead with a fresh random nonce, which it puts
// in front.
func seal(aead cipher.AEAD, plain, ad []byte) ([]byte, error) {
	out := make([]byte, nonceSize, nonceSize+len(plain)+aead.Overhead())
	if _, err := rand.Read(out); err != nil {
		return nil, err
	}
	return aead.Seal(out, out, plain, ad), nil
}

func unseal(aead cipher.AEAD, sealed, ad []byte) ([]byte, error) {
	if len(sealed) < nonceSize {
		return nil, errors.New("sealed value too short")
	}
	return aead.Open(nil, sealed[:nonceSize], sealed[nonceSize:], ad)
}

// head is a record's header, readable without its key.
type head struct {
	slot         uint32
	last, oldest int64
	flags        byte
}

// header reads a record's header; ok is false when it is malformed.
func header(v []byte) (h head, ok bool) {
	if len(v) < recordHead || v[0] != recordVersion {
		return h, false
	}
	return head{slot: binary.BigEndian.Uint32(v[1:]), last: int64(binary.BigEndian.Uint64(v[5:])),
		flags: v[13], oldest: int64(binary.BigEndian.Uint64(v[14:]))}, true
}

// decodeRecord reads the record v stored under id. A record it cannot
// read comes back marked corrupt, with its slot when the header is sound.
func (db *DB) decodeRecord(id, v []byte) *conv {
	c := &conv{id: clone(id), corrupt: true}
	h, ok := header(v)
	if !ok {
		return c
	}
	c.slot, c.last, c.hasSlot = h.slot, h.last, true
	key := db.keys.key(h.slot)
	if key == nil {
		return c
	}
	aead, err := newAEAD(key)
	if err != nil {
		return c
	}
	body, err := unseal(aead, v[recordHead:], id)
	if err != nil || c.decodeBody(body) != nil {
		return c
	}
	c.aead, c.corrupt = aead, false
	return c
}

var errBody = errors.New("malformed conversation record")

func (c *conv) decodeBody(b []byte) error {
	next := func() ([]byte, bool) {
		n, w := binary.Uvarint(b)
		if w <= 0 || uint64(len(b)-w) < n {
			return nil, false
		}
		v := b[w : w+int(n)]
		b = b[w+int(n):]
		return v, true
	}
	key, ok := next()
	if !ok || len(b) < 16 {
		return errBody
	}
	channel, chat, _ := strings.Cut(string(key), "\x00")
	c.key = SessionKey{Channel: channel, Chat: chat}
	c.lastUpdate = int64(binary.BigEndian.Uint64(b))
	c.lastSent = int64(binary.BigEndian.Uint64(b[8:]))
	b = b[16:]
	s, ok := next()
	if !ok {
		return errBody
	}
	if len(s) > 0 {
		c.session = clone(s)
	}
	n, w := binary.Uvarint(b)
	if w <= 0 || uint64(len(b)-w) != n*16 {
		return errBody
	}
	b = b[w:]
	c.msgs = make([]Message, 0, n)
	for ; len(b) >= 16; b = b[16:] {
		c.msgs = append(c.msgs, Message{ID: int64(binary.BigEndian.Uint64(b)),
			Date: time.Unix(int64(binary.BigEndian.Uint64(b[8:])), 0).UTC()})
	}
	return nil
}

func (c *conv) encode() ([]byte, error) {
	key, err := c.key.key()
	if err != nil {
		return nil, err
	}
	body := binary.AppendUvarint(nil, uint64(len(key)))
	body = append(body, key...)
	body = binary.BigEndian.AppendUint64(body, uint64(c.lastUpdate))
	body = binary.BigEndian.AppendUint64(body, uint64(c.lastSent))
	body = binary.AppendUvarint(body, uint64(len(c.session)))
	body = append(body, c.session...)
	body = binary.AppendUvarint(body, uint64(len(c.msgs)))
	for _, m := range c.msgs {
		body = binary.BigEndian.AppendUint64(body, uint64(m.ID))
		body = binary.BigEndian.AppendUint64(body, uint64(m.Date.Unix()))
	}
	sealed, err := seal(c.aead, body, c.id)
	clear(body)
	if err != nil {
		return nil, err
	}
	v := make([]byte, recordHead, recordHead+len(sealed))
	v[0] = recordVersion
	binary.BigEndian.PutUint32(v[1:], c.slot)
	binary.BigEndian.PutUint64(v[5:], uint64(c.last))
	v[13] = c.flags()
	var oldest int64
	for i, m := range c.msgs {
		if t := m.Date.Unix(); i == 0 || t < oldest {
			oldest = t
		}
	}
	binary.BigEndian.PutUint64(v[14:], uint64(oldest))
	return append(v, sealed...), nil
}

// conv returns conversation k's record. Without create, a conversation
// that is not stored is nil. With create, a missing or unreadable record
// is replaced by a new one with a fresh key (the unreadable one's key, if
// any, is destroyed when the transaction commits).
func (tx *Tx) conv(k SessionKey, create bool) (*conv, error) {
	id, err := tx.db.convID(k)
	if err != nil {
		return nil, err
	}
	c, err := tx.convByID(id)
	if err != nil || !create || (c != nil && !c.corrupt) {
		return c, err
	}
	if !tx.tx.Writable() {
		return nil, errors.New("read-only transaction")
	}
	if c != nil && c.hasSlot {
		tx.released = append(tx.released, c.slot)
	}
	slot, key, err := tx.db.keys.alloc()
	if err != nil {
		return nil, err
	}
	tx.allocated = append(tx.allocated, slot)
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	c = &conv{id: id, slot: slot, hasSlot: true, aead: aead, key: k, dirty: true}
	// An unreadable record's pending replies were sealed with its key:
	// nobody can read them any more. (A missing record has none.)
	if err := tx.deleteConvOutbox(id); err != nil {
		return nil, err
	}
	tx.convs[string(id)] = c
	return c, nil
}

// convByID returns the record stored under id, nil when there is none.
func (tx *Tx) convByID(id []byte) (*conv, error) {
	if c, ok := tx.convs[string(id)]; ok {
		return c, nil
	}
	b, err := tx.bucket(bucketConvs)
	if err != nil {
		return nil, err
	}
	v := b.Get(id)
	if v == nil {
		return nil, nil
	}
	c := tx.db.decodeRecord(id, v)
	tx.convs[string(id)] = c
	return c, nil
}

// changed marks c to be written when the transaction commits.
func (tx *Tx) changed(c *conv) error {
	if !tx.tx.Writable() {
		return errors.New("read-only transaction")
	}
	c.dirty = true
	return nil
}

// flush writes the records the transaction changed; a record left with
// nothing in it is deleted and its key destroyed after the commit.
func (tx *Tx) flush() error {
	b, err := tx.bucket(bucketConvs)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(tx.convs))
	for id, c := range tx.convs {
		if c.dirty {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids) // bbolt writes sorted keys fastest
	for _, id := range ids {
		c := tx.convs[id]
		if c.empty() {
			if err := tx.eraseID(c.id); err != nil {
				return err
			}
			continue
		}
		v, err := c.encode()
		if err != nil {
			return fmt.Errorf("store: seal conversation on %q: %w", c.key.Channel, err)
		}
		if err := b.Put(c.id, v); err != nil {
			return fmt.Errorf("store: write conversation on %q: %w", c.key.Channel, err)
		}
	}
	return nil
}

// eraseID deletes conversation id's record and pending replies, and has
// its key destroyed once the transaction commits.
//
// It reads only the record's header: nothing needs decrypting to erase.
func (tx *Tx) eraseID(id []byte) error {
	b, err := tx.bucket(bucketConvs)
	if err != nil {
		return err
	}
	slot, hasSlot := uint32(0), false
	if c, ok := tx.convs[string(id)]; ok {
		slot, hasSlot = c.slot, c.hasSlot
		delete(tx.convs, string(id))
	}
	if v := b.Get(id); v != nil {
		if h, ok := header(v); ok && (!hasSlot || h.slot != slot) {
			// The stored record's key, besides any the transaction gave
			// a replacement (conv with create).
			tx.released = append(tx.released, h.slot)
		}
		if err := b.Delete(id); err != nil {
			return err
		}
	}
	if hasSlot {
		tx.released = append(tx.released, slot)
	}
	return tx.deleteConvOutbox(id)
}
