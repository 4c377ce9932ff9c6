import {describe, expect, it} from 'vitest'

import {repoRoot} from '../helpers/cli.js'
import {hasTmux, TmuxSession} from '../helpers/tmux.js'

describe.skipIf(!hasTmux())('on a real terminal (tmux)', () => {
  it('device probe shows progress on stderr and the check list, in Chinese', async () => {
    const s = new TmuxSession('node bin/run.js device probe --demo --scenario paper-out --lang zh-CN', {cwd: repoRoot})
    try {
      const {code, screen} = await s.exit()
      expect(code).toBe(1)
      expect(screen).toMatch(/✘ 打印机/)
      expect(screen).toMatch(/结论：发现问题/)
    } finally {
      s.kill()
    }
  })
})
