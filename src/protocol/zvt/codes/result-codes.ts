// ZVT result codes: BMP 27, the data byte of 06 1E (Abort from PT) and the xx of 84 xx.
// Source list: PA00P015 §10 (see docs/zvt-notes.md §9). Texts are our own wording.
import {byteHex, type CodeInfo, type ResultClass} from './types.js'

type Row = readonly [code: number, cls: ResultClass, en: string, zh: string, remedyEn: string, remedyZh: string]

const RESTART_AND_RETRY_EN = 'Restart the terminal and retry; if it happens again, have the terminal repaired by the service provider.'
const RESTART_AND_RETRY_ZH = '重启终端后重试；再次出现请联系服务商维修。'
const PIN_PAD_EN = 'Restart the terminal; if the PIN pad still fails, have it repaired or replaced by the service provider.'
const PIN_PAD_ZH = '重启终端；密码键盘仍有问题请联系服务商维修或更换。'
const OTHER_CARD_EN = 'Ask the customer for another card or another payment method.'
const OTHER_CARD_ZH = '请顾客换一张卡或改用其他支付方式。'

/** Codes 64..FF plus 00, exactly the rows of the spec's error list. 01..63 are generated below. */
const ROWS: readonly Row[] = [
  [0x00, 'success', 'Success', '交易成功',
    'No action needed. If the money has not arrived, check the settlement date (often T+1) and the journal for a later reversal.',
    '无需处理。如款项未到账，请核对结算周期(通常 T+1)，并查看流水中是否有后续冲正。'],
  [0x64, 'card', 'Card not readable', '卡片无法读取',
    'Wipe the card and try again, preferably by inserting the chip; if it still fails, ask for another card.',
    '擦拭卡片后重试，尽量插芯片；仍失败请换一张卡。'],
  [0x65, 'card', 'No card data read (no track or chip data)', '未读到卡片数据(无磁道/芯片数据)',
    'Insert or swipe the card again the right way round, or tap it; otherwise use another card.',
    '请按正确方向重新插卡或刷卡，也可挥卡；仍不行请换卡。'],
  // 66 covers card-reader mechanics as well, so it is a device fault rather than a card problem.
  [0x66, 'device', 'Processing error (may be the card-reader mechanics)', '处理错误(可能是读卡器机械故障)',
    RESTART_AND_RETRY_EN, RESTART_AND_RETRY_ZH],
  [0x67, 'card', 'Function not allowed for girocard / Maestro cards', '该功能不支持 girocard/Maestro 借记卡',
    'Use a different card or payment method for this kind of transaction.', '此类交易请换用其他卡或支付方式。'],
  [0x68, 'card', 'Function not allowed for credit or fuel cards', '该功能不支持信用卡/加油卡',
    'Use a different card or payment method for this kind of transaction.', '此类交易请换用其他卡或支付方式。'],
  [0x6a, 'operator', 'Turnover file full', '交易记录存储已满',
    'Run end-of-day (batch close, 06 50) so the terminal can clear its turnover file, then retry.',
    '请先结算(批结, 06 50)清空交易记录，再重试。'],
  [0x6b, 'config', 'Function deactivated (terminal not registered)', '功能未开通(终端未注册)',
    'Ask the acquirer / network operator to enable the function or finish registering the terminal, then run initialisation (06 93).',
    '请联系收单机构/网络运营商开通该功能或完成终端注册，然后执行初始化(06 93)。'],
  [0x6c, 'operator', 'Aborted (timeout or cancel key pressed)', '交易已取消(超时或按了取消键)',
    'Nothing was charged. Start the transaction again and have the customer finish it on the terminal without delay.',
    '本笔未扣款。请重新发起交易，并提醒顾客及时在终端上完成操作。'],
  [0x6e, 'card', 'Card is on the blocked list', '卡片在黑名单中(已冻结)',
    'Do not retry with this card. ' + OTHER_CARD_EN, '不要再用此卡重试。' + OTHER_CARD_ZH],
  // Registration answers 6F when the ECR's currency does not match the terminal's: a setting, not a card issue.
  [0x6f, 'config', 'Wrong currency', '币种错误',
    'Make the cash register send the currency the terminal is set up for (e.g. EUR = 0978).',
    '请检查收银机发送的币种与终端设置一致(如欧元为 0978)。'],
  [0x71, 'card', 'Chip card balance too low', '卡内余额不足(芯片/电子钱包)',
    'Top up the card, or ask for another card or payment method.', '请充值，或换卡/改用其他支付方式。'],
  [0x72, 'card', 'Chip error', '芯片故障',
    'Clean the chip and insert it again (or tap the card); if it still fails, ask for another card.',
    '擦拭芯片后重新插卡(或挥卡)；仍失败请换卡。'],
  [0x73, 'card', 'Card data incorrect (e.g. country code, checksum)', '卡片数据错误(如国家代码、校验和)',
    'Retry once; if it happens again the card is faulty: use another card and refer the customer to the issuer.',
    '重试一次；再次出现说明卡片有问题，请换卡并建议顾客联系发卡行。'],
  [0x74, 'config', 'PIN key engine (DUKPT) exhausted', 'DUKPT 密钥已用尽',
    'The terminal needs new PIN keys: contact the terminal provider for key loading.',
    '终端需要重新灌装 PIN 密钥，请联系终端服务商。'],
  [0x75, 'config', 'Text not authentic', '文本认证失败(不是授权的文本)',
    'The terminal rejected a text that failed its authenticity check; contact the terminal provider (keys or software may need an update).',
    '终端拒绝了未通过认证的文本；请联系终端服务商(可能需要更新密钥或软件)。'],
  [0x76, 'card', 'Card number not on the white list', '卡号不在白名单内',
    'This card is not accepted here; use a card on the terminal\'s white list or another payment method.',
    '此卡不在受理范围内；请换用白名单内的卡或其他支付方式。'],
  [0x77, 'operator', 'End-of-day not possible', '无法结算(批结失败)',
    'Check the terminal\'s connection to the host and run end-of-day again later; if it keeps failing, contact the network operator.',
    '检查终端与主机的连接后稍后再结算；持续失败请联系网络运营商。'],
  [0x78, 'card', 'Card expired', '卡片已过期',
    'Ask the customer for a valid card or another payment method.', '请顾客换一张有效的卡或改用其他支付方式。'],
  [0x79, 'card', 'Card not yet valid', '卡片尚未生效',
    'Check the card\'s valid-from date and that the terminal\'s date is right; otherwise use another card.',
    '请核对卡片生效日期及终端日期是否正确；否则请换卡。'],
  [0x7a, 'card', 'Card unknown', '无法识别的卡',
    'This card type is not accepted on this terminal. ' + OTHER_CARD_EN, '终端不受理此类卡。' + OTHER_CARD_ZH],
  [0x7b, 'card', 'Magstripe fallback not allowed (girocard)', '不允许降级刷磁条(girocard)',
    'Clean the chip and insert it again; if the chip still cannot be read, use another card.',
    '擦拭芯片后重新插卡；芯片仍读不出请换卡。'],
  [0x7c, 'card', 'Magstripe fallback not allowed (other cards)', '不允许降级刷磁条(其他卡)',
    'Clean the chip and insert it again; if the chip still cannot be read, use another card.',
    '擦拭芯片后重新插卡；芯片仍读不出请换卡。'],
  [0x7d, 'transient', 'Communication error (comms module missing or not answering)', '通讯错误(通讯模块缺失或无响应)',
    'Check the terminal\'s network cable / Wi-Fi / SIM and the router, then retry; restart the terminal if it persists.',
    '检查终端网线/Wi-Fi/SIM 卡及路由器后重试；仍不行请重启终端。'],
  [0x7e, 'card', 'Chip required, no magstripe fallback; debit advice possible (girocard)', '不能降级刷磁条，可改用签名借记(girocard)',
    'Insert the chip again; if it still fails and the terminal offers it, use the signature-based direct debit (ELV).',
    '请重新插芯片；仍失败且终端支持时，可改用签名借记(ELV)方式。'],
  // 83: classed as config. The PT refuses the function as such (not enabled or not supported in its
  // current setup), so a retry does not help; states the operator can fix have their own codes
  // (B5 batch closed, 77/F0 end-of-day, DC card inserted...). card complete PTs also send 84 83 when
  // an abort (06 B0) comes too late, which the session layer must read in context.
  [0x83, 'config', 'Function not possible', '该功能无法执行',
    'The terminal does not allow this function in its current setup: check with the acquirer / terminal provider that it is enabled, and that the original transaction data you gave is right.',
    '终端当前配置不允许此功能：请向收单机构/终端服务商确认已开通，并核对所填的原交易信息。'],
  [0x85, 'config', 'Key missing', '缺少密钥',
    'Run initialisation (06 93) to load the keys; if it persists, contact the terminal provider for key loading.',
    '请执行初始化(06 93)下载密钥；仍不行请联系终端服务商灌装密钥。'],
  [0x89, 'device', 'PIN pad defective', '密码键盘故障', PIN_PAD_EN, PIN_PAD_ZH],
  [0x9a, 'protocol', 'ZVT protocol error (message not understood, mandatory field missing)', 'ZVT 协议错误(报文无法解析或缺少必填项)',
    'The cash register sent something the terminal could not parse: keep the communication log and report it; check the cash register and terminal software versions.',
    '收银机发送的报文终端无法解析：请保存通讯日志并上报，核对收银机和终端的软件版本。'],
  [0x9b, 'transient', 'Dial-up / communication fault', '拨号/通讯故障',
    'Check the phone line or network connection of the terminal and retry.', '检查终端的电话线或网络连接后重试。'],
  [0x9c, 'transient', 'Please wait (terminal busy)', '请稍候(终端忙)',
    'Wait a few seconds and retry; the terminal may be busy or updating.', '等待几秒后重试；终端可能正忙或在更新。'],
  [0xa0, 'transient', 'Receiver not ready', '接收方未就绪',
    'Wait a moment and retry; if it repeats, restart the terminal and check its network.', '稍等片刻后重试；反复出现请重启终端并检查网络。'],
  [0xa1, 'transient', 'Remote station (host) not responding', '对方主机无响应',
    'Retry in a few minutes and check the terminal\'s network. If a payment was in progress, check its status in the journal before charging again.',
    '几分钟后重试并检查终端网络。如有交易正在处理，请先查流水确认状态，再决定是否重新收款。'],
  [0xa3, 'transient', 'No connection', '无法连接(无网络)',
    'Check the terminal\'s network / cable / SIM and try again.', '检查终端网络/网线/SIM 卡后重试。'],
  [0xa4, 'host', 'GeldKarte submission not possible', 'GeldKarte 交易无法提交',
    'Retry the submission (end-of-day) later; if it keeps failing, contact the network operator.', '稍后重新提交(结算)；持续失败请联系网络运营商。'],
  // A5: the request itself (e.g. asking for unmasked card data) is what the PT refuses.
  [0xa5, 'protocol', 'Not allowed by PCI-DSS / P2PE rules', '因 PCI-DSS/P2PE 安全规定不允许',
    'The request asks for data or a function that card-security rules forbid (e.g. full card numbers); change the cash register\'s request or settings.',
    '该请求涉及安全规定禁止的数据或功能(如完整卡号)；请调整收银机的请求或设置。'],
  [0xb1, 'operator', 'Memory full', '终端存储已满',
    'Run end-of-day (06 50) to free the memory, then retry.', '请先结算(06 50)释放存储，再重试。'],
  [0xb2, 'operator', 'Merchant journal full', '商户流水已满',
    'Read out the journal (Read File 08 11) and then delete it (Delete File 08 12), or run end-of-day; then retry.',
    '读取商户流水(读文件 08 11)后删除(删文件 08 12)，或先结算，再重试。'],
  [0xb4, 'already-reversed', 'Already reversed (voided)', '已撤销',
    'Nothing more to do: the sale was already voided. Confirm it in the journal or by reprinting the receipt; do not refund it as well.',
    '无需再处理：该笔已撤销。可查流水或补打小票确认，切勿再做退货。'],
  [0xb5, 'reversal-not-possible', 'Reversal (void) not possible', '不能撤销',
    'The batch is probably closed (end-of-day done), or the receipt number is wrong: check the receipt number; for a settled sale use a refund (06 31) instead.',
    '多半已结算(批次已关闭)，或票据号有误：先核对票据号；已结算的交易请改做退货(06 31)。'],
  [0xb7, 'operator', 'Pre-authorisation amount too high, or amount wrong', '预授权金额超额或金额错误',
    'Use an amount within the pre-authorised amount (or the exact original amount) and retry.', '请使用不超过预授权额度的金额(或原交易金额)后重试。'],
  [0xb8, 'operator', 'Pre-authorisation error', '预授权处理错误',
    'Check the pre-authorisation\'s receipt number and whether it was already completed or cancelled, then retry with the right reference.',
    '核对预授权票据号，确认其是否已完成或已撤销，再用正确信息重试。'],
  [0xbf, 'operator', 'Supply voltage too low', '供电电压过低',
    'Charge the terminal or connect its original power adapter, then retry.', '请给终端充电或接上原装电源后重试。'],
  [0xc0, 'device', 'Card locking mechanism defective', '卡槽锁定装置故障', RESTART_AND_RETRY_EN, RESTART_AND_RETRY_ZH],
  [0xc1, 'config', 'Merchant card locked', '商户卡已锁定',
    'Contact the network operator / terminal provider to unlock the merchant card.', '请联系网络运营商或终端服务商解锁商户卡。'],
  [0xc2, 'operator', 'Diagnosis required', '需要执行终端诊断',
    'Run a diagnosis (06 70) on the terminal, then retry.', '请对终端执行诊断(06 70)后重试。'],
  [0xc3, 'operator', 'Maximum amount exceeded', '超过最高限额',
    'Use a smaller amount (split the payment) or another payment method.', '请降低金额(分笔支付)或改用其他支付方式。'],
  [0xc4, 'config', 'Card profiles invalid, must be reloaded', '卡参数无效，需要重新下载',
    'Run initialisation (06 93) or a software/parameter update so the terminal reloads its card profiles.',
    '请执行初始化(06 93)或软件/参数更新，让终端重新下载卡参数。'],
  [0xc5, 'card', 'Payment method not supported', '不支持该支付方式', OTHER_CARD_EN, OTHER_CARD_ZH],
  [0xc6, 'card', 'Currency not applicable for this card', '此卡不支持该币种',
    'Use another card, or pay in the terminal\'s own currency.', '请换卡，或使用终端的本地币种支付。'],
  [0xc8, 'operator', 'Amount too small', '金额过小',
    'Check the amount entered (it is below the minimum), correct it and retry.', '核对输入的金额(低于最低金额)，更正后重试。'],
  [0xc9, 'config', 'Maximum transaction amount set too low', '终端设置的单笔最高限额过低',
    'Split the amount, and ask the terminal provider / acquirer to raise the terminal\'s transaction limit.',
    '可分笔支付，并联系终端服务商/收单机构提高终端单笔限额。'],
  [0xcb, 'operator', 'Only allowed in EUR', '仅允许使用欧元(EUR)',
    'Repeat the transaction in euros (currency 0978).', '请改用欧元(币种 0978)重新交易。'],
  [0xcc, 'printer', 'Printer not ready (paper out / cover open)', '打印机未就绪(缺纸)',
    'Load paper / close the printer cover, then reprint the receipt; the transaction itself is not affected (check the journal if unsure).',
    '装好打印纸/合上打印机盖后补打小票；交易本身不受影响(不确定时请查流水)。'],
  [0xcd, 'operator', 'Cashback not possible', '不支持返现',
    'Run the sale without cashback.', '请不带返现重新交易。'],
  [0xd2, 'card', 'Not allowed for service / bank-customer cards', '服务卡/银行客户卡不能办理此功能',
    'Use a payment card for this transaction.', '请使用支付卡办理此交易。'],
  [0xdc, 'operator', 'Card inserted (a card is still in the reader)', '读卡器中有卡',
    'Remove the card from the reader (or eject it with abort 06 B0), then retry.', '请取出读卡器中的卡(或发送 06 B0 退卡)后重试。'],
  [0xdd, 'device', 'Card eject error (motor card reader)', '退卡故障(电动读卡器)',
    'Take the card out by hand if possible and restart the terminal; if it repeats, have the card reader serviced.',
    '如能取出请手动取卡并重启终端；反复出现请联系服务商维修读卡器。'],
  [0xde, 'device', 'Card insertion error (motor card reader)', '进卡故障(电动读卡器)',
    'Check the card slot for anything stuck, restart the terminal and retry; if it repeats, have the card reader serviced.',
    '检查卡槽内有无异物，重启终端后重试；反复出现请联系服务商维修读卡器。'],
  [0xe0, 'transient', 'Remote maintenance in progress', '终端正在远程维护',
    'Wait until remote maintenance has finished (usually a few minutes), then retry; do not switch the terminal off.',
    '等待远程维护完成(通常几分钟)后重试；期间不要关机。'],
  [0xe2, 'device', 'Card reader not answering / defective', '读卡器无响应/故障', RESTART_AND_RETRY_EN, RESTART_AND_RETRY_ZH],
  [0xe3, 'operator', 'Card-reader shutter closed', '读卡器挡板已关闭',
    'Open the card-reader shutter (make sure nothing blocks it), then retry.', '打开读卡器挡板(确认无遮挡)后重试。'],
  [0xe4, 'operator', 'Terminal activation required', '终端需要激活',
    'Activate the terminal as the acquirer instructs (often by running initialisation 06 93), then retry.',
    '按收单机构要求激活终端(通常执行初始化 06 93)，然后重试。'],
  [0xe7, 'config', 'At least one goods group not found', '有商品组未找到',
    'Check the goods groups the cash register sends against the terminal\'s goods-group table; have the table updated by the terminal provider.',
    '核对收银机发送的商品组与终端商品组表；请终端服务商更新商品组表。'],
  [0xe8, 'config', 'No goods-group table loaded', '终端未加载商品组表',
    'Have the goods-group table loaded onto the terminal (initialisation or terminal provider).', '请通过初始化或终端服务商为终端加载商品组表。'],
  [0xe9, 'card', 'Restriction code not permitted (card may not buy these goods)', '限制代码不允许(此卡不能购买这类商品)',
    'This card may not be used for these goods. ' + OTHER_CARD_EN, '此卡不能用于这类商品。' + OTHER_CARD_ZH],
  [0xea, 'config', 'Card code not permitted (card type not activated)', '卡代码不允许(该卡类未开通)',
    'Run a diagnosis (06 70) to refresh the card tables; if it persists, ask the acquirer to enable this card type.',
    '请执行诊断(06 70)更新卡表；仍不行请联系收单机构开通该卡类。'],
  [0xeb, 'config', 'Function not executable (PIN algorithm unknown)', '无法执行(未知的 PIN 算法)',
    'The terminal\'s PIN setup does not match; run initialisation (06 93) and contact the terminal provider if it repeats.',
    '终端 PIN 配置不匹配；请执行初始化(06 93)，反复出现请联系终端服务商。'],
  [0xec, 'device', 'PIN processing not possible', '无法处理密码(PIN)',
    'Restart the terminal and retry; if it repeats, have the PIN pad / security module checked.', '重启终端后重试；反复出现请联系服务商检查密码键盘/安全模块。'],
  [0xed, 'device', 'PIN pad defective', '密码键盘故障', PIN_PAD_EN, PIN_PAD_ZH],
  [0xf0, 'operator', 'Open end-of-day batch present', '有未结算的批次',
    'Run end-of-day (06 50) first, then retry.', '请先结算(06 50)，再重试。'],
  [0xf1, 'host', 'girocard / Maestro offline error', 'girocard/Maestro 脱机交易错误',
    'Check the terminal\'s connection to the host and retry online; if it persists, contact the network operator.',
    '检查终端与主机的连接后联机重试；持续出现请联系网络运营商。'],
  [0xf5, 'config', 'OPT error (online terminal personalisation failed)', 'OPT 错误(终端在线个人化失败)',
    'Retry the OPT action / initialisation later; if it fails again, contact the terminal provider.', '稍后重试 OPT 操作或初始化；再次失败请联系终端服务商。'],
  [0xf6, 'config', 'OPT data missing (terminal personalisation needed)', '缺少 OPT 数据(需要在线个人化)',
    'Have the terminal personalised (OPT) by the terminal provider, then retry.', '请终端服务商为终端做 OPT 个人化后重试。'],
  [0xfa, 'host', 'Error sending offline transactions (clearing)', '离线交易上送(清算)失败',
    'Check the connection and run end-of-day again so the stored offline transactions are sent; they are not paid out until sent. Contact the network operator if it keeps failing.',
    '检查网络后重新结算，使离线交易上送；未上送的交易不会入账。持续失败请联系网络运营商。'],
  [0xfb, 'device', 'Turnover record defective', '交易记录损坏',
    'Do not delete anything: print the journal and contact the terminal provider; the affected sales may need a manual check.',
    '请勿删除任何记录：打印流水并联系终端服务商，相关交易可能需要人工核对。'],
  [0xfc, 'device', 'Required device missing or defective', '缺少所需设备或设备故障',
    'Check that all parts (PIN pad, printer, card reader, cables) are connected and restart; call the service provider if it persists.',
    '检查密码键盘、打印机、读卡器及线缆是否连接好并重启；仍不行请联系服务商。'],
  [0xfd, 'config', 'Baud rate not supported', '不支持该波特率',
    'Set the cash register\'s serial port to 9600 baud, 8 data bits, no parity, 2 stop bits (115200 only if the terminal supports it).',
    '请将收银机串口设为 9600 波特、8 数据位、无校验、2 停止位(终端支持时才用 115200)。'],
  [0xfe, 'config', 'Register unknown (e.g. cash register not logged on)', '登记信息未知(如收银机未登录)',
    'Log the cash register on to the terminal again (Registration 06 00) and retry.', '请重新登记收银机(注册 06 00)后重试。'],
  // FF says only "some other error"; the real reason is in TLV 1F16/1F17, so no class is implied.
  [0xff, 'unknown', 'System error (other reason; see the extended error text)', '系统错误(其他原因，见扩展错误信息)',
    'Read the terminal\'s extended error text (TLV 1F16/1F17) and its display, restart the terminal, and give that text to support.',
    '查看终端的扩展错误信息(TLV 1F16/1F17)和屏幕提示，重启终端，并把提示文字提供给技术支持。'],
]

