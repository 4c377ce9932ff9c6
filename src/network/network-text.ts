/** zh-CN / en texts of the network check (kept beside it: they are its vocabulary). */
import type {DnsFailure, FaultLocation, Layer, TcpFailure} from './types.js'

type L<T = string> = {en: T; 'zh-CN': T}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`

export const layerName: Record<Layer, L> = {
  local: {en: 'local network', 'zh-CN': '本机网络'},
  dns: {en: 'DNS', 'zh-CN': '域名解析(DNS)'},
  tcp: {en: 'TCP connection', 'zh-CN': 'TCP 连接'},
  tls: {en: 'TLS handshake / certificate', 'zh-CN': 'TLS 握手/证书'},
  quality: {en: 'connection quality', 'zh-CN': '连接质量'},
  terminal: {en: "terminal's own host test", 'zh-CN': '终端自身的主机连接测试'},
}

export const networkText = {
  // ---- titles ----
  titleLocal: {en: 'Local network', 'zh-CN': '本机网络'} as L,
  titleDns: {en: (h: string) => `DNS ${h}`, 'zh-CN': (h: string) => `域名解析 ${h}`} as L<(h: string) => string>,
  titleTcp: {en: (h: string) => `TCP ${h}`, 'zh-CN': (h: string) => `TCP 连接 ${h}`} as L<(h: string) => string>,
  titleTls: {en: (h: string) => `TLS ${h}`, 'zh-CN': (h: string) => `TLS 加密连接 ${h}`} as L<(h: string) => string>,
  titleQuality: {en: (h: string) => `Quality ${h}`, 'zh-CN': (h: string) => `连接质量 ${h}`} as L<(h: string) => string>,
  titleTerminal: {en: "Terminal's own host test", 'zh-CN': '终端自身的主机连接测试'} as L,

  // ---- generic ----
  crashRemedy: {
    en: 'This check crashed, which is a posdoc bug: please report it with this output (the other checks still ran)',
    'zh-CN': '该项检测程序出错（posdoc 缺陷），请附上本输出反馈；其余检测不受影响',
  } as L,
  noTime: {en: 'skipped: the deadline was reached before this check could start', 'zh-CN': '已跳过：截止时间已到，未能开始此项检测'} as L,
  timedOut: {
    en: (layer: string, ms: number) => `no answer within ${s(ms)}: the ${layer} step hung`,
    'zh-CN': (layer: string, ms: number) => `${s(ms)} 内无应答：${layer}这一步卡住了`,
  } as L<(layer: string, ms: number) => string>,
  timeoutRemedy: {
    en: 'Run the check again with a longer --timeout; if this layer hangs again, follow the cause shown for it',
    'zh-CN': '用更长的 --timeout 再检测一次；如本层仍卡住，按其显示的原因处理',
  } as L,
  terminalHungRemedy: {
    en: 'A host that does not answer keeps the terminal waiting in its own test: run again with a longer --timeout to see the terminal\'s answer',
    'zh-CN': '主机不应答时终端会一直等待其自检结果：用更长的 --timeout 再检测一次，查看终端自己的结论',
  } as L,
  skipNoAddress: {en: 'skipped: DNS gave no address', 'zh-CN': '已跳过：DNS 未返回地址'} as L,
  skipNoTcp: {en: 'skipped: no TCP connection to the host', 'zh-CN': '已跳过：无法建立 TCP 连接'} as L,
  skipNoTls: {en: 'skipped: the host did not answer the TLS handshake', 'zh-CN': '已跳过：主机未响应 TLS 握手'} as L,

  // ---- local ----
  localOk: {
    en: (ifs: string, route: string) => `${ifs}; default route ${route}`,
    'zh-CN': (ifs: string, route: string) => `${ifs}；默认路由 ${route}`,
  } as L<(ifs: string, route: string) => string>,
  via: {en: (gw: string, dev: string) => `via ${gw} (${dev})`, 'zh-CN': (gw: string, dev: string) => `经 ${gw}（${dev}）`} as L<(gw: string, dev: string) => string>,
  routeUnknown: {en: 'unknown on this system', 'zh-CN': '本系统无法确定'} as L,
  noInterfaces: {en: 'no active network interface with an address', 'zh-CN': '没有已启用且有地址的网卡'} as L,
  noRoute: {en: 'no default route (no gateway to the internet)', 'zh-CN': '没有默认路由（没有通往外网的网关）'} as L,
  loopbackOnly: {en: ' (not needed: every host is on this PC)', 'zh-CN': '（无妨：所有主机都在本机）'} as L,
  noInterfacesCause: {
    en: 'This PC is not connected: cable unplugged, Wi-Fi off, or the network adapter disabled',
    'zh-CN': '本机未联网：网线未插、Wi-Fi 未开启，或网卡被禁用',
  } as L,
  noInterfacesRemedy: {
    en: 'Plug in the network cable or connect to the shop Wi-Fi, then run the check again',
    'zh-CN': '插好网线或连接店内 Wi-Fi，然后重新检测',
  } as L,
  noRouteCause: {
    en: 'This PC has an address but no way out of the local network: the router is off, or the network settings lack a gateway',
    'zh-CN': '本机有地址但无法出局域网：路由器关机，或网络设置中缺少网关',
  } as L,
  noRouteRemedy: {
    en: "Restart the router; check the PC's network settings (gateway / DHCP)",
    'zh-CN': '重启路由器；检查本机网络设置（网关/DHCP）',
  } as L,

  // ---- DNS ----
  dnsIp: {en: 'IP address: no lookup needed', 'zh-CN': 'IP 地址：无需解析'} as L,
  dnsOk: {
    en: (addrs: string, ms: number, via: string) => `${addrs} in ${ms} ms (${via})`,
    'zh-CN': (addrs: string, ms: number, via: string) => `${addrs}，用时 ${ms} 毫秒（${via}）`,
  } as L<(addrs: string, ms: number, via: string) => string>,
  dnsSystem: {en: 'system resolver', 'zh-CN': '系统解析'} as L,
  dnsServer: {en: (s: string) => `server ${s}`, 'zh-CN': (s: string) => `服务器 ${s}`} as L<(s: string) => string>,
  dnsFailure: {
    en: {
      nxdomain: 'the name does not exist (NXDOMAIN)',
      'no-address': 'the name exists but has no address',
      timeout: 'no answer from the DNS server (timeout)',
      'no-server': 'no DNS server reachable',
      servfail: 'the DNS server failed (SERVFAIL)',
      refused: 'the DNS server refused the query',
      temporary: 'temporary DNS failure: the DNS server did not answer',
      other: 'lookup failed',
    },
    'zh-CN': {
      nxdomain: '域名不存在（NXDOMAIN）',
      'no-address': '域名存在但没有地址',
      timeout: 'DNS 服务器无应答（超时）',
      'no-server': '没有可用的 DNS 服务器',
      servfail: 'DNS 服务器出错（SERVFAIL）',
      refused: 'DNS 服务器拒绝查询',
      temporary: 'DNS 暂时失败：DNS 服务器无应答',
      other: '解析失败',
    },
  } as L<Record<DnsFailure, string>>,
  dnsCause: {
    en: {
      nxdomain: 'The DNS server says this host name does not exist: a typo, or an old name the acquirer no longer uses',
      'no-address': 'The name exists but has no address of a usable kind: a wrong or outdated host name',
      timeout: 'The DNS server does not answer: the router or the internet connection is down, or a firewall blocks DNS',
      'no-server': 'This PC has no working DNS server: the router is off, or the network settings name none',
      servfail: "The DNS server could not resolve the name: a fault at the DNS server or in the acquirer's domain",
      refused: 'The DNS server refuses to answer this PC: wrong DNS server in the network settings',
      temporary: 'The DNS server does not answer: the router or the internet connection is down, or a firewall blocks DNS',
      other: 'The host name could not be resolved',
    },
    'zh-CN': {
      nxdomain: 'DNS 服务器答复该主机名不存在：主机名拼写错误，或是收单机构已停用的旧域名',
      'no-address': '域名存在但没有可用地址：主机名错误或已过时',
      timeout: 'DNS 服务器无应答：路由器或外网断开，或防火墙拦截了 DNS',
      'no-server': '本机没有可用的 DNS 服务器：路由器关机，或网络设置中没有 DNS',
      servfail: 'DNS 服务器无法解析：DNS 服务器或收单机构域名有故障',
      refused: 'DNS 服务器拒绝为本机解析：网络设置中的 DNS 服务器有误',
      temporary: 'DNS 服务器无应答：路由器或外网断开，或防火墙拦截了 DNS',
      other: '无法解析该主机名',
    },
  } as L<Record<DnsFailure, string>>,
  dnsRemedy: {
    en: {
      nxdomain: "Check the host name against the acquirer's documentation or the terminal's configuration; correct --host or acquirer.hosts in the config file",
      'no-address': "Check the host name against the acquirer's documentation; correct --host or acquirer.hosts",
      timeout: 'Restart the router and check the internet connection; if it persists, set another DNS server (ask your IT or ISP)',
      'no-server': 'Restart the router; make sure the network settings get a DNS server (DHCP) or set one',
      servfail: 'Try again in a few minutes; if it persists, set another DNS server or tell the acquirer',
      refused: 'Set the DNS server your router or ISP provides in the network settings',
      temporary: 'Restart the router and check the internet connection; if it persists, set another DNS server (ask your IT or ISP)',
      other: 'Check the host name and the network settings, then try again',
    },
    'zh-CN': {
      nxdomain: '对照收单机构文档或终端配置核对主机名；修正 --host 或配置文件中的 acquirer.hosts',
      'no-address': '对照收单机构文档核对主机名；修正 --host 或 acquirer.hosts',
      timeout: '重启路由器并检查外网连接；仍不行请更换 DNS 服务器（咨询网管或运营商）',
      'no-server': '重启路由器；确认网络设置能自动获取（DHCP）或已填写 DNS 服务器',
      servfail: '几分钟后重试；持续出现请更换 DNS 服务器或告知收单机构',
      refused: '在网络设置中填写路由器或运营商提供的 DNS 服务器',
      temporary: '重启路由器并检查外网连接；仍不行请更换 DNS 服务器（咨询网管或运营商）',
      other: '检查主机名和网络设置后重试',
    },
  } as L<Record<DnsFailure, string>>,

  // ---- TCP ----
  tcpOutcome: {
    en: {ok: 'ok', refused: 'refused', timeout: 'no answer', unreachable: 'unreachable', reset: 'reset', other: 'failed'},
    'zh-CN': {ok: '成功', refused: '被拒绝', timeout: '无应答', unreachable: '不可达', reset: '被重置', other: '失败'},
  } as L<Record<TcpFailure | 'ok', string>>,
  tcpCause: {
    en: {
      refused: "The host answers but nothing accepts connections on this port: the acquirer's service is down, or the port is wrong",
      timeout: 'Connection attempts get no answer at all: a firewall (in the shop or at the ISP) drops them, or the host is down',
      unreachable: 'There is no route to the host: the router or the internet connection is down',
      reset: 'The connection is reset while it is being set up: a firewall or the host breaks it off',
      other: 'The connection could not be set up',
    },
    'zh-CN': {
      refused: '主机有应答，但该端口无服务接受连接：收单服务已停止，或端口号错误',
      timeout: '连接请求完全无应答：店内或运营商的防火墙丢弃了数据包，或主机已宕机',
      unreachable: '没有到达主机的路由：路由器或外网连接已断开',
      reset: '连接建立时被重置：防火墙或主机中断了连接',
      other: '无法建立连接',
    },
  } as L<Record<TcpFailure, string>>,
  tcpRemedy: {
    en: {
      refused: "Check the port against the acquirer's documentation; if it is right, the acquirer's host is down: ask the acquirer's hotline about an outage",
      timeout: "Check that the shop's firewall/router allows outgoing connections to this host and port; if it does, ask the acquirer whether the host is down",
      unreachable: 'Restart the router and check the internet connection (cable to the modem, provider outage)',
      reset: "Check the shop's firewall rules for this host; if nothing blocks it, ask the acquirer",
      other: 'Check the network connection and try again',
    },
    'zh-CN': {
      refused: '对照收单机构文档核对端口；端口无误则收单主机已停止服务：致电收单机构客服确认是否故障',
      timeout: '确认店内防火墙/路由器允许访问该主机和端口；若已允许，请询问收单机构主机是否宕机',
      unreachable: '重启路由器并检查外网连接（光猫连线、运营商故障）',
      reset: '检查店内防火墙对该主机的规则；如无拦截，请联系收单机构',
      other: '检查网络连接后重试',
    },
  } as L<Record<TcpFailure, string>>,

  // ---- TLS ----
  tlsOk: {
    en: (proto: string, cipher: string, days: number, ms: number) => `${proto} ${cipher}, certificate valid (${days} days left), handshake ${ms} ms`,
    'zh-CN': (proto: string, cipher: string, days: number, ms: number) => `${proto} ${cipher}，证书有效（剩余 ${days} 天），握手 ${ms} 毫秒`,
  } as L<(proto: string, cipher: string, days: number, ms: number) => string>,
  tlsRetried: {en: (n: number) => ` after ${n} attempts`, 'zh-CN': (n: number) => `（第 ${n} 次尝试成功）`} as L<(n: number) => string>,
  tlsHung: {
    en: (ms: number) => `connected, but no TLS answer within ${s(ms)}: the handshake hung`,
    'zh-CN': (ms: number) => `已连接，但 ${s(ms)} 内无 TLS 应答：握手卡住`,
  } as L<(ms: number) => string>,
  tlsHungCause: {
    en: "The host accepts the connection but never answers the encrypted handshake: the acquirer's service hangs, or a firewall/proxy swallows the traffic",
    'zh-CN': '主机接受了连接，但始终不响应加密握手：收单服务卡死，或防火墙/代理吞掉了数据',
  } as L,
  tlsHungRemedy: {
    en: 'Ask the acquirer whether the host has an outage; check whether a firewall or proxy in the shop inspects TLS traffic',
    'zh-CN': '询问收单机构主机是否故障；检查店内是否有防火墙或代理在检查 TLS 流量',
  } as L,
  tlsReset: {en: 'the connection was closed during the TLS handshake', 'zh-CN': 'TLS 握手过程中连接被关闭'} as L,
  tlsRefused: {en: 'connection refused when starting TLS', 'zh-CN': '开始 TLS 时连接被拒绝'} as L,
  tlsResetCause: {
    en: 'The host (or something on the way) breaks off the handshake: not a TLS port, a TLS-inspecting firewall, or an overloaded host',
    'zh-CN': '主机（或途中设备）中断了握手：该端口不是 TLS 服务、防火墙在检查 TLS，或主机过载',
  } as L,
  tlsResetRemedy: {
    en: "Check the port against the acquirer's documentation; check the shop firewall; if both are fine, ask the acquirer",
    'zh-CN': '对照收单机构文档核对端口；检查店内防火墙；都没问题请联系收单机构',
  } as L,
  tlsHandshake: {en: (code: string) => `TLS handshake failed: ${code}`, 'zh-CN': (code: string) => `TLS 握手失败：${code}`} as L<(code: string) => string>,
  tlsExpired: {
    en: (days: number, date: string) => `certificate expired ${days} day(s) ago (${date})`,
    'zh-CN': (days: number, date: string) => `证书已过期 ${days} 天（${date}）`,
  } as L<(days: number, date: string) => string>,
  tlsExpiredCause: {
    en: 'The host presents an expired certificate: terminals and this PC refuse it',
    'zh-CN': '主机出示的证书已过期：终端和本机都会拒绝',
  } as L,
  tlsExpiredRemedy: {
    en: "Only the acquirer can fix this: report the expired certificate with this output. If only this PC sees it, check this PC's date and time",
    'zh-CN': '只能由收单机构更换证书：请附上本输出报告证书过期。若只有本机出现此问题，请检查本机日期时间',
  } as L,
  tlsNotYetValid: {
    en: (from: string, pc: string, skew: string) => `certificate valid only from ${from}; this PC's clock says ${pc} (${skew})`,
    'zh-CN': (from: string, pc: string, skew: string) => `证书 ${from} 起才生效；本机时钟为 ${pc}（${skew}）`,
  } as L<(from: string, pc: string, skew: string) => string>,
  skew: {
    en: (sec: number) => `PC clock at least ${humanDuration(sec, 'en')} behind the certificate's start`,
    'zh-CN': (sec: number) => `本机时钟至少比证书生效时间慢 ${humanDuration(sec, 'zh-CN')}`,
  } as L<(sec: number) => string>,
  tlsNotYetValidCause: {
    en: "According to this PC's clock the certificate is not valid yet: most likely this PC's clock is behind (certificates are used as soon as they are issued)",
    'zh-CN': '按本机时钟，该证书尚未生效：最可能是本机时钟慢了（证书签发后即投入使用）',
  } as L,
  tlsNotYetValidRemedy: {
    en: "Set this PC's date and time correctly (turn on automatic time sync), then check again; `posdoc device probe` shows the terminal's clock",
    'zh-CN': '校准本机日期时间（开启自动对时）后重新检测；终端时钟可用 `posdoc device probe` 查看',
  } as L,
  tlsHostname: {
    en: (names: string, host: string) => `certificate is for ${names}, not ${host}`,
    'zh-CN': (names: string, host: string) => `证书颁发给 ${names}，而不是 ${host}`,
  } as L<(names: string, host: string) => string>,
  tlsHostnameCause: {
    en: 'The certificate was issued for another name: a wrong host name is configured, or a proxy/redirect answers instead of the acquirer',
    'zh-CN': '证书颁发给了其他域名：配置的主机名有误，或代理/重定向替代收单主机作答',
  } as L,
  tlsHostnameRemedy: {
    en: 'Use the host name the acquirer documents (not an IP address or an alias); if it is right, report it to the acquirer',
    'zh-CN': '使用收单机构文档中的主机名（不要用 IP 或别名）；若主机名无误，请报告收单机构',
  } as L,
  tlsUntrusted: {
    en: (code: string, issuer: string) => `certificate not trusted: ${code} (issuer ${issuer})`,
    'zh-CN': (code: string, issuer: string) => `证书不受信任：${code}（签发者 ${issuer}）`,
  } as L<(code: string, issuer: string) => string>,
  tlsUntrustedCause: {
    en: 'The certificate does not lead to a CA this PC trusts: the acquirer uses its own CA, or a TLS-inspecting proxy in the shop replaces the certificate',
    'zh-CN': '证书链无法追溯到本机信任的 CA：收单机构使用自有 CA，或店内代理在检查 TLS 时替换了证书',
  } as L,
  tlsUntrustedRemedy: {
    en: "If the acquirer uses its own CA, run again with --ca FILE (the acquirer's CA certificate); otherwise look for a proxy/firewall that inspects TLS",
    'zh-CN': '若收单机构使用自有 CA，请加 --ca FILE（收单机构的 CA 证书）重新检测；否则检查是否有代理/防火墙在检查 TLS',
  } as L,
  tlsExpiresSoon: {en: (days: number) => `certificate expires in ${days} day(s)`, 'zh-CN': (days: number) => `证书将在 ${days} 天后过期`} as L<(days: number) => string>,
  tlsExpiresSoonCause: {en: "The host's certificate expires soon", 'zh-CN': '主机证书即将过期'} as L,
  tlsExpiresSoonRemedy: {en: 'Tell the acquirer; nothing to do in the shop', 'zh-CN': '告知收单机构；店内无需处理'} as L,
  tlsSlow: {en: (ms: number) => `handshake took ${ms} ms`, 'zh-CN': (ms: number) => `握手用时 ${ms} 毫秒`} as L<(ms: number) => string>,
  tlsSlowCause: {
    en: 'The host answers the handshake slowly: an overloaded host or a slow link; payments may time out',
    'zh-CN': '主机响应握手很慢：主机过载或线路慢；交易可能超时',
  } as L,
  tlsSlowRemedy: {
    en: 'Look at the quality result: if the link is fine, tell the acquirer about slow answers',
    'zh-CN': '参考连接质量结果：线路正常则告知收单机构主机响应慢',
  } as L,

  // ---- quality ----
  qualitySummary: {
    en: (q: QualityText) =>
      q.answered === 0
        ? `0/${q.attempted} answered, loss 100 %`
        : `${q.answered}/${q.attempted} answered, min ${q.minMs} / median ${q.medianMs} / p95 ${q.p95Ms} ms, jitter ${q.jitterMs} ms, loss ${q.lossPercent} %`,
    'zh-CN': (q: QualityText) =>
      q.answered === 0
        ? `${q.attempted} 次均无应答，丢失率 100%`
        : `${q.attempted} 次中 ${q.answered} 次成功，最小 ${q.minMs} / 中位 ${q.medianMs} / p95 ${q.p95Ms} 毫秒，抖动 ${q.jitterMs} 毫秒，丢失率 ${q.lossPercent}%`,
  } as L<(q: QualityText) => string>,
  qualityIncomplete: {
    en: (done: number, n: number) => ` (deadline reached after ${done} of ${n} probes)`,
    'zh-CN': (done: number, n: number) => `（截止时间到，仅完成 ${n} 次中的 ${done} 次）`,
  } as L<(done: number, n: number) => string>,
  qualityNone: {en: 'no probe finished before the deadline', 'zh-CN': '截止时间前未完成任何一次探测'} as L,
  qualityLossCause: {
    en: 'Some connection attempts fail: an unstable link (weak Wi-Fi or mobile signal, a faulty cable, an overloaded router) or an overloaded host',
    'zh-CN': '部分连接失败：线路不稳定（Wi-Fi 或移动信号弱、网线故障、路由器过载）或主机过载',
  } as L,
  qualityLossRemedy: {
    en: "Use a wired connection or move closer to the access point, restart the router; if the loss stays, call the internet provider. On an unstable link payment results can get lost: check the terminal's journal for in-doubt transactions",
    'zh-CN': '改用有线连接或靠近无线路由器，重启路由器；仍有丢失请联系宽带运营商。线路不稳时交易结果可能丢失：请在终端流水中核对状态不明的交易',
  } as L,
  qualitySlowCause: {
    en: 'Connections are slow or uneven (high latency or jitter): a busy or weak link',
    'zh-CN': '连接慢或不稳定（延迟或抖动大）：线路繁忙或信号弱',
  } as L,
  qualitySlowRemedy: {
    en: 'Stop large downloads or video streams on the shop network, use a wired connection, restart the router',
    'zh-CN': '停止店内网络上的大文件下载或视频，改用有线连接，重启路由器',
  } as L,

  // ---- terminal side ----
  terminalOk: {en: (detail: string) => `the terminal reached its host${detail}`, 'zh-CN': (detail: string) => `终端已连上收单主机${detail}`} as L<(detail: string) => string>,
  terminalFailCause: {
    en: 'The terminal cannot complete its own host test: its network connection (cable, Wi-Fi, SIM), its host settings, or the host',
    'zh-CN': '终端无法完成自身的主机连接测试：终端的网络（网线、Wi-Fi、SIM 卡）、主机参数或主机本身有问题',
  } as L,
  terminalUnreachable: {en: (why: string) => `cannot talk to the terminal: ${why}`, 'zh-CN': (why: string) => `无法与终端通讯：${why}`} as L<(why: string) => string>,
  terminalUnreachableCause: {
    en: 'posdoc cannot talk to the terminal itself, so its host connection could not be tested',
    'zh-CN': 'posdoc 无法与终端本身通讯，因此无法测试终端的主机连接',
  } as L,
  terminalUnreachableRemedy: {
    en: 'Check the cable or the IP address and port of the terminal; `posdoc device probe` gives details',
    'zh-CN': '检查终端的连线或 IP 地址和端口；`posdoc device probe` 可显示详情',
  } as L,
  terminalHung: {
    en: (ms: number) => `the terminal did not finish its host test within ${s(ms)}`,
    'zh-CN': (ms: number) => `终端在 ${s(ms)} 内未完成主机连接测试`,
  } as L<(ms: number) => string>,
  noHosts: {
    en: 'no acquirer host to test from this PC (give --host HOST:PORT or a profile with acquirer.hosts)',
    'zh-CN': '没有可从本机测试的收单主机（请用 --host HOST:PORT 或配置含 acquirer.hosts 的终端档案）',
  } as L,
}

