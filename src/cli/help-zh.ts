/**
 * `--help` in Chinese for the commands a merchant runs (zh-CN from --lang, POSDOC_LANG or LANG).
 * Support agents' commands keep oclif's English help; the exit codes are bilingual everywhere.
 */
export const ZH_HELP: Record<string, string> = {
  diagnose: `引导式诊断：选择遇到的问题，posdoc 进行检查并生成案例报告

用法
  $ posdoc diagnose [--demo] [--symptom 问题] [--answers 回答.json] [--yes] [--json] [--lang zh-CN|en]

说明
  用商户自己的话询问遇到了什么问题，只问无法测量的内容（金额、大致时间、小票上的凭证号），
  运行相应的检查（终端、网络、终端流水、补打、撤销、对账），每一步都记录在案例中，
  最后给出结论并生成报告（Markdown、JSON、HTML）。
  终端没有连接本电脑时，选择“终端没有连接本电脑”：posdoc 会请您查看终端上的信息，并据此判断。
  结论状态：resolved 已解决、merchant-action 需商户处理、acquirer-action 需收单机构处理、
  wait 请等待、in-doubt 结果未知、inconclusive 无法确定（详见 docs/verdict.md）。

参数
  --demo                 使用内置的终端模拟器（无需硬件）
  --scenario=场景        与 --demo 一起使用：模拟器的故障场景（见 posdoc sim --help）
  --tcp=地址[:端口]      网络终端（默认端口 20007）
  --serial=串口          串口终端，例如 /dev/ttyUSB0 或 COM3
  --terminal=配置名      配置文件中的终端
  --baud=速率|auto       串口波特率：9600（默认）、19200、38400、57600、115200，或 auto 自动识别
  --password=密码        终端的 ZVT 密码（6 位数字，默认 000000）
  --acquirer-scenario=场景  与 --demo 一起使用：模拟收单主机的故障场景
  --symptom=问题         跳过第一个问题：credit-info-lost（到账信息丢失）、scan-no-notice（扫码无到账提示）、
                         paid-not-credited（交易成功但未到账）、receipt-unusable（补打小票）、
                         void-failed（撤销失败）、terminal-offline（终端无法联网）、other（其他）
  --answers=文件         按问题 id 给出回答的 JSON 文件（不再提问），例如 {"receipt": "000083", "amount": "25.80"}；
                         "terminal": "none" 表示终端没有连接本电脑
  --case=案例编号        继续一个案例（编号、唯一前缀或 latest），沿用其已有的回答、终端和语言
  --settlement=文件      收单机构的结算文件（CSV），用于核对该笔交易
  --yes                  允许动用资金的步骤（撤销）不再询问
  --json                 只输出一个 JSON 结果
  --lang=zh-CN|en        显示语言

示例
  $ posdoc diagnose --demo
  $ posdoc diagnose --demo --symptom void-failed --answers 回答.json --yes --json
  $ posdoc diagnose --case latest
`,
}
