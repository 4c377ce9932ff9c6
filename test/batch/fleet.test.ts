import {mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {readFleet} from '../../src/batch/fleet.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-fleet-'))
let n = 0
function fleetFile(text: string): string {
  const f = path.join(dir, `fleet-${n++}.csv`)
  writeFileSync(f, text)
  return f
}

describe('readFleet: duplicate addresses', () => {
  it('reports each row whose terminal an earlier row already has, naming the first row, and keeps one entry', () => {
    const f = fleetFile(
      [
        'name,tcp,serial,host',
        'till-1,10.0.0.7:20007,,',
        'till-2,10.0.0.8,,',
        'till-1-again,10.0.0.7,,', // default port 20007: the same terminal as line 2
        'kiosk,,/dev/ttyUSB0,',
        'kiosk-copy,,/dev/ttyUSB0,',
        'till-1-upper,TILL.example:20007,,',
        'till-1-lower,till.example,,',
      ].join('\n'),
    )
    const {entries, errors, duplicates} = readFleet(f)
    expect(entries.map((e) => e.name)).toEqual(['till-1', 'till-2', 'kiosk', 'till-1-upper'])
    expect(errors).toEqual([])
    expect(duplicates).toEqual([
      {line: 4, name: 'till-1-again', address: 'tcp 10.0.0.7:20007', firstLine: 2, firstName: 'till-1'},
      {line: 6, name: 'kiosk-copy', address: 'serial /dev/ttyUSB0', firstLine: 5, firstName: 'kiosk'},
      {line: 8, name: 'till-1-lower', address: 'tcp till.example:20007', firstLine: 7, firstName: 'till-1-upper'},
    ])
  })

  it('a second row with the same name but another address is still a row error', () => {
    const {entries, errors} = readFleet(fleetFile('name,tcp\na,10.0.0.1\na,10.0.0.2\n'))
    expect(entries).toHaveLength(1)
    expect(errors).toEqual([{line: 3, name: 'a', reason: 'duplicate name "a"'}])
  })

  it('rows with a bad terminal address or acquirer host are row errors with their line, the rest are kept', () => {
    const {entries, errors, hasHostColumn} = readFleet(fleetFile('name,tcp,host\na,10.0.0.1:99999,\nb,10.0.0.2,acq.example:0\nc,10.0.0.3,acq.example;[::1]:8443\n'))
    expect(hasHostColumn).toBe(true)
    expect(entries.map((e) => [e.name, e.hosts])).toEqual([['c', ['acq.example', '[::1]:8443']]])
    expect(errors.map((e) => e.line)).toEqual([2, 3])
    expect(errors[1]!.reason).toMatch(/invalid acquirer host "acq.example:0"/)
  })

  it('knows whether the file has a host column', () => {
    expect(readFleet(fleetFile('name,tcp\na,10.0.0.1\n')).hasHostColumn).toBe(false)
  })
})