export interface QualityText {
  attempted: number
  answered: number
  minMs: number
  medianMs: number
  p95Ms: number
  jitterMs: number
  lossPercent: number
}

export function humanDuration(sec: number, lang: 'en' | 'zh-CN'): string {
  const a = Math.abs(sec)
  const [n, en, zh] = a >= 86_400 ? [a / 86_400, 'day(s)', '天'] : a >= 3600 ? [a / 3600, 'hour(s)', '小时'] : a >= 60 ? [a / 60, 'minute(s)', '分钟'] : [a, 'second(s)', '秒']
  const v = Number.isInteger(n) ? String(n) : n.toFixed(1)
  return lang === 'en' ? `${v} ${en}` : `${v} ${zh}`
}

// ---- verdict ----

export const verdictText = {
  label: {en: 'Verdict', 'zh-CN': '结论'} as L,
  headline: {
    en: {
      none: 'network healthy: this PC reaches the acquirer host',
      'shop-network': 'fault in the shop network',
      'this-pc': 'the terminal reaches its host, this PC does not',
      terminal: 'PC reaches the host, terminal does not: terminal configuration or its own connection',
      'acquirer-host': 'the acquirer host is down or does not answer properly',
      certificate: "the host's certificate is not acceptable",
      clock: "the certificate is not valid yet: check this PC's clock",
      'host-name': 'the host name is wrong or unknown',
    },
    'zh-CN': {
      none: '网络正常：本机可以连上收单主机',
      'shop-network': '故障在店内网络',
      'this-pc': '终端能连上主机，本机连不上',
      terminal: '本机能连上主机，终端连不上：终端配置或终端自身网络问题',
      'acquirer-host': '收单主机宕机或没有正常响应',
      certificate: '主机证书有问题',
      clock: '证书尚未生效：请检查本机时钟',
      'host-name': '主机名错误或不存在',
    },
  } as L<Record<FaultLocation, string>>,
  healthyWithTerminal: {en: ', and so does the terminal', 'zh-CN': '，终端也可以'} as L,
  warnHeadline: {
    en: {
      none: 'network healthy',
      'shop-network': 'works, but the shop network is unstable or slow',
      'this-pc': 'works, but this PC has trouble reaching the host',
      terminal: 'works, but the terminal reports a problem',
      'acquirer-host': 'works, but the acquirer host answers slowly',
      certificate: "works, but the host's certificate needs attention",
      clock: "works, but check this PC's clock",
      'host-name': 'works, but check the host name',
    },
    'zh-CN': {
      none: '网络正常',
      'shop-network': '可用，但店内网络不稳定或较慢',
      'this-pc': '可用，但本机连接主机有困难',
      terminal: '可用，但终端报告了问题',
      'acquirer-host': '可用，但收单主机响应慢',
      certificate: '可用，但主机证书需要关注',
      clock: '可用，但请检查本机时钟',
      'host-name': '可用，但请核对主机名',
    },
  } as L<Record<FaultLocation, string>>,
  terminalOnlyChecked: {en: 'the terminal reaches its host', 'zh-CN': '终端能连上收单主机'} as L,
  unreachableTerminal: {en: 'the terminal itself cannot be reached from this PC', 'zh-CN': '本机无法连上终端本身'} as L,
  thisPcCause: {
    en: "The terminal completes its host test, so the host and the shop's uplink work; this PC's own path fails (its firewall, proxy or VPN, or a wrong host given to posdoc)",
    'zh-CN': '终端能完成主机测试，说明主机和店内出口正常；是本机自身的线路有问题（本机防火墙、代理或 VPN，或给 posdoc 的主机地址有误）',
  } as L,
  thisPcRemedy: {
    en: "Payments are not affected. Check this PC's firewall/proxy/VPN, and that --host matches the terminal's host configuration",
    'zh-CN': '收款不受影响。检查本机防火墙/代理/VPN，并确认 --host 与终端配置的主机一致',
  } as L,
  terminalCause: {
    en: "This PC reaches the acquirer host over the shop network, but the terminal's own host test fails: the terminal's connection (cable, Wi-Fi, SIM/APN) or its host settings are at fault",
    'zh-CN': '本机经店内网络能连上收单主机，但终端自身的主机测试失败：问题在终端的连接（网线、Wi-Fi、SIM/APN）或终端的主机参数',
  } as L,
  terminalRemedy: {
    en: "Check the terminal's network: cable / Wi-Fi / SIM signal, its IP settings; compare its host address and port with the acquirer's; restart the terminal; if it still fails, ask the acquirer or terminal service to check the terminal's parameters (TMS)",
    'zh-CN': '检查终端网络：网线/Wi-Fi/SIM 信号及其 IP 设置；核对终端的主机地址和端口与收单机构提供的一致；重启终端；仍失败请联系收单机构或终端服务商检查终端参数（TMS）',
  } as L,
  noHostsTerminalFail: {
    en: "the terminal's host test fails (no host was checked from this PC to compare)",
    'zh-CN': '终端的主机测试失败（本机未检测主机，无法对比）',
  } as L,
}

