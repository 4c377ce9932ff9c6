/** Units: the encrypted secrets file, the QR journal's "never a second revoke" rule, advice, the skipping clock. */
import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {adviceFor} from '../../src/qr/advice.js'
import {QrJournal, revokeAllowed} from '../../src/qr/journal.js'
import {EncryptedFileStore, passphraseSource} from '../../src/qr/secrets.js'
import type {QrOrderState} from '../../src/qr/types.js'
import {sleep} from '../../src/util/clock.js'
import {SkippingClock} from '../../src/util/skipping-clock.js'

const file = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'posdoc-qr-secrets-')), 'qr-secrets.enc')

describe('EncryptedFileStore', () => {
  it('round-trips secrets under the passphrase, file mode 0600, no plaintext in the file', async () => {
    const f = file()
    const store = new EncryptedFileStore(f, async () => 'pass phrase')
    await store.set('shop:app-auth-token', 'tok-SECRET-123')
    await store.set('shop:private-key', '-----BEGIN PRIVATE KEY-----\nMIIxyz\n-----END PRIVATE KEY-----')
    expect(statSync(f).mode & 0o777).toBe(0o600)
    expect(readFileSync(f, 'utf8')).not.toMatch(/tok-SECRET|PRIVATE KEY|shop:/)
    const again = new EncryptedFileStore(f, async () => 'pass phrase')
    expect(await again.get('shop:app-auth-token')).toBe('tok-SECRET-123')
    await again.delete('shop:app-auth-token')
    expect(await new EncryptedFileStore(f, async () => 'pass phrase').get('shop:app-auth-token')).toBeUndefined()
  })

  it('a wrong passphrase or a tampered file is a usage error, never garbage', async () => {
    const f = file()
    await new EncryptedFileStore(f, async () => 'right').set('a', 'b')
    await expect(new EncryptedFileStore(f, async () => 'wrong').get('a')).rejects.toMatchObject({code: 'QR_SECRETS_WRONG_PASSPHRASE', exitCode: 2})
    const sealed = JSON.parse(readFileSync(f, 'utf8')) as {data: string}
    sealed.data = Buffer.from(Buffer.from(sealed.data, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64')
    writeFileSync(f, JSON.stringify(sealed))
    await expect(new EncryptedFileStore(f, async () => 'right').get('a')).rejects.toMatchObject({code: 'QR_SECRETS_WRONG_PASSPHRASE'})
    writeFileSync(f, 'not json')
    await expect(new EncryptedFileStore(f, async () => 'right').get('a')).rejects.toMatchObject({code: 'QR_SECRETS_DAMAGED'})
  })

  it('the passphrase comes from POSDOC_QR_PASSPHRASE, else the prompt, else a usage error', async () => {
    await expect(passphraseSource({env: {POSDOC_QR_PASSPHRASE: 'x'}, file: 'f'})()).resolves.toBe('x')
    await expect(passphraseSource({env: {}, file: 'f', ask: async () => 'typed'})()).resolves.toBe('typed')
    await expect(passphraseSource({env: {}, file: 'f'})()).rejects.toMatchObject({code: 'QR_SECRETS_PASSPHRASE_NEEDED', exitCode: 2})
  })
})

describe('QR journal', () => {
  const intent = {platform: 'alipay', merchant: 'm', outTradeNo: 'QR1', action: 'revoke' as const, stateBefore: 'pending', command: 'test'}

  it('a revoke that was done, or whose answer was lost, blocks every further revoke; a definite "still paying" does not', async () => {
    const j = QrJournal.inMemory()
    expect(revokeAllowed(await j.history('alipay', 'm', 'QR1')).allowed).toBe(true)
    const first = await j.appendIntent(intent)
    // no outcome yet (killed after the intent): blocked
    expect(revokeAllowed(await j.history('alipay', 'm', 'QR1'))).toMatchObject({allowed: false, blockingIntent: {id: first.id}})
    await j.appendOutcome({id: first.id, outcome: 'refused-paying'})
    expect(revokeAllowed(await j.history('alipay', 'm', 'QR1')).allowed).toBe(true)
    const second = await j.appendIntent(intent)
    await j.appendOutcome({id: second.id, outcome: 'unknown'})
    expect(revokeAllowed(await j.history('alipay', 'm', 'QR1')).allowed).toBe(false)
    // other orders and merchants are not affected
    expect(revokeAllowed(await j.history('alipay', 'm', 'QR2')).allowed).toBe(true)
    expect(revokeAllowed(await j.history('alipay', 'other', 'QR1')).allowed).toBe(true)
  })

  it('a torn last line (killed mid-write) is skipped; the next append starts on a fresh line', async () => {
    const j = QrJournal.inMemory()
    const ok = await j.appendIntent(intent)
    ;(j.store as unknown as {text: string}).text += '{"v":1,"kind":"qr-intent","id":"torn'
    await j.appendOutcome({id: ok.id, outcome: 'done'})
    const h = await j.history('alipay', 'm', 'QR1')
    expect(h).toHaveLength(1)
    expect(h[0]!.outcomes.map((o) => o.outcome)).toEqual(['done'])
  })
})

describe('advice (qr-notes §5)', () => {
  const order = (state: QrOrderState['state'], code?: string): QrOrderState => ({state, verified: true, errors: code ? [{code: code as never}] : [], evidence: {at: '', call: 'query', verified: true}})
  it('maps every state to its rule, in both languages', () => {
    expect(adviceFor(order('paid'), 'en').rule).toBe('R1')
    expect(adviceFor(order('not-paid'), 'en').rule).toBe('R7')
    expect(adviceFor(order('pending'), 'en').rule).toBe('R2')
    expect(adviceFor(order('uncertain'), 'en').rule).toBe('R8')
    expect(adviceFor(order('refunded'), 'en').rule).toBe('R12')
    expect(adviceFor(order('not-found'), 'en').rule).toBe('R10')
    expect(adviceFor(order('not-found'), 'en', {identityProven: true}).rule).toBe('R9')
    expect(adviceFor(order('could-not-ask', 'QR_PLATFORM_BUSY'), 'en').rule).toBe('R14')
    expect(adviceFor(order('could-not-ask', 'QR_CLOCK_SKEW'), 'en').rule).toBe('R8')
    expect(adviceFor(order('paid'), 'zh-CN').say).toBe('已收到您的付款，谢谢')
  })
})

describe('SkippingClock', () => {
  it('fires timers in due order at once, with now() at their due time', async () => {
    const clock = new SkippingClock(1000)
    const seen: number[] = []
    const a = sleep(clock, 45_000).then(() => seen.push(clock.now()))
    const b = sleep(clock, 5_000).then(() => seen.push(clock.now()))
    const cancelled = clock.setTimeout(() => seen.push(-1), 1)
    clock.clearTimeout(cancelled)
    await Promise.all([a, b])
    expect(seen).toEqual([6000, 46_000])
  })
})
