/** Every situation of the verdict corpus that the demo can play, through the real CLI, in Chinese. */
import {corpusThroughCli} from './corpus-cli.js'

corpusThroughCli(true, ['zh-CN'])
