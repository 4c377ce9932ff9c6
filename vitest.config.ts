import {configDefaults, defineConfig} from 'vitest/config'

// Two suites. `npm test`: unit and integration tests (minutes). `npm run test:long`
// (POSDOC_TEST_SUITE=long): fuzzing, soaks and the 2 GB streaming test. A file joins the long
// suite by its place: test/soak/, a `.long.test.ts` name, or the list below.
export const LONG_SUITE = ['test/soak/**/*.test.ts', 'test/**/*.long.test.ts', 'test/protocol/fuzz.test.ts']
const long = process.env.POSDOC_TEST_SUITE === 'long'

export default defineConfig({
  test: {
    include: long ? LONG_SUITE : ['test/**/*.test.ts'],
    exclude: long ? configDefaults.exclude : [...configDefaults.exclude, ...LONG_SUITE],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // integration tests spawn the CLI and socat; two cores, keep parallelism modest
    maxWorkers: 2,
  },
})
