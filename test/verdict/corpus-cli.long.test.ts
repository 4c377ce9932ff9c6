/** Every situation of the verdict corpus that the demo can play, through the real CLI, in English (Chinese: corpus-cli-zh.long.test.ts, so the two run side by side). */
import {corpusThroughCli} from './corpus-cli.js'

corpusThroughCli(true, ['en'])
