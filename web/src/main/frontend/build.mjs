// Bundles the agent and supervisor pages' scripts (and the libraries they import from
// node_modules: the twilio-taskrouter SDK, uPlot) into the directory given as the first argument,
// which the web module's build adds to the WAR. Run by exec-maven-plugin after `npm ci`.
import { build } from 'esbuild';
import path from 'node:path';

const outdir = path.resolve(process.argv[2] ?? '../../../target/frontend');

await build({
  entryPoints: {
    'agent/agent': 'src/agent/main.js',
    'supervisor/supervisor': 'src/supervisor/main.js',
  },
  outdir,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  logLevel: 'info',
});
