import {getLang} from '../i18n/index.js'
import {listSerialPorts, type PortInfo} from '../transport/ports.js'

export interface DeviceListResult {
  ports: PortInfo[]
}

export async function listDevices(): Promise<DeviceListResult> {
  return {ports: await listSerialPorts()}
}

export function renderDeviceList(r: DeviceListResult): string {
  const zh = getLang() === 'zh-CN'
  if (r.ports.length === 0) {
    return zh
      ? '未发现串口。终端通过 USB 连接时请检查数据线；网口终端请用 `posdoc device probe --tcp IP`。'
      : 'No serial ports found. For a USB terminal check the cable; for a network terminal use `posdoc device probe --tcp IP`.'
  }
  const rows = r.ports.map((p) => {
    const ids = p.vendorId ? `${p.vendorId}:${p.productId ?? '????'}` : ''
    return [p.path, ids, p.hint ?? p.manufacturer ?? '']
  })
  const w0 = Math.max(4, ...rows.map((x) => x[0]!.length))
  const w1 = Math.max(9, ...rows.map((x) => x[1]!.length))
  const head = zh ? ['端口', 'USB ID', '说明'] : ['PORT', 'USB ID', 'HINT']
  return [[head[0]!.padEnd(w0), head[1]!.padEnd(w1), head[2]].join('  '), ...rows.map((x) => [x[0]!.padEnd(w0), x[1]!.padEnd(w1), x[2]].join('  '))].join('\n')
}