/** Usual ISO 8583 field-39 meanings; a host may use its own list, so the text says "usually". */
const HOST_HINTS: Readonly<Record<number, readonly [en: string, zh: string, remedyEn: string, remedyZh: string]>> = {
  1: ['refer to card issuer', '请联系发卡行', 'The customer should call the card issuer; meanwhile use another card.', '请顾客联系发卡行，或先换卡支付。'],
  3: ['invalid merchant', '无效商户', 'Check the terminal\'s merchant/terminal ID registration with the acquirer.', '请联系收单机构核对商户号/终端号登记信息。'],
  4: ['pick up card', '没收卡', 'Do not retry with this card; ask for another payment method.', '不要再用此卡重试，请改用其他支付方式。'],
  5: ['do not honour (issuer refused)', '发卡行拒绝', 'Do not retry repeatedly; the customer should contact the issuer or use another card.', '不要反复重试；请顾客联系发卡行或换卡。'],
  6: ['error at the issuer', '发卡行系统出错', 'Retry later.', '请稍后重试。'],
  12: ['invalid transaction', '无效交易', 'Check the original transaction\'s real status before a void or refund.', '撤销或退货前请先确认原交易的真实状态。'],
  13: ['invalid amount', '金额无效', 'Check the amount (a void must use the original amount).', '请核对金额(撤销须与原交易金额一致)。'],
  14: ['invalid card number', '无效卡号', 'Use the same card as the original sale, or another card.', '请使用原交易的同一张卡，或换卡。'],
  30: ['format error', '报文格式错误', 'Terminal software or parameters may be outdated: run initialisation (06 93) or ask for a TMS update.', '终端软件或参数可能过旧：请执行初始化(06 93)或申请远程更新。'],
  41: ['lost card', '挂失卡', 'Do not retry with this card; ask for another payment method.', '不要再用此卡重试，请改用其他支付方式。'],
  43: ['stolen card', '被盗卡', 'Do not retry with this card; ask for another payment method.', '不要再用此卡重试，请改用其他支付方式。'],
  51: ['insufficient funds', '余额不足', OTHER_CARD_EN, OTHER_CARD_ZH],
  54: ['expired card', '卡片已过期', OTHER_CARD_EN, OTHER_CARD_ZH],
  55: ['incorrect PIN', '密码错误', 'Let the customer enter the PIN again.', '请顾客重新输入密码。'],
  57: ['not permitted to cardholder', '持卡人不允许此交易', OTHER_CARD_EN, OTHER_CARD_ZH],
  58: ['not permitted to terminal', '终端不允许此交易', 'Ask the acquirer to enable this transaction type for the terminal.', '请联系收单机构为终端开通此交易类型。'],
  61: ['exceeds amount limit', '超出金额限制', 'Use a smaller amount or another card; the customer may contact the issuer.', '请降低金额或换卡；顾客可联系发卡行。'],
  62: ['restricted card', '受限制的卡', OTHER_CARD_EN, OTHER_CARD_ZH],
  65: ['exceeds frequency limit', '超出交易次数限制', 'Try later or use another card.', '请稍后再试或换卡。'],
  75: ['PIN tries exceeded', '密码错误次数超限', 'The card is blocked for PIN use; the customer must contact the issuer.', '此卡密码已锁定，请顾客联系发卡行。'],
  91: ['issuer or switch unavailable', '发卡行或交换中心不可用', 'Retry in a few minutes.', '请几分钟后重试。'],
  94: ['duplicate transmission', '重复交易', 'Check the original transaction first; do not send it again blindly.', '请先查询原交易，不要盲目重复发送。'],
  96: ['system malfunction', '系统故障', 'Retry later; for a void, check the original\'s status first.', '请稍后重试；撤销前请先确认原交易状态。'],
}

