/**
 * Terminal profiles (`posdoc sim --profile NAME`): how real PTs differ where the spec lets them,
 * so the client is tried against more than one reading of it. A profile is behaviour that stays;
 * a scenario (scenarios.ts) is a fault.
 */

export const PROFILES = ['standard', 'password-any', 'card-complete', 'terse', 'hang-up'] as const
export type ProfileName = (typeof PROFILES)[number]

export interface SimProfile {
  /** the PT checks the ECR password (some PTs do not) */
  checkPassword: boolean
  /** 05 01 completion carries the LLLVAR SW version unless the ECR's service byte bit 1 asks not to */
  swVersionInStatus: boolean
  /** card complete "Smart Terminal" style: 04 FF always (with a T4 and TLV 24 texts), 06 D1 lines with the 1F07 receipt-type TLV tail [CC §3.2] */
  cardComplete: boolean
  /** TCP: the PT closes the connection after each transaction (the ECR reconnects, PA00P016 §5.2.5) */
  hangUpAfterTransaction: boolean
  /** TCP: a second cash register while one is connected is refused (closed at once) or served between the first one's transactions (84 A0 00 during one) */
  secondConnection: 'refuse' | 'in-turn'
}

const STANDARD: SimProfile = {checkPassword: true, swVersionInStatus: true, cardComplete: false, hangUpAfterTransaction: false, secondConnection: 'in-turn'}

export const SIM_PROFILES: Readonly<Record<ProfileName, SimProfile>> = {
  standard: STANDARD,
  'password-any': {...STANDARD, checkPassword: false},
  'card-complete': {...STANDARD, cardComplete: true, secondConnection: 'refuse'},
  terse: {...STANDARD, swVersionInStatus: false},
  'hang-up': {...STANDARD, hangUpAfterTransaction: true},
}

export const PROFILE_DESCRIPTIONS: Record<ProfileName, string> = {
  standard: 'checks the password, reports its software version, keeps the TCP connection; a second cash register is served between the first one\'s transactions',
  'password-any': 'accepts any ECR password (some terminals do not check it)',
  'card-complete': 'card complete style: 04 FF with a T4 and TLV 24 display texts even unasked, 06 D1 lines with a receipt-type TLV tail; a second cash register is refused',
  terse: 'no software version in the Status-Enquiry completion',
  'hang-up': 'closes the TCP connection after every transaction; the cash register connects again for the next one',
}

export function isProfileName(s: string): s is ProfileName {
  return (PROFILES as readonly string[]).includes(s)
}
