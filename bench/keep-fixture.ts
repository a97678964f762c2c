import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFixture } from './fixture/index.js';
import { SIZES, type SizeName } from './lib/sizes.js';

const size = SIZES[(process.argv[2] ?? 'small') as SizeName];
const fx = await buildFixture(size, await mkdtemp(join(tmpdir(), 'imagebump-fx-')), { rateLimited: false, workdirIn: process.argv[3] });
console.log(JSON.stringify({ config: fx.configPath, remote: fx.remoteDir, initial: fx.initialCommit, checkout: fx.checkoutDir }));
process.on('SIGTERM', () => void fx.stop().then(() => process.exit(0)));
setInterval(() => undefined, 1 << 30);
