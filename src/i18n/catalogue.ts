/* eslint-disable @typescript-eslint/no-explicit-any */
type Entry = {en: (p: any) => string; zh: (p: any) => string}

const m = <P = void>(en: (p: P) => string, zh: (p: P) => string) => ({en, zh}) as {en: (p: P) => string; zh: (p: P) => string}

export const catalogue = {
  // --- link / connection errors (exit 3, or 2 for bad addresses) ---
  LINK_PORT_NOT_FOUND: m<{target: string}>((p) => `Serial port ${p.target} does not exist`, (p) => `串口 ${p.target} 不存在`),
  LINK_PORT_NOT_FOUND_REMEDY: m(() => 'Check the cable; run `posdoc device list` to see the ports this PC has', () => '检查数据线；运行 `posdoc device list` 查看本机串口'),
  LINK_PORT_BUSY: m<{target: string}>((p) => `Serial port ${p.target} is in use by another program`, (p) => `串口 ${p.target} 正被其他程序占用`),
  LINK_PORT_BUSY_REMEDY: m(() => 'Close the cash-register software or other posdoc session using the port, then retry', () => '关闭正在使用该串口的收银软件或其他 posdoc 会话后重试'),
  LINK_PERMISSION_DENIED: m<{target: string}>((p) => `No permission to open ${p.target}`, (p) => `没有权限打开 ${p.target}`),
  LINK_PERMISSION_DENIED_REMEDY: m(() => 'Add your user to the "dialout" group (Linux) or run as an administrator', () => '将当前用户加入 dialout 组（Linux）或以管理员身份运行'),
  LINK_PORT_VANISHED: m<{target: string}>((p) => `Serial port ${p.target} disappeared (cable unplugged?)`, (p) => `串口 ${p.target} 已断开（数据线被拔出？）`),
  LINK_PORT_VANISHED_REMEDY: m(() => 'Re-plug the cable and run the command again', () => '重新插好数据线后再次运行命令'),
  LINK_CONNECT_TIMEOUT: m<{target: string}>((p) => `No answer from ${p.target} (connection timed out)`, (p) => `连接 ${p.target} 超时，无应答`),
  LINK_CONNECT_TIMEOUT_REMEDY: m(() => "Check the terminal is on and on the same network; check the IP address in the terminal's ECR settings", () => '确认终端已开机并与本机在同一网络；核对终端收银接口设置中的 IP 地址'),
  LINK_CONNECTION_REFUSED: m<{target: string}>((p) => `${p.target} refused the connection`, (p) => `${p.target} 拒绝连接`),
  LINK_CONNECTION_REFUSED_REMEDY: m(() => 'The address answers but nothing listens on that port: check the ZVT port (default 20007) in the terminal settings', () => '该地址可达但端口未监听：核对终端设置中的 ZVT 端口（默认 20007）'),
  LINK_HOST_UNREACHABLE: m<{target: string}>((p) => `${p.target} is unreachable from this PC`, (p) => `本机无法到达 ${p.target}`),
  LINK_HOST_UNREACHABLE_REMEDY: m(() => "Check this PC's network cable / Wi-Fi and the terminal's IP address", () => '检查本机网线 / Wi-Fi 以及终端 IP 地址'),
  LINK_HOST_NOT_FOUND: m<{target: string}>((p) => `Host name ${p.target} cannot be resolved`, (p) => `无法解析主机名 ${p.target}`),
  LINK_HOST_NOT_FOUND_REMEDY: m(() => 'Use the terminal IP address, or check the DNS settings of this PC', () => '改用终端 IP 地址，或检查本机 DNS 设置'),
  LINK_DISCONNECTED: m<{target: string}>((p) => `The connection to ${p.target} was lost`, (p) => `与 ${p.target} 的连接已断开`),
  LINK_DISCONNECTED_REMEDY: m(() => 'Check the cable / network and run the command again', () => '检查线路 / 网络后再次运行命令'),
  LINK_BAD_ADDRESS: m<{target: string}>((p) => `Invalid address "${p.target}"`, (p) => `地址无效："${p.target}"`),
  LINK_BAD_ADDRESS_REMEDY: m(() => 'Use HOST[:PORT], e.g. 192.168.1.50:20007 or [::1]:20007', () => '格式为 HOST[:PORT]，例如 192.168.1.50:20007 或 [::1]:20007'),
  LINK_ADDRESS_IN_USE: m<{target: string}>((p) => `Cannot listen on ${p.target}: the address is already in use`, (p) => `无法监听 ${p.target}：地址已被占用`),
  LINK_ADDRESS_IN_USE_REMEDY: m(() => 'Stop the other program on that port or pick another port (0 = any free port)', () => '停止占用该端口的程序，或换一个端口（0 表示任选空闲端口）'),
  LINK_NOT_A_SERIAL_PORT: m<{target: string}>((p) => `${p.target} is not a serial port`, (p) => `${p.target} 不是串口`),
  LINK_NOT_A_SERIAL_PORT_REMEDY: m(() => 'Give the device path of the port, e.g. /dev/ttyUSB0 or COM3; `posdoc device list` shows them', () => '请给出串口设备路径，例如 /dev/ttyUSB0 或 COM3；`posdoc device list` 可列出'),
  LINK_GENERIC: m<{target: string; detail: string}>((p) => `Cannot talk to ${p.target}: ${p.detail}`, (p) => `无法与 ${p.target} 通信：${p.detail}`),
  LINK_GENERIC_REMEDY: m(() => 'Check the cable / network and run the command again', () => '检查线路 / 网络后再次运行命令'),

  // --- session errors ---
  ZVT_NO_ACK: m<{target: string}>((p) => `The terminal on ${p.target} does not acknowledge our messages`, (p) => `${p.target} 上的终端不确认我方报文`),
  ZVT_NO_ACK_REMEDY: m(() => 'Wrong baud rate or not a ZVT terminal: try --baud auto, check the ECR interface is set to ZVT', () => '波特率不对或不是 ZVT 终端：试试 --baud auto，并确认终端收银接口协议为 ZVT'),
  ZVT_T3_TIMEOUT: m<{target: string}>((p) => `The terminal on ${p.target} did not answer in time`, (p) => `${p.target} 上的终端未在规定时间内应答`),
  ZVT_T3_TIMEOUT_REMEDY: m(() => 'Check the terminal is switched on and idle (not in a menu), then retry', () => '确认终端已开机且处于待机界面（不在菜单中），然后重试'),
  ZVT_T4_TIMEOUT: m<{target: string}>((p) => `The terminal on ${p.target} stopped answering during the transaction`, (p) => `交易过程中 ${p.target} 上的终端停止应答`),
  ZVT_T4_TIMEOUT_REMEDY: m(() => "Do not repeat money-moving steps; check the transaction's real state first (repeat receipt / journal)", () => '不要重复涉及资金的操作；先查明交易真实状态（重打小票 / 流水）'),
  ZVT_LINK_LOST: m<{target: string}>((p) => `The link to ${p.target} dropped during the exchange`, (p) => `与 ${p.target} 的通信在交互过程中中断`),
  ZVT_LINK_LOST_REMEDY: m(() => "Reconnect; do not repeat money-moving steps before checking the transaction's state", () => '重新连接；在查明交易状态前不要重复涉及资金的操作'),
  ZVT_GARBLED: m<{target: string}>((p) => `Only garbled data comes from ${p.target}`, (p) => `从 ${p.target} 收到的数据全部是乱码`),
  ZVT_GARBLED_REMEDY: m(() => 'Check the baud rate (try --baud auto) and the cable', () => '检查波特率（试试 --baud auto）和数据线'),
  BAUD_NOT_FOUND: m<{target: string; tried: string}>((p) => `No ZVT terminal answered on ${p.target} at ${p.tried} baud`, (p) => `${p.target} 在 ${p.tried} 波特率下均无 ZVT 终端应答`),
  BAUD_NOT_FOUND_REMEDY: m(() => "Check the cable and that the terminal's ECR interface is enabled and set to ZVT", () => '检查数据线，并确认终端已启用收银接口且协议为 ZVT'),

  // --- usage ---
  USAGE_NO_TERMINAL: m(() => 'No terminal given', () => '未指定终端'),
  USAGE_NO_TERMINAL_REMEDY: m(() => 'Use --tcp HOST[:PORT], --serial PATH, or --demo for the built-in simulator', () => '使用 --tcp HOST[:PORT]、--serial PATH，或 --demo 使用内置模拟器'),
  USAGE_TOO_MANY_TERMINALS: m(() => 'Give only one of --tcp, --serial, --demo', () => '--tcp、--serial、--demo 只能选一个'),
  USAGE_BAD_BAUD: m<{value: string}>((p) => `Invalid baud rate "${p.value}"`, (p) => `波特率无效："${p.value}"`),
  USAGE_BAD_BAUD_REMEDY: m(() => 'Use one of 9600, 19200, 38400, 57600, 115200 or auto', () => '可选 9600、19200、38400、57600、115200 或 auto'),
  USAGE_BAD_PASSWORD: m(() => 'The ZVT password must be 6 digits', () => 'ZVT 密码必须是 6 位数字'),
  USAGE_BAD_PASSWORD_REMEDY: m(() => 'Use the terminal\'s merchant/ECR password, e.g. --password 000000', () => '使用终端的商户/收银密码，例如 --password 000000'),
  USAGE_BAD_HEX: m<{detail: string}>((p) => `Not valid hex: ${p.detail}`, (p) => `不是有效的十六进制：${p.detail}`),
  USAGE_BAD_HEX_REMEDY: m(() => 'Give the bytes as hex, e.g. "10 02 06 02 00 10 03 B9 CC" or 060200', () => '以十六进制给出字节，例如 "10 02 06 02 00 10 03 B9 CC" 或 060200'),
  USAGE_BAD_SCENARIO: m<{value: string; known: string}>((p) => `Unknown scenario "${p.value}" (known: ${p.known})`, (p) => `未知场景 "${p.value}"（可选：${p.known}）`),
  USAGE_BAD_SCENARIO_REMEDY: m(() => 'Pick a scenario from the list', () => '从列表中选择一个场景'),
  USAGE_SCENARIO_NEEDS_DEMO: m(() => '--scenario only applies with --demo', () => '--scenario 只能与 --demo 一起使用'),
  DECODE_FAILED: m<{detail: string}>((p) => `Cannot decode: ${p.detail}`, (p) => `无法解码：${p.detail}`),
  USAGE_BAD_CHARSET: m<{value: string}>((p) => `Unknown charset "${p.value}"`, (p) => `未知字符集“${p.value}”`),
  USAGE_BAD_CHARSET_REMEDY: m(() => 'Use cp437, zvt7, ascii, utf8 or iso8859-1 … iso8859-16 (no 8859-12)', () => '可用：cp437、zvt7、ascii、utf8 或 iso8859-1 … iso8859-16（无 8859-12）'),
  DECODE_FAILED_REMEDY: m(() => 'Check the bytes are one complete ZVT frame (10 02 … 10 03 CRC) or one APDU', () => '确认输入是一个完整的 ZVT 帧（10 02 … 10 03 CRC）或一个 APDU'),
  CRC_MISMATCH: m<{received: string; computed: string}>(
    (p) => `CRC mismatch: the frame carries ${p.received}, its bytes give ${p.computed} (corrupted on the line or wrong baud rate)`,
    (p) => `CRC 校验不符：帧内为 ${p.received}，按内容计算应为 ${p.computed}（线路干扰或波特率不对）`,
  ),
  INTERNAL: m<{detail: string}>((p) => `Internal error: ${p.detail}`, (p) => `内部错误：${p.detail}`),
  INTERNAL_REMEDY: m(() => 'This is a bug in posdoc: please report it with the command you ran', () => '这是 posdoc 的程序缺陷：请连同所运行的命令一起反馈'),
  ABORTED: m(() => 'Aborted', () => '已中止'),

  // --- labels ---
  REMEDY_LABEL: m(() => 'Try', () => '建议'),
  ERROR_LABEL: m(() => 'Error', () => '错误'),
} satisfies Record<string, Entry>

export type MessageKey = keyof typeof catalogue
export type Params<K extends MessageKey> = Parameters<(typeof catalogue)[K]['en']>[0]
