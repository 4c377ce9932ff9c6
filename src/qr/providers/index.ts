import type {ProviderDeps, QrProvider} from '../types.js'
import {AlipayProvider, type AlipayConfig} from './alipay.js'
import {WechatV3Provider, type WechatV3Config} from './wechat-v3.js'

export type ProviderConfig = {platform: 'wechat'; wechat: WechatV3Config} | {platform: 'alipay'; alipay: AlipayConfig}

export function createProvider(cfg: ProviderConfig, deps: ProviderDeps): QrProvider {
  return cfg.platform === 'wechat' ? new WechatV3Provider(cfg.wechat, deps) : new AlipayProvider(cfg.alipay, deps)
}

/** whose orders a profile sees: the journal is kept per merchant */
export function merchantOf(cfg: ProviderConfig): string {
  if (cfg.platform === 'wechat') return cfg.wechat.mode === 'partner' ? `${cfg.wechat.mchid}/${cfg.wechat.subMchid ?? ''}` : cfg.wechat.mchid
  return cfg.alipay.appAuthToken ? `${cfg.alipay.appId}/token` : cfg.alipay.appId
}
