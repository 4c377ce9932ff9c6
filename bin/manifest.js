#!/usr/bin/env node
// Build step after tsc: writes oclif.manifest.json (so `posdoc <command>` loads only that
// command's module instead of importing every command to find it) and dist/root-help.txt (the
// root help, served by bin/run.js without loading oclif). Regenerated on every build so a new
// command is never hidden by a stale manifest.
import {Config, Plugin, loadHelpClass} from '@oclif/core'
import {writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const plugin = new Plugin({root, type: 'core', isRoot: true, ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true})
await plugin.load()
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), JSON.stringify(plugin.manifest, null, 2) + '\n')

const config = await Config.load(root)
const Help = await loadHelpClass(config)
let text = ''
const help = new Help(config, {stripAnsi: true})
help.log = (...args) => {
  text += args.join(' ') + '\n'
}
await help.showHelp([])
writeFileSync(new URL('../dist/root-help.txt', import.meta.url), text)
console.error(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands; dist/root-help.txt written`)
