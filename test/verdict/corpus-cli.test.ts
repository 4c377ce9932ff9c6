/** The quick part of the verdict corpus through the real CLI (the rest: corpus-cli.long.test.ts). */
import {corpusThroughCli} from './corpus-cli.js'

corpusThroughCli(false)
