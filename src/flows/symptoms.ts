/** The problems merchants come with, in their own words (domain.md), plus the two catch-alls. */
export const SYMPTOMS = [
  {id: 'credit-info-lost', zh: '扫码/刷卡后到账信息丢失', en: 'Paid, but the "credited" information is lost'},
  {id: 'scan-no-notice', zh: '扫码支付后没有到账提示', en: 'Scan-pay shows no arrival notice'},
  {id: 'paid-not-credited', zh: '交易成功但款项未到账', en: '"Succeeded", but the money never arrived'},
  {id: 'receipt-unusable', zh: '小票（签购单）丢失或不可用，需要补打', en: 'Slip lost or unusable, needs a reprint'},
  {id: 'void-failed', zh: '撤销消费失败', en: 'Void (cancel a sale) failed'},
  {id: 'terminal-offline', zh: 'POS 机无法联网 / 无响应', en: 'Terminal offline or not responding'},
  {id: 'other', zh: '其他问题', en: 'Something else'},
] as const

export type SymptomId = (typeof SYMPTOMS)[number]['id']

export function isSymptomId(s: string): s is SymptomId {
  return SYMPTOMS.some((x) => x.id === s)
}

export function symptom(id: SymptomId): (typeof SYMPTOMS)[number] {
  return SYMPTOMS.find((x) => x.id === id)!
}