/** 0x01..0x63 (decimal 1..99): the host's own response code, passed through unchanged. */
export const HOST_CODE_MIN = 0x01
export const HOST_CODE_MAX = 0x63

export function isHostResultCode(code: number): boolean {
  return Number.isInteger(code) && code >= HOST_CODE_MIN && code <= HOST_CODE_MAX
}

function hostEntry(code: number): CodeInfo {
  // The byte carries the host's decimal code: 0x33 is host code "51".
  const n = String(code).padStart(2, '0')
  const hint = HOST_HINTS[code]
  const baseRemedyEn = `Give code ${n}, time and amount to the acquirer if it repeats.`
  const baseRemedyZh = `如反复出现，请把代码 ${n}、交易时间和金额提供给收单机构。`
  return {
    code,
    hex: byteHex(code),
    en: hint
      ? `Authorisation host answered code ${n} (usually: ${hint[0]})`
      : `Error from the network operator / authorisation host (code ${n})`,
    zh: hint ? `授权主机应答码 ${n}(通常表示：${hint[1]})` : `网络运营商/授权主机返回错误(代码 ${n})`,
    remedyEn: hint ? `${hint[2]} ${baseRemedyEn}` : `The host refused or could not process the request: retry once later. ${baseRemedyEn}`,
    remedyZh: hint ? `${hint[3]}${baseRemedyZh}` : `主机拒绝或未能处理该请求：稍后重试一次。${baseRemedyZh}`,
    cls: 'host',
  }
}

