/**
 * `posdoc sim --qr wechat|alipay`: the QR platform simulator until Ctrl-C / SIGTERM. Writes the CA
 * certificate and the demo merchant's key files (simulator-only test keys) to a directory and
 * prints one ready line with the `posdoc qr profile add` arguments that point at it.
 */
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {dataDir} from '../../config/paths.js'
import {pick} from '../../i18n/index.js'
import {PosdocError} from '../../output/errors.js'
import {ExitCode} from '../../output/exit-codes.js'
import {publicKeyOf} from '../../qr/crypto/rsa.js'
import type {QrPlatform} from '../../qr/types.js'
import {SIM_ALIPAY_PLATFORM_KEY, SIM_WECHAT_PLATFORM_KEY} from './demo-keys.js'
import {SIM_IDS} from './platform.js'
import {isQrScenario, QR_SCENARIOS, QR_SCENARIO_DESCRIPTIONS} from './scenarios.js'
import {startQrSim} from './server.js'

export interface QrSimReady {
  event: 'ready'
  qr: {platform: QrPlatform; baseUrl: string; scenario: string; dir: string; caFile: string; profileAdd: string[]}
  pid: number
}

export async function runQrSimUntilSignal(o: {platform: QrPlatform; port: number; scenario: string; seed: number; dir?: string | undefined}, io: {json: boolean; write: (line: string) => void}): Promise<void> {
  if (!isQrScenario(o.scenario)) {
    throw new PosdocError({code: 'USAGE_BAD_SCENARIO', exitCode: ExitCode.Usage, message: pick({en: `Unknown QR scenario "${o.scenario}" (known: ${QR_SCENARIOS.join(', ')})`, zh: `未知 QR 场景 "${o.scenario}"（可选：${QR_SCENARIOS.join(', ')}）`}), remedy: pick({en: 'Pick a scenario from the list', zh: '从列表中选择一个场景'})})
  }
  const sim = await startQrSim({port: o.port, scenario: o.scenario, seed: o.seed, certCache: path.join(dataDir(), 'cache', 'qr-sim-tls.json')})
  const dir = o.dir ?? mkdtempSync(path.join(os.tmpdir(), 'posdoc-qr-sim-'))
  mkdirSync(dir, {recursive: true})
  const file = (name: string, text: string) => {
    const f = path.join(dir, name)
    writeFileSync(f, text, {mode: 0o600})
    return f
  }
  const caFile = file('ca.pem', sim.ca)
  const name = `sim-${o.platform}`
  let profileAdd: string[]
  if (o.platform === 'wechat') {
    const w = sim.profiles.wechat
    const key = file('apiclient_key.pem', w.privateKey)
    const pub = file('pub_key.pem', publicKeyOf(SIM_WECHAT_PLATFORM_KEY))
    profileAdd = ['qr', 'profile', 'add', '--name', name, '--platform', 'wechat', '--endpoint', sim.baseUrl, '--ca', caFile, '--appid', w.appid, '--mchid', w.mchid, '--sub-mchid', w.subMchid ?? '', '--serial', w.serialNo, '--private-key-file', key, '--platform-key', `${SIM_IDS.wechat.platformKeyId}=${pub}`]
  } else {
    const a = sim.profiles.alipay
    const key = file('app_private_key.pem', a.privateKey)
    const pub = file('alipay_public_key.pem', publicKeyOf(SIM_ALIPAY_PLATFORM_KEY))
    profileAdd = ['qr', 'profile', 'add', '--name', name, '--platform', 'alipay', '--endpoint', a.gateway, '--ca', caFile, '--app-id', a.appId, '--private-key-file', key, '--alipay-public-key', pub]
  }
  const ready: QrSimReady = {event: 'ready', qr: {platform: o.platform, baseUrl: sim.baseUrl, scenario: o.scenario, dir, caFile, profileAdd}, pid: process.pid}
  io.write(
    io.json
      ? JSON.stringify(ready)
      : pick({
          en: `QR platform simulator (${o.platform}, scenario ${o.scenario}: ${QR_SCENARIO_DESCRIPTIONS[o.scenario].en}) on ${sim.baseUrl}\nDemo order: QRDEMO0001. Point a profile at it:\n  posdoc ${profileAdd.join(' ')}`,
          zh: `QR 平台模拟器（${o.platform}，场景 ${o.scenario}：${QR_SCENARIO_DESCRIPTIONS[o.scenario].zh}）运行于 ${sim.baseUrl}\n演示订单：QRDEMO0001。添加配置：\n  posdoc ${profileAdd.join(' ')}`,
        }),
  )
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await sim.close()
}