export type TcpOutcomeKey = TcpFailure | 'ok'

// ---- bad input (exit 2) ----

export const inputText = {
  badHost: {
    en: (v: string, why: string) => `invalid --host "${v}": ${why}`,
    'zh-CN': (v: string, why: string) => `--host "${v}" 无效：${why}`,
  } as L<(v: string, why: string) => string>,
  badProfileHost: {
    en: (v: string, file: string, why: string) => `invalid acquirer host "${v}" in ${file}: ${why}`,
    'zh-CN': (v: string, file: string, why: string) => `${file} 中的收单主机 "${v}" 无效：${why}`,
  } as L<(v: string, file: string, why: string) => string>,
  whyPort: {en: 'the port must be a number from 1 to 65535', 'zh-CN': '端口必须是 1 到 65535 之间的数字'} as L,
  whyFormat: {en: 'expected HOST:PORT, e.g. pos.acquirer.example:443 or [::1]:443', 'zh-CN': '格式应为 HOST:PORT，例如 pos.acquirer.example:443 或 [::1]:443'} as L,
  hostRemedy: {
    en: 'Give the host as HOST:PORT (port 443 when left out); IPv6 as [address]:port',
    'zh-CN': '主机格式为 HOST:PORT（省略端口时为 443）；IPv6 写作 [地址]:端口',
  } as L,
  badDnsServer: {
    en: (v: string) => `invalid --dns-server "${v}": expected an IP address, optionally with :PORT`,
    'zh-CN': (v: string) => `--dns-server "${v}" 无效：应为 IP 地址，可带 :端口`,
  } as L<(v: string) => string>,
  dnsServerRemedy: {en: 'e.g. --dns-server 192.168.1.1 or --dns-server 127.0.0.1:5353', 'zh-CN': '例如 --dns-server 192.168.1.1 或 --dns-server 127.0.0.1:5353'} as L,
  badTimeout: {
    en: (v: string) => `invalid --timeout "${v}": seconds from 0.5 to 600`,
    'zh-CN': (v: string) => `--timeout "${v}" 无效：应为 0.5 到 600 之间的秒数`,
  } as L<(v: string) => string>,
  timeoutRemedy: {en: 'e.g. --timeout 10 (the default) or --timeout 2.5', 'zh-CN': '例如 --timeout 10（默认）或 --timeout 2.5'} as L,
  caUnreadable: {
    en: (f: string, why: string) => `cannot read CA file ${f}: ${why}`,
    'zh-CN': (f: string, why: string) => `无法读取 CA 文件 ${f}：${why}`,
  } as L<(f: string, why: string) => string>,
  caNotPem: {
    en: (f: string) => `${f} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
    'zh-CN': (f: string) => `${f} 中没有 PEM 格式证书（-----BEGIN CERTIFICATE-----）`,
  } as L<(f: string) => string>,
  caRemedy: {
    en: "Give the acquirer's CA certificate as a PEM file (the simulator prints its path as acquirer.caFile)",
    'zh-CN': '请提供 PEM 格式的收单机构 CA 证书文件（模拟器会输出其路径 acquirer.caFile）',
  } as L,
  noTarget: {
    en: 'nothing to check: no acquirer host and no terminal given',
    'zh-CN': '没有检测对象：未指定收单主机，也未指定终端',
  } as L,
  noTargetRemedy: {
    en: 'Use --host HOST:PORT, --terminal NAME (a profile with acquirer.hosts, see docs/network.md), a terminal (--tcp / --serial), or --demo',
    'zh-CN': '使用 --host HOST:PORT、--terminal NAME（含 acquirer.hosts 的档案，见 docs/network.md）、终端参数（--tcp / --serial），或 --demo',
  } as L,
  acquirerScenarioNeedsDemo: {
    en: '--acquirer-scenario only works with --demo',
    'zh-CN': '--acquirer-scenario 只能与 --demo 一起使用',
  } as L,
  badAcquirerScenario: {
    en: (v: string, known: string) => `unknown acquirer scenario "${v}" (known: ${known})`,
    'zh-CN': (v: string, known: string) => `未知的收单主机场景 "${v}"（可选：${known}）`,
  } as L<(v: string, known: string) => string>,
  acquirerScenarioRemedy: {en: 'See `posdoc sim --help` for the acquirer scenarios', 'zh-CN': '收单主机场景见 `posdoc sim --help`'} as L,
}
