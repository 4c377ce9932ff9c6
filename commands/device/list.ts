import {BaseCommand} from '../../src/cli/base-command.js'
import {listDevices, renderDeviceList, type DeviceListResult} from '../../src/device/list.js'

export default class DeviceList extends BaseCommand {
  static override summary = 'List serial ports that may have a payment terminal attached'
  static override description = 'Shows every serial port this PC has, with a hint from the USB vendor/product id (USB-serial bridge or terminal maker). A terminal on TCP/IP does not show here: use `posdoc device probe --tcp HOST`.'
  static override examples = ['<%= config.bin %> device list', '<%= config.bin %> device list --json']

  async run(): Promise<DeviceListResult> {
    await this.parse(DeviceList)
    const result = await listDevices()
    if (!this.jsonEnabled()) this.log(renderDeviceList(result))
    return result
  }
}
