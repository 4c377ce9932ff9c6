// ZVT card-type IDs: BMP 8A (one byte, 1..254; FF = "see TLV 41") and TLV tag 41 (may exceed 255).
// Facts from PA00P015 §12 as listed by Portalum.Zvt (Parsers/BmpParser.cs); table layout ours.
// Unassigned / RFU numbers are left out, so cardTypeName() returns undefined for them.

/** ID in BMP 8A that means "the real card type is in TLV tag 41". */
export const CARD_TYPE_SEE_TLV41 = 0xff

const NAMES: ReadonlyArray<readonly [number, string]> = [
  [1, 'DouglasCard'], [2, 'ec-card (obsolete)'], [3, 'Miles&More'], [5, 'girocard'], [6, 'Mastercard'],
  [7, 'EAPS'], [8, 'American Express'], [9, 'Debit advice (track 2 or EMV chip, e.g. EuroELV)'], [10, 'Visa'],
  [11, 'Visa Electron'], [12, 'Diners'], [13, 'V PAY'], [14, 'JCB'], [15, 'REKA Card'], [16, 'Esso fleet card'],
  [17, 'Happiness Cards'], [18, 'DKV/SVG'], [19, 'Transact gift card'], [20, 'Shell fleet card'], [21, 'Payeasy'],
  [22, 'DEA'], [23, 'boncard POINTS'], [24, 'Leaseplan'], [25, 'boncard PAY'], [26, 'OK'], [27, 'Klarmobil'],
  [28, 'UTA'], [29, 'Mobile World'], [30, 'GeldKarte'], [31, 'Ukash'], [32, 'Hessol'], [33, 'Wallie'],
  [34, 'Lomo'], [35, 'MyOne'], [36, 'Woehrl'], [37, 'Douglas group gift card'], [38, 'Breuninger'],
  [39, 'ABO Card'], [40, 'BSW'], [41, 'BonusCard'], [42, 'Comfort Card'], [43, 'CCC Commit Card'],
  [44, 'YESSS'], [45, 'DataStandards (DAS)'], [46, 'Maestro'], [47, 'GiftCard'], [48, 'Easycard'],
  [49, 'Jelmoli Card'], [50, 'CitiShopping'], [51, 'J gift card'], [52, 'EuroReal (TeleCash)'], [53, 'Jubin'],
  [54, 'Hertie'], [55, 'ManorCard'], [56, 'Goertz'], [57, 'Power Card'], [58, 'Lafayette'], [59, 'Supercard plus'],
  [60, 'Heinemann'], [61, 'SwissBonus Card'], [62, 'Harley Davidson'], [63, 'SwissCadeau'], [64, 'Shopping Plus'],
  [65, 'Tetora'], [66, 'Family Dent Card'], [67, 'WIRcard'], [68, 'Karstadt Club'], [69, 'PostFinance Card'],
  [70, 'Hagebau Partner Card'], [71, 'Lebara'], [72, 'Lycamobile'], [73, 'GT Mobile'], [74, 'HP'],
  [75, 'epay gift card'], [76, 'IKEA Family Plus'], [77, 'Karstadt Bonus Card'], [78, 'Koch Card Plus'],
  [79, 'Yapital'], [80, 'XTRA Card'], [81, 'Pay-At-Match'], [82, 'Optimus'], [83, 'Lunch-Check Card'],
  [84, 'VW Club'], [85, 'Tankstellen-Netz-Deutschland'], [86, 'Scandlines'], [87, 'Bancontact'],
  [88, 'Cast customer card (payment)'], [89, 'PAYBACK PAY'], [90, 'Cast customer card (bonus)'], [91, 'ValueMaster'],
  [92, 'ECMcard'], [93, 'Orlen fleet card'], [94, 'Solitair Card'], [95, 'Orlen Star-Card'], [96, 'Blauworld'],
  [97, 'Alipay'], [98, 'REA gift and bonus card'], [99, 'Roth'], [100, 'Roth TP'], [101, 'EuroWAG'],
  [102, 'Porsche card'], [103, 'ARBÖ card'], [104, 'ÖAMTC card'], [105, 'Netto app'], [106, 'GroupCard'],
  [107, 'Alipay (@POS model 2)'], [108, 'Cheque Dejeuner / UP Slovensko'], [109, 'Callio Gastro'], [110, 'DOXX'],
  [111, 'Instant Payment'], [112, 'AVIA prepaid card'], [113, 'E100 fuel card'], [114, 'MyCard HEM'],
  [115, 'Vamed Vitality World gift card'], [116, 'HoyerCard.Europe'], [117, 'VARO/ept Card'], [118, 'Salamantex'],
  [127, 'AirPlus'], [137, 'Hornbach Profi'], [138, 'Hornbach Projektwelt'], [142, 'Weat fleet card'],
  [144, 'GDB fleet card'], [146, 'DKV Card'], [148, 'Conoco/Jet fleet card'], [149, 'Gulf card'],
  [150, 'Eurotrafic fleet card'], [152, 'Westfalen fleet card'], [154, 'Elf fleet card'], [155, 'Präsentcard'],
  [156, 'Agip fleet card'], [157, 'Hornbach gift card'], [158, 'Total fleet card'], [160, 'AVIA'],
  [162, 'BFT fleet card'], [164, 'Routex fleet card'], [166, 'PAN-Diesel fleet card'], [176, 'BayWa'],
  [177, 'GAZ card / Roadrunner card'], [178, 'Go-Card'], [179, 'XNet-Card'], [180, 'paysafecard blue'],
  [181, 'paysafecard red'], [182, 'Tele 2'], [183, 'Sunrise'], [184, 'Sorena ZED'], [185, 'Quam now-card'],
  [186, 'Mox Universal'], [187, 'Mox Calling Card'], [188, 'Loop Card'], [189, 'Go Bananas'],
  [190, 'Free & Easy card'], [191, 'CallYa card'], [192, 'VCS-DAFA'], [193, 'Caravaning-Card'],
  [194, 'AirPlus Cargo'], [195, 'HEM card'], [196, 'Dankort'], [197, 'Visa/Dankort'], [198, 'UnionPay (CUP)'],
  [199, 'Mango card'], [200, 'Payback payment card'], [201, 'Lunch Card'], [202, 'Payback (no payment function)'],
  [203, 'Micromoney'], [204, 'T-Card'], [205, 'Blau'], [206, 'BILDmobil'], [207, 'congstar'],
  [208, 'C3 Bestminutes'], [209, 'C3 Bestcard'], [210, 'C3 Callingcard'], [211, 'EDEKAmobil'], [212, 'XTRA-PIN'],
  [213, 'Klimacard'], [214, 'ICP International Fleet Card'], [215, 'ICP gift card'], [216, 'ICP bonus card'],
  [217, 'Austria Card'], [218, 'ConCardis gift card'], [219, 'TeleCash gift card'],
  [220, 'Shell private-label credit card'], [221, 'ADAC'], [222, 'Shell ClubSmart'], [223, 'Shell prepaid card'],
  [224, 'Shell Mastercard'], [225, 'bauMax payment card'], [226, 'Fiat-Lancia-Alfa service card'],
  [227, 'Nissan card'], [228, 'ÖBB Vorteilskarte'], [229, 'Österreich Ticket'], [230, 'Shopin card'],
  [231, 'Tlapa card'], [232, 'Discover'], [233, 'f+f card (frei & flott)'], [234, 'Syrcon'],
  [235, 'Citybike Card'], [238, 'IKEA FAMILY payment card'], [239, 'Ikano Shopping Card'],
  [240, 'Intercard gift card'], [241, 'Intercard customer card'], [242, 'M&M gift card'], [243, 'Montrada card'],
  [244, 'CP customer card'], [245, 'Amex Membership Rewards'], [246, 'FONIC'], [247, 'OTELO DE'], [248, 'SIMYO'],
  [249, 'Schlecker Smobil'], [250, 'Schlecker extra products'], [251, 'CHRIST gift card'], [252, 'IQ-Card'],
  [253, 'AVS gift card (Pontos)'], [254, 'Novofleet Card'], [255, 'see TLV tag 41'],
  // TLV 41 only (above one byte)
  [256, 'MIFARE NFC card'], [257, 'myCard4u'], [258, 'Ratenkauf (instalments)'], [259, 'AVIA prepaid'],
  [260, 'Bluecode'], [261, 'WeChat Pay'],
]

export const CARD_TYPES: ReadonlyMap<number, string> = new Map(NAMES)

/** Names a Chinese-speaking merchant knows better; others (girocard, V PAY, ...) stay as brand names. */
const ZH: ReadonlyMap<number, string> = new Map([
  [5, 'girocard(德国借记卡)'], [6, '万事达卡(Mastercard)'], [8, '美国运通(American Express)'], [10, 'Visa 卡'],
  [11, 'Visa Electron 借记卡'], [12, '大来卡(Diners)'], [14, 'JCB 卡'], [30, 'GeldKarte 电子钱包'],
  [46, 'Maestro 借记卡'], [97, '支付宝(Alipay)'], [107, '支付宝(Alipay)'], [198, '银联卡(UnionPay)'],
  [232, '发现卡(Discover)'], [255, '见 TLV 标签 41'], [261, '微信支付(WeChat Pay)'],
])

/** Card-type name for a BMP 8A / TLV 41 ID, or undefined when the ID is unassigned or unknown to us. */
export function cardTypeName(id: number, lang: 'en' | 'zh' = 'en'): string | undefined {
  if (lang === 'zh') return ZH.get(id) ?? CARD_TYPES.get(id)
  return CARD_TYPES.get(id)
}