function rowEntry([code, cls, en, zh, remedyEn, remedyZh]: Row): CodeInfo {
  return {code, hex: byteHex(code), en, zh, remedyEn, remedyZh, cls}
}

const hostEntries: CodeInfo[] = []
for (let c = HOST_CODE_MIN; c <= HOST_CODE_MAX; c++) hostEntries.push(hostEntry(c))

/** Every known result code (explicit rows + generated host codes), ascending. */
export const RESULT_CODES: ReadonlyArray<CodeInfo> = Object.freeze(
  [...ROWS.map(rowEntry), ...hostEntries].sort((a, b) => a.code - b.code).map((e) => Object.freeze(e)),
)

const BY_CODE: ReadonlyMap<number, CodeInfo> = new Map(RESULT_CODES.map((e) => [e.code, e]))

export function isKnownResultCode(code: number): boolean {
  return BY_CODE.has(code)
}

/** Look up a ZVT result code; unlisted or out-of-range values give a generic 'unknown' entry (never throws). */
export function resultCodeInfo(code: number): CodeInfo {
  const known = BY_CODE.get(code)
  if (known) return known
  const hex = byteHex(code)
  return {
    code,
    hex,
    en: `Unknown result code ${hex}`,
    zh: `未知的结果代码 ${hex}`,
    remedyEn: 'Note the code and the text on the terminal display, then contact the terminal provider.',
    remedyZh: '请记下该代码和终端屏幕上的提示文字，然后联系终端服务商。',
    cls: 'unknown',
  }
}
